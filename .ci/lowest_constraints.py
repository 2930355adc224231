"""Print pip constraints pinning each declared dependency to its lowest allowed version.

CI installs the project with these constraints once, and runs the suite: every lower bound
in pyproject.toml is then a version the tests have passed with, not a guess. Covered: the
runtime dependencies and the extras a user installs (not the test and lint tools). Read
from pyproject.toml itself, so the constraints cannot drift from the bounds.

Usage: python .ci/lowest_constraints.py > lowest.txt
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

USER_EXTRAS = ("xlsx", "fast", "charts", "duckdb", "arrow", "affiche", "bilan")
_LOWER = re.compile(r"^\s*([A-Za-z0-9._-]+)(?:\[[^\]]*\])?\s*>=\s*([0-9][0-9A-Za-z.!+]*)")


def lowest(requirements: list[str]) -> dict[str, str]:
    """``name → version`` for each requirement with a ``>=`` bound (markers kept out)."""
    found = {}
    for requirement in requirements:
        spec, _, marker = requirement.partition(";")
        if marker.strip() and "win32" in marker:
            continue  # not installed on this machine
        match = _LOWER.match(spec)
        if match is None:
            sys.exit(f"no lower bound in {requirement!r}: every dependency declares one")
        found[match.group(1).lower()] = match.group(2)
    return found


def main() -> None:
    """Print the constraints, one ``name==version`` per line, by name."""
    project = tomllib.loads(Path(__file__).parent.parent.joinpath("pyproject.toml").read_text())
    table = project["project"]
    pins = lowest(table["dependencies"])
    for extra in USER_EXTRAS:
        pins |= lowest(table["optional-dependencies"][extra])
    for name, version in sorted(pins.items()):
        print(f"{name}=={version}")


if __name__ == "__main__":
    main()
