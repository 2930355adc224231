"""A délai in jours ouvrés applied to a receipt: day 0, due date, elapsed days, met or not.

The convention is the legal one (Code de procédure civile, art. 641–642; EU regulation
1182/71, art. 3): the day of receipt ("day 0") is not counted, and the délai ends at the
end of its last day. See ``docs/calendar.md`` for worked examples.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from qualepref.calendar import WorkingCalendar
from qualepref.errors import AnswerBeforeReceiptError, QualeprefError
from qualepref.french_dates import moment_text
from qualepref.moments import calendar_date
from qualepref.public_holidays import Holiday

__all__ = ["DayZeroReason", "Deadline", "DeadlineReport"]


class DayZeroReason(enum.Enum):
    """Why day 0 is not simply the date of receipt.

    Examples:
        >>> DayZeroReason.AFTER_CUTOFF.label
        "reçu à ou après l'heure limite"
    """

    RECEIPT_DATE = "receipt_date"
    """Day 0 is the (local) date of receipt."""
    AFTER_CUTOFF = "after_cutoff"
    """Received at or after the office-hours cut-off: deemed received the next jour ouvré."""
    NON_WORKING_DAY = "non_working_day"
    """Received on a day off, with a cut-off in force: deemed received the next jour ouvré."""

    @property
    def label(self) -> str:
        """The French label shown in reports."""
        return _REASON_LABELS[self]


_REASON_LABELS = {
    DayZeroReason.RECEIPT_DATE: "date de réception",
    DayZeroReason.AFTER_CUTOFF: "reçu à ou après l'heure limite",
    DayZeroReason.NON_WORKING_DAY: "reçu un jour non ouvré",
}


def _check_working_days(_instance: object, _attribute: object, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = (
            "working_days doit être un nombre entier de jours ouvrés, positif ou nul, "
            f"pas {value!r}"
        )
        raise QualeprefError(msg)


def _check_cutoff(_instance: object, _attribute: object, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, dt.time):
        msg = f"cutoff doit être une heure (datetime.time), pas {value!r}"
        raise TypeError(msg)
    if value.tzinfo is not None:
        msg = (
            f"cutoff doit être une heure locale sans fuseau, pas {value.isoformat()} : "
            "l'heure limite se lit dans le fuseau du calendrier"
        )
        raise QualeprefError(msg)


@attrs.frozen
class DeadlineReport:
    """Everything about one receipt under one délai, for reports and explanations.

    ``answered``, ``elapsed`` and ``met`` are ``None`` while there is no answer.
    ``days_off`` lists the weekday holidays and closures from the receipt to the due date
    or the answer, whichever is later: the days that moved day 0 or that the délai skipped.

    Examples:
        >>> import datetime as dt
        >>> from qualepref import WorkingCalendar
        >>> report = Deadline(5, WorkingCalendar.for_departement("75")).explain(dt.date(2025, 5, 7))
        >>> report.due_date, report.elapsed, [h.name for h in report.days_off]
        (datetime.date(2025, 5, 15), None, ['Fête de la Victoire'])
    """

    received: dt.date
    """The receipt on the calendar's clock: a date, a naive (local) datetime, or an aware
    datetime converted to the calendar's time zone."""
    day_zero: dt.date
    """The day the délai counts from (not counted itself)."""
    day_zero_reason: DayZeroReason
    """Why day 0 is what it is."""
    due_date: dt.date
    """The last day on which an answer is in time."""
    answered: dt.date | None
    """The answer on the calendar's clock, like ``received``."""
    elapsed: int | None
    """Jours ouvrés from day 0 (excluded) to the answer day (included)."""
    met: bool | None
    """Whether the answer day is on or before the due date."""
    days_off: tuple[Holiday, ...]
    """Holidays and closures in the counted span."""


@attrs.frozen
class Deadline:
    """A délai of ``working_days`` jours ouvrés on ``calendar``, with an optional cut-off.

    Receipts and answers are ``date`` or ``datetime`` values. An aware datetime is
    converted to the calendar's time zone before its date is taken (an e-mail stamped
    23:30 UTC on a Monday reached Paris on Tuesday); a naive one is read as local time.

    With an office-hours ``cutoff``, a receipt at or after the cut-off time, or on a
    day that is not a jour ouvré, is deemed received on the next jour ouvré, which
    becomes day 0. A receipt given as a date alone is taken as received within office
    hours.

    Examples:
        >>> import datetime as dt
        >>> from qualepref import WorkingCalendar
        >>> five = Deadline(5, WorkingCalendar.for_departement("75"))
        >>> five.due_date(dt.date(2025, 5, 7))  # 8 May is a holiday
        datetime.date(2025, 5, 15)
        >>> five.elapsed(dt.date(2025, 5, 7), dt.date(2025, 5, 16)), five.is_met(
        ...     dt.date(2025, 5, 7), dt.date(2025, 5, 16))
        (6, False)
    """

    working_days: int = attrs.field(validator=_check_working_days)
    """The délai, in jours ouvrés."""
    calendar: WorkingCalendar = attrs.field(validator=attrs.validators.instance_of(WorkingCalendar))
    """The calendar the délai runs on."""
    cutoff: dt.time | None = attrs.field(default=None, validator=_check_cutoff)
    """Office-hours cut-off, local time: later receipts count from the next jour ouvré."""

    def _local(self, moment: dt.date) -> dt.date:
        """``moment`` on the calendar's clock: aware datetimes move to its time zone."""
        if (
            isinstance(moment, dt.datetime)
            and moment.tzinfo is not None
            and moment.utcoffset() is not None
        ):
            return moment.astimezone(self.calendar.time_zone)
        return moment

    def _day_zero(self, local: dt.date) -> tuple[dt.date, DayZeroReason]:
        return day_zero_on(local, self.calendar, self.cutoff)

    def day_zero(self, received: dt.date) -> dt.date:
        """The day the délai counts from: the local date of receipt, moved by the cut-off.

        Examples:
            >>> import datetime as dt
            >>> from qualepref import WorkingCalendar
            >>> cal = WorkingCalendar.for_departement("75")
            >>> Deadline(5, cal, cutoff=dt.time(17, 30)).day_zero(dt.datetime(2025, 5, 7, 19))
            datetime.date(2025, 5, 9)
        """
        return self._day_zero(self._local(received))[0]

    def due_date(self, received: dt.date) -> dt.date:
        """The last day on which an answer is in time: day 0 plus ``working_days`` jours ouvrés.

        Examples:
            >>> import datetime as dt
            >>> from qualepref import WorkingCalendar
            >>> Deadline(5, WorkingCalendar.for_departement("75")).due_date(dt.date(2025, 5, 10))
            datetime.date(2025, 5, 16)
        """
        if self.cutoff is None and type(received) is dt.date:  # the common case, kept fast
            return self.calendar.add_working_days(received, self.working_days)
        day_zero = self._day_zero(self._local(received))[0]
        return self.calendar.add_working_days(day_zero, self.working_days)

    def _check_order(self, received: dt.date, answered: dt.date) -> tuple[dt.date, dt.date]:
        local_received, local_answered = self._local(received), self._local(answered)
        if isinstance(received, dt.datetime) and isinstance(answered, dt.datetime):
            zone = self.calendar.time_zone
            early = _as_utc(answered, zone) < _as_utc(received, zone)
        else:
            early = calendar_date(local_answered) < calendar_date(local_received)
        if early:
            msg = (
                f"réponse ({moment_text(local_answered)}) antérieure à la réception "
                f"({moment_text(local_received)}) : vérifiez l'ordre des deux dates, leur format "
                f"(jour/mois/année) et leur fuseau horaire ({self.calendar.time_zone.key})"
            )
            raise AnswerBeforeReceiptError(msg)
        return local_received, local_answered

    def elapsed(self, received: dt.date, answered: dt.date) -> int:
        """Jours ouvrés from day 0 (excluded) to the answer day (included); 0 on the same day.

        An answer given before day 0 (on the evening of a receipt after the cut-off,
        say) counts 0.

        Raises:
            AnswerBeforeReceiptError: ``answered`` is before ``received``.

        Examples:
            >>> import datetime as dt
            >>> from qualepref import WorkingCalendar
            >>> five = Deadline(5, WorkingCalendar.for_departement("57"))
            >>> five.elapsed(dt.date(2025, 4, 17), dt.date(2025, 4, 22))  # over Easter
            1
        """
        local_received, local_answered = self._check_order(received, answered)
        day_zero = self._day_zero(local_received)[0]
        return max(0, self.calendar.working_days_between(day_zero, calendar_date(local_answered)))

    def is_met(self, received: dt.date, answered: dt.date) -> bool:
        """Whether the answer day is on or before the due date.

        Raises:
            AnswerBeforeReceiptError: ``answered`` is before ``received``.

        Examples:
            >>> import datetime as dt
            >>> from qualepref import WorkingCalendar
            >>> five = Deadline(5, WorkingCalendar.for_departement("57"))
            >>> five.is_met(dt.date(2025, 4, 17), dt.date(2025, 4, 28))
            True
        """
        local_received, local_answered = self._check_order(received, answered)
        day_zero = self._day_zero(local_received)[0]
        due = self.calendar.add_working_days(day_zero, self.working_days)
        return calendar_date(local_answered) <= due

    def explain(self, received: dt.date, answered: dt.date | None = None) -> DeadlineReport:
        """Day 0 and why, due date, elapsed days, met or not, and the days off skipped.

        Examples:
            >>> import datetime as dt
            >>> from qualepref import WorkingCalendar
            >>> five = Deadline(5, WorkingCalendar.for_departement("75"), cutoff=dt.time(17, 30))
            >>> report = five.explain(dt.datetime(2025, 5, 7, 19), dt.date(2025, 5, 16))
            >>> report.day_zero, report.due_date, report.met
            (datetime.date(2025, 5, 9), datetime.date(2025, 5, 16), True)
            >>> report.day_zero_reason.label
            "reçu à ou après l'heure limite"
            >>> [h.name for h in report.days_off]
            ['Fête de la Victoire']
        """
        if answered is None:
            local_received, local_answered = self._local(received), None
        else:
            local_received, local_answered = self._check_order(received, answered)
        day_zero, reason = self._day_zero(local_received)
        calendar = self.calendar
        due = calendar.add_working_days(day_zero, self.working_days)
        elapsed = met = None
        last = due
        if local_answered is not None:
            answer_day = calendar_date(local_answered)
            elapsed = max(0, calendar.working_days_between(day_zero, answer_day))
            met = answer_day <= due
            last = max(due, answer_day)
        first = calendar_date(local_received)  # day 0 is never before it
        days_off = tuple(h for h in calendar.holidays_between(first, last) if h.date.weekday() < 5)
        return DeadlineReport(
            received=local_received,
            day_zero=day_zero,
            day_zero_reason=reason,
            due_date=due,
            answered=local_answered,
            elapsed=elapsed,
            met=met,
            days_off=days_off,
        )


def day_zero_on(
    local: dt.date, calendar: WorkingCalendar, cutoff: dt.time | None
) -> tuple[dt.date, DayZeroReason]:
    """Day 0 of a receipt already on the calendar's clock, and why (internal).

    The rule of :class:`Deadline`, shared with the tracking files' engine.
    """
    day = calendar_date(local)
    if cutoff is None:
        calendar.is_working_day(day)  # range check
        return day, DayZeroReason.RECEIPT_DATE
    if isinstance(local, dt.datetime) and local.time() >= cutoff:
        return calendar.add_working_days(day, 1), DayZeroReason.AFTER_CUTOFF
    if calendar.is_working_day(day):
        return day, DayZeroReason.RECEIPT_DATE
    return calendar.add_working_days(day, 1), DayZeroReason.NON_WORKING_DAY


def _as_utc(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    if moment.utcoffset() is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(dt.UTC)
