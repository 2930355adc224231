"""Deadline: day 0, due date, elapsed jours ouvrés, cut-offs and time zones."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualepref import (
    AnswerBeforeReceiptError,
    DayZeroReason,
    Deadline,
    QualeprefError,
    WorkingCalendar,
)
from strategies import aware_datetimes, calendars, recent_days, short_spans

D = dt.date
T = dt.datetime
UTC = dt.UTC
PARIS = WorkingCalendar.for_departement("75")
MOSELLE = WorkingCalendar.for_departement("57")
FIVE = Deadline(5, PARIS)
FIVE_CUTOFF = Deadline(5, PARIS, cutoff=dt.time(17, 30))


# --- the convention ---------------------------------------------------------------------


def test_a_same_day_answer_took_zero_days() -> None:
    assert FIVE.elapsed(D(2025, 5, 6), D(2025, 5, 6)) == 0
    assert FIVE.elapsed(T(2025, 5, 6, 9), T(2025, 5, 6, 16)) == 0
    assert FIVE.is_met(D(2025, 5, 6), D(2025, 5, 6))


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2025, 5, 7), D(2025, 5, 15)),  # 8 May is a holiday
        (D(2025, 5, 9), D(2025, 5, 16)),  # Friday
        (D(2025, 5, 10), D(2025, 5, 16)),  # Saturday: same as Friday
        (D(2025, 5, 11), D(2025, 5, 16)),  # Sunday: same as Friday
        (D(2025, 5, 8), D(2025, 5, 15)),  # a holiday: same as the Wednesday before
        (D(2025, 5, 28), D(2025, 6, 5)),  # Ascension on 29 May
        (D(2024, 12, 23), D(2024, 12, 31)),
    ],
)
def test_due_dates(received: dt.date, due: dt.date) -> None:
    assert FIVE.due_date(received) == due
    assert FIVE.day_zero(received) == received
    assert FIVE.is_met(received, due)
    assert not FIVE.is_met(received, due + dt.timedelta(days=1))


def test_saturday_receipt_answered_monday_took_one_day_not_networkdays_minus_one() -> None:
    # NETWORKDAYS(samedi, lundi) - 1 = 0: the spreadsheet habit undercounts by one.
    assert FIVE.elapsed(D(2025, 5, 10), D(2025, 5, 12)) == 1


def test_an_answer_on_the_weekend_after_the_due_date_is_late() -> None:
    # Due Friday 16 May; answered Saturday: five jours ouvrés elapsed, but the délai ended.
    assert FIVE.elapsed(D(2025, 5, 9), D(2025, 5, 17)) == 5
    assert not FIVE.is_met(D(2025, 5, 9), D(2025, 5, 17))


def test_deadlines_per_channel_in_moselle() -> None:
    received = D(2025, 4, 17)  # Thursday before Good Friday
    assert Deadline(3, MOSELLE).due_date(received) == D(2025, 4, 24)  # website update
    assert Deadline(4, MOSELLE).due_date(received) == D(2025, 4, 25)  # élu's appointment
    assert Deadline(5, MOSELLE).due_date(received) == D(2025, 4, 28)  # e-mail
    assert Deadline(10, MOSELLE).due_date(received) == D(2025, 5, 6)  # letter (1 and 8 May)
    assert Deadline(15, MOSELLE).due_date(received) == D(2025, 5, 14)  # local authority
    assert Deadline(0, MOSELLE).due_date(received) == received


# --- cut-off ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "day_zero", "due", "reason"),
    [
        (T(2025, 5, 7, 19), D(2025, 5, 9), D(2025, 5, 16), DayZeroReason.AFTER_CUTOFF),
        (T(2025, 5, 7, 17, 30), D(2025, 5, 9), D(2025, 5, 16), DayZeroReason.AFTER_CUTOFF),
        (T(2025, 5, 7, 17, 29, 59), D(2025, 5, 7), D(2025, 5, 15), DayZeroReason.RECEIPT_DATE),
        (D(2025, 5, 7), D(2025, 5, 7), D(2025, 5, 15), DayZeroReason.RECEIPT_DATE),
        (T(2025, 5, 10, 9), D(2025, 5, 12), D(2025, 5, 19), DayZeroReason.NON_WORKING_DAY),
        (D(2025, 5, 10), D(2025, 5, 12), D(2025, 5, 19), DayZeroReason.NON_WORKING_DAY),
        (T(2025, 5, 9, 18), D(2025, 5, 12), D(2025, 5, 19), DayZeroReason.AFTER_CUTOFF),
        (T(2025, 5, 8, 10), D(2025, 5, 9), D(2025, 5, 16), DayZeroReason.NON_WORKING_DAY),
    ],
)
def test_cutoff_moves_day_zero(
    received: dt.date, day_zero: dt.date, due: dt.date, reason: DayZeroReason
) -> None:
    assert FIVE_CUTOFF.day_zero(received) == day_zero
    assert FIVE_CUTOFF.due_date(received) == due
    assert FIVE_CUTOFF.explain(received).day_zero_reason is reason


def test_an_answer_the_same_evening_after_the_cutoff_took_zero_days() -> None:
    assert FIVE_CUTOFF.elapsed(T(2025, 5, 7, 19), T(2025, 5, 7, 20)) == 0
    assert FIVE_CUTOFF.is_met(T(2025, 5, 7, 19), T(2025, 5, 7, 20))


def test_without_cutoff_the_time_of_day_does_not_matter() -> None:
    assert FIVE.day_zero(T(2025, 5, 7, 23, 59)) == D(2025, 5, 7)
    assert FIVE.day_zero(T(2025, 5, 10, 9)) == D(2025, 5, 10)


# --- time zones --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "day_zero"),
    [
        (T(2025, 1, 13, 23, 30, tzinfo=UTC), D(2025, 1, 14)),  # winter, UTC+1
        (T(2025, 6, 16, 22, 30, tzinfo=UTC), D(2025, 6, 17)),  # summer, UTC+2
        (T(2025, 6, 16, 21, 59, tzinfo=UTC), D(2025, 6, 16)),
        (T(2025, 3, 30, 1, 30, tzinfo=UTC), D(2025, 3, 30)),  # the spring-forward night
        (T(2025, 10, 25, 22, 30, tzinfo=UTC), D(2025, 10, 26)),  # the fall-back night
        (T(2025, 10, 25, 21, 30, tzinfo=UTC), D(2025, 10, 25)),
        (T(2025, 5, 7, 9, tzinfo=ZoneInfo("Asia/Tokyo")), D(2025, 5, 7)),  # 02:00 Paris
        (T(2025, 5, 7, 6, tzinfo=ZoneInfo("Asia/Tokyo")), D(2025, 5, 6)),  # 23:00 Paris
    ],
)
def test_aware_receipts_are_dated_in_paris(received: dt.datetime, day_zero: dt.date) -> None:
    assert FIVE.day_zero(received) == day_zero


@pytest.mark.parametrize(
    ("received", "day_zero"),
    [
        (T(2025, 3, 28, 16, tzinfo=UTC), D(2025, 3, 28)),  # 17:00 CET: before 17:30
        (T(2025, 3, 31, 16, tzinfo=UTC), D(2025, 4, 1)),  # 18:00 CEST: after
        (T(2025, 1, 15, 16, 29, tzinfo=UTC), D(2025, 1, 15)),  # 17:29 CET
        (T(2025, 7, 15, 15, 30, tzinfo=UTC), D(2025, 7, 16)),  # 17:30 CEST, at the cut-off
    ],
)
def test_cutoff_reads_local_time_across_dst(received: dt.datetime, day_zero: dt.date) -> None:
    assert FIVE_CUTOFF.day_zero(received) == day_zero


def test_overseas_receipts_are_dated_in_their_own_zone() -> None:
    guadeloupe = Deadline(5, WorkingCalendar.for_departement("971"))
    # 02:00 UTC on 27 May is 22:00 on Monday 26 May in Guadeloupe; 27 May is a holiday there.
    assert guadeloupe.day_zero(T(2025, 5, 27, 2, tzinfo=UTC)) == D(2025, 5, 26)
    assert guadeloupe.due_date(T(2025, 5, 27, 2, tzinfo=UTC)) == D(2025, 6, 4)
    reunion = Deadline(5, WorkingCalendar.for_departement("974"), cutoff=dt.time(17))
    # 14:00 UTC is 18:00 in La Réunion, after the cut-off; 20 December is a holiday there.
    received = T(2024, 12, 19, 14, tzinfo=UTC)
    assert reunion.day_zero(received) == D(2024, 12, 23)
    assert reunion.due_date(received) == D(2024, 12, 31)


def test_naive_datetimes_are_local_time() -> None:
    reunion = Deadline(5, WorkingCalendar.for_departement("974"))
    assert reunion.day_zero(T(2024, 12, 19, 23, 30)) == D(2024, 12, 19)


# --- answers before receipts and bad deadlines ----------------------------------------------


@pytest.mark.parametrize(
    ("received", "answered"),
    [
        (D(2025, 5, 7), D(2025, 5, 6)),
        (T(2025, 5, 7, 10), T(2025, 5, 7, 9, 59)),
        (T(2025, 1, 7, 10), T(2025, 1, 7, 8, 30, tzinfo=UTC)),  # 09:30 in Paris
        (T(2025, 1, 7, 10, tzinfo=UTC), T(2025, 1, 7, 10, 30)),  # 11:00 Paris vs 10:30 Paris
        (D(2025, 5, 7), T(2025, 5, 6, 23)),
    ],
)
def test_an_answer_before_the_receipt_is_refused(received: dt.date, answered: dt.date) -> None:
    for method in (FIVE.elapsed, FIVE.is_met, FIVE.explain):
        with pytest.raises(AnswerBeforeReceiptError, match="antérieure à la réception") as error:
            method(received, answered)
        assert isinstance(error.value, ValueError)


def test_an_answer_later_the_same_day_as_a_dated_receipt_is_fine() -> None:
    assert FIVE.elapsed(D(2025, 5, 7), T(2025, 5, 7, 8)) == 0
    assert FIVE.elapsed(T(2025, 5, 7, 18), D(2025, 5, 7)) == 0


def test_the_same_instant_in_two_zones_is_not_before() -> None:
    received = T(2025, 5, 7, 10, tzinfo=ZoneInfo("Europe/Paris"))
    answered = T(2025, 5, 7, 8, tzinfo=UTC)
    assert FIVE.elapsed(received, answered) == 0


@pytest.mark.parametrize("days", [-1, True, 2.5, "5"])
def test_deadline_refuses_bad_day_counts(days: object) -> None:
    with pytest.raises(QualeprefError, match="working_days"):
        Deadline(days, PARIS)  # type: ignore[arg-type]


def test_deadline_refuses_bad_cutoffs_and_calendars() -> None:
    with pytest.raises(QualeprefError, match="sans fuseau"):
        Deadline(5, PARIS, cutoff=dt.time(17, 30, tzinfo=UTC))
    with pytest.raises(TypeError, match="heure"):
        Deadline(5, PARIS, cutoff="17:30")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Deadline(5, "75")  # type: ignore[arg-type]


def test_deadline_is_a_frozen_value() -> None:
    assert Deadline(5, PARIS) == Deadline(5, WorkingCalendar.for_departement("75"))
    with pytest.raises(AttributeError):
        FIVE.working_days = 3  # type: ignore[misc]


# --- explain ------------------------------------------------------------------------------


def test_explain_names_the_days_off() -> None:
    report = Deadline(5, MOSELLE).explain(D(2025, 4, 17), D(2025, 4, 29))
    assert (report.day_zero, report.due_date, report.elapsed, report.met) == (
        D(2025, 4, 17),
        D(2025, 4, 28),
        6,
        False,
    )
    assert [(h.date, h.name) for h in report.days_off] == [
        (D(2025, 4, 18), "Vendredi saint"),
        (D(2025, 4, 21), "Lundi de Pâques"),
    ]


def test_explain_without_an_answer() -> None:
    report = FIVE_CUTOFF.explain(T(2025, 5, 7, 18, tzinfo=UTC))  # 20:00 in Paris
    assert report.received == T(2025, 5, 7, 20, tzinfo=ZoneInfo("Europe/Paris"))
    assert report.received.utcoffset() == dt.timedelta(hours=2)  # type: ignore[union-attr]
    assert (report.answered, report.elapsed, report.met) == (None, None, None)
    assert report.due_date == D(2025, 5, 16)


# --- properties ------------------------------------------------------------------------------


@given(calendars, recent_days, short_spans)
def test_the_due_date_is_met_and_the_next_day_is_not(
    cal: WorkingCalendar, received: dt.date, n: int
) -> None:
    deadline = Deadline(n, cal)
    due = deadline.due_date(received)
    assert deadline.elapsed(received, due) == n
    assert deadline.is_met(received, due)
    assert not deadline.is_met(received, due + dt.timedelta(days=1))


@given(calendars, recent_days, st.integers(0, 60), short_spans)
def test_met_and_elapsed_agree(cal: WorkingCalendar, received: dt.date, wait: int, n: int) -> None:
    deadline = Deadline(n, cal)
    answered = received + dt.timedelta(days=wait)
    elapsed, met = deadline.elapsed(received, answered), deadline.is_met(received, answered)
    if met:
        assert elapsed <= n
    else:
        assert elapsed >= n
    if cal.is_working_day(answered):
        assert met == (elapsed <= n)


@given(calendars, recent_days, short_spans)
def test_a_day_off_receipt_is_due_like_the_working_day_before(
    cal: WorkingCalendar, received: dt.date, n: int
) -> None:
    deadline = Deadline(n, cal)
    if not cal.is_working_day(received) and n > 0:
        assert deadline.due_date(received) == deadline.due_date(cal.previous_working_day(received))


@given(aware_datetimes(), short_spans, st.sampled_from([None, dt.time(17, 30), dt.time(12)]))
def test_aware_and_local_receipts_agree(
    received: dt.datetime, n: int, cutoff: dt.time | None
) -> None:
    deadline = Deadline(n, PARIS, cutoff=cutoff)
    local = received.astimezone(ZoneInfo("Europe/Paris")).replace(tzinfo=None)
    assert deadline.due_date(received) == deadline.due_date(local)
    assert deadline.due_date(received) == deadline.due_date(received.astimezone(UTC))


@given(calendars, recent_days, st.times(), short_spans)
def test_a_cutoff_never_brings_the_due_date_forward(
    cal: WorkingCalendar, day: dt.date, time: dt.time, n: int
) -> None:
    received = dt.datetime.combine(day, time)
    plain = Deadline(n, cal).due_date(received)
    with_cutoff = Deadline(n, cal, cutoff=dt.time(17, 30)).due_date(received)
    assert plain <= with_cutoff
    assert cal.working_days_between(plain, with_cutoff) <= 1
