"""Tracking a whole file in one call: read it, measure every row, count, and measure.

:func:`track_file` is what ``qualepref track`` does, for a script: it opens the file (CSV
or workbook), builds the tracker from the definitions, the département and the closures,
measures every record and returns them with the count and the monthly measurements. It
holds every row in memory; to stream a file of millions of rows, use :class:`Tracker`
and :func:`~qualepref.tracking.reading.open_tracking_file` as ``track_file`` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from qualepref.calendar import WorkingCalendar
from qualepref.errors import QualeprefError
from qualepref.evaluation import Observation
from qualepref.public_holidays import Closure
from qualepref.referentiel.container import Definitions
from qualepref.referentiel.loading import (
    catalogue_definitions,
    load_definitions,
)
from qualepref.referentiel.tracking_settings import default_tracking
from qualepref.tracking.reading import open_tracking_file
from qualepref.tracking.tallies import Summary, Tally
from qualepref.tracking.tracker import TrackedRow, Tracker

__all__ = ["TrackedFile", "track_file"]


@attrs.frozen
class TrackedFile:
    """What :func:`track_file` found: each record's outcome, the count, the measurements.

    Examples:
        >>> import datetime as dt
        >>> tracked = track_file("tests/data/tracking/suivi-janvier.csv", departement="44",
        ...                      as_of=dt.date(2022, 2, 1))
        >>> tracked.path.name, tracked.summary.read == len(tracked.rows), tracked.blank_lines
        ('suivi-janvier.csv', True, 1)
    """

    path: Path
    """The file read."""
    header: tuple[str, ...]
    """Its columns, as named in the file."""
    rows: tuple[TrackedRow, ...]
    """Every record's outcome, in file order (rejected ones with their reason)."""
    summary: Summary
    """The count: read = measured + excluded + rejected + summary rows."""
    observations: tuple[Observation, ...]
    """The monthly measurements of each flow, as ``qualepref dashboard`` reads them."""
    notes: tuple[str, ...]
    """What the reading did: sheets read and skipped, header row, summary rows."""
    blank_lines: int
    """Empty rows skipped."""


def track_file(  # noqa: PLR0913 - a file and how to read it, all keywords
    path: str | Path,
    *,
    as_of: dt.date,
    departement: str | None = None,
    definitions: Definitions | str | Path | None = None,
    closures: Iterable[dt.date | Closure] = (),
    cutoff: dt.time | None = None,
    sheets: Sequence[str] | None = None,
) -> TrackedFile:
    """Track every record of a tracking file, as ``qualepref track`` does.

    Args:
        path: a CSV file or a workbook (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``).
        as_of: the day unanswered requests are judged on (no hidden « today »).
        departement: whose holidays count; by default the definitions' ``[prefecture]``.
        definitions: the préfecture's definitions (a file, or loaded); by default the
            catalogue with every module and the shipped tracking settings.
        closures: the préfecture's closed days, beside those of the definitions.
        cutoff: the hour from which a receipt counts for the next jour ouvré.
        sheets: the workbook's sheets to read; by default every sheet with a header.

    Raises:
        QualeprefError: no département, unreadable definitions or file, a flow that
            does not fit the definitions; the message says which and how to fix it.

    Examples:
        >>> import datetime as dt
        >>> tracked = track_file("examples/suivi-2022/suivi-2022.csv",
        ...                      definitions="examples/suivi-2022/definitions.toml",
        ...                      as_of=dt.date(2023, 1, 6))
        >>> tracked.summary.read == len(tracked.rows), tracked.rows[0].status.value
        (True, 'dans_le_delai')
        >>> sorted({o.indicator for o in tracked.observations})[:2]
        ['collectivites_courriels_5j', 'collectivites_courriers_15j']
    """
    if definitions is None:
        definitions = catalogue_definitions()
    elif not isinstance(definitions, Definitions):
        definitions = load_definitions(definitions)
    settings = definitions.tracking or default_tracking()
    if departement is None and definitions.prefecture is not None:
        departement = definitions.prefecture.departement
    if departement is None:
        msg = (
            "indiquez le département (departement='44') ou [prefecture] departement dans le "
            "fichier de définitions : il décide des jours fériés"
        )
        raise QualeprefError(msg)
    calendar = WorkingCalendar.for_departement(departement, [*settings.closure_days(), *closures])
    tracker = Tracker(definitions, settings, calendar, as_of, cutoff)
    tally = Tally(tracker)
    found: list[TrackedRow] = []
    with open_tracking_file(path, sheet=sheets, columns=settings.columns) as tracking:
        rows = tracker.for_header(tracking.header)
        for line, cells in tracking.rows:
            row = rows.track(cells, line)
            tally.add(row)
            found.append(row)
        tally.summary.count_summary_rows(len(tracking.summary_rows))
        return TrackedFile(
            Path(path),
            tuple(tracking.header),
            tuple(found),
            tally.summary,
            tuple(tally.observations()),
            tuple(tracking.notes()),
            tracking.blank_lines,
        )
