"""Tracking files in and out: CSV and XLSX read row by row, délais written as they come.

Nothing here holds a whole file: rows stream from the reader, through the tracker, to
the writer, so a file of a million rows goes through in bounded memory.

- CSV in: UTF-8 (with or without BOM) or, failing that, Windows-1252 as Excel saves it;
  ``;`` or ``,`` found from the header line.
- XLSX in: the first sheet (or a named one); cells keep their types (an Excel date is a
  date, not text). Needs the ``xlsx`` extra (openpyxl).
- Out: CSV (``;``, UTF-8 with a BOM so that Excel shows accents), XLSX, or JSON (an
  array of objects, one per line).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from qualepref.closure_files import delimiter_of
from qualepref.tracking.tracker import TrackedRow, TrackingError

__all__ = [
    "ADDED_COLUMNS",
    "REJECT_COLUMNS",
    "RowWriter",
    "TrackingFile",
    "cell_text",
    "open_tracking_file",
    "result_cells",
]

ADDED_COLUMNS = ("jour_zero", "echeance", "delai_jours_ouvres", "statut", "motif", "indicateur")
"""The columns added after the file's own, in this order."""
REJECT_COLUMNS = ("ligne", "colonne", "motif")
"""The first columns of a rejects file; the row's own cells follow."""
_SNIFF = 1 << 20


class _ClosedOnExit:
    """``with`` closes it."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


class TrackingFile(_ClosedOnExit):
    """An open tracking file: its ``header``, then its rows as ``(line, cells)``.

    ``size`` and ``position()`` let a progress bar show how far the reading is.
    """

    def __init__(  # noqa: PLR0913 - one reader's parts, built by open_tracking_file
        self,
        header: Sequence[str],
        rows: Iterator[tuple[int, list[Any]]],
        *,
        size: int | None,
        position: Callable[[], int],
        close: Callable[[], None],
        delimiter: str = ";",
        blank_lines: Callable[[], int] = lambda: 0,
    ) -> None:
        self.header = list(header)
        self.rows = rows
        self.size = size
        self.position = position
        self.delimiter = delimiter
        self._close = close
        self._blank_lines = blank_lines

    @property
    def blank_lines(self) -> int:
        """Blank lines met so far (skipped: they are not rows)."""
        return self._blank_lines()

    def close(self) -> None:
        """Close the underlying file."""
        self._close()


def open_tracking_file(path: str | Path, *, sheet: str | None = None) -> TrackingFile:
    r"""Open a CSV or XLSX tracking file (chosen by its extension).

    Raises:
        TrackingError: the file is empty, has no header, or the sheet does not exist.
        OSError: the file cannot be opened.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "suivi.csv").write_text(
        ...     "Date de réception;Canal\n03/01/2022;courriel\n\n04/01/2022;courrier\n",
        ...     encoding="utf-8")
        >>> with open_tracking_file(folder / "suivi.csv") as tracking:
        ...     print(tracking.header, list(tracking.rows), tracking.blank_lines)
        ['Date de réception', 'Canal'] [(2, ['03/01/2022', 'courriel']),
        (4, ['04/01/2022', 'courrier'])] 1
    """
    path = Path(path)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _open_xlsx(path, sheet)
    return _open_csv(path)


def _encoding_of(path: Path) -> str:
    with path.open("rb") as raw:
        head = raw.read(_SNIFF)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut by the sniffing
            return "cp1252"
    return "utf-8"


def _open_csv(path: Path) -> TrackingFile:
    encoding = _encoding_of(path)
    raw = path.open("rb")
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    blank = [0]
    try:
        first = text.readline()
        while first and not first.strip():
            blank[0] += 1
            first = text.readline()
    except UnicodeDecodeError:
        text.close()
        raise TrackingError(_not_utf8(path)) from None
    if not first:
        text.close()
        msg = f"{path} : fichier vide, sans ligne d'en-tête"
        raise TrackingError(msg)
    delimiter = delimiter_of(first)
    header = next(csv.reader([first], delimiter=delimiter))
    header_line = blank[0] + 1

    def rows() -> Iterator[tuple[int, list[Any]]]:
        reader = csv.reader(text, delimiter=delimiter)
        try:
            for cells in reader:
                if not any(cell.strip() for cell in cells):
                    blank[0] += 1
                    continue
                yield header_line + reader.line_num, cells
        except UnicodeDecodeError:
            msg = f"{path}, ligne {_first_bad_line(path, encoding)} : {_not_utf8(path)}"
            raise TrackingError(msg) from None
        except csv.Error as error:
            msg = f"{path}, ligne {header_line + reader.line_num} : CSV illisible ({error})"
            raise TrackingError(msg) from None

    return TrackingFile(
        header,
        rows(),
        size=path.stat().st_size,
        position=raw.tell,
        close=text.close,
        delimiter=delimiter,
        blank_lines=lambda: blank[0],
    )


def _first_bad_line(path: Path, encoding: str) -> int:
    """The first line that does not decode: the reader decodes ahead, by chunks."""
    with path.open("rb") as raw:
        for number, line in enumerate(raw, start=1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError:
                return number
    return 0  # pragma: no cover - only called after a decoding error


def _not_utf8(path: Path) -> str:
    return (
        f"{path} n'est ni en UTF-8 ni en Windows-1252 cohérent : enregistrez-le en "
        "« CSV UTF-8 (délimité par des points-virgules) »"
    )


def _open_xlsx(path: Path, sheet: str | None) -> TrackingFile:
    try:
        import openpyxl  # noqa: PLC0415 - optional dependency
    except ImportError:  # pragma: no cover - the test extra installs it
        msg = "lire un fichier XLSX demande openpyxl : pip install 'qualepref[xlsx]'"
        raise TrackingError(msg) from None
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    if sheet is not None and sheet not in workbook.sheetnames:
        workbook.close()
        msg = f"{path} : pas de feuille {sheet!r} ; feuilles : {', '.join(workbook.sheetnames)}"
        raise TrackingError(msg)
    worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
    values = worksheet.iter_rows(values_only=True)
    blank = [0]
    header: list[str] | None = None
    header_line = 0
    for header_line, cells in enumerate(values, start=1):  # noqa: B007 - the line is kept
        if any(_filled(cell) for cell in cells):
            header = [("" if cell is None else str(cell)).strip() for cell in cells]
            break
        blank[0] += 1
    if header is None:
        workbook.close()
        msg = f"{path} : feuille vide, sans ligne d'en-tête"
        raise TrackingError(msg)
    while header and not header[-1]:
        header.pop()
    position = [header_line]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for line, cells in enumerate(values, start=header_line + 1):
            position[0] = line
            if not any(_filled(cell) for cell in cells):
                blank[0] += 1
                continue
            yield line, list(cells)

    return TrackingFile(
        header,
        rows(),
        size=worksheet.max_row,
        position=lambda: position[0],
        close=workbook.close,
        blank_lines=lambda: blank[0],
    )


def _filled(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def result_cells(row: TrackedRow) -> list[object]:
    """The values of :data:`ADDED_COLUMNS` for one row (dates as ``datetime.date``).

    Example:
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


class RowWriter(_ClosedOnExit):
    r"""Writes each row with its results, as CSV, XLSX or JSON, as rows come.

    Example:
        >>> import io
        >>> from qualepref.tracking.tracker import RowStatus
        >>> buffer = io.StringIO()
        >>> with RowWriter.to_text(buffer, ["Canal"], "csv") as writer:
        ...     writer.write(["courriel"], TrackedRow(2, RowStatus.PENDING))
        >>> print(buffer.getvalue().replace("\r", ""), end="")
        Canal;jour_zero;echeance;delai_jours_ouvres;statut;motif;indicateur
        courriel;;;;en_attente;;
    """

    def __init__(
        self,
        header: Sequence[str],
        kind: str,
        *,
        text: IO[str] | None = None,
        path: Path | None = None,
        owns_text: bool = False,
    ) -> None:
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
            self._csv.writerow(self.columns)
        elif kind == "json":
            assert text is not None  # noqa: S101
            text.write("[")
        else:
            import openpyxl  # noqa: PLC0415 - optional dependency

            self._workbook = openpyxl.Workbook(write_only=True)
            self._sheet = self._workbook.create_sheet("délais")
            self._sheet.append(self.columns)

    @classmethod
    def to_text(cls, text: IO[str], header: Sequence[str], kind: str) -> RowWriter:
        """A CSV or JSON writer on an open text stream (left open when done).

        Example:
            >>> import io
            >>> RowWriter.to_text(io.StringIO(), ["Canal"], "json").columns[-1]
            'indicateur'
        """
        return cls(header, kind, text=text)

    @classmethod
    def to_path(cls, path: str | Path, header: Sequence[str], kind: str) -> RowWriter:
        r"""A writer to a file: CSV (UTF-8 with BOM), JSON (UTF-8) or XLSX.

        Example:
            >>> import tempfile, pathlib
            >>> path = pathlib.Path(tempfile.mkdtemp()) / "delais.json"
            >>> with RowWriter.to_path(path, ["Canal"], "json") as writer:
            ...     pass
            >>> path.read_text(encoding="utf-8")
            '[\n]\n'
        """
        path = Path(path)
        if kind == "xlsx":
            return cls(header, kind, path=path)
        encoding = "utf-8-sig" if kind == "csv" else "utf-8"
        return cls(header, kind, text=path.open("w", encoding=encoding, newline=""), owns_text=True)

    def write(self, cells: Sequence[object], row: TrackedRow) -> None:
        """Write one row: its own cells (padded to the header), then the results.

        Example:
            >>> import io
            >>> from qualepref.tracking.tracker import RowStatus
            >>> buffer = io.StringIO()
            >>> writer = RowWriter.to_text(buffer, ["Canal", "Objet"], "csv")
            >>> writer.write(["urne"], TrackedRow(2, RowStatus.EXCLUDED, "hors champ"))
            >>> buffer.getvalue().splitlines()[1]
            'urne;;;;;exclu;hors champ;'
        """
        own = list(cells[: self.width])
        if len(own) < self.width:
            own.extend([None] * (self.width - len(own)))
        results = result_cells(row)
        if self.kind == "csv":
            self._csv.writerow([cell_text(value) for value in own] + _result_text(results))
        elif self.kind == "json":
            assert self._text is not None  # noqa: S101
            record = dict(zip(self.columns, (*own, *results), strict=True))
            separator = "\n" if self._count == 0 else ",\n"
            self._text.write(separator + json.dumps(record, ensure_ascii=False, default=_iso))
        else:
            self._sheet.append([_cell(value) for value in (*own, *results)])
        self._count += 1

    def close(self) -> None:
        r"""Finish the file (the JSON array, the workbook); close it if this writer opened it.

        Example:
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
            self._workbook.save(self._path)
        elif self._owns_text:
            assert self._text is not None  # noqa: S101
            self._text.close()


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

    Example:
        >>> import datetime as dt
        >>> cell_text(dt.datetime(2022, 1, 3, 9, 30)), cell_text(None), cell_text(3)
        ('2022-01-03 09:30', '', '3')
        >>> cell_text(dt.date(2022, 1, 3)), cell_text(dt.datetime(2022, 1, 3, 9, 30, 15))
        ('2022-01-03', '2022-01-03 09:30:15')
    """
    if type(value) is str:  # nearly every cell of a CSV file
        return value
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


def _cell(value: object) -> object:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.isoformat()  # Excel has no time zones
    return value
