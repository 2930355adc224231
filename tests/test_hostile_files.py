"""Every command over the corpus of hostile files: a message, the documented exit status,
no traceback, and not one input changed."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from helpers import load_module, run

CORPUS = Path(__file__).parent / "data" / "hostile"
BUILD = load_module(CORPUS / "build.py")


def _runs() -> list[Any]:
    """Each case, with each engine when it tracks a file into a CSV output."""
    runs = []
    for case in BUILD.CASES:
        engines: tuple[tuple[str, ...], ...] = ((),)
        if case.command[0] == "track" and "{out}/delais.csv" in case.command:
            engines = (("--engine", "python"), ("--engine", "polars"))
        for engine in engines:
            label = " ".join((case.file, *case.command[:1], *engine[1:], str(case.status)))
            runs.append(pytest.param(case, engine, id=label))
    return runs


def _hashes() -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(CORPUS.iterdir())
        if path.is_file()
    }


def test_the_committed_corpus_is_what_the_script_builds(tmp_path: Path) -> None:
    built = BUILD.build(tmp_path)
    assert len(built) > 30
    for path in built:
        assert path.read_bytes() == (CORPUS / path.name).read_bytes(), path.name
    assert {case.file for case in BUILD.CASES} == {path.name for path in built}  # all used
    assert {p.name for p in CORPUS.iterdir()} == {p.name for p in built} | {"build.py"}


@pytest.mark.parametrize(("case", "engine"), _runs())
def test_a_command_over_a_hostile_file(
    case: Any, engine: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _hashes()
    argv = [
        part.format(file=CORPUS / case.file, out=tmp_path, corpus=CORPUS) for part in case.command
    ]
    status, out = run(*argv, *engine)
    printed = out + capsys.readouterr().err
    assert _hashes() == before, "an input file changed"
    assert status == case.status, printed
    assert case.fragment in printed
    assert "Traceback" not in printed
    assert "erreur inattendue" not in printed  # the last guard is for bugs, not for inputs
    if case.written:
        written = "".join(
            path.read_text(encoding="utf-8-sig") for path in sorted(tmp_path.iterdir())
        )
        assert case.written in written
    if status == 2:  # refused or unreadable: nothing written, not even a partial file
        assert list(tmp_path.iterdir()) == []
