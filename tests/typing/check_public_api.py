"""Type-checked, not run: the public API's types, as users see them (mypy --strict in CI)."""

from __future__ import annotations

import datetime as dt
from typing import assert_type
from zoneinfo import ZoneInfo

from qualepref import (
    Closure,
    DayZeroReason,
    Deadline,
    DeadlineReport,
    DefinitionError,
    DefinitionIssue,
    Definitions,
    Departement,
    Direction,
    Formula,
    Holiday,
    HolidayKind,
    IndicatorDefinition,
    Module,
    Referentiel,
    WorkingCalendar,
    check_definitions,
    load_definitions,
    load_referentiel,
    parse_definitions,
)


def check_calendar() -> None:
    cal = WorkingCalendar.for_departement(
        "57", [dt.date(2026, 5, 15), Closure(dt.date(2026, 12, 24))]
    )
    assert_type(cal, WorkingCalendar)
    assert_type(cal.departement, Departement)
    assert_type(cal.time_zone, ZoneInfo)
    assert_type(cal.is_working_day(dt.date(2026, 5, 15)), bool)
    assert_type(cal.working_days_between(dt.date(2026, 1, 1), dt.date(2026, 2, 1)), int)
    assert_type(cal.add_working_days(dt.date(2026, 1, 1), 5), dt.date)
    assert_type(cal.next_working_day(dt.datetime(2026, 1, 1, 9)), dt.date)
    assert_type(cal.holiday(dt.date(2026, 1, 1)), Holiday | None)
    holidays = cal.holidays_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert_type(holidays, list[Holiday])
    assert_type(holidays[0].kind, HolidayKind)
    assert_type(holidays[0].kind.label, str)
    assert_type(WorkingCalendar.FIRST_DAY, dt.date)


def check_deadline() -> None:
    five = Deadline(5, WorkingCalendar.for_departement(75), cutoff=dt.time(17, 30))
    received = dt.datetime(2026, 5, 13, 18, tzinfo=dt.UTC)
    assert_type(five.due_date(received), dt.date)
    assert_type(five.day_zero(dt.date(2026, 5, 13)), dt.date)
    assert_type(five.elapsed(received, dt.date(2026, 5, 20)), int)
    assert_type(five.is_met(received, dt.date(2026, 5, 20)), bool)
    report = five.explain(received)
    assert_type(report, DeadlineReport)
    assert_type(report.elapsed, int | None)
    assert_type(report.met, bool | None)
    assert_type(report.day_zero_reason, DayZeroReason)


def check_referentiel() -> None:
    ref = load_referentiel()
    assert_type(ref, Referentiel)
    assert_type(ref.modules, tuple[Module, ...])
    assert_type(ref.engagement(17).module, int)
    assert_type(ref.engagement(17).theme, str | None)
    indicator = ref.indicator("courriels_info_5j")
    assert_type(indicator, IndicatorDefinition)
    assert_type(indicator.engagement, tuple[int, ...])
    assert_type(indicator.deadline, int | None)
    assert_type(indicator.direction, Direction)
    assert_type(indicator.compiled, Formula)
    assert_type(indicator.compiled.evaluate({"a": 1.0}), float | None)
    definitions = load_definitions("isere.toml")
    assert_type(definitions, Definitions)
    assert_type(definitions.target("appels_aboutis", 2022), float | None)
    checked, issues = check_definitions("[perimeter]\nmodules = [1]")
    assert_type(checked, Definitions | None)
    assert_type(issues, tuple[DefinitionIssue, ...])
    try:
        parse_definitions("")
    except DefinitionError as error:
        assert_type(error.issues, tuple[DefinitionIssue, ...])
