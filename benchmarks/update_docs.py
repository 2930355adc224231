"""Run the benchmarks docs/performance.md names and put their Markdown output in place.

Each figure of the page sits between two markers naming the benchmark and its options::

    <!-- benchmark: calendar.py -->
    … what `python benchmarks/calendar.py --markdown` printed …
    <!-- /benchmark -->

Run by hand, from the repository root, on an idle machine, after the benchmark extra is
installed (``pip install -e '.[benchmark]'``)::

    python benchmarks/update_docs.py                 # every block (several minutes)
    python benchmarks/update_docs.py calendar.py     # the blocks of one benchmark

Each block is written (the page replaced atomically) as soon as its benchmark has run; a
benchmark that fails leaves its block and the following ones as they were, and the
script stops with its error.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
PAGE = HERE.parent / "docs" / "performance.md"
BLOCK = re.compile(
    r"(?P<open><!-- benchmark: (?P<command>[^>]*?) -->\n)(?P<body>.*?)"
    r"(?P<close><!-- /benchmark -->)",
    re.DOTALL,
)


def main(only: list[str]) -> None:
    """Rerun the blocks (those of ``only`` if given), writing the page after each."""
    text = PAGE.read_text(encoding="utf-8")
    position = 0
    while (match := BLOCK.search(text, position)) is not None:
        script, *options = shlex.split(match.group("command"))
        position = match.end()
        if only and script not in only:
            continue
        command = [sys.executable, str(HERE / script), *options, "--markdown"]
        print("…", shlex.join(command[1:]), file=sys.stderr)
        done = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603 - our own scripts
        block = match.group("open") + done.stdout.strip() + "\n" + match.group("close")
        text = text[: match.start()] + block + text[match.end() :]
        position = match.start() + len(block)
        partial = PAGE.with_suffix(".md.partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(PAGE)


if __name__ == "__main__":
    main(sys.argv[1:])
