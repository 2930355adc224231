"""What an indicator's formula makes of its components: a rate, a mean, a count, or more.

The shape decides how an indicator is measured (:class:`~qualepref.measure_kinds.Rate`,
:class:`~qualepref.measure_kinds.Mean`…) and how it aggregates over time: components summed
then divided, values summed, or the formula recomputed. It depends on the formula, the
unit and the counters' kinds only: the référentiel's to say.
"""

from __future__ import annotations

import enum

from qualepref.referentiel.container import Referentiel
from qualepref.referentiel.models import CounterKind, IndicatorDefinition, Unit

__all__ = ["Shape", "shape_of"]


class Shape(enum.Enum):
    """What an indicator's formula makes of its components.

    Examples:
        >>> from qualepref import load_referentiel
        >>> ref = load_referentiel()
        >>> shape_of(ref.indicator("courriels_info_delai_moyen"), ref)
        <Shape.MEAN: 'mean'>
    """

    RATE = "rate"
    """N / D, a proportion: components summed, then divided."""
    PER_THOUSAND = "per_thousand"
    """1000 × N / D."""
    RATIO = "ratio"
    """N / D with a stock as denominator (visits per inhabitant)."""
    MEAN = "mean"
    """Total / count (Σ délais / answers; users / opening days)."""
    COUNT = "count"
    """A sum of flows: adds up over time."""
    DERIVED = "derived"
    """Any other formula, or one reading other indicators: recomputed for each period."""

    @property
    def aggregation(self) -> str:
        """How the indicator aggregates over time, in French."""
        if self is Shape.COUNT:
            return "somme des valeurs"
        if self is Shape.DERIVED:
            return "formule recalculée sur la période"
        return "somme des composantes, puis division"


def shape_of(indicator: IndicatorDefinition, referentiel: Referentiel) -> Shape:
    """The shape of ``indicator``'s formula, which decides its measure and its aggregation.

    Examples:
        >>> from qualepref import load_referentiel
        >>> ref = load_referentiel()
        >>> [shape_of(ref.indicator(i), ref).value for i in ("appels_aboutis", "copil")]
        ['rate', 'count']
    """
    formula = indicator.compiled
    if referentiel.counters_read_by(indicator) != formula.names:
        return Shape.DERIVED
    ratio = formula.as_ratio()
    if ratio is None:
        flows = all(referentiel.counter(name).kind is CounterKind.FLOW for name in formula.names)
        is_count = indicator.unit is Unit.COUNT and flows and "/" not in str(formula)
        return Shape.COUNT if is_count else Shape.DERIVED
    _, denominator, factor = ratio
    if indicator.unit is Unit.RATE and factor == 1:
        stocks = any(referentiel.counter(n).kind is CounterKind.STOCK for n in denominator.names)
        return Shape.RATIO if stocks else Shape.RATE
    if indicator.unit is Unit.PER_THOUSAND and factor == 1000:
        return Shape.PER_THOUSAND
    if indicator.unit in {Unit.WORKING_DAYS, Unit.CALENDAR_DAYS, Unit.COUNT} and factor == 1:
        return Shape.MEAN
    return Shape.DERIVED
