"""Gaps to the cible and status bands, with the indicator's direction taken into account.

The gap is signed so that **a positive gap is always a shortfall**: for a rate (higher is
better) it is cible − value, for a délai (lower is better) value − cible. The status
compares the shortfall, relative to the cible, with bands; the default reproduces the
legend of the tableaux de bord: « conforme » (no shortfall), up to 25 %, over 25 % up to
50 %, over 50 %. A délai moyen of 1 day against a cible of 10 is therefore met, not
failed.

Examples:
    >>> from qualepref import Direction, Status, status, target_gap
    >>> status(1, 10, Direction.LOWER_IS_BETTER) is Status.MET
    True
    >>> gap = target_gap(0.8942, 0.90, Direction.HIGHER_IS_BETTER)
    >>> round(gap.absolute, 4), round(gap.relative, 4)
    (0.0058, 0.0064)
    >>> status(0.8942, 0.90, Direction.HIGHER_IS_BETTER)
    <Status.MINOR: 'minor'>
"""

from __future__ import annotations

import enum
import math

import attrs

from qualepref.errors import QualeprefError
from qualepref.referentiel.models import Direction

__all__ = ["DEFAULT_BANDS", "Gap", "Status", "StatusBands", "status", "target_gap"]

_TOLERANCE = 1e-9  # so that a shortfall of exactly 25 % is not 25.000000000000004 %


class Status(enum.Enum):
    """Where a value stands against its cible.

    The first four judge a value against its cible; the others say why a period is not
    judged, and are never conflated.

    Examples:
        >>> for s in Status:
        ...     print(s.symbol, s.label)
        ✓ cible atteinte
        ◔ écart mineur
        ◑ écart modéré
        ● écart majeur
        – sans objet
        – non renseigné
        – non calculable
        – pas de cible
    """

    MET = "met"
    """No shortfall: the cible is reached or beaten."""
    MINOR = "minor"
    """A shortfall of up to 25 % of the cible (by default)."""
    MODERATE = "moderate"
    """A shortfall over 25 % and up to 50 % of the cible."""
    MAJOR = "major"
    """A shortfall over 50 % of the cible."""
    NOT_APPLICABLE = "not_applicable"
    """Sans objet: nothing to measure (no request received, a zero denominator)."""
    NOT_ENTERED = "not_entered"
    """Non renseigné: nothing was entered for the period."""
    NOT_COMPUTABLE = "not_computable"
    """Non calculable: values without their components, which cannot be aggregated."""
    NO_TARGET = "no_target"
    """Pas de cible: no cible for the indicator, for that year, or for that period."""

    @property
    def label(self) -> str:
        """The French label."""
        return _LABELS[self]

    @property
    def color(self) -> str | None:
        """The colour of the status cell (hex RGB), ``None`` for no judgement."""
        return _COLORS.get(self)

    @property
    def symbol(self) -> str:
        """A shape that tells the status apart in black and white: ✓ ◔ ◑ ●, – when not judged."""
        return _SYMBOLS.get(self, "–")

    @property
    def judged(self) -> bool:
        """Whether a value was judged against a cible (met or short of it)."""
        return self in _COLORS


_LABELS = {
    Status.MET: "cible atteinte",
    Status.MINOR: "écart mineur",
    Status.MODERATE: "écart modéré",
    Status.MAJOR: "écart majeur",
    Status.NOT_APPLICABLE: "sans objet",
    Status.NOT_ENTERED: "non renseigné",
    Status.NOT_COMPUTABLE: "non calculable",
    Status.NO_TARGET: "pas de cible",
}
_COLORS = {
    Status.MET: "63BE7B",  # green
    Status.MINOR: "FFEB84",  # yellow
    Status.MODERATE: "F8A95E",  # orange
    Status.MAJOR: "F8696B",  # red
}
_SYMBOLS = {Status.MET: "✓", Status.MINOR: "◔", Status.MODERATE: "◑", Status.MAJOR: "●"}


def _check_band(_instance: object, _attribute: object, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
        msg = (
            f"une borne d'écart est une fraction positive ou nulle (0.25 pour 25 %), pas {value!r}"
        )
        raise QualeprefError(msg)


@attrs.frozen
class StatusBands:
    """The upper bounds, as fractions of the cible, of the minor and moderate shortfalls.

    Examples:
        >>> StatusBands(minor=0.1, moderate=0.3)
        StatusBands(minor=0.1, moderate=0.3)
    """

    minor: float = attrs.field(default=0.25, validator=_check_band)
    """A shortfall up to this fraction of the cible is minor (default 25 %)."""
    moderate: float = attrs.field(default=0.5, validator=_check_band)
    """Up to this fraction it is moderate; beyond, major (default 50 %)."""

    def describe(self) -> str:
        """The bands in French, for a tableau's legend.

        Examples:
            >>> for part in StatusBands().describe().split(" ; "):
            ...     print(part)
            écart mineur : jusqu’à 25 % de la cible
            écart modéré : plus de 25 % et jusqu’à 50 %
            écart majeur : plus de 50 %
        """
        minor, moderate = (f"{100 * b:g}".replace(".", ",") for b in (self.minor, self.moderate))
        return (
            f"écart mineur : jusqu’à {minor} % de la cible ; écart modéré : plus de {minor} % "
            f"et jusqu’à {moderate} % ; écart majeur : plus de {moderate} %"
        )

    def __attrs_post_init__(self) -> None:
        if self.moderate < self.minor:
            msg = f"bornes incohérentes : moderate ({self.moderate}) < minor ({self.minor})"
            raise QualeprefError(msg)


DEFAULT_BANDS = StatusBands()
"""The legend of the tableaux de bord: 25 % and 50 % of the cible."""


@attrs.frozen
class Gap:
    """The gap between a value and its cible; positive means a shortfall.

    ``relative`` is the gap divided by the cible; ``None`` when the cible is 0, or when
    there is no value or no cible (then ``absolute`` is ``None`` too).

    Examples:
        >>> Gap(absolute=0.05, relative=0.0556).absolute > 0  # short of the cible
        True
    """

    absolute: float | None
    """Value − cible (lower is better) or cible − value (higher is better)."""
    relative: float | None
    """``absolute / |cible|``."""


def _check_number(name: str, value: object) -> None:
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
    ):
        msg = f"{name} doit être un nombre fini, pas {value!r}"
        raise QualeprefError(msg)


def target_gap(value: float | None, target: float | None, direction: Direction) -> Gap:
    """The gap from ``value`` to ``target``, signed so that a positive gap is a shortfall.

    Raises:
        QualeprefError: ``value`` or ``target`` is not a finite number.

    Examples:
        >>> target_gap(12, 10, Direction.LOWER_IS_BETTER)  # a délai 2 days too long
        Gap(absolute=2, relative=0.2)
        >>> target_gap(1.0, 0.9, Direction.HIGHER_IS_BETTER).absolute < 0  # beyond the cible
        True
    """
    _check_number("la valeur", value)
    _check_number("la cible", target)
    if value is None or target is None or direction is Direction.NO_TARGET:
        return Gap(None, None)
    absolute = target - value if direction is Direction.HIGHER_IS_BETTER else value - target
    relative = None if target == 0 else absolute / abs(target)
    return Gap(absolute, relative)


def status(
    value: float | None,
    target: float | None,
    direction: Direction,
    bands: StatusBands = DEFAULT_BANDS,
) -> Status:
    """The status of ``value`` against ``target``: met, minor, moderate, major, or why not.

    ``NO_TARGET`` when there is no cible or the indicator has no direction;
    ``NOT_APPLICABLE`` (sans objet) when there is no value to judge. With a cible of 0,
    any shortfall is major.

    Examples:
        >>> status(0.44, 0.5, Direction.HIGHER_IS_BETTER)  # 12 % short
        <Status.MINOR: 'minor'>
        >>> status(21.91, 15, Direction.LOWER_IS_BETTER)  # 46 % over
        <Status.MODERATE: 'moderate'>
        >>> status(None, 1.0, Direction.HIGHER_IS_BETTER)  # sans objet
        <Status.NOT_APPLICABLE: 'not_applicable'>
        >>> status(0.9, None, Direction.HIGHER_IS_BETTER).label
        'pas de cible'
    """
    gap = target_gap(value, target, direction)
    if gap.absolute is None:
        no_target = target is None or direction is Direction.NO_TARGET
        return Status.NO_TARGET if no_target else Status.NOT_APPLICABLE
    if gap.absolute <= _TOLERANCE:
        return Status.MET
    if gap.relative is None:  # a cible of 0, missed
        return Status.MAJOR
    if gap.relative <= bands.minor + _TOLERANCE:
        return Status.MINOR
    if gap.relative <= bands.moderate + _TOLERANCE:
        return Status.MODERATE
    return Status.MAJOR
