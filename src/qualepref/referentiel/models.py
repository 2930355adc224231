"""The référentiel's vocabulary as validated models: modules, engagements, indicators.

These pydantic models are the boundary: the shipped catalogue and every préfecture's
definitions file are read into them, and the JSON Schema of the file format is generated
from them. Their attribute names are the file's keys (``Module.number``,
``IndicatorDefinition.deadline``…). They check each entry on its own (types, ranges,
formula syntax); the checks that need the whole file (duplicates, references,
perimeter, cycles) are in :mod:`qualepref.referentiel.checks`.
"""

from __future__ import annotations

import enum
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from qualepref.departements import departement
from qualepref.formulas import Formula
from qualepref.referentiel.base import Id, Labelled, TableModel, Text
from qualepref.referentiel.grid_settings import MysteryTable, SurveyTable
from qualepref.referentiel.obligation_settings import ObligationsTable
from qualepref.referentiel.plan_settings import PlanTable
from qualepref.referentiel.tracking_settings import TrackingTable
from qualepref.referentiel.training_settings import TrainingTable

__all__ = [
    "Counter",
    "CounterKind",
    "DefinitionsFile",
    "Direction",
    "Engagement",
    "IndicatorDefinition",
    "Labelled",
    "Module",
    "Perimeter",
    "Periodicity",
    "Prefecture",
    "Provenance",
    "Requirement",
    "Unit",
]


class _Catalogued(Labelled):
    """A choice of the catalogue's models: its labels and spellings are the tables below."""

    def _spelled(self) -> tuple[str, ...]:
        return (_LABELS[self], *_FRENCH.get(self, ()))


class Provenance(_Catalogued):
    """Where a piece of the catalogue comes from.

    Examples:
        >>> Provenance.INFERRED.label
        'déduit'
    """

    SEED = "seed"
    """Seen in one of the source documents (a tableau de bord, a bilan, a CLU)."""
    PUBLIC = "public"
    """Found in a public source (a préfecture's web page, an older référentiel)."""
    INFERRED = "inferred"
    """Deduced, with the reasoning in ``note``: not the référentiel's own text."""


class Unit(_Catalogued):
    """What an indicator's value counts.

    A rate and its cible are fractions (0.9 for 90 %); a per-thousand value is already
    per 1,000 (0.44 for 0.44 ‰).

    Examples:
        >>> Unit.PER_THOUSAND.label, Unit.RATE.symbol
        ('pour 1 000', '%')
    """

    RATE = "rate"
    PER_THOUSAND = "per_thousand"
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    COUNT = "count"

    @property
    def symbol(self) -> str:
        """The symbol written after a value: ``%``, ``‰``, ``j``, or nothing."""
        return {"rate": "%", "per_thousand": "‰", "working_days": "j", "calendar_days": "j"}.get(
            self.value, ""
        )

    @property
    def is_duration(self) -> bool:
        """Whether the unit is a number of days."""
        return self in {Unit.WORKING_DAYS, Unit.CALENDAR_DAYS}


class Direction(_Catalogued):
    """Which way an indicator improves.

    Examples:
        >>> Direction.LOWER_IS_BETTER.label
        'le plus bas est le mieux'
    """

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NO_TARGET = "no_target"


class Periodicity(_Catalogued):
    """How often an indicator is measured.

    Examples:
        >>> Periodicity.QUARTERLY.label
        'trimestrielle'
    """

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"

    @property
    def months(self) -> int:
        """How many months the period holds: 1, 3 or 12.

        Examples:
            >>> Periodicity.QUARTERLY.months
            3
        """
        return {"monthly": 1, "quarterly": 3, "annual": 12}[self.value]

    @property
    def noun(self) -> str:
        """The period as a noun: « mois », « trimestre », « an » (a rate « par trimestre »)."""
        return {"monthly": "mois", "quarterly": "trimestre", "annual": "an"}[self.value]


class CounterKind(_Catalogued):
    """How a counter aggregates over time.

    Examples:
        >>> CounterKind.STOCK.label
        'stock (dernière valeur de la période)'
    """

    FLOW = "flow"
    """A flow sums: e-mails received in a quarter = the sum over its months."""
    STOCK = "stock"
    """A stock does not sum: the département's population; a period takes its last value."""


_LABELS: dict[enum.StrEnum, str] = {
    Provenance.SEED: "vu dans un document source",
    Provenance.PUBLIC: "source publique",
    Provenance.INFERRED: "déduit",
    Unit.RATE: "taux",
    Unit.PER_THOUSAND: "pour 1 000",
    Unit.WORKING_DAYS: "jours ouvrés",
    Unit.CALENDAR_DAYS: "jours calendaires",
    Unit.COUNT: "nombre",
    Direction.HIGHER_IS_BETTER: "le plus haut est le mieux",
    Direction.LOWER_IS_BETTER: "le plus bas est le mieux",
    Direction.NO_TARGET: "sans cible",
    Periodicity.MONTHLY: "mensuelle",
    Periodicity.QUARTERLY: "trimestrielle",
    Periodicity.ANNUAL: "annuelle",
    CounterKind.FLOW: "flux (somme sur la période)",
    CounterKind.STOCK: "stock (dernière valeur de la période)",
}


_FRENCH: dict[enum.StrEnum, tuple[str, ...]] = {
    Provenance.SEED: ("document source",),
    Provenance.PUBLIC: ("publique",),
    Provenance.INFERRED: ("déduction",),
    Unit.RATE: ("pourcentage",),
    Unit.PER_THOUSAND: ("pour mille",),
    Direction.HIGHER_IS_BETTER: ("plus haut est mieux", "hausse"),
    Direction.LOWER_IS_BETTER: ("plus bas est mieux", "baisse"),
    Direction.NO_TARGET: ("pas de cible",),
    Periodicity.MONTHLY: ("mensuel",),
    Periodicity.QUARTERLY: ("trimestriel",),
    Periodicity.ANNUAL: ("annuel",),
    CounterKind.FLOW: ("flux", "somme"),
    CounterKind.STOCK: ("stock", "dernière valeur"),
}
"""French spellings a definitions file may use, beside each value and its label."""


def _one_or_many(value: Any) -> Any:
    """Let a file write ``engagement = 17`` for ``engagement = [17]``."""
    return [value] if isinstance(value, int) and not isinstance(value, bool) else value


Numbers = Annotated[tuple[Annotated[int, Field(ge=1)], ...], BeforeValidator(_one_or_many)]


class _Sourced(TableModel):
    provenance: Provenance = Provenance.SEED
    """Where this entry comes from."""
    source: str | None = None
    """The documents it was seen in, e.g. ``"seed 000 (Isère, tableau de bord 2022)"``."""
    note: str | None = None
    """Anything a reader should know: variants seen, reasoning behind an inference."""


class Module(_Sourced):
    """A module of the référentiel: 1 is mandatory, the others are chosen by the préfecture.

    Examples:
        >>> Module(number=4, name="Relations avec les collectivités territoriales").mandatory
        False
    """

    number: int = Field(ge=1, le=9)
    """1 to 7 in Qual-e-pref; up to 9 leaves room for more."""
    name: str | None = None
    """Official name; ``None`` where it is not known (see ``note``)."""
    mandatory: bool = False
    """Whether every labelled préfecture must follow it (module 1)."""
    required_of: Text | None = None
    """Which préfectures it binds when it is neither mandatory for all nor chosen (module 2:
    the préfectures with a CERT)."""


class Engagement(_Sourced):
    """A numbered engagement of the référentiel, in its module (and theme, for module 1).

    Examples:
        >>> Engagement(number=17, module=1, theme="Courriers et courriels",
        ...            title="Nous vous répondons dans un délai annoncé et maîtrisé").theme
        'Courriers et courriels'
    """

    number: int = Field(ge=1)
    """Its number in the référentiel (1 to 20 for module 1, 24 to 33 for module 3…)."""
    module: int = Field(ge=1, le=9)
    """The module it belongs to."""
    theme: str | None = None
    """For module 1: Dispositions générales, Accueil physique, Téléphonie…"""
    title: str | None = None
    """Its text in the référentiel; ``None`` where it is not known (see ``provenance``)."""


class Requirement(_Sourced):
    """A pilotage requirement: comité de pilotage, comité local des usagers, bilan annuel.

    Examples:
        >>> Requirement(id="copil", code="IV-1", label="Comité de pilotage (COPIL)").code
        'IV-1'
    """

    id: Id
    """Stable id, used by indicators (``requirement = "copil"``)."""
    code: str | None = None
    """The référentiel's chapter code where known (``IV-1``, ``IV-5``, ``V-1``)."""
    label: Text
    """French label."""


class Counter(_Sourced):
    """A named quantity that formulas read: e-mails received, calls lost, inhabitants.

    Examples:
        >>> Counter(id="habitants", label="Nombre d'habitants du département", kind="stock").kind
        <CounterKind.STOCK: 'stock'>
    """

    id: Id
    """Stable id, used in formulas."""
    label: Text
    """French label."""
    kind: CounterKind = CounterKind.FLOW
    """How it aggregates over time: a flow sums, a stock takes the period's last value."""


class IndicatorDefinition(_Sourced):
    """A quality indicator: what it measures, how, how often, and against which cible.

    Examples:
        >>> rate = IndicatorDefinition(
        ...     id="courriels_info_5j",
        ...     label="Taux de réponse aux courriels de demande d'informations générales "
        ...     "dans le délai de 5 jours ouvrés",
        ...     engagement=17, module=1, unit="rate", direction="higher_is_better",
        ...     periodicity="monthly", deadline=5, target=1.0,
        ...     formula="courriels_info_dans_le_delai / courriels_info_recus")
        >>> rate.engagement, rate.unit.label, sorted(rate.compiled.names)
        ((17,), 'taux', ['courriels_info_dans_le_delai', 'courriels_info_recus'])
    """

    id: Id
    """Stable id: lower-case letters, digits and ``_``."""
    label: Text
    """French label, as the référentiel or the tableau de bord writes it."""
    module: int | None = Field(default=None, ge=1, le=9)
    """The module; may be left out when ``engagement`` says it; none for pilotage."""
    engagement: Numbers = ()
    """The engagement number(s) it measures (Isère ties some to two: ``[1, 11]``)."""
    requirement: Id | None = None
    """For a pilotage indicator, the requirement's id instead of an engagement."""
    programme: Id | None = None
    """A national programme (``transparence``) that every préfecture publishes whatever
    its perimeter: such an indicator has no module, engagement or requirement."""
    unit: Unit
    """What the value counts."""
    direction: Direction
    """Which way it improves."""
    periodicity: Periodicity
    """How often it is measured."""
    per: Periodicity | None = None
    """The reference period of a rate of a flow over a stock (visits a quarter over the
    inhabitants): a longer period's value is expressed per that period, its flows divided
    by the number of reference periods it holds."""
    deadline: int | None = Field(default=None, ge=1, le=366)
    """The délai in jours ouvrés, for an indicator "dans le délai de N jours ouvrés"."""
    target: float | None = Field(default=None, allow_inf_nan=False)
    """Default cible, in the indicator's unit (0.9 for a rate of 90 %)."""
    formula: Text
    """Arithmetic over counter and indicator ids, e.g. ``"a_dans_le_delai / a_recus"``."""
    aliases: tuple[str, ...] = ()
    """Other labels seen for the same indicator."""

    @field_validator("formula")
    @classmethod
    def _formula_parses(cls, value: str, info: ValidationInfo) -> str:
        # The file loader checks formulas with the whole file (QP302), so that a faulty
        # formula does not hide the other problems of its indicator.
        if not (info.context or {}).get("defer_formula_check"):
            Formula.parse(value)
        return value

    @property
    def compiled(self) -> Formula:
        """The parsed formula (parsing is cached).

        Raises:
            FormulaError: the formula is not valid (only for an indicator built without
                checking it, as the file loader does before reporting it).


        Examples:
            >>> from qualepref import load_referentiel
            >>> sorted(load_referentiel().indicator("appels_aboutis").compiled.names)
            ['appels_perdus', 'appels_recus']
        """
        return Formula.parse(self.formula)


def _check_departement(code: str) -> str:
    return departement(code).code


class PosterTable(TableModel):
    """The ``[affiche]`` table: what the programme transparence poster shows.

    Examples:
        >>> PosterTable(indicators=("transparence_delai_pc", "satisfaction_accueil")).title
    """

    title: Text | None = None
    """The poster's title (« Transparence publique » by default)."""
    subtitle: Text | None = None
    """The line under the title."""
    indicators: tuple[Id, ...] | None = None
    """The figures it shows, in order (the shipped list by default): indicators of the
    perimeter, a satisfaction rate the préfecture measures each quarter for instance."""


class Prefecture(TableModel):
    """Who the definitions file belongs to.

    Examples:
        >>> Prefecture(name="Préfecture de la Loire-Atlantique", departement="44").departement
        '44'
    """

    name: str | None = None
    """Its name, for reports."""
    departement: Annotated[str, BeforeValidator(str)] | None = None
    """INSEE code of its département: which working-day calendar applies."""

    @field_validator("departement")
    @classmethod
    def _known_departement(cls, value: str | None) -> str | None:
        return None if value is None else _check_departement(value)


class Perimeter(TableModel):
    """The modules a préfecture is labelled for (module 1 always among them).

    Examples:
        >>> Perimeter(modules=[1, 2, 4]).modules
        (1, 2, 4)
    """

    modules: Numbers
    """Module numbers."""


TargetByYear = dict[
    Annotated[int, Field(ge=1950, le=2100)], Annotated[float, Field(allow_inf_nan=False)]
]
Target = Annotated[float, Field(allow_inf_nan=False)] | TargetByYear
"""A cible: one number, or one number per year."""


class DefinitionsFile(TableModel):
    """A definitions file: the catalogue's format, and a préfecture's own file.

    With ``extends = "qualepref"`` (the default) the file adds to the shipped catalogue:
    a perimeter, cibles, counters and indicators of its own. With ``extends = "none"``
    it stands alone and declares its modules and engagements, as the catalogue does.
    """

    model_config = ConfigDict(title="Qual-e-pref definitions file")

    extends: Literal["qualepref", "none"] = "qualepref"
    """``"qualepref"``: add to the shipped catalogue; ``"none"``: a standalone référentiel."""
    prefecture: Prefecture | None = None
    """Who the file belongs to."""
    perimeter: Perimeter | None = None
    """The modules the préfecture is labelled for."""
    targets: dict[Id, Target] = Field(default_factory=dict)
    """Cibles replacing the catalogue's: one value, or one per year (``{ 2023 = 1.0 }``)."""
    module: tuple[Module, ...] = ()
    """``[[module]]`` tables."""
    engagement: tuple[Engagement, ...] = ()
    """``[[engagement]]`` tables."""
    requirement: tuple[Requirement, ...] = ()
    """``[[requirement]]`` tables (pilotage)."""
    counter: tuple[Counter, ...] = ()
    """``[[counter]]`` tables."""
    indicator: tuple[IndicatorDefinition, ...] = ()
    """``[[indicator]]`` tables."""
    tracking: TrackingTable | None = None
    """How ``qualepref track`` reads the préfecture's tracking files (see docs/tracking.md)."""
    plan: PlanTable | None = None
    """How ``qualepref plan`` reads the préfecture's plan d'amélioration (see docs/plan.md)."""
    training: TrainingTable | None = None
    """How ``qualepref formations`` reads the training register (see docs/formations.md)."""
    survey: SurveyTable | None = None
    """The questions of the satisfaction survey ``qualepref enquete`` reads (docs/enquetes.md)."""
    mystery: MysteryTable | None = None
    """The criteria of the mystery grid ``qualepref mystere`` reads (docs/enquetes.md)."""
    obligations: ObligationsTable | None = None
    """Changes to the rules of ``qualepref echeancier`` (docs/echeancier.md)."""
    affiche: PosterTable | None = None
    """What ``qualepref affiche`` shows (docs/affiche.md)."""
