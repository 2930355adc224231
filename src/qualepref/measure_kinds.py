"""Measures: an indicator's value for a period, with the components it comes from.

A rate keeps its numerator and denominator, a mean its total and count: adding two
measures of the same kind adds their components, so that a quarter or a year is always
*aggregated first and divided last* (Σ answered in time / Σ received), never averaged
from monthly rates. A zero denominator gives ``value is None``: « sans objet », nothing
to measure — never an exception, an infinity or a NaN.

Examples:
    >>> from qualepref import aggregate, rate
    >>> may, june = rate(156, 173), rate(157, 178)
    >>> round(aggregate([may, june]).value, 4)  # not the mean of 90.2 % and 88.2 %
    0.8917
    >>> rate(0, 0).value is None
    True
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from typing import Any, ClassVar, Self

import attrs

from qualepref.errors import QualeprefError

__all__ = [
    "AggregationError",
    "Count",
    "Mean",
    "MeanOfValues",
    "Measure",
    "MeasureError",
    "MeasureKind",
    "PerThousand",
    "Rate",
    "Ratio",
    "ValueOnly",
    "aggregate",
    "mean",
    "per_thousand",
    "rate",
]


class MeasureError(QualeprefError):
    """A measure built from impossible components, or two kinds of measure mixed."""


class AggregationError(QualeprefError):
    """Values known without their components, which cannot be aggregated honestly."""


class MeasureKind(enum.Enum):
    """What a measure is, with its French label.

    Examples:
        >>> MeasureKind.MEAN.label
        'moyenne'
    """

    RATE = "rate"
    PER_THOUSAND = "per_thousand"
    RATIO = "ratio"
    MEAN = "mean"
    COUNT = "count"
    VALUE_ONLY = "value_only"
    MEAN_OF_VALUES = "mean_of_values"

    @property
    def label(self) -> str:
        """The French label."""
        return _KIND_LABELS[self]

    @property
    def with_article(self) -> str:
        """The French label with its indefinite article: « une moyenne »."""
        feminine = self in {MeasureKind.MEAN, MeasureKind.VALUE_ONLY, MeasureKind.MEAN_OF_VALUES}
        return f"{'une' if feminine else 'un'} {self.label}"


_KIND_LABELS = {
    MeasureKind.RATE: "taux",
    MeasureKind.PER_THOUSAND: "taux pour 1 000",
    MeasureKind.RATIO: "rapport",
    MeasureKind.MEAN: "moyenne",
    MeasureKind.COUNT: "nombre",
    MeasureKind.VALUE_ONLY: "valeur sans composantes",
    MeasureKind.MEAN_OF_VALUES: "moyenne non pondérée des valeurs",
}


def _amount(name: str) -> Any:
    """An attrs validator: a finite number, zero or more."""

    def check(_instance: object, _attribute: object, value: Any) -> None:
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
            or value < 0
        ):
            msg = f"{name} doit être un nombre positif ou nul, pas {value!r}"
            raise MeasureError(msg)

    return check


def _finite(_instance: object, _attribute: object, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        msg = f"une valeur doit être un nombre fini, pas {value!r}"
        raise MeasureError(msg)


class _Measure:
    """What every measure shares."""

    __slots__ = ()
    kind: MeasureKind

    @property
    def value(self) -> float | None:
        """The measure's value; ``None`` when there was nothing to measure (« sans objet »)."""
        raise NotImplementedError

    _names: ClassVar[tuple[tuple[str, str], ...]]  # (attribute, French name) of each component

    def components(self) -> dict[str, float]:
        """The components, by their French names: the columns of a measurements file.

        Examples:
            >>> rate(719, 786).components(), mean(58, 29).components()
            ({'numerateur': 719, 'denominateur': 786}, {'total': 58, 'nombre': 29})
        """
        return {french: getattr(self, name) for name, french in self._names}

    _part_of_whole: ClassVar[str | None] = None  # the numerator counts part of the denominator
    _additive: ClassVar[bool] = True  # whether two of them add up component by component

    def __attrs_post_init__(self) -> None:
        numerator = getattr(self, "numerator", 0)
        denominator = getattr(self, "denominator", 0)
        if self._part_of_whole and numerator > denominator:
            msg = (
                f"le numérateur ({numerator}) dépasse le dénominateur ({denominator}) : "
                f"{self._part_of_whole} compte une partie d'un tout"
            )
            raise MeasureError(msg)

    def __add__(self, other: object) -> Self:
        """The measure of two periods together: the components added one by one."""
        if type(other) is type(self):
            if not self._additive:
                msg = (
                    f"{self.kind.with_article} ne s'additionne pas : sans composantes, deux "
                    "valeurs ne donnent pas celle de leurs deux périodes (voir aggregate)"
                )
                raise AggregationError(msg)
            parts = (getattr(self, name) + getattr(other, name) for name, _ in self._names)
            return type(self)(*parts)
        self._refuse(other)
        return NotImplemented

    def _refuse(self, other: object) -> None:
        """Refuse to add a measure of another kind (anything else is Python's business)."""
        if isinstance(other, _Measure):
            msg = f"on n'additionne pas {other.kind.with_article} et {self.kind.with_article}"
            raise MeasureError(msg)


def _quotient(numerator: float, denominator: float, factor: float = 1) -> float | None:
    return None if denominator == 0 else factor * numerator / denominator


@attrs.frozen
class Rate(_Measure):
    """A proportion: ``numerator`` of ``denominator`` (answered in time of received).

    Examples:
        >>> Rate(719, 786).value
        0.9147582697201018
        >>> Rate(156, 173) + Rate(157, 178)
        Rate(numerator=313, denominator=351)
    """

    kind = MeasureKind.RATE
    _part_of_whole = "un taux"
    _names = (("numerator", "numerateur"), ("denominator", "denominateur"))
    numerator: float = attrs.field(validator=_amount("le numérateur"))
    denominator: float = attrs.field(validator=_amount("le dénominateur"))

    @property
    def value(self) -> float | None:
        """``numerator / denominator`` (a fraction: 0.9 for 90 %); ``None`` for 0/0."""
        return _quotient(self.numerator, self.denominator)


@attrs.frozen
class PerThousand(_Measure):
    """A rate per 1,000: proven frauds per 1,000 files processed.

    Examples:
        >>> round(PerThousand(5, 11_400).value, 4)
        0.4386
    """

    kind = MeasureKind.PER_THOUSAND
    _part_of_whole = "un taux pour 1 000"
    _names = (("numerator", "numerateur"), ("denominator", "denominateur"))
    numerator: float = attrs.field(validator=_amount("le numérateur"))
    denominator: float = attrs.field(validator=_amount("le dénominateur"))

    @property
    def value(self) -> float | None:
        """``1000 × numerator / denominator``; ``None`` for 0/0."""
        return _quotient(self.numerator, self.denominator, 1000)


@attrs.frozen
class Ratio(_Measure):
    """A quotient of two different quantities, unbounded: visits per inhabitant.

    Examples:
        >>> Ratio(30, 20).value
        1.5
    """

    kind = MeasureKind.RATIO
    _names = (("numerator", "numerateur"), ("denominator", "denominateur"))
    numerator: float = attrs.field(validator=_amount("le numérateur"))
    denominator: float = attrs.field(validator=_amount("le dénominateur"))

    @property
    def value(self) -> float | None:
        """``numerator / denominator``; ``None`` when the denominator is 0."""
        return _quotient(self.numerator, self.denominator)


@attrs.frozen
class Mean(_Measure):
    """An average: a total (of délais, in days) over a count (of answers).

    Examples:
        >>> Mean(58, 29).value
        2.0
    """

    kind = MeasureKind.MEAN
    _names = (("total", "total"), ("count", "nombre"))
    total: float = attrs.field(validator=_amount("le total"))
    count: float = attrs.field(validator=_amount("le nombre"))

    @property
    def value(self) -> float | None:
        """``total / count``; ``None`` when nothing was counted."""
        return _quotient(self.total, self.count)


@attrs.frozen
class Count(_Measure):
    """A number that adds up over time: meetings held, users received.

    Examples:
        >>> (Count(2) + Count(2) + Count(0) + Count(1)).value
        5
    """

    kind = MeasureKind.COUNT
    _names = (("count", "valeur"),)
    count: float = attrs.field(validator=_amount("le nombre"))

    @property
    def value(self) -> float:
        """The count."""
        return self.count


@attrs.frozen
class ValueOnly(_Measure):
    """A value known without its components (a rate copied from a tableau de bord).

    It cannot be aggregated: a quarter's rate does not say how many letters it covers.

    Examples:
        >>> ValueOnly(0.9551).value
        0.9551
    """

    kind = MeasureKind.VALUE_ONLY
    _additive = False
    _names = (("number", "valeur"),)
    number: float = attrs.field(validator=_finite)

    @property
    def value(self) -> float:
        """The value."""
        return self.number


@attrs.frozen
class MeanOfValues(_Measure):
    """The unweighted mean of values known without components — the spreadsheet habit.

    Only :func:`aggregate` with ``mean_of_values=True`` makes one, and every output marks
    it: a quarter with 2 letters weighs as much as one with 200.

    Examples:
        >>> MeanOfValues((0.9551, 0.9555, 0.8791, 0.8086)).value
        0.899575
    """

    kind = MeasureKind.MEAN_OF_VALUES
    _additive = False
    values: tuple[float, ...]

    @property
    def value(self) -> float | None:
        """The mean of the values; ``None`` when there are none."""
        return math.fsum(self.values) / len(self.values) if self.values else None

    def components(self) -> dict[str, float]:
        """``valeurs``: how many values were averaged.

        Examples:
            >>> MeanOfValues((1.0, 0.5)).components()
            {'valeurs': 2}
        """
        return {"valeurs": len(self.values)}


Measure = Rate | PerThousand | Ratio | Mean | Count | ValueOnly | MeanOfValues
"""Any measure."""


def rate(numerator: float, denominator: float) -> Rate:
    """A rate: ``numerator`` of ``denominator``, as a fraction (0.9 for 90 %).

    Raises:
        MeasureError: a negative or non-finite component, or a numerator above its denominator.

    Examples:
        >>> m = rate(numerator=719, denominator=786)
        >>> round(m.value, 4), rate(0, 0).value is None
        (0.9148, True)
    """
    return Rate(numerator, denominator)


def mean(total: float, count: float) -> Mean:
    """A mean: ``total`` over ``count`` (Σ délais over answers).

    Examples:
        >>> mean(total=58, count=29).value
        2.0
    """
    return Mean(total, count)


def per_thousand(numerator: float, denominator: float) -> PerThousand:
    """A rate per 1,000: ``1000 × numerator / denominator``.

    Examples:
        >>> round(per_thousand(5, 11_400).value, 3)
        0.439
    """
    return PerThousand(numerator, denominator)


def aggregate(measures: Iterable[Measure], *, mean_of_values: bool = False) -> Measure:
    """The measure of a longer period from those of the periods it is made of.

    Components are summed (Σ numerators / Σ denominators), never rates averaged. Values
    known without components cannot be aggregated: that raises, unless
    ``mean_of_values=True`` asks for the spreadsheet's unweighted mean, which comes back
    as a :class:`MeanOfValues` so that every output can mark it.

    Raises:
        MeasureError: no measure, or measures of different kinds.
        AggregationError: values without components, and ``mean_of_values`` is false.

    Examples:
        >>> months = [rate(22, 22), rate(156, 173), rate(53, 72)]
        >>> aggregate(months)
        Rate(numerator=231, denominator=267)
        >>> aggregate([ValueOnly(1.0), ValueOnly(0.5)], mean_of_values=True).value
        0.75
    """
    items = list(measures)
    if not items:
        raise MeasureError("aucune mesure à agréger")
    if all(isinstance(item, (ValueOnly, MeanOfValues)) for item in items):
        if not mean_of_values:
            msg = (
                f"{len(items)} valeurs connues sans leurs composantes : leur total ne se déduit "
                "pas sans inventer une pondération ; saisissez les composantes (numérateur et "
                "dénominateur, total et nombre) ou demandez explicitement la moyenne non "
                "pondérée des valeurs"
            )
            raise AggregationError(msg)
        values: list[float] = []
        for item in items:
            if isinstance(item, MeanOfValues):
                values.extend(item.values)
            else:
                values.append(item.number)  # type: ignore[union-attr]  # a ValueOnly
        return MeanOfValues(tuple(values))
    total: Any = items[0]
    for item in items[1:]:
        total = total + item  # a MeasureError on a mix of kinds
    result: Measure = total
    return result
