"""The pilotage register in: what happened, when (a COPIL held, the poster updated, the label).

A CSV file or a workbook, one row per event, with the columns « Date », « Obligation »
and « Observation » (optional); the header row is the one holding « Obligation ». The
obligation is written as referents write it (« Réunion du COPIL », « Label obtenu »,
« Audit de suivi »): the words of ``qualepref/data/obligations.toml``, and those the
definitions file adds under ``[obligations.<id>] words``. A row that names no known
obligation, or has no readable date, is rejected with its reason; nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs

from qualepref.errors import QualeprefError
from qualepref.obligations import Event
from qualepref.referentiel.issues import did_you_mean
from qualepref.referentiel.obligation_settings import ObligationSettings
from qualepref.register_files import (
    CellProblem,
    Register,
    Row,
    day_cell,
    read_register,
    register_layout,
)

__all__ = ["PILOTAGE_COLUMNS", "PilotageFileError", "read_pilotage"]

PILOTAGE_COLUMNS = {"kind": "Obligation", "day": "Date", "note": "Observation"}
"""The pilotage register's columns, by role."""


class PilotageFileError(QualeprefError):
    """A pilotage register that cannot be read at all: file, header, columns."""


@attrs.frozen
class _Reader:
    settings: ObligationSettings

    def read(self, row: Row) -> Event | CellProblem:
        kind_cell = row.cell("kind")
        if kind_cell is None:
            return CellProblem("obligation manquante : COPIL, CLU, bilan annuel…", "kind")
        kind = self.settings.kind_of(str(kind_cell))
        if kind is None:
            words = [word for found in self.settings.words.values() for word in found]
            hint = did_you_mean(str(kind_cell).lower(), words)
            known = ", ".join(self.settings.words)
            return CellProblem(
                f"obligation inconnue « {kind_cell} »{hint} ; connues : {known} (ou ajoutez "
                "le mot sous [obligations.<id>] words)",
                "kind",
            )
        day = day_cell(row.cell("day"))
        if day is None:
            return CellProblem("date manquante : quand cela a-t-il eu lieu ?", "day")
        if isinstance(day, CellProblem):
            return CellProblem(day.reason, "day")
        note = row.cell("note")
        return Event(kind, day, "" if note is None else str(note).strip(), row.where)


def read_pilotage(
    path: str | Path,
    settings: ObligationSettings,
    *,
    sheet: str | Sequence[str] | None = None,
) -> Register[Event]:
    r"""Read a pilotage register: each row an event, or a reject with its reason.

    Raises:
        PilotageFileError: no header row, a required column missing, or unreadable.
        OSError: the file cannot be opened.

    Examples:
        >>> import tempfile, pathlib
        >>> from qualepref.referentiel.obligation_settings import default_obligations
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "pilotage.csv"
        >>> _ = path.write_text("Date;Obligation;Observation\n15/03/2022;Réunion du COPIL;\n"
        ...                     "27/10/2022;Label obtenu;SOCOTEC\n;CLU;\n", encoding="utf-8")
        >>> register = read_pilotage(path, default_obligations())
        >>> [(e.kind, str(e.day)) for e in register.records]
        [('copil', '2022-03-15'), ('labellisation', '2022-10-27')]
        >>> register.rejects[0].reason
        'date manquante : quand cela a-t-il eu lieu ?'
    """
    layout = register_layout(
        PILOTAGE_COLUMNS,
        "kind",
        settings="docs/echeancier.md (colonnes Date, Obligation, Observation)",
        records="des événements",
        error=PilotageFileError,
    )
    return read_register(
        path, layout, PILOTAGE_COLUMNS, ("kind", "day"), _Reader(settings).read, sheet=sheet
    )
