"""Tracking files out: each row with its délai, written as rows come.

Nothing here holds a whole file: rows stream from the reader, through the tracker, to
the writer, so a file of a million rows goes through in bounded memory.

- CSV (``;``, UTF-8 with a BOM so that Excel shows accents);
- XLSX: a working sheet (date cells, frozen header, filters, coloured statuts);
- JSON: an array of objects, one per line.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any, BinaryIO, cast

from qualepref.output_files import partial_path
from qualepref.spreadsheet_text import inert, sheet_text
from qualepref.table_files import ClosedOnExit
from qualepref.tracking.tracker import RowStatus, TrackedRow

__all__ = [
    "ADDED_COLUMNS",
    "REJECT_COLUMNS",
    "STATUS_COLOURS",
    "XLSX_COLUMNS",
    "RowWriter",
    "WorkingSheet",
    "cell_text",
    "csv_cells",
    "distinct_names",
    "padded",
    "result_cells",
]

ADDED_COLUMNS = ("jour_zero", "echeance", "delai_jours_ouvres", "statut", "motif", "indicateur")
"""The columns added after the file's own, in this order."""
REJECT_COLUMNS = ("ligne", "colonne", "motif")
"""The first columns of a rejects file; the row's own cells follow."""


def result_cells(row: TrackedRow) -> list[object]:
    """The values of :data:`ADDED_COLUMNS` for one row (dates as ``datetime.date``).

    Examples:
        >>> from qualepref.tracking.tracker import RowStatus
        >>> result_cells(TrackedRow(2, RowStatus.EXCLUDED, "hors champ : canal telephone"))
        [None, None, None, 'exclu', 'hors champ : canal telephone', None]
    """
    return [
        row.day_zero,
        row.due_date,
        row.elapsed,
        row.status.value,
        row.reason,
        row.indicator,
    ]


class RowWriter(ClosedOnExit):
    r"""Writes each row with its results, as CSV, XLSX or JSON, as rows come.

    A writer to a file writes a temporary file beside it, renamed over it by
    :meth:`close`: an interrupted run leaves the previous file, never half of one.

    Examples:
        >>> import io
        >>> from qualepref.tracking.tracker import RowStatus
        >>> buffer = io.StringIO()
        >>> with RowWriter.to_text(buffer, ["Canal"], "csv") as writer:
        ...     writer.write(["courriel"], TrackedRow(2, RowStatus.PENDING))
        >>> print(buffer.getvalue().replace("\r", ""), end="")
        Canal;jour_zero;echeance;delai_jours_ouvres;statut;motif;indicateur
        courriel;;;;en_attente;;
    """

    def __init__(  # noqa: PLR0913 - built by to_text / to_path
        self,
        header: Sequence[str],
        kind: str,
        *,
        text: IO[str] | None = None,
        path: Path | None = None,
        owns_text: bool = False,
        hidden_columns: frozenset[int] = frozenset(),
    ) -> None:
        header = distinct_names(header, XLSX_COLUMNS if kind == "xlsx" else ADDED_COLUMNS)
        self.columns = [*header, *ADDED_COLUMNS]
        self.kind = kind
        self.width = len(header)
        self._text = text
        self._path = path
        self._owns_text = owns_text
        self._count = 0
        if kind == "csv":
            assert text is not None  # noqa: S101 - built by to_text / to_path
            self._csv = csv.writer(text, delimiter=";", lineterminator="\r\n")
            self._csv.writerow([inert(name) for name in self.columns])
        elif kind == "json":
            assert text is not None  # noqa: S101
            text.write("[")
        else:
            self._sheet = WorkingSheet(header, hidden_columns)

    @classmethod
    def to_text(cls, text: IO[str], header: Sequence[str], kind: str) -> RowWriter:
        """A CSV or JSON writer on an open text stream (left open when done).

        Examples:
            >>> import io
            >>> RowWriter.to_text(io.StringIO(), ["Canal"], "json").columns[-1]
            'indicateur'
        """
        return cls(header, kind, text=text)

    @classmethod
    def to_path(
        cls,
        path: str | Path,
        header: Sequence[str],
        kind: str,
        *,
        hidden_columns: frozenset[int] = frozenset(),
    ) -> RowWriter:
        r"""A writer to a file: CSV (UTF-8 with BOM), JSON (UTF-8) or XLSX.

        ``hidden_columns`` (positions in ``header``) stay hidden in an XLSX sheet.

        Examples:
            >>> import tempfile, pathlib
            >>> path = pathlib.Path(tempfile.mkdtemp()) / "delais.json"
            >>> with RowWriter.to_path(path, ["Canal"], "json") as writer:
            ...     pass
            >>> path.read_text(encoding="utf-8")
            '[\n]\n'
        """
        path = Path(path)
        partial = partial_path(path)
        if kind == "xlsx":
            writer = cls(header, kind, path=partial, hidden_columns=hidden_columns)
        else:
            encoding = "utf-8-sig" if kind == "csv" else "utf-8"
            stream = partial.open("w", encoding=encoding, newline="")
            writer = cls(header, kind, text=stream, path=partial, owns_text=True)
        writer._target = path
        return writer

    _target: Path | None = None

    def write(self, cells: Sequence[object], row: TrackedRow) -> None:
        """Write one row: its own cells (padded to the header), then the results.

        Examples:
            >>> import io
            >>> from qualepref.tracking.tracker import RowStatus
            >>> buffer = io.StringIO()
            >>> writer = RowWriter.to_text(buffer, ["Canal", "Objet"], "csv")
            >>> writer.write(["urne"], TrackedRow(2, RowStatus.EXCLUDED, "hors champ"))
            >>> buffer.getvalue().splitlines()[1]
            'urne;;;;;exclu;hors champ;'
        """
        own = padded(cells, self.width)
        results = result_cells(row)
        if self.kind == "csv":
            self._csv.writerow(_csv_cells(own, results))
        elif self.kind == "json":
            assert self._text is not None  # noqa: S101
            record = dict(zip(self.columns, (*own, *results), strict=True))
            separator = "\n" if self._count == 0 else ",\n"
            self._text.write(separator + json.dumps(record, ensure_ascii=False, default=_iso))
        else:
            self._sheet.append(own, row)
        self._count += 1

    def close(self) -> None:
        r"""Finish the file (the JSON array, the workbook); close it if this writer opened it.

        Examples:
            >>> import io
            >>> buffer = io.StringIO()
            >>> RowWriter.to_text(buffer, ["Canal"], "json").close()
            >>> buffer.getvalue()
            '[\n]\n'
        """
        if self.kind == "json":
            assert self._text is not None  # noqa: S101
            self._text.write("\n]\n")
        if self.kind == "xlsx":
            assert self._path is not None  # noqa: S101
            self._sheet.save(self._path)
        elif self._owns_text:
            assert self._text is not None  # noqa: S101
            self._text.close()
        if self._target is not None:
            assert self._path is not None  # noqa: S101
            self._path.replace(self._target)

    def discard(self) -> None:
        """Give up: close, and remove the temporary file; the target is left as it was.

        Examples:
            >>> import tempfile, pathlib
            >>> path = pathlib.Path(tempfile.mkdtemp()) / "delais.csv"
            >>> RowWriter.to_path(path, ["Canal"], "csv").discard()
            >>> path.exists(), list(path.parent.iterdir())
            (False, [])
        """
        if self._owns_text:
            assert self._text is not None  # noqa: S101
            with contextlib.suppress(OSError):  # closed even when its last write fails
                self._text.close()
        if self.kind == "xlsx":
            self._sheet.discard()
        if self._target is not None:
            assert self._path is not None  # noqa: S101
            self._path.unlink(missing_ok=True)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if error is not None:
            self.discard()
            return
        try:
            self.close()
        except BaseException:  # the disk filled up as the file was finished
            self.discard()
            raise


STATUS_COLOURS = {
    RowStatus.IN_TIME: "C6EFCE",
    RowStatus.LATE: "FFC7CE",
    RowStatus.PENDING: "FFEB9C",
    RowStatus.OVERDUE: "F4B183",
    RowStatus.EXCLUDED: "D9D9D9",
    RowStatus.REJECTED: "D9C3E9",
}
"""The fill of each statut in an XLSX sheet: green, red, yellow, orange, grey, violet."""
XLSX_COLUMNS = (
    "jour_zero",
    "echeance",
    "delai_jours_ouvres",
    "statut",
    "libelle_statut",
    "motif",
    "indicateur",
)
"""The columns an XLSX sheet adds: :data:`ADDED_COLUMNS` with the statut's French label."""
_DAY = "dd/mm/yyyy"
_MOMENT = "dd/mm/yyyy hh:mm"
_WIDTHS = {
    "jour_zero": 12,
    "echeance": 12,
    "delai_jours_ouvres": 10,
    "statut": 14,
    "libelle_statut": 30,
    "motif": 70,
    "indicateur": 28,
}


class WorkingSheet:
    """An XLSX sheet to work in, not a dump.

    Date cells shown jj/mm/aaaa, frozen header, filters, column widths, statuts
    coloured with their label beside, the input's hidden columns kept hidden.

    Text that Excel would run as a formula (``=…``) is written as text.
    """

    def __init__(self, header: Sequence[str], hidden_columns: frozenset[int]) -> None:
        import openpyxl  # noqa: PLC0415 - optional dependency
        from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
        from openpyxl.styles import Font, PatternFill  # noqa: PLC0415
        from openpyxl.utils import get_column_letter  # noqa: PLC0415

        self._cell = WriteOnlyCell
        self._workbook = openpyxl.Workbook(write_only=True)
        self.sheet = self._workbook.create_sheet("délais")
        self.columns = [*header, *XLSX_COLUMNS]
        self._letter = get_column_letter
        self._fills = {
            status: PatternFill("solid", fgColor=colour)
            for status, colour in STATUS_COLOURS.items()
        }
        self.rows = 0
        for index, name in enumerate(self.columns):
            dimension = self.sheet.column_dimensions[get_column_letter(index + 1)]
            own = min(max(len(name) + 4, 12), 40)
            dimension.width = own if index < len(header) else _WIDTHS[name]
            if index in hidden_columns:
                dimension.hidden = True
        self.sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        titles = []
        for name in self.columns:
            title = WriteOnlyCell(self.sheet, value=sheet_text(name))
            title.data_type = "s"  # a column named « =A1 » is a name, never a formula
            title.font = bold
            titles.append(title)
        self.sheet.append(titles)

    def append(self, own: Sequence[object], row: TrackedRow) -> None:
        """One row: its own cells, then its results."""
        cells = [self._value(value) for value in own]
        cells.append(self._value(row.day_zero))
        cells.append(self._value(row.due_date))
        cells.append(row.elapsed)
        status = self._cell(self.sheet, value=row.status.value)
        status.fill = self._fills[row.status]
        cells.append(status)
        cells.append(row.status.label)
        cells.append(self._value(row.reason))
        cells.append(row.indicator)
        self.sheet.append(cells)
        self.rows += 1

    def _value(self, value: object) -> object:
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                return value.isoformat()  # Excel has no time zones
            cell = self._cell(self.sheet, value=value)
            cell.number_format = _DAY if value.time() == dt.time.min else _MOMENT
            return cell
        if isinstance(value, dt.date):
            cell = self._cell(self.sheet, value=cast(Any, value))  # openpyxl writes dates too
            cell.number_format = _DAY
            return cell
        if isinstance(value, str):
            value = sheet_text(value)
            if value.startswith("="):
                cell = self._cell(self.sheet, value=value)
                cell.data_type = "s"  # text, never a formula
                return cell
        return value

    def discard(self) -> None:
        """Close the sheet's temporary file without writing the workbook."""
        self.sheet.close()

    def save(self, path: Path | BinaryIO) -> None:
        """Set the filter over every row, and write the workbook."""
        last = self._letter(len(self.columns))
        self.sheet.auto_filter.ref = f"A1:{last}{self.rows + 1}"
        self._workbook.save(path)


def padded(cells: Sequence[object], width: int) -> list[object]:
    """A row's own cells, cut or filled with empty cells to the header's ``width``.

    Examples:
        >>> padded(["a"], 3), padded(["a", "b", "c"], 2)
        (['a', None, None], ['a', 'b'])
    """
    own = list(cells[:width])
    own.extend([None] * (width - len(own)))
    return own


def distinct_names(header: Sequence[str], added: Sequence[str] = ADDED_COLUMNS) -> list[str]:
    """The file's column names as an output shows them: none twice, none an added column's.

    A tracking file may have a column « motif » of its own, or be an earlier output
    tracked again: its column is shown « motif (2) », so that no value hides another
    (a JSON object keeps one value a name).

    Examples:
        >>> distinct_names(["Canal", "motif", "Canal", "Canal (2)"])
        ['Canal', 'motif (2)', 'Canal (2)', 'Canal (2) (2)']
    """
    seen = set(added)
    names = []
    for name in header:
        shown, number = name, 2
        while shown in seen:
            shown = f"{name} ({number})"
            number += 1
        seen.add(shown)
        names.append(shown)
    return names


def csv_cells(cells: Sequence[object], row: TrackedRow) -> list[str]:
    """One row of a délais CSV file: its own cells as text, then its results.

    Examples:
        >>> from qualepref.tracking.tracker import RowStatus
        >>> csv_cells(["=1+1", None], TrackedRow(2, RowStatus.PENDING))
        ["'=1+1", '', '', '', '', 'en_attente', '', '']
    """
    return _csv_cells(cells, result_cells(row))


def _csv_cells(cells: Sequence[object], results: list[object]) -> list[str]:
    return [cell_text(value) for value in cells] + _result_text(results)


def _result_text(results: list[object]) -> list[str]:
    day_zero, due_date, elapsed, status, reason, indicator = results
    return [
        "" if day_zero is None else day_zero.isoformat(),  # type: ignore[attr-defined]
        "" if due_date is None else due_date.isoformat(),  # type: ignore[attr-defined]
        "" if elapsed is None else str(elapsed),
        str(status),
        str(reason),
        "" if indicator is None else str(indicator),
    ]


def cell_text(value: object) -> str:
    """A cell as CSV text: empty for nothing, ISO 8601 for dates and times.

    Text that a spreadsheet would run as a formula is made inert (:func:`inert`).

    Examples:
        >>> import datetime as dt
        >>> cell_text(dt.datetime(2022, 1, 3, 9, 30)), cell_text(None), cell_text(3)
        ('2022-01-03 09:30', '', '3')
        >>> cell_text(dt.date(2022, 1, 3)), cell_text(dt.datetime(2022, 1, 3, 9, 30, 15))
        ('2022-01-03', '2022-01-03 09:30:15')
    """
    if type(value) is str:  # nearly every cell of a CSV file
        return inert(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _iso(value: object) -> str:
    """JSON for what a spreadsheet cell may hold besides text and numbers."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)
