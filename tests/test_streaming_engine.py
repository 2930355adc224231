"""``--engine duckdb``: chunk by chunk, several files, Parquet in and out, as the row engine."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import string
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import both_engines, read_csv, run
from qualepref import Tracker
from qualepref.cli import main, track_command
from qualepref.errors import QualeprefError
from qualepref.tracking import streaming
from qualepref.tracking.streaming import chunk_rows, parse_memory
from test_columnar_engine import _messy_file

EXAMPLE = Path(__file__).parent.parent / "examples" / "suivi-2022"
OPTIONS = ("-d", "44", "--cutoff", "17:30", "--as-of", "2022-12-31")
ROWS_AND_DUCKDB = ("python", "duckdb")


def _track(*argv: str | Path) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["track", *map(str, argv)])
    return status, err.getvalue()


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 97 rows: a file of 1,500 rows crosses 16 chunk boundaries."""
    monkeypatch.setattr(streaming, "chunk_rows", lambda memory: 97)


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("seed", [5, 6, 7])
def test_chunk_boundaries_change_nothing(tmp_path: Path, seed: int) -> None:
    source = tmp_path / "suivi.csv"
    _messy_file(source, seed)  # empty lines, quoted cells, rejects, ISO and UTC dates
    status, err = both_engines(tmp_path, source, *OPTIONS)["duckdb"]
    assert status == 1
    assert "lignes vides ignorées" in err


@pytest.mark.usefixtures("small_chunks")
def test_a_chunk_with_a_summary_row_goes_through_the_row_engine(tmp_path: Path) -> None:
    source = tmp_path / "suivi.csv"
    _messy_file(source, 8, rows=300)
    lines = source.read_text(encoding="utf-8").splitlines()
    lines.insert(150, ";Total;42")  # in the second chunk only
    lines.insert(20, "Total;42")  # not a summary row (no count beside « Total »): rejected
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, err = both_engines(tmp_path, source, *OPTIONS)["duckdb"]
    assert "ligne(s) de synthèse ignorée(s) (1) : " in err
    assert "suivi.csv:152" in err
    assert status == 1


@pytest.mark.parametrize(
    "content",
    [
        # empty lines, first and last, with CRLF line ends
        "Date de réception;Canal;Date de réponse\r\n\r\n03/01/2022;courriel;05/01/2022\r\n"
        "\r\n\r\n04/01/2022;courriel;\r\n\r\n",
        # a quoted cell holding a line break: the row engine reads the file
        'Date de réception;Canal;Objet;Date de réponse\n03/01/2022;courriel;"deux\nlignes";\n'
        "04/01/2022;courriel;x;fin\n",
        # quoted cells on one line; a short row; a cell of spaces; no final line break
        'Date de réception;Canal;Objet;Date de réponse\n03/01/2022;courriel;"a;b";\n'
        '04/01/2022;courriel\n   ;;;\n"05/01/2022";"courriel";"""x""";06/01/2022',
        # not UTF-8: the row engine reads it
        "Date de réception;Canal;Objet;Date de réponse\n03/01/2022;courriel;été;\n".encode(
            "cp1252"
        ),
        # a lone CR ends a line: the row engine reads it (a rejected row among them)
        "Date de réception;Canal;Date de réponse\r03/01/2022;courriel;\r31/02/2022;courriel;\r",
        "Date de réception;Canal;Date de réponse\n03/01/2022;courriel;\n31/02/2022;fax;\r",
        "Date de réception;Canal;Date de réponse\n03/01/2022;courriel;\r04/01/2022;fax;\n",
        # a character cut at the very end; two columns named alike
        "Date de réception;Canal;Date de réponse\n03/01/2022;courriel;".encode() + b"\xc3",
        "Date de réception;Canal;Canal;Date de réponse\n03/01/2022;courriel;courriel;\n",
        # the header below a title: the row engine finds it
        "Suivi des courriels\nDate de réception;Canal;Date de réponse\n03/01/2022;courriel;\n",
        # quotes Python's csv module and DuckDB read otherwise: the row engine reads them
        'Date de réception;Canal;Objet;Date de réponse\n03/01/2022;courriel;"a" ;\n'
        '04/01/2022;courriel; "b";\n05/01/2022;"courriel";"""c""";\n06/01/2022;courriel;"\n',
        'Date de réception;Canal;Objet;Date de réponse\n03/01/2022;courriel;"a"b;\n',
        # a formula, a date of 1890, a comma-separated file with a BOM
        "\ufeffDate de réception,Canal,Objet,Date de réponse\n03/01/2022,courriel,=1+1,\n"
        "03/01/1890,courriel,x,\n",
    ],
)
def test_files_read_as_the_row_engine_reads_them(tmp_path: Path, content: str | bytes) -> None:
    source = tmp_path / "suivi.csv"
    source.write_bytes(content if isinstance(content, bytes) else content.encode())
    both_engines(tmp_path, source, "-d", "44", "--as-of", "2022-02-01")


_CELL = st.one_of(
    st.sampled_from(["03/01/2022", "2022-01-04 18:05", "07/01/2022 09:00", "courriel", "courrier"]),
    st.sampled_from(['"a"b', '"a" ', ' "a"', '"', '"a', '"""', '""', '"x;y"', '"a""b"', 'a"b']),
    st.text(alphabet=string.ascii_letters + ' ;"\n\r=-é', max_size=6),
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(_CELL, min_size=0, max_size=5), max_size=12), crlf=st.booleans())
def test_any_small_file_gives_what_the_row_engine_gives(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], crlf: bool
) -> None:
    folder = tmp_path_factory.mktemp("hasard")
    end = "\r\n" if crlf else "\n"
    body = end.join(";".join(row) for row in rows)
    source = folder / "suivi.csv"
    source.write_text(f"Date de réception;Canal;Objet;Date de réponse{end}{body}", encoding="utf-8")
    outcomes = {}
    for engine in ("python", "duckdb"):
        outcomes[engine] = _track(
            source, "-d", "44", "--as-of", "2022-02-01", "--engine", engine,
            "-o", folder / f"{engine}.csv",
        )  # fmt: skip
    python, duck = outcomes["python"], outcomes["duckdb"]
    if duck[0] == 2:  # DuckDB refuses a row (more cells than the header): it says so
        assert "--engine python le lit" in duck[1]
        return
    assert duck[0] == python[0]
    assert (folder / "python.csv").read_bytes() == (folder / "duckdb.csv").read_bytes()


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(st.sampled_from(["", "a;b", "\r", "x", '"q"']), max_size=30),
    block=st.integers(1, 9),
)
def test_empty_lines_are_found_across_block_boundaries(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], block: int
) -> None:
    source = tmp_path_factory.mktemp("blocs") / "suivi.csv"
    text = "h;i\n" + "".join(line + "\n" for line in lines)  # "\r" + "\n": an empty CRLF line
    source.write_bytes(text.encode())
    original = streaming._BLOCK
    streaming._BLOCK = block
    try:
        shape = streaming._csv_shape(source)
    finally:
        streaming._BLOCK = original
    assert shape is not None
    numbered = text.split("\n")[:-1]  # every line ends with a line break
    assert shape.empty_lines == [n for n, line in enumerate(numbered, 1) if line in {"", "\r"}]
    assert shape.lines == len(numbered)


def test_a_large_file_not_utf8_past_its_first_megabyte(tmp_path: Path) -> None:
    source = tmp_path / "suivi.csv"
    _messy_file(source, 9, rows=15_000)
    assert source.stat().st_size > 1 << 20
    with source.open("ab") as file:
        file.write("04/01/2022;courriel;Demande;été;;;;;\n".encode("cp1252"))
    status, err = both_engines(tmp_path, source, *OPTIONS, engines=ROWS_AND_DUCKDB)["duckdb"]
    assert status == 2
    assert "UTF-8" in err


def test_several_files_and_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "suivis"
    folder.mkdir()
    for seed in (11, 12, 13):
        _messy_file(folder / f"suivi-{seed}.csv", seed, rows=400)
    (folder / "lisez-moi.md").write_text("pas un suivi", encoding="utf-8")
    outcomes = both_engines(tmp_path, folder, *OPTIONS, engines=ROWS_AND_DUCKDB)
    delais = read_csv(tmp_path / "duckdb" / "delais.csv")
    assert len({row["fichier"] for row in delais}) == 3
    assert delais[0]["fichier"].endswith("suivi-11.csv")
    assert list(delais[0])[-7:] == ["fichier", "jour_zero", "echeance", "delai_jours_ouvres",
                                    "statut", "motif", "indicateur"]  # fmt: skip
    rejects = read_csv(tmp_path / "duckdb" / "delais-rejets.csv")
    assert {row["fichier"] for row in rejects} == {row["fichier"] for row in delais}
    assert "lignes lues : 1200 = " in outcomes["duckdb"][1]
    # a file named in the folder and again alone would be counted twice
    status, err = _track(folder, folder / "suivi-11.csv", "-d", "44", "-o", tmp_path / "x.csv")
    assert status == 2
    assert "nommé deux fois" in err


def test_a_file_among_several_read_by_the_row_engine(tmp_path: Path) -> None:
    folder = tmp_path / "suivis"
    folder.mkdir()
    _messy_file(folder / "a.csv", 14, rows=300)
    text = (folder / "a.csv").read_text(encoding="utf-8")
    (folder / "b.csv").write_bytes(text.encode("cp1252", errors="replace"))  # not UTF-8
    outcomes = both_engines(tmp_path, folder, *OPTIONS, engines=ROWS_AND_DUCKDB)
    rejects = read_csv(tmp_path / "duckdb" / "delais-rejets.csv")
    assert {Path(row["fichier"]).name for row in rejects} == {"a.csv", "b.csv"}
    assert outcomes["duckdb"][0] == 1


def test_several_files_must_share_their_columns(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("Date de réception;Canal;Date de réponse\n03/01/2022;courriel;\n", "utf-8")
    second.write_text("Date de réception;Date de réponse;Canal\n03/01/2022;;courriel\n", "utf-8")
    for engine in ("python", "duckdb"):
        status, err = _track(
            first, second, "-d", "44", "--engine", engine, "-o", tmp_path / "d.csv"
        )
        assert status == 2
        assert "b.csv : ses colonnes (Date de réception, Date de réponse, Canal)" in err
    second.write_text("Date de réception;Canal;Date de réponse;fichier\n", "utf-8")
    first.write_text("Date de réception;Canal;Date de réponse;Fichier\n", "utf-8")
    status, err = _track(first, second, "-d", "44", "-o", tmp_path / "d.csv")
    assert status == 2
    assert "s'appelle déjà « fichier »" in err
    assert not (tmp_path / "d.csv").exists()
    status, err = _track(tmp_path / "vide", "-d", "44", "-o", tmp_path / "d.csv")
    assert status == 2
    status, err = _track(tmp_path / "absent.parquet", "-d", "44", "-o", tmp_path / "d.csv")
    assert status == 2
    assert "absent.parquet" in err
    (tmp_path / "vide").mkdir()
    status, err = _track(tmp_path / "vide", "-d", "44", "-o", tmp_path / "d.csv")
    assert status == 2
    assert "dossier sans tableau de suivi" in err


def test_a_workbook_of_several_sheets_is_read_alone(tmp_path: Path) -> None:
    workbook = EXAMPLE / "suivi-2022.xlsx"
    status, err = _track(workbook, EXAMPLE / "suivi-2022.csv", "-d", "44", "-o", tmp_path / "d.csv")
    assert status == 2
    assert "un classeur de plusieurs feuilles ne se lit pas avec d'autres fichiers" in err


def test_without_duckdb_the_engine_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(track_command, "duckdb_available", lambda: False)
    status, err = _track(
        EXAMPLE / "suivi-2022.csv", "-d", "44", "--engine", "duckdb", "-o", tmp_path / "d.csv"
    )
    assert status == 2
    assert "pip install 'qualepref[duckdb]'" in err


def _to_parquet(source: Path, target: Path, select: str = "*") -> None:
    query = (
        f"SELECT {select} FROM read_csv('{source}', header = true, delim = ';', "  # noqa: S608
        "all_varchar = true, auto_detect = false, parallel = false, null_padding = true, "
        "quote = '\"', escape = '\"', "
        "columns = {'Réf': 'VARCHAR', 'Date de réception': 'VARCHAR', 'Canal': 'VARCHAR', "
        "'Objet': 'VARCHAR', 'Service': 'VARCHAR', 'Date de réponse': 'VARCHAR', "
        "'Type de réponse': 'VARCHAR', 'Date de réponse 2': 'VARCHAR', "
        "'Type de réponse 2': 'VARCHAR'})"
    )
    duckdb.sql(f"COPY ({query}) TO '{target}' (FORMAT parquet)")


def test_parquet_in_gives_what_the_same_rows_in_csv_give(tmp_path: Path) -> None:
    source = tmp_path / "suivi.csv"
    _messy_file(source, 21)
    # without its empty lines, the CSV file numbers its rows as the Parquet file does
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parquet = tmp_path / "suivi.parquet"
    _to_parquet(source, parquet)
    both_engines(tmp_path / "parquet", parquet, *OPTIONS, engines=ROWS_AND_DUCKDB)
    both_engines(tmp_path / "csv", source, *OPTIONS)
    for name in ("delais.csv", "mesures.csv"):
        from_parquet = (tmp_path / "parquet" / "duckdb" / name).read_bytes()
        assert from_parquet == (tmp_path / "csv" / "duckdb" / name).read_bytes()


def test_typed_parquet_cells_read_as_an_export_writes_them(tmp_path: Path) -> None:
    parquet = tmp_path / "suivi.parquet"
    duckdb.sql(
        "COPY (SELECT * FROM (VALUES "  # noqa: S608 - test data
        "(1, TIMESTAMP '2022-01-03 09:30:00', 'courriel', DATE '2022-01-05', NULL::TIMESTAMPTZ),"
        "(2, TIMESTAMP '2022-01-07 18:45:10', 'courriel', NULL, "
        "TIMESTAMPTZ '2022-01-10 08:00:00+00'),"
        "(NULL, NULL, NULL, NULL, NULL)) "
        'AS t("Réf", "Date de réception", "Canal", "Date de réponse", "Date de réponse 2"))'
        f" TO '{parquet}' (FORMAT parquet)"
    )
    outcomes = both_engines(
        tmp_path, parquet, "-d", "44", "--as-of", "2022-02-01", engines=ROWS_AND_DUCKDB
    )
    delais = read_csv(tmp_path / "duckdb" / "delais.csv")
    assert [
        (r["Date de réception"], r["Date de réponse"], r["Date de réponse 2"]) for r in delais
    ] == [
        ("2022-01-03 09:30", "2022-01-05", ""),
        ("2022-01-07 18:45:10", "", "2022-01-10T08:00:00Z"),
    ]
    assert [r["delai_jours_ouvres"] for r in delais] == ["2", "1"]
    assert "lignes vides ignorées : 1" in outcomes["python"][1]


def test_a_file_that_is_not_parquet(tmp_path: Path) -> None:
    fake = tmp_path / "suivi.parquet"
    fake.write_text("Date de réception;Canal\n", encoding="utf-8")
    for engine in ("python", "duckdb"):
        status, err = _track(fake, "-d", "44", "--engine", engine, "-o", tmp_path / "d.csv")
        assert status == 2
        assert "fichier Parquet illisible" in err
    no_header = tmp_path / "autre.parquet"
    duckdb.sql(f"COPY (SELECT 1 AS x) TO '{no_header}' (FORMAT parquet)")
    status, err = _track(no_header, "-d", "44", "-o", tmp_path / "d.csv")
    assert status == 2
    assert "Date de réception" in err


def test_parquet_out(tmp_path: Path) -> None:
    source = tmp_path / "suivi.csv"
    _messy_file(source, 31, rows=500)
    written = {}
    for engine in ("python", "duckdb"):
        output = tmp_path / f"{engine}.parquet"
        status, _err = _track(source, *OPTIONS, "--engine", engine, "-o", output)
        assert status == 1
        written[engine] = duckdb.read_parquet(str(output)).fetchall()
        assert not list(tmp_path.glob(f".{engine}.parquet*"))  # the CSV step is gone
    _track(source, *OPTIONS, "--engine", "python", "-o", tmp_path / "delais.csv")
    as_csv = read_csv(tmp_path / "delais.csv")
    assert written["python"] == written["duckdb"]
    assert len(written["duckdb"]) == len(as_csv)
    assert [value or "" for value in written["duckdb"][0]] == list(as_csv[0].values())
    table = duckdb.read_parquet(str(tmp_path / "duckdb.parquet"))
    columns = list(zip(table.columns, map(str, table.types), strict=True))
    assert columns[-1][:2] == ("indicateur", "VARCHAR")


def test_a_row_duckdb_cannot_read_is_an_error_that_says_what_to_do(tmp_path: Path) -> None:
    source = tmp_path / "suivi.csv"
    source.write_text(
        "Date de réception;Canal;Date de réponse\n03/01/2022;courriel;;en trop\n", "utf-8"
    )
    status, err = _track(source, "-d", "44", "--engine", "duckdb", "-o", tmp_path / "d.csv")
    assert status == 2
    assert "DuckDB ne lit pas ce fichier" in err
    assert "--engine python le lit" in err
    assert not (tmp_path / "d.csv").exists()
    status, err = _track(source, "-d", "44", "--engine", "python", "-o", tmp_path / "d.csv")
    assert status == 0
    assert "à droite de la dernière colonne nommée" in err


def test_engine_options(tmp_path: Path) -> None:
    source = EXAMPLE / "suivi-2022.csv"
    out = tmp_path / "d.csv"
    cases = {
        ("--memory", "1GB"): "--memory va avec --engine duckdb",
        ("--engine", "duckdb"): "écrit les délais en CSV ou en Parquet dans un fichier (-o)",
        ("--engine", "duckdb", "-o", str(tmp_path / "d.xlsx")): "en CSV ou en Parquet",
    }
    for options, message in cases.items():
        status, err = _track(source, "-d", "44", *options)
        assert status == 2, options
        assert message in err, options
    other = tmp_path / "autre.csv"
    other.write_bytes(source.read_bytes())
    status, err_text = _track(source, other, "-d", "44", "--engine", "polars", "-o", out)
    assert status == 2
    assert "plusieurs fichiers : --engine duckdb" in err_text
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as stopped:
        main(["track", str(source), "-d", "44", "--engine", "duckdb", "--memory", "un peu"])
    assert stopped.value.code == 2
    assert "argument --memory : taille illisible (par exemple 2GB, 512MB)" in err.getvalue()


def test_memory_sizes_the_chunks(tmp_path: Path) -> None:
    assert parse_memory("2GB") == 2 * 1024**3
    assert parse_memory("800 MiB") == 800 * 1024**2
    assert parse_memory("1.5 Go") == 3 * 1024**3 // 2
    with pytest.raises(QualeprefError, match="au moins 256MB"):
        parse_memory("100MB")
    assert chunk_rows(256 * 1024**2) == 65_536
    assert chunk_rows(2 * 1024**3) == 786_432
    assert chunk_rows(64 * 1024**3) == 1_000_000  # never more than a million rows
    status, _err = _track(
        EXAMPLE / "suivi-2022.csv",
        "--definitions", EXAMPLE / "definitions.toml", "--as-of", "2023-01-06",
        "--engine", "duckdb", "--memory", "256MB", "-o", tmp_path / "d.csv",
    )  # fmt: skip
    assert status == 1  # the example has rejects on purpose


def test_a_workbook_goes_to_the_row_engine(tmp_path: Path) -> None:
    status, _out = run(
        "track", EXAMPLE / "suivi-2022.xlsx", "--definitions", EXAMPLE / "definitions.toml",
        "--as-of", "2023-01-06", "--engine", "duckdb", "-o", tmp_path / "d.csv",
    )  # fmt: skip
    assert status == 1
    python = tmp_path / "p.csv"
    run(
        "track", EXAMPLE / "suivi-2022.xlsx", "--definitions", EXAMPLE / "definitions.toml",
        "--as-of", "2023-01-06", "--engine", "python", "-o", python,
    )  # fmt: skip
    assert (tmp_path / "d.csv").read_bytes() == python.read_bytes()


def test_stream_file_from_python(tmp_path: Path) -> None:
    from qualepref import Tally  # noqa: PLC0415

    source = tmp_path / "suivi.csv"
    _messy_file(source, 41, rows=200)
    tracker = Tracker.default("44", as_of=dt.date(2022, 12, 31))
    tally = Tally(tracker)
    rejected: list[str] = []
    streamed = streaming.stream_file(
        tracker, source, None, tally, reject=lambda c, r, where, s: rejected.append(where),
        rows_per_chunk=50,
    )  # fmt: skip
    assert streamed is not None
    assert streamed.chunks == 4
    assert tally.summary.read == 200
    assert tally.summary.rejected == len(rejected) > 0
    assert all(where.startswith(f"{source}:") for where in rejected)
    # a chunk holding a summary row and an empty row goes through the row engine
    lines = source.read_text(encoding="utf-8").splitlines()
    lines[60:60] = [";Total;42", ";;;"]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tally = Tally(tracker)
    streamed = streaming.stream_file(
        tracker, source, None, tally, reject=lambda c, r, where, s: None, rows_per_chunk=50
    )
    assert streamed is not None
    assert (streamed.by_rows, streamed.summary_rows) == (1, [f"{source}:61"])
    assert tally.summary.read == 201
    assert streamed.notes() == [f"ligne(s) de synthèse ignorée(s) (1) : {source}:61"]


def test_a_column_named_like_an_added_one_hides_nothing(tmp_path: Path) -> None:
    source = tmp_path / "suivi.csv"
    source.write_text(
        "Date de réception;Canal;Date de réponse;motif;statut\n"
        "03/01/2022;courriel;05/01/2022;relance;ouvert\n31/02/2022;courriel;;x;y\n",
        encoding="utf-8",
    )
    both_engines(tmp_path, source, "-d", "44", "--as-of", "2022-02-01")
    delais = read_csv(tmp_path / "duckdb" / "delais.csv")
    assert (delais[0]["motif (2)"], delais[0]["statut (2)"], delais[0]["statut"]) == (
        "relance", "ouvert", "dans_le_delai",
    )  # fmt: skip
    status, out = run("track", source, "-d", "44", "--as-of", "2022-02-01", "--format", "json")
    assert status == 1  # the 31st of February
    record = json.loads(out)[0]
    assert (record["motif (2)"], record["statut"]) == ("relance", "dans_le_delai")
    # an output tracked again keeps the earlier results beside the new ones
    again = tmp_path / "encore.csv"
    run("track", tmp_path / "duckdb" / "delais.csv", "-d", "44", "--as-of", "2022-03-01",
        "-o", again)  # fmt: skip
    assert list(read_csv(again)[0])[5:8] == ["jour_zero (2)", "echeance (2)",
                                             "delai_jours_ouvres (2)"]  # fmt: skip


NATIONAL = Path(__file__).parent.parent / "examples" / "national" / "definitions"


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_several_prefectures_each_with_its_departement(tmp_path: Path, engine: str) -> None:
    suivis = tmp_path / "suivis"
    suivis.mkdir()
    # the same rows in Moselle and in Loire-Atlantique: Good Friday (15/04/2022) and
    # Saint Stephen's day are jours fériés in Moselle only
    rows = "Date de réception;Canal;Date de réponse\n14/04/2022 10:00;courriel;19/04/2022\n"
    (suivis / "57.csv").write_text(rows, encoding="utf-8")
    (suivis / "44.csv").write_text(rows, encoding="utf-8")
    status, err = _track(
        suivis, "--definitions-dir", NATIONAL, "--as-of", "2022-12-31", "--engine", engine,
        "-o", tmp_path / "delais", "--measurements", tmp_path / "mesures",
    )  # fmt: skip
    assert status == 0, err
    assert err.index("== 44 (44.toml)") < err.index("== 57 (57.toml)")
    assert read_csv(tmp_path / "delais" / "44.csv")[0]["delai_jours_ouvres"] == "2"
    assert read_csv(tmp_path / "delais" / "57.csv")[0]["delai_jours_ouvres"] == "1"
    assert sorted(p.name for p in (tmp_path / "mesures").iterdir()) == ["44.csv", "57.csv"]
    status, out = run("national", tmp_path / "mesures", "--definitions-dir", NATIONAL,
                      "--year", "2022", "--no-quarters")  # fmt: skip
    assert status == 0
    assert "courriels_info" in out


def test_several_prefectures_refuse_what_would_mean_one(tmp_path: Path) -> None:
    suivis = tmp_path / "suivis"
    suivis.mkdir()
    (suivis / "44.csv").write_text("Date de réception;Canal;Date de réponse\n", "utf-8")
    (suivis / "99.csv").write_text("Date de réception;Canal;Date de réponse\n", "utf-8")
    base = (suivis / "44.csv", "--definitions-dir", NATIONAL)
    cases = {
        ("-d", "44", "-o", str(tmp_path / "d")): "retirez --departement",
        (): "-o DOSSIER",
        ("-o", str(EXAMPLE / "suivi-2022.csv")): "-o et --measurements sont des dossiers",
    }
    for options, message in cases.items():
        status, err = _track(*base, *options)
        assert status == 2, options
        assert message in err, options
    status, err = _track(suivis / "99.csv", "--definitions-dir", NATIONAL, "-o", tmp_path / "d")
    assert status == 2
    assert "aucun fichier de définitions de ce nom" in err
    # one préfecture's problem leaves the others measured
    (suivis / "57.csv").write_text("Reçu;Canal\n03/01/2022;courriel\n", "utf-8")
    status, err = _track(suivis / "44.csv", suivis / "57.csv", "--definitions-dir", NATIONAL,
                         "--as-of", "2022-12-31", "-o", tmp_path / "d")  # fmt: skip
    assert status == 2
    assert "qualepref track : 57 : " in err
    assert (tmp_path / "d" / "44.csv").exists()


def test_a_file_without_quotes_is_read_in_parallel_in_order(tmp_path: Path) -> None:
    source = tmp_path / "suivi.csv"
    _messy_file(source, 51, rows=60_000)
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if '"' not in line]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert source.stat().st_size > 4 << 20  # more than one of DuckDB's parallel buffers
    shape = streaming._csv_shape(source)
    assert shape is not None
    assert not shape.quoted
    assert "parallel = true" in streaming._csv_query(source, shape)
    both_engines(tmp_path, source, *OPTIONS, engines=ROWS_AND_DUCKDB)
