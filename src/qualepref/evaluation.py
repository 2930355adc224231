"""Measurements, and the value of an indicator for any period computed from them.

A measurement is one number for one indicator and one period: either one of its
**components** (a counter its formula reads: e-mails received, e-mails answered in
time…) or, when only that is known, the indicator's **value** itself (a rate copied from
a tableau de bord). :func:`evaluate` computes an indicator for a month, a quarter, a
semester or a year:

1. from the components given for that period, or summed from the months beneath it
   (flows add up, stocks take the last value): *aggregate first, divide last*;
2. else from a value given for that period;
3. else from the values of its quarters or months: counts add up, but values without
   components are **not** aggregated (that would invent a weighting) unless
   ``mean_of_values=True`` asks for the spreadsheet's unweighted mean, marked as such.

A zero denominator is « sans objet »; no data at all is « non renseigné »: the two are
different states, never 0, a blank or ``#DIV/0!``.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping

import attrs

from qualepref.measure_kinds import (
    AggregationError,
    Count,
    Mean,
    MeanOfValues,
    Measure,
    PerThousand,
    Rate,
    Ratio,
    ValueOnly,
    aggregate,
)
from qualepref.periods import Month, Period
from qualepref.referentiel.container import Referentiel
from qualepref.referentiel.models import CounterKind, IndicatorDefinition
from qualepref.referentiel.shapes import Shape, shape_of

__all__ = [
    "CellState",
    "IndicatorResult",
    "Measurements",
    "Observation",
    "evaluate",
    "measure_from_components",
]


@attrs.frozen
class Observation:
    """One measurement: a component (``component`` names the counter) or the value itself.

    ``value`` is ``None`` for a value entered as « sans objet » (nothing to measure).

    Examples:
        >>> from qualepref.periods import Month
        >>> row = Observation("courriels_info_5j", Month(2022, 5), "courriels_info_recus", 173)
        >>> row.component, row.value, row.sample
        ('courriels_info_recus', 173, False)
    """

    indicator: str
    """The indicator's id."""
    period: Period
    """The period measured."""
    component: str | None
    """The counter this is a value of; ``None`` when it is the indicator's value."""
    value: float | None
    """The number; ``None`` only for a value entered as « sans objet »."""
    sample: bool = False
    """Whether it comes from a sample (a week in January and one in June) and not a full count."""
    note: str | None = None
    """An observation to show in the tableau."""
    line: int | None = None
    """The line of the measurements file it comes from."""
    note_only: bool = False
    """A row that only carries ``note``: no value, not even « sans objet »."""
    source: str | None = None
    """The file it comes from (``mesures.xlsx[Feuil1]`` for a workbook's sheet)."""

    @property
    def place(self) -> str:
        """Where it comes from, as messages name it: ``mesures.csv:12``."""
        return f"{self.source or '<texte>'}:{self.line}" if self.line else self.source or ""


def measure_from_components(  # noqa: PLR0911 - one answer per shape
    indicator: IndicatorDefinition, shape: Shape, values: Mapping[str, float]
) -> Measure | None:
    """The measure of ``indicator`` from the ``values`` of what its formula reads.

    ``None`` when a formula without components (``Shape.DERIVED``) divides by zero:
    « sans objet ». A rate of 0/0 is a :class:`Rate` whose value is ``None``.

    Raises:
        MeasureError: the components are impossible (a numerator above its denominator…).

    Examples:
        >>> from qualepref import load_referentiel
        >>> ref = load_referentiel()
        >>> calls = ref.indicator("appels_aboutis")
        >>> measure_from_components(calls, Shape.RATE, {"appels_recus": 1000, "appels_perdus": 52})
        Rate(numerator=948, denominator=1000)
    """
    formula = indicator.compiled
    ratio = formula.as_ratio()
    if shape is Shape.COUNT:
        return Count(formula.evaluate(values) or 0)
    if shape is Shape.DERIVED or ratio is None:
        value = formula.evaluate(values)
        return None if value is None else ValueOnly(value)
    numerator, denominator = ratio[0].evaluate(values), ratio[1].evaluate(values)
    if numerator is None or denominator is None:  # a division inside a component
        return None
    if shape is Shape.RATE:
        return Rate(numerator, denominator)
    if shape is Shape.PER_THOUSAND:
        return PerThousand(numerator, denominator)
    if shape is Shape.RATIO:
        return Ratio(numerator, denominator)
    return Mean(numerator, denominator)


class CellState(enum.Enum):
    """What a tableau cell holds.

    Examples:
        >>> [state.label for state in CellState]
        ['valeur', 'sans objet', 'non renseigné', 'non calculable']
    """

    VALUE = "value"
    """A value (possibly an unweighted mean of values, which the measure says)."""
    SANS_OBJET = "sans_objet"
    """Nothing to measure: a zero denominator (no letter received)."""
    NON_RENSEIGNE = "non_renseigne"
    """No data was entered."""
    NON_CALCULABLE = "non_calculable"
    """Values known without components, which cannot be aggregated honestly."""

    @property
    def label(self) -> str:
        """The French label shown in the tableau."""
        return _STATE_LABELS[self]


_STATE_LABELS = {
    CellState.VALUE: "valeur",
    CellState.SANS_OBJET: "sans objet",
    CellState.NON_RENSEIGNE: "non renseigné",
    CellState.NON_CALCULABLE: "non calculable",
}


@attrs.frozen
class IndicatorResult:
    """An indicator's value for one period, with how it was obtained.

    Examples:
        >>> from qualepref.measure_kinds import rate
        >>> from qualepref.periods import Year
        >>> year = Year(2022)
        >>> result = IndicatorResult("courriels_info_5j", year, CellState.VALUE, rate(719, 786))
        >>> round(result.value, 4), result.unweighted
        (0.9148, False)
    """

    indicator: str
    period: Period
    state: CellState
    measure: Measure | None = None
    """The measure, with its components when they are known."""
    complete: bool = True
    """Whether every month of the period had data."""
    sample: bool = False
    """Whether some data comes from a sample."""
    reported: float | None = None
    """A value entered as well as the components (to compare with the computed one)."""
    notes: tuple[str, ...] = ()
    """Why the cell is what it is, when that needs saying."""

    @property
    def value(self) -> float | None:
        """The value, when the state is ``VALUE``."""
        if self.state is not CellState.VALUE or self.measure is None:
            return None
        return self.measure.value

    @property
    def unweighted(self) -> bool:
        """Whether the value is an unweighted mean of values (the spreadsheet habit)."""
        return isinstance(self.measure, MeanOfValues)


@attrs.frozen
class _Known:
    """A counter's value over a period, with the months it covers."""

    value: float
    months: frozenset[Month]
    sample: bool


def _as_tuple(observations: Iterable[Observation]) -> tuple[Observation, ...]:
    return tuple(observations)


@attrs.frozen(repr=False)
class Measurements:
    """A set of observations, indexed for computing.

    Examples:
        >>> from qualepref.periods import Month
        >>> Measurements([Observation("copil", Month(2022, 3), "copil_reunions", 1)])
        <Measurements: 1 observations>

    Build one from observations (``Measurements(observations)``) or read one from a file
    with :func:`qualepref.measurement_files.read_measurements`, which also checks it.
    Counters are shared: a counter entered under one indicator serves every indicator
    whose formula reads it.
    """

    observations: tuple[Observation, ...] = attrs.field(converter=_as_tuple)
    _counters: dict[tuple[str, Period], Observation] = attrs.field(init=False, eq=False)
    _values: dict[tuple[str, Period], Observation] = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        counters: dict[tuple[str, Period], Observation] = {}
        values: dict[tuple[str, Period], Observation] = {}
        for observation in self.observations:
            if observation.note_only:
                continue
            if observation.component is None:
                values.setdefault((observation.indicator, observation.period), observation)
            else:
                counters.setdefault((observation.component, observation.period), observation)
        object.__setattr__(self, "_counters", counters)
        object.__setattr__(self, "_values", values)

    def __repr__(self) -> str:
        return f"<Measurements: {len(self.observations)} observations>"

    def counter(self, counter_id: str, period: Period) -> Observation | None:
        """The value entered for ``counter_id`` and exactly ``period``, if any.

        Examples:
            >>> from qualepref.periods import Month
            >>> row = Observation("pan_usagers", Month(2022, 1), "pan_usagers_accueillis", 26)
            >>> Measurements([row]).counter("pan_usagers_accueillis", Month(2022, 1)).value
            26
        """
        return self._counters.get((counter_id, period))

    def value(self, indicator_id: str, period: Period) -> Observation | None:
        """The value entered for ``indicator_id`` and exactly ``period``, if any.

        Examples:
            >>> from qualepref.periods import Quarter
            >>> data = Measurements([Observation("appels_aboutis", Quarter(2022, 1), None, 0.9551)])
            >>> data.value("appels_aboutis", Quarter(2022, 1)).value
            0.9551
        """
        return self._values.get((indicator_id, period))

    def values_within(self, indicator_id: str, within: Period) -> tuple[Observation, ...]:
        """The values entered for ``indicator_id`` on periods within ``within``, in order.

        Examples:
            >>> from qualepref.periods import Quarter, Year
            >>> row = Observation("clu", Quarter(2022, 2), None, 1)
            >>> [str(o.period) for o in Measurements([row]).values_within("clu", Year(2022))]
            ['2022-T2']
        """
        found = [
            observation
            for (indicator, period), observation in self._values.items()
            if indicator == indicator_id and within.contains(period)
        ]
        return tuple(sorted(found, key=lambda o: o.period.sort_key()))

    def notes(self, indicator_id: str, within: Period) -> tuple[str, ...]:
        """The notes entered for ``indicator_id`` on periods within ``within``, in order.

        Examples:
            >>> from qualepref.periods import Quarter, Year
            >>> row = Observation("clu", Quarter(2022, 2), None, 1, note="18/05/22")
            >>> Measurements([row]).notes("clu", Year(2022))
            ('18/05/22',)
        """
        found = [
            o
            for o in self.observations
            if o.indicator == indicator_id and o.note and within.contains(o.period)
        ]
        found.sort(key=lambda o: (o.period.sort_key(), o.line or 0))
        return tuple(dict.fromkeys(o.note for o in found if o.note))


def _known(
    measurements: Measurements, counter_id: str, kind: CounterKind, period: Period
) -> _Known | None:
    """A counter's value over ``period``: entered for it, or from the periods beneath."""
    entered = measurements.counter(counter_id, period)
    if entered is not None and entered.value is not None:
        return _Known(entered.value, frozenset(period.months()), entered.sample)
    parts = [
        found
        for child in period.children()
        if (found := _known(measurements, counter_id, kind, child)) is not None
    ]
    if not parts:
        return None
    months = frozenset().union(*(part.months for part in parts))
    sample = any(part.sample for part in parts)
    if kind is CounterKind.STOCK:
        return _Known(parts[-1].value, months, sample)
    values = [part.value for part in parts]
    exact = all(isinstance(value, int) for value in values)
    return _Known(sum(values) if exact else math.fsum(values), months, sample)


def evaluate(
    referentiel: Referentiel,
    measurements: Measurements,
    indicator_id: str,
    period: Period,
    *,
    mean_of_values: bool = False,
) -> IndicatorResult:
    """The value of ``indicator_id`` for ``period``, from ``measurements``.

    Examples:
        >>> from qualepref import load_referentiel
        >>> from qualepref.periods import Month, Year
        >>> rows = [
        ...     Observation("courriels_info_5j", Month(2022, month), counter, value)
        ...     for month, received, in_time in [(5, 173, 156), (6, 178, 157)]
        ...     for counter, value in [
        ...         ("courriels_info_recus", received),
        ...         ("courriels_info_dans_le_delai", in_time),
        ...     ]
        ... ]
        >>> data = Measurements(rows)
        >>> result = evaluate(load_referentiel(), data, "courriels_info_5j", Year(2022))
        >>> result.measure, result.complete
        (Rate(numerator=313, denominator=351), False)
    """
    return _Evaluator(referentiel, measurements, mean_of_values).evaluate(indicator_id, period)


@attrs.frozen
class _Evaluator:
    referentiel: Referentiel
    measurements: Measurements
    mean_of_values: bool

    def evaluate(
        self, indicator_id: str, period: Period, seen: tuple[str, ...] = ()
    ) -> IndicatorResult:
        indicator = self.referentiel.indicator(indicator_id)
        shape = shape_of(indicator, self.referentiel)
        from_components = self._from_components(indicator, shape, period, seen)
        entered = self.measurements.value(indicator_id, period)
        if from_components is not None:
            if entered is not None:
                return attrs.evolve(from_components, reported=entered.value)
            return from_components
        if entered is not None:
            return self._entered(indicator_id, shape, entered)
        return self._from_children(indicator_id, period, seen)

    def _entered(self, indicator_id: str, shape: Shape, entered: Observation) -> IndicatorResult:
        if entered.value is None:
            return IndicatorResult(
                indicator_id, entered.period, CellState.SANS_OBJET, sample=entered.sample
            )
        measure: Measure = (
            Count(entered.value) if shape is Shape.COUNT else ValueOnly(entered.value)
        )
        return IndicatorResult(
            indicator_id, entered.period, CellState.VALUE, measure, sample=entered.sample
        )

    def _from_components(
        self, indicator: IndicatorDefinition, shape: Shape, period: Period, seen: tuple[str, ...]
    ) -> IndicatorResult | None:
        formula = indicator.compiled
        counters = self.referentiel.counters_read_by(indicator)
        values: dict[str, float] = {}
        months: list[frozenset[Month]] = []
        sample = False
        for name in sorted(formula.names):
            if name in counters:
                kind = self.referentiel.counter(name).kind
                known = _known(self.measurements, name, kind, period)
                if known is None:
                    return None
                values[name], sample = known.value, sample or known.sample
                months.append(known.months)
                continue
            if name in seen or name == indicator.id:
                return None
            inner = self.evaluate(name, period, (*seen, indicator.id))
            if inner.state is not CellState.VALUE:
                return attrs.evolve(inner, indicator=indicator.id, measure=None)
            values[name] = inner.value  # type: ignore[assignment]  # VALUE has a value
            sample = sample or inner.sample
            if not inner.complete:
                months.append(frozenset())
        complete = all(m >= frozenset(period.months()) for m in months)
        if not complete and self._values_beneath(indicator.id, period):
            return None  # components for some parts, values for others: not to be mixed
        if indicator.per is not None and indicator.per.months < period.months_long:
            share = indicator.per.months / period.months_long  # a year: 3 / 12 of its visits
            values = {
                name: value * share
                if name in counters and self.referentiel.counter(name).kind is CounterKind.FLOW
                else value
                for name, value in values.items()
            }
        measure = measure_from_components(indicator, shape, values)
        state = (
            CellState.SANS_OBJET if measure is None or measure.value is None else CellState.VALUE
        )
        return IndicatorResult(
            indicator.id, period, state, measure, complete=complete, sample=sample
        )

    def _values_beneath(self, indicator_id: str, period: Period) -> bool:
        """Whether a value (not components) was entered for a period within ``period``."""
        return any(
            self.measurements.value(indicator_id, child) is not None
            or self._values_beneath(indicator_id, child)
            for child in period.children()
        )

    def _from_children(
        self, indicator_id: str, period: Period, seen: tuple[str, ...]
    ) -> IndicatorResult:
        children = [self.evaluate(indicator_id, child, seen) for child in period.children()]
        present = [c for c in children if c.state is not CellState.NON_RENSEIGNE]
        if not present:
            return IndicatorResult(indicator_id, period, CellState.NON_RENSEIGNE)
        complete = len(present) == len(children) and all(c.complete for c in present)
        sample = any(c.sample for c in present)
        if any(c.state is CellState.NON_CALCULABLE for c in present):
            return IndicatorResult(
                indicator_id,
                period,
                CellState.NON_CALCULABLE,
                complete=complete,
                sample=sample,
                notes=present[0].notes,
            )
        measured = [
            c.measure for c in present if c.state is CellState.VALUE and c.measure is not None
        ]
        if not measured:  # every part is sans objet
            return IndicatorResult(
                indicator_id, period, CellState.SANS_OBJET, complete=complete, sample=sample
            )
        try:
            measure = _aggregate_parts(measured, mean_of_values=self.mean_of_values)
        except AggregationError as error:
            return IndicatorResult(
                indicator_id,
                period,
                CellState.NON_CALCULABLE,
                complete=complete,
                sample=sample,
                notes=(str(error),),
            )
        return IndicatorResult(
            indicator_id, period, CellState.VALUE, measure, complete=complete, sample=sample
        )


def _aggregate_parts(measures: Iterable[Measure], *, mean_of_values: bool) -> Measure:
    """Aggregate the measures of sub-periods known only by their values or counts."""
    items = list(measures)
    if all(isinstance(m, Count) for m in items):
        return aggregate(items)
    if all(isinstance(m, (ValueOnly, MeanOfValues)) for m in items):
        return aggregate(items, mean_of_values=mean_of_values)
    msg = (
        "les sous-périodes mêlent composantes et valeurs seules : saisissez les composantes "
        "de chaque mois, ou les valeurs seules"
    )
    raise AggregationError(msg)
