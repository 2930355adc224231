"""Reporting periods: month, quarter (T1–T4), semester and year.

Each is its own small frozen type; they share one protocol (``start``, ``end``,
``months()``, ``children()``, ``contains()``) and print and parse as the tableaux de bord
write them: ``2022-07``, ``2022-T3`` (also read ``2022-Q3``), ``2022-S1``, ``2022``, and
read the forms spreadsheets rewrite them into (``janv-22``, ``T1 2022``…).

Examples:
    >>> from qualepref.periods import parse_period
    >>> quarter = parse_period("2022-Q3")
    >>> str(quarter), [str(m) for m in quarter.months()], str(quarter.parent())
    ('2022-T3', ['2022-07', '2022-08', '2022-09'], '2022-S2')
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Any, ClassVar

import attrs

from qualepref.errors import QualeprefError

__all__ = ["Month", "Period", "PeriodError", "Quarter", "Semester", "Year", "parse_period"]

FIRST_YEAR = 1950
LAST_YEAR = 2100


class PeriodError(QualeprefError):
    """A period that cannot be read or does not exist."""


def _check_year(_instance: object, _attribute: object, value: Any) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not FIRST_YEAR <= value <= LAST_YEAR
    ):
        msg = f"année invalide : {value!r} (attendu {FIRST_YEAR} à {LAST_YEAR})"
        raise PeriodError(msg)


def _in_range(low: int, high: int, what: str) -> Callable[[object, object, Any], None]:
    def check(_instance: object, _attribute: object, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            msg = f"{what} invalide : {value!r} (attendu {low} à {high})"
            raise PeriodError(msg)

    return check


class _Period:
    """What every period shares; subclasses give ``year``, their first month and length."""

    __slots__ = ()
    kind: ClassVar[str]
    """French name of the kind of period."""
    months_long: ClassVar[int]
    """Number of months it lasts."""
    year: int

    @property
    def first_month(self) -> int:
        """Number (1–12) of its first month."""
        raise NotImplementedError

    @property
    def start(self) -> dt.date:
        """Its first day."""
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        """Its last day."""
        last = self.first_month + self.months_long
        if last > 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, last, 1) - dt.timedelta(days=1)

    def months(self) -> tuple[Month, ...]:
        """The months it covers, in order."""
        return tuple(Month(self.year, self.first_month + k) for k in range(self.months_long))

    def children(self) -> tuple[Period, ...]:
        """The periods it is computed from: a year's quarters, a quarter's months.

        Examples:
            >>> [str(p) for p in parse_period("2022-S2").children()], Month(2022, 1).children()
            (['2022-T3', '2022-T4'], ())
        """
        if isinstance(self, Year):
            return self.quarters()
        if isinstance(self, Semester):
            return (
                Quarter(self.year, 2 * self.semester - 1),
                Quarter(self.year, 2 * self.semester),
            )
        if isinstance(self, Quarter):
            return self.months()
        return ()

    def parent(self) -> Period | None:
        """The period it belongs to: a month's quarter, a quarter's semester, a semester's year.

        Examples:
            >>> str(Month(2022, 8).parent()), str(Quarter(2022, 3).parent()), Year(2022).parent()
            ('2022-T3', '2022-S2', None)
        """
        if isinstance(self, Month):
            return Quarter(self.year, (self.month - 1) // 3 + 1)
        if isinstance(self, Quarter):
            return Semester(self.year, (self.quarter - 1) // 2 + 1)
        if isinstance(self, Semester):
            return Year(self.year)
        return None

    def contains(self, other: Period) -> bool:
        """Whether ``other`` lies within this period (a period contains itself)."""
        return self.start <= other.start and other.end <= self.end

    def sort_key(self) -> tuple[dt.date, int]:
        """Chronological order; a longer period first when two start together."""
        return (self.start, -self.months_long)


@attrs.frozen(order=True)
class Month(_Period):
    """A calendar month.

    Examples:
        >>> Month(2022, 7), Month(2022, 7).end
        (Month(year=2022, month=7), datetime.date(2022, 7, 31))
    """

    kind: ClassVar[str] = "mois"
    months_long: ClassVar[int] = 1
    year: int = attrs.field(validator=_check_year)
    month: int = attrs.field(validator=_in_range(1, 12, "mois"))

    @property
    def first_month(self) -> int:
        """Its number, 1 to 12."""
        return self.month

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


@attrs.frozen(order=True)
class Quarter(_Period):
    """A quarter, T1 to T4 (« trimestre »).

    Examples:
        >>> Quarter(2022, 3), str(Quarter(2022, 3)), Quarter(2022, 3).label
        (Quarter(year=2022, quarter=3), '2022-T3', 'T3')
    """

    kind: ClassVar[str] = "trimestre"
    months_long: ClassVar[int] = 3
    year: int = attrs.field(validator=_check_year)
    quarter: int = attrs.field(validator=_in_range(1, 4, "trimestre"))

    @property
    def first_month(self) -> int:
        """Number of its first month: 1, 4, 7 or 10."""
        return 3 * self.quarter - 2

    @property
    def label(self) -> str:
        """``T1`` to ``T4``."""
        return f"T{self.quarter}"

    def __str__(self) -> str:
        return f"{self.year}-T{self.quarter}"


@attrs.frozen(order=True)
class Semester(_Period):
    """A half-year, S1 or S2.

    Examples:
        >>> [str(q) for q in Semester(2022, 2).children()]
        ['2022-T3', '2022-T4']
    """

    kind: ClassVar[str] = "semestre"
    months_long: ClassVar[int] = 6
    year: int = attrs.field(validator=_check_year)
    semester: int = attrs.field(validator=_in_range(1, 2, "semestre"))

    @property
    def first_month(self) -> int:
        """Number of its first month: 1 or 7."""
        return 6 * self.semester - 5

    def __str__(self) -> str:
        return f"{self.year}-S{self.semester}"


@attrs.frozen(order=True)
class Year(_Period):
    """A calendar year.

    Examples:
        >>> [str(q) for q in Year(2022).children()]
        ['2022-T1', '2022-T2', '2022-T3', '2022-T4']
    """

    kind: ClassVar[str] = "année"
    months_long: ClassVar[int] = 12
    year: int = attrs.field(validator=_check_year)

    @property
    def first_month(self) -> int:
        """January."""
        return 1

    def quarters(self) -> tuple[Quarter, ...]:
        """Its four quarters.

        Examples:
            >>> [q.label for q in Year(2022).quarters()]
            ['T1', 'T2', 'T3', 'T4']
        """
        return tuple(Quarter(self.year, k) for k in range(1, 5))

    def previous(self) -> Year:
        """The year before (« N-1 »).

        Examples:
            >>> Year(2022).previous()
            Year(year=2021)
        """
        return Year(self.year - 1)

    def __str__(self) -> str:
        return str(self.year)


Period = Month | Quarter | Semester | Year
"""Any reporting period."""

_PATTERNS: list[tuple[re.Pattern[str], type[Period]]] = [
    (re.compile(r"(\d{4})"), Year),
    (re.compile(r"(\d{4})-(\d{1,2})"), Month),
    (re.compile(r"(\d{4})-[TQ]([1-4])", re.IGNORECASE), Quarter),
    (re.compile(r"(\d{4})-S([12])", re.IGNORECASE), Semester),
]
# What a spreadsheet or a referent makes of those (compared without accents or case).
_ORDINAL = r"([1-4])\s*(?:er|re|e|eme|nd|nde)?"
_WRITTEN: list[tuple[re.Pattern[str], type[Period], tuple[int, int]]] = [
    (re.compile(r"(\d{1,2})[/.-](\d{4})"), Month, (2, 1)),  # 01/2022
    (re.compile(r"[tq]([1-4])[\s/-]*(\d{4})"), Quarter, (2, 1)),  # T1 2022
    (re.compile(r"s([12])[\s/-]*(\d{4})"), Semester, (2, 1)),  # S1 2022
    (re.compile(_ORDINAL + r"\s*trimestre\s*(\d{4})"), Quarter, (2, 1)),
    (re.compile(_ORDINAL + r"\s*semestre\s*(\d{4})"), Semester, (2, 1)),
]
_MONTH_NAMES = {
    "janv": 1, "janvier": 1, "fevr": 2, "fev": 2, "fevrier": 2, "mars": 3, "avr": 4,
    "avril": 4, "mai": 5, "juin": 6, "juil": 7, "juillet": 7, "aout": 8, "sept": 9,
    "septembre": 9, "oct": 10, "octobre": 10, "nov": 11, "novembre": 11, "dec": 12,
    "decembre": 12,
}  # fmt: skip
_NAMED_MONTH = re.compile(r"([a-z]+)\.?[\s-]*(\d{2}|\d{4})")
_FIRST_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})|(\d{4})-(\d{2})-(\d{2})")


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def _written(text: str) -> Period | None:
    """A period as Excel or a referent rewrites it: ``janv-22``, ``T1 2022``, ``01/01/2022``."""
    plain = _folded(text)
    for pattern, kind, order in _WRITTEN:
        found = pattern.fullmatch(plain)
        if found:
            numbers = [int(group) for group in found.groups()]
            return kind(*(numbers[index - 1] for index in order))
    found = _NAMED_MONTH.fullmatch(plain)
    if found and found.group(1) in _MONTH_NAMES:
        year = int(found.group(2))
        return Month(year + 2000 if year < 100 else year, _MONTH_NAMES[found.group(1)])
    found = _FIRST_DAY.fullmatch(plain)
    if found:
        parts = found.groups()[:3] if found.group(1) else tuple(reversed(found.groups()[3:]))
        day, month, year = (int(part) for part in parts)
        if day != 1:
            msg = (
                f"{text!r} est un jour, pas une période : un mois s'écrit 2022-01 "
                "(ou par son premier jour, 01/01/2022)"
            )
            raise PeriodError(msg)
        return Month(year, month)
    return None


def parse_period(text: str) -> Period:
    """The period written ``text``: ``2022``, ``2022-S1``, ``2022-T3`` or ``2022-Q3``, ``2022-07``.

    Also read, as spreadsheets rewrite them or referents type them: a month as
    ``janv-22``, ``janv.-22``, ``janvier 2022``, ``01/2022`` or its first day
    (``01/01/2022``, ``2022-01-01``); a quarter as ``T1 2022`` or ``1er trimestre 2022``;
    a semester as ``S1 2022`` or ``2e semestre 2022``.

    Raises:
        PeriodError: ``text`` is none of these, or names a month or year that does not exist.

    Examples:
        >>> parse_period("2022-T3") == parse_period("2022-q3") == Quarter(2022, 3)
        True
        >>> [str(parse_period(text)) for text in ("janv.-22", "01/2022", "1er trimestre 2022")]
        ['2022-01', '2022-01', '2022-T1']
        >>> parse_period("2022-13")
        Traceback (most recent call last):
        ...
        qualepref.periods.PeriodError: période invalide : '2022-13' (mois invalide : 13 ...
    """
    cleaned = text.strip()
    try:
        for pattern, kind in _PATTERNS:
            found = pattern.fullmatch(cleaned)
            if found:
                return kind(*(int(group) for group in found.groups()))
        written = _written(cleaned)
    except PeriodError as error:
        if str(error).startswith(repr(cleaned)):
            raise
        msg = f"période invalide : {text!r} ({error})"
        raise PeriodError(msg) from None
    if written is not None:
        return written
    msg = (
        f"période illisible : {text!r} ; attendu une année (2022), un semestre (2022-S1), "
        "un trimestre (2022-T3 ou 2022-Q3) ou un mois (2022-07)"
    )
    raise PeriodError(msg)
