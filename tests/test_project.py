"""The project's own promises: README commands, public API, docstrings with examples."""

from __future__ import annotations

import enum
import importlib
import inspect
import io
import json
import pkgutil
import re
import shlex
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest

import qualepref
from qualepref import CounterKind, Direction, Periodicity, Provenance, Unit
from qualepref.cli import main

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block(marker: str) -> str:
    section = re.search(rf"<!-- {marker} -->\n```sh\n(.*?)\n```\n<!-- /{marker} -->", README, re.S)
    assert section, f"README.md has no {marker} block"
    return section.group(1)


def test_readme_has_exactly_two_one_line_setup_commands() -> None:
    assert README.count("```sh\n") == 2
    for marker in ("main-command", "test-command"):
        command = _block(marker)
        assert "\n" not in command
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install ")
    assert _block("test-command").endswith("&& .venv/bin/python -m pytest")


def test_ci_runs_the_readme_test_command_and_the_linters() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in script
    for check in ('ruff" check', 'ruff" format --check', 'mypy" --strict', "-eq 5"):
        assert check in script


def test_the_main_command_runs_on_the_shipped_example(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)
    runs = [part.strip() for part in _block("main-command").split("&&")]
    calls = [shlex.split(part)[1:] for part in runs if part.startswith(".venv/bin/qualepref")]
    assert len(calls) == 2
    xlsx = tmp_path / "tableau.xlsx"
    calls[0][calls[0].index("-o") + 1] = str(xlsx)
    outputs = []
    for argv in calls:
        out = io.StringIO()
        assert main(argv, out=out) == 0
        outputs.append(out.getvalue())
    assert xlsx.stat().st_size > 5000
    assert outputs[1].startswith("# Préfecture de l'Isère — tableau de bord Qual-e-pref 2022")
    assert "| courriers_info_10j |" in outputs[1]


def test_all_is_sorted_and_complete() -> None:
    names = qualepref.__all__  # sorted by ruff (RUF022): constants, classes, functions
    assert len(names) == len(set(names))
    for name in names:
        value = getattr(qualepref, name)
        if isinstance(value, types.UnionType):  # Measure, Period: unions of our own types
            assert all(t.__module__.startswith("qualepref.") for t in value.__args__), name
        else:
            assert getattr(value, "__module__", "qualepref.").startswith("qualepref."), name


def _documented() -> list[tuple[str, object]]:
    """Exported classes and functions, and the public methods the classes define."""
    found: list[tuple[str, object]] = []
    for name in qualepref.__all__:
        value = getattr(qualepref, name)
        if not (inspect.isclass(value) or inspect.isfunction(value)):
            continue  # constants and type aliases
        if inspect.isclass(value) and issubclass(value, (BaseException, enum.Enum)):
            continue  # exceptions and enums are documented without examples
        found.append((name, value))
        if inspect.isclass(value):
            for attribute, member in vars(value).items():
                function = member.__func__ if isinstance(member, classmethod) else member
                if not attribute.startswith("_") and inspect.isfunction(function):
                    found.append((f"{name}.{attribute}", function))
    return found


@pytest.mark.parametrize(("name", "value"), _documented(), ids=[name for name, _ in _documented()])
def test_every_public_function_has_a_docstring_with_an_example(name: str, value: object) -> None:
    doc = inspect.getdoc(value) or ""
    assert ">>>" in doc, f"{name} needs a docstring with an example"


def test_version_and_marker() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["version"] == qualepref.__version__
    assert (ROOT / "src" / "qualepref" / "py.typed").exists()


@pytest.mark.parametrize(("prefix", "page"), [("QP", "definitions.md"), ("QM", "indicators.md")])
def test_every_issue_code_is_documented_with_its_fix(prefix: str, page: str) -> None:
    docs = (ROOT / "docs" / page).read_text(encoding="utf-8")
    documented = set(re.findall(rf"^\| ({prefix}\d{{3}}) \|", docs, re.MULTILINE))
    sources = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "src").rglob("*.py"))
    used = set(re.findall(rf'"({prefix}\d{{3}})"', sources))
    assert documented == used


def test_every_catalogue_indicator_is_documented() -> None:
    docs = (ROOT / "docs" / "referentiel.md").read_text(encoding="utf-8")
    missing = [i.id for i in qualepref.load_referentiel().indicators if f"`{i.id}`" not in docs]
    assert missing == []


def test_the_pre_commit_hook_checks_definitions_files_only() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    fields = dict(re.findall(r"^\s*-?\s*(id|entry|language|files): (.+)$", text, re.MULTILINE))
    assert fields["id"] == "qualepref-validate"
    assert fields["entry"] == "qualepref validate"
    assert fields["language"] == "python"
    files = re.compile(fields["files"])
    for name in ("definitions.toml", "prefectures/44/definitions-44.toml", "a/definitions.toml"):
        assert files.search(name), name
    for name in ("pyproject.toml", "definitions/readme.md", "mesures.toml"):
        assert not files.search(name), name


def test_the_french_spellings_of_values_are_all_documented() -> None:
    from qualepref.referentiel.models import _FRENCH  # noqa: PLC0415 - the table documented

    docs = (ROOT / "docs" / "definitions.md").read_text(encoding="utf-8")
    for kind in (Unit, Direction, Periodicity, CounterKind, Provenance):
        for member in kind:
            for word in (member.label, *_FRENCH.get(member, ())):
                assert f"`{word}`" in docs, word
                assert kind(word) is member
                assert kind(word.upper().replace(" ", "_")) is member


def test_public_names_are_imported_on_first_use() -> None:
    where = qualepref._WHERE
    assert set(where) == set(qualepref.__all__)
    source = (ROOT / "src" / "qualepref" / "__init__.py").read_text(encoding="utf-8")
    for name, module in where.items():  # the table and the imports type checkers read agree
        assert re.search(rf"from {re.escape(module)} import \(?[^)]*\b{name}\b", source), name
    assert "WorkingCalendar" in dir(qualepref)
    # A submodule named like a public name would replace it once imported: none is.
    submodules = {module.name for module in pkgutil.iter_modules(qualepref.__path__)}
    assert not submodules & set(qualepref.__all__)
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        _ = qualepref.Nothing  # type: ignore[attr-defined]
    code = (
        "import sys, qualepref; print(sorted(m for m in sys.modules if m.startswith('qualepref')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert done.stdout.strip() == "['qualepref']"  # nothing else until a name is used


def test_the_typing_check_exercises_every_public_name() -> None:
    checked = (ROOT / "tests" / "typing" / "check_public_api.py").read_text(encoding="utf-8")
    unchecked = [n for n in qualepref.__all__ if not re.search(rf"\b{re.escape(n)}\b", checked)]
    assert unchecked == []


def test_the_ci_recipes_commands_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    guide = (ROOT / "docs" / "definitions.md").read_text(encoding="utf-8")
    recipes = re.findall(r"```yaml\n(.*?)```", guide, re.S)
    commands = [
        line.split("qualepref ", 1)[1]
        for recipe in recipes
        for line in recipe.splitlines()
        if re.match(r"\s*(- run: |- )qualepref ", line)
    ]
    assert len(commands) == 4  # two in GitHub Actions, two in GitLab CI
    folder = tmp_path / "definitions"  # a préfecture's repository: its definitions folder
    folder.mkdir()
    example = ROOT / "examples" / "definitions" / "loire-atlantique.toml"
    (folder / "loire-atlantique.toml").write_bytes(example.read_bytes())
    for command in commands:
        words = shlex.split(command.split(" > ")[0].split(" || ")[0])
        argv = [str(folder) if w == "definitions/" else w for w in words]
        out = io.StringIO()
        assert main(argv, out=out) == 0, command
        if "sarif" in argv or "gitlab" in argv:
            assert json.loads(out.getvalue()) is not None  # a report a tool can read
    capsys.readouterr()


def test_every_error_of_the_library_is_a_qualepref_error() -> None:
    found = []
    for module in pkgutil.walk_packages(qualepref.__path__, "qualepref."):
        for name, value in vars(importlib.import_module(module.name)).items():
            is_error = inspect.isclass(value) and issubclass(value, Exception)
            if is_error and not name.startswith("_") and value.__module__ == module.name:
                found.append(value)
    assert len(found) >= 15
    assert [e.__name__ for e in found if not issubclass(e, qualepref.QualeprefError)] == []


def test_every_name_the_docs_import_is_public() -> None:
    docs = [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]
    imported = {
        name.strip()
        for path in docs
        for names in re.findall(
            r"from qualepref(?:\.[\w.]+)? import \(?([\w,\s]+?)\)?\n", path.read_text("utf-8")
        )
        for name in names.split(",")
        if name.strip()
    }
    assert len(imported) > 20
    assert sorted(imported - set(qualepref.__all__)) == []


@pytest.mark.parametrize(
    ("guide", "picture"),
    [
        ("affiche.md", "affiche-isere-2022-T4.png"),
        ("bilan.md", "bilan-isere-2022-page1.png"),
        ("echeancier.md", "echeancier-isere-2022.png"),
    ],
)
def test_each_documents_guide_shows_a_picture_of_it(guide: str, picture: str) -> None:
    text = (ROOT / "docs" / guide).read_text(encoding="utf-8")
    assert f"]({picture})" in text
    image = (ROOT / "docs" / picture).read_bytes()
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(image[16:20], "big") > 400  # wide enough to read


def test_every_performance_figure_comes_from_a_benchmark() -> None:
    """docs/performance.md: every table sits in a block a benchmark wrote (update_docs.py)."""
    root = Path(__file__).parent.parent
    text = (root / "docs" / "performance.md").read_text(encoding="utf-8")
    pattern = re.compile(
        r"<!-- benchmark: (?P<command>[^>]*?) -->\n(?P<body>.*?)<!-- /benchmark -->", re.DOTALL
    )
    blocks = list(pattern.finditer(text))
    assert len(blocks) >= 8
    outside = pattern.sub("", text)
    assert [line for line in outside.splitlines() if line.startswith("|")] == []
    for block in blocks:
        script = root / "benchmarks" / block.group("command").split()[0]
        assert "--markdown" in script.read_text(encoding="utf-8"), script.name
        body = block.group("body")
        assert body.startswith("_Measured on 20"), block.group("command")  # machine and date
        assert "| --- |" in body, block.group("command")
