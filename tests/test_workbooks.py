"""Tracking workbooks as services keep them: titles, several sheets, summary rows, time columns."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import load_module, read_csv, run, workbook_cells
from qualepref.referentiel.tracking_settings import Columns
from qualepref.tracking.reading import open_tracking_file
from qualepref.tracking.tracker import Tracker, TrackingError
from qualepref.tracking.writing import STATUS_COLOURS, XLSX_COLUMNS

CORPUS = Path(__file__).parent / "data" / "workbooks"
OPTIONS = ["--departement", "44", "--as-of", "2022-03-31", "--cutoff", "17:30"]


def test_the_committed_corpus_is_what_the_script_builds(tmp_path: Path) -> None:
    for built in load_module(CORPUS / "build.py").build(tmp_path):
        committed = CORPUS / built.name
        if built.name in {"chiffre.xlsx", "corrompu.xlsx"}:
            assert committed.read_bytes() == built.read_bytes(), built.name
        else:
            assert workbook_cells(committed) == workbook_cells(built), built.name


def _track(
    tmp_path: Path, name: str, *options: str | Path
) -> tuple[int, list[dict[str, str]], str]:
    output = tmp_path / f"{Path(name).stem}-delais.csv"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status, _ = run("track", CORPUS / name, *OPTIONS, "-o", output, *options)
    return status, read_csv(output), err.getvalue()


def _verdicts(rows: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
    return [(r["jour_zero"], r["echeance"], r["delai_jours_ouvres"], r["statut"]) for r in rows]


def test_a_titled_sheet_with_merged_headings_and_summary_rows(tmp_path: Path) -> None:
    status, rows, report = _track(tmp_path, "titre.xlsx")
    assert status == 0  # the Total and Taux rows are not rejects
    assert _verdicts(rows) == [
        ("2022-01-03", "2022-01-10", "2", "dans_le_delai"),
        ("2022-01-10", "2022-01-17", "4", "dans_le_delai"),  # 18:10, after the cut-off
        ("2022-01-12", "2022-01-26", "12", "hors_delai"),  # a letter: 10 jours ouvrés
        ("2022-01-20", "2022-01-27", "", "en_retard"),
    ]
    assert rows[0]["Agent"] == "AB"
    source = CORPUS / "titre.xlsx"
    assert "en-tête trouvé ligne 4 de la feuille « Janvier »" in report
    assert (
        f"ligne(s) de synthèse ignorée(s) (2) : {source}[Janvier]:10, {source}[Janvier]:11"
        in report
    )
    assert (
        "lignes lues : 6 = 4 mesurée(s) + 0 exclue(s) + 0 rejetée(s) + 2 ligne(s) de synthèse "
        "ignorée(s)" in report
    )
    assert "lignes vides ignorées : 1" in report
    assert "aucun rejet" in report


def test_one_sheet_per_month_between_summary_and_settings(tmp_path: Path) -> None:
    status, rows, report = _track(tmp_path, "mois.xlsx")
    assert status == 1  # March's reply is typed before its receipt
    assert [r["feuille"] for r in rows] == ["Janvier", "Janvier", "Février", "Février", "Mars"]
    # February's columns are in another order: they are put back under January's names.
    assert (rows[2]["Date de réception"], rows[2]["Objet"], rows[2]["Type de réponse"]) == (
        "2022-02-01 10:00",
        "Horaires",
        "fond",
    )
    assert _verdicts(rows)[:4] == [
        ("2022-01-03", "2022-01-10", "1", "dans_le_delai"),
        ("2022-02-01", "2022-02-08", "5", "dans_le_delai"),  # 31 January 17:45, after 17:30
        ("2022-02-01", "2022-02-08", "8", "hors_delai"),
        ("2022-02-14", "2022-02-28", "", "en_retard"),
    ]
    source = CORPUS / "mois.xlsx"
    assert "feuilles lues : Janvier, Février, Mars" in report
    assert (
        "feuilles ignorées : « Synthèse » (pas de colonne « Date de réception »), « Paramètres » "
        "(pas de colonne « Date de réception »)" in report
    )
    assert (
        f"{source}[Février] : colonne « Agent » absente de la feuille « Janvier » et non "
        "recopiée dans les délais" in report
    )
    assert f"{source}[Mars]:2: rejetée [Date de réponse]" in report
    rejects = read_csv(tmp_path / "mois-delais-rejets.csv")
    assert [(r["feuille"], r["ligne"]) for r in rejects] == [("Mars", "2")]


def test_sheets_are_chosen_without_case_or_accents(tmp_path: Path) -> None:
    status, rows, _ = _track(tmp_path, "mois.xlsx", "--sheet", "fevrier")
    assert status == 0
    assert [r["Date de réception"] for r in rows] == ["2022-02-01 10:00", "2022-02-14"]
    assert "feuille" not in rows[0]  # one sheet read: no sheet column
    assert "Agent" in rows[0]
    status, rows, _ = _track(tmp_path, "mois.xlsx", "--sheet", "MARS", "--sheet", "janvier")
    assert [r["Date de réception"][:10] for r in rows] == [
        "2022-01-03",
        "2022-01-31",
        "2022-03-01",
    ]
    with pytest.raises(TrackingError, match="pas de feuille « Avril » ; feuilles : Synthèse"):
        open_tracking_file(CORPUS / "mois.xlsx", sheet="Avril")


def test_time_columns_give_the_time_of_date_onlyworkbook_cells(tmp_path: Path) -> None:
    status, rows, report = _track(tmp_path, "heures.xlsx")
    assert status == 1
    assert _verdicts(rows) == [
        ("2022-01-10", "2022-01-17", "4", "dans_le_delai"),  # an Excel time cell: 18:10
        ("2022-01-07", "2022-01-14", "0", "dans_le_delai"),  # 14h30, answered 16 h 05
        ("2022-01-10", "2022-01-17", "0", "dans_le_delai"),  # 17:30 is the cut-off itself
        ("", "", "", "rejete"),  # 9h, answered at 8:00: before the receipt
        ("", "", "", "rejete"),  # « midi »
        ("2022-01-10", "2022-01-17", "5", "dans_le_delai"),  # 0.75 of a day: 18:00
    ]
    assert rows[3]["motif"].startswith("réponse (07/01/2022 08:00) antérieure à la réception")
    assert rows[4]["motif"] == "heure illisible : 'midi' (attendu HH:MM, 14h30, 14 h 30 ou 14h)"
    source = CORPUS / "heures.xlsx"
    assert f"{source}[Suivi]:6: rejetée [Heure de réception] heure illisible" in report


def test_a_same_day_date_only_answer_is_delai_zero(tmp_path: Path) -> None:
    status, rows, _ = _track(tmp_path, "date-seule.xlsx")
    assert status == 0
    assert _verdicts(rows) == [
        ("2022-01-03", "2022-01-10", "0", "dans_le_delai"),
        ("2022-01-03", "2022-01-17", "0", "dans_le_delai"),
    ]
    assert rows[0]["Date de réponse"] == "2022-01-03"  # a date, not midnight


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "incoherent.xlsx",
            "incoherent.xlsx[Février] : la colonne « Date de réponse » de la feuille « Janvier » "
            "manque",
        ),
        (
            "sans-en-tete.xlsx",
            "sans-en-tete.xlsx[Notes] : colonne « Date de réception » absente des 30 premières "
            "lignes (première ligne remplie : Réunion du 3 janvier)",
        ),
        ("chiffre.xlsx", "chiffre.xlsx : classeur protégé par un mot de passe (chiffré)"),
        ("corrompu.xlsx", "corrompu.xlsx : classeur illisible (invalid Zip archive"),
    ],
)
def test_workbooks_that_cannot_be_tracked_exit_2_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    output = tmp_path / "delais.csv"
    assert run("track", CORPUS / name, *OPTIONS, "-o", output)[0] == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def _sheet(rows: list[list[object]], path: Path, title: str = "Suivi") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_later_sheet_with_a_column_the_first_lacks_is_an_error(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.append(["Date de réception", "Canal", "Date de réponse"])
    second = book.create_sheet("Février")
    second.append(["Date de réception", "Canal", "Date de réponse", "Service"])
    book.save(tmp_path / "s.xlsx")
    with pytest.raises(TrackingError, match="la colonne « Service » n'est pas dans la feuille"):
        open_tracking_file(tmp_path / "s.xlsx")


def test_workbooks_without_any_header(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.create_sheet("Autre")
    book.save(tmp_path / "deux.xlsx")
    with pytest.raises(TrackingError, match="aucune feuille n'a de colonne « Date de réception »"):
        open_tracking_file(tmp_path / "deux.xlsx")
    empty = _sheet([], tmp_path / "vide.xlsx")
    with pytest.raises(TrackingError, match=r"vide.xlsx\[Suivi\] : feuille vide"):
        open_tracking_file(empty)


def test_a_header_below_the_thirtieth_row_is_not_searched(tmp_path: Path) -> None:
    rows: list[list[object]] = [[f"note {n}"] for n in range(30)]
    path = _sheet([*rows, ["Date de réception", "Canal", "Date de réponse"]], tmp_path / "b.xlsx")
    with pytest.raises(TrackingError, match="absente des 30 premières lignes"):
        open_tracking_file(path)
    csv_path = tmp_path / "b.csv"
    csv_path.write_text(
        "".join(f"note {n}\n" for n in range(30)) + "Date de réception;Canal\n", encoding="utf-8"
    )
    with pytest.raises(TrackingError, match=r"absente des 30 premières lignes \(première ligne"):
        open_tracking_file(csv_path)


def test_a_sheet_that_starts_further_right_keeps_its_columns(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["C3"] = "Date de réception"
    sheet["D3"] = "Canal"
    sheet["E3"] = "Date de réponse"
    sheet["C4"] = dt.datetime(2022, 1, 3, 9)
    sheet["D4"] = "courriel"
    sheet["F4"] = 12.5
    book.save(tmp_path / "droite.xlsx")
    with open_tracking_file(tmp_path / "droite.xlsx") as tracking:
        assert tracking.header == ["", "", "Date de réception", "Canal", "Date de réponse"]
        assert list(tracking.rows) == [
            (4, [None, None, dt.datetime(2022, 1, 3, 9), "courriel", None, 12.5])
        ]
        assert tracking.warnings == [
            f"{tmp_path / 'droite.xlsx'}[Sheet]:4 : 1 ligne(s) ont des cellules remplies à droite "
            "de la dernière colonne nommée : elles ne sont pas recopiées ; nommez leur colonne"
        ]


def test_a_renamed_receipt_column_marks_the_header(tmp_path: Path) -> None:
    path = _sheet([["Export"], ["Reçu le", "Canal", "Répondu le"], [44564, "courriel", 44565]],
                  tmp_path / "r.xlsx")  # fmt: skip
    columns = Columns(received="reçu le", answered="Répondu le")
    with open_tracking_file(path, columns=columns) as tracking:
        assert tracking.header_row == 2
        assert list(tracking.rows) == [(3, [44564, "courriel", 44565])]


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path: Path) -> None:
    path = tmp_path / "suivi.csv"
    path.write_text(
        "Suivi des courriels\n"
        "Date de réception;Canal;Objet;Date de réponse\n"
        '03/01/2022;courriel;"deux\nlignes";04/01/2022\n'
        "04/01/2022;fax;Horaires;\n"
        ";;;\n"
        "Total;;;1\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status, _ = run("track", path, *OPTIONS, "-o", tmp_path / "d.csv")
    assert status == 1
    # The record with a line break is row 3 in Excel; the fax one is row 4, not line 5.
    assert f"{path}:4: rejetée [Canal] canal inconnu : 'fax'" in err.getvalue()
    assert f"ligne(s) de synthèse ignorée(s) (1) : {path}:6" in err.getvalue()
    assert "en-tête trouvé ligne 2 :" in err.getvalue()


def test_the_xlsx_output_is_a_working_sheet(tmp_path: Path) -> None:
    output = tmp_path / "delais.xlsx"
    assert run("track", CORPUS / "titre.xlsx", *OPTIONS, "-o", output)[0] == 0
    book = openpyxl.load_workbook(output)
    sheet = book["délais"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:M5"
    assert [cell.value for cell in sheet[1]] == [
        "Date de réception",
        "Canal",
        "Objet",
        "Date de réponse",
        "Type de réponse",
        "Agent",
        *XLSX_COLUMNS,
    ]
    assert sheet.column_dimensions["F"].hidden  # Agent was hidden in the input
    assert not sheet.column_dimensions["E"].hidden
    assert sheet.column_dimensions["L"].width == 70  # motif
    received, day_zero, due = sheet["A3"], sheet["G3"], sheet["H3"]
    assert (received.value, received.number_format) == (
        dt.datetime(2022, 1, 7, 18, 10),
        "dd/mm/yyyy hh:mm",
    )
    assert (day_zero.value, day_zero.number_format) == (dt.datetime(2022, 1, 10), "dd/mm/yyyy")
    assert due.number_format == "dd/mm/yyyy"
    assert sheet["A4"].number_format == "dd/mm/yyyy"  # a date-only receipt
    statuses = [
        (row[9].value, row[10].value, row[9].fill.fgColor.rgb) for row in sheet.iter_rows(2)
    ]
    assert statuses == [
        ("dans_le_delai", "répondu dans le délai", "00C6EFCE"),
        ("dans_le_delai", "répondu dans le délai", "00C6EFCE"),
        ("hors_delai", "répondu hors délai", "00FFC7CE"),
        ("en_retard", "sans réponse, échéance dépassée", "00F4B183"),
    ]
    assert len(set(STATUS_COLOURS.values())) == len(STATUS_COLOURS)


def test_text_that_excel_would_run_stays_text(tmp_path: Path) -> None:
    path = _sheet(
        [
            ["Date de réception", "Canal", "Objet", "Date de réponse"],
            [dt.datetime(2022, 1, 3, 9), "courriel", '\'=HYPERLINK("x")', None],
        ],
        tmp_path / "s.xlsx",
    )
    source = tmp_path / "s.csv"
    source.write_text(
        "Date de réception;Canal;Objet;Date de réponse\n03/01/2022;courriel;=1+1;\n",
        encoding="utf-8",
    )
    assert run("track", source, *OPTIONS, "-o", tmp_path / "d.xlsx")[0] == 0
    sheet = openpyxl.load_workbook(tmp_path / "d.xlsx")["délais"]
    assert (sheet["C2"].value, sheet["C2"].data_type) == ("=1+1", "s")
    assert path.exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["-o", "delais.md"], "l'extension .md n'est pas un format possible ici"),
        (["-o", "delais.xlsx", "--format", "csv"], "--format csv contredit l'extension"),
        (["--late-output", "r.html"], "--late-output va avec --late"),
        (["--late", "--late-output", "r.md"], "l'extension .md n'est pas un format possible"),
    ],
)
def test_formats_follow_the_output_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    argv = [tmp_path / o if "." in o else o for o in options]
    assert run("track", CORPUS / "titre.xlsx", *OPTIONS, *argv)[0] == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(("suffix", "first"), [(".json", b"["), (".xlsx", b"PK")])
def test_the_output_extension_gives_the_format(tmp_path: Path, suffix: str, first: bytes) -> None:
    output = tmp_path / f"delais{suffix}"
    assert run("track", CORPUS / "titre.xlsx", *OPTIONS, "-o", output)[0] == 0
    assert output.read_bytes().startswith(first)


_MOMENTS = st.datetimes(min_value=dt.datetime(2021, 12, 1), max_value=dt.datetime(2022, 12, 31))
_RECORD = st.tuples(
    _MOMENTS.map(lambda moment: moment.replace(second=0, microsecond=0)),
    st.booleans(),  # the receipt has a time
    st.sampled_from(["courriel", "courrier", "urne"]),
    st.one_of(st.none(), st.integers(0, 40 * 24 * 60)),  # minutes to the reply
    st.booleans(),  # the reply has a time
    st.booleans(),  # the time sits in its own column
)


def _as_csv(moment: dt.datetime | None, timed: bool, own_column: bool) -> tuple[str, str]:
    if moment is None:
        return "", ""
    if not timed:
        return f"{moment:%d/%m/%Y}", ""
    if own_column:
        return f"{moment:%d/%m/%Y}", f"{moment:%Hh%M}"
    return f"{moment:%d/%m/%Y %H:%M}", ""


def _asworkbook_cells(
    moment: dt.datetime | None, timed: bool, own_column: bool
) -> tuple[object, object]:
    if moment is None:
        return None, None
    if not timed:
        return moment.date(), None
    if own_column:
        return moment.date(), moment.time()
    return moment, None


@settings(max_examples=30)
@given(st.lists(_RECORD, min_size=1, max_size=12))
def test_csv_and_xlsx_with_the_same_values_give_the_same_delais(
    records: list[tuple[dt.datetime, bool, str, int | None, bool, bool]],
) -> None:
    header = ["Date de réception", "Heure de réception", "Canal", "Date de réponse",
              "Heure de réponse"]  # fmt: skip
    tracker = Tracker.default("57", as_of=dt.date(2023, 1, 31), cutoff=dt.time(17, 30))
    lines, rows = [";".join(header)], []
    for received, received_timed, channel, minutes, answer_timed, own in records:
        answered = None if minutes is None else received + dt.timedelta(minutes=minutes)
        date_text, time_text = _as_csv(received, received_timed, own)
        answer_text, answer_time = _as_csv(answered, answer_timed, own)
        lines.append(";".join([date_text, time_text, channel, answer_text, answer_time]))
        date_cell, time_cell = _asworkbook_cells(received, received_timed, own)
        answer_cell, answer_time_cell = _asworkbook_cells(answered, answer_timed, own)
        rows.append([date_cell, time_cell, channel, answer_cell, answer_time_cell])
    with tempfile.TemporaryDirectory() as folder:
        text = Path(folder) / "suivi.csv"
        text.write_text("\n".join(lines) + "\n", encoding="utf-8")
        book = _sheet([header, *rows], Path(folder) / "suivi.xlsx")
        outcomes = []
        for path in (text, book):
            with open_tracking_file(path) as tracking:
                bound = tracker.for_header(tracking.header)
                outcomes.append(
                    [
                        (number, row.status, row.day_zero, row.due_date, row.elapsed, row.reason)
                        for number, cells in tracking.rows
                        for row in [bound.track(cells, number)]
                    ]
                )
    assert outcomes[0] == outcomes[1]
    assert len(outcomes[0]) == len(records)


def test_a_column_named_twice_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "double.csv"
    path.write_text(
        "Date de réception;Canal;date de RECEPTION;Date de réponse\n03/01/2022;courriel;x;\n",
        encoding="utf-8",
    )
    with open_tracking_file(path) as tracking:
        assert tracking.warnings == [
            f"{path} : la colonne « date de RECEPTION » est en double (colonnes 1 et 3) : seule "
            "la première est lue ; renommez l'autre"
        ]
    book = _sheet([["Date de réception", "Canal", "Canal", "Date de réponse"]], tmp_path / "d.xlsx")
    with open_tracking_file(book) as tracking:
        assert "la colonne « Canal » est en double (colonnes 2 et 3)" in tracking.warnings[0]


def test_a_workbook_too_large_once_inflated_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("qualepref.spreadsheet_text.MAX_INFLATED", 1000)  # one limit for all
    for engine in ("python", "polars"):
        status, _ = run("track", CORPUS / "date-seule.xlsx", *OPTIONS, "--engine", engine,
                        "-o", tmp_path / "d.csv")  # fmt: skip
        assert status == 2
        assert "classeur trop gros une fois décompressé" in capsys.readouterr().err
    measures = _sheet([["indicateur", "periode", "valeur"], ["copil", "2022", 2]],
                      tmp_path / "m.xlsx")  # fmt: skip
    status, _ = run("dashboard", measures, "--year", "2022")
    assert status == 2
    assert "QM003" in capsys.readouterr().err
