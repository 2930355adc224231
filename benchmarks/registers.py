"""Benchmark: the quality-cycle registers' commands on 10,000-row registers.

Run by hand, from the repository root, after ``pip install -e '.[benchmark]'``::

    python benchmarks/registers.py             # 10,000 actions, CSV and workbook
    python benchmarks/registers.py --rows 50000

``qualepref plan`` reads a plan d'amélioration register of ``--rows`` actions (fixed
seed), checks every row, and writes the realisation tables (CSV), the counters and
the rejects; ``qualepref formations`` reads a training register of as many agents and
writes it back with each agent's due date and state, and the table by role;
``qualepref enquete`` reads as many survey answers to 15 questions (150,000 answers) and
writes the rates with their intervals and the indicators' counters; ``qualepref mystere``
as many calls graded on 8 criteria. The goal is under
one second for 10,000 rows. Beside it, in the same run,
polars reads the same CSV file and counts the same table by module (a ``group_by`` on a
status mapped to faites / en cours / non faites, no row checked): the floor of what a
table library does. Both tables are compared. Median of 5 runs, in this process (the
imports are paid once, before).
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
import contextlib
import csv
import datetime as dt
import io
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import TypeVar

from qualepref.cli import main

T = TypeVar("T")

STATUSES = (("Fait", "faites"), ("En cours", "en_cours"), ("Non fait", "non_faites"),
            ("Reporté", "non_faites"), ("Abandonné", "non_faites"))  # fmt: skip
SOURCES = ("Audit interne", "Audit externe", "Agents", "Auto-diagnostic", "Enquête mystère")
HEADER = ("N°", "Action", "Source", "Module", "Engagement", "Pilote", "Date de création",
          "Échéance", "Statut", "Date de réalisation")  # fmt: skip


def rows(count: int, seed: int = 20261130) -> list[list[str]]:
    """A register of ``count`` actions over 2021–2022, as text cells."""
    rng = random.Random(seed)
    table = []
    for number in range(1, count + 1):
        module = rng.choice(("1", "2", "4", "Pilotage"))
        created = dt.date(2021, 10, 1) + dt.timedelta(days=rng.randrange(0, 400))
        due = created + dt.timedelta(days=rng.randrange(30, 300))
        status = rng.choice(STATUSES)[0]
        done = ""
        if status == "Fait":
            done = (created + dt.timedelta(days=rng.randrange(0, 200))).strftime("%d/%m/%Y")
        table.append([
            str(number), f"Action {number}", rng.choice(SOURCES), module, "", "Accueil",
            created.strftime("%d/%m/%Y"), due.strftime("%d/%m/%Y"), status, done,
        ])  # fmt: skip
    return table


ROLES = ("Accueil physique", "Accueil téléphonique", "CERT", "Site internet", "RQ")
TRAINING_HEADER = ("Agent", "Service", "Rôle", "Prise de poste", "Dernière formation",
                   "Début du tutorat")  # fmt: skip


def agents(count: int, seed: int = 20261130) -> list[list[str]]:
    """A training register of ``count`` agents and roles, as text cells."""
    rng = random.Random(seed)
    table = []
    for number in range(1, count + 1):
        started = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(0, 6200))
        last = ""
        if rng.random() < 0.7:
            last = (started + dt.timedelta(days=rng.randrange(0, 1500))).strftime("%d/%m/%Y")
        tutorat = ""
        if rng.random() < 0.1:
            tutorat = (started + dt.timedelta(days=rng.randrange(0, 60))).strftime("%d/%m/%Y")
        table.append([f"M{number:05d}", f"Service {number % 12}", rng.choice(ROLES),
                      started.strftime("%d/%m/%Y"), last, tutorat])  # fmt: skip
    return table


def _formations(register: Path, folder: Path) -> int:
    with contextlib.redirect_stderr(io.StringIO()):
        return main(
            ["formations", str(register), "--as-of", "2022-01-01",
             "-o", str(folder / "suivi.csv"), "--report", str(folder / "bilan.md")],
            out=io.StringIO(),
        )  # fmt: skip


QUESTIONS = tuple(f"Question {n}" for n in range(1, 16))
ANSWERS = ("Très satisfait", "Satisfait", "Peu satisfait", "Pas du tout satisfait", "Sans avis",
           None)  # fmt: skip


def survey(count: int, folder: Path, seed: int = 20261130) -> tuple[Path, Path]:
    """Survey answers of ``count`` respondents to 15 questions, and their definitions."""
    rng = random.Random(seed)
    answers = folder / "enquete.csv"
    with answers.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["N°", *QUESTIONS])
        writer.writerows([n, *(rng.choice(ANSWERS) for _ in QUESTIONS)] for n in range(count))
    definitions = folder / "definitions.toml"
    declared = "".join(
        f'[[survey.question]]\ncolumn = "{question}"\nid = "q{n}"\n'
        + ('indicator = "satisfaction_courtoisie"\n' if n < 3 else "")
        for n, question in enumerate(QUESTIONS)
    )
    definitions.write_text("[perimeter]\nmodules = [1]\n" + declared, encoding="utf-8")
    return answers, definitions


def _survey(answers: Path, definitions: Path, folder: Path) -> int:
    with contextlib.redirect_stderr(io.StringIO()):
        return main(
            ["enquete", str(answers), "--definitions", str(definitions),
             "-o", str(folder / "resultats.csv"), "--measurements", str(folder / "m.csv"),
             "--period", "2022"],
            out=io.StringIO(),
        )  # fmt: skip


def grid(count: int, folder: Path, seed: int = 20261130) -> tuple[Path, Path]:
    """A mystery grid of ``count`` calls graded on 8 criteria, and its definitions."""
    rng = random.Random(seed)
    criteria = tuple(f"Critère {n}" for n in range(1, 9))
    calls = folder / "appels.csv"
    with calls.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["Appel", "Date", *criteria])
        writer.writerows(
            [n, "12/05/2022", *(rng.choice(("Oui", "Non", "Sans objet")) for _ in criteria)]
            for n in range(count)
        )
    definitions = folder / "mystere.toml"
    declared = "".join(
        f'[[mystery.criterion]]\ncolumn = "{criterion}"\nid = "c{n}"\n'
        for n, criterion in enumerate(criteria)
    )
    definitions.write_text("[perimeter]\nmodules = [1]\n" + declared, encoding="utf-8")
    return calls, definitions


def _mystery(calls: Path, definitions: Path, folder: Path) -> int:
    with contextlib.redirect_stderr(io.StringIO()):
        return main(
            ["mystere", str(calls), "--definitions", str(definitions),
             "-o", str(folder / "mystere.md")],
            out=io.StringIO(),
        )  # fmt: skip


def _median(run: Callable[[], T]) -> tuple[float, T]:
    times: list[float] = []
    result: T | None = None
    for _ in range(5):
        began = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - began)
    assert result is not None  # noqa: S101 - five runs were made
    return statistics.median(times), result


def _qualepref(register: Path, folder: Path) -> dict[str, tuple[int, int, int]]:
    with contextlib.redirect_stderr(io.StringIO()):
        main(
            ["plan", str(register), "--as-of", "2023-12-31", "--format", "csv",
             "-o", str(folder / "bilan.csv"), "--measurements", str(folder / "mesures.csv"),
             "--rejects", str(folder / "rejets.csv")],
            out=io.StringIO(),
        )  # fmt: skip
    with (folder / "bilan.csv").open(encoding="utf-8-sig") as file:
        return {
            row["ligne"]: (int(row["faites"]), int(row["en_cours"]), int(row["non_faites"]))
            for row in csv.DictReader(file, delimiter=";")
            if row["tableau"] == "module" and row["ligne"] != "Total"
        }


def _polars(register: Path) -> dict[str, tuple[int, int, int]]:
    import polars as pl  # noqa: PLC0415 - the reference, from the benchmark extra

    frame = pl.read_csv(register, separator=";", infer_schema=False)
    counted = (
        frame.with_columns(
            pl.col("Statut").replace_strict(dict(STATUSES)).alias("colonne"),
            pl.col("Module").replace({"Pilotage": "pilotage"}).alias("module"),
        )
        .group_by("module", "colonne")
        .len()
    )
    table: dict[str, list[int]] = {}
    for module, column, count in counted.iter_rows():
        index = ("faites", "en_cours", "non_faites").index(column)
        table.setdefault(module, [0, 0, 0])[index] += count
    return {key: (a, b, c) for key, (a, b, c) in table.items()}


def main_benchmark() -> None:
    """Time ``qualepref plan`` and the polars floor; print seconds and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--markdown", action="store_true", help="Markdown, for the docs")
    args = parser.parse_args()
    count = args.rows
    report = Report(markdown=args.markdown)
    report.machine(("qualepref", "polars", "openpyxl"))
    shown = f"{count:,}"
    lines: list[tuple[str, str]] = []
    folder = Path(tempfile.mkdtemp())
    register = folder / "plan.csv"
    with register.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows(count))
    workbook = folder / "plan.xlsx"
    try:
        import openpyxl  # noqa: PLC0415 - the workbook case needs it

        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None  # noqa: S101 - a new workbook has its sheet
        sheet.append(HEADER)
        for row in rows(count):
            sheet.append(row)
        book.save(workbook)
    except ImportError:  # pragma: no cover - the benchmark extra installs it
        workbook = None
    ours, table = _median(lambda: _qualepref(register, folder))
    lines.append((f"`qualepref plan`, {shown} actions, CSV (tables, counters, rejects)", ours))
    if workbook is not None:
        book_time, book_table = _median(lambda: _qualepref(workbook, folder))
        lines.append((f"`qualepref plan`, {shown} actions, `.xlsx`", book_time))
        assert book_table == table  # noqa: S101 - the same register, the same table
    training = folder / "formations.csv"
    with training.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(TRAINING_HEADER)
        writer.writerows(agents(count))
    spent, _ = _median(lambda: _formations(training, folder))
    lines.append((f"`qualepref formations`, {shown} agents, CSV (annotated, table by role)", spent))
    answers, definitions = survey(count, folder)
    spent, _ = _median(lambda: _survey(answers, definitions, folder))
    lines.append((f"`qualepref enquete`, {shown} answers × 15 questions, CSV", spent))
    calls, criteria = grid(count, folder)
    spent, _ = _median(lambda: _mystery(calls, criteria, folder))
    lines.append((f"`qualepref mystere`, {shown} calls × 8 criteria, CSV", spent))
    try:
        floor, theirs = _median(lambda: _polars(register))
    except ImportError:  # pragma: no cover - the benchmark extra installs it
        report.table(("command", "seconds"), [(name, f"{t:.2f}") for name, t in lines])
        return
    # our rows are named « Module 1 (Relation générale avec l'usager) », « Pilotage »
    mine = {
        label.split(" (")[0].removeprefix("Module ").lower(): row for label, row in table.items()
    }
    agree = "the same" if mine == theirs else f"DIFFERENT: {mine} / {theirs}"
    lines.append(("polars: read the plan's CSV and count by module, no check", floor))
    report.table(("command", "seconds"), [(name, f"{t:.3f}") for name, t in lines])
    report.note(
        f"`qualepref plan` on CSV takes {ours / floor:.0f}× the polars floor; the tables by "
        f"module of both sides: {agree}."
    )


if __name__ == "__main__":
    main_benchmark()
