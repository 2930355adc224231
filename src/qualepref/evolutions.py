"""The evolution of an indicator from one year to the next, judged by its direction.

A rate moves in points (91,5 % after 89,4 % is « +2,1 pt »), any other value in its unit
(« −0,5 j », « +3 »); whether that is an improvement depends on the indicator: a higher
rate is better, a longer délai is worse.
"""

from __future__ import annotations

import enum
import math

import attrs

from qualepref.referentiel.models import Direction, Unit

__all__ = ["Evolution", "Trend", "evolution"]

_TOLERANCE = 1e-9


class Trend(enum.Enum):
    """Which way the value went, judged by the indicator's direction.

    Examples:
        >>> [trend.label for trend in Trend]
        ['amélioration', 'dégradation', 'stable', 'non jugée']
    """

    BETTER = "better"
    WORSE = "worse"
    STEADY = "steady"
    UNJUDGED = "unjudged"
    """The indicator has no direction: a change is neither better nor worse."""

    @property
    def label(self) -> str:
        """The French label."""
        return _LABELS[self]

    @property
    def arrow(self) -> str:
        """▲ better, ▼ worse, = steady; nothing when not judged."""
        return _ARROWS[self]


_LABELS = {
    Trend.BETTER: "amélioration",
    Trend.WORSE: "dégradation",
    Trend.STEADY: "stable",
    Trend.UNJUDGED: "non jugée",
}
_ARROWS = {Trend.BETTER: "▲", Trend.WORSE: "▼", Trend.STEADY: "=", Trend.UNJUDGED: ""}


@attrs.frozen
class Evolution:
    """The change from N-1 to N: in points for a rate, in the unit otherwise.

    ``change`` is ``None`` when either year has no value; ``trend`` is then ``None`` too.

    Examples:
        >>> evolution(0.8942, 0.9147, Unit.RATE, Direction.HIGHER_IS_BETTER).points
        2.05
    """

    change: float | None
    """N − (N-1), in the value's own terms (a fraction for a rate)."""
    unit: Unit
    trend: Trend | None

    @property
    def points(self) -> float | None:
        """The change in points for a rate (rounded to 0.01), else in the unit."""
        if self.change is None:
            return None
        return round(self.change * 100, 2) if self.unit is Unit.RATE else self.change


def evolution(
    previous: float | None, current: float | None, unit: Unit, direction: Direction
) -> Evolution:
    """How ``current`` moved from ``previous``, and whether that is better.

    Examples:
        >>> evolution(2.5, 1.8, Unit.WORKING_DAYS, Direction.LOWER_IS_BETTER).trend.label
        'amélioration'
        >>> evolution(None, 0.9, Unit.RATE, Direction.HIGHER_IS_BETTER).trend is None
        True
        >>> evolution(-1e308, 1e308, Unit.COUNT, Direction.HIGHER_IS_BETTER).change is None
        True
        >>> evolution(3, 3, Unit.COUNT, Direction.NO_TARGET).trend, evolution(
        ...     3, 4, Unit.COUNT, Direction.NO_TARGET).trend.label
        (<Trend.STEADY: 'steady'>, 'non jugée')
    """
    if previous is None or current is None:
        return Evolution(None, unit, None)
    change = current - previous
    if not math.isfinite(change):
        return Evolution(None, unit, None)
    if abs(change) <= _TOLERANCE * max(1.0, abs(previous)):
        return Evolution(0.0, unit, Trend.STEADY)
    if direction is Direction.NO_TARGET:
        return Evolution(change, unit, Trend.UNJUDGED)
    higher = direction is Direction.HIGHER_IS_BETTER
    return Evolution(change, unit, Trend.BETTER if (change > 0) == higher else Trend.WORSE)
