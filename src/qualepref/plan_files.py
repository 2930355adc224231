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

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from qualepref.errors import QualeprefError
from qualepref.improvement_plan import Action, ActionStatus, PlanError
from qualepref.referentiel.container import Definitions, Referentiel
from qualepref.referentiel.issues import did_you_mean
from qualepref.referentiel.loading import load_referentiel
from qualepref.referentiel.plan_settings import PlanColumns, PlanSettings, default_plan
from qualepref.register_files import (
    CellProblem,
    RejectedRow,
    Row,
    day_cell,
    number_cell,
    read_register,
    register_layout,
)
from qualepref.table_files import TableLayout
from qualepref.words import normalize

__all__ = ["PlanFileError", "PlanRegister", "RejectedAction", "plan_layout", "read_plan"]


class PlanFileError(QualeprefError):
    """A register that cannot be read at all (not one bad row): file, header, columns."""


RejectedAction = RejectedRow
"""A row of the register that is not an action, with why."""


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
    rejects: tuple[RejectedRow, ...]
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
    return register_layout(
        columns or PlanColumns(),
        "title",
        settings="[plan.columns]",
        records="des actions",
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
    settings = (definitions.plan if definitions else None) or default_plan()
    referentiel = definitions.referentiel if definitions else load_referentiel()
    columns = settings.columns
    reader = _RowReader(settings, referentiel)
    register = read_register(
        path, plan_layout(columns), columns, _REQUIRED, reader.action, sheet=sheet
    )
    places: dict[str, str] = {}
    notes: list[str] = []
    for action, row in zip(register.records, register.rows, strict=True):
        if action.number in places:
            notes.append(
                f"{row.where} : le numéro {action.number} est déjà celui de la ligne "
                f"{places[action.number]} ; les deux actions sont comptées"
            )
        else:
            places[action.number] = row.where
    return PlanRegister(
        path=register.path,
        header=register.header,
        actions=register.records,
        rejects=register.rejects,
        notes=(*register.notes, *notes),
        places=places,
        blank_rows=register.blank_rows,
        summary_rows=register.summary_rows,
    )


_MODULE = re.compile(r"^(?:module|mod|m)?\s*(\d{1,2})(?:\s.*)?$")
_ENGAGEMENT = re.compile(r"^(?:engagement|eng|e)?\s*(\d{1,3})(?:\s.*)?$")
_PILOTAGE = ("pilotage", "pilotage de la demarche", "demarche qualite", "transverse")


class _RowReader:
    """Reads one row into an action, or says which column is wrong and why."""

    def __init__(self, settings: PlanSettings, referentiel: Referentiel) -> None:
        self.settings = settings
        self.modules = {module.number for module in referentiel.modules}
        self.engagements = {e.number: e.module for e in referentiel.engagements}

    def action(self, row: Row) -> Action | CellProblem:
        title = row.cell("title")
        if title is None:
            return CellProblem("action sans intitulé : décrivez-la, ou supprimez la ligne", "title")
        found: dict[str, Any] = {
            "status": self._status(row.cell("status")),
            "module": self._module(row.cell("module")),
            "source": self._source(row.cell("source")),
        }
        found["engagement"] = self._engagement(row.cell("engagement"), found["module"])
        for role in ("created", "due", "done"):
            found[role] = day_cell(row.cell(role))
        for role, value in found.items():
            if isinstance(value, CellProblem):
                return CellProblem(value.reason, role)
        number = row.cell("number")
        try:
            return Action(
                number=_text(number) if number is not None else f"ligne {row.number}",
                title=_text(title),
                pilot=_text(row.cell("pilot") or ""),
                **found,
            )
        except PlanError as error:
            return CellProblem(str(error))

    def _status(self, cell: Any) -> ActionStatus | CellProblem:
        if cell is None:
            return CellProblem("statut manquant : " + self._statuses())
        status = self.settings.status_of(str(cell))
        if status is None:
            return CellProblem(f"statut inconnu « {cell} » : {self._statuses()}")
        return status

    def _statuses(self) -> str:
        return ", ".join(self.settings.status_words()) + " (ou un mot ajouté sous [plan.statuses])"

    def _module(self, cell: Any) -> int | CellProblem | None:
        known = f"{', '.join(map(str, sorted(self.modules)))} ou « Pilotage »"
        if cell is None:
            return CellProblem(f"module manquant : {known}")
        number = number_cell(cell, _MODULE)
        if number is None and normalize(str(cell)) in _PILOTAGE:
            return None
        if number is None or number not in self.modules:
            return CellProblem(f"module inconnu « {cell} » : {known}")
        return number

    def _source(self, cell: Any) -> str | CellProblem | None:
        if cell is None:
            return None
        source = self.settings.source_of(str(cell))
        if source is not None:
            return source
        labels = [self.settings.source_label(s) for s in self.settings.sources]
        hint = did_you_mean(str(cell).lower(), [label.lower() for label in labels])
        return CellProblem(
            f"source inconnue « {cell} »{hint} ; sources : {', '.join(labels)} (ou ajoutez le "
            "mot sous [plan.sources])"
        )

    def _engagement(self, cell: Any, module: object) -> int | CellProblem | None:
        if cell is None:
            return None
        number = number_cell(cell, _ENGAGEMENT)
        if number is None or number not in self.engagements:
            return CellProblem(
                f"engagement inconnu « {cell} » : un numéro d'engagement du référentiel"
            )
        if isinstance(module, int) and self.engagements[number] != module:
            return CellProblem(
                f"l'engagement {number} relève du module {self.engagements[number]}, pas du "
                f"module {module} : corrigez l'un ou l'autre"
            )
        return number


def _text(cell: Any) -> str:
    return str(cell).strip()  # a workbook's whole numbers are ints already (table_files)
