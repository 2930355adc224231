"""A period's figure against the figures of the periods within it (pure, no I/O).

A measurements file may give a counter, or an indicator's value, for a month and for the
quarter or the year that holds it. The two must agree, or the tableau would show one
figure for the year and another for the sum of its months. The rule, the same for
every file:

- a **flow** (e-mails received, COPIL held) adds up: a period equals the sum of its
  sub-periods when they are all known, and is never smaller than the sum of those that
  are (« a quarter smaller than its January »);
- a **stock** (inhabitants) is worth its last value: a period equals its last month's;
- a **rate, a per-mille or a mean** of a period is a weighted mean of its sub-periods'
  figures, so it lies between their smallest and their largest when they are all known.

A contradiction is refused (``QM206``), naming both places: neither figure wins, since
nothing says which one is wrong. Sampled figures (extrapolated from a few weeks) are not
compared. Rates, per-mille and means are compared with the tolerance of figures copied
rounded (half a point of a rate).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from qualepref.evaluation import Observation
from qualepref.periods import Period
from qualepref.referentiel.issues import DefinitionIssue, Level
from qualepref.referentiel.shapes import Shape

__all__ = ["ROUNDING_TOLERANCE", "contradictions", "within_rounding"]

ROUNDING_TOLERANCE = 0.005
"""Relative gap (of 1 at least) between two figures that rounding explains: 0.5 point."""


def within_rounding(first: float, second: float) -> bool:
    """Whether two figures differ by no more than what copying them rounded explains.

    Examples:
        >>> within_rounding(0.9148, 0.91), within_rounding(0.9148, 0.90)
        (True, False)
    """
    return abs(first - second) <= ROUNDING_TOLERANCE * max(1.0, abs(first), abs(second))


@attrs.frozen
class _Beneath:
    """What the sub-periods of a period say of one figure."""

    total: float
    """Their sum (a flow), their last value (a stock); unused for a range."""
    low: float
    high: float
    complete: bool
    """Whether every month of the period is known."""
    last: bool
    """Whether the period's last month is known (a stock)."""
    places: tuple[Observation, ...]


def contradictions(
    counters: Iterable[Observation],
    values: Iterable[Observation],
    shapes: Mapping[str, Shape],
    stocks: frozenset[str] = frozenset(),
) -> list[DefinitionIssue]:
    """Every figure that contradicts the figures of its sub-periods (``QM206``).

    Args:
        counters: the counters' observations, one per counter and period.
        values: the indicators' values, one per indicator and period.
        shapes: each indicator's shape (a count adds up; a rate lies in a range).
        stocks: the counters that are stocks.

    Examples:
        >>> from qualepref.periods import Month, Quarter
        >>> january = Observation("copil", Month(2022, 1), None, 2, line=2, source="m.csv")
        >>> quarter = Observation("copil", Quarter(2022, 1), None, 1, line=3, source="m.csv")
        >>> [issue] = contradictions([], [january, quarter], {"copil": Shape.COUNT})
        >>> print(issue.message)
        copil vaut 1 pour 2022-T1 (m.csv:3), moins que ses sous-périodes : 2 en 2022-01
        (m.csv:2) ; corrigez l'un ou l'autre
    """
    issues: list[DefinitionIssue] = []
    by_counter = _table(counters)
    for name, entered in by_counter.items():
        issues.extend(_compare(name, entered, "stock" if name in stocks else "flow"))
    for name, entered in _table(values).items():
        shape = shapes.get(name)
        if shape is Shape.COUNT:
            issues.extend(_compare(name, entered, "flow"))
        elif shape in {Shape.RATE, Shape.PER_THOUSAND, Shape.MEAN}:
            issues.extend(_compare(name, entered, "range", percent=shape is Shape.RATE))
    return issues


def _table(observations: Iterable[Observation]) -> dict[str, dict[Period, Observation]]:
    """The unsampled figures of each counter or indicator, by period."""
    table: dict[str, dict[Period, Observation]] = {}
    for observation in observations:
        if observation.sample or observation.value is None:
            continue
        name = observation.component or observation.indicator
        table.setdefault(name, {}).setdefault(observation.period, observation)
    return table


def _beneath(entered: Mapping[Period, Observation], period: Period) -> _Beneath | None:
    """What the sub-periods of ``period`` say: entered for them, or from theirs in turn."""
    children = period.children()
    parts: list[_Beneath] = []
    last = False
    for child in children:
        found = entered.get(child)
        part = (
            _Beneath(found.value, found.value, found.value, True, True, (found,))
            if found is not None and found.value is not None
            else _beneath(entered, child)
        )
        if part is not None:
            parts.append(part)
            last = child == children[-1] and part.last
    if not parts:
        return None
    return _Beneath(
        sum(p.total for p in parts),
        min(p.low for p in parts),
        max(p.high for p in parts),
        len(parts) == len(children) and all(p.complete for p in parts),
        last,
        tuple(o for p in parts for o in p.places),
    )


def _compare(
    name: str, entered: Mapping[Period, Observation], rule: str, *, percent: bool = False
) -> list[DefinitionIssue]:
    issues = []
    for period, observation in sorted(entered.items(), key=lambda item: item[0].sort_key()):
        value = observation.value
        beneath = _beneath(entered, period)
        if beneath is None or value is None:
            continue
        problem = ""
        if rule == "flow":
            if beneath.complete and value != beneath.total:
                problem = "différent de la somme de ses sous-périodes"
            elif not beneath.complete and value < beneath.total:
                problem = "moins que ses sous-périodes"
        elif rule == "stock":
            last = beneath.places[-1]
            if beneath.last and last.value != value:
                problem = "différent de sa fin de période (un stock vaut sa dernière valeur)"
                beneath = attrs.evolve(beneath, places=(last,))
        elif beneath.complete and not (
            beneath.low <= value <= beneath.high
            or within_rounding(value, beneath.low)
            or within_rounding(value, beneath.high)
        ):
            problem = "hors de l'intervalle de ses sous-périodes (une moyenne pondérée y reste)"
        if problem:
            issues.append(_issue(name, observation, problem, beneath.places, percent=percent))
    return issues


def _issue(
    name: str,
    observation: Observation,
    problem: str,
    places: tuple[Observation, ...],
    *,
    percent: bool,
) -> DefinitionIssue:
    shown = ", ".join(  # twelve months at most
        f"{_figure(o.value, percent=percent)} en {o.period} ({o.place})" for o in places
    )
    return DefinitionIssue(
        "QM206",
        Level.ERROR,
        f"{name} vaut {_figure(observation.value, percent=percent)} pour {observation.period} "
        f"({observation.place}), {problem} : {shown} ; corrigez l'un ou l'autre",
        file=observation.source,
        line=observation.line,
        item=observation.indicator,
        field="valeur",
    )


def _figure(value: float | None, *, percent: bool = False) -> str:
    """A figure as French writes it (never ``None``: sans objet is not compared)."""
    value = value or 0
    if percent:
        return f"{round(value * 100, 4):g}\u202f%".replace(".", ",")
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.15g}".replace(".", ",")
