"""The polars and DuckDB recipes of docs/tracking.md give the délais of the scalar path."""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
from pathlib import Path
from types import ModuleType

import duckdb
import polars as pl
import pytest

from qualepref import Closure, Deadline, WorkingCalendar

RECIPES = Path(__file__).parent.parent / "examples" / "columnar"


def _recipe(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, RECIPES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


polars_delais = _recipe("polars_delais")
duckdb_delais = _recipe("duckdb_delais")

CALENDARS = {
    "44 with closures": WorkingCalendar.for_departement(
        "44", [Closure(dt.date(2022, 5, 27), "Pont"), Closure(dt.date(2023, 12, 26), "Pont")]
    ),
    "57": WorkingCalendar.for_departement("57"),
    "974": WorkingCalendar.for_departement("974"),
    "68, Pentecost worked": WorkingCalendar.for_departement("68", pentecost_monday_worked=True),
}
FIRST, LAST = dt.date(2021, 12, 1), dt.date(2024, 3, 31)


def _receipts(
    seed: int, *, timed: bool, count: int = 3000
) -> list[tuple[dt.date, dt.date | None, int]]:
    rng = random.Random(seed)  # noqa: S311 - test data
    rows: list[tuple[dt.date, dt.date | None, int]] = []
    for _ in range(count):
        day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(730))
        received: dt.date = (
            dt.datetime(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60))
            if timed
            else day
        )
        answered = None if rng.random() < 0.1 else day + dt.timedelta(days=rng.randrange(40))
        rows.append((received, answered, rng.choice((3, 4, 5, 10, 15))))
    return rows


def _expected(
    rows: list[tuple[dt.date, dt.date | None, int]],
    calendar: WorkingCalendar,
    cutoff: dt.time | None,
) -> list[tuple[dt.date, dt.date, int | None, bool | None]]:
    found = []
    for received, answered, days in rows:
        report = Deadline(days, calendar, cutoff=cutoff).explain(received, answered)
        found.append((report.day_zero, report.due_date, report.elapsed, report.met))
    return found


CASES = [
    (name, cutoff, timed)
    for name in CALENDARS
    for cutoff in (None, dt.time(17, 30))
    for timed in (True, False)
]


@pytest.mark.parametrize(("name", "cutoff", "timed"), CASES)
def test_polars_computes_the_same_delais(name: str, cutoff: dt.time | None, timed: bool) -> None:
    calendar = CALENDARS[name]
    rows = _receipts(len(name) + timed, timed=timed)
    frame = pl.LazyFrame(
        {
            "recu": [r for r, _, _ in rows],
            "repondu": [a for _, a, _ in rows],
            "delai": [d for _, _, d in rows],
        },
        schema={"recu": pl.Datetime if timed else pl.Date, "repondu": pl.Date, "delai": pl.Int32},
    )
    result = polars_delais.delais(
        frame, calendar, deadline=pl.col("delai"), cutoff=cutoff, first=FIRST, last=LAST
    ).collect()
    got = list(
        zip(
            result["jour_zero"].to_list(),
            result["echeance"].to_list(),
            result["delai_jours_ouvres"].to_list(),  # null while unanswered
            result["dans_le_delai"].to_list(),
            strict=True,
        )
    )
    assert got == _expected(rows, calendar, cutoff)


@pytest.mark.parametrize(("name", "cutoff", "timed"), CASES)
def test_duckdb_computes_the_same_delais(name: str, cutoff: dt.time | None, timed: bool) -> None:
    calendar = CALENDARS[name]
    rows = _receipts(len(name) + timed, timed=timed)
    connection = duckdb.connect()
    duckdb_delais.load_calendar(connection, calendar, FIRST, LAST)
    kind = "TIMESTAMP" if timed else "DATE"
    connection.execute(f"CREATE TABLE suivi (n INTEGER, recu {kind}, repondu DATE, delai INTEGER)")
    connection.execute(  # one statement for all rows: executemany inserts one by one
        f"INSERT INTO suivi SELECT unnest(?), CAST(unnest(?) AS {kind}), unnest(?), unnest(?)",
        [list(range(len(rows))), *map(list, zip(*rows, strict=True))],
    )
    query = duckdb_delais.delais_sql("suivi", cutoff)
    found = connection.execute(  # the délai is NULL while unanswered, never 0
        f"SELECT jour_zero, echeance, delai_jours_ouvres, dans_le_delai FROM ({query}) ORDER BY n"  # noqa: S608
    ).fetchall()
    assert found == _expected(rows, calendar, cutoff)


def test_days_off_are_the_calendars() -> None:
    days = polars_delais.days_off(
        CALENDARS["44 with closures"], dt.date(2022, 5, 1), dt.date(2022, 5, 31)
    )
    assert days == [
        dt.date(2022, 5, 1),
        dt.date(2022, 5, 8),
        dt.date(2022, 5, 26),
        dt.date(2022, 5, 27),
    ]
