"""Benchmark: a national year of e-mails, 101 départements, by ``--engine duckdb`` and by SQL.

Run by hand, from the repository root, after ``pip install -e '.[benchmark,duckdb,arrow]'``::

    python benchmarks/national.py                      # 50,000,000 rows (about 5 GB of CSV)
    python benchmarks/national.py --rows 2000000       # a quicker run
    python benchmarks/national.py --memory 1GB         # a tighter memory limit

The generator is fixed (no randomness from the machine: a Park–Miller sequence in SQL),
so that every run tracks the same rows: one CSV file per département, named by its
code (``44.csv``), a year of e-mails received at any hour, 97 % answered within
0 to 15 days, in the proportions of the départements' populations (about
``rows / 101`` each); and one definitions file per département (``44.toml``).

Measured in the same run, each in a child process (its own peak memory, ``VmHWM``),
the engine and the SQL twice each, in turn (``--turns``), the best time of each kept:

- ``qualepref track suivis/ --definitions-dir prefectures/ --engine duckdb --memory …``:
  every row's day 0, due date, délai, status and motif, the rejects, the monthly
  measurements of each préfecture, the 17:30 cut-off and each département's calendar;
- the SQL of docs/calendar.md (read from the page), run by DuckDB over the calendar's
  dimension table (``qualepref calendar --export``), under the same memory limit, from
  the same files, writing day 0, due date and délai of every row to CSV: what a
  DuckDB user would write by hand, without motifs, rejects or measurements: once
  writing each row's own columns with them, the rows the engine writes (the goal's
  measure: the same rows out), once département, N°, day 0, due date and délai alone
  (six times fewer bytes than the engine's, shown beside);
- the columnar (polars) and row engines on the largest département's file, to state
  how far each goes: the columnar engine holds a whole file (its memory per million
  rows gives the largest file this machine holds), the row engine streams at a rate
  (which gives the hours a national year takes).

Then every row's day 0, due date and délai from the DuckDB engine are compared with the
SQL's, département by département. Figures are recorded in ``docs/performance.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from report import Report  # before the folder leaves sys.path

# Run as a script, this folder comes first on sys.path, and benchmarks/calendar.py would
# shadow the standard library's calendar module: drop the folder.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

import argparse
import re
import shutil
import subprocess
import tempfile
import textwrap
import time

import duckdb

from qualepref.departements import departement
from qualepref.tracking.streaming import parse_memory

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261130
AS_OF = "2023-01-06"
DEPARTEMENTS = [
    *(f"{n:02d}" for n in range(1, 20)),
    "2A",
    "2B",
    *(f"{n:02d}" for n in range(21, 96)),
    "971",
    "972",
    "973",
    "974",
    "976",
]
"""The 101 départements: 96 of metropolitan France, 5 overseas."""
MODULUS = 2_147_483_647  # Park–Miller: x → 48271·x mod (2³¹ − 1), exact in BIGINT
HEADER = "N°;Date de réception;Canal;Service;Objet;Date de réponse;Type de réponse"


def _weights() -> dict[str, int]:
    """Each département's share of the rows: a fixed, uneven spread (1 to 8 parts)."""
    return {code: 1 + (index * 37 + 11) % 8 for index, code in enumerate(DEPARTEMENTS)}


def generate(folder: Path, rows: int) -> dict[str, int]:
    """The national year: ``suivis/<code>.csv`` and ``prefectures/<code>.toml``."""
    suivis, prefectures = folder / "suivis", folder / "prefectures"
    suivis.mkdir(parents=True)
    prefectures.mkdir()
    weights = _weights()
    total = sum(weights.values())
    counts = {code: rows * weight // total for code, weight in weights.items()}
    counts[DEPARTEMENTS[0]] += rows - sum(counts.values())
    connection = duckdb.connect()
    for index, (code, count) in enumerate(counts.items()):
        name = departement(code).name
        (prefectures / f"{code}.toml").write_text(
            f'[prefecture]\nname = "Préfecture ({name})"\ndepartement = "{code}"\n\n'
            "[perimeter]\nmodules = [1]\n",
            encoding="utf-8",
        )
        start = SEED + 1_000_003 * index
        # three draws per row, each a Park–Miller step from the row's own seed
        query = f"""
            WITH r AS (
                SELECT i,
                       ({start} + i * 3) % {MODULUS} * 48271 % {MODULUS} AS a,
                       ({start} + i * 3 + 1) % {MODULUS} * 48271 % {MODULUS} AS b,
                       ({start} + i * 3 + 2) % {MODULUS} * 48271 % {MODULUS} AS c
                FROM range({count}) AS t(i)
            ), d AS (
                SELECT i, c,
                       TIMESTAMP '2022-01-01' + to_minutes(a % (365 * 24 * 60)) AS recu,
                       CASE WHEN b % 100 < 97 THEN to_minutes(1 + b % (15 * 24 * 60)) END AS pause
                FROM r
            )
            SELECT i + 1 AS "N°",
                   strftime(recu, '%d/%m/%Y %H:%M') AS "Date de réception",
                   'courriel' AS "Canal",
                   ['BAL préfecture', 'BAL séjour', 'BAL naturalisation', 'BAL permis'][
                       1 + c % 4] AS "Service",
                   'Demande d''information' AS "Objet",
                   strftime(recu + pause, '%d/%m/%Y %H:%M') AS "Date de réponse",
                   CASE WHEN pause IS NOT NULL THEN 'fond' END AS "Type de réponse"
            FROM d ORDER BY i
        """  # noqa: S608 - numbers only
        target = suivis / f"{code}.csv"
        connection.execute(f"COPY ({query}) TO '{target}' (HEADER, DELIMITER ';')")
    connection.close()
    return counts


def _peak(pid: int, last: int) -> int:
    """The child's peak memory so far (KiB): ``VmHWM``, which its ``exec`` started afresh.

    ``ru_maxrss`` would not do: a child starts as a copy of this process, and keeps this
    process's size as its peak when that is larger than its own.
    """
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return max(last, int(line.split()[1]))
    except OSError:
        pass
    return last


def _child(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak memory (KiB) of a child process."""
    began = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)  # noqa: S603
        peak = 0
        while child.poll() is None:
            peak = _peak(child.pid, peak)
            time.sleep(0.02)
        if child.returncode not in {0, 1}:
            errors.seek(0)
            text = errors.read()[-2000:]
            raise SystemExit(f"{command[:6]} a échoué (code {child.returncode}) :\n{text}")
    return time.perf_counter() - began, peak


def _recipe() -> str:
    page = (ROOT / "docs" / "calendar.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- recette-sql-delais -->\n```sql\n(.*?)```", page, re.DOTALL)
    if found is None:
        raise SystemExit("docs/calendar.md : la recette SQL est introuvable")
    return found.group(1)


_SQL_RUN = """
import sys, duckdb
folder, memory, recipe = sys.argv[1], sys.argv[2], open(sys.argv[3], encoding="utf-8").read()
wide = sys.argv[4] == "wide"
con = duckdb.connect(config={{"memory_limit": memory, "temp_directory": folder + "/tmp-sql"}})
con.execute(f"CREATE VIEW calendrier AS SELECT * FROM '{{folder}}/jours.parquet'")
con.execute(f'''
    CREATE VIEW suivi AS
    SELECT regexp_extract(filename, '([^/]+)[.]csv$', 1) AS departement,
           "N°" AS numero,
           strptime("Date de réception", '%d/%m/%Y %H:%M') AS recu,
           try_strptime("Date de réponse", '%d/%m/%Y %H:%M') AS repondu,
           5 AS delai, 1050 AS heure_limite, * EXCLUDE (filename)
    FROM read_csv('{{folder}}/suivis/*.csv', delim = ';', header = true,
                  all_varchar = true, filename = true)
''')
if wide:  # what the engine writes but its statut, motif and indicateur, in one file
    own = '"N°", "Date de réception", "Canal", "Service", "Objet", "Date de réponse", '
    own += '"Type de réponse"'
    # one file: a file per département (PARTITION_BY) took 106 s against 83 s
    target = f"'{{folder}}/sql-large.csv' (HEADER, DELIMITER ';')"
else:
    own, target = "numero", f"'{{folder}}/sql.csv' (HEADER, DELIMITER ';')"
con.execute(f'''
    COPY (SELECT departement, {{own}}, jour_zero, echeance, delai_jours_ouvres, dans_le_delai
          FROM ({{recipe}}))
    TO {{target}}
''')
"""


def run_sql(folder: Path, memory: str, *, wide: bool = False) -> tuple[float, int]:
    """The SQL of docs/calendar.md over the dimension table, in a child process.

    ``wide``: each row with the file's own columns, as the engine writes them (without
    statut, motif and indicateur, which the SQL lacks), in one file.
    """
    recipe = folder / "recette.sql"
    recipe.write_text(_recipe(), encoding="utf-8")
    script = folder / "sql_run.py"
    script.write_text(textwrap.dedent(_SQL_RUN.format()), encoding="utf-8")
    shape = "wide" if wide else "narrow"
    return _child([sys.executable, str(script), str(folder), memory, str(recipe), shape])


def run_engine(folder: Path, memory: str) -> tuple[float, int]:
    """``qualepref track --engine duckdb`` over every préfecture, in a child process."""
    return _child([
        sys.executable, "-m", "qualepref", "track", str(folder / "suivis"),
        "--definitions-dir", str(folder / "prefectures"), "--cutoff", "17:30",
        "--as-of", AS_OF, "--engine", "duckdb", "--memory", memory,
        "-o", str(folder / "delais"), "--measurements", str(folder / "mesures"),
    ])  # fmt: skip


def run_one_file(folder: Path, code: str, engine: str) -> tuple[float, int]:
    """One département's file with the columnar or the row engine, in a child process."""
    return _child([
        sys.executable, "-m", "qualepref", "track", str(folder / "suivis" / f"{code}.csv"),
        "--definitions", str(folder / "prefectures" / f"{code}.toml"), "--cutoff", "17:30",
        "--as-of", AS_OF, "--engine", engine, "-o", str(folder / f"un-{engine}.csv"),
    ])  # fmt: skip


def _baseline(folder: Path) -> int:
    """The peak memory (KiB) of the columnar engine on a file of one row: its imports."""
    source = folder / "suivis" / "01.csv"
    with source.open(encoding="utf-8") as file:
        head = file.readline() + file.readline()
    (folder / "un.csv").write_text(head, encoding="utf-8")
    _seconds, peak = _child([
        sys.executable, "-m", "qualepref", "track", str(folder / "un.csv"), "-d", "01",
        "--as-of", AS_OF, "--engine", "polars", "-o", str(folder / "un-delais.csv"),
    ])  # fmt: skip
    return peak


def _duration(seconds: float) -> str:
    if seconds >= 2 * 3600:
        return f"{seconds / 3600:.1f} h"
    if seconds >= 120:
        return f"{seconds / 60:.0f} min"
    return f"{seconds:.0f} s"


def compare(folder: Path) -> tuple[int, int]:
    """Rows compared, and rows whose day 0, due date or délai differ (engine against SQL)."""
    connection = duckdb.connect(config={"memory_limit": "4GB"})
    ours = f"""
        SELECT regexp_extract(filename, '([^/]+)[.]csv$', 1) AS departement,
               CAST("N°" AS BIGINT) AS numero, jour_zero, echeance, delai_jours_ouvres
        FROM read_csv('{folder}/delais/*.csv', delim = ';', header = true,
                      all_varchar = true, filename = true)
    """  # noqa: S608 - our own folder
    sql = f"""
        SELECT departement, CAST(numero AS BIGINT) AS numero, jour_zero, echeance,
               delai_jours_ouvres
        FROM read_csv('{folder}/sql.csv', delim = ';', header = true, all_varchar = true)
    """  # noqa: S608 - our own folder
    [(compared, differing)] = connection.sql(f"""
        SELECT count(*),
               count(*) FILTER (WHERE o.jour_zero IS DISTINCT FROM s.jour_zero
                                   OR o.echeance IS DISTINCT FROM s.echeance
                                   OR o.delai_jours_ouvres IS DISTINCT FROM s.delai_jours_ouvres)
        FROM ({ours}) AS o FULL JOIN ({sql}) AS s USING (departement, numero)
    """).fetchall()  # noqa: S608
    connection.close()
    return compared, differing


def _bytes(path: Path) -> int:
    """The size of a file, or of every file in a folder and below."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _size(size: int) -> str:
    return f"{size / 1024**3:.1f} GiB"


def _gib(kib: int) -> str:
    return f"{kib / 1024**2:.2f} GiB" if kib >= 1024**2 else f"{kib / 1024:.0f} MiB"


def _machine_memory() -> int:
    """This machine's memory in KiB (``MemTotal``)."""
    with open("/proc/meminfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("MemTotal:"):
                return int(line.split()[1])
    return 0  # pragma: no cover - Linux only


def main() -> None:
    """Generate the national year, run every side, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000_000)
    parser.add_argument("--memory", default="2GB")
    parser.add_argument("--folder", help="where to generate (default: a temporary folder)")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--turns", type=int, default=2, help="runs of each side, in turn")
    args = parser.parse_args()
    report = Report(markdown=args.markdown)
    limit = parse_memory(args.memory)
    work = Path(args.folder or tempfile.mkdtemp(prefix="qualepref-national-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        began = time.perf_counter()
        counts = generate(work, args.rows)
        generated = time.perf_counter() - began
        size = sum(p.stat().st_size for p in (work / "suivis").iterdir())
        _child([
            sys.executable, "-m", "qualepref", "calendar", "--export",
            str(work / "jours.parquet"), "--departements", ",".join(DEPARTEMENTS),
            "--from", "2021", "--to", "2024",
        ])  # fmt: skip
        # Each side twice, in turn, the best of each kept: the national year (4 GiB of
        # CSV read, 9 GiB written by the engine) is about this machine's page cache, so
        # that one run alone is as fast as what the previous one left in memory.
        runs: dict[str, list[tuple[float, int]]] = {"engine": [], "sql": [], "wide": []}
        for _turn in range(args.turns):
            runs["engine"].append(run_engine(work, args.memory))
            runs["sql"].append(run_sql(work, args.memory))
            runs["wide"].append(run_sql(work, args.memory, wide=True))
        engine_seconds, sql_seconds, wide_seconds = (
            min(seconds for seconds, _peak in runs[side]) for side in ("engine", "sql", "wide")
        )
        engine_peak, sql_peak, wide_peak = (
            max(peak for _seconds, peak in runs[side]) for side in ("engine", "sql", "wide")
        )
        compared, differing = compare(work)
        work_sizes = {
            "engine": _bytes(work / "delais"),
            "sql": _bytes(work / "sql.csv"),
            "wide": _bytes(work / "sql-large.csv"),
        }
        largest = max(counts, key=lambda code: counts[code])
        one = {engine: run_one_file(work, largest, engine) for engine in ("polars", "python")}
        baseline = _baseline(work)
    finally:
        if not args.folder:
            shutil.rmtree(work, ignore_errors=True)

    report.machine(["duckdb", "polars", "pyarrow"])
    report.note(
        f"{args.rows:,} rows in {len(counts)} files (one per département, "
        f"{min(counts.values()):,} to {max(counts.values()):,} rows), "
        f"{size / 1024**3:.1f} GiB of CSV, generated in {generated:.0f} s; memory limit "
        f"{args.memory}; 17:30 cut-off, 5 jours ouvrés, each département's calendar."
    )
    ratio = engine_seconds / wide_seconds
    each = "; ".join(
        f"{side} " + ", ".join(f"{seconds:.0f} s" for seconds, _peak in found)
        for side, found in (
            ("engine", runs["engine"]),
            ("SQL of the same rows", runs["wide"]),
            ("SQL of five values", runs["sql"]),
        )
    )
    report.note(
        f"Each side ran {args.turns} times, in turn ({each}): the best time of each and "
        "the highest peak are shown."
    )
    report.table(
        ["run", "seconds", "rows/s", "peak memory"],
        [
            ["qualepref track --engine duckdb (délais, motifs, rejects, measurements)",
             f"{engine_seconds:.0f}", f"{args.rows / engine_seconds:,.0f}", _gib(engine_peak)],
            ["SQL of docs/calendar.md in DuckDB: each row's own columns, day 0, due date, "
             "délai", f"{wide_seconds:.0f}", f"{args.rows / wide_seconds:,.0f}",
             _gib(wide_peak)],
            ["the same SQL, writing département, N°, day 0, due date and délai alone",
             f"{sql_seconds:.0f}", f"{args.rows / sql_seconds:,.0f}", _gib(sql_peak)],
        ],
    )  # fmt: skip
    narrow = engine_seconds / sql_seconds
    report.note(
        f"The engine takes {ratio:.2f}× the time of the SQL that writes the same rows "
        f"(goal: 1.5× at most: {'met' if ratio <= 1.5 else 'not met'}): each row's own "
        f"columns with its day 0, due date and délai, {_size(work_sizes['wide'])}, where "
        f"the engine writes {_size(work_sizes['engine'])} with the statut, the motif and "
        f"the indicateur. Against the SQL that writes the five values alone "
        f"({_size(work_sizes['sql'])}), it takes {narrow:.2f}× "
        f"({'within' if narrow <= 1.5 else 'beyond'} 1.5×). Its peak memory "
        f"{_gib(engine_peak)} against a limit of {_gib(limit // 1024)} "
        f"({'under' if engine_peak * 1024 <= limit else 'over'} the limit). "
        f"Rows compared with the SQL's: {compared:,}; day 0, due date or délai differing: "
        f"{differing:,}."
    )
    rows = counts[largest]
    polars_seconds, polars_peak = one["polars"]
    python_seconds, _python_peak = one["python"]
    per_million = max(polars_peak - baseline, 1) / rows * 1_000_000
    machine = _machine_memory()
    report.table(
        ["one file (the largest)", "rows", "seconds", "peak memory", "limit on this machine"],
        [
            ["columnar engine (polars)", f"{rows:,}", f"{polars_seconds:.1f}", _gib(polars_peak),
             f"about {(machine - baseline) / per_million:,.0f} million rows a file "
             f"({_gib(round(per_million))} per million rows; {_gib(machine)})"],
            ["row engine (python)", f"{rows:,}", f"{python_seconds:.1f}", _gib(one["python"][1]),
             f"{_duration(args.rows / (rows / python_seconds))} for {args.rows:,} rows"],
        ],
    )  # fmt: skip


if __name__ == "__main__":
    main()
