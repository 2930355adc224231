"""``qualepref validate``, ``catalogue`` and ``schema``: the référentiel at the command line."""

from __future__ import annotations

import argparse
import glob
import json
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

from qualepref import __version__
from qualepref.cli.issue_reports import FORMATS, CheckedFile, render
from qualepref.errors import system_error_text
from qualepref.referentiel.catalogue import load_referentiel
from qualepref.referentiel.export import definitions_schema, to_json, to_table, to_toml
from qualepref.referentiel.issues import DefinitionError, DefinitionIssue, Level
from qualepref.referentiel.loading import check_definitions, read_text

__all__ = ["definition_paths", "register"]


def register(commands: Any) -> None:
    """Add ``validate``, ``catalogue`` and ``schema`` to the ``qualepref`` subcommands."""
    validate = commands.add_parser(
        "validate",
        help="vérifie des fichiers de définitions (pour la CI)",
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

    catalogue = commands.add_parser(
        "catalogue",
        help="le référentiel livré : tableau, TOML ou JSON",
        description=(
            "Affiche le catalogue livré. Sa sortie TOML est elle-même un fichier de "
            'définitions valide (extends = "none").'
        ),
    )
    catalogue.add_argument("--format", choices=("table", "toml", "json"), default="table")
    catalogue.set_defaults(run=_run_catalogue)

    schema = commands.add_parser(
        "schema",
        help="le schéma JSON des fichiers de définitions",
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

    Example:
        >>> definition_paths(["examples/isere-2022"])
        [('examples/isere-2022/definitions.toml', None)]
        >>> definition_paths(["nulle-part/*.toml"])[0][1].message
        'aucun fichier ne correspond au motif nulle-part/*.toml'
    """
    found: list[tuple[str, DefinitionIssue | None]] = []
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
        found.extend((item, None) for item in inside if item not in dict(found))
    return found


def _documentation() -> str | None:
    """The documentation's address, from the installed package's metadata."""
    try:
        urls = metadata.metadata("qualepref").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        return None
    return next((url.split(", ", 1)[1] for url in urls if url.startswith("Documentation")), None)
