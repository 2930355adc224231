"""Délais in jours ouvrés with DuckDB, on the calendar of a préfecture: the SQL recipe.

DuckDB has no business-day functions; a table of days does the job. Each day gets
``ouvre`` (a jour ouvré or not) and ``rang``, the number of jours ouvrés up to and
including it, which is the calendar's own prefix table. Then, for days ``a`` and ``b``:

- ``working_days_between(a, b)`` (which counts ``(a, b]``) is ``rang(b) - rang(a)``;
- ``add_working_days(a, n)`` is the jour ouvré whose ``rang`` is ``rang(a) + n``.

The days off come from :meth:`qualepref.WorkingCalendar.holidays_between`, so the SQL
gives the same délais as ``qualepref track`` (``tests/test_columnar_recipes.py`` checks
it on random receipts over many calendars).

The input table has ``recu`` (a local ``TIMESTAMP``, or a ``DATE`` for letters dated
without a time), ``repondu`` (the first reply that counts; ``NULL`` while unanswered)
and ``delai`` (jours ouvrés).
"""

from __future__ import annotations

import datetime as dt

import duckdb

from qualepref import WorkingCalendar


def load_calendar(
    connection: duckdb.DuckDBPyConnection,
    calendar: WorkingCalendar,
    first: dt.date,
    last: dt.date,
) -> None:
    """Create the table ``jours(jour, ouvre, rang)`` from ``first`` to ``last``.

    Leave a margin after the last receipt: due dates fall up to a few weeks later.
    """
    connection.execute("CREATE OR REPLACE TEMP TABLE feries (jour DATE PRIMARY KEY)")
    connection.executemany(
        "INSERT INTO feries VALUES (?)",
        [(holiday.date,) for holiday in calendar.holidays_between(first, last)],
    )
    connection.execute(
        """
        CREATE OR REPLACE TEMP TABLE jours AS
        SELECT jour, ouvre, SUM(CAST(ouvre AS INTEGER)) OVER (ORDER BY jour) AS rang
        FROM (
            SELECT CAST(g AS DATE) AS jour,
                   isodow(g) <= 5 AND CAST(g AS DATE) NOT IN (SELECT jour FROM feries) AS ouvre
            FROM generate_series(CAST(? AS DATE), CAST(? AS DATE), INTERVAL 1 DAY) AS t(g)
        )
        """,
        [first, last],
    )


def delais_sql(table: str, cutoff: dt.time | None = None) -> str:
    """The query adding ``jour_zero``, ``echeance``, ``delai_jours_ouvres``, ``dans_le_delai``.

    ``table`` is the name of the input table: an identifier, never user text.
    """
    if not table.isidentifier():
        msg = f"nom de table invalide : {table!r}"
        raise ValueError(msg)
    if cutoff is None:
        moved = "FALSE"
    else:
        after = f"CAST(d.recu AS TIME) >= TIME '{cutoff.isoformat()}'"
        # a DATE receipt has no time: it is taken as received within office hours
        moved = f"(({after}) AND typeof(d.recu) <> 'DATE') OR NOT j0.ouvre"
    # The only text put in the query: an identifier and a formatted time, both checked.
    return f"""
        WITH base AS (
            SELECT d.*, CAST(d.recu AS DATE) AS jour_recu,
                   j0.rang + CASE WHEN {moved} THEN 1 ELSE 0 END AS rang0,
                   {moved} AS deplace
            FROM {table} AS d JOIN jours AS j0 ON j0.jour = CAST(d.recu AS DATE)
        )
        SELECT base.* EXCLUDE (jour_recu, rang0, deplace),
               CASE WHEN deplace THEN jz.jour ELSE jour_recu END AS jour_zero,
               je.jour AS echeance,
               -- GREATEST skips NULLs (GREATEST(0, NULL) is 0): an unanswered row keeps NULL
               CASE WHEN ja.rang IS NULL THEN NULL ELSE GREATEST(0, ja.rang - rang0) END
                   AS delai_jours_ouvres,
               CAST(repondu AS DATE) <= je.jour AS dans_le_delai
        FROM base
        JOIN jours AS jz ON jz.ouvre AND jz.rang = base.rang0
        JOIN jours AS je ON je.ouvre AND je.rang = base.rang0 + base.delai
        LEFT JOIN jours AS ja ON ja.jour = CAST(base.repondu AS DATE)
    """  # noqa: S608
