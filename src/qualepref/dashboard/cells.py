"""How the tableau writes values, states, gaps and statuses: French, and never ambiguous.

A value is written in its unit (``91,48 %``, ``2 j``, ``0,44 ‰``, ``5``); a cell without
a value says why: « sans objet » (nothing to measure), « non renseigné » (no data),
« non calculable » (values without components); an unweighted mean of values carries a
``*``. None of them is ever a blank, a ``0`` or ``#DIV/0!``.
"""

from __future__ import annotations

from qualepref.evaluation import CellState, IndicatorResult
from qualepref.evolutions import Evolution
from qualepref.french_numbers import format_number
from qualepref.referentiel.models import Periodicity, Unit
from qualepref.statuses import Gap

__all__ = [
    "UNWEIGHTED_MARK",
    "cell_text",
    "evolution_text",
    "format_number",
    "format_value",
    "gap_text",
]

UNWEIGHTED_MARK = "*"
"""Written after a value that is an unweighted mean of values."""
NOT_EXPECTED = "(annuel)"
"""Written in a quarter's cell of an annual indicator with no quarterly value (and
« (trimestriel) » in a month's cell of a quarterly one)."""


def format_value(value: float, unit: Unit) -> str:
    """``value`` in ``unit``: a rate as a percentage, days with ``j``, per-mille with ``‰``.

    Examples:
        >>> format_value(0.91476, Unit.RATE), format_value(1.8, Unit.WORKING_DAYS)
        ('91,48 %', '1,8 j')
        >>> format_value(0.4386, Unit.PER_THOUSAND), format_value(5, Unit.COUNT)
        ('0,44 ‰', '5')
    """
    if unit is Unit.RATE:
        return f"{format_number(value * 100, 2)} %"
    if unit is Unit.PER_THOUSAND:
        return f"{format_number(value, 2)} ‰"
    if unit.is_duration:
        return f"{format_number(value)} j"
    return format_number(value)


def cell_text(result: IndicatorResult, unit: Unit, periodicity: Periodicity | None = None) -> str:
    """What a tableau cell shows for ``result``.

    ``periodicity`` tells whether a quarter's cell is expected: an annual indicator with no
    quarterly value shows « (annuel) », not « non renseigné ».

    Examples:
        >>> from qualepref.measure_kinds import rate
        >>> from qualepref.periods import Quarter
        >>> t1 = Quarter(2022, 1)
        >>> cell_text(IndicatorResult("x", t1, CellState.VALUE, rate(0, 0)), Unit.RATE)
        'sans objet'
        >>> cell_text(IndicatorResult("x", t1, CellState.NON_RENSEIGNE), Unit.RATE)
        'non renseigné'
    """
    if result.state is CellState.VALUE and result.value is not None:
        mark = f" {UNWEIGHTED_MARK}" if result.unweighted else ""
        return format_value(result.value, unit) + mark
    if result.state is CellState.VALUE:
        return CellState.SANS_OBJET.label
    if (
        result.state is CellState.NON_RENSEIGNE
        and periodicity is not None
        and periodicity is not Periodicity.MONTHLY
        and result.period.months_long < periodicity.months
    ):
        return NOT_EXPECTED if periodicity is Periodicity.ANNUAL else "(trimestriel)"
    return result.state.label


def gap_text(gap: Gap) -> str:
    """The gap to the cible, relative, signed so that ``+`` is a shortfall; ``—`` when none.

    Examples:
        >>> gap_text(Gap(0.0058, 0.0064)), gap_text(Gap(-0.5, -0.05)), gap_text(Gap(None, None))
        ('+0,64 %', '−5 %', '—')
    """
    if gap.relative is None:
        return "—"
    sign = "+" if gap.relative > 0 else ""
    decimals = 2 if abs(gap.relative) < 0.01 else 1
    return f"{sign}{format_number(gap.relative * 100, decimals)} %"


def evolution_text(evolution: Evolution) -> str:
    """The year against N-1: points for a rate, the unit otherwise, and whether it is better.

    Examples:
        >>> from qualepref.evolutions import evolution
        >>> from qualepref.referentiel.models import Direction
        >>> evolution_text(evolution(0.8942, 0.9147, Unit.RATE, Direction.HIGHER_IS_BETTER))
        '▲ amélioration : +2,05 pt'
        >>> evolution_text(evolution(1.5, 2.0, Unit.WORKING_DAYS, Direction.LOWER_IS_BETTER))
        '▼ dégradation : +0,5 j'
        >>> evolution_text(evolution(3, 3, Unit.COUNT, Direction.NO_TARGET))
        'stable : 0'
        >>> evolution_text(evolution(None, 2.0, Unit.COUNT, Direction.HIGHER_IS_BETTER))
        '—'
    """
    points, trend = evolution.points, evolution.trend
    if points is None or trend is None:
        return "—"
    unit = evolution.unit
    if unit is Unit.RATE:
        amount = f"{format_number(points, 2)} pt"
    elif unit is Unit.PER_THOUSAND:
        amount = f"{format_number(points, 2)} ‰"
    elif unit.is_duration:
        amount = f"{format_number(points)} j"
    else:
        amount = format_number(points)
    sign = "+" if points > 0 else ""
    arrow = f"{trend.arrow} " if trend.arrow and trend.arrow != "=" else ""
    return f"{arrow}{trend.label} : {sign}{amount}"  # never « = » or « + » first: not a formula
