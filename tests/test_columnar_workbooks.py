"""Workbooks in the columnar engine: the same bytes and report as the row engine, or none."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from helpers import both_engines
from qualepref import Tally, Tracker
from qualepref.tracking.columnar_workbook import run_columnar_workbook

CORPUS = Path(__file__).parent / "data" / "workbooks"
EXAMPLE = Path(__file__).parent.parent / "examples" / "suivi-2022"
OPTIONS = ["-d", "44", "--as-of", "2022-12-31", "--cutoff", "17:30"]
HEADER = ["N°", "Date de réception", "Canal", "Objet", "Date de réponse", "Type de réponse"]


def _columns(source: Path, *sheets: str) -> bool:
    """Whether the columnar engine takes the workbook (rather than leave it to the rows)."""
    tracker = Tracker.default("44", as_of=dt.date(2022, 12, 31))
    run = run_columnar_workbook(tracker, source, None, Tally(tracker), sheets=sheets or None)
    return run is not None


def _export(path: Path, rows: int = 600, seed: int = 1) -> Path:
    """An export as services keep them: a title, a summary sheet, dates, totals at the end."""
    rng = random.Random(seed)  # noqa: S311 - test data
    book = openpyxl.Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "Synthèse"
    summary.append(["Mois", "Demandes"])
    sheet = book.create_sheet("Export")
    sheet.append(["Export de la messagerie — 2022"])
    sheet.append([])
    sheet["A2"].font = Font(bold=True)  # a styled cell without a value
    sheet.append(HEADER)
    start = dt.datetime(2022, 1, 1)
    for number in range(1, rows + 1):
        received = start + dt.timedelta(minutes=rng.randrange(360 * 24 * 60))
        if rng.random() < 0.2:
            received = received.replace(hour=0, minute=0)  # a date-only cell
        if rng.random() < 0.1:
            received = received.replace(second=rng.randrange(60))
        reply = None
        if rng.random() < 0.9:
            reply = received + dt.timedelta(minutes=rng.randrange(1, 20 * 24 * 60))
        kind = rng.choice(["fond", "attente", "accusé", "pigeon", None]) if reply else None
        channel = rng.choice(["courriel", "mail", "courrier", "fax"])
        subject = rng.choice(["Demande", "Réclamation", "Question d'un élu", "=1+1"])
        sheet.append([number, received, channel, subject, reply, kind])
        if rng.random() < 0.01:
            sheet.append([])
    sheet.append([rows, None, None, "Total", None, None])
    sheet.append([None, None, None, "Taux de réponse : 90 %", None, None])
    book.save(path)
    return path


def test_an_export_goes_to_columns_and_writes_what_the_row_engine_writes(tmp_path: Path) -> None:
    source = _export(tmp_path / "export.xlsx")
    assert _columns(source)
    status, report = both_engines(tmp_path, source, *OPTIONS)["polars"]
    assert status == 1  # fax and pigeon
    assert "feuilles ignorées : « Synthèse » (pas de colonne « Date de réception »)" in report
    assert "en-tête trouvé ligne 3 de la feuille « Export »" in report
    assert "ligne(s) de synthèse ignorée(s) (2) :" in report
    assert f"{source}[Export]:" in report  # rejects named by sheet and row
    rejects = (tmp_path / "polars" / "delais-rejets.csv").read_text(encoding="utf-8-sig")
    assert rejects.startswith("feuille;ligne;colonne;motif;N°;")


@pytest.mark.parametrize("seed", [2, 3])
def test_engines_agree_on_other_exports(tmp_path: Path, seed: int) -> None:
    source = _export(tmp_path / "export.xlsx", rows=400, seed=seed)
    both_engines(tmp_path, source, "-d", "57", "--as-of", "2022-09-30", "--sheet", "export")


def test_engines_agree_on_the_corpus_and_the_example(tmp_path: Path) -> None:
    assert _columns(CORPUS / "date-seule.xlsx")
    for name in ("titre.xlsx", "mois.xlsx", "heures.xlsx", "date-seule.xlsx"):
        both_engines(tmp_path / name, CORPUS / name, *OPTIONS)
    both_engines(
        tmp_path / "example",
        EXAMPLE / "suivi-2022.xlsx",
        "--definitions", str(EXAMPLE / "definitions.toml"), "--as-of", "2023-01-06",
    )  # fmt: skip


def _sheet(path: Path, rows: list[list[object]], *, at: str = "A1") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Suivi"
    first = sheet[at]
    for offset, values in enumerate(rows):
        for column, value in enumerate(values):
            sheet.cell(row=first.row + offset, column=first.column + column, value=value)
    book.save(path)
    return path


RECEIVED = dt.datetime(2022, 1, 3, 9, 0)


@pytest.mark.parametrize(
    ("rows", "at"),
    [
        # a date column holding text: row by row
        ([["Date de réception", "Canal"], ["03/01/2022", "courriel"]], "A1"),
        # decimals, booleans: their text is the row engine's
        ([["Date de réception", "Canal", "Note"], [RECEIVED, "courriel", 0.75]], "A1"),
        ([["Date de réception", "Canal", "Fait"], [RECEIVED, "courriel", True]], "A1"),
        # an unnamed column, a name twice
        ([["Date de réception", "", "Canal"], [RECEIVED, "x", "courriel"]], "A1"),
        ([["Date de réception", "Canal", "Canal"], [RECEIVED, "courriel", "mail"]], "A1"),
        # a header that does not start in column A
        ([["Date de réception", "Canal"], [RECEIVED, "courriel"]], "B2"),
    ],
)
def test_layouts_left_to_the_row_engine(tmp_path: Path, rows: list[list[object]], at: str) -> None:
    header, *records = rows
    # the row engine needs a reply column; the layout is what is tested here
    source = _sheet(tmp_path / "s.xlsx", [[*header, "Date de réponse"], *records], at=at)
    assert not _columns(source)
    both_engines(tmp_path, source, *OPTIONS)


def test_several_sheets_or_none_are_the_row_engine_s(tmp_path: Path) -> None:
    assert not _columns(CORPUS / "mois.xlsx")  # three month sheets
    assert _columns(CORPUS / "mois.xlsx", "mars")
    assert not _columns(CORPUS / "mois.xlsx", "avril")  # the row engine says it is unknown
    assert not _columns(CORPUS / "sans-en-tete.xlsx")
    assert not _columns(CORPUS / "corrompu.xlsx")
    assert not _columns(tmp_path / "suivi.csv")
    deep = _sheet(
        tmp_path / "bas.xlsx",
        [[f"note {n}"] for n in range(29)]
        + [["x"], ["Date de réception", "Canal", "Date de réponse"], [RECEIVED, "courriel"]],
    )
    assert not _columns(deep)  # the header is row 31: past the rows searched
