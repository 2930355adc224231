"""The national view: many préfectures' measurements, indicator by indicator, compared.

For each indicator and period (the year and its quarters), every préfecture that has
the indicator in its perimeter gets its value, its status against its own cible and its
rank; the préfectures with a value make the distribution (count, quartiles, median,
best and worst, the best depending on the indicator's direction). The national figure
is computed Σ/Σ — the préfectures' numerators added over their denominators — never as
a mean of their rates.

Nothing is dropped silently: a préfecture « sans objet » (nothing to measure), « non
renseigné » or « non calculable » is left out of the distribution and counted apart;
a préfecture whose value came without its components is left out of the Σ/Σ, and the
row says how many were.

A status is judged as the tableau judges it (:func:`~qualepref.dashboard.table.period_status`:
a count's yearly cible says nothing of a quarter). Pure: the definitions and
measurements are read by the caller (``qualepref national``).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

import attrs

from qualepref.dashboard.table import period_status, target_applies_to_quarters
from qualepref.evaluation import CellState, IndicatorResult, Measurements, evaluate
from qualepref.measure_kinds import Measure, MeasureKind, aggregate
from qualepref.periods import Period, Year
from qualepref.referentiel.container import Definitions
from qualepref.referentiel.models import Direction, IndicatorDefinition
from qualepref.statuses import DEFAULT_BANDS, Status, StatusBands

__all__ = [
    "Distribution",
    "NationalRow",
    "NationalView",
    "Participant",
    "PrefectureFigure",
    "distribution",
    "national_view",
    "ranks",
]

_SUMMABLE = frozenset(
    {MeasureKind.RATE, MeasureKind.PER_THOUSAND, MeasureKind.RATIO, MeasureKind.MEAN}
)
"""The measures whose national figure is Σ numerators / Σ denominators."""


@attrs.frozen
class Participant:
    """One préfecture of the national view: its name, definitions and measurements.

    Examples:
        >>> from qualepref import load_definitions
        >>> Participant("44", load_definitions("examples/definitions/loire-atlantique.toml"),
        ...             Measurements([])).label
        'Préfecture de la Loire-Atlantique'
    """

    key: str
    """How the préfecture was named to the command (its definitions file's name)."""
    definitions: Definitions
    measurements: Measurements

    @property
    def label(self) -> str:
        """The préfecture's name from its definitions, else its key."""
        prefecture = self.definitions.prefecture
        return (prefecture.name if prefecture and prefecture.name else None) or self.key

    @property
    def departement(self) -> str:
        """Its département's code, or "" when its definitions do not say."""
        prefecture = self.definitions.prefecture
        return (prefecture.departement if prefecture else None) or ""


@attrs.frozen
class PrefectureFigure:
    """One préfecture's figure for an indicator and a period.

    Examples:
        >>> from qualepref.measure_kinds import rate
        >>> result = IndicatorResult("appels_aboutis", Year(2022), CellState.VALUE, rate(9, 10))
        >>> PrefectureFigure("Préfecture", "44", result, Status.MET, rank=1).rank
        1
    """

    prefecture: str
    departement: str
    result: IndicatorResult
    status: Status
    """Against the préfecture's own cible."""
    rank: int | None = None
    """1 for the best; ties share a rank (1, 2, 2, 4); ``None`` without a value."""


@attrs.frozen
class Distribution:
    """The préfectures' values: how many, quartiles, median, best and worst.

    Examples:
        >>> distribution([0.5, 0.9, 0.7], Direction.HIGHER_IS_BETTER).median
        0.7
    """

    count: int
    median: float | None = None
    first_quartile: float | None = None
    third_quartile: float | None = None
    best: float | None = None
    """The best value in the indicator's direction; ``None`` when it has none."""
    worst: float | None = None


def distribution(values: Sequence[float], direction: Direction) -> Distribution:
    """The distribution of ``values``; quartiles as a spreadsheet's QUARTILE.INC gives them.

    Examples:
        >>> d = distribution([12.0, 35.0, 8.0, 20.0], Direction.LOWER_IS_BETTER)
        >>> d.count, d.median, d.first_quartile, d.third_quartile, d.best, d.worst
        (4, 16.0, 11.0, 23.75, 8.0, 35.0)
        >>> distribution([], Direction.HIGHER_IS_BETTER).median is None
        True
    """
    if not values:
        return Distribution(0)
    ordered = sorted(values)
    if len(ordered) == 1:
        first = median = third = ordered[0]
    else:
        first, median, third = statistics.quantiles(ordered, n=4, method="inclusive")
    low, high = ordered[0], ordered[-1]
    best, worst = {
        Direction.HIGHER_IS_BETTER: (high, low),
        Direction.LOWER_IS_BETTER: (low, high),
    }.get(direction, (None, None))
    return Distribution(len(ordered), median, first, third, best, worst)


def ranks(values: Sequence[float], direction: Direction) -> list[int | None]:
    """Each value's rank, 1 for the best, equal values sharing one (1, 2, 2, 4).

    ``None`` for every value when the indicator has no direction: nothing to rank by.

    Examples:
        >>> ranks([0.9, 0.95, 0.9, 0.5], Direction.HIGHER_IS_BETTER)
        [2, 1, 2, 4]
        >>> ranks([12.0, 8.0], Direction.LOWER_IS_BETTER)
        [2, 1]
    """
    if direction is Direction.NO_TARGET:
        return [None] * len(values)
    sign = -1 if direction is Direction.HIGHER_IS_BETTER else 1
    # equal up to rounding noise: 0.1 + 0.2 and 0.3 are the same rate
    keys = [sign * round(value, 9) for value in values]
    ordered = sorted(keys)
    first_place: dict[float, int] = {}
    for place, key in enumerate(ordered, start=1):
        first_place.setdefault(key, place)
    return [first_place[key] for key in keys]


@attrs.frozen
class NationalRow:
    """An indicator over one period, across the préfectures that have it in scope.

    Examples:
        >>> from qualepref import load_referentiel
        >>> from qualepref.measure_kinds import rate
        >>> calls = load_referentiel().indicator("appels_aboutis")
        >>> NationalRow(calls, Year(2022), (), Distribution(0), rate(9, 10)).national_value
        0.9
    """

    indicator: IndicatorDefinition
    period: Period
    figures: tuple[PrefectureFigure, ...]
    """Every préfecture with the indicator in its perimeter, in the order given."""
    distribution: Distribution
    national: Measure | None
    """The Σ/Σ figure, over the préfectures whose components are known."""
    left_out_of_national: int = 0
    """Préfectures with a value but no components: not in the Σ/Σ."""

    @property
    def national_value(self) -> float | None:
        """The national figure's value; ``None`` when there is none (or 0/0)."""
        return None if self.national is None else self.national.value

    def count(self, state: CellState) -> int:
        """How many préfectures' figures are in ``state``.

        Examples:
            >>> from qualepref import load_referentiel
            >>> calls = load_referentiel().indicator("appels_aboutis")
            >>> row = NationalRow(calls, Year(2022), (), Distribution(0), None)
            >>> row.count(CellState.SANS_OBJET)
            0
        """
        return sum(1 for figure in self.figures if figure.result.state is state)


@attrs.frozen
class NationalView:
    """The national view of a year: its préfectures and one row per indicator and period.

    Examples:
        >>> NationalView(2022, ("Préfecture de l'Isère",), ()).row("appels_aboutis", Year(2022))
    """

    year: int
    prefectures: tuple[str, ...]
    rows: tuple[NationalRow, ...]
    unmeasured: tuple[IndicatorDefinition, ...] = ()
    """Indicators in some perimeter that no préfecture measured in the year: left out."""

    def row(self, indicator_id: str, period: Period) -> NationalRow | None:
        """The row of ``indicator_id`` over ``period``, if any préfecture has it.

        Examples:
            >>> NationalView(2022, (), ()).row("copil", Year(2022)) is None
            True
        """
        for row in self.rows:
            if row.indicator.id == indicator_id and row.period == period:
                return row
        return None


def _national(results: Sequence[IndicatorResult]) -> tuple[Measure | None, int]:
    """The Σ/Σ measure of the results with components, and how many had none."""
    with_components: list[Measure] = []
    left_out = 0
    for result in results:
        measure = result.measure
        if measure is None:
            continue
        if measure.kind in _SUMMABLE:
            with_components.append(measure)
        elif measure.kind in {MeasureKind.VALUE_ONLY, MeasureKind.MEAN_OF_VALUES}:
            left_out += 1
    if not with_components:
        return None, left_out
    return aggregate(with_components), left_out


def national_view(
    participants: Sequence[Participant],
    year: int,
    *,
    quarters: bool = True,
    measured_only: bool = True,
    bands: StatusBands = DEFAULT_BANDS,
) -> NationalView:
    """The national view of ``year`` over ``participants``: the year, then each quarter.

    An indicator is in the view when at least one préfecture has it in its perimeter;
    label, unit and direction are those of the first such préfecture. With
    ``measured_only`` (the default), an indicator that no préfecture measured in the year
    is left out of the rows and listed in :attr:`NationalView.unmeasured`.

    Examples:
        >>> from qualepref import load_definitions
        >>> from qualepref.measurement_files import read_measurements
        >>> defs = load_definitions("examples/isere-2022/definitions.toml")
        >>> isere = Participant("38", defs, read_measurements("examples/isere-2022/mesures.csv",
        ...                                                   defs))
        >>> view = national_view([isere], 2022, quarters=False)
        >>> row = view.row("reclamations_courriel_5j", Year(2022))
        >>> row.national, row.distribution.count, row.figures[0].rank
        (Rate(numerator=11, denominator=11), 1, 1)
        >>> view.row("appels_aboutis", Year(2022)).figures[0].status.label  # rates only
        'non calculable'
    """
    order: dict[str, IndicatorDefinition] = {}
    for participant in participants:
        for indicator in participant.definitions.indicators:
            order.setdefault(indicator.id, indicator)
    periods: list[Period] = [Year(year)]
    if quarters:
        periods.extend(Year(year).quarters())
    rows: list[NationalRow] = []
    unmeasured: list[IndicatorDefinition] = []
    for indicator in order.values():
        found = [_row(participants, indicator, period, bands) for period in periods]
        entered = any(
            figure.result.state is not CellState.NON_RENSEIGNE
            for row in found
            for figure in row.figures
        )
        if entered or not measured_only:
            rows.extend(found)
        else:
            unmeasured.append(indicator)
    return NationalView(year, tuple(p.label for p in participants), tuple(rows), tuple(unmeasured))


def _row(
    participants: Sequence[Participant],
    indicator: IndicatorDefinition,
    period: Period,
    bands: StatusBands,
) -> NationalRow:
    results: list[tuple[Participant, IndicatorDefinition, IndicatorResult]] = []
    for participant in participants:
        definitions = participant.definitions
        own = next((i for i in definitions.indicators if i.id == indicator.id), None)
        if own is None:
            continue
        result = evaluate(definitions.referentiel, participant.measurements, own.id, period)
        results.append((participant, own, result))
    valued = [r.value for _, _, r in results if r.state is CellState.VALUE and r.value is not None]
    given_ranks = iter(ranks(valued, indicator.direction))
    figures = []
    for participant, own, result in results:
        has_value = result.state is CellState.VALUE and result.value is not None
        target = participant.definitions.target(own.id, period.year)
        if not isinstance(period, Year) and not target_applies_to_quarters(own):
            target = None
        figures.append(
            PrefectureFigure(
                participant.label,
                participant.departement,
                result,
                period_status(result, target, own, bands),
                next(given_ranks) if has_value else None,
            )
        )
    national, left_out = _national([r for _, _, r in results])
    finite = [value for value in valued if math.isfinite(value)]
    return NationalRow(
        indicator,
        period,
        tuple(figures),
        distribution(finite, indicator.direction),
        national,
        left_out,
    )
