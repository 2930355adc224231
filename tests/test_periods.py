"""Periods: parsing, printing, containment, children and parents."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualepref import Month, PeriodError, Quarter, Semester, Year, parse_period


@pytest.mark.parametrize(
    ("text", "period", "printed"),
    [
        ("2022", Year(2022), "2022"),
        ("2022-07", Month(2022, 7), "2022-07"),
        ("2022-7", Month(2022, 7), "2022-07"),
        ("2022-T3", Quarter(2022, 3), "2022-T3"),
        ("2022-Q3", Quarter(2022, 3), "2022-T3"),
        ("2022-t1", Quarter(2022, 1), "2022-T1"),
        ("2022-S1", Semester(2022, 1), "2022-S1"),
        (" 2022-s2 ", Semester(2022, 2), "2022-S2"),
        # what Excel makes of them, or a referent types
        ("janv-22", Month(2022, 1), "2022-01"),
        ("janv.-22", Month(2022, 1), "2022-01"),
        ("févr.-22", Month(2022, 2), "2022-02"),
        ("déc-22", Month(2022, 12), "2022-12"),
        ("Août 2022", Month(2022, 8), "2022-08"),
        ("07/2022", Month(2022, 7), "2022-07"),
        ("01/01/2022", Month(2022, 1), "2022-01"),
        ("2022-07-01", Month(2022, 7), "2022-07"),
        ("T3 2022", Quarter(2022, 3), "2022-T3"),
        ("q4-2022", Quarter(2022, 4), "2022-T4"),
        ("1er trimestre 2022", Quarter(2022, 1), "2022-T1"),
        ("2ème trimestre 2022", Quarter(2022, 2), "2022-T2"),
        ("S1 2022", Semester(2022, 1), "2022-S1"),
        ("2nd semestre 2022", Semester(2022, 2), "2022-S2"),
    ],
)
def test_parse_and_print(text: str, period: object, printed: str) -> None:
    assert parse_period(text) == period
    assert str(period) == printed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2022-13", "mois invalide : 13"),
        ("2022-00", "mois invalide : 0"),
        ("2022-T5", "période illisible"),
        ("2022-S3", "période illisible"),
        ("1949", "année invalide : 1949"),
        ("13/2022", "mois invalide : 13"),
        ("T5 2022", "période illisible"),
        ("", "période illisible"),
        ("2022-07-15", "'2022-07-15' est un jour, pas une période"),
        ("15/07/2022", "est un jour, pas une période"),
        ("brumaire 2022", "période illisible"),
        ("janv-1949", "année invalide : 1949"),
    ],
)
def test_bad_periods(text: str, message: str) -> None:
    with pytest.raises(PeriodError, match="période") as error:
        parse_period(text)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: Month(2022, 13), "mois invalide : 13"),
        (lambda: Quarter(2022, 0), "trimestre invalide : 0"),
        (lambda: Semester(2022, True), "semestre invalide : True"),
        (lambda: Year(2101), "année invalide : 2101"),
        (lambda: Year("2022"), "année invalide : '2022'"),
    ],
)
def test_constructors_check(call: object, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        call()  # type: ignore[operator]


def test_bounds_children_and_parents() -> None:
    assert (Quarter(2022, 1).start, Quarter(2022, 1).end) == (
        dt.date(2022, 1, 1),
        dt.date(2022, 3, 31),
    )
    assert Semester(2022, 2).end == dt.date(2022, 12, 31)
    assert Month(2024, 2).end == dt.date(2024, 2, 29)
    assert [str(p) for p in Year(2022).children()] == ["2022-T1", "2022-T2", "2022-T3", "2022-T4"]
    assert [str(p) for p in Semester(2022, 1).children()] == ["2022-T1", "2022-T2"]
    assert [str(p) for p in Quarter(2022, 4).children()] == ["2022-10", "2022-11", "2022-12"]
    assert Month(2022, 12).children() == ()
    assert Month(2022, 12).parent() == Quarter(2022, 4)
    assert Quarter(2022, 2).parent() == Semester(2022, 1)
    assert Semester(2022, 2).parent() == Year(2022)
    assert Year(2022).parent() is None
    assert Year(2022).previous() == Year(2021)
    assert (Month.kind, Quarter.kind, Semester.kind, Year.kind) == (
        "mois",
        "trimestre",
        "semestre",
        "année",
    )


def test_ordering() -> None:
    periods = [Month(2022, 4), Year(2022), Quarter(2022, 2), Semester(2022, 1), Month(2021, 12)]
    ordered = sorted(periods, key=lambda p: p.sort_key())
    assert [str(p) for p in ordered] == ["2021-12", "2022", "2022-S1", "2022-T2", "2022-04"]
    assert Month(2022, 1) < Month(2022, 2)


months = st.builds(Month, st.integers(1950, 2100), st.integers(1, 12))


@given(months)
def test_every_month_belongs_to_its_ancestors(month: Month) -> None:
    quarter = month.parent()
    assert quarter is not None
    semester = quarter.parent()
    assert semester is not None
    year = semester.parent()
    assert year == Year(month.year)
    for ancestor in (quarter, semester, year):
        assert ancestor.contains(month)
        assert month in ancestor.months()
        assert parse_period(str(ancestor)) == ancestor
    assert parse_period(str(month)) == month
    assert not Year(month.year - 1 if month.year > 1950 else month.year + 1).contains(month)
