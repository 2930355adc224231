"""The registers of the quality cycle in and out: rows read, checked, rejected, annotated.

A register (the plan d'amélioration, the agents' training…) is a table a referent keeps
in Excel: :func:`read_register` opens it with :func:`qualepref.table_files.open_table`,
finds each column it reads by its configured name, refuses a file without a required
column, and hands each row to the register's own reader, which gives a record or says
which column is wrong and why. Every row ends up a record, a :class:`RejectedRow`, or an
empty or summary row counted in the notes: none is lost.

Out: :func:`write_rejects` writes the rejected rows with their place and reason, and
:func:`write_annotated` the register's rows with columns added (CSV or workbook); text
that a spreadsheet would run as a formula is written as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

import attrs
from pydantic import BaseModel

from qualepref.errors import QualeprefError
from qualepref.moments import MomentError, parse_day
from qualepref.output_files import atomic_path
from qualepref.spreadsheet_text import inert, sheet_text, text_cells_only
from qualepref.table_files import TableLayout, blank, open_table
from qualepref.words import normalize

__all__ = [
    "CellProblem",
    "Register",
    "RejectedRow",
    "Row",
    "column_names",
    "day_cell",
    "number_cell",
    "read_register",
    "register_layout",
    "write_annotated",
    "write_rejects",
]

T = TypeVar("T")


@attrs.frozen
class CellProblem:
    """What is wrong with a row: the role of the column at fault (if one is), and why."""

    reason: str
    role: str | None = None


@attrs.frozen
class RejectedRow:
    """A row of a register that is not a record, with why.

    Examples:
        >>> print(RejectedRow("plan.xlsx[2022]:14", "Statut", "statut inconnu « ok »",
        ...                   ("14", "Former", "ok")))
        plan.xlsx[2022]:14, colonne « Statut » : statut inconnu « ok »
    """

    where: str
    """The row's place: ``plan.xlsx[2022]:14``."""
    column: str | None
    """The column at fault, as the register names it, when one is."""
    reason: str
    """What is wrong and how to fix it, in French."""
    cells: tuple[object, ...]
    """The row as read, to copy into a rejects file."""

    def __str__(self) -> str:
        column = f", colonne « {self.column} »" if self.column else ""
        return f"{self.where}{column} : {self.reason}"


@attrs.frozen
class Row:
    """One row of a register as its reader sees it: its cells, by role."""

    number: int
    """The row's number, as a spreadsheet shows it."""
    where: str
    """Its place: ``plan.xlsx[2022]:14``."""
    cells: Sequence[Any]
    positions: dict[str, int]

    def cell(self, role: str) -> Any:
        """The cell of ``role``'s column; ``None`` when empty or when there is no such column.

        Examples:
            >>> row = Row(3, "f.csv:3", ["A12", "  "], {"agent": 0, "role": 1})
            >>> row.cell("agent"), row.cell("role"), row.cell("service")
            ('A12', None, None)
        """
        index = self.positions.get(role)
        if index is None or index >= len(self.cells):
            return None
        value = self.cells[index]
        return None if blank(value) else value


@attrs.frozen
class Register(Generic[T]):
    """A register as read: its records, its rejected rows, and what the reading noticed.

    Examples:
        >>> from qualepref.training_files import read_training
        >>> register = read_training("examples/isere-2022/formations.xlsx")
        >>> len(register.records), len(register.rows), len(register.rejects)
        (60, 60, 28)
        >>> register.rejects[0].reason.split(" :")[0]  # the Isère's definitions name it
        'rôle inconnu « CERT 38 (fraude) »'
    """

    path: Path
    header: tuple[str, ...]
    records: tuple[T, ...]
    rows: tuple[Row, ...]
    """The row of each record, in the same order."""
    rejects: tuple[RejectedRow, ...]
    notes: tuple[str, ...]
    """Sheets read, header row, summary rows skipped, duplicates…"""
    blank_rows: int = 0
    """Empty rows skipped (they are not records)."""
    summary_rows: int = 0
    """Summary rows (« Total »…) skipped, each named in :attr:`notes`."""


def column_names(columns: BaseModel | Mapping[str, str]) -> dict[str, str]:
    """Each role's column name, from a settings model (its fields) or a mapping.

    Examples:
        >>> from qualepref.referentiel.training_settings import TrainingColumns
        >>> column_names(TrainingColumns())["agent"], column_names({"q1": "Courtoisie"})
        ('Agent', {'q1': 'Courtoisie'})
    """
    if isinstance(columns, BaseModel):
        return {role: getattr(columns, role) for role in type(columns).model_fields}
    return dict(columns)


def register_layout(
    columns: BaseModel | Mapping[str, str],
    marker: str,
    *,
    settings: str,
    records: str,
    error: type[QualeprefError],
) -> TableLayout:
    """How a register is laid out: the column of role ``marker`` marks its header row.

    Every column of ``columns`` is one the register's reader reads (named twice, it is
    reported); ``settings`` is where their names are configured.

    Examples:
        >>> from qualepref.referentiel.plan_settings import PlanColumns
        >>> layout = register_layout(PlanColumns(), "title", settings="[plan.columns]",
        ...                          records="des actions", error=QualeprefError)
        >>> layout.marker, layout.dated, "statut" in layout.roles
        ('Action', False, True)
    """
    names = column_names(columns)
    return TableLayout(
        marker=names[marker],
        roles=frozenset(normalize(name) for name in names.values()),
        settings=settings,
        records=records,
        output="la sortie",
        dated=False,
        error=error,
    )


def read_register(  # noqa: PLR0913 - a register's layout, columns and row reader
    path: str | Path,
    layout: TableLayout,
    columns: BaseModel | Mapping[str, str],
    required: Sequence[str],
    read_row: Callable[[Row], T | CellProblem],
    *,
    sheet: str | Sequence[str] | None = None,
) -> Register[T]:
    r"""Read a register: each row a record of ``read_row``, or a reject with its reason.

    ``columns`` names each role's column (a model whose fields are the roles, or a
    mapping);
    ``required`` are the roles whose column must be there.

    Raises:
        QualeprefError: ``layout.error``: no header row, a required column missing, or
            the file unreadable.
        OSError: the file cannot be opened.

    Examples:
        >>> import tempfile, pathlib
        >>> from qualepref.referentiel.training_settings import TrainingColumns
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "agents.csv"
        >>> _ = path.write_text("Agent;Rôle\nA12;accueil\n;accueil\n", encoding="utf-8")
        >>> layout = TableLayout("Agent", frozenset({"agent", "role"}), "[training.columns]",
        ...                      "des agents", "la sortie", dated=False)
        >>> def reader(row):
        ...     return row.cell("agent") or CellProblem("agent manquant", "agent")
        >>> register = read_register(path, layout, TrainingColumns(), ["agent", "role"], reader)
        >>> register.records, [str(r).split(", ")[1] for r in register.rejects]
        (('A12',), ['colonne « Agent » : agent manquant'])
    """
    path = Path(path)
    with open_table(path, layout, sheet=sheet) as table:
        plain = [normalize(name) for name in table.header]
        positions: dict[str, int] = {}
        names = column_names(columns)
        for role, given in names.items():
            name = normalize(given)
            if name in plain:
                positions[role] = plain.index(name)
        missing = [names[role] for role in required if role not in positions]
        if missing:
            absent = ", ".join(f"« {name} »" for name in missing)
            msg = (
                f"{table.where(table.header_row)} : colonne(s) {absent} absente(s) de l'en-tête "
                f"(lu : {', '.join(table.header)}) — ajoutez-la(les), ou indiquez son nom "
                f"dans {layout.settings}"
            )
            raise layout.error(msg)
        records: list[T] = []
        rows: list[Row] = []
        rejects: list[RejectedRow] = []
        for number, cells in table.rows:
            row = Row(number, table.where(number), cells, positions)
            found = read_row(row)
            if isinstance(found, CellProblem):
                column = names[found.role] if found.role else None
                rejects.append(RejectedRow(row.where, column, found.reason, tuple(cells)))
            else:
                records.append(found)
                rows.append(row)
        return Register(
            path=path,
            header=tuple(table.header),
            records=tuple(records),
            rows=tuple(rows),
            rejects=tuple(rejects),
            notes=tuple(table.notes()),
            blank_rows=table.blank_lines,
            summary_rows=len(table.summary_rows),
        )


def day_cell(cell: Any) -> dt.date | CellProblem | None:
    """A date cell: ``None`` when empty, a problem when unreadable.

    Examples:
        >>> day_cell("03/01/2022"), day_cell(None)
        (datetime.date(2022, 1, 3), None)
        >>> day_cell("31/02/2022").reason.split(" :")[0]
        'date illisible « 31/02/2022 »'
    """
    if cell is None:
        return None
    try:
        return parse_day(cell)
    except MomentError as error:
        return CellProblem(f"date illisible « {cell} » : {error}")


def number_cell(cell: Any, pattern: re.Pattern[str]) -> int | None:
    r"""A whole number written alone or after a word (« Module 4 », « E17 »), else ``None``.

    ``pattern`` matches the text (normalized) and holds the number as its first group.

    Examples:
        >>> words = re.compile(r"^(?:module|m)?\s*(\d{1,2})$")
        >>> number_cell("Module 4", words), number_cell(4.0, words), number_cell(True, words)
        (4, 4, None)
    """
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else None
    found = pattern.match(normalize(str(cell)))
    return int(found.group(1)) if found else None


def _text_cell(cell: object) -> str:
    return "" if cell is None else str(cell)


def write_rejects(path: str | Path, header: Sequence[str], rejects: Sequence[RejectedRow]) -> None:
    """Write ``rejects`` as a ``;`` CSV file: place, column, reason, then the row's cells.

    Examples:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "rejets.csv"
        >>> write_rejects(target, ["Agent"], [RejectedRow("a.csv:2", "Agent", "vide", ("=1",))])
        >>> target.read_text(encoding="utf-8-sig").splitlines()[1]
        "a.csv:2;Agent;vide;'=1"
    """
    with (
        atomic_path(path) as partial,
        partial.open("w", encoding="utf-8-sig", newline="") as stream,
    ):
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        writer.writerow(["ligne", "colonne", "motif", *header])
        for reject in rejects:
            writer.writerow(
                [inert(reject.where), inert(reject.column or ""), inert(reject.reason)]
                + [inert(_text_cell(cell)) for cell in reject.cells]
            )


def write_annotated(
    path: str | Path,
    header: Sequence[str],
    rows: Sequence[tuple[Sequence[object], Sequence[object]]],
    added: Sequence[str],
) -> None:
    """Write a register's rows with columns added: ``.xlsx`` a workbook, else ``;`` CSV.

    Each row is its own cells (cut or padded to the header) and the added ones; dates
    stay dates in a workbook and are written ISO in CSV; text is never a formula.

    Raises:
        QualeprefError: a workbook asked for without openpyxl.

    Examples:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "sortie.csv"
        >>> write_annotated(target, ["Agent", "Rôle"],
        ...                 [(["A12"], [dt.date(2022, 9, 1), "a_former"])],
        ...                 ["prochaine_echeance", "etat"])
        >>> target.read_text(encoding="utf-8-sig").splitlines()
        ['Agent;Rôle;prochaine_echeance;etat', 'A12;;2022-09-01;a_former']
    """
    columns = [*header, *added]
    width = len(header)
    lines = [[*list(own)[:width], *([None] * (width - len(own))), *more] for own, more in rows]
    if Path(path).suffix.lower() == ".xlsx":
        try:
            import openpyxl  # noqa: PLC0415 - optional dependency
        except ImportError:  # pragma: no cover - the test extra installs it
            msg = "écrire un classeur demande openpyxl : pip install 'qualepref[xlsx]'"
            raise QualeprefError(msg) from None
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None  # noqa: S101 - a new workbook has its sheet
        sheet.append([sheet_text(name) for name in columns])
        for cells in lines:
            sheet.append([_sheet_value(cell) for cell in cells])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
        sheet.freeze_panes = "A2"
        text_cells_only(book)
        with atomic_path(path) as partial:
            book.save(partial)
        return
    with (
        atomic_path(path) as partial,
        partial.open("w", encoding="utf-8-sig", newline="") as stream,
    ):
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        writer.writerow([inert(name) for name in columns])
        for cells in lines:
            writer.writerow([inert(_csv_value(cell)) for cell in cells])


def _csv_value(cell: object) -> str:
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return _text_cell(cell)


def _sheet_value(cell: object) -> object:
    if isinstance(cell, str):
        return sheet_text(cell)
    return cell
