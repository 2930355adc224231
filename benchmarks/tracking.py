"""Benchmark: a tracking file of a million e-mails, by ``qualepref track`` and by polars.

Run by hand, from the repository root, after ``pip install -e '.[benchmark]'``::

    python benchmarks/tracking.py                 # 1,000,000 rows, a few minutes
    python benchmarks/tracking.py --rows 100000   # a quicker run
    python benchmarks/tracking.py --workbook      # 100,000 rows in an .xlsx workbook
    python benchmarks/tracking.py --utc           # dates as a mail export: UTC, ISO 8601

Both sides do the same computation on the same generated file (fixed seed): read the
CSV, parse the French dates, apply the 17:30 cut-off and the 5-jours-ouvrés délai of
the e-mails on the Loire-Atlantique calendar, give each row its day 0, due date, délai
and status as of a date, write the rows out, and count the monthly rate and mean délai.

- ``qualepref track`` runs in a child process, so that its peak memory (``ru_maxrss``)
  is its own: the command streams, and its memory should not grow with the file.
- polars runs ``examples/columnar/polars_delais.py``, the recipe of docs/tracking.md,
  with the calendar's days off; it holds the whole file in memory.
- ``--workbook``: the same rows in an ``.xlsx`` workbook, with real date cells; polars
  reads it with ``polars.read_excel(engine="calamine")`` (fastexcel), then runs the
  same recipe; ``qualepref track`` reads it with fastexcel too (``--engine auto``: the
  columnar engine) and with python-calamine, row by row (``--engine python``).

Then every row is compared (day 0, due date, délai, status), and the monthly
measurements too. Figures are recorded in ``docs/performance.md``.
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
import csv
import datetime as dt
import importlib.util
import os
import random
import subprocess
import tempfile
import time
from collections.abc import Iterator
from types import ModuleType
from zoneinfo import ZoneInfo

import polars as pl

from qualepref import WorkingCalendar

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261122
AS_OF = dt.date(2023, 1, 6)
CUTOFF = dt.time(17, 30)
DEADLINE = 5
HEADER = ["Date de réception", "Canal", "Service", "Objet", "Date de réponse", "Type de réponse"]


def _recipe() -> ModuleType:
    path = ROOT / "examples" / "columnar" / "polars_delais.py"
    spec = importlib.util.spec_from_file_location("polars_delais", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"recette introuvable : {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def records(rows: int) -> Iterator[list[object]]:
    """A year of e-mails to a few mailboxes: receipts any time, replies 0–15 days later."""
    rng = random.Random(SEED)
    start = dt.datetime(2022, 1, 1)
    minutes = 365 * 24 * 60
    services = ("BAL préfecture", "BAL séjour", "BAL naturalisation", "BAL permis")
    for _ in range(rows):
        received = start + dt.timedelta(minutes=rng.randrange(minutes))
        reply = None
        if rng.random() >= 0.03:
            reply = received + dt.timedelta(minutes=rng.randrange(1, 15 * 24 * 60))
        yield [
            received,
            "courriel",
            rng.choice(services),
            "Demande d'information",
            reply,
            "fond" if reply else None,
        ]


PARIS = ZoneInfo("Europe/Paris")


def generate(path: Path, rows: int, *, utc: bool = False) -> None:
    """The rows of :func:`records` as a CSV file, dates French, or UTC as mail exports."""

    def shown(cell: object) -> object:
        if not isinstance(cell, dt.datetime):
            return cell
        if utc:
            return f"{cell.replace(tzinfo=PARIS).astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}"
        return f"{cell:%d/%m/%Y %H:%M}"

    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";", lineterminator="\n")
        writer.writerow(HEADER)
        for cells in records(rows):
            writer.writerow([shown(cell) for cell in cells])


def generate_workbook(path: Path, rows: int) -> None:
    """The rows of :func:`records` as a workbook: one sheet, real date cells."""
    import openpyxl  # noqa: PLC0415 - the workbook run only

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Suivi")
    sheet.append(HEADER)
    for cells in records(rows):
        sheet.append(cells)
    book.save(path)


def _child(command: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak memory (KiB) and standard output of a child process."""
    began = time.perf_counter()
    with subprocess.Popen(  # noqa: S603 - our own commands
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as child:
        assert child.stdout is not None  # noqa: S101 - piped above
        output = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - began
    if child.returncode not in {0, 1}:
        raise SystemExit(f"{command[:4]} a échoué (code {child.returncode})")
    return seconds, usage.ru_maxrss, output


def run_ours(source: Path, folder: Path, engine: str) -> tuple[float, int]:
    """Seconds and peak memory (KiB) of ``qualepref track`` in a child process."""
    command = [
        sys.executable, "-m", "qualepref", "track", str(source), "--departement", "44",
        "--cutoff", "17:30", "--as-of", AS_OF.isoformat(), "--engine", engine,
        "-o", str(folder / f"delais-{engine}.csv"),
        "--measurements", str(folder / f"mesures-{engine}.csv"),
    ]  # fmt: skip
    seconds, peak, _ = _child(command)
    return seconds, peak


def run_polars(source: Path, folder: Path) -> tuple[float, pl.DataFrame, pl.DataFrame]:
    """Seconds, per-row results and monthly measurements of the polars pipeline."""
    recipe = _recipe()
    calendar = WorkingCalendar.for_departement("44")
    began = time.perf_counter()
    if source.suffix == ".xlsx":
        frame = (
            pl.read_excel(source, engine="calamine")
            .lazy()
            .with_columns(recu=pl.col("Date de réception"), repondu=pl.col("Date de réponse"))
        )
    elif source.stem.endswith("utc"):

        def local(name: str) -> pl.Expr:
            return (
                pl.col(name)
                .str.to_datetime("%Y-%m-%dT%H:%M:%SZ", time_zone="UTC")
                .dt.convert_time_zone("Europe/Paris")
                .dt.replace_time_zone(None)
            )

        frame = pl.scan_csv(source, separator=";", infer_schema=False).with_columns(
            recu=local("Date de réception"), repondu=local("Date de réponse")
        )
    else:
        frame = pl.scan_csv(source, separator=";", infer_schema=False).with_columns(
            recu=pl.col("Date de réception").str.to_datetime("%d/%m/%Y %H:%M"),
            repondu=pl.col("Date de réponse").str.to_datetime("%d/%m/%Y %H:%M"),
        )
    rows = (
        recipe.delais(
            frame,
            calendar,
            deadline=DEADLINE,
            cutoff=CUTOFF,
            first=dt.date(2021, 12, 1),
            last=dt.date(2023, 3, 31),
        )
        .with_columns(
            statut=pl.when(pl.col("repondu").is_not_null())
            .then(
                pl.when(pl.col("dans_le_delai"))
                .then(pl.lit("dans_le_delai"))
                .otherwise(pl.lit("hors_delai"))
            )
            .when(pl.col("echeance") >= AS_OF)
            .then(pl.lit("en_attente"))
            .otherwise(pl.lit("en_retard")),
            delai_jours_ouvres=pl.when(pl.col("repondu").is_not_null()).then(
                pl.col("delai_jours_ouvres")
            ),
        )
        .collect()
    )
    rows.select(
        [*(pl.col(name).cast(pl.String) for name in HEADER), "jour_zero", "echeance",
         "delai_jours_ouvres", "statut"]
    ).write_csv(folder / "delais-polars.csv", separator=";")  # fmt: skip
    monthly = (
        rows.group_by(pl.col("recu").dt.strftime("%Y-%m").alias("periode"))
        .agg(
            recus=pl.len(),
            dans_le_delai=(pl.col("statut") == "dans_le_delai").sum(),
            repondus=pl.col("repondu").is_not_null().sum(),
            somme_delais=pl.col("delai_jours_ouvres").sum(),
        )
        .with_columns(
            taux=pl.col("dans_le_delai") / pl.col("recus"),
            delai_moyen=pl.col("somme_delais") / pl.col("repondus"),
        )
        .sort("periode")
    )
    spent = time.perf_counter() - began
    monthly.write_csv(folder / "mensuel-polars.csv", separator=";")
    return spent, rows, monthly


def compare(folder: Path, engine: str) -> tuple[int, int]:
    """Rows and monthly figures on which an engine of ours and polars disagree."""
    ours = pl.read_csv(folder / f"delais-{engine}.csv", separator=";", infer_schema=False)
    theirs = pl.read_csv(folder / "delais-polars.csv", separator=";", infer_schema=False).select(
        "jour_zero", "echeance", pl.col("delai_jours_ouvres").fill_null(""), "statut"
    )
    mine = ours.select(
        "jour_zero", "echeance", pl.col("delai_jours_ouvres").fill_null(""), "statut"
    )
    row_mismatches = int((mine != theirs).select(pl.any_horizontal(pl.all())).sum().item())
    measured = pl.read_csv(folder / f"mesures-{engine}.csv", separator=";", infer_schema=False)
    monthly = pl.read_csv(folder / "mensuel-polars.csv", separator=";")
    counters = {
        (row["periode"], row["composante"]): float(row["valeur"]) for row in measured.to_dicts()
    }
    month_mismatches = 0
    for row in monthly.to_dicts():
        month = row["periode"]
        expected = {
            "courriels_info_recus": row["recus"],
            "courriels_info_dans_le_delai": row["dans_le_delai"],
            "courriels_info_repondus": row["repondus"],
            "courriels_info_somme_delais": row["somme_delais"],
        }
        month_mismatches += sum(
            counters.get((month, name)) != value for name, value in expected.items()
        )
    return row_mismatches, month_mismatches


def main() -> None:
    """Generate, run both sides, compare, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, help="défaut : 1 000 000, 100 000 en classeur")
    parser.add_argument(
        "--workbook", action="store_true", help="un classeur .xlsx au lieu d'un fichier CSV"
    )
    parser.add_argument(
        "--utc", action="store_true", help="dates en UTC, ISO 8601, comme un export de messagerie"
    )
    parser.add_argument(
        "--polars-side", nargs=2, metavar=("SUIVI", "DOSSIER"), help=argparse.SUPPRESS
    )
    parser.add_argument(
        "--skip-python", action="store_true", help="ne pas mesurer le moteur ligne à ligne"
    )
    parser.add_argument("--markdown", action="store_true", help="Markdown, pour la doc")
    args = parser.parse_args()
    if args.polars_side:  # the child process of the polars side
        seconds, _, _ = run_polars(Path(args.polars_side[0]), Path(args.polars_side[1]))
        print(seconds)
        return
    report = Report(markdown=args.markdown)
    report.machine(("qualepref", "polars", "fastexcel"))
    rows = args.rows or (100_000 if args.workbook else 1_000_000)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = folder / ("suivi.xlsx" if args.workbook else "suivi.csv")
        began = time.perf_counter()
        if args.workbook:
            generate_workbook(source, rows)
        else:
            source = source.with_stem("suivi-utc") if args.utc else source
            generate(source, rows, utc=args.utc)
        size = source.stat().st_size / 2**20
        spent = time.perf_counter() - began
        report.note(
            f"File: `{source.name}`, {rows:,} rows, {size:.0f} MiB (written in {spent:.1f} s). "
            "Times are whole processes, Python's start and imports included, on both sides; "
            "peak memory is the process's maximum resident size."
        )
        theirs, their_peak, inside = _child(
            [sys.executable, __file__, "--polars-side", str(source), str(folder)]
        )
        lines = [
            (
                "polars recipe",
                f"{theirs:.1f} s ({float(inside):.1f} s of it computing)",
                f"{theirs / rows * 1e6:.1f} µs",
                f"{their_peak / 1024:,.0f} MiB",
                "1.0",
                "–",
            )
        ]
        engines = ["polars"] if args.skip_python else ["polars", "python"]
        if args.workbook:  # auto: the columnar engine, when the workbook's layout allows
            engines = ["auto"] if args.skip_python else ["auto", "python"]
        # Every child runs before the comparison loads frames here: a child forked from a
        # large process would count the parent's pages in its peak memory.
        runs = {engine: run_ours(source, folder, engine) for engine in engines}
        for engine, (ours, peak) in runs.items():
            rows_wrong, months_wrong = compare(folder, engine)
            lines.append(
                (
                    f"`qualepref track --engine {engine}`",
                    f"{ours:.1f} s",
                    f"{ours / rows * 1e6:.1f} µs",
                    f"{peak / 1024:,.0f} MiB",
                    f"{ours / theirs:.1f}",
                    f"{rows_wrong} rows, {months_wrong} components",
                )
            )
        report.table(
            ("", "time", "per row", "peak memory", "× polars", "disagreements with polars"),
            lines,
        )


if __name__ == "__main__":
    main()
