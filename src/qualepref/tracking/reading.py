"""Tracking files in: CSV and workbooks as services keep them, read row by row.

- The header row is found, not assumed: the first row, among the first
  :data:`HEADER_SEARCH` rows, holding the receipt-date column (by its configured name,
  compared without case or accents). Rows above it (a title, a logo's caption, blank
  lines) are not records.
- CSV: UTF-8 (with or without BOM) or Windows-1252 as Excel saves it; ``;`` or ``,``
  found from the header line. A row's number is the one a spreadsheet shows for the
  record, even when cells hold line breaks.
- Workbooks (``.xlsx``, ``.xlsm``, ``.xlsb``, ``.xls``, ``.ods``): every sheet whose
  header is found, in workbook order, as one file; the others (« Synthèse »,
  « Paramètres ») are skipped and named. Cells keep their types; a date cell whose time
  is 00:00:00 is a date without a time. Read by calamine (extra ``xlsx``).
- Summary rows (« Total », « Taux », « Moyenne »… with no receipt date) are set apart
  and counted, never rejected; empty rows are skipped and counted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from xml.etree import ElementTree

import attrs

from qualepref.moments import MomentError, parse_moment
from qualepref.referentiel.tracking_settings import Columns
from qualepref.spreadsheet_text import (
    delimiter_of,
    encoding_of,
    too_inflated,
    unreadable_workbook,
)
from qualepref.tracking.tracker import TrackingError, blank
from qualepref.words import normalize

__all__ = [
    "HEADER_SEARCH",
    "SUMMARY_WORDS",
    "WORKBOOK_SUFFIXES",
    "ClosedOnExit",
    "SkippedSheet",
    "TrackingFile",
    "check_inflated",
    "is_summary_row",
    "open_tracking_file",
    "role_names",
]

HEADER_SEARCH = 30
"""How many rows from the top of a sheet are searched for the header row."""
SUMMARY_WORDS = ("total", "sous total", "taux", "moyenne", "nombre", "cumul")
"""Words (compared without case or accents) that start a summary row's cell."""
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
"""File name endings read as workbooks; any other file is read as CSV."""
_SNIFF = 1 << 20
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .xlsx, or an old .xls


class ClosedOnExit:
    """``with`` closes it."""

    def close(self) -> None:
        """Release what is open."""
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


@attrs.frozen
class SkippedSheet:
    """A sheet of a workbook that was not read, and why.

    Example:
        >>> print(SkippedSheet("Synthèse", "pas de colonne « Date de réception »"))
        « Synthèse » (pas de colonne « Date de réception »)
    """

    name: str
    reason: str

    def __str__(self) -> str:
        return f"« {self.name} » ({self.reason})"


def role_names(columns: Columns) -> frozenset[str]:
    """The columns qualepref reads, normalized: those of ``columns`` and their numbered kin.

    Example:
        >>> sorted(role_names(Columns()))[:3]
        ['canal', 'date de reception', 'date de rendez vous proposee']
    """
    names = {normalize(getattr(columns, name)) for name in Columns.model_fields}
    for name in (columns.answered, columns.reply_kind, columns.answered_time):
        names.update(normalize(f"{name} {number}") for number in range(2, 10))
    return frozenset(names)


class TrackingFile(ClosedOnExit):
    r"""An open tracking file: its ``header``, then its records as ``(row, cells)``.

    ``row`` is the row number a spreadsheet shows; for a workbook, :attr:`sheet` is the
    sheet the last record came from, and :meth:`where` names a record as
    ``suivi.xlsx[Février]:14``. ``size`` and ``position()`` let a progress bar show how
    far the reading is. Summary and empty rows are not records: they are counted in
    :attr:`summary_rows` and :attr:`blank_lines`. Built by :func:`open_tracking_file`.

    Example:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "suivi.csv"
        >>> _ = path.write_text("Date de réception;Canal\n03/01/2022;courriel\n", encoding="utf-8")
        >>> with open_tracking_file(path) as tracking:
        ...     [tracking.where(row) for row, _cells in tracking.rows] == [f"{path}:2"]
        True
    """

    def __init__(  # noqa: PLR0913 - one reader's parts, built by open_tracking_file
        self,
        path: Path,
        header: Sequence[str],
        rows: Iterator[tuple[int, list[Any]]],
        *,
        size: int | None,
        position: Callable[[], int],
        close: Callable[[], None],
        delimiter: str = ";",
        header_row: int = 1,
        sheets: Sequence[str] = (),
        skipped_sheets: Sequence[SkippedSheet] = (),
        hidden_columns: frozenset[int] = frozenset(),
        warnings: Sequence[str] = (),
    ) -> None:
        self.path = path
        self.header = list(header)
        self.rows = rows
        self.size = size
        self.position = position
        self.delimiter = delimiter
        self.header_row = header_row
        """The row of the (first) header: the rows above it are not records."""
        self.sheets = list(sheets)
        """The sheets read, in order (empty for a CSV file)."""
        self.skipped_sheets = list(skipped_sheets)
        """The sheets not read, with the reason."""
        self.hidden_columns = hidden_columns
        """Positions in :attr:`header` of the columns hidden in the (first) sheet."""
        self.warnings = list(warnings)
        """What the reader noticed and the user should know (never a lost record)."""
        self.sheet: str | None = self.sheets[0] if self.sheets else None
        """The sheet of the last record read (``None`` for CSV)."""
        self.blank_lines = 0
        """Empty rows met so far (skipped: they are not records)."""
        self.summary_rows: list[str] = []
        """Where each summary row met so far is (skipped: it is not a record)."""
        self._close = close

    def where(self, row: int | None, sheet: str | None = None) -> str:
        """A record's place as messages show it: ``suivi.csv:14``, ``suivi.xlsx[Février]:14``.

        Example:
            >>> from pathlib import Path
            >>> tracking = TrackingFile(Path("suivi.xlsx"), ["Date de réception"], iter(()),
            ...                         size=None, position=int, close=int, sheets=["Mars"])
            >>> tracking.where(14)
            'suivi.xlsx[Mars]:14'
        """
        sheet = sheet if sheet is not None else self.sheet
        name = f"{self.path}[{sheet}]" if sheet is not None else str(self.path)
        return name if row is None else f"{name}:{row}"

    def notes(self) -> list[str]:
        r"""What the reading did that a user should know: sheets, header row, summary rows.

        Complete once the rows are read (summary rows are met while reading).

        Example:
            >>> from pathlib import Path
            >>> tracking = TrackingFile(Path("suivi.xlsx"), ["Date de réception"], iter(()),
            ...                         size=None, position=int, close=int, sheets=["Mars"],
            ...                         header_row=3)
            >>> for note in tracking.notes():
            ...     print(note.replace(" : les", " :\nles"))
            feuilles lues : Mars
            en-tête trouvé ligne 3 de la feuille « Mars » :
            les lignes au-dessus (titre…) ne sont pas des demandes
        """
        notes: list[str] = []
        if self.sheets:
            notes.append(f"feuilles lues : {', '.join(self.sheets)}")
        if self.skipped_sheets:
            notes.append(
                "feuilles ignorées : " + ", ".join(str(sheet) for sheet in self.skipped_sheets)
            )
        if self.header_row > 1:
            first = f" de la feuille « {self.sheets[0]} »" if self.sheets else ""
            notes.append(
                f"en-tête trouvé ligne {self.header_row}{first} : les lignes au-dessus "
                "(titre…) ne sont pas des demandes"
            )
        notes.extend(self.warnings)
        if self.summary_rows:
            notes.append(
                f"ligne(s) de synthèse ignorée(s) ({len(self.summary_rows)}) : "
                + ", ".join(self.summary_rows)
            )
        return notes

    def close(self) -> None:
        """Close the underlying file (``with`` does it).

        Example:
            >>> from pathlib import Path
            >>> TrackingFile(Path("s.csv"), [], iter(()), size=None, position=int,
            ...              close=lambda: print("fermé")).close()
            fermé
        """
        self._close()


def open_tracking_file(
    path: str | Path,
    *,
    sheet: str | Sequence[str] | None = None,
    columns: Columns | None = None,
) -> TrackingFile:
    r"""Open a CSV file or a workbook of tracking (chosen by its extension).

    ``sheet`` restricts a workbook to these sheets (names compared without case or
    accents: ``fevrier`` finds « Février »); ``columns`` names the receipt-date column
    that marks the header row (``Date de réception`` by default).

    Raises:
        TrackingError: the file is empty or unreadable, has no header row, a named sheet
            does not exist, or a sheet's header differs from the first one's in a column
            that qualepref reads.
        OSError: the file cannot be opened.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "suivi.csv").write_text(
        ...     "Suivi des courriels 2022\n\nDate de réception;Canal\n03/01/2022;courriel\n"
        ...     "\n04/01/2022;courrier\nTotal;2\n", encoding="utf-8")
        >>> with open_tracking_file(folder / "suivi.csv") as tracking:
        ...     print(tracking.header, list(tracking.rows))
        ...     print(tracking.blank_lines, tracking.summary_rows[0].endswith("suivi.csv:7"))
        ['Date de réception', 'Canal'] [(4, ['03/01/2022', 'courriel']),
        (6, ['04/01/2022', 'courrier'])]
        1 True
    """
    path = Path(path)
    columns = columns or Columns()
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        sheets = [sheet] if isinstance(sheet, str) else sheet
        return _open_workbook(path, sheets, columns)
    return _open_csv(path, columns)


def _duplicate_roles(where: str, header: Sequence[str], columns: Columns) -> list[str]:
    """A warning for each column qualepref reads that the header names twice."""
    roles = role_names(columns)
    seen: dict[str, int] = {}
    warnings = []
    for index, name in enumerate(header):
        plain = normalize(name)
        if plain not in roles:
            continue
        if plain in seen:
            warnings.append(
                f"{where} : la colonne « {name} » est en double (colonnes {seen[plain] + 1} et "
                f"{index + 1}) : seule la première est lue ; renommez l'autre"
            )
        else:
            seen[plain] = index
    return warnings


def check_inflated(path: Path) -> None:
    """Refuse a workbook that would hold more than :data:`MAX_INFLATED` once decompressed.

    Raises:
        TrackingError: the workbook is too large (a « zip bomb », or a whole database).

    Example:
        >>> from pathlib import Path
        >>> check_inflated(Path("examples/suivi-2022/suivi-2022.xlsx"))
    """
    problem = too_inflated(path)
    if problem:
        raise TrackingError(f"{path} : {problem}")


def _is_header(cells: Sequence[object], received: str) -> bool:
    return any(isinstance(cell, str) and normalize(cell) == received for cell in cells)


def _filled(cell: object) -> bool:
    return not blank(cell)


class _Records:
    """Sorts the rows under a header: records, summary rows, empty rows."""

    def __init__(self, tracking: TrackingFile, received: str) -> None:
        self.tracking = tracking
        self.received = next(
            index for index, name in enumerate(tracking.header) if normalize(name) == received
        )
        self.width = len(tracking.header)
        self.overflow = 0
        self.first_overflow = ""

    def kind(self, cells: Sequence[object]) -> str:
        """``record``, ``summary`` or ``blank``."""
        if not any(_filled(cell) for cell in cells):
            return "blank"
        if is_summary_row(cells, self.received):
            return "summary"
        return "record"

    def finish(self) -> None:
        """Warn of the cells found right of the header (never a silent loss)."""
        if self.overflow:
            self.tracking.warnings.append(
                f"{self.first_overflow} : {self.overflow} ligne(s) ont des cellules remplies à "
                "droite de la dernière colonne nommée : elles ne sont pas recopiées ; nommez "
                "leur colonne"
            )

    def sort(self, row: int, cells: list[Any]) -> bool:
        """Whether ``cells`` is a record; counts the others."""
        kind = self.kind(cells)
        if kind == "record":
            if len(cells) > self.width and any(_filled(cell) for cell in cells[self.width :]):
                self.overflow += 1
                self.first_overflow = self.first_overflow or self.tracking.where(row)
            return True
        if kind == "blank":
            self.tracking.blank_lines += 1
        else:
            self.tracking.summary_rows.append(self.tracking.where(row))
        return False


def is_summary_row(cells: Sequence[object], received: int | None) -> bool:
    """Whether a row is a summary row: no receipt date, and a cell reading Total, Taux, etc.

    ``received`` is the position of the receipt-date column, which may hold the word, or
    a count (a number that is no date).

    Example:
        >>> is_summary_row(["", "Sous-total janvier", 42], 0), is_summary_row(["TOTAL", 9], 0)
        (True, True)
        >>> is_summary_row(["03/01/2022", "Total"], 0), is_summary_row(["", "x"], 0)
        (False, False)
        >>> is_summary_row(["Moyenne", 4.5], None), is_summary_row(["Cumul", 630], 1)
        (True, True)
    """
    if received is not None and received < len(cells):
        cell = cells[received]
        if isinstance(cell, dt.date):
            return False  # the common case, in a workbook
        if _filled(cell) and not _summary_word(cell) and _is_moment(cell):
            return False
    return any(_summary_word(cell) for cell in cells)


def _is_moment(cell: object) -> bool:
    try:
        parse_moment(cell)
    except MomentError:
        return False
    return True


def _summary_word(cell: object) -> bool:
    if not isinstance(cell, str):
        return False
    text = normalize(cell)
    return any(text == word or text.startswith(word + " ") for word in SUMMARY_WORDS)


def _missing_header(where: str, columns: Columns, first: Sequence[object] | None) -> str:
    seen = (
        ", ".join(str(cell).strip() for cell in first if _filled(cell))
        if first is not None
        else "(aucune)"
    )
    return (
        f"{where} : colonne « {columns.received} » absente des {HEADER_SEARCH} premières lignes "
        f"(première ligne remplie : {seen}) — renommez-la ou indiquez son nom dans "
        "[tracking.columns]"
    )


# CSV ------------------------------------------------------------------------------------


def _open_csv(path: Path, columns: Columns) -> TrackingFile:
    with path.open("rb") as sample:
        encoding = encoding_of(sample.read(_SNIFF))
    raw = path.open("rb")
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    received = normalize(columns.received)
    row = 0
    first: list[str] | None = None
    header: list[str] | None = None
    delimiter = ";"
    try:
        while row < HEADER_SEARCH:
            line = text.readline()
            if not line:
                break
            row += 1
            if not line.strip():
                continue
            delimiter = delimiter_of(line)
            cells = next(csv.reader([line], delimiter=delimiter))
            first = first if first is not None else cells
            if _is_header(cells, received):
                header = cells
                break
    except UnicodeDecodeError:
        text.close()
        raise TrackingError(_not_text(path)) from None
    if header is None:
        text.close()
        if first is None:
            raise TrackingError(f"{path} : fichier vide, sans ligne d'en-tête")
        raise TrackingError(_missing_header(str(path), columns, first))
    header_row = row
    tracking = TrackingFile(
        path,
        header,
        iter(()),
        size=path.stat().st_size,
        position=raw.tell,
        close=text.close,
        delimiter=delimiter,
        header_row=header_row,
        warnings=_duplicate_roles(str(path), header, columns),
    )
    records = _Records(tracking, received)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        reader = csv.reader(text, delimiter=delimiter)
        number = header_row
        try:
            for cells in reader:
                number += 1
                if records.sort(number, cells):
                    yield number, cells
            records.finish()
        except UnicodeDecodeError:
            line = _first_bad_line(path, encoding)
            raise TrackingError(f"{path}, ligne {line} : {_not_text(path)}") from None
        except csv.Error as error:
            msg = f"{tracking.where(number + 1)} : CSV illisible ({error})"
            raise TrackingError(msg) from None

    tracking.rows = rows()
    return tracking


def _first_bad_line(path: Path, encoding: str) -> int:
    """The first line that does not decode: the reader decodes ahead, by chunks."""
    with path.open("rb") as raw:
        for number, line in enumerate(raw, start=1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError:
                return number
    return 0  # pragma: no cover - only called after a decoding error


def _not_text(path: Path) -> str:
    return (
        f"{path} n'est ni en UTF-8 ni en Windows-1252 cohérent : enregistrez-le en "
        "« CSV UTF-8 (délimité par des points-virgules) »"
    )


# Workbooks ------------------------------------------------------------------------------


@attrs.frozen
class _Sheet:
    name: str
    rows: Iterator[list[Any]]
    header: list[str]
    header_row: int
    height: int
    order: list[int] | None  # where each of the first sheet's columns sits in this one


def _open_workbook(path: Path, wanted: Sequence[str] | None, columns: Columns) -> TrackingFile:
    try:
        import python_calamine  # noqa: PLC0415 - optional dependency
    except ImportError:  # pragma: no cover - the test extra installs it
        msg = "lire un classeur demande python-calamine : pip install 'qualepref[xlsx]'"
        raise TrackingError(msg) from None
    with path.open("rb") as probe:
        magic = probe.read(len(_OLE))
    check_inflated(path)
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.CalamineError as error:
        if magic == _OLE and path.suffix.lower() != ".xls":
            msg = (
                f"{path} : classeur protégé par un mot de passe (chiffré) : enregistrez-en une "
                "copie sans mot de passe (Fichier > Informations > Protéger le classeur)"
            )
        else:
            msg = f"{path} : {unreadable_workbook(error)}"
        raise TrackingError(msg) from None
    try:
        names = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
        return _read_sheets(path, workbook, names, wanted, columns)
    except BaseException:
        workbook.close()
        raise


def _chosen(path: Path, names: list[str], wanted: Sequence[str] | None) -> list[str]:
    """The sheets to read: all, or those named (without case or accents), in workbook order."""
    if not wanted:
        return names
    chosen: set[str] = set()
    for name in wanted:
        matches = [sheet for sheet in names if normalize(sheet) == normalize(name)]
        if not matches:
            msg = f"{path} : pas de feuille « {name} » ; feuilles : {', '.join(names)}"
            raise TrackingError(msg)
        chosen.update(matches)
    return [name for name in names if name in chosen]


def _read_sheets(
    path: Path,
    workbook: Any,
    names: list[str],
    wanted: Sequence[str] | None,
    columns: Columns,
) -> TrackingFile:
    names = _chosen(path, names, wanted)
    received = normalize(columns.received)
    roles = role_names(columns)
    sheets: list[_Sheet] = []
    skipped: list[SkippedSheet] = []
    warnings: list[str] = []
    first_cells: list[Any] | None = None
    import python_calamine  # noqa: PLC0415 - optional dependency, installed if here

    for name in names:
        try:
            calamine_sheet = workbook.get_sheet_by_name(name)
        except python_calamine.CalamineError as error:
            msg = f"{path}[{name}] : {unreadable_workbook(error, sheet_only=True)}"
            raise TrackingError(msg) from None
        offset = calamine_sheet.start[1] if calamine_sheet.start is not None else 0
        rows = (_cells(row, offset) for row in calamine_sheet.iter_rows())  # loaded whole
        header, row_number, filled = _header_of(rows, received)
        first_cells = first_cells if first_cells is not None else filled
        if header is None:
            skipped.append(SkippedSheet(name, f"pas de colonne « {columns.received} »"))
            continue
        order = None
        if sheets:
            order = _order(path, sheets[0], name, header, roles=roles, warnings=warnings)
        sheets.append(_Sheet(name, rows, header, row_number, calamine_sheet.height, order))
    if not sheets:
        if len(names) == 1:
            where = f"{path}[{names[0]}]"
            if first_cells is None:
                raise TrackingError(f"{where} : feuille vide, sans ligne d'en-tête")
            raise TrackingError(_missing_header(where, columns, first_cells))
        msg = (
            f"{path} : aucune feuille n'a de colonne « {columns.received} » dans ses "
            f"{HEADER_SEARCH} premières lignes (feuilles : {', '.join(names) or 'aucune'}) — "
            "renommez-la ou indiquez son nom dans [tracking.columns]"
        )
        raise TrackingError(msg)
    first = sheets[0]
    position = [0]
    tracking = TrackingFile(
        path,
        first.header,
        iter(()),
        size=sum(sheet.height for sheet in sheets),
        position=lambda: position[0],
        close=workbook.close,
        header_row=first.header_row,
        sheets=[sheet.name for sheet in sheets],
        skipped_sheets=skipped,
        hidden_columns=_hidden_columns(path, first.name, len(first.header)),
        warnings=[
            *_duplicate_roles(f"{path}[{first.name}]", first.header, columns),
            *warnings,
        ],
    )
    records = _Records(tracking, received)

    def records_of() -> Iterator[tuple[int, list[Any]]]:
        for sheet in sheets:
            tracking.sheet = sheet.name
            order = sheet.order
            position[0] += sheet.header_row
            for number, cells in enumerate(sheet.rows, start=sheet.header_row + 1):
                position[0] += 1
                if order is not None:
                    cells = [cells[i] if 0 <= i < len(cells) else None for i in order]  # noqa: PLW2901
                if records.sort(number, cells):
                    yield number, cells
        records.finish()

    tracking.rows = records_of()
    return tracking


def _header_of(
    rows: Iterator[list[Any]], received: str
) -> tuple[list[str] | None, int, list[Any] | None]:
    """The header row among a sheet's first rows, its number, and the first filled row."""
    first: list[Any] | None = None
    for number, cells in enumerate(rows, start=1):
        if first is None and any(_filled(cell) for cell in cells):
            first = cells
        if _is_header(cells, received):
            header = [("" if cell is None else str(cell)).strip() for cell in cells]
            while header and not header[-1]:
                header.pop()
            return header, number, first
        if number >= HEADER_SEARCH:
            break
    return None, 0, first


def _cells(row: list[Any], offset: int) -> list[Any]:
    cells: list[Any] = [None] * offset if offset else []
    for value in row:
        if type(value) is str:
            cells.append(value if value else None)
        elif type(value) is float and value.is_integer() and abs(value) < 1 << 53:
            cells.append(int(value))  # Excel stores every number as a float
        else:  # calamine gives a date-only cell as a date already
            cells.append(value)
    return cells


def _order(  # noqa: PLR0913 - one sheet against the first
    path: Path,
    first: _Sheet,
    name: str,
    header: list[str],
    *,
    roles: frozenset[str],
    warnings: list[str],
) -> list[int] | None:
    """Where each of the first sheet's columns sits in this sheet; ``None`` when alike."""
    plain = [normalize(column) for column in header]
    first_plain = [normalize(column) for column in first.header]
    if plain == first_plain:
        return None
    for column, plain_name in zip(first.header, first_plain, strict=True):
        if plain_name in roles and plain_name not in plain:
            msg = (
                f"{path}[{name}] : la colonne « {column} » de la feuille « {first.name} » "
                "manque : les feuilles lues ensemble doivent avoir les mêmes colonnes "
                "(ajoutez-la, ou choisissez les feuilles avec --sheet)"
            )
            raise TrackingError(msg)
    for column, plain_name in zip(header, plain, strict=True):
        if plain_name and plain_name not in first_plain:
            if plain_name in roles:
                msg = (
                    f"{path}[{name}] : la colonne « {column} » n'est pas dans la feuille "
                    f"« {first.name} » : les feuilles lues ensemble doivent avoir les mêmes "
                    "colonnes (ajoutez-la à la première, ou choisissez les feuilles avec --sheet)"
                )
                raise TrackingError(msg)
            warnings.append(
                f"{path}[{name}] : colonne « {column} » absente de la feuille « {first.name} » "
                "et non recopiée dans les délais"
            )
    used: set[int] = set()
    order: list[int] = []
    for plain_name in first_plain:
        index = next(
            (i for i, found in enumerate(plain) if found == plain_name and i not in used), -1
        )
        used.add(index)
        order.append(index)
    return order


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str:
    """The name of a sheet's part in an .xlsx archive (``xl/worksheets/sheet1.xml``).

    Raises:
        KeyError: no such sheet, or a broken workbook.
    """
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314 - a local file's own parts
    links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
    ids = {
        element.get("name"): element.get(f"{_RELATIONS}id")
        for element in book.iter(f"{_MAIN}sheet")
    }
    targets = {
        element.get("Id"): element.get("Target", "")
        for element in links.iter(f"{_PACKAGE}Relationship")
    }
    target = targets[ids[sheet]]
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _hidden_columns(path: Path, sheet: str, width: int) -> frozenset[int]:
    """The hidden columns of a sheet of an .xlsx file (none for other formats).

    Read from the sheet's ``<cols>``, which comes before its cells: calamine does not
    report it, and openpyxl would parse the whole sheet.
    """
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return frozenset()
    try:
        with zipfile.ZipFile(path) as archive:
            hidden: set[int] = set()
            with archive.open(_sheet_part(archive, sheet)) as stream:
                # every sheet part has a sheetData element, where the loop stops
                for _event, element in ElementTree.iterparse(stream, events=("start",)):  # noqa: S314  # pragma: no branch
                    if element.tag == f"{_MAIN}col" and element.get("hidden") in {"1", "true"}:
                        first, last = int(element.get("min", "1")), int(element.get("max", "1"))
                        hidden.update(range(first - 1, min(last, width)))
                    elif element.tag == f"{_MAIN}sheetData":
                        break
    except (KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return frozenset()  # cosmetic: a workbook calamine read but we cannot, shows all
    return frozenset(hidden)
