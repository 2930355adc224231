"""Workbooks for the columnar engine: a sheet read straight into columns by fastexcel.

The row engine reads a workbook cell by cell; for a large export (one sheet, a header,
date columns holding date cells) that costs more than the computing. Here fastexcel
(calamine, the same reader, into Arrow) loads the sheet into typed columns, which are
turned into the text the row engine would write (``2022-01-03 09:30``, ``2022-01-03``
for a date-only cell, ``42`` for a number), and the columnar engine takes over.

Only a layout that gives the same rows, numbers and report as the row engine is taken:
one sheet with the header among the workbook's sheets, starting in column A, named
columns only, and date columns holding nothing but date cells. Anything else (several
sheets to read, a date column mixing dates and text, decimals, booleans, cells right of
the header) is left to the row engine: :func:`run_columnar_workbook` returns ``None``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from qualepref.table_files import (
    HEADER_SEARCH,
    SkippedSheet,
    check_inflated,
    chosen_sheets,
    is_summary_row,
    sheet_part,
)
from qualepref.tracking.columnar import ColumnarRun, importable, track_frame
from qualepref.tracking.tallies import Tally
from qualepref.tracking.tracker import Tracker, TrackingError
from qualepref.words import normalize

if TYPE_CHECKING:
    import polars as pl

__all__ = ["run_columnar_workbook"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def run_columnar_workbook(  # noqa: PLR0913 - every way a layout is not eligible
    tracker: Tracker,
    path: Path,
    output: Path | None,
    tally: Tally,
    *,
    sheets: Sequence[str] | None = None,
    least_share: float = 0.0,
) -> ColumnarRun | None:
    """Track a workbook in columns; ``None`` when its layout is the row engine's to read.

    Examples:
        >>> import datetime as dt, tempfile, pathlib
        >>> from qualepref.tracking.tallies import Tally
        >>> tracker = Tracker.default("44", as_of=dt.date(2022, 1, 31))
        >>> csv_file = pathlib.Path(tempfile.mkdtemp()) / "suivi.csv"
        >>> run_columnar_workbook(tracker, csv_file, None, Tally(tracker)) is None
        True
    """
    if path.suffix.lower() not in {".xlsx", ".xlsm"} or not importable("fastexcel"):
        return None
    import fastexcel  # noqa: PLC0415 - optional dependency

    received = normalize(tracker.settings.columns.received)
    try:
        check_inflated(path, TrackingError)
        reader = fastexcel.read_excel(str(path))
        names = chosen_sheets(path, list(reader.sheet_names), sheets, TrackingError)
        found: list[tuple[str, int, list[str]]] = []
        skipped: list[SkippedSheet] = []
        for name in names:
            position = _header_position(reader, name, path, received)
            if position is None:
                why = f"pas de colonne « {tracker.settings.columns.received} »"
                skipped.append(SkippedSheet(name, why))
            else:
                found.append((name, *position))
        if len(found) != 1:
            return None
        name, header_row, header = found[0]
        loaded = reader.load_sheet(name, header_row=header_row - 1, schema_sample_rows=None)
        frame = loaded.to_polars()
    except (
        TrackingError,
        fastexcel.FastExcelError,
        KeyError,
        OSError,
        ValueError,
        zipfile.BadZipFile,
        ElementTree.ParseError,
    ):
        return None  # the row engine reads it, or says what is wrong with it
    if frame.columns != header:
        return None  # an unnamed column, a cell right of the header, a name twice (renamed)
    text = _as_text(frame, tracker)
    if text is None:
        return None
    notes = [f"feuilles lues : {name}"]
    if skipped:
        notes.append("feuilles ignorées : " + ", ".join(str(sheet) for sheet in skipped))
    if header_row > 1:
        notes.append(
            f"en-tête trouvé ligne {header_row} de la feuille « {name} » : les lignes "
            "au-dessus (titre…) ne sont pas des demandes"
        )
    text, numbers, summary = _without_summary_rows(text, tracker, header_row)
    if summary:
        where = ", ".join(f"{path}[{name}]:{row}" for row in summary)
        notes.append(f"ligne(s) de synthèse ignorée(s) ({len(summary)}) : {where}")
    run = track_frame(
        tracker, text, output, tally, least_share=least_share, row_numbers=numbers, sheet=name
    )
    if run is not None:
        run.notes = notes
        run.summary_rows = len(summary)
    return run


def _header_position(
    reader: Any, name: str, path: Path, received: str
) -> tuple[int, list[str]] | None:
    """The header's row number in the sheet, as Excel shows it, and its cells.

    fastexcel numbers the probe's rows from the first filled one; the sheet's first rows,
    read from its XML, say which row that is, and that the header starts in column A
    (so that no empty column sits left of it).

    Raises:
        TrackingError: a layout the row engine must read (it will say what it finds).
    """
    probe = reader.load_sheet(name, header_row=None, n_rows=HEADER_SEARCH, dtypes="string")
    rows = probe.to_polars().rows()
    for index, cells in enumerate(rows):
        if any(isinstance(cell, str) and normalize(cell) == received for cell in cells):
            first_row, first_columns = _first_rows(path, name)
            number = first_row + index
            if number > HEADER_SEARCH or first_columns.get(number) != "A":
                raise TrackingError(name)
            return number, [str(cell) for cell in cells]
    return None


def _first_rows(path: Path, sheet: str) -> tuple[int, dict[int, str]]:
    """The first filled row of a sheet, and the column of each first rows' first filled cell."""
    first: dict[int, str] = {}
    row = 0
    with zipfile.ZipFile(path) as archive, archive.open(sheet_part(archive, sheet)) as stream:
        # the loop stops at row 31 or at the end of sheetData, whichever comes first
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):  # noqa: S314  # pragma: no branch
            tag = element.tag
            if event == "start" and tag == f"{_MAIN}row":
                row = int(element.get("r", "0"))
                if row > HEADER_SEARCH:  # a header further down is not searched
                    break
            elif event == "end" and tag == f"{_MAIN}c" and row not in first:
                if any(child.text for child in element.iter() if child is not element):
                    first[row] = "".join(c for c in element.get("r", "") if c.isalpha())
            elif event == "end" and tag == f"{_MAIN}sheetData":
                break
    return min(first), first  # (a ValueError if none is filled: the row engine's to say)


def _as_text(frame: pl.DataFrame, tracker: Tracker) -> pl.DataFrame | None:
    """The cells as the row engine writes them; ``None`` for a column it would write otherwise."""
    import polars as pl  # noqa: PLC0415 - optional dependency

    columns = tracker.settings.columns
    dated = {normalize(columns.received), normalize(columns.answered)}
    dated |= {normalize(f"{columns.answered} {number}") for number in range(2, 10)}
    exprs = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if dtype == pl.Datetime:
            midnight = column.dt.time() == pl.time(0)
            whole_minute = column.dt.second() == 0
            exprs.append(
                pl.when(midnight)
                .then(column.dt.strftime("%Y-%m-%d"))
                .when(whole_minute)
                .then(column.dt.strftime("%Y-%m-%d %H:%M"))
                .otherwise(column.dt.strftime("%Y-%m-%d %H:%M:%S"))
                .alias(name)
            )
        elif normalize(name) in dated and frame.get_column(name).null_count() < frame.height:
            return None  # a date column holding text or numbers: row by row
        elif dtype in (pl.String, pl.Null) or dtype.is_integer():
            exprs.append(column.cast(pl.String))
        elif dtype.is_float() and bool(
            frame.select((column.is_null() | (column == column.round(0))).all()).item()
        ):
            exprs.append(column.cast(pl.Int64).cast(pl.String))
        else:
            return None  # decimals, booleans, times: their text is the row engine's
    return frame.select(exprs)


def _without_summary_rows(
    frame: pl.DataFrame, tracker: Tracker, header_row: int
) -> tuple[pl.DataFrame, list[int], list[int]]:
    """The rows without summary rows, each row's number, and the summary rows' numbers."""
    import polars as pl  # noqa: PLC0415 - optional dependency

    received = next(
        index
        for index, name in enumerate(frame.columns)
        if normalize(name) == normalize(tracker.settings.columns.received)
    )
    numbered = frame.with_row_index("_ligne", offset=header_row + 1)
    undated = numbered.filter(pl.col(frame.columns[received]).is_null())
    summary = [
        values[0]
        for values in undated.iter_rows()
        if any(cell is not None for cell in values[1:]) and is_summary_row(values[1:], received)
    ]
    if summary:
        numbered = numbered.filter(~pl.col("_ligne").is_in(summary))
    numbers = numbered.get_column("_ligne").to_list()
    return numbered.drop("_ligne"), numbers, summary
