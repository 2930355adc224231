"""``qualepref validate``, ``catalogue`` and ``schema``: the référentiel at the command line."""

from __future__ import annotations

import argparse
import glob
import json
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

from qualepref import __version__
from qualepref.cli.command_table import COMMANDS
from qualepref.cli.issue_reports import FORMATS, CheckedFile, render
from qualepref.errors import QualeprefError, system_error_text
from qualepref.measurement_files import (
    UNREADABLE,
    MeasurementError,
    measurement_paths,
    read_measurement_files,
)
from qualepref.output_files import atomic_path
from qualepref.referentiel.container import Definitions
from qualepref.referentiel.export import definitions_schema, to_json, to_table, to_toml
from qualepref.referentiel.issues import DefinitionError, DefinitionIssue, Level
from qualepref.referentiel.loading import (
    catalogue_definitions,
    check_definitions,
    load_definitions,
    load_referentiel,
    read_text,
)
from qualepref.referentiel.starter import starter_definitions

__all__ = ["definition_paths", "register"]


def register(commands: Any) -> None:
    """Add ``validate``, ``catalogue`` and ``schema`` to the ``qualepref`` subcommands."""
    validate = commands.add_parser(
        "validate",
        help=COMMANDS["validate"].help,
        description=(
            "Vérifie des fichiers de définitions et signale tous leurs problèmes, avec leur "
            "ligne. Code de sortie : 0 si tous sont valides, 1 si l'un est invalide, 2 si l'un "
            "est illisible."
        ),
    )
    validate.add_argument(
        "files",
        nargs="+",
        metavar="FICHIER",
        help="fichiers TOML, dossiers (leurs fichiers .toml) ou motifs (« */definitions.toml »)",
    )
    validate.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help=(
            "github : annotations de workflow GitHub ; gitlab : rapport Code Quality de "
            "GitLab ; sarif : SARIF 2.1.0 pour l'analyse de code ; json ; text (défaut)"
        ),
    )
    validate.add_argument(
        "--strict",
        action="store_true",
        help="les avertissements font échouer aussi (code de sortie 1)",
    )
    validate.set_defaults(run=_run_validate)

    check = commands.add_parser(
        "check",
        help=COMMANDS["check"].help,
        description=(
            "Vérifie un fichier de définitions et les fichiers de mesures qui s'y rapportent, "
            "comme le ferait dashboard, et signale tous les problèmes des deux. Code de "
            "sortie : 0 si tout est valide, 1 si un fichier est invalide, 2 si l'un est "
            "illisible."
        ),
    )
    check.add_argument(
        "measurements",
        nargs="+",
        metavar="MESURES",
        help="fichiers de mesures (.csv, .xlsx) ou dossiers qui en contiennent",
    )
    check.add_argument(
        "--definitions",
        required=True,
        metavar="FICHIER",
        help="le fichier de définitions de la préfecture",
    )
    check.add_argument("--format", choices=FORMATS, default="text", help="comme validate")
    check.add_argument("--strict", action="store_true", help="les avertissements font échouer")
    check.set_defaults(run=_run_check)

    init = commands.add_parser(
        "init",
        help=COMMANDS["init"].help,
        description=(
            "Écrit un premier fichier de définitions pour une préfecture : son département, "
            "son périmètre, les indicateurs du périmètre avec la cible du catalogue (en "
            "commentaire, à changer) et un exemple d'indicateur propre. Il est valide tel "
            "quel."
        ),
    )
    init.add_argument(
        "--departement", "-d", required=True, metavar="CODE", help="code du département : 44"
    )
    init.add_argument(
        "--modules",
        type=_modules,
        metavar="1,4",
        help="modules du périmètre, séparés par des virgules (défaut : les obligatoires)",
    )
    init.add_argument("--name", metavar="NOM", help="« Préfecture de la Loire-Atlantique »")
    init.add_argument(
        "-o", "--output", metavar="FICHIER", help="fichier à écrire (défaut : la sortie)"
    )
    init.add_argument("--force", action="store_true", help="remplacer le fichier s'il existe déjà")
    init.set_defaults(run=_run_init)

    catalogue = commands.add_parser(
        "catalogue",
        help=COMMANDS["catalogue"].help,
        description=(
            "Affiche le catalogue livré. Sa sortie TOML est elle-même un fichier de "
            'définitions valide (extends = "none").'
        ),
    )
    catalogue.add_argument("--format", choices=("table", "toml", "json"), default="table")
    catalogue.set_defaults(run=_run_catalogue)

    schema = commands.add_parser(
        "schema",
        help=COMMANDS["schema"].help,
        description="Affiche le schéma JSON des fichiers de définitions, généré des modèles.",
    )
    schema.set_defaults(run=_run_schema)


def _run_catalogue(args: argparse.Namespace, out: TextIO) -> int:
    referentiel = load_referentiel()
    render = {"table": to_table, "toml": to_toml, "json": to_json}[args.format]
    out.write(render(referentiel))
    return 0


def _run_schema(args: argparse.Namespace, out: TextIO) -> int:
    del args
    out.write(json.dumps(definitions_schema(), ensure_ascii=False, indent=2) + "\n")
    return 0


def _check(path: str) -> tuple[bool, tuple[DefinitionIssue, ...]]:
    """(readable, issues) for one file."""
    try:
        text = read_text(path)
    except OSError as error:
        reason = system_error_text(error, named=False)
        issue = DefinitionIssue("QP002", Level.ERROR, f"fichier illisible : {reason}", file=path)
        return False, (issue,)
    except DefinitionError as error:
        return False, error.issues
    return True, check_definitions(text, source=path)[1]


def _run_validate(args: argparse.Namespace, out: TextIO) -> int:
    checked = [
        CheckedFile(path, *_check(path))
        if problem is None
        else CheckedFile(path, False, (problem,))
        for path, problem in definition_paths(args.files)
    ]
    return _report(args, checked, out)


def _report(args: argparse.Namespace, checked: Sequence[CheckedFile], out: TextIO) -> int:
    """Write the report of ``checked`` in the format asked; the exit status: 2, 1 or 0."""
    out.write(
        render(
            args.format,
            checked,
            strict=args.strict,
            version=__version__,
            documentation=_documentation(),
        )
    )
    if any(not file.readable for file in checked):
        return 2
    return 1 if any(file.failed(strict=args.strict) for file in checked) else 0


def definition_paths(given: Sequence[str]) -> list[tuple[str, DefinitionIssue | None]]:
    """The definitions files named by ``given``: files, folders and glob patterns, in order.

    A folder gives its ``.toml`` files at any depth; a pattern (``*/definitions.toml``,
    ``**``) the files it matches, for shells and CI steps that leave it unexpanded. A
    folder or a pattern that names no file is a problem (QP002), not silence.

    Examples:
        >>> definition_paths(["examples/isere-2022"])
        [('examples/isere-2022/definitions.toml', None)]
        >>> definition_paths(["nulle-part/*.toml"])[0][1].message
        'aucun fichier ne correspond au motif nulle-part/*.toml'
    """
    found: list[tuple[str, DefinitionIssue | None]] = []
    seen: set[str] = set()  # a file named twice (a folder and a pattern) is checked once
    for name in given:
        path = Path(name)
        if path.is_dir():
            inside = sorted(str(p) for p in path.rglob("*.toml") if p.is_file())
            problem = f"aucun fichier .toml dans le dossier {name}"
        elif not path.exists() and glob.has_magic(name):
            inside = sorted(glob.glob(name, recursive=True))
            problem = f"aucun fichier ne correspond au motif {name}"
        else:
            inside, problem = [name], ""
        if not inside:
            found.append((name, DefinitionIssue("QP002", Level.ERROR, problem, file=name)))
        for item in inside:
            if item not in seen:
                seen.add(item)
                found.append((item, None))
    return found


def _documentation() -> str | None:
    """The documentation's address, from the installed package's metadata."""
    try:
        urls = metadata.metadata("qualepref").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        return None
    return next((url.split(", ", 1)[1] for url in urls if url.startswith("Documentation")), None)


def _modules(text: str) -> list[int]:
    """``1,4`` (or ``1 4``) as module numbers."""
    try:
        numbers = [int(part) for part in text.replace(",", " ").split()]
    except ValueError:
        msg = f"modules invalides : {text!r} (attendu des numéros séparés par des virgules : 1,4)"
        raise argparse.ArgumentTypeError(msg) from None
    if not numbers:
        raise argparse.ArgumentTypeError("donnez au moins un module : 1,4")
    return numbers


def _run_init(args: argparse.Namespace, out: TextIO) -> int:
    modules = args.modules or [m.number for m in load_referentiel().modules if m.mandatory]
    text = starter_definitions(args.departement, modules, name=args.name)
    if not args.output:
        out.write(text)
        return 0
    target = Path(args.output)
    if target.exists() and not args.force:
        msg = (
            f"{target} existe déjà : choisissez un autre nom, ou ajoutez --force pour le remplacer"
        )
        raise QualeprefError(msg)
    with atomic_path(target) as partial:
        partial.write_text(text, encoding="utf-8")
    sys.stderr.write(f"définitions : {target} (à vérifier : qualepref validate {target})\n")
    return 0


def _run_check(args: argparse.Namespace, out: TextIO) -> int:
    readable, issues = _check(args.definitions)
    checked = [CheckedFile(args.definitions, readable, issues)]
    definitions = None
    if readable and not any(issue.level is Level.ERROR for issue in issues):
        definitions = load_definitions(args.definitions)
    measured = _measurement_files(args.measurements, definitions)
    checked.extend(measured)
    return _report(args, checked, out)


def _measurement_files(given: Sequence[str], definitions: Definitions | None) -> list[CheckedFile]:
    """Each measurements file, with its problems against ``definitions``.

    Invalid definitions leave the measurements checked against the whole catalogue (every
    module): their own problems are still found, the perimeter's are not.
    """
    try:
        paths = measurement_paths(given)
    except MeasurementError as error:
        return [CheckedFile(str(given[0]), False, tuple(error.issues))]
    against = definitions or catalogue_definitions()
    try:
        read_measurement_files(paths, against)
        problems: tuple[DefinitionIssue, ...] = ()
        unreadable = False
    except MeasurementError as error:
        problems, unreadable = tuple(error.issues), error.unreadable
    files = []
    for path in paths:
        name = str(path)
        own = tuple(
            i for i in problems if (i.file or "") == name or (i.file or "").startswith(name + "[")
        )
        files.append(
            CheckedFile(name, not (unreadable and any(i.code in UNREADABLE for i in own)), own)
        )
    return files
