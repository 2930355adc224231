"""The French working-day calendar of a préfecture: which days are jours ouvrés.

A jour ouvré is a Monday to Friday that is neither a public holiday of the
département nor a day the préfecture closed. :class:`WorkingCalendar` answers
"is this a jour ouvré?", "how many jours ouvrés between these dates?" and "which is the
n-th jour ouvré after this date?" in constant time: it precomputes, over its whole
supported span, a prefix table of working-day counts and the list of working days,
so that a count is two look-ups, and so is an addition. See ``docs/calendar.md``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
from collections.abc import Iterable
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import attrs

from qualepref.departements import Departement, departement
from qualepref.errors import DateOutOfRangeError, QualeprefError
from qualepref.public_holidays import Closure, Holiday, HolidayKind, HolidayRule, legal_holidays

__all__ = ["CALENDAR_COLUMNS", "WorkingCalendar"]

CALENDAR_COLUMNS = ("departement", "date", "ouvre", "rang", "libelle", "nature")
"""The columns of the calendar as a table (:meth:`WorkingCalendar.day_columns`)."""

_FIRST_DAY = dt.date(1950, 1, 1)
_LAST_DAY = dt.date(2100, 12, 31)  # holidays.France knows no year after 2100
_ORIGIN = _FIRST_DAY.toordinal()
_SIZE = _LAST_DAY.toordinal() - _ORIGIN + 1
_WEEK = bytes((1, 1, 1, 1, 1, 0, 0))  # Monday..Sunday


def _to_closure(item: dt.date | Closure) -> Closure:
    return item if isinstance(item, Closure) else Closure(item)


def _normalize_closures(items: Iterable[dt.date | Closure]) -> tuple[Closure, ...]:
    if isinstance(items, (dt.date, Closure)):
        msg = "closures attend une liste de dates ou de Closure, pas une date seule : [ma_date]"
        raise TypeError(msg)
    names: dict[dt.date, list[str]] = {}
    for closure in map(_to_closure, items):
        if not _FIRST_DAY <= closure.date <= _LAST_DAY:
            raise _out_of_range(closure.date, what="fermeture")
        listed = names.setdefault(closure.date, [])
        if closure.name not in listed:
            listed.append(closure.name)
    return tuple(Closure(day, "; ".join(names[day])) for day in sorted(names))


def _out_of_range(day: dt.date, *, what: str = "date") -> DateOutOfRangeError:
    return DateOutOfRangeError(
        f"{what} hors de la période couverte par le calendrier : {day.isoformat()}. "
        f"Les jours fériés ne sont connus que du {_FIRST_DAY:%d/%m/%Y} au {_LAST_DAY:%d/%m/%Y} ; "
        f"vérifiez l'année de la date."
    )


@attrs.frozen
class _Tables:
    """Everything a calendar precomputes; shared by equal calendars."""

    days_off: tuple[Holiday, ...]
    off_ordinals: list[int]
    by_ordinal: dict[int, Holiday]
    flags: bytes
    prefix: list[int]
    nth: list[dt.date]


@functools.lru_cache(maxsize=16)  # about 4 MB each; 11 rules cover every département
def _build_tables(
    rule: HolidayRule,
    closures: tuple[Closure, ...],
    include_customary: bool,
    pentecost_monday_worked: bool,
) -> _Tables:
    legal = legal_holidays(
        rule,
        _FIRST_DAY.year,
        _LAST_DAY.year,
        include_customary=include_customary,
        pentecost_monday_worked=pentecost_monday_worked,
    )
    by_ordinal = {holiday.date.toordinal(): holiday for holiday in legal}
    for closure in closures:
        # A closure on a public holiday changes nothing: the holiday keeps its name.
        by_ordinal.setdefault(
            closure.date.toordinal(), Holiday(closure.date, closure.name, HolidayKind.CLOSURE)
        )
    first_weekday = _FIRST_DAY.weekday()
    week = _WEEK[first_weekday:] + _WEEK[:first_weekday]
    flags = bytearray((week * (_SIZE // 7 + 1))[:_SIZE])
    for ordinal in by_ordinal:
        flags[ordinal - _ORIGIN] = 0
    prefix = list(itertools.accumulate(flags))
    # nth[k] is the k-th working day of the span (k >= 1); nth[0] is never a result.
    nth = [_FIRST_DAY] + [
        dt.date.fromordinal(_ORIGIN + index) for index, flag in enumerate(flags) if flag
    ]
    days_off = tuple(by_ordinal[ordinal] for ordinal in sorted(by_ordinal))
    return _Tables(days_off, sorted(by_ordinal), by_ordinal, bytes(flags), prefix, nth)


@attrs.frozen(repr=False)
class WorkingCalendar:
    """The jours ouvrés of one préfecture: Monday to Friday, minus holidays and closures.

    Build one with :meth:`for_departement`. Every method takes ``datetime.date`` values
    (a ``datetime`` counts as its own calendar date, without any time-zone conversion:
    use :class:`~qualepref.Deadline` for receipts stamped with a time) and refuses a date
    outside :attr:`FIRST_DAY` .. :attr:`LAST_DAY` with a :class:`~qualepref.DateOutOfRangeError`.

    Examples:
        >>> import datetime as dt
        >>> cal = WorkingCalendar.for_departement("57")
        >>> cal.is_working_day(dt.date(2026, 4, 3))  # Vendredi saint, in Moselle
        False
        >>> cal.working_days_between(dt.date(2026, 4, 2), dt.date(2026, 4, 7))  # Easter Monday too
        1
        >>> cal.add_working_days(dt.date(2026, 4, 2), 5)
        datetime.date(2026, 4, 13)
    """

    FIRST_DAY: ClassVar[dt.date] = _FIRST_DAY
    """First day with known holidays: 1 January 1950."""
    LAST_DAY: ClassVar[dt.date] = _LAST_DAY
    """Last day with known holidays: 31 December 2100."""

    departement: Departement
    """The département whose holidays apply."""
    closures: tuple[Closure, ...] = attrs.field(default=(), converter=_normalize_closures)
    """The préfecture's own closed days, sorted, one per date."""
    pentecost_monday_worked: bool = False
    """Whether the lundi de Pentecôte is worked (journée de solidarité)."""
    include_customary: bool = False
    """Whether customary overseas days (Mi-Carême, 21 juillet…) are days off."""
    time_zone: ZoneInfo = attrs.field(init=False, eq=False)
    """The IANA time zone receipts are dated in."""
    # The precomputed tables, one attribute each so that the hot paths look up one name.
    _flags: bytes = attrs.field(init=False, eq=False)
    _prefix: list[int] = attrs.field(init=False, eq=False)
    _nth: list[dt.date] = attrs.field(init=False, eq=False)
    _days_off: tuple[Holiday, ...] = attrs.field(init=False, eq=False)
    _off_ordinals: list[int] = attrs.field(init=False, eq=False)
    _by_ordinal: dict[int, Holiday] = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        tables = _build_tables(
            HolidayRule.of(self.departement),
            self.closures,
            self.include_customary,
            self.pentecost_monday_worked,
        )
        object.__setattr__(self, "time_zone", ZoneInfo(self.departement.time_zone))
        for name in ("flags", "prefix", "nth", "days_off", "off_ordinals", "by_ordinal"):
            object.__setattr__(self, f"_{name}", getattr(tables, name))

    @classmethod
    def for_departement(
        cls,
        code: str | int,
        closures: Iterable[dt.date | Closure] = (),
        *,
        pentecost_monday_worked: bool = False,
        include_customary: bool = False,
    ) -> WorkingCalendar:
        """The calendar of the préfecture of département ``code``.

        Args:
            code: INSEE code, ``"01"``..``"95"``, ``"2A"``, ``"2B"``, ``"971"``..``"978"``.
                Moselle (57), Bas-Rhin (67) and Haut-Rhin (68) get Vendredi saint and
                26 décembre; each overseas département its abolition-of-slavery day.
            closures: the préfecture's extra closed days (ponts, fermetures
                exceptionnelles), as dates or :class:`~qualepref.Closure` values.
            pentecost_monday_worked: the lundi de Pentecôte is worked (journée de
                solidarité); by default it is a holiday, every year.
            include_customary: in Guadeloupe, Martinique and Saint-Martin, also close on
                the days the ``holidays`` package lists but the Code du travail does not
                (Vendredi saint, Mi-Carême, Fête de Victor Schoelcher on 21 July).

        Raises:
            UnknownDepartementError: ``code`` is not a département with a préfecture.
            DateOutOfRangeError: a closure falls outside the supported span.

        Examples:
            >>> import datetime as dt
            >>> cal = WorkingCalendar.for_departement("44", [dt.date(2026, 5, 15)])
            >>> cal.is_working_day(dt.date(2026, 5, 15))
            False
        """
        return cls(
            departement(code),
            closures,
            pentecost_monday_worked=pentecost_monday_worked,
            include_customary=include_customary,
        )

    def __repr__(self) -> str:
        options = "".join(
            f", {name}=True"
            for name in ("pentecost_monday_worked", "include_customary")
            if getattr(self, name)
        )
        closures = f", closures={list(self.closures)!r}" if self.closures else ""
        return f"WorkingCalendar.for_departement({self.departement.code!r}{closures}{options})"

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a jour ouvré: Monday–Friday, not a holiday, not a closure.

        Examples:
            >>> import datetime as dt
            >>> cal = WorkingCalendar.for_departement("75")
            >>> cal.is_working_day(dt.date(2026, 7, 14)), cal.is_working_day(dt.date(2026, 7, 15))
            (False, True)
        """
        index = day.toordinal() - _ORIGIN
        if index < 0:
            raise _out_of_range(day)
        try:
            return self._flags[index] == 1
        except IndexError:
            raise _out_of_range(day) from None

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """The number of jours ouvrés ``d`` with ``start < d <= end``.

        The start day is not counted and the end day is: this is how a délai counts
        (the day of receipt is day 0). The count is antisymmetric: swapping the dates
        negates it, so ``between(a, b) + between(b, c) == between(a, c)`` always.

        Examples:
            >>> import datetime as dt
            >>> cal = WorkingCalendar.for_departement("75")
            >>> friday, monday = dt.date(2026, 5, 8), dt.date(2026, 5, 11)
            >>> cal.working_days_between(friday, monday), cal.working_days_between(monday, friday)
            (1, -1)
        """
        i = start.toordinal() - _ORIGIN
        j = end.toordinal() - _ORIGIN
        if i | j < 0:  # negative when either is
            raise _out_of_range(start if i < 0 else end)
        prefix = self._prefix
        try:
            return prefix[j] - prefix[i]
        except IndexError:
            raise _out_of_range(end if j >= _SIZE else start) from None

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The ``n``-th jour ouvré after ``start``; ``start`` itself when ``n == 0``.

        For ``n >= 1`` the result is the first day ``d`` with
        ``working_days_between(start, d) == n``; it is a jour ouvré even when ``start``
        is not. A receipt on Saturday therefore has the same due date as one on the
        Friday before.

        Raises:
            QualeprefError: ``n`` is negative.

        Examples:
            >>> import datetime as dt
            >>> cal = WorkingCalendar.for_departement("75")
            >>> cal.add_working_days(dt.date(2025, 5, 7), 5)  # over 8 May
            datetime.date(2025, 5, 15)
            >>> cal.add_working_days(dt.date(2025, 5, 10), 5)  # a Saturday
            datetime.date(2025, 5, 16)
        """
        index = start.toordinal() - _ORIGIN
        if index < 0:
            raise _out_of_range(start)
        if n <= 0:
            if n == 0:
                if index >= _SIZE:
                    raise _out_of_range(start)
                return start if type(start) is dt.date else dt.date.fromordinal(index + _ORIGIN)
            msg = (
                f"n doit être positif ou nul, pas {n} : un délai compte les jours ouvrés "
                "après la date de départ (voir previous_working_day pour remonter le temps)"
            )
            raise QualeprefError(msg)
        try:
            return self._nth[self._prefix[index] + n]
        except IndexError:
            if index >= _SIZE:
                raise _out_of_range(start) from None
            raise _out_of_range(_LAST_DAY + dt.timedelta(days=1), what="résultat") from None

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a jour ouvré, else the first jour ouvré after it.

        Examples:
            >>> import datetime as dt
            >>> cal = WorkingCalendar.for_departement("75")
            >>> cal.next_working_day(dt.date(2026, 5, 14))  # Ascension, then a Friday
            datetime.date(2026, 5, 15)
        """
        if self.is_working_day(day):
            return day if type(day) is dt.date else dt.date.fromordinal(day.toordinal())
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a jour ouvré, else the last jour ouvré before it.

        Examples:
            >>> import datetime as dt
            >>> cal = WorkingCalendar.for_departement("75")
            >>> cal.previous_working_day(dt.date(2026, 5, 25))  # lundi de Pentecôte
            datetime.date(2026, 5, 22)
        """
        if self.is_working_day(day):
            return day if type(day) is dt.date else dt.date.fromordinal(day.toordinal())
        rank = self._prefix[day.toordinal() - _ORIGIN]
        if rank == 0:
            raise _out_of_range(_FIRST_DAY - dt.timedelta(days=1), what="résultat")
        return self._nth[rank]

    def holiday(self, day: dt.date) -> Holiday | None:
        """The holiday or closure on ``day``, or ``None`` (weekends are not holidays).

        Examples:
            >>> import datetime as dt
            >>> WorkingCalendar.for_departement("974").holiday(dt.date(2026, 12, 20))
            Holiday(date=datetime.date(2026, 12, 20), name="Abolition de l'esclavage",
                    kind=<HolidayKind.LOCAL: 'local'>)
        """
        self.is_working_day(day)  # range check
        return self._by_ordinal.get(day.toordinal())

    def holidays_between(self, start: dt.date, end: dt.date) -> list[Holiday]:
        """The holidays and closures dated ``start <= d <= end`` (both ends included), by date.

        Weekend holidays are listed too. Handing the dates to a columnar engine gives
        it exactly this calendar, e.g. ``numpy.busdaycalendar(holidays=[h.date for h in
        cal.holidays_between(a, b)])`` (see ``docs/calendar.md``). An empty list when
        ``end < start``.

        Examples:
            >>> import datetime as dt
            >>> cal = WorkingCalendar.for_departement("38", [dt.date(2026, 5, 15)])
            >>> for h in cal.holidays_between(dt.date(2026, 5, 1), dt.date(2026, 5, 31)):
            ...     print(h.date, h.kind.label, h.name)
            2026-05-01 jour férié Fête du Travail
            2026-05-08 jour férié Fête de la Victoire
            2026-05-14 jour férié Ascension
            2026-05-15 fermeture de la préfecture Fermeture exceptionnelle
            2026-05-25 jour férié Lundi de Pentecôte
        """
        self.is_working_day(start)
        self.is_working_day(end)
        ordinals = self._off_ordinals
        low = bisect.bisect_left(ordinals, start.toordinal())
        high = bisect.bisect_right(ordinals, end.toordinal())
        return list(self._days_off[low:high])

    def working_day_rank(self, day: dt.date) -> int:
        """The number of jours ouvrés from :attr:`FIRST_DAY` up to ``day`` included.

        The ``rang`` of the calendar table: ``working_days_between(a, b)`` is
        ``rank(b) - rank(a)``, and ``add_working_days(a, n)`` is the jour ouvré whose rank
        is ``rank(a) + n``. Counted from 1 January 1950 whatever the span exported, so two
        exports agree.

        Examples:
            >>> import datetime as dt
            >>> cal = WorkingCalendar.for_departement("75")
            >>> friday, monday = dt.date(2026, 5, 8), dt.date(2026, 5, 11)
            >>> cal.working_day_rank(monday) - cal.working_day_rank(friday)
            1
        """
        self.is_working_day(day)  # range check
        return self._prefix[day.toordinal() - _ORIGIN]

    def day_columns(self, first: dt.date, last: dt.date) -> dict[str, list[Any]]:
        """Every day from ``first`` to ``last`` as the columns of the calendar table.

        The columns are :data:`CALENDAR_COLUMNS`: ``departement`` (the code),
        ``date``, ``ouvre`` (a jour ouvré), ``rang`` (:meth:`working_day_rank`),
        ``libelle`` (the holiday's or closure's name, ``None`` on other days) and
        ``nature`` (« légal », « coutumier », « fermeture », or ``None``). A holiday on a
        weekend keeps its name. Empty lists when ``last < first``.

        Examples:
            >>> import datetime as dt
            >>> cal = WorkingCalendar.for_departement("57")
            >>> days = cal.day_columns(dt.date(2026, 4, 2), dt.date(2026, 4, 3))
            >>> days["ouvre"], days["libelle"], days["nature"]
            ([True, False], [None, 'Vendredi saint'], [None, 'légal'])
            >>> days["rang"][0] == cal.working_day_rank(dt.date(2026, 4, 2))
            True
        """
        self.is_working_day(first)
        self.is_working_day(last)
        low = first.toordinal() - _ORIGIN
        high = last.toordinal() - _ORIGIN + 1
        count = max(high - low, 0)
        holidays = [
            self._by_ordinal.get(ordinal) for ordinal in range(low + _ORIGIN, high + _ORIGIN)
        ]
        return {
            "departement": [self.departement.code] * count,
            "date": [
                dt.date.fromordinal(ordinal) for ordinal in range(low + _ORIGIN, high + _ORIGIN)
            ],
            "ouvre": [flag == 1 for flag in self._flags[low:high]],
            "rang": self._prefix[low:high],
            "libelle": [None if day is None else day.name for day in holidays],
            "nature": [None if day is None else day.kind.nature for day in holidays],
        }

    def to_arrow(self, first: dt.date | None = None, last: dt.date | None = None) -> Any:
        """The calendar as an Arrow table (:meth:`day_columns`), for DuckDB, polars, Spark.

        From :attr:`FIRST_DAY` to :attr:`LAST_DAY` unless told. Needs ``pyarrow``
        (``pip install 'qualepref[arrow]'``).

        Raises:
            QualeprefError: pyarrow is not installed.

        Examples:
            >>> import datetime as dt
            >>> cal = WorkingCalendar.for_departement("44")
            >>> table = cal.to_arrow(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
            >>> table.num_rows, table.column_names[:4]
            (365, ['departement', 'date', 'ouvre', 'rang'])
        """
        try:
            import pyarrow as pa  # noqa: PLC0415 - an optional dependency
        except ImportError:  # pragma: no cover - the test extra installs it
            msg = "une table Arrow demande pyarrow : pip install 'qualepref[arrow]'"
            raise QualeprefError(msg) from None
        columns = self.day_columns(first or _FIRST_DAY, last or _LAST_DAY)
        return pa.table(columns, schema=arrow_schema(pa))


def arrow_schema(pa: Any) -> Any:
    """The Arrow schema of the calendar table (``pa`` is the pyarrow module)."""
    return pa.schema(
        [
            ("departement", pa.string()),
            ("date", pa.date32()),
            ("ouvre", pa.bool_()),
            ("rang", pa.int32()),
            ("libelle", pa.string()),
            ("nature", pa.string()),
        ]
    )
