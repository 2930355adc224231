"""Tables in files: CSV and workbooks as services keep them, read row by row.

Tracking files and the registers of the quality cycle (plan d'amélioration, formations,
enquêtes) are all tables a referent keeps in Excel; :func:`open_table` reads any of them,
told by a :class:`TableLayout` which column marks the header and what to call things.

- The header row is found, not assumed: the first row, among the first
  :data:`HEADER_SEARCH` rows, holding the marker column (the receipt date of a table
  file; by its configured name, compared without case or accents). Rows above it (a
  title, a logo's caption, blank lines) are not records.
- CSV: UTF-8 (with or without BOM) or Windows-1252 as Excel saves it; ``;`` or ``,``
  found from the header line. A row's number is the one a spreadsheet shows for the
  record, even when cells hold line breaks.
- Workbooks (``.xlsx``, ``.xlsm``, ``.xlsb``, ``.xls``, ``.ods``): every sheet whose
  header is found, in workbook order, as one file; the others (« Synthèse »,
  « Paramètres ») are skipped and named. Cells keep their types; a date cell whose time
  is 00:00:00 is a date without a time. Read by calamine (extra ``xlsx``).
- Summary rows (« Total », « Taux », « Moyenne »… with no receipt date) are set apart
  and counted, never rejected; empty rows are skipped and counted.
- A column named twice, cells right of the last named column, a sheet whose columns
  differ from the first: reported in :meth:`TableFile.notes`, never silent.
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

from qualepref.errors import QualeprefError
from qualepref.moments import MomentError, parse_moment
from qualepref.spreadsheet_text import (
    encoding_of,
    header_cells,
    too_inflated,
    unreadable_workbook,
)
from qualepref.words import normalize

__all__ = [
    "HEADER_SEARCH",
    "PARQUET_SUFFIXES",
    "SUMMARY_WORDS",
    "WORKBOOK_SUFFIXES",
    "ClosedOnExit",
    "SkippedSheet",
    "TableError",
    "TableFile",
    "TableLayout",
    "arrow_batches",
    "blank",
    "check_inflated",
    "chosen_sheets",
    "is_summary_row",
    "open_table",
    "parquet_text_query",
    "row_kind",
    "sheet_part",
    "sql_text",
]

HEADER_SEARCH = 30
"""How many rows from the top of a sheet are searched for the header row."""
SUMMARY_WORDS = ("total", "sous total", "taux", "moyenne", "nombre", "cumul")
"""Words (compared without case or accents) that start a summary row's cell."""
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
"""File name endings read as workbooks; any other file is read as CSV."""
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
"""File name endings read as Parquet (through DuckDB: the ``duckdb`` extra)."""
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

    Examples:
        >>> print(SkippedSheet("Synthèse", "pas de colonne « Date de réception »"))
        « Synthèse » (pas de colonne « Date de réception »)
    """

    name: str
    reason: str

    def __str__(self) -> str:
        return f"« {self.name} » ({self.reason})"


class TableError(QualeprefError):
    """A table file that cannot be read at all (not one bad row)."""


@attrs.frozen
class TableLayout:
    """What marks a table's header row, and the words its reader's messages use.

    Examples:
        >>> layout = TableLayout("N°", frozenset({"n", "action"}), "[plan.columns]",
        ...                      "des actions", "le plan", dated=False)
        >>> layout.error.__name__
        'TableError'
    """

    marker: str
    """The column whose name marks the header row, as configured (« Date de réception »)."""
    roles: frozenset[str]
    """The columns qualepref reads, normalized: named twice, or missing from a later
    sheet, they are reported."""
    settings: str
    """Where their names are configured, for the hint: « [tracking.columns] »."""
    records: str
    """What the rows are, for the notes: « des demandes »."""
    output: str
    """What the rows are copied into, for the notes: « les délais »."""
    dated: bool = True
    """The marker column holds dates: a row whose marker cell is a date is never a
    summary row. Otherwise a summary row is one whose marker cell is empty or a summary
    word."""
    error: type[QualeprefError] = TableError
    """What the reader raises."""


def blank(cell: object) -> bool:
    """Whether a cell holds nothing: ``None``, or text of spaces only.

    Examples:
        >>> blank(None), blank("  "), blank("x"), blank(0)
        (True, True, False, False)
    """
    return cell is None or (isinstance(cell, str) and not cell.strip())


class TableFile(ClosedOnExit):
    r"""An open table file: its ``header``, then its records as ``(row, cells)``.

    ``row`` is the row number a spreadsheet shows; for a workbook, :attr:`sheet` is the
    sheet the last record came from, and :meth:`where` names a record as
    ``suivi.xlsx[Février]:14``. ``size`` and ``position()`` let a progress bar show how
    far the reading is. Summary and empty rows are not records: they are counted in
    :attr:`summary_rows` and :attr:`blank_lines`. Built by :func:`open_table`.

    Examples:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "suivi.csv"
        >>> _ = path.write_text("Date de réception;Canal\n03/01/2022;courriel\n", encoding="utf-8")
        >>> layout = TableLayout("Date de réception", frozenset(), "", "", "")
        >>> with open_table(path, layout) as table:
        ...     [table.where(row) for row, _cells in table.rows] == [f"{path}:2"]
        True
    """

    def __init__(  # noqa: PLR0913 - one reader's parts, built by open_table
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
        records: str = "des données",
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
        self.records = records
        """What the rows are, for the notes (« des demandes »)."""
        self._close = close

    def where(self, row: int | None, sheet: str | None = None) -> str:
        """A record's place as messages show it: ``suivi.csv:14``, ``suivi.xlsx[Février]:14``.

        Examples:
            >>> from pathlib import Path
            >>> table = TableFile(Path("suivi.xlsx"), ["Date de réception"], iter(()),
            ...                      size=None, position=int, close=int, sheets=["Mars"])
            >>> table.where(14)
            'suivi.xlsx[Mars]:14'
        """
        sheet = sheet if sheet is not None else self.sheet
        name = f"{self.path}[{sheet}]" if sheet is not None else str(self.path)
        return name if row is None else f"{name}:{row}"

    def notes(self) -> list[str]:
        r"""What the reading did that a user should know: sheets, header row, summary rows.

        Complete once the rows are read (summary rows are met while reading).

        Examples:
            >>> from pathlib import Path
            >>> table = TableFile(Path("suivi.xlsx"), ["Date de réception"], iter(()),
            ...                      size=None, position=int, close=int, sheets=["Mars"],
            ...                      header_row=3, records="des demandes")
            >>> for note in table.notes():
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
                f"(titre…) ne sont pas {self.records}"
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

        Examples:
            >>> from pathlib import Path
            >>> TableFile(Path("s.csv"), [], iter(()), size=None, position=int,
            ...           close=lambda: print("fermé")).close()
            fermé
        """
        self._close()


def open_table(
    path: str | Path, layout: TableLayout, *, sheet: str | Sequence[str] | None = None
) -> TableFile:
    r"""Open a CSV file or a workbook holding a table (chosen by its extension).

    ``layout`` names the column that marks the header row; ``sheet`` restricts a
    workbook to these sheets (names compared without case or accents: ``fevrier`` finds
    « Février »).

    Raises:
        QualeprefError: ``layout.error``: the file is empty or unreadable, has no header
            row, a named sheet does not exist, or a sheet's header differs from the first
            one's in a column that qualepref reads.
        OSError: the file cannot be opened.

    Examples:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "plan.csv").write_text(
        ...     "Plan d'amélioration 2022\n\nN°;Action\n1;Afficher les horaires\n"
        ...     "\n2;Former l'accueil\nTotal;2\n", encoding="utf-8")
        >>> layout = TableLayout("N°", frozenset({"n", "action"}), "[plan.columns]",
        ...                      "des actions", "le plan", dated=False)
        >>> with open_table(folder / "plan.csv", layout) as table:
        ...     print(table.header, list(table.rows))
        ...     print(table.blank_lines, table.summary_rows[0].endswith("plan.csv:7"))
        ['N°', 'Action'] [(4, ['1', 'Afficher les horaires']), (6, ['2', "Former l'accueil"])]
        1 True
    """
    path = Path(path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        sheets = [sheet] if isinstance(sheet, str) else sheet
        return _open_workbook(path, sheets, layout)
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return _open_parquet(path, layout)
    return _open_csv(path, layout)


def _duplicate_roles(where: str, header: Sequence[str], roles: frozenset[str]) -> list[str]:
    """A warning for each column qualepref reads that the header names twice."""
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


def check_inflated(path: Path, error: type[QualeprefError] = TableError) -> None:
    """Refuse a workbook that would hold more than :data:`MAX_INFLATED` once decompressed.

    Raises:
        QualeprefError: ``error``: the workbook is too large (a « zip bomb », or a whole
            database).

    Examples:
        >>> from pathlib import Path
        >>> check_inflated(Path("examples/suivi-2022/suivi-2022.xlsx"))
    """
    problem = too_inflated(path)
    if problem:
        raise error(f"{path} : {problem}")


def _is_header(cells: Sequence[object], received: str) -> bool:
    return any(isinstance(cell, str) and normalize(cell) == received for cell in cells)


def _filled(cell: object) -> bool:
    return not blank(cell)


class _Records:
    """Sorts the rows under a header: records, summary rows, empty rows."""

    def __init__(self, table: TableFile, marker: str, *, dated: bool) -> None:
        self.table = table
        self.received = next(
            index for index, name in enumerate(table.header) if normalize(name) == marker
        )
        self.dated = dated
        self.width = len(table.header)
        self.overflow = 0
        self.first_overflow = ""

    def kind(self, cells: Sequence[object]) -> str:
        """``record``, ``summary`` or ``blank``."""
        return row_kind(cells, self.received, dated=self.dated)

    def finish(self) -> None:
        """Warn of the cells found right of the header (never a silent loss)."""
        if self.overflow:
            self.table.warnings.append(
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
                self.first_overflow = self.first_overflow or self.table.where(row)
            return True
        if kind == "blank":
            self.table.blank_lines += 1
        else:
            self.table.summary_rows.append(self.table.where(row))
        return False


def row_kind(cells: Sequence[object], received: int | None, *, dated: bool = True) -> str:
    """What a row under the header is: ``record``, ``summary`` (« Total »…) or ``blank``.

    Examples:
        >>> row_kind(["", " "], 0), row_kind(["", "Total", 42], 0), row_kind(["03/01/2022"], 0)
        ('blank', 'summary', 'record')
    """
    if not any(_filled(cell) for cell in cells):
        return "blank"
    if is_summary_row(cells, received, dated=dated):
        return "summary"
    return "record"


def is_summary_row(cells: Sequence[object], received: int | None, *, dated: bool = True) -> bool:
    """Whether a row is a summary row: no receipt date, and a cell reading Total, Taux, etc.

    ``received`` is the position of the receipt-date column, which may hold the word, or
    a count (a number that is no date). For a marker column that holds no dates
    (``dated=False``: a register's « Action » or « Agent »), a marker cell holding text
    other than a summary word makes a record; empty, a summary word or a count, it may
    be a summary row.

    Examples:
        >>> is_summary_row(["", "Sous-total janvier", 42], 0), is_summary_row(["TOTAL", 9], 0)
        (True, True)
        >>> is_summary_row(["03/01/2022", "Total"], 0), is_summary_row(["", "x"], 0)
        (False, False)
        >>> is_summary_row(["Moyenne", 4.5], None), is_summary_row(["Cumul", 630], 1)
        (True, True)
        >>> is_summary_row([12, "Taux de décroché"], 1, dated=False)
        False
        >>> is_summary_row(["Total", 135], 1, dated=False), is_summary_row(["Total", "135"], 1,
        ...                                                                 dated=False)
        (True, True)
        >>> is_summary_row(["Total", True], 1, dated=False)  # a ticked box counts nothing
        False
    """
    if received is not None and received < len(cells):
        cell = cells[received]
        if not dated:
            # an action titled « Taux de décroché » is a record: only the bare word counts
            counted = _is_count(cell) or blank(cell) or normalize(str(cell)) in SUMMARY_WORDS
            return counted and any(map(_summary_word, cells))
        if isinstance(cell, dt.date):
            return False  # the common case, in a workbook
        if _filled(cell) and not _summary_word(cell) and _is_moment(cell):
            return False
    return any(_summary_word(cell) for cell in cells)


def _is_count(cell: object) -> bool:
    if isinstance(cell, bool):
        return False
    if isinstance(cell, int | float):
        return True
    return isinstance(cell, str) and cell.strip().isdigit()


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


def _missing_header(where: str, layout: TableLayout, first: Sequence[object] | None) -> str:
    seen = (
        ", ".join(str(cell).strip() for cell in first if _filled(cell))
        if first is not None
        else "(aucune)"
    )
    return (
        f"{where} : colonne « {layout.marker} » absente des {HEADER_SEARCH} premières lignes "
        f"(première ligne remplie : {seen}) — renommez-la ou indiquez son nom dans "
        f"{layout.settings}"
    )


# CSV ------------------------------------------------------------------------------------


def _open_csv(path: Path, layout: TableLayout) -> TableFile:
    with path.open("rb") as sample:
        encoding = encoding_of(sample.read(_SNIFF))
    raw = path.open("rb")
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    received = normalize(layout.marker)
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
            delimiter, cells = header_cells(line)
            first = first if first is not None else cells
            if _is_header(cells, received):
                header = cells
                break
    except UnicodeDecodeError:
        text.close()
        raise layout.error(_not_text(path)) from None
    if header is None:
        text.close()
        if first is None:
            raise layout.error(f"{path} : fichier vide, sans ligne d'en-tête")
        raise layout.error(_missing_header(str(path), layout, first))
    header_row = row
    table = TableFile(
        path,
        header,
        iter(()),
        size=path.stat().st_size,
        position=raw.tell,
        close=text.close,
        delimiter=delimiter,
        header_row=header_row,
        warnings=_duplicate_roles(str(path), header, layout.roles),
        records=layout.records,
    )
    records = _Records(table, received, dated=layout.dated)

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
            raise layout.error(f"{path}, ligne {line} : {_not_text(path)}") from None
        except csv.Error as error:
            msg = f"{table.where(number + 1)} : CSV illisible ({error})"
            raise layout.error(msg) from None

    table.rows = rows()
    return table


def parquet_text_query(
    connection: Any, path: Path, error: type[QualeprefError]
) -> tuple[list[str], str]:
    """A Parquet file's column names, and the DuckDB query giving every cell as text.

    A cell reads as a CSV export would write it: text as it is, a date ``2022-01-03``,
    a timestamp ``2022-01-03 09:30`` (with ``:15`` when it has seconds), a timestamp
    with a time zone in UTC ``2022-01-03T08:30:00Z``, a number as DuckDB writes it;
    ``NULL`` stays empty. Rows come in the file's order.

    Raises:
        QualeprefError: ``error``: the file is not Parquet that DuckDB reads.
    """
    import duckdb  # noqa: PLC0415 - optional dependency (the duckdb extra)

    source = "read_parquet(" + sql_text(str(path)) + ")"
    try:
        described = connection.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()  # noqa: S608 - a quoted path
    except duckdb.Error as problem:
        first = str(problem).splitlines()[0]
        msg = f"{path} : fichier Parquet illisible ({first})"
        raise error(msg) from None
    names = [str(row[0]) for row in described]
    cells = [
        _text_cell(_sql_name(name), str(kind))
        for name, kind in zip(names, (row[1] for row in described), strict=True)
    ]
    return names, f"SELECT {', '.join(cells) or 'NULL'} FROM {source}"  # noqa: S608 - quoted


def arrow_batches(relation: Any, rows: int) -> Any:
    """A DuckDB relation's rows as Arrow record batches of ``rows`` rows, streamed.

    ``to_arrow_reader`` since DuckDB 1.4 (``fetch_arrow_reader`` before, now deprecated).
    """
    reader = getattr(relation, "to_arrow_reader", None)
    if reader is None:  # pragma: no cover - DuckDB before 1.4 (the lowest-versions run)
        reader = relation.fetch_arrow_reader
    return reader(rows)


def sql_text(text: str) -> str:
    """``text`` as a SQL string literal (a path, a separator), its quotes doubled.

    Examples:
        >>> sql_text("l'Isère.csv")
        "'l''Isère.csv'"
    """
    return "'" + text.replace("'", "''") + "'"


def _sql_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text_cell(column: str, kind: str) -> str:
    """A column as text, the way a CSV export writes it."""
    if kind == "VARCHAR":
        return column
    if kind == "DATE":
        return f"strftime({column}, '%Y-%m-%d')"
    if kind.startswith("TIMESTAMP WITH TIME ZONE"):
        return f"strftime(timezone('UTC', {column}), '%Y-%m-%dT%H:%M:%SZ')"
    if kind.startswith("TIMESTAMP"):
        return (
            f"CASE WHEN second({column}) = 0 THEN strftime({column}, '%Y-%m-%d %H:%M') "
            f"ELSE strftime({column}, '%Y-%m-%d %H:%M:%S') END"
        )
    return f"CAST({column} AS VARCHAR)"


def _open_parquet(path: Path, layout: TableLayout) -> TableFile:
    """A Parquet file: its columns are the header, its rows the records, from row 2."""
    import duckdb  # noqa: PLC0415 - optional dependency (the duckdb extra)

    if not path.is_file():
        raise FileNotFoundError(path)
    connection = duckdb.connect()
    header, query = parquet_text_query(connection, path, layout.error)
    received = normalize(layout.marker)
    if not _is_header(header, received):
        connection.close()
        raise layout.error(_missing_header(str(path), layout, header))
    table = TableFile(
        path,
        header,
        iter(()),
        size=None,
        position=int,
        close=connection.close,
        warnings=_duplicate_roles(str(path), header, layout.roles),
        records=layout.records,
    )
    records = _Records(table, received, dated=layout.dated)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        for batch in arrow_batches(connection.sql(query), _PARQUET_BATCH):
            for cells in zip(*(column.to_pylist() for column in batch.columns), strict=True):
                number += 1
                if records.sort(number, list(cells)):
                    yield number, list(cells)

    table.rows = rows()
    return table


_PARQUET_BATCH = 65_536


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


def _open_workbook(path: Path, wanted: Sequence[str] | None, layout: TableLayout) -> TableFile:
    try:
        import python_calamine  # noqa: PLC0415 - optional dependency
    except ImportError:  # pragma: no cover - the test extra installs it
        msg = "lire un classeur demande python-calamine : pip install 'qualepref[xlsx]'"
        raise layout.error(msg) from None
    with path.open("rb") as probe:
        magic = probe.read(len(_OLE))
    check_inflated(path, layout.error)
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
        raise layout.error(msg) from None
    try:
        names = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
        return _read_sheets(path, workbook, names, wanted, layout)
    except BaseException:
        workbook.close()
        raise


def chosen_sheets(
    path: Path,
    names: list[str],
    wanted: Sequence[str] | None,
    error: type[QualeprefError] = TableError,
) -> list[str]:
    """The sheets to read: all, or those named (without case or accents), in workbook order.

    Raises:
        QualeprefError: ``error``: a sheet named is not in the workbook.

    Examples:
        >>> from pathlib import Path
        >>> chosen_sheets(Path("s.xlsx"), ["Janvier", "Février"], ["fevrier"])
        ['Février']
    """
    if not wanted:
        return names
    chosen: set[str] = set()
    for name in wanted:
        matches = [sheet for sheet in names if normalize(sheet) == normalize(name)]
        if not matches:
            msg = f"{path} : pas de feuille « {name} » ; feuilles : {', '.join(names)}"
            raise error(msg)
        chosen.update(matches)
    return [name for name in names if name in chosen]


def _read_sheets(
    path: Path,
    workbook: Any,
    names: list[str],
    wanted: Sequence[str] | None,
    layout: TableLayout,
) -> TableFile:
    names = chosen_sheets(path, names, wanted, layout.error)
    received = normalize(layout.marker)
    roles = layout.roles
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
            raise layout.error(msg) from None
        offset = calamine_sheet.start[1] if calamine_sheet.start is not None else 0
        rows = (_cells(row, offset) for row in calamine_sheet.iter_rows())  # loaded whole
        header, row_number, filled = _header_of(rows, received)
        first_cells = first_cells if first_cells is not None else filled
        if header is None:
            skipped.append(SkippedSheet(name, f"pas de colonne « {layout.marker} »"))
            continue
        order = None
        if sheets:
            order = _order(path, sheets[0], name, header, layout=layout, warnings=warnings)
        sheets.append(_Sheet(name, rows, header, row_number, calamine_sheet.height, order))
    if not sheets:
        if len(names) == 1:
            where = f"{path}[{names[0]}]"
            if first_cells is None:
                raise layout.error(f"{where} : feuille vide, sans ligne d'en-tête")
            raise layout.error(_missing_header(where, layout, first_cells))
        msg = (
            f"{path} : aucune feuille n'a de colonne « {layout.marker} » dans ses "
            f"{HEADER_SEARCH} premières lignes (feuilles : {', '.join(names) or 'aucune'}) — "
            f"renommez-la ou indiquez son nom dans {layout.settings}"
        )
        raise layout.error(msg)
    first = sheets[0]
    position = [0]
    table = TableFile(
        path,
        first.header,
        iter(()),
        size=sum(sheet.height for sheet in sheets),
        position=lambda: position[0],
        close=workbook.close,
        header_row=first.header_row,
        sheets=[sheet.name for sheet in sheets],
        skipped_sheets=skipped,
        hidden_columns=hidden_columns(path, first.name, len(first.header)),
        warnings=[
            *_duplicate_roles(f"{path}[{first.name}]", first.header, roles),
            *warnings,
        ],
        records=layout.records,
    )
    records = _Records(table, received, dated=layout.dated)

    def records_of() -> Iterator[tuple[int, list[Any]]]:
        for sheet in sheets:
            table.sheet = sheet.name
            order = sheet.order
            position[0] += sheet.header_row
            for number, cells in enumerate(sheet.rows, start=sheet.header_row + 1):
                position[0] += 1
                if order is not None:
                    cells = [cells[i] if 0 <= i < len(cells) else None for i in order]  # noqa: PLW2901
                if records.sort(number, cells):
                    yield number, cells
        records.finish()

    table.rows = records_of()
    return table


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
    layout: TableLayout,
    warnings: list[str],
) -> list[int] | None:
    """Where each of the first sheet's columns sits in this sheet; ``None`` when alike."""
    roles = layout.roles
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
            raise layout.error(msg)
    for column, plain_name in zip(header, plain, strict=True):
        if plain_name and plain_name not in first_plain:
            if plain_name in roles:
                msg = (
                    f"{path}[{name}] : la colonne « {column} » n'est pas dans la feuille "
                    f"« {first.name} » : les feuilles lues ensemble doivent avoir les mêmes "
                    "colonnes (ajoutez-la à la première, ou choisissez les feuilles avec --sheet)"
                )
                raise layout.error(msg)
            warnings.append(
                f"{path}[{name}] : colonne « {column} » absente de la feuille « {first.name} » "
                f"et non recopiée dans {layout.output}"
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


def sheet_part(archive: zipfile.ZipFile, sheet: str) -> str:
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


def hidden_columns(path: Path, sheet: str, width: int) -> frozenset[int]:
    """The hidden columns of a sheet of an .xlsx file (none for other formats).

    Read from the sheet's ``<cols>``, which comes before its cells: calamine does not
    report it, and openpyxl would parse the whole sheet.
    """
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return frozenset()
    try:
        with zipfile.ZipFile(path) as archive:
            hidden: set[int] = set()
            with archive.open(sheet_part(archive, sheet)) as stream:
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
