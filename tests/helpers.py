"""Helpers shared by the test modules: run the command, read what it wrote, compare engines."""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
from pathlib import Path
from types import ModuleType

import python_calamine

from qualepref.cli import main


def run(*argv: str | Path) -> tuple[int, str]:
    """Run ``qualepref`` with ``argv``; its exit status and standard output."""
    out = io.StringIO()
    status = main([str(arg) for arg in argv], out=out)
    return status, out.getvalue()


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a ``;`` CSV file written by qualepref (UTF-8 with a BOM)."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file, delimiter=";"))


def load_module(path: Path) -> ModuleType:
    """A script of the repository (a generator, a build script), imported from its file."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def workbook_cells(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet's cells: two workbooks are the same when these are."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    finally:
        book.close()


ENGINES = ("python", "polars", "duckdb")


def both_engines(
    tmp_path: Path, source: Path, *options: str | Path, engines: tuple[str, ...] = ENGINES
) -> dict[str, tuple[int, str]]:
    """Track ``source`` with each engine; check they write the same files and report."""
    outcomes = {}
    for engine in engines:
        folder = tmp_path / engine
        folder.mkdir(parents=True, exist_ok=True)
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            status = main(
                ["track", str(source), *map(str, options), "--engine", engine,
                 "-o", str(folder / "delais.csv"), "--measurements", str(folder / "mesures.csv")]
            )  # fmt: skip
        # each engine writes in a folder of its name; any other path is the same for both
        # (and may hold « python »: a CI folder « python-3.11 », a home directory)
        shown = err.getvalue().replace(str(folder), "DOSSIER")
        outcomes[engine] = (status, shown.replace(f"--engine {engine}", "--engine ENGINE"))
    for name in ("delais.csv", "delais-rejets.csv", "mesures.csv"):
        python = tmp_path / "python" / name
        for engine in engines[1:]:
            other = tmp_path / engine / name
            assert python.exists() == other.exists(), (engine, name)
            if python.exists():
                assert python.read_bytes() == other.read_bytes(), (engine, name)
            assert outcomes["python"] == outcomes[engine], engine
    return outcomes
