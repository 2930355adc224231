"""Checks that need the whole file: references, perimeter, cibles, formulas, cycles.

Each rule is a function from the file's :class:`Context` to the issues it finds. A rule
that crashes becomes an issue of its own (``QP999``) instead of hiding the others.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

import attrs

from qualepref.formulas import Formula, FormulaError
from qualepref.referentiel.container import Referentiel
from qualepref.referentiel.issues import DefinitionIssue, Level, did_you_mean
from qualepref.referentiel.models import (
    Counter,
    Direction,
    Engagement,
    IndicatorDefinition,
    Module,
    Perimeter,
    Requirement,
    Unit,
)
from qualepref.referentiel.toml_lines import TomlLines

__all__ = ["Context", "Entry", "run_checks"]

_M = TypeVar("_M")


@attrs.frozen
class Entry(Generic[_M]):
    """A model read from the file, with its position in its ``[[section]]``."""

    model: _M
    index: int


@attrs.frozen
class Context:
    """What the rules look at: the file's own entries and the catalogue it extends."""

    source: str | None
    lines: TomlLines
    base: Referentiel
    extends: str
    perimeter: Perimeter | None
    targets: dict[str, float | dict[int, float]]
    modules: list[Entry[Module]]
    engagements: list[Entry[Engagement]]
    requirements: list[Entry[Requirement]]
    counters: list[Entry[Counter]]
    indicators: list[Entry[IndicatorDefinition]]
    raw_formulas: tuple[str, ...] = ()
    """Every formula written in the file, valid or not (to tell which counters are read)."""

    def issue(  # noqa: PLR0913 - the parts of an issue; all but three are keywords
        self,
        code: str,
        message: str,
        path: tuple[str | int, ...],
        *,
        item: str | int | None = None,
        field: str | None = None,
        level: Level = Level.ERROR,
    ) -> DefinitionIssue:
        """An issue located at ``path`` in the file."""
        return DefinitionIssue(
            code,
            level,
            message,
            file=self.source,
            line=self.lines.line(path),
            item=None if item is None else str(item),
            field=field,
        )

    @functools.cached_property
    def all_modules(self) -> dict[int, Module]:
        """Modules of the catalogue and of the file, by number (first wins)."""
        return _merged(self.base.modules, self.modules, "number")

    @functools.cached_property
    def all_engagements(self) -> dict[int, Engagement]:
        """Engagements of the catalogue and of the file, by number (first wins)."""
        return _merged(self.base.engagements, self.engagements, "number")

    @functools.cached_property
    def all_counters(self) -> dict[str, Counter]:
        """Counters of the catalogue and of the file, by id (first wins)."""
        return _merged(self.base.counters, self.counters, "id")

    @functools.cached_property
    def all_indicators(self) -> dict[str, IndicatorDefinition]:
        """Indicators of the catalogue and of the file, by id (first wins)."""
        return _merged(self.base.indicators, self.indicators, "id")

    @functools.cached_property
    def formulas(self) -> dict[str, Formula | FormulaError]:
        """Every indicator's formula text (the catalogue's and the file's), parsed once."""
        parsed: dict[str, Formula | FormulaError] = {}
        own = (entry.model for entry in self.indicators)  # a shadowed one too
        for indicator in (*self.all_indicators.values(), *own):
            text = indicator.formula
            if text not in parsed:
                try:
                    parsed[text] = Formula.parse(text)
                except FormulaError as error:
                    parsed[text] = error
        return parsed

    def formula(self, indicator: IndicatorDefinition) -> Formula | None:
        """``indicator``'s parsed formula; ``None`` when it does not parse (QP302 says why)."""
        found = self.formulas[indicator.formula]
        return found if isinstance(found, Formula) else None

    @functools.cached_property
    def requirement_ids(self) -> set[str]:
        """Ids of the pilotage requirements of the catalogue and of the file."""
        return {r.id for r in self.base.requirements} | {e.model.id for e in self.requirements}


def _merged(base: tuple[_M, ...], own: list[Entry[_M]], key: str) -> dict[Any, _M]:
    """Entries by ``key``: the catalogue's, then the file's new ones."""
    found = {getattr(item, key): item for item in base}
    for entry in own:
        found.setdefault(getattr(entry.model, key), entry.model)
    return found


Rule = Callable[[Context], Iterator[DefinitionIssue]]
RULES: list[Rule] = []


def _rule(function: Rule) -> Rule:
    RULES.append(function)
    return function


def run_checks(context: Context) -> list[DefinitionIssue]:
    """Every rule's issues; a crashing rule is reported as ``QP999``."""
    found: list[DefinitionIssue] = []
    for rule in RULES:
        try:
            found.extend(rule(context))
        except Exception as error:  # one broken rule must not hide the others
            found.append(
                DefinitionIssue(
                    "QP999",
                    Level.ERROR,
                    f"la vérification {rule.__name__} a échoué ({type(error).__name__}: {error}) ; "
                    "signalez-le aux mainteneurs de qualepref",
                    file=context.source,
                )
            )
    return found


# --- duplicates ----------------------------------------------------------------------------


# section: (the word for one entry, the key that identifies it, a hint when the catalogue has it)
_IDENTITY: dict[str, tuple[str, str, str]] = {
    "module": ("module", "number", ""),
    "engagement": ("engagement", "number", ""),
    "requirement": ("exigence", "id", ""),
    "counter": (
        "compteur",
        "id",
        " : utilisez-le tel quel, ou choisissez un autre identifiant",
    ),
    "indicator": (
        "indicateur",
        "id",
        " : pour changer sa cible, écrivez-la dans [targets] ; pour un autre indicateur, "
        "choisissez un autre identifiant",
    ),
}


def _duplicates(
    context: Context, section: str, entries: list[Entry[Any]], known: list[Any]
) -> Iterator[DefinitionIssue]:
    what, field, hint = _IDENTITY[section]
    in_catalogue = {getattr(item, field) for item in known}
    seen: dict[object, int] = {}
    for entry in entries:
        value = getattr(entry.model, field)
        path = (section, entry.index, field)
        if value in in_catalogue:
            message = f"{what} {value!r} existe déjà dans le catalogue qualepref{hint}"
        elif value in seen:
            first = context.lines.line((section, seen[value]))
            message = (
                f"{what} {value!r} est déjà défini (ligne {first}) : chaque {what} a un "
                "identifiant unique"
            )
        else:
            seen[value] = entry.index
            continue
        yield context.issue("QP201", message, path, item=value, field=field)


@_rule
def duplicate_ids(context: Context) -> Iterator[DefinitionIssue]:
    """QP201: the same id or number twice, in the file or against the catalogue."""
    base = context.base
    yield from _duplicates(context, "module", context.modules, list(base.modules))
    yield from _duplicates(context, "engagement", context.engagements, list(base.engagements))
    yield from _duplicates(context, "requirement", context.requirements, list(base.requirements))
    yield from _duplicates(context, "counter", context.counters, list(base.counters))
    yield from _duplicates(context, "indicator", context.indicators, list(base.indicators))


@_rule
def ambiguous_names(context: Context) -> Iterator[DefinitionIssue]:
    """QP305: a counter and an indicator with the same id (a formula could not tell them apart)."""
    indicators = context.all_indicators
    for entry in context.counters:
        if entry.model.id in indicators:
            yield context.issue(
                "QP305",
                f"le compteur {entry.model.id!r} porte l'identifiant d'un indicateur : une "
                "formule ne saurait lequel lire ; renommez-le",
                ("counter", entry.index, "id"),
                item=entry.model.id,
                field="id",
            )
    counters = {c.id for c in context.base.counters}
    for own in context.indicators:
        if own.model.id in counters:
            yield context.issue(
                "QP305",
                f"l'indicateur {own.model.id!r} porte l'identifiant d'un compteur du "
                "catalogue : renommez-le",
                ("indicator", own.index, "id"),
                item=own.model.id,
                field="id",
            )


# --- modules, engagements, requirements, perimeter ---------------------------------------------


@_rule
def engagement_modules(context: Context) -> Iterator[DefinitionIssue]:
    """QP203: an engagement in a module that does not exist."""
    modules = context.all_modules
    for entry in context.engagements:
        if entry.model.module not in modules:
            yield context.issue(
                "QP203",
                f"module {entry.model.module} inconnu : {_known(modules)}",
                ("engagement", entry.index, "module"),
                item=entry.model.number,
                field="module",
            )


@_rule
def perimeter(context: Context) -> Iterator[DefinitionIssue]:
    """QP213, QP214, QP203: the perimeter exists, holds module 1, and only known modules."""
    if context.perimeter is None:
        if context.extends == "qualepref":
            yield context.issue(
                "QP214",
                "périmètre manquant : ajoutez une table [perimeter] avec modules = [1, …], les "
                "modules pour lesquels la préfecture est labellisée",
                (),
                field="perimeter",
            )
        return
    modules = context.all_modules
    mandatory = sorted(number for number, module in modules.items() if module.mandatory)
    for number in mandatory:
        if number not in context.perimeter.modules:
            yield context.issue(
                "QP213",
                f"le module {number} est obligatoire : ajoutez-le à perimeter.modules",
                ("perimeter", "modules"),
                field="modules",
            )
    for number in context.perimeter.modules:
        if number not in modules:
            yield context.issue(
                "QP203",
                f"module {number} inconnu dans le périmètre : {_known(modules)}",
                ("perimeter", "modules"),
                item=number,
                field="modules",
            )


def _known(modules: dict[int, Module]) -> str:
    return "modules connus : " + ", ".join(map(str, sorted(modules)))


PROGRAMMES = {"transparence": "programme transparence"}
"""The national programmes an indicator may belong to, whatever the perimeter."""


@_rule
def programme_attachments(context: Context) -> Iterator[DefinitionIssue]:
    """QP212, QP215: a national programme's indicator, attached to nothing else."""
    for entry in context.indicators:
        indicator = entry.model
        if indicator.programme is None:
            continue
        path = ("indicator", entry.index, "programme")
        if indicator.engagement or indicator.module is not None or indicator.requirement:
            message = (
                "un indicateur d'un programme national (programme) n'a ni module, ni "
                "engagement, ni exigence de pilotage : retirez-les"
            )
            yield context.issue("QP212", message, path, item=indicator.id, field="programme")
        if indicator.programme not in PROGRAMMES:
            message = (
                f"programme national inconnu : {indicator.programme!r} (connus : "
                f"{', '.join(sorted(PROGRAMMES))})"
            )
            yield context.issue("QP215", message, path, item=indicator.id, field="programme")


@_rule
def indicator_attachments(context: Context) -> Iterator[DefinitionIssue]:
    """QP202, QP203, QP204, QP205, QP211, QP212: what each indicator is attached to."""
    modules = context.all_modules
    engagements = context.all_engagements
    requirements = context.requirement_ids
    in_scope = None if context.perimeter is None else set(context.perimeter.modules)
    for entry in context.indicators:
        indicator = entry.model
        path = ("indicator", entry.index)

        def issue(
            code: str,
            message: str,
            field: str,
            path: tuple[str | int, ...] = path,
            item: str = indicator.id,
        ) -> DefinitionIssue:
            return context.issue(code, message, (*path, field), item=item, field=field)

        if indicator.programme is not None:
            continue  # programme_attachments
        if indicator.requirement is not None:
            if indicator.requirement not in requirements:
                yield issue(
                    "QP211",
                    f"exigence de pilotage inconnue : {indicator.requirement!r} (connues : "
                    f"{', '.join(sorted(requirements))})",
                    "requirement",
                )
            if indicator.engagement or indicator.module is not None:
                yield issue(
                    "QP212",
                    "un indicateur de pilotage (requirement) n'a ni module ni engagement : "
                    "retirez l'un ou l'autre",
                    "requirement",
                )
            continue
        if not indicator.engagement and indicator.module is None:
            yield issue(
                "QP212",
                "indicateur rattaché à rien : indiquez son engagement (engagement = 17), son "
                'module (module = 4) ou son exigence de pilotage (requirement = "copil")',
                "engagement",
            )
            continue
        claimed = indicator.module
        if claimed is not None and claimed not in modules:
            yield issue("QP203", f"module {claimed} inconnu : {_known(modules)}", "module")
            continue
        owners: set[int] = set()
        for number in indicator.engagement:
            found = engagements.get(number)
            if found is None:
                yield issue(
                    "QP202",
                    f"engagement {number} inconnu : le référentiel numérote ses engagements "
                    f"{_ranges(sorted(engagements))}",
                    "engagement",
                )
                continue
            owners.add(found.module)
            if claimed is not None and found.module != claimed:
                yield issue(
                    "QP204",
                    f"l'engagement {number} appartient au module {found.module}, pas au module "
                    f"{claimed} : corrigez l'un des deux",
                    "engagement",
                )
        if claimed is None and len(owners) > 1:
            yield issue(
                "QP204",
                f"les engagements {list(indicator.engagement)} appartiennent à des modules "
                f"différents ({', '.join(map(str, sorted(owners)))}) : précisez module",
                "engagement",
            )
        module = claimed if claimed is not None else next(iter(owners), None)
        if in_scope is not None and module is not None and module not in in_scope:
            yield issue(
                "QP205",
                f"l'indicateur relève du module {module}, hors du périmètre "
                f"{sorted(in_scope)} : ajoutez le module à perimeter.modules ou retirez "
                "l'indicateur",
                "module" if claimed is not None else "engagement",
            )


def _ranges(numbers: list[int]) -> str:
    """``[1, 2, 3, 5]`` → ``"1 à 3, 5"``."""
    parts: list[str] = []
    for number in numbers:
        if parts and parts[-1].split(" à ")[-1] == str(number - 1):
            start = parts[-1].split(" à ")[0]
            parts[-1] = f"{start} à {number}"
        else:
            parts.append(str(number))
    return ", ".join(parts)


# --- units, directions, cibles, délais ----------------------------------------------------------


_NAME = re.compile(r"[a-z][a-z0-9_]*")
_DEADLINE_IN_LABEL = re.compile(r"(\d+)\s*(?:jours?|j\.?)\s*ouvr[ée]s?", re.IGNORECASE)


def target_problems(unit: Unit, direction: Direction, target: float) -> list[tuple[str, str]]:
    """(code, message) for a cible that does not fit its indicator's unit and direction.

    Examples:
        >>> [(code, message)] = target_problems(Unit.RATE, Direction.HIGHER_IS_BETTER, 90)
        >>> print(code, message)
        QP206 cible de taux hors de 0 à 100 % : 90 ; un taux s'écrit en fraction, 0.9 pour 90 %
        >>> target_problems(Unit.WORKING_DAYS, Direction.LOWER_IS_BETTER, 10)
        []
    """
    if direction is Direction.NO_TARGET:
        return [
            (
                "QP207",
                f'cible {target:g} pour un indicateur sans cible (direction = "no_target") : '
                "retirez la cible ou donnez un sens (higher_is_better, lower_is_better)",
            )
        ]
    if unit is Unit.RATE and not 0 <= target <= 1:
        hint = (
            f" ; un taux s'écrit en fraction, {target / 100:g} pour {target:g} %"
            if 1 < target <= 100
            else ""
        )
        return [("QP206", f"cible de taux hors de 0 à 100 % : {target:g}{hint}")]
    if target < 0:
        return [
            (
                "QP206",
                f"cible négative : {target:g} ; une cible en {unit.label} est positive ou nulle",
            )
        ]
    return []


@_rule
def units_directions_targets(context: Context) -> Iterator[DefinitionIssue]:
    """QP206, QP207: cibles that do not fit the unit, directions that do not fit a délai."""
    for entry in context.indicators:
        indicator = entry.model
        path = ("indicator", entry.index)
        if indicator.direction is Direction.HIGHER_IS_BETTER and (
            indicator.unit.is_duration or indicator.label.lower().startswith("délai")
        ):
            yield context.issue(
                "QP207",
                'un délai se vise au plus bas : direction = "lower_is_better" (le plus bas est '
                'le mieux), pas "higher_is_better"',
                (*path, "direction"),
                item=indicator.id,
                field="direction",
            )
        if indicator.target is not None:
            for code, message in target_problems(
                indicator.unit, indicator.direction, indicator.target
            ):
                yield context.issue(
                    code, message, (*path, "target"), item=indicator.id, field="target"
                )


@_rule
def deadlines(context: Context) -> Iterator[DefinitionIssue]:
    """QP208, QP209: a "dans le délai de N jours ouvrés" label needs ``deadline = N``."""
    for entry in context.indicators:
        indicator = entry.model
        path = ("indicator", entry.index)
        found = {int(n) for n in _DEADLINE_IN_LABEL.findall(indicator.label)}
        if len(found) != 1:
            continue
        (stated,) = found
        if indicator.deadline is None:
            yield context.issue(
                "QP208",
                f"le libellé annonce un délai de {stated} jours ouvrés : "
                f"ajoutez deadline = {stated}",
                path,
                item=indicator.id,
                field="deadline",
            )
        elif indicator.deadline != stated:
            yield context.issue(
                "QP209",
                f"deadline = {indicator.deadline} alors que le libellé annonce {stated} jours "
                "ouvrés : corrigez l'un des deux",
                (*path, "deadline"),
                item=indicator.id,
                field="deadline",
            )


@_rule
def targets(context: Context) -> Iterator[DefinitionIssue]:
    """QP210, QP206, QP207, QP311: the [targets] table."""
    indicators = context.all_indicators
    in_scope = None if context.perimeter is None else set(context.perimeter.modules)
    for indicator_id, value in context.targets.items():
        path = ("targets", indicator_id)
        indicator = indicators.get(indicator_id)
        if indicator is None:
            yield context.issue(
                "QP210",
                f"cible pour un indicateur inconnu : {indicator_id!r}"
                f"{did_you_mean(indicator_id, indicators)}",
                path,
                item=indicator_id,
                field="targets",
            )
            continue
        values = value.values() if isinstance(value, dict) else [value]
        for target in values:
            for code, message in target_problems(indicator.unit, indicator.direction, target):
                yield context.issue(code, message, path, item=indicator_id, field="targets")
        module = _module_of(indicator, context)
        if in_scope is not None and module is not None and module not in in_scope:
            yield context.issue(
                "QP311",
                f"cible pour un indicateur du module {module}, hors du périmètre "
                f"{sorted(in_scope)} : elle sera ignorée",
                path,
                item=indicator_id,
                field="targets",
                level=Level.WARNING,
            )


def _module_of(indicator: IndicatorDefinition, context: Context) -> int | None:
    if indicator.module is not None or not indicator.engagement:
        return indicator.module
    engagement = context.all_engagements.get(indicator.engagement[0])
    return None if engagement is None else engagement.module


# --- formulas ---------------------------------------------------------------------------------


@_rule
def formula_syntax(context: Context) -> Iterator[DefinitionIssue]:
    """QP302: a formula that is not a pure arithmetic expression."""
    for entry in context.indicators:
        error = context.formulas[entry.model.formula]
        if isinstance(error, FormulaError):
            yield context.issue(
                "QP302",
                str(error),
                ("indicator", entry.index, "formula"),
                item=entry.model.id,
                field="formula",
            )


@_rule
def formula_names(context: Context) -> Iterator[DefinitionIssue]:
    """QP301: a formula reading a name that is neither a counter nor an indicator."""
    known: dict[str, object] = {**context.all_counters, **context.all_indicators}
    names = frozenset(known)  # once: a keys view would be made a set for every formula
    for entry in context.indicators:
        indicator = entry.model
        formula = context.formula(indicator)
        if formula is None:
            continue
        for name in sorted(formula.names - names):
            yield context.issue(
                "QP301",
                f"la formule lit {name!r}, qui n'est ni un compteur ni un indicateur : déclarez-le "
                f"dans une table [[counter]]{did_you_mean(name, known)}",
                ("indicator", entry.index, "formula"),
                item=indicator.id,
                field="formula",
            )


@_rule
def cycles(context: Context) -> Iterator[DefinitionIssue]:
    """QP304: indicators whose formulas read each other in a circle."""
    indicators = context.all_indicators
    graph = {
        key: sorted(name for name in formula.names if name in indicators)
        for key, i in indicators.items()
        if (formula := context.formula(i)) is not None
    }
    own = {entry.model.id: entry.index for entry in context.indicators}
    for cycle in _find_cycles(graph):
        start = next((name for name in cycle if name in own), cycle[0])
        path = " → ".join([*cycle, cycle[0]])
        yield context.issue(
            "QP304",
            f"formules circulaires : {path} ; un indicateur ne peut pas dépendre de lui-même",
            ("indicator", own.get(start, -1), "formula"),
            item=start,
            field="formula",
        )


def _find_cycles(graph: dict[str, list[str]]) -> Iterator[list[str]]:
    """The cycles that a depth-first search closes, each once, as lists of nodes."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    stack: list[str] = []

    def visit(node: str) -> Iterator[list[str]]:
        state[node] = 1
        stack.append(node)
        for successor in graph.get(node, []):
            if state.get(successor) == 1:
                yield stack[stack.index(successor) :]
            elif successor not in state:
                yield from visit(successor)
        stack.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            yield from visit(node)


@_rule
def unused_counters(context: Context) -> Iterator[DefinitionIssue]:
    """QP310 (warning): a counter of the file that no formula reads."""
    read = {
        name
        for text in (*context.raw_formulas, *(i.formula for i in context.base.indicators))
        for name in _NAME.findall(text)
    }
    for entry in context.counters:
        if entry.model.id not in read:
            yield context.issue(
                "QP310",
                f"le compteur {entry.model.id!r} n'est lu par aucune formule",
                ("counter", entry.index, "id"),
                item=entry.model.id,
                field="id",
                level=Level.WARNING,
            )
