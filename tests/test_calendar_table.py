"""The calendar as a dimension table: exact against the calendar, and the SQL of the docs.

The SQL recipe is read from docs/calendar.md and run in DuckDB and in Spark (local mode)
over the exported table; every row must give what :class:`~qualepref.Deadline` gives.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.helpers import run

from qualepref import Deadline, WorkingCalendar
from qualepref.calendar import CALENDAR_COLUMNS
from qualepref.calendar_export import (
    calendar_table,
    export_calendars,
    parse_departements,
    write_calendar_table,
)
from qualepref.departements import departements
from qualepref.errors import QualeprefError, UnknownDepartementError
from qualepref.public_holidays import Closure

DOCS = Path(__file__).parent.parent / "docs" / "calendar.md"
FIRST, LAST = WorkingCalendar.FIRST_DAY, WorkingCalendar.LAST_DAY


def recipe() -> str:
    """The SQL of docs/calendar.md, as a reader copies it."""
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(r"<!-- recette-sql-delais -->\n```sql\n(.*?)```", text, re.DOTALL)
    assert found is not None
    return found.group(1)


@pytest.fixture(scope="module")
def whole_table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every département, 1950 to 2100, written and read back as Parquet."""
    target = tmp_path_factory.mktemp("jours") / "jours.parquet"
    rows = write_calendar_table(target, export_calendars(parse_departements("all")), FIRST, LAST)
    assert rows == 104 * ((LAST - FIRST).days + 1)
    return target


def test_every_departement_on_the_whole_span_is_exact(whole_table: Path) -> None:
    parquet = pq.ParquetFile(whole_table)
    assert parquet.schema_arrow.names == list(CALENDAR_COLUMNS)
    assert parquet.num_row_groups == 104  # one per département
    span = [FIRST + dt.timedelta(days=n) for n in range((LAST - FIRST).days + 1)]
    for group, item in enumerate(departements()):
        table = parquet.read_row_group(group).to_pydict()
        calendar = WorkingCalendar.for_departement(item.code)
        off = {h.date: h for h in calendar.holidays_between(FIRST, LAST)}
        # computed again from the public list of days off, not from the calendar's tables
        working = [day.weekday() < 5 and day not in off for day in span]
        assert set(table["departement"]) == {item.code}
        assert table["date"] == span
        assert table["ouvre"] == working, item.code
        assert table["rang"] == list(itertools.accumulate(map(int, working))), item.code
        assert table["libelle"] == [off[d].name if d in off else None for d in span]
        natures = {None: None, "national": "légal", "local": "légal", "customary": "coutumier"}
        assert table["nature"] == [natures[off[d].kind.value if d in off else None] for d in span]


def test_a_closure_a_customary_day_and_a_worked_pentecost_are_in_the_table() -> None:
    calendars = export_calendars(
        ["971", "68"],
        [Closure(dt.date(2026, 5, 15), "Pont de l'Ascension")],
        pentecost_monday_worked=True,
        include_customary=True,
    )
    table = calendar_table(calendars, dt.date(2026, 1, 1), dt.date(2026, 12, 31)).to_pylist()
    rows = {(row["departement"], row["date"]): row for row in table}
    assert rows["971", dt.date(2026, 5, 15)]["nature"] == "fermeture"
    assert rows["68", dt.date(2026, 5, 15)]["libelle"] == "Pont de l'Ascension"
    assert rows["971", dt.date(2026, 7, 21)]["nature"] == "coutumier"  # Victor Schoelcher
    pentecost = rows["68", dt.date(2026, 5, 25)]
    assert (pentecost["ouvre"], pentecost["libelle"]) == (True, None)
    assert calendar_table([], dt.date(2026, 1, 1), dt.date(2026, 1, 2)).num_rows == 0


def test_to_arrow_is_the_whole_span_by_default() -> None:
    table = WorkingCalendar.for_departement("2A").to_arrow()
    assert table.num_rows == (LAST - FIRST).days + 1
    assert table.column("rang")[-1].as_py() == WorkingCalendar.for_departement(
        "2A"
    ).working_day_rank(LAST)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([item.code for item in departements()]),
    st.dates(FIRST, LAST - dt.timedelta(days=200)),
    st.integers(0, 120),
    st.integers(0, 60),
)
def test_rang_gives_the_delai_and_the_due_date(code: str, day: dt.date, gap: int, n: int) -> None:
    calendar = WorkingCalendar.for_departement(code)
    later = day + dt.timedelta(days=gap)
    rank = calendar.working_day_rank
    assert rank(later) - rank(day) == calendar.working_days_between(day, later)
    due = calendar.add_working_days(day, n)
    if n:  # the jour ouvré whose rang is rang(day) + n
        assert calendar.is_working_day(due)
        assert rank(due) == rank(day) + n


def test_the_csv_table_is_the_parquet_one(tmp_path: Path) -> None:
    calendars = export_calendars(
        ["57", "974"], [Closure(dt.date(2026, 5, 15), "=cmd|' /C calc'!A0")]
    )
    first, last = dt.date(2025, 12, 1), dt.date(2026, 12, 31)
    csv_rows = write_calendar_table(tmp_path / "j.csv", calendars, first, last)
    parquet_rows = write_calendar_table(tmp_path / "j.parquet", calendars, first, last)
    assert csv_rows == parquet_rows == 2 * 396
    raw = (tmp_path / "j.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdepartement;date;ouvre;rang;libelle;nature\n")
    assert "57;2026-05-15;false;" in raw.decode("utf-8-sig")
    assert ";'=cmd|' /C calc'!A0;fermeture" in raw.decode("utf-8-sig")  # written as text
    read = (
        duckdb.read_csv(tmp_path / "j.csv", sep=";", header=True, dtype={"departement": "VARCHAR"})
        .order("departement, date")
        .fetchall()
    )
    expected = (
        duckdb.read_parquet(str(tmp_path / "j.parquet")).order("departement, date").fetchall()
    )
    assert [row[:4] for row in read] == [row[:4] for row in expected]
    with pytest.raises(QualeprefError, match=r"s'écrit en \.parquet ou en \.csv"):
        write_calendar_table(tmp_path / "j.xlsx", calendars, first, last)


def test_departements_are_parsed_and_checked() -> None:
    assert parse_departements(" 2a , 44,44, 974") == ["2A", "44", "974"]
    assert len(parse_departements("TOUS")) == 104
    with pytest.raises(UnknownDepartementError):
        parse_departements("44,99")


# --- the SQL of the docs, against Deadline --------------------------------------------

CASES = {  # département, closures, customary
    "44 with a pont": ("44", (Closure(dt.date(2022, 5, 27), "Pont"),), False),
    "57": ("57", (), False),
    "974": ("974", (), False),
    "971 customary": ("971", (), True),
    "2A": ("2A", (), False),
}
CUTOFF = dt.time(17, 30)


def receipts(seed: int, count: int) -> Iterator[tuple[str, dt.datetime, dt.date | None, int, bool]]:
    """Random receipts: (case, received, answered or None, délai, with the cut-off)."""
    rng = random.Random(seed)  # noqa: S311 - test data
    for _ in range(count):
        case = rng.choice(sorted(CASES))
        day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(730))
        timed = rng.random() < 0.7
        hour, minute = (rng.randrange(24), rng.randrange(60)) if timed else (0, 0)
        received = dt.datetime(day.year, day.month, day.day, hour, minute)
        answered = None if rng.random() < 0.15 else day + dt.timedelta(days=rng.randrange(40))
        yield case, received, answered, rng.choice((1, 3, 5, 10, 15)), rng.random() < 0.5


def expected(
    rows: list[tuple[str, dt.datetime, dt.date | None, int, bool]],
) -> list[tuple[Any, ...]]:
    found = []
    calendars = {
        case: WorkingCalendar.for_departement(code, closures, include_customary=customary)
        for case, (code, closures, customary) in CASES.items()
    }
    for number, (case, received, answered, days, cut) in enumerate(rows):
        # a receipt at midnight is one known by its date only
        moment = received.date() if received.time() == dt.time() else received
        report = Deadline(days, calendars[case], cutoff=CUTOFF if cut else None).explain(
            moment, answered
        )
        found.append((number, report.day_zero, report.due_date, report.elapsed, report.met))
    return found


def suivi_columns(
    rows: list[tuple[str, dt.datetime, dt.date | None, int, bool]],
) -> dict[str, list[Any]]:
    return {
        "n": list(range(len(rows))),
        "departement": [CASES[case][0] for case, *_ in rows],
        "recu": [received for _, received, *_ in rows],
        "repondu": [
            None if answered is None else dt.datetime.combine(answered, dt.time(9))
            for _, _, answered, *_ in rows
        ],
        "delai": [days for *_, days, _ in rows],
        "heure_limite": [1050 if cut else None for *_, cut in rows],
    }


def calendars_for_cases(tmp_path: Path) -> Path:
    """One table per case would not do (the closures differ): a table per case, united."""
    paths = []
    for case, (code, closures, customary) in CASES.items():
        path = tmp_path / f"{case}.parquet"
        calendars = export_calendars([code], closures, include_customary=customary)
        write_calendar_table(path, calendars, dt.date(2021, 12, 1), dt.date(2024, 6, 30))
        paths.append(path)
    return tmp_path


def test_the_docs_sql_in_duckdb_gives_qualeprefs_delais(tmp_path: Path) -> None:
    import pyarrow as pa  # noqa: PLC0415

    folder = calendars_for_cases(tmp_path)
    rows = list(receipts(1, 4000))
    connection = duckdb.connect()
    connection.register(
        "calendrier", duckdb.read_parquet(f"{folder}/*.parquet", connection=connection)
    )
    connection.register("suivi", pa.table(suivi_columns(rows)))
    found = connection.execute(
        "SELECT n, jour_zero, echeance, delai_jours_ouvres, dans_le_delai "  # noqa: S608
        f"FROM ({recipe()}) ORDER BY n"
    ).fetchall()
    assert found == expected(rows)
    assert sum(1 for row in found if row[3] is None) > 400  # unanswered: NULL, never 0


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """Spark in local mode on two cores: it needs Java 17 or later on the machine."""
    java_home = os.environ.get("JAVA_HOME")
    if not (java_home and Path(java_home, "bin", "java").exists()) and not shutil.which("java"):
        pytest.fail(  # never a silent skip: say what is missing
            "Spark (mode local) demande Java 17 ou plus, absent de cette machine : "
            "installez-le (Debian : apt install openjdk-17-jre-headless) ou indiquez JAVA_HOME"
        )

    # Spark's Python workers must be this very interpreter (Spark refuses another minor)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYSPARK_PYTHON", sys.executable)
        patch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        yield from _spark_session()


def _spark_session() -> Iterator[Any]:
    from pyspark.sql import SparkSession  # noqa: PLC0415

    session = (
        SparkSession.builder.master("local[2]")
        .appName("qualepref-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_the_docs_sql_in_spark_gives_qualeprefs_delais(tmp_path: Path, spark: Any) -> None:
    folder = calendars_for_cases(tmp_path)
    rows = list(receipts(2, 1500))
    spark.read.parquet(str(folder)).createOrReplaceTempView("calendrier")
    columns = suivi_columns(rows)
    schema = (
        "n INT, departement STRING, recu TIMESTAMP_NTZ, repondu TIMESTAMP_NTZ, delai INT, "
        "heure_limite INT"
    )
    frame = spark.createDataFrame(list(zip(*columns.values(), strict=True)), schema)
    frame.createOrReplaceTempView("suivi")
    query = (
        "SELECT n, jour_zero, echeance, delai_jours_ouvres, dans_le_delai "  # noqa: S608
        f"FROM ({recipe()}) ORDER BY n"
    )
    found = [tuple(row) for row in spark.sql(query).collect()]
    assert found == expected(rows)


# --- the command ------------------------------------------------------------------------


def test_the_command_exports_parquet_and_csv(tmp_path: Path) -> None:
    status, shown = run(
        "calendar", "--export", tmp_path / "jours.parquet", "--departements", "44,57",
        "--from", "2000", "--to", "2035",
    )  # fmt: skip
    assert status == 0
    assert shown == (
        f"table du calendrier : 26298 lignes (2 département(s), 2000 à 2035) : "
        f"{tmp_path / 'jours.parquet'}\n"
    )
    table = pq.read_table(tmp_path / "jours.parquet")
    assert table.num_rows == 2 * 13149
    closures = tmp_path / "fermetures.csv"
    closures.write_text("date;libelle\n15/05/2026;Pont\n", encoding="utf-8")
    status, _ = run(
        "calendar", "--export", tmp_path / "jours.csv", "-d", "974", "--closures", closures,
        "--from", "2026", "--to", "2026",
    )  # fmt: skip
    assert status == 0
    text = (tmp_path / "jours.csv").read_text(encoding="utf-8-sig")
    assert "974;2026-05-15;false;" in text
    assert text.count("\n") == 1 + 365


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--export", "{d}/j.txt"], "s'écrit en .parquet ou en .csv"),
        (["--export", "{d}/j.csv", "--year", "2026"], "--year ou --export, pas les deux"),
        ([], "indiquez l'année"),
        (["--year", "2026", "--departements", "44"], "vont avec --export"),
        (["--export", "{d}/j.csv", "--from", "2030", "--to", "2020"], "est après --to 2020"),
        (["--export", "{d}/j.csv", "--departements", "44,99"], "département inconnu : '99'"),
        (["--export", "{d}/f.csv", "--closures", "{d}/f.csv"], "est un fichier lu"),
    ],
)
def test_export_call_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    (tmp_path / "f.csv").write_text("date\n", encoding="utf-8")
    status, _ = run("calendar", *(part.format(d=tmp_path) for part in argv))
    assert status == 2
    assert message in capsys.readouterr().err
