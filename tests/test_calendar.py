"""WorkingCalendar: dated cases from real calendars, then properties."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualepref import (
    Closure,
    DateOutOfRangeError,
    Holiday,
    HolidayKind,
    QualeprefError,
    UnknownDepartementError,
    WorkingCalendar,
)
from qualepref.calendar import _build_tables
from qualepref.departements import departements
from qualepref.public_holidays import _legal_holidays
from strategies import calendar_for, calendars, day_pairs, days, recent_days, short_spans

D = dt.date
PARIS = WorkingCalendar.for_departement("75")
MOSELLE = WorkingCalendar.for_departement("57")
REUNION = WorkingCalendar.for_departement("974")


# --- is_working_day ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "day", "expected", "why"),
    [
        ("75", D(2026, 5, 14), False, "Ascension 2026"),
        ("75", D(2026, 5, 15), True, "the Friday after Ascension is worked unless closed"),
        ("75", D(2026, 5, 25), False, "lundi de Pentecôte 2026"),
        ("75", D(2026, 7, 14), False, "Fête nationale, a Tuesday"),
        ("75", D(2026, 7, 13), True, "no bridge day by law"),
        ("75", D(2021, 12, 27), True, "Christmas 2021 on a Saturday is not moved to Monday"),
        ("75", D(2022, 12, 26), True, "26 December is worked outside Alsace-Moselle"),
        ("57", D(2022, 12, 26), False, "Saint-Étienne in Moselle, a Monday"),
        ("67", D(2022, 12, 26), False, "Saint-Étienne in Bas-Rhin"),
        ("68", D(2025, 4, 18), False, "Vendredi saint in Haut-Rhin"),
        ("57", D(2025, 4, 18), False, "Vendredi saint in Moselle"),
        ("54", D(2025, 4, 18), True, "Meurthe-et-Moselle is not Moselle"),
        ("974", D(2024, 12, 20), False, "abolition de l'esclavage, La Réunion, a Friday"),
        ("75", D(2024, 12, 20), True, "20 December is worked in metropolitan France"),
        ("971", D(2025, 5, 27), False, "abolition de l'esclavage, Guadeloupe"),
        ("972", D(2025, 5, 22), False, "abolition de l'esclavage, Martinique"),
        ("973", D(2025, 6, 10), False, "abolition de l'esclavage, Guyane"),
        ("976", D(2025, 4, 28), True, "27 April 2025 is a Sunday: Monday is worked"),
        ("976", D(2026, 4, 27), False, "abolition de l'esclavage, Mayotte"),
        ("977", D(2025, 10, 9), False, "abolition de l'esclavage, Saint-Barthélemy"),
        ("978", D(2025, 5, 28), False, "Saint-Martin, 28 May as the holidays package has it"),
        ("971", D(2026, 3, 12), True, "Mi-Carême is customary, not a fête légale"),
        ("971", D(2026, 4, 3), True, "Vendredi saint is customary in Guadeloupe"),
        ("971", D(2026, 7, 21), True, "Fête de Victor Schoelcher is customary"),
        ("2A", D(2026, 8, 14), True, "Corsica follows the national calendar"),
        ("75", D(1978, 5, 8), True, "8 May was not a holiday from 1960 to 1981"),
        ("75", D(1982, 5, 7), True, "the day before the restored 8 May"),
        ("75", D(1983, 5, 9), True, "8 May 1983 was a Sunday"),
        ("75", D(1984, 5, 8), False, "8 May restored in 1982"),
        ("75", D(2006, 6, 5), False, "lundi de Pentecôte 2006 kept as a holiday by default"),
        ("75", D(2026, 5, 16), False, "a Saturday"),
        ("75", D(2026, 5, 17), False, "a Sunday"),
    ],
)
def test_is_working_day(code: str, day: dt.date, expected: bool, why: str) -> None:
    assert WorkingCalendar.for_departement(code).is_working_day(day) is expected, why


def test_pentecost_monday_worked() -> None:
    worked = WorkingCalendar.for_departement("75", pentecost_monday_worked=True)
    assert worked.is_working_day(D(2026, 5, 25))
    assert worked.is_working_day(D(2006, 6, 5))
    assert worked.holiday(D(2026, 5, 25)) is None
    assert not worked.is_working_day(D(2026, 5, 14))  # Ascension stays


def test_customary_days_are_an_option() -> None:
    customary = WorkingCalendar.for_departement("971", include_customary=True)
    for day, name in [
        (D(2026, 3, 12), "Mi-Carême"),
        (D(2026, 4, 3), "Vendredi saint"),
        (D(2026, 7, 21), "Fête de Victor Schoelcher"),
    ]:
        assert not customary.is_working_day(day)
        holiday = customary.holiday(day)
        assert holiday is not None
        assert (holiday.name, holiday.kind) == (name, HolidayKind.CUSTOMARY)
    martinique = WorkingCalendar.for_departement("972", include_customary=True)
    assert not martinique.is_working_day(D(2026, 7, 21))
    # In Martinique Good Friday is neither legal nor (since holidays 0.109) customary.
    assert martinique.is_working_day(D(2026, 4, 3))


def test_closures_are_days_off_with_their_name() -> None:
    cal = WorkingCalendar.for_departement(
        "44", [D(2026, 5, 15), Closure(D(2026, 12, 24), "Veille de Noël")]
    )
    assert not cal.is_working_day(D(2026, 5, 15))
    assert cal.holiday(D(2026, 12, 24)) == _closure(D(2026, 12, 24), "Veille de Noël")
    assert cal.holiday(D(2026, 5, 15)) == _closure(D(2026, 5, 15), "Fermeture exceptionnelle")
    # Ascension 14 May + pont 15 May: a Wednesday receipt waits until the next Monday.
    assert cal.add_working_days(D(2026, 5, 13), 1) == D(2026, 5, 18)


def test_closure_on_a_holiday_keeps_the_holiday() -> None:
    cal = WorkingCalendar.for_departement("75", [Closure(D(2026, 7, 14), "Pont")])
    holiday = cal.holiday(D(2026, 7, 14))
    assert holiday is not None
    assert (holiday.name, holiday.kind) == ("Fête nationale", HolidayKind.NATIONAL)


def test_closures_are_merged_and_sorted() -> None:
    cal = WorkingCalendar.for_departement(
        "75",
        [
            D(2026, 12, 31),
            Closure(D(2026, 12, 24), "A"),
            Closure(D(2026, 12, 24), "B"),
            D(2026, 12, 31),  # twice: kept once
        ],
    )
    assert cal.closures == (Closure(D(2026, 12, 24), "A; B"), Closure(D(2026, 12, 31)))
    assert cal == WorkingCalendar.for_departement(
        "75", [Closure(D(2026, 12, 24), "A; B"), D(2026, 12, 31)]
    )
    assert cal != PARIS


def test_closures_refuse_datetimes_and_lone_dates() -> None:
    with pytest.raises(TypeError, match="datetime"):
        WorkingCalendar.for_departement("75", [dt.datetime(2026, 5, 15, 12)])
    with pytest.raises(TypeError, match="liste"):
        WorkingCalendar.for_departement("75", D(2026, 5, 15))  # type: ignore[arg-type]
    with pytest.raises(DateOutOfRangeError, match="fermeture"):
        WorkingCalendar.for_departement("75", [D(2101, 1, 3)])


def _closure(day: dt.date, name: str) -> Holiday:
    return Holiday(day, name, HolidayKind.CLOSURE)


# --- working_days_between ------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2024, 5, 3), D(2024, 5, 6), 1),  # Friday -> Monday
        (D(2024, 4, 30), D(2024, 5, 2), 1),  # over 1 May
        (D(2024, 5, 6), D(2024, 5, 6), 0),  # same working day
        (D(2024, 5, 1), D(2024, 5, 1), 0),  # same day, a holiday
        (D(2024, 5, 4), D(2024, 5, 5), 0),  # Saturday -> Sunday
        (D(2024, 5, 9), D(2024, 5, 10), 1),  # Ascension -> Friday
        (D(2024, 5, 6), D(2024, 5, 3), -1),  # reversed
        (D(2026, 1, 1) - dt.timedelta(days=1), D(2026, 12, 31), 252),  # the year 2026
        (D(2026, 1, 1), D(2026, 12, 31), 252),  # 1 January is a holiday anyway
    ],
)
def test_working_days_between_paris(start: dt.date, end: dt.date, expected: int) -> None:
    assert PARIS.working_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("code", "year", "expected"),
    [
        ("75", 2026, 252),  # 261 weekdays, 9 holidays on weekdays
        ("57", 2026, 251),  # Vendredi saint on a Friday, 26 December on a Saturday
        ("75", 2025, 251),
        ("57", 2025, 249),  # 18 April and 26 December 2025 are weekdays
        ("974", 2024, 251),  # 20 December 2024 is a Friday
        ("75", 2024, 252),
    ],
)
def test_working_days_in_a_year(code: str, year: int, expected: int) -> None:
    cal = WorkingCalendar.for_departement(code)
    assert cal.working_days_between(D(year - 1, 12, 31), D(year, 12, 31)) == expected


def test_datetimes_count_as_their_own_date() -> None:
    assert PARIS.working_days_between(dt.datetime(2024, 5, 3, 23, 59), D(2024, 5, 6)) == 1


# --- add_working_days, next/previous -------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2024, 5, 4), 0, D(2024, 5, 4)),  # Saturday, n = 0: the start itself
        (D(2024, 5, 4), 1, D(2024, 5, 6)),
        (D(2024, 5, 4), 5, D(2024, 5, 14)),  # over Ascension (9 May)
        (D(2024, 5, 1), 0, D(2024, 5, 1)),  # a holiday, n = 0
        (D(2024, 5, 1), 1, D(2024, 5, 2)),
        (D(2024, 5, 1), 5, D(2024, 5, 10)),
        (D(2024, 5, 3), 0, D(2024, 5, 3)),
        (D(2024, 5, 3), 1, D(2024, 5, 6)),
        (D(2024, 5, 3), 5, D(2024, 5, 14)),
        (D(2025, 5, 7), 5, D(2025, 5, 15)),  # over 8 May
        (D(2025, 5, 10), 5, D(2025, 5, 16)),
        (D(2025, 5, 28), 5, D(2025, 6, 5)),  # over Ascension (29 May)
        (D(2025, 4, 17), 5, D(2025, 4, 25)),  # over Easter Monday
        (D(2024, 12, 23), 5, D(2024, 12, 31)),
        (D(2026, 5, 13), 3, D(2026, 5, 19)),  # over Ascension: 15, 18, 19
        (D(2026, 5, 22), 1, D(2026, 5, 26)),  # over Pentecôte
        (D(2026, 7, 10), 3, D(2026, 7, 16)),  # over 14 July
        (D(2026, 1, 1), 10, D(2026, 1, 15)),
        (D(2026, 12, 18), 15, D(2027, 1, 12)),  # a local authority's letter over Christmas
    ],
)
def test_add_working_days_paris(start: dt.date, n: int, expected: dt.date) -> None:
    assert PARIS.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("cal", "start", "n", "expected"),
    [
        (MOSELLE, D(2025, 4, 17), 5, D(2025, 4, 28)),  # Good Friday and Easter Monday
        (MOSELLE, D(2024, 12, 23), 5, D(2025, 1, 2)),  # 25, 26 December and 1 January
        (MOSELLE, D(2025, 5, 28), 5, D(2025, 6, 5)),
        (REUNION, D(2024, 12, 19), 5, D(2024, 12, 30)),  # 20 and 25 December
        (PARIS, D(2024, 12, 19), 5, D(2024, 12, 27)),
    ],
)
def test_add_working_days_local(
    cal: WorkingCalendar, start: dt.date, n: int, expected: dt.date
) -> None:
    assert cal.add_working_days(start, n) == expected


def test_add_zero_to_a_datetime_gives_its_date() -> None:
    result = PARIS.add_working_days(dt.datetime(2024, 5, 4, 10, 30), 0)
    assert (type(result), result) == (dt.date, D(2024, 5, 4))


def test_add_refuses_negative_n() -> None:
    with pytest.raises(QualeprefError, match="positif ou nul, pas -1"):
        PARIS.add_working_days(D(2024, 5, 4), -1)


@pytest.mark.parametrize(
    ("day", "following", "preceding"),
    [
        (D(2026, 5, 14), D(2026, 5, 15), D(2026, 5, 13)),  # Ascension
        (D(2026, 5, 23), D(2026, 5, 26), D(2026, 5, 22)),  # Saturday before Pentecôte
        (D(2026, 5, 26), D(2026, 5, 26), D(2026, 5, 26)),  # a working day
        (D(2026, 12, 25), D(2026, 12, 28), D(2026, 12, 24)),
    ],
)
def test_next_and_previous_working_day(
    day: dt.date, following: dt.date, preceding: dt.date
) -> None:
    assert PARIS.next_working_day(day) == following
    assert PARIS.previous_working_day(day) == preceding


def test_next_working_day_of_a_datetime_is_a_date() -> None:
    assert PARIS.next_working_day(dt.datetime(2026, 5, 26, 8)) == D(2026, 5, 26)
    assert type(PARIS.previous_working_day(dt.datetime(2026, 5, 26, 8))) is dt.date


# --- holidays_between -----------------------------------------------------------------


def test_holidays_between_lists_dated_named_days_in_french() -> None:
    listed = [
        (h.date, h.name, h.kind) for h in MOSELLE.holidays_between(D(2025, 1, 1), D(2025, 12, 31))
    ]
    assert listed == [
        (D(2025, 1, 1), "Jour de l'an", HolidayKind.NATIONAL),
        (D(2025, 4, 18), "Vendredi saint", HolidayKind.LOCAL),
        (D(2025, 4, 21), "Lundi de Pâques", HolidayKind.NATIONAL),
        (D(2025, 5, 1), "Fête du Travail", HolidayKind.NATIONAL),
        (D(2025, 5, 8), "Fête de la Victoire", HolidayKind.NATIONAL),
        (D(2025, 5, 29), "Ascension", HolidayKind.NATIONAL),
        (D(2025, 6, 9), "Lundi de Pentecôte", HolidayKind.NATIONAL),
        (D(2025, 7, 14), "Fête nationale", HolidayKind.NATIONAL),
        (D(2025, 8, 15), "Assomption", HolidayKind.NATIONAL),
        (D(2025, 11, 1), "Toussaint", HolidayKind.NATIONAL),
        (D(2025, 11, 11), "Armistice", HolidayKind.NATIONAL),
        (D(2025, 12, 25), "Noël", HolidayKind.NATIONAL),
        (D(2025, 12, 26), "Saint-Étienne", HolidayKind.LOCAL),
    ]


def test_holidays_between_includes_both_ends_and_is_empty_when_reversed() -> None:
    assert [h.name for h in PARIS.holidays_between(D(2026, 5, 1), D(2026, 5, 8))] == [
        "Fête du Travail",
        "Fête de la Victoire",
    ]
    assert PARIS.holidays_between(D(2026, 5, 8), D(2026, 5, 1)) == []


FRENCH_NAMES_2026 = [
    "Jour de l'an", "Lundi de Pâques", "Fête du Travail", "Fête de la Victoire", "Ascension",
    "Lundi de Pentecôte", "Fête nationale", "Assomption", "Toussaint", "Armistice", "Noël",
]  # fmt: skip


@pytest.mark.parametrize("lang", ["C.UTF-8", "C", "POSIX", "en_US.UTF-8", "de_DE.UTF-8", ""])
def test_names_are_french_whatever_the_locale(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    # what qualepref names, whatever the environment (the holidays package's own default
    # language is its business: we ask for French)
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", lang)
    _legal_holidays.cache_clear()
    _build_tables.cache_clear()
    try:
        cal = WorkingCalendar.for_departement("75")
        days = cal.holidays_between(D(2026, 1, 1), D(2026, 12, 31))
        assert [day.name for day in days] == FRENCH_NAMES_2026
    finally:
        _legal_holidays.cache_clear()
        _build_tables.cache_clear()


def test_coinciding_holidays_share_one_entry() -> None:
    # 1 May 2008 was also Ascension Thursday.
    holiday = PARIS.holiday(D(2008, 5, 1))
    assert holiday is not None
    assert set(holiday.name.split("; ")) == {"Ascension", "Fête du Travail"}
    assert holiday.kind is HolidayKind.NATIONAL


# --- range and codes -------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: PARIS.is_working_day(D(1949, 12, 31)),
        lambda: PARIS.is_working_day(D(2101, 1, 1)),
        lambda: PARIS.working_days_between(D(1949, 12, 31), D(2000, 1, 1)),
        lambda: PARIS.working_days_between(D(2000, 1, 1), D(2101, 1, 1)),
        lambda: PARIS.working_days_between(D(2101, 1, 1), D(2000, 1, 1)),
        lambda: PARIS.add_working_days(D(1949, 12, 31), 1),
        lambda: PARIS.add_working_days(D(2101, 1, 1), 0),
        lambda: PARIS.add_working_days(D(2101, 1, 1), 3),
        lambda: PARIS.add_working_days(D(2100, 12, 29), 5),
        lambda: PARIS.add_working_days(D(2100, 12, 31), 1),  # the last day is a Friday
        lambda: PARIS.previous_working_day(D(1950, 1, 1)),  # a Sunday and a holiday
        lambda: PARIS.holidays_between(D(2100, 1, 1), D(2101, 1, 1)),
        lambda: PARIS.holiday(D(1900, 1, 1)),
    ],
)
def test_dates_outside_the_span_are_refused(call: object) -> None:
    with pytest.raises(DateOutOfRangeError, match=r"01/01/1950 au 31/12/2100") as error:
        call()  # type: ignore[operator]
    assert str(error.value)


def test_the_span_ends_are_usable() -> None:
    # 151 years of about 250 working days each
    assert 151 * 250 < PARIS.working_days_between(D(1950, 1, 1), D(2100, 12, 31)) < 151 * 254
    assert PARIS.next_working_day(D(1950, 1, 1)) == D(1950, 1, 2)
    assert PARIS.add_working_days(D(2100, 12, 28), 2) == D(2100, 12, 30)


@pytest.mark.parametrize("code", ["20", "99", "00", "96", "979", "2C", "", "Moselle ", "6AE"])
def test_unknown_departements_are_refused(code: str) -> None:
    with pytest.raises(UnknownDepartementError) as error:
        WorkingCalendar.for_departement(code)
    assert "département inconnu" in str(error.value)


def test_every_departement_builds_and_knows_its_time_zone() -> None:
    zones = {
        dep.code: WorkingCalendar.for_departement(dep.code).time_zone.key for dep in departements()
    }
    assert len(zones) == 104
    assert zones["57"] == zones["2B"] == "Europe/Paris"
    assert zones["971"] == "America/Guadeloupe"
    assert zones["972"] == "America/Martinique"
    assert zones["973"] == "America/Cayenne"
    assert zones["974"] == "Indian/Reunion"
    assert zones["975"] == "America/Miquelon"
    assert zones["976"] == "Indian/Mayotte"


def test_repr_round_trips_as_a_call() -> None:
    cal = WorkingCalendar.for_departement("57", [D(2026, 5, 15)], pentecost_monday_worked=True)
    assert repr(cal) == (
        "WorkingCalendar.for_departement('57', closures=[Closure(date=datetime.date(2026, 5, 15), "
        "name='Fermeture exceptionnelle')], pentecost_monday_worked=True)"
    )
    assert repr(MOSELLE) == "WorkingCalendar.for_departement('57')"


def test_calendars_are_frozen_and_hashable() -> None:
    with pytest.raises(AttributeError):
        PARIS.pentecost_monday_worked = True  # type: ignore[misc]
    assert len({PARIS, WorkingCalendar.for_departement("75"), MOSELLE}) == 2


# --- properties ---------------------------------------------------------------------------


@given(calendars, day_pairs())
def test_count_agrees_with_a_day_by_day_count(
    cal: WorkingCalendar, pair: tuple[dt.date, dt.date]
) -> None:
    start, end = pair
    low, high = min(start, end), max(start, end)
    naive = sum(
        cal.is_working_day(low + dt.timedelta(days=k)) for k in range(1, (high - low).days + 1)
    )
    assert cal.working_days_between(start, end) == (naive if start <= end else -naive)


@given(calendars, day_pairs())
def test_count_is_antisymmetric(cal: WorkingCalendar, pair: tuple[dt.date, dt.date]) -> None:
    start, end = pair
    assert cal.working_days_between(start, end) == -cal.working_days_between(end, start)


@given(calendars, days, days, days)
def test_counts_add_over_consecutive_intervals(
    cal: WorkingCalendar, a: dt.date, b: dt.date, c: dt.date
) -> None:
    assert cal.working_days_between(a, b) + cal.working_days_between(b, c) == (
        cal.working_days_between(a, c)
    )


@given(calendars, recent_days, short_spans)
def test_add_is_the_inverse_of_count(cal: WorkingCalendar, start: dt.date, n: int) -> None:
    end = cal.add_working_days(start, n)
    assert cal.working_days_between(start, end) == n
    if n == 0:
        assert end == start
    else:
        # the first such day: a working day, and the day before still falls short
        assert cal.is_working_day(end)
        assert cal.working_days_between(start, end - dt.timedelta(days=1)) == n - 1


@given(calendars, recent_days)
def test_next_and_previous_working_days_are_the_nearest(cal: WorkingCalendar, day: dt.date) -> None:
    following, preceding = cal.next_working_day(day), cal.previous_working_day(day)
    assert cal.is_working_day(following)
    assert cal.is_working_day(preceding)
    assert preceding <= day <= following
    assert cal.working_days_between(preceding, following) == (0 if preceding == following else 1)


@given(calendars, day_pairs(max_span=800))
def test_holidays_between_matches_a_day_by_day_scan(
    cal: WorkingCalendar, pair: tuple[dt.date, dt.date]
) -> None:
    start, end = min(pair), max(pair)
    scanned = [
        holiday
        for k in range((end - start).days + 1)
        if (holiday := cal.holiday(start + dt.timedelta(days=k))) is not None
    ]
    assert cal.holidays_between(start, end) == scanned
    for holiday in scanned:
        assert not cal.is_working_day(holiday.date)


@given(st.sampled_from(["75", "57", "68", "974", "973"]), recent_days)
def test_working_days_match_the_holidays_package(code: str, day: dt.date) -> None:
    """An independent oracle: weekdays minus holidays.France, for 2000–2040."""
    cal = calendar_for(code, (), False, False)
    subdiv = {"75": None, "57": "57", "68": "6AE", "974": "974", "973": "973"}[code]
    table = holidays.France(subdiv=subdiv, years=day.year, language="fr")
    pentecost_2005_2007 = day in {D(2005, 5, 16), D(2006, 6, 5), D(2007, 5, 28)}
    expected = day.weekday() < 5 and day not in table and not pentecost_2005_2007
    assert cal.is_working_day(day) is expected


def test_the_104_codes_share_eleven_tables() -> None:
    # 101 départements and Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin
    _build_tables.cache_clear()
    calendars = [WorkingCalendar.for_departement(d.code) for d in departements()]
    assert len(calendars) == 104
    assert _build_tables.cache_info().currsize == 11
    again = [WorkingCalendar.for_departement(d.code) for d in departements()]
    assert _build_tables.cache_info().currsize == 11  # warm: no table built again
    assert [c.departement for c in again] == [c.departement for c in calendars]
    paris, nantes = WorkingCalendar.for_departement("75"), WorkingCalendar.for_departement("44")
    assert paris.holidays_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == (
        nantes.holidays_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    )
