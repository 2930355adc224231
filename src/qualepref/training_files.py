"""The training register in: one row per agent and role, checked, or rejected with its reason.

The register is the table the référente qualité keeps with the service of human
resources: for each agent and role, the prise de poste, the last training and its theme,
the tutorat begun, the training planned (Isère's « tableau de suivi », bilan 2022). Its
header row is the one holding the « Agent » column; « Rôle » is required too, and each
row needs a prise de poste or a last training (``[training.columns]`` renames any
column).

Every row is an :class:`~qualepref.training.Assignment` or a reject with its place and
its reason: an unknown role, an unreadable date, no date to count from, a tutorat before
the prise de poste. Nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qualepref.errors import QualeprefError
from qualepref.referentiel.container import Definitions
from qualepref.referentiel.training_settings import (
    TrainingColumns,
    TrainingSettings,
    default_training,
)
from qualepref.register_files import (
    CellProblem,
    Register,
    Row,
    day_cell,
    read_register,
    register_layout,
)
from qualepref.table_files import TableLayout
from qualepref.training import Assignment, TrainingError

__all__ = ["TrainingFileError", "read_training", "training_layout"]


class TrainingFileError(QualeprefError):
    """A register that cannot be read at all (not one bad row): file, header, columns."""


def training_layout(columns: TrainingColumns | None = None) -> TableLayout:
    """How a training register is laid out: its « Agent » column marks the header.

    Examples:
        >>> training_layout().marker, training_layout().settings
        ('Agent', '[training.columns]')
    """
    return register_layout(
        columns or TrainingColumns(),
        "agent",
        settings="[training.columns]",
        records="des agents",
        error=TrainingFileError,
    )


def read_training(
    path: str | Path,
    definitions: Definitions | None = None,
    *,
    sheet: str | Sequence[str] | None = None,
) -> Register[Assignment]:
    r"""Read a training register: one assignment per agent and role, and the rejects.

    ``definitions`` give the ``[training]`` settings (columns, roles); without them,
    the shipped ones.

    Raises:
        TrainingFileError: the file has no header row, lacks a required column, or is
            unreadable.
        OSError: the file cannot be opened.

    Examples:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "formations.csv"
        >>> _ = path.write_text(
        ...     "Agent;Service;Rôle;Prise de poste;Dernière formation\n"
        ...     "A12;Accueil;Accueil physique;01/09/2021;\n"
        ...     "B07;CERT;CERT (fraude);;15/03/2019\n"
        ...     "C33;Accueil;Cuisine;01/01/2020;\n", encoding="utf-8")
        >>> register = read_training(path)
        >>> [(a.agent, a.role) for a in register.records]
        [('A12', 'accueil_physique'), ('B07', 'cert_fraude')]
        >>> print(register.rejects[0])  # doctest: +ELLIPSIS
        /.../formations.csv:4, colonne « Rôle » : rôle inconnu « Cuisine » : ...
    """
    settings = (definitions.training if definitions else None) or default_training()
    columns = settings.columns
    reader = _RowReader(settings)
    return read_register(
        path, training_layout(columns), columns, ("agent", "role"), reader.read, sheet=sheet
    )


class _RowReader:
    """Reads one row into an assignment, or says which column is wrong and why."""

    def __init__(self, settings: TrainingSettings) -> None:
        self.settings = settings

    def read(self, row: Row) -> Assignment | CellProblem:
        agent = row.cell("agent")
        if agent is None:
            return CellProblem("agent sans nom : indiquez son matricule ou ses initiales", "agent")
        role = self._role(row.cell("role"))
        if isinstance(role, CellProblem):
            return CellProblem(role.reason, "role")
        days: dict[str, Any] = {}
        for name in ("started", "last_training", "tutorat", "planned"):
            day = day_cell(row.cell(name))
            if isinstance(day, CellProblem):
                return CellProblem(day.reason, name)
            days[name] = day
        try:
            return Assignment(
                agent=str(agent).strip(),
                role=role,
                service=str(row.cell("service") or "").strip(),
                theme=str(row.cell("theme") or "").strip(),
                **days,
            )
        except TrainingError as error:
            return CellProblem(str(error))

    def _role(self, cell: Any) -> str | CellProblem:
        known = ", ".join(self.settings.labels().values())
        if cell is None:
            return CellProblem(f"rôle manquant : {known}")
        role = self.settings.role_of(str(cell))
        if role is None:
            return CellProblem(
                f"rôle inconnu « {cell} » : {known} (ou ajoutez le mot sous [training.roles])"
            )
        return role
