"""Tracking files in: the table reader told what a tracking file's columns are.

The reading itself (header found among the first rows, CSV encodings and separators,
workbooks of several sheets, summary and empty rows set apart and counted) is
:func:`qualepref.table_files.open_table`'s; this module gives it the receipt-date column
as the header's marker, the columns of ``[tracking.columns]`` as those that must not be
named twice, and :class:`TrackingError` as its error.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qualepref.referentiel.tracking_settings import Columns
from qualepref.table_files import TableFile, TableLayout, open_table
from qualepref.tracking.tracker import TrackingError
from qualepref.words import normalize

__all__ = ["TrackingFile", "open_tracking_file", "role_names", "tracking_layout"]

TrackingFile = TableFile
"""An open tracking file: a :class:`~qualepref.table_files.TableFile`."""


def role_names(columns: Columns) -> frozenset[str]:
    """The columns qualepref reads, normalized: those of ``columns`` and their numbered kin.

    Examples:
        >>> sorted(role_names(Columns()))[:3]
        ['canal', 'date de reception', 'date de rendez vous proposee']
    """
    names = {normalize(getattr(columns, name)) for name in Columns.model_fields}
    for name in (columns.answered, columns.reply_kind, columns.answered_time):
        names.update(normalize(f"{name} {number}") for number in range(2, 10))
    return frozenset(names)


def tracking_layout(columns: Columns | None = None) -> TableLayout:
    """How a tracking file is laid out: its receipt-date column marks the header.

    Examples:
        >>> tracking_layout().marker, tracking_layout().settings
        ('Date de réception', '[tracking.columns]')
    """
    columns = columns or Columns()
    return TableLayout(
        marker=columns.received,
        roles=role_names(columns),
        settings="[tracking.columns]",
        records="des demandes",
        output="les délais",
        error=TrackingError,
    )


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

    Examples:
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
    return open_table(path, tracking_layout(columns), sheet=sheet)
