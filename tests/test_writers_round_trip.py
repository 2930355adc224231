"""Any text through every writer: read back, it is the same text, and never a formula.

CSV cells are written inert (:func:`inert`: an apostrophe before what a spreadsheet would
run) and :func:`as_typed` gives the text back exactly; workbook cells are typed as text,
with the control characters XML cannot hold shown as their pictures (:func:`sheet_text`);
HTML and Markdown escape what they show.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import html
import io
import json
import re
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import read_csv
from qualepref import Measurements, Observation, Quarter, Year, parse_definitions
from qualepref.cli import main
from qualepref.dashboard import build_dashboard
from qualepref.dashboard.text_formats import to_csv, to_html, to_markdown
from qualepref.dashboard.xlsx import write_xlsx
from qualepref.measurement_files import read_measurements, write_measurements
from qualepref.spreadsheet_text import FORMULA_START, NUMBER, as_typed, inert, sheet_text
from qualepref.tracking.follow_up import FollowUp, follow_up_groups, write_follow_up
from qualepref.tracking.tracker import RowStatus, TrackedRow
from qualepref.tracking.writing import RowWriter

_ANY = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
_STARTS = st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "'", "'=", "''-", " ="])
TEXT = st.tuples(_STARTS, _ANY).map("".join)
"""Any text, often starting the way a formula (or an apostrophe before one) does."""
DEFS = parse_definitions("[perimeter]\nmodules = [1]\n")


def _folder() -> Path:
    return Path(tempfile.mkdtemp())


def _never_a_formula(cell: str) -> None:
    assert not re.match(FORMULA_START, cell) or re.match(NUMBER, cell), cell


def _csv_cell(written: str, text: str) -> None:
    """A CSV cell read back: the inert form of ``text``, which gives ``text`` back."""
    _never_a_formula(written)
    assert written == inert(text)
    assert as_typed(written) == text


def _sheet_cell(cell: openpyxl.cell.cell.Cell, text: str) -> None:
    """A workbook cell read back: ``text`` as a cell can hold it, typed as text."""
    assert (cell.value or "") == sheet_text(text)
    assert cell.data_type in {"s", "inlineStr", "n"}  # text, or an empty cell; never "f"


@given(TEXT)
def test_inert_and_as_typed_are_inverses(text: str) -> None:
    _csv_cell(inert(text), text)


@settings(max_examples=60, deadline=None)
@given(TEXT, TEXT)
def test_row_writer_csv_json_and_xlsx(name: str, text: str) -> None:
    folder = _folder()
    row = TrackedRow(2, RowStatus.EXCLUDED, "hors champ")
    for kind in ("csv", "json", "xlsx"):
        with RowWriter.to_path(folder / f"delais.{kind}", [name or "Objet"], kind) as writer:
            writer.write([text], row)
    with (folder / "delais.csv").open(encoding="utf-8-sig", newline="") as stream:
        header, cells = list(csv.reader(stream, delimiter=";"))
    _csv_cell(header[0], name or "Objet")
    _csv_cell(cells[0], text)
    [record] = json.loads((folder / "delais.json").read_text(encoding="utf-8"))
    assert next(iter(record.values())) == text
    sheet = openpyxl.load_workbook(folder / "delais.xlsx")["délais"]
    _sheet_cell(sheet["A1"], name or "Objet")
    _sheet_cell(sheet["A2"], text)


@settings(max_examples=60, deadline=None)
@given(TEXT)
def test_measurement_notes(text: str) -> None:
    path = _folder() / "mesures.csv"
    write_measurements([Observation("copil", Quarter(2022, 1), None, 1, note=text)], path)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        cells = list(csv.reader(stream, delimiter=";"))[1]
    _csv_cell(cells[5], text)
    note = read_measurements(path, DEFS).observations[0].note
    assert note == (text.strip() or None)  # the reader trims a cell, as a spreadsheet does


@settings(max_examples=40, deadline=None)
@given(TEXT)
def test_dashboard_in_every_format(text: str) -> None:
    measurements = Measurements([Observation("copil", Year(2022), None, 1, note=text)])
    dashboard = build_dashboard(DEFS, measurements, 2022, measured_only=True)
    [row] = list(csv.DictReader(io.StringIO(to_csv(dashboard), newline=""), delimiter=";"))
    _csv_cell(row["observations"], text)
    assert html.escape(text) in to_html(dashboard)
    table = to_markdown(dashboard)
    assert "<" not in table
    assert ">" not in table
    [line] = [line for line in table.split("\n") if "| copil |" in line]  # one line
    assert len(re.split(r"(?<!\\)\|", line)) == 18  # sixteen cells, a « | » escaped
    path = _folder() / "tableau.xlsx"
    write_xlsx(dashboard, path)
    sheet = openpyxl.load_workbook(path)["Tableau de bord"]
    _sheet_cell(sheet.cell(row=4, column=16), text)


@settings(max_examples=40, deadline=None)
@given(TEXT, TEXT)
def test_follow_up_in_every_format(service: str, subject: str) -> None:
    row = TrackedRow(3, RowStatus.OVERDUE, "sans réponse")
    groups = follow_up_groups([FollowUp("suivi.csv:3", service, subject, row)])
    folder = _folder()
    for kind in ("csv", "html", "xlsx"):
        write_follow_up(groups, folder / f"relances.{kind}", kind, as_of=dt.date(2022, 2, 1))
    [line] = read_csv(folder / "relances.csv")
    _csv_cell(line["objet"], subject)
    page = (folder / "relances.html").read_bytes().decode("utf-8")
    assert html.escape(subject) in page
    book = openpyxl.load_workbook(folder / "relances.xlsx")
    _sheet_cell(book.worksheets[1]["F2"], subject)
    _sheet_cell(book.worksheets[0]["A3"], groups[0].service)


@settings(max_examples=25, deadline=None)
@given(TEXT)
def test_track_with_both_engines(text: str) -> None:
    folder = _folder()
    source = folder / "suivi.csv"
    with source.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")  # a CR is quoted
        writer.writerow(["Date de réception", "Canal", "Objet", "Date de réponse"])
        writer.writerow(["03/01/2022", "courriel", text, "04/01/2022"])
    for engine in ("python", "polars"):
        output = folder / f"delais-{engine}.csv"
        with contextlib.redirect_stderr(io.StringIO()):
            status = main(["track", str(source), "-d", "44", "--as-of", "2022-12-31",
                           "--engine", engine, "-o", str(output)])  # fmt: skip
        assert status == 0
        [line] = read_csv(output)
        _csv_cell(line["Objet"], text)
