"""--departement-column: each tracking file's département read from one of its columns."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from helpers import both_engines, read_csv
from qualepref.cli import main
from qualepref.departements import departements
from qualepref.tracking import departement_column
from qualepref.tracking.departement_column import (
    departement_in_cell,
    file_departement,
    prefectures_by_column,
)
from qualepref.tracking.tracker import TrackingError

NATIONAL = Path(__file__).parent.parent / "examples" / "national" / "definitions"
HEADER = "Date de réception;Canal;Date de réponse;Département\n"
# Good Friday, 15/04/2022, is a jour férié in Moselle only: a request of Thursday 14/04
# answered on Tuesday 19/04 took 2 jours ouvrés in Loire-Atlantique, 1 in Moselle.
ROW = "14/04/2022 10:00;courriel;19/04/2022;{}\n"


def _track(*argv: str | Path) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["track", *map(str, argv)])
    return status, err.getvalue()


def _file(path: Path, *departements: str) -> Path:
    path.write_text(HEADER + "".join(ROW.format(d) for d in departements), encoding="utf-8")
    return path


@pytest.mark.parametrize("item", departements(), ids=lambda item: item.code)
def test_every_departement_by_its_code_and_its_name(item: object) -> None:
    code, name = item.code, item.name  # type: ignore[attr-defined]
    for text in (code, name, name.upper(), f"{code} - {name}", f" {code} "):
        assert departement_in_cell(text) == code, text


def test_cells_that_name_no_departement() -> None:
    for text in ("20", "96", "100", "Nantes", "", "44 Nantes", "4 4", "2C", "44.5", "2A.0"):
        assert departement_in_cell(text) is None, text
    assert departement_in_cell("1") == "01"
    assert departement_in_cell("2b") == "2B"


@given(st.text(max_size=30))
def test_any_cell_gives_a_known_code_or_none(text: str) -> None:
    found = departement_in_cell(text)
    assert found is None or found in {item.code for item in departements()}


def test_the_files_departement(tmp_path: Path) -> None:
    source = _file(tmp_path / "export.csv", "57", "Moselle", "", "57 - Moselle")
    assert file_departement(source, "département") == "57"
    assert file_departement(source, "DEPARTEMENT") == "57"


def test_a_file_that_mixes_two_departements_is_refused_with_both_lines(tmp_path: Path) -> None:
    source = _file(tmp_path / "export.csv", "57", "", "57", "44")
    with pytest.raises(TrackingError) as error:
        file_departement(source, "Département")
    assert str(error.value) == (
        f"{source} : le fichier mêle deux départements, 57 ({source}:2) et 44 ({source}:5) "
        ": un fichier par département (ses jours fériés décident des délais)"
    )


def test_what_the_column_cannot_give(tmp_path: Path) -> None:
    source = _file(tmp_path / "export.csv", "57", "Metz")
    with pytest.raises(TrackingError, match=r"export.csv:3 : colonne « Département » : « Metz »"):
        file_departement(source, "Département")
    with pytest.raises(TrackingError, match=r"pas de colonne « Service » .* colonnes : Date de"):
        file_departement(source, "Service")
    empty = _file(tmp_path / "vide.csv", "", "")
    with pytest.raises(TrackingError, match="la colonne « Département » est vide"):
        file_departement(empty, "Département")


def test_a_workbooks_number_is_a_code(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Date de réception", "Canal", "Département"])
    sheet.append(["14/04/2022", "courriel", 57])
    sheet.append(["15/04/2022", "courriel", 57.0])
    sheet.append(["16/04/2022", "courriel", 5])
    book.save(tmp_path / "suivi.xlsx")
    with pytest.raises(TrackingError, match=r"57 \(.*suivi.xlsx\[Sheet\]:2\) et 05"):
        file_departement(tmp_path / "suivi.xlsx", "Département")


@pytest.mark.parametrize("engine", ["python", "polars", "duckdb"])
def test_the_column_gives_the_calendar(tmp_path: Path, engine: str) -> None:
    source = _file(tmp_path / "export.csv", "57", "57")
    status, err = _track(source, "--departement-column", "Département", "--engine", engine,
                         "--as-of", "2022-12-31", "-o", tmp_path / "delais.csv")  # fmt: skip
    assert status == 0, err
    assert [row["delai_jours_ouvres"] for row in read_csv(tmp_path / "delais.csv")] == ["1", "1"]
    assert [row["Département"] for row in read_csv(tmp_path / "delais.csv")] == ["57", "57"]


def test_every_engine_writes_the_same_bytes(tmp_path: Path) -> None:
    source = _file(tmp_path / "export.csv", *(["Moselle", "57", ""] * 40))
    outcomes = both_engines(
        tmp_path, source, "--departement-column", "Département", "--as-of", "2022-12-31"
    )
    assert outcomes["python"][0] == 0
    assert read_csv(tmp_path / "python" / "delais.csv")[0]["delai_jours_ouvres"] == "1"


def test_what_the_option_refuses(tmp_path: Path) -> None:
    moselle = _file(tmp_path / "moselle.csv", "57")
    loire = _file(tmp_path / "loire.csv", "44")
    out = ("--as-of", "2022-12-31", "-o", tmp_path / "delais.csv")
    cases = {
        (moselle, "-d", "57"): "--departement ou --departement-column : l'un ou l'autre",
        (moselle, loire): "plusieurs départements, 44 (loire.csv), 57 (moselle.csv) : "
        "--definitions-dir",
        (moselle, "--definitions", NATIONAL / "44.toml"): (
            '44.toml : [prefecture] departement = "44", mais la colonne « Département » dit 57'
        ),
        (_file(tmp_path / "melange.csv", "57", "44"),): "le fichier mêle deux départements",
    }
    for arguments, message in cases.items():
        status, err = _track(*arguments, "--departement-column", "Département", *out)
        assert status == 2, arguments
        assert message in err, (arguments, err)
        assert not (tmp_path / "delais.csv").exists()


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_files_go_to_the_definitions_of_their_departement(tmp_path: Path, engine: str) -> None:
    suivis = tmp_path / "suivis"
    suivis.mkdir()
    _file(suivis / "export-metz.csv", "57")
    _file(suivis / "export-nantes-1.csv", "44")
    _file(suivis / "export-nantes-2.csv", "Loire-Atlantique", "44")
    status, err = _track(
        suivis, "--definitions-dir", NATIONAL, "--departement-column", "Département",
        "--as-of", "2022-12-31", "--engine", engine,
        "-o", tmp_path / "delais", "--measurements", tmp_path / "mesures",
    )  # fmt: skip
    assert status == 0, err
    assert err.index("== 44 (44.toml)") < err.index("== 57 (57.toml)")
    nantes = read_csv(tmp_path / "delais" / "44.csv")
    assert [(Path(row["fichier"]).name, row["delai_jours_ouvres"]) for row in nantes] == [
        ("export-nantes-1.csv", "2"),
        ("export-nantes-2.csv", "2"),
        ("export-nantes-2.csv", "2"),
    ]
    assert read_csv(tmp_path / "delais" / "57.csv")[0]["delai_jours_ouvres"] == "1"
    assert sorted(p.name for p in (tmp_path / "mesures").iterdir()) == ["44.csv", "57.csv"]


def test_definitions_found_by_the_departement_they_declare(tmp_path: Path) -> None:
    definitions = tmp_path / "definitions"
    definitions.mkdir()
    shutil.copy(NATIONAL / "57.toml", definitions / "moselle.toml")
    (definitions / "cassé.toml").write_text("[prefecture\n", encoding="utf-8")
    metz = _file(tmp_path / "metz.csv", "57")
    found = prefectures_by_column([metz], definitions, "Département")
    assert found == {"57": (definitions / "moselle.toml", [metz])}
    nantes = _file(tmp_path / "nantes.csv", "44")
    with pytest.raises(TrackingError, match="aucun fichier de définitions pour le département 44"):
        prefectures_by_column([nantes], definitions, "Département")
    shutil.copy(NATIONAL / "57.toml", definitions / "metz.toml")
    with pytest.raises(TrackingError, match=r"plusieurs .* 57 \(metz.toml, moselle.toml\)"):
        prefectures_by_column([metz], definitions, "Département")
    with pytest.raises(TrackingError, match="pas un dossier"):
        prefectures_by_column([metz], tmp_path / "nulle-part", "Département")


def test_without_polars_or_in_another_encoding_the_reader_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    windows = tmp_path / "export.csv"
    windows.write_bytes((HEADER + ROW.format("Isère")).encode("cp1252"))
    assert departement_column._cells_by_columns(windows, "Département") is None
    assert file_departement(windows, "Département") == "38"
    utf8 = _file(tmp_path / "utf8.csv", "38")
    monkeypatch.setattr(departement_column, "importable", lambda _name: False)
    assert departement_column._cells_by_columns(utf8, "Département") is None
    assert file_departement(utf8, "Département") == "38"


def test_a_parquet_files_column(tmp_path: Path) -> None:
    import polars as pl  # noqa: PLC0415

    frame = pl.DataFrame({"Date de réception": ["14/04/2022"] * 2, "Département": [57, None]})
    frame.write_parquet(tmp_path / "export.parquet")
    assert file_departement(tmp_path / "export.parquet", "Département") == "57"
    # a column of floats: 57.0 is 57, read by polars and by the table reader alike
    frame.with_columns(pl.col("Département").cast(pl.Float64)).write_parquet(
        tmp_path / "flottants.parquet"
    )
    assert file_departement(tmp_path / "flottants.parquet", "Département") == "57"
    assert departement_column._cells_by_columns(tmp_path / "flottants.parquet", "Département")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(departement_column, "_cells_by_columns", lambda *_: None)
        assert file_departement(tmp_path / "flottants.parquet", "Département") == "57"


_CELLS = st.sampled_from(["44", "Loire-Atlantique", " 44 ", "", "57", "Metz", "x;y", '"44"'])


@given(rows=st.lists(st.tuples(_CELLS, st.booleans()), max_size=8), title=st.booleans())
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_quick_read_says_what_the_reader_says(
    tmp_path: Path, rows: list[tuple[str, bool]], title: bool
) -> None:
    """Read by columns or by the table reader, a file gives the same département or error.

    Except a file whose only filled cells are on summary rows (« Total ») : the quick
    read takes their département, the reader finds none; it has nothing to track.
    """
    assume(any(not total and cell.strip() for cell, total in rows))
    source = tmp_path / "export.csv"
    lines = ["Suivi 2022"] if title else []
    lines.append("Date de réception;Département")
    for cell, total in rows:
        quoted = '"' + cell.replace('"', '""') + '"' if ";" in cell or '"' in cell else cell
        lines.append(f"{'Total' if total else '14/04/2022'};{quoted}")
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def outcome() -> str:
        try:
            return file_departement(source, "Département")
        except TrackingError as error:
            return str(error)

    quick = outcome()
    with pytest.MonkeyPatch.context() as patch:  # for this example only
        patch.setattr(departement_column, "_cells_by_columns", lambda *_: None)
        slow = outcome()
    assert quick == slow
