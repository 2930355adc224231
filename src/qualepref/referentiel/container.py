"""The référentiel and a préfecture's definitions, as typed, ordered, searchable values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

import attrs

from qualepref.errors import QualeprefError
from qualepref.formulas import Formula
from qualepref.referentiel.grid_settings import GridSettings
from qualepref.referentiel.issues import DefinitionIssue
from qualepref.referentiel.models import (
    Counter,
    Engagement,
    IndicatorDefinition,
    Module,
    PosterTable,
    Prefecture,
    Requirement,
)
from qualepref.referentiel.obligation_settings import ObligationSettings
from qualepref.referentiel.plan_settings import PlanSettings
from qualepref.referentiel.tracking_settings import TrackingSettings
from qualepref.referentiel.training_settings import TrainingSettings

__all__ = ["Definitions", "NotInReferentielError", "Referentiel"]


class NotInReferentielError(QualeprefError, KeyError):
    """A module, engagement, indicator or counter that the référentiel does not have."""

    def __str__(self) -> str:
        return str(self.args[0])


_T = TypeVar("_T")


def _index(items: tuple[_T, ...], key: str) -> dict[object, _T]:
    found: dict[object, _T] = {}
    for item in items:
        found.setdefault(getattr(item, key), item)
    return found


def _find(index: Mapping[object, _T], key: object, what: str) -> _T:
    """``index[key]``, or an error that names what is missing and lists what is known."""
    try:
        return index[key]
    except KeyError:
        listed = ", ".join(str(k) for k in list(index)[:12])
        more = "…" if len(index) > 12 else ""
        msg = f"{what} inconnu : {key!r} (connus : {listed}{more})"
        raise NotInReferentielError(msg) from None


@attrs.frozen(repr=False)
class Referentiel:
    """Modules, engagements, pilotage requirements, counters and indicators, in order.

    Build one with :func:`~qualepref.load_referentiel` (the shipped catalogue) or
    :func:`~qualepref.load_definitions` (catalogue plus a préfecture's file).

    Examples:
        >>> from qualepref import load_referentiel
        >>> ref = load_referentiel()
        >>> ref.engagement(17).module, ref.engagement(17).theme
        (1, 'Courriers et courriels')
        >>> [m.number for m in ref.modules]
        [1, 2, 3, 4, 5, 6, 7]
    """

    modules: tuple[Module, ...] = ()
    """Modules, by number."""
    engagements: tuple[Engagement, ...] = ()
    """Engagements, by number."""
    requirements: tuple[Requirement, ...] = ()
    """Pilotage requirements, in the référentiel's order."""
    counters: tuple[Counter, ...] = ()
    """Counters formulas read."""
    indicators: tuple[IndicatorDefinition, ...] = ()
    """Indicators, by module and engagement; pilotage last."""
    _by_module: dict[object, Module] = attrs.field(init=False, eq=False)
    _by_engagement: dict[object, Engagement] = attrs.field(init=False, eq=False)
    _by_requirement: dict[object, Requirement] = attrs.field(init=False, eq=False)
    _by_counter: dict[object, Counter] = attrs.field(init=False, eq=False)
    _by_indicator: dict[object, IndicatorDefinition] = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_module", _index(self.modules, "number"))
        object.__setattr__(self, "_by_engagement", _index(self.engagements, "number"))
        object.__setattr__(self, "_by_requirement", _index(self.requirements, "id"))
        object.__setattr__(self, "_by_counter", _index(self.counters, "id"))
        object.__setattr__(self, "_by_indicator", _index(self.indicators, "id"))

    def __repr__(self) -> str:
        return (
            f"<Referentiel: {len(self.modules)} modules, {len(self.engagements)} engagements, "
            f"{len(self.indicators)} indicateurs, {len(self.counters)} compteurs>"
        )

    def module(self, number: int) -> Module:
        """The module numbered ``number``.

        Examples:
            >>> from qualepref import load_referentiel
            >>> load_referentiel().module(1).mandatory
            True
        """
        return _find(self._by_module, number, "module")

    def engagement(self, number: int) -> Engagement:
        """The engagement numbered ``number``.

        Examples:
            >>> from qualepref import load_referentiel
            >>> load_referentiel().engagement(33).module
            3
        """
        return _find(self._by_engagement, number, "engagement")

    def requirement(self, requirement_id: str) -> Requirement:
        """The pilotage requirement ``requirement_id``.

        Examples:
            >>> from qualepref import load_referentiel
            >>> load_referentiel().requirement("copil").code
            'IV-1'
        """
        return _find(self._by_requirement, requirement_id, "exigence de pilotage")

    def counter(self, counter_id: str) -> Counter:
        """The counter ``counter_id``.

        Examples:
            >>> from qualepref import load_referentiel
            >>> load_referentiel().counter("habitants").kind.value
            'stock'
        """
        return _find(self._by_counter, counter_id, "compteur")

    def counters_read_by(self, indicator: IndicatorDefinition) -> frozenset[str]:
        """The counters ``indicator``'s formula reads: its components (not other indicators).

        Examples:
            >>> from qualepref import load_referentiel
            >>> ref = load_referentiel()
            >>> sorted(ref.counters_read_by(ref.indicator("appels_aboutis")))
            ['appels_perdus', 'appels_recus']
        """
        return frozenset(name for name in indicator.compiled.names if name in self._by_counter)

    def indicator(self, indicator_id: str) -> IndicatorDefinition:
        """The indicator ``indicator_id``.

        Examples:
            >>> from qualepref import load_referentiel
            >>> load_referentiel().indicator("appels_aboutis").target
            0.9
        """
        return _find(self._by_indicator, indicator_id, "indicateur")


@attrs.frozen(repr=False)
class Definitions:
    """A préfecture's definitions: its perimeter, its indicators and their cibles.

    ``indicators`` are those in scope (modules of the perimeter, pilotage, and the
    préfecture's own), with its cibles applied, in the référentiel's order;
    ``referentiel`` is the whole catalogue with the file's additions.

    Examples:
        >>> from qualepref import parse_definitions
        >>> defs = parse_definitions('''
        ... [perimeter]
        ... modules = [1, 4]
        ... [targets]
        ... courriels_info_5j = 0.9
        ... ''')
        >>> defs.indicator("courriels_info_5j").target, defs.perimeter
        (0.9, (1, 4))
        >>> any(i.module == 2 for i in defs.indicators)
        False
    """

    referentiel: Referentiel
    """The catalogue with the file's modules, engagements, counters and indicators added."""
    perimeter: tuple[int, ...]
    """The modules the préfecture is labelled for."""
    indicators: tuple[IndicatorDefinition, ...]
    """The indicators in scope, cibles applied, in the référentiel's order."""
    prefecture: Prefecture | None = None
    """Who the file belongs to."""
    targets_by_year: Mapping[str, Mapping[int, float]] = attrs.field(factory=dict)
    """Cibles set for given years, by indicator id."""
    warnings: tuple[DefinitionIssue, ...] = ()
    """Problems that do not make the file invalid."""
    source: str | None = None
    """The file read, when there is one."""
    tracking: TrackingSettings | None = None
    """The ``[tracking]`` table merged onto the shipped tracking settings, if the file has one."""
    plan: PlanSettings | None = None
    """The ``[plan]`` table merged onto the shipped plan settings, if the file has one."""
    training: TrainingSettings | None = None
    """The ``[training]`` table merged onto the shipped settings, if the file has one."""
    survey: GridSettings | None = None
    """The ``[survey]`` questions with the shipped scales, if the file has the table."""
    mystery: GridSettings | None = None
    """The ``[mystery]`` criteria with the shipped scales, if the file has the table."""
    obligations: ObligationSettings | None = None
    """The échéancier's rules changed by ``[obligations]``, if the file has the table."""
    poster: PosterTable | None = None
    """The ``[affiche]`` table, if the file has one."""
    _by_indicator: dict[object, IndicatorDefinition] = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_indicator", _index(self.indicators, "id"))

    def __repr__(self) -> str:
        who = f" {self.source}" if self.source else ""
        return (
            f"<Definitions{who}: modules {list(self.perimeter)}, "
            f"{len(self.indicators)} indicateurs>"
        )

    def indicator(self, indicator_id: str) -> IndicatorDefinition:
        r"""The indicator ``indicator_id`` as this préfecture defines it (in scope only).

        Examples:
            >>> from qualepref import parse_definitions
            >>> parse_definitions("[perimeter]\nmodules = [1]").indicator("copil").requirement
            'copil'
        """
        return _find(self._by_indicator, indicator_id, "indicateur du périmètre")

    def rate_counters(self, indicator_id: str) -> tuple[str, str]:
        r"""The counters a rate indicator divides: its formula is ``numerator / denominator``.

        What a count of answers or calls fills: the satisfied, then all who answered.

        Raises:
            NotInReferentielError: no such indicator in scope, or not such a rate (a
                per-mille, a difference, a sum over the denominator…).

        Examples:
            >>> from qualepref import parse_definitions
            >>> defs = parse_definitions("[perimeter]\nmodules = [1]")
            >>> defs.rate_counters("pan_satisfaction")
            ('pan_satisfaits', 'pan_repondants')
            >>> defs.rate_counters("copil")
            Traceback (most recent call last):
            ...
            qualepref.referentiel.container.NotInReferentielError: l'indicateur copil n'est pas
            un taux compteur ÷ compteur (formule « copil_reunions ») : ...
        """
        indicator = self.indicator(indicator_id)
        parts = Formula.parse(indicator.formula).as_ratio()
        names = [sorted(part.names) for part in parts[:2]] if parts is not None else []
        if parts is None or parts[2] != 1 or any(len(found) != 1 for found in names):
            msg = (
                f"l'indicateur {indicator_id} n'est pas un taux compteur ÷ compteur (formule "
                f"« {indicator.formula} ») : un décompte de réponses ne peut pas le remplir"
            )
            raise NotInReferentielError(msg)
        return names[0][0], names[1][0]

    def target(self, indicator_id: str, year: int | None = None) -> float | None:
        """The cible of ``indicator_id`` in ``year``.

        A cible set for a year holds for the following years until another is set;
        before the first such year, and when ``year`` is ``None``, the indicator's own
        cible applies.

        Examples:
            >>> from qualepref import parse_definitions
            >>> defs = parse_definitions('''
            ... [perimeter]
            ... modules = [1]
            ... [targets]
            ... courriels_info_5j = { 2022 = 0.9, 2023 = 1.0 }
            ... ''')
            >>> [defs.target("courriels_info_5j", year) for year in (2022, 2023, 2030)]
            [0.9, 1.0, 1.0]
        """
        indicator = self.indicator(indicator_id)
        by_year = self.targets_by_year.get(indicator_id, {})
        if year is not None:
            known = [y for y in by_year if y <= year]
            if known:
                return by_year[max(known)]
        return indicator.target
