"""What a register's command says once it has read the register: notes, rejects, files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from qualepref.register_files import RejectedRow, write_rejects

__all__ = ["SHOWN_REJECTS", "report_reading"]

SHOWN_REJECTS = 5
"""How many rejects are shown on the terminal; the rejects file has them all."""


def report_reading(  # noqa: PLR0913 - what a reading produced, and where it goes
    stream: TextIO,
    *,
    notes: Sequence[str],
    header: Sequence[str],
    rejects: Sequence[RejectedRow],
    read: int,
    rejects_path: Path,
    written: Sequence[str],
) -> None:
    r"""Write the notes, the first rejects and the totals; write the rejects file if any.

    Examples:
        >>> import io, tempfile, pathlib
        >>> stream = io.StringIO()
        >>> report_reading(stream, notes=["feuilles lues : 2022"], header=["Agent"], rejects=[],
        ...                read=3, rejects_path=pathlib.Path("r.csv"), written=["sortie.csv"])
        >>> print(stream.getvalue(), end="")
        note : feuilles lues : 2022
        3 ligne(s) lue(s), 0 rejetée(s) ; écrit : sortie.csv
    """
    for note in notes:
        stream.write(f"note : {note}\n")
    if rejects:
        write_rejects(rejects_path, header, rejects)
        for reject in rejects[:SHOWN_REJECTS]:
            stream.write(f"rejet : {reject}\n")
        if len(rejects) > SHOWN_REJECTS:
            stream.write(f"… et {len(rejects) - SHOWN_REJECTS} autre(s)\n")
        stream.write(f"{len(rejects)} ligne(s) rejetée(s) : {rejects_path}\n")
    files = f" ; écrit : {', '.join(written)}" if written else ""
    stream.write(f"{read} ligne(s) lue(s), {len(rejects)} rejetée(s){files}\n")
