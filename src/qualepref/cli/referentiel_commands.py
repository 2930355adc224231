"""``qualepref validate``, ``catalogue`` and ``schema``: the référentiel at the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from qualepref.errors import system_error_text
from qualepref.referentiel.catalogue import load_referentiel
from qualepref.referentiel.export import definitions_schema, to_json, to_table, to_toml
from qualepref.referentiel.issues import DefinitionError, DefinitionIssue, Level
from qualepref.referentiel.loading import check_definitions, read_text

__all__ = ["register"]


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
    validate.add_argument("files", nargs="+", metavar="FICHIER", help="fichiers TOML")
    validate.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="github : annotations de workflow GitHub, affichées sur la ligne en cause",
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
    results = [(path, *_check(path)) for path in args.files]
    unreadable = any(not readable for _, readable, _ in results)
    invalid = any(_has_errors(issues) for _, _, issues in results)
    if args.format == "json":
        document = {
            "valid": not (unreadable or invalid),
            "files": [
                {
                    "file": path,
                    "readable": readable,
                    "valid": readable and not _has_errors(issues),
                    "issues": [issue.as_dict() for issue in issues],
                }
                for path, readable, issues in results
            ],
        }
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "github":
        for _, _, issues in results:
            out.writelines(_annotation(issue) + "\n" for issue in issues)
    else:
        for path, readable, issues in results:
            out.writelines(f"{issue}\n" for issue in issues)
            out.write(_summary(path, readable, issues) + "\n")
    if unreadable:
        return 2
    return 1 if invalid else 0


def _has_errors(issues: tuple[DefinitionIssue, ...]) -> bool:
    return any(issue.level is Level.ERROR for issue in issues)


def _summary(path: str, readable: bool, issues: tuple[DefinitionIssue, ...]) -> str:
    if not readable:
        return f"{path} : illisible"
    errors = sum(1 for issue in issues if issue.level is Level.ERROR)
    warnings = len(issues) - errors
    parts = [f"{errors} erreur{'s' * (errors > 1)}"] if errors else []
    if warnings:
        parts.append(f"{warnings} avertissement{'s' * (warnings > 1)}")
    verdict = "invalide" if errors else "valide"
    detail = f" ({', '.join(parts)})" if parts else ""
    return f"{Path(path)} : {verdict}{detail}"


def _escape(text: str, *, property_value: bool = False) -> str:
    """Escape for a GitHub workflow command (data, or a property value)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _annotation(issue: DefinitionIssue) -> str:
    """``::error file=F,line=N,title=QP201::message`` for GitHub Actions.

    Example:
        >>> _annotation(DefinitionIssue("QP201", Level.ERROR, "en double", file="a.toml", line=3))
        '::error file=a.toml,line=3,title=QP201::en double'
    """
    command = "error" if issue.level is Level.ERROR else "warning"
    properties = []
    if issue.file:
        properties.append(f"file={_escape(issue.file, property_value=True)}")
    if issue.line is not None:
        properties.append(f"line={issue.line}")
    title = issue.code + (f" {issue.item}" if issue.item else "")
    properties.append(f"title={_escape(title, property_value=True)}")
    return f"::{command} {','.join(properties)}::{_escape(issue.message)}"
