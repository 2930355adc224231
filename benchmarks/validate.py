"""Benchmark: ``check_definitions`` on definitions files of growing size, to show it linear.

Run by hand, from the repository root::

    python benchmarks/validate.py            # 10,000 to 100,000 indicators

Each indicator reads a counter of its own; the time per indicator should stay flat as
the file grows (a check that compares every indicator with every other would not).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from report import Report  # before the folder leaves sys.path

# Run as a script, this folder comes first on sys.path, and benchmarks/calendar.py would
# shadow the standard library's calendar module: drop the folder.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

from qualepref import check_definitions


def definitions(count: int) -> str:
    """A definitions file with ``count`` indicators, each with its counter."""
    parts = ["[perimeter]\nmodules = [1]\n"]
    parts.extend(
        f'[[counter]]\nid = "c{n}"\nlabel = "Compteur {n}"\n'
        f'[[indicator]]\nid = "i{n}"\nlabel = "Indicateur {n}"\nengagement = 17\n'
        f'unit = "count"\ndirection = "no_target"\nperiodicity = "annual"\nformula = "c{n}"\n'
        for n in range(count)
    )
    return "".join(parts)


def main() -> None:
    """Time the validation of each size and print the time per indicator."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="Markdown, for the docs")
    report = Report(markdown=parser.parse_args().markdown)
    report.machine(("qualepref", "tomli"))
    rows = []
    for count in (10_000, 25_000, 50_000, 100_000):
        text = definitions(count)
        began = time.perf_counter()
        _, issues = check_definitions(text)
        spent = time.perf_counter() - began
        rows.append((f"{count:,}", f"{spent:.1f}", f"{spent / count * 1e6:.0f}", str(len(issues))))
    report.table(("indicators", "seconds", "µs per indicator", "problems"), rows)


if __name__ == "__main__":
    main()
