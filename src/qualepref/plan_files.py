"""A plan d'amélioration register in: each row an action, checked, or rejected with its reason.

The register is a CSV file or a workbook as the referent keeps it (read by
:func:`qualepref.table_files.open_table`: the header is found under a title, summary and
empty rows are set apart and counted). Its row of headers is the one holding the
« Action » column; « Statut » and « Module » are required too, the other columns are
optional (``[plan.columns]`` renames any of them).

Every row is an action, or a reject with its place and its reason: an unknown status,
module, source or engagement, an engagement of another module, an unreadable date, « fait »
without its date of realisation, an échéance or a realisation before the creation. Nothing
is dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from qualepref.errors import QualeprefError
from qualepref.improvement_plan import Action, ActionStatus, PlanError
from qualepref.moments import MomentError, parse_day
from qualepref.referentiel.container import Definitions, Referentiel
from qualepref.referentiel.issues import did_you_mean
from qualepref.referentiel.loading import load_referentiel
from qualepref.referentiel.plan_settings import PlanColumns, PlanSettings, default_plan
from qualepref.table_files import TableLayout, blank, open_table
from qualepref.words import normalize

__all__ = ["PlanFileError", "PlanRegister", "RejectedAction", "plan_layout", "read_plan"]


class PlanFileError(QualeprefError):
    """A register that cannot be read at all (not one bad row): file, header, columns."""


@attrs.frozen
class RejectedAction:
    """A row of the register that is not an action, with why.

    Examples:
        >>> print(RejectedAction("plan.xlsx[2022]:14", "Statut", "statut inconnu « ok »",
        ...                      ("14", "Former", "ok")))
        plan.xlsx[2022]:14, colonne « Statut » : statut inconnu « ok »
    """

    where: str
    """The row's place: ``plan.xlsx[2022]:14``."""
    column: str | None
    """The column at fault, when one is."""
    reason: str
    """What is wrong and how to fix it, in French."""
    cells: tuple[object, ...]
    """The row as read, to copy into a rejects file."""

    def __str__(self) -> str:
        column = f", colonne « {self.column} »" if self.column else ""
        return f"{self.where}{column} : {self.reason}"


@attrs.frozen
class PlanRegister:
    """A register as read: its actions, its rejected rows, and what the reading noticed.

    Examples:
        >>> register = read_plan("examples/loire-atlantique-2022/plan.xlsx")
        >>> len(register.actions), register.rejects, register.summary_rows
        (135, (), 1)
    """

    path: Path
    header: tuple[str, ...]
    actions: tuple[Action, ...]
    rejects: tuple[RejectedAction, ...]
    notes: tuple[str, ...]
    """Sheets read, header row, summary rows skipped, duplicate numbers…"""
    places: Mapping[str, str] = attrs.field(factory=dict)
    """Where each action's row is, by its number (``plan.xlsx[2022]:14``)."""
    blank_rows: int = 0
    """Empty rows skipped (they are not actions)."""
    summary_rows: int = 0
    """Summary rows (« Total »…) skipped, each named in :attr:`notes`."""


def plan_layout(columns: PlanColumns | None = None) -> TableLayout:
    """How a register is laid out: its « Action » column marks the header.

    Examples:
        >>> plan_layout().marker, plan_layout().dated
        ('Action', False)
    """
    columns = columns or PlanColumns()
    return TableLayout(
        marker=columns.title,
        roles=frozenset(normalize(getattr(columns, name)) for name in PlanColumns.model_fields),
        settings="[plan.columns]",
        records="des actions",
        output="le plan",
        dated=False,
        error=PlanFileError,
    )


_REQUIRED = ("title", "status", "module")


def read_plan(
    path: str | Path,
    definitions: Definitions | None = None,
    *,
    sheet: str | Sequence[str] | None = None,
) -> PlanRegister:
    r"""Read a plan d'amélioration register: its actions and its rejected rows.

    ``definitions`` give the modules and engagements an action may name, and the
    ``[plan]`` settings; without them, the shipped référentiel and settings.

    Raises:
        PlanFileError: the file has no header row, lacks a required column, or is
            unreadable.
        OSError: the file cannot be opened.

    Examples:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "plan.csv"
        >>> _ = path.write_text(
        ...     "N°;Action;Module;Statut;Date de réalisation\n"
        ...     "1;Boucle auditive;1;fait;30/09/2022\n2;SVI;Module 1;en cours;\n"
        ...     "3;Affiche;9;à faire;\n", encoding="utf-8")
        >>> register = read_plan(path)
        >>> [(a.number, a.status.value, a.module) for a in register.actions]
        [('1', 'fait', 1), ('2', 'en_cours', 1)]
        >>> print(register.rejects[0])  # doctest: +ELLIPSIS
        /.../plan.csv:4, colonne « Module » : module inconnu « 9 » : ...
    """
    path = Path(path)
    settings = (definitions.plan if definitions else None) or default_plan()
    referentiel = definitions.referentiel if definitions else load_referentiel()
    columns = settings.columns
    with open_table(path, plan_layout(columns), sheet=sheet) as table:
        positions = _positions(table.header, columns)
        missing = [getattr(columns, role) for role in _REQUIRED if role not in positions]
        if missing:
            names = ", ".join(f"« {name} »" for name in missing)
            msg = (
                f"{table.where(table.header_row)} : colonne(s) {names} absente(s) de l'en-tête "
                f"(lu : {', '.join(table.header)}) — ajoutez-la(les), ou indiquez son nom "
                "dans [plan.columns]"
            )
            raise PlanFileError(msg)
        reader = _RowReader(settings, referentiel, positions)
        actions: list[Action] = []
        rejects: list[RejectedAction] = []
        places: dict[str, str] = {}
        notes: list[str] = []
        for row, cells in table.rows:
            where = table.where(row)
            found = reader.action(row, cells)
            if isinstance(found, Action):
                if found.number in places:
                    notes.append(
                        f"{where} : le numéro {found.number} est déjà celui de la ligne "
                        f"{places[found.number]} ; les deux actions sont comptées"
                    )
                else:
                    places[found.number] = where
                actions.append(found)
            else:
                column, reason = found
                name = getattr(columns, column) if column else None
                rejects.append(RejectedAction(where, name, reason, tuple(cells)))
        return PlanRegister(
            path=path,
            header=tuple(table.header),
            actions=tuple(actions),
            rejects=tuple(rejects),
            notes=(*table.notes(), *notes),
            places=places,
            blank_rows=table.blank_lines,
            summary_rows=len(table.summary_rows),
        )


def _positions(header: Sequence[str], columns: PlanColumns) -> dict[str, int]:
    """Where each role's column is (the first one, when a name is repeated)."""
    found: dict[str, int] = {}
    plain = [normalize(name) for name in header]
    for role in PlanColumns.model_fields:
        name = normalize(getattr(columns, role))
        if name in plain:
            found[role] = plain.index(name)
    return found


_MODULE = re.compile(r"^(?:module|mod|m)?\s*(\d{1,2})(?:\s.*)?$")
_ENGAGEMENT = re.compile(r"^(?:engagement|eng|e)?\s*(\d{1,3})(?:\s.*)?$")
_PILOTAGE = ("pilotage", "pilotage de la demarche", "demarche qualite", "transverse")
_Rejected = tuple[str | None, str]


@attrs.frozen
class _Problem:
    """What is wrong with a cell (its column is the caller's)."""

    reason: str


class _RowReader:
    """Reads one row into an action, or says which column is wrong and why."""

    def __init__(
        self, settings: PlanSettings, referentiel: Referentiel, positions: Mapping[str, int]
    ) -> None:
        self.settings = settings
        self.positions = positions
        self.modules = {module.number for module in referentiel.modules}
        self.engagements = {e.number: e.module for e in referentiel.engagements}

    def cell(self, cells: Sequence[Any], role: str) -> Any:
        index = self.positions.get(role)
        if index is None or index >= len(cells):
            return None
        value = cells[index]
        return None if blank(value) else value

    def action(self, row: int, cells: Sequence[Any]) -> Action | _Rejected:
        title = self.cell(cells, "title")
        if title is None:
            return "title", "action sans intitulé : décrivez-la, ou supprimez la ligne"
        found: dict[str, Any] = {
            "status": self._status(self.cell(cells, "status")),
            "module": self._module(self.cell(cells, "module")),
            "source": self._source(self.cell(cells, "source")),
        }
        found["engagement"] = self._engagement(self.cell(cells, "engagement"), found["module"])
        for role in ("created", "due", "done"):
            found[role] = self._day(self.cell(cells, role))
        for role, value in found.items():
            if isinstance(value, _Problem):
                return role, value.reason
        number = self.cell(cells, "number")
        try:
            return Action(
                number=_text(number) if number is not None else f"ligne {row}",
                title=_text(title),
                pilot=_text(self.cell(cells, "pilot") or ""),
                **found,
            )
        except PlanError as error:
            return None, str(error)

    def _status(self, cell: Any) -> ActionStatus | _Problem:
        if cell is None:
            return _Problem("statut manquant : " + self._statuses())
        status = self.settings.status_of(str(cell))
        if status is None:
            return _Problem(f"statut inconnu « {cell} » : {self._statuses()}")
        return status

    def _statuses(self) -> str:
        return ", ".join(self.settings.status_words()) + " (ou un mot ajouté sous [plan.statuses])"

    def _module(self, cell: Any) -> int | _Problem | None:
        known = f"{', '.join(map(str, sorted(self.modules)))} ou « Pilotage »"
        if cell is None:
            return _Problem(f"module manquant : {known}")
        number = _number(cell, _MODULE)
        if number is None and normalize(str(cell)) in _PILOTAGE:
            return None
        if number is None or number not in self.modules:
            return _Problem(f"module inconnu « {cell} » : {known}")
        return number

    def _source(self, cell: Any) -> str | _Problem | None:
        if cell is None:
            return None
        source = self.settings.source_of(str(cell))
        if source is not None:
            return source
        labels = [self.settings.source_label(s) for s in self.settings.sources]
        hint = did_you_mean(str(cell).lower(), [label.lower() for label in labels])
        return _Problem(
            f"source inconnue « {cell} »{hint} ; sources : {', '.join(labels)} (ou ajoutez le "
            "mot sous [plan.sources])"
        )

    def _engagement(self, cell: Any, module: object) -> int | _Problem | None:
        if cell is None:
            return None
        number = _number(cell, _ENGAGEMENT)
        if number is None or number not in self.engagements:
            return _Problem(
                f"engagement inconnu « {cell} » : un numéro d'engagement du référentiel"
            )
        if isinstance(module, int) and self.engagements[number] != module:
            return _Problem(
                f"l'engagement {number} relève du module {self.engagements[number]}, pas du "
                f"module {module} : corrigez l'un ou l'autre"
            )
        return number

    @staticmethod
    def _day(cell: Any) -> dt.date | _Problem | None:
        if cell is None:
            return None
        try:
            return parse_day(cell)
        except MomentError as error:
            return _Problem(f"date illisible « {cell} » : {error}")


def _number(cell: Any, pattern: re.Pattern[str]) -> int | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else None
    found = pattern.match(normalize(str(cell)))
    return int(found.group(1)) if found else None


def _text(cell: Any) -> str:
    return str(cell).strip()  # a workbook's whole numbers are ints already (table_files)
