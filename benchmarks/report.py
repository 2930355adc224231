"""How every benchmark prints: aligned text for the terminal, or Markdown with ``--markdown``.

Imported first by each benchmark, before it takes its folder off ``sys.path``: it imports
nothing that imports the standard library's ``calendar`` at import time.

The Markdown is what docs/performance.md shows: ``python benchmarks/update_docs.py`` runs
each benchmark the page names and puts its output in place, so every figure in the page
is one a benchmark printed, with the machine and the date of the run.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from collections.abc import Sequence

__all__ = ["Report"]


def _processor() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str:
    # imported here: importlib.metadata imports email, which imports calendar, and
    # benchmarks/calendar.py must be off sys.path by then
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version(package)
    except PackageNotFoundError:
        return "absent"


class Report:
    """The lines a benchmark prints, as text or as Markdown."""

    def __init__(self, *, markdown: bool) -> None:
        self.markdown = markdown

    def machine(self, packages: Sequence[str]) -> None:
        """Where and when the figures were measured, with the versions compared."""
        versions = ", ".join(f"{name} {_version(name)}" for name in packages)
        text = (
            f"Measured on {dt.date.today().isoformat()}: {_processor()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, {sys.platform}; "
            f"{versions}."
        )
        print(f"_{text}_\n" if self.markdown else text)

    def section(self, title: str) -> None:
        """A heading inside the benchmark's output."""
        print(f"\n#### {title}\n" if self.markdown else f"\n== {title}")

    def note(self, text: str) -> None:
        """A sentence printed with the figures (what was measured, and how)."""
        print(f"{text}\n" if self.markdown else text)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """A table: the first column left-aligned, the others right-aligned."""
        if self.markdown:
            print("| " + " | ".join(header) + " |")
            print("| --- |" + " ---: |" * (len(header) - 1))
            for row in rows:
                print("| " + " | ".join(row) + " |")
            print()
            return
        widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
        for row in (header, *rows):
            cells = [
                str(cell).ljust(width) if i == 0 else str(cell).rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            ]
            print("  " + "  ".join(cells))
