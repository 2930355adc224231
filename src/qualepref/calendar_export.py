"""The calendar as a dimension table: one row per département and day, for any engine.

``qualepref calendar --export jours.parquet`` writes it; DuckDB, polars or Spark then
compute délais and due dates with two look-ups, exactly as :class:`~qualepref.Deadline`
does (``docs/calendar.md`` gives the SQL). The columns are
:data:`~qualepref.calendar.CALENDAR_COLUMNS`:

- ``departement``: the INSEE code (``"44"``, ``"2A"``, ``"974"``);
- ``date``;
- ``ouvre``: whether the day is a jour ouvré;
- ``rang``: the number of jours ouvrés from 1 January 1950 up to the day included, so
  that a délai is ``rang(answer) − rang(day 0)`` and a due date the jour ouvré whose
  ``rang`` is ``rang(day 0) + n``;
- ``libelle``: the holiday's or closure's name (empty on other days);
- ``nature``: ``légal``, ``coutumier`` or ``fermeture`` (empty on other days).

A Parquet file (``pyarrow``, extra ``arrow``) is written one row group per département;
a CSV file is ``;``-separated UTF-8 with a BOM, dates in ISO form, ``ouvre`` as
``true``/``false`` (what every engine reads as a boolean), names written as text. Both
are written whole or not at all.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from qualepref.calendar import CALENDAR_COLUMNS, WorkingCalendar, arrow_schema
from qualepref.departements import departement, departements
from qualepref.errors import QualeprefError
from qualepref.output_files import atomic_path
from qualepref.public_holidays import Closure
from qualepref.spreadsheet_text import inert

__all__ = [
    "TABLE_FORMATS",
    "calendar_table",
    "export_calendars",
    "parse_departements",
    "write_calendar_table",
]

TABLE_FORMATS = {".parquet": "parquet", ".csv": "csv"}
"""The files the calendar table is written to, by extension."""


def parse_departements(text: str) -> list[str]:
    """The départements an export asks for: ``all`` (« tous ») or codes separated by commas.

    Raises:
        UnknownDepartementError: a code is not a département with a préfecture.

    Examples:
        >>> parse_departements("44, 57,974")
        ['44', '57', '974']
        >>> len(parse_departements("all")), parse_departements("tous")[:2]
        (104, ['01', '02'])
    """
    if text.strip().lower() in {"all", "tous", "toutes"}:
        return [item.code for item in departements()]
    codes = [part.strip() for part in text.split(",") if part.strip()]
    found: list[str] = []
    for code in codes:
        normal = departement(code).code
        if normal not in found:
            found.append(normal)
    return found


def export_calendars(
    codes: Sequence[str],
    closures: Iterable[dt.date | Closure] = (),
    *,
    pentecost_monday_worked: bool = False,
    include_customary: bool = False,
) -> list[WorkingCalendar]:
    """The calendars of ``codes``, each with the same closures and options.

    Examples:
        >>> [str(c.departement.code) for c in export_calendars(["44", "57"])]
        ['44', '57']
    """
    days = list(closures)
    return [
        WorkingCalendar.for_departement(
            code,
            days,
            pentecost_monday_worked=pentecost_monday_worked,
            include_customary=include_customary,
        )
        for code in codes
    ]


def _pyarrow() -> Any:
    try:
        import pyarrow as pa  # noqa: PLC0415 - an optional dependency
    except ImportError:  # pragma: no cover - the test extra installs it
        msg = "une table Parquet ou Arrow demande pyarrow : pip install 'qualepref[arrow]'"
        raise QualeprefError(msg) from None
    return pa


def calendar_table(calendars: Iterable[WorkingCalendar], first: dt.date, last: dt.date) -> Any:
    """The calendars' days from ``first`` to ``last`` as one Arrow table, in their order.

    Examples:
        >>> import datetime as dt
        >>> table = calendar_table(export_calendars(["44", "57"]), dt.date(2026, 1, 1),
        ...                        dt.date(2026, 12, 31))
        >>> table.num_rows, table.column("departement").unique().to_pylist()
        (730, ['44', '57'])
    """
    pa = _pyarrow()
    schema = arrow_schema(pa)
    parts = [pa.table(c.day_columns(first, last), schema=schema) for c in calendars]
    return pa.concat_tables(parts) if parts else schema.empty_table()


def write_calendar_table(
    path: str | Path, calendars: Sequence[WorkingCalendar], first: dt.date, last: dt.date
) -> int:
    """Write the calendar table to ``path`` (``.parquet`` or ``.csv``); return its rows.

    Raises:
        QualeprefError: an unknown extension, or pyarrow missing for Parquet.

    Examples:
        >>> import datetime as dt, tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "jours.csv"
        >>> write_calendar_table(target, export_calendars(["974"]), dt.date(2026, 12, 19),
        ...                      dt.date(2026, 12, 21))
        3
        >>> print(target.read_text(encoding="utf-8-sig"), end="")
        departement;date;ouvre;rang;libelle;nature
        974;2026-12-19;false;19399;;
        974;2026-12-20;false;19399;Abolition de l'esclavage;légal
        974;2026-12-21;true;19400;;
    """
    path = Path(path)
    kind = TABLE_FORMATS.get(path.suffix.lower())
    if kind is None:
        msg = f"{path} : la table du calendrier s'écrit en .parquet ou en .csv"
        raise QualeprefError(msg)
    if kind == "parquet":
        return _write_parquet(path, calendars, first, last)
    rows = 0
    with atomic_path(path) as partial, partial.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(CALENDAR_COLUMNS)
        for calendar in calendars:
            columns = calendar.day_columns(first, last)
            for code, day, working, rank, name, nature in zip(
                *(columns[name] for name in CALENDAR_COLUMNS), strict=True
            ):
                writer.writerow(
                    (
                        code,
                        day.isoformat(),
                        "true" if working else "false",
                        rank,
                        "" if name is None else inert(name),
                        nature or "",
                    )
                )
            rows += len(columns["date"])
    return rows


def _write_parquet(
    path: Path, calendars: Sequence[WorkingCalendar], first: dt.date, last: dt.date
) -> int:
    pa = _pyarrow()
    import pyarrow.parquet as pq  # noqa: PLC0415 - an optional dependency

    schema = arrow_schema(pa)
    rows = 0
    with atomic_path(path) as partial, pq.ParquetWriter(partial, schema) as writer:
        for calendar in calendars:
            part = pa.table(calendar.day_columns(first, last), schema=schema)
            writer.write_table(part)
            rows += part.num_rows
    return rows
