"""Benchmark: what ``import qualepref`` and a first use cost, beside the bare interpreter.

Run by hand, from the repository root::

    python benchmarks/startup.py            # 20 fresh interpreters per line

Each line starts a fresh interpreter (``python -c CODE``) and takes the median wall time:
the interpreter alone, ``import qualepref``, a first calendar (``WorkingCalendar``), a
first délai, loading the shipped référentiel, ``qualepref --version`` and ``qualepref
validate`` on a small file; then the ratio to the bare interpreter.
A script run once per e-mail, or a CI step, pays these on every run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from report import Report  # before the folder leaves sys.path

# Run as a script, this folder comes first on sys.path, and benchmarks/calendar.py would
# shadow the standard library's calendar module: drop the folder.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

CASES = (
    ("interpréteur seul", "pass"),
    ("import qualepref", "import qualepref"),
    (
        "premier calendrier (44)",
        "import qualepref; qualepref.WorkingCalendar.for_departement('44')",
    ),
    (
        "première échéance",
        "import datetime as dt, qualepref as q; "
        "q.Deadline(5, q.WorkingCalendar.for_departement('44')).due_date(dt.date(2025, 5, 7))",
    ),
    ("référentiel livré", "import qualepref; qualepref.load_referentiel()"),
    # the command line imports only the command it runs
    ("qualepref --version", "from qualepref.cli import main; main(['--version'])"),
    (
        "validate (petit fichier)",
        "import os, sys, tempfile, pathlib; from qualepref.cli import main; "
        "p = pathlib.Path(tempfile.mkdtemp(), 'd.toml'); "
        "p.write_text('[perimeter]\\nmodules = [1]\\n', encoding='utf-8'); "
        "sys.exit(main(['validate', str(p)], out=open(os.devnull, 'w')))",
    ),
)
RUNS = 20


def _median(code: str) -> float:
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, stdout=subprocess.DEVNULL)  # noqa: S603 - our own code
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    """Time each case in fresh interpreters; print milliseconds and the ratio to bare."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="Markdown, for the docs")
    report = Report(markdown=parser.parse_args().markdown)
    report.machine(("qualepref",))
    report.note(f"Median wall time of {RUNS} fresh interpreters per line.")
    bare = _median(CASES[0][1])
    rows = []
    for label, code in CASES:
        spent = bare if code == "pass" else _median(code)
        rows.append((label, f"{spent * 1000:.0f}", f"{spent / bare:.1f}"))
    report.table(("what", "ms", "× the bare interpreter"), rows)


if __name__ == "__main__":
    main()
