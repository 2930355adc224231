"""``qualepref enquete`` and ``qualepref mystere``: satisfaction surveys and mystery grids."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from qualepref.answer_grids import GridQuestion, overall_tally
from qualepref.cli.command_table import COMMANDS
from qualepref.cli.output_formats import format_from
from qualepref.cli.register_reports import (
    add_register_options,
    parse_period_argument,
    rejects_path,
    report_reading,
    write_report,
)
from qualepref.errors import QualeprefError
from qualepref.grid_files import GridKind, grid_observations, read_grid
from qualepref.grid_formats import (
    MYSTERY_WORDS,
    SURVEY_WORDS,
    grid_csv,
    grid_markdown,
    grid_text,
)
from qualepref.measurement_files import write_measurements
from qualepref.output_files import check_outputs
from qualepref.referentiel.issues import DefinitionError
from qualepref.referentiel.loading import load_definitions

__all__ = ["register"]

_REPORTS = {".md": "markdown", ".csv": "csv", ".txt": "text"}
_TEXTS: dict[str, tuple[str, str, str, str]] = {
    # command: (kind, table in the definitions file, what a row is, the report's title)
    "enquete": ("survey", "[[survey.question]]", "réponses à l'enquête", "Enquête de satisfaction"),
    "mystere": ("mystery", "[[mystery.criterion]]", "grille d'appels ou de visites mystères",
                "Enquête mystère"),
}  # fmt: skip


def register(commands: Any) -> None:
    """Add ``enquete`` and ``mystere`` to the ``qualepref`` subcommands."""
    for name, (_kind, table, what, _title) in _TEXTS.items():
        parser = commands.add_parser(
            name,
            help=COMMANDS[name].help,
            description=(
                f"Lit les {what} (CSV ou XLSX, une ligne par répondant ou par appel, une "
                f"colonne par question déclarée sous {table} dans le fichier de définitions) "
                "et donne pour chaque question les répondants (réponses avec un avis), le "
                "taux de satisfaits et son intervalle de confiance à 95 %, « peu "
                "significatif » sous 30 répondants, et avec l'an dernier (--previous) "
                "l'évolution et si elle dépasse le hasard. Écrit les compteurs des "
                "indicateurs liés aux questions. Code de sortie : 0, 1 si des réponses sont "
                "illisibles, 2 si l'appel ou un fichier est inutilisable."
            ),
        )
        add_register_options(parser, what=what, settings=table, definitions=True)
        parser.add_argument(
            "--previous",
            metavar="FICHIER",
            help="les réponses de l'an dernier : évolution de chaque taux, et sa significativité",
        )
        parser.add_argument(
            "-o",
            "--output",
            metavar="FICHIER",
            help="les résultats en .md (Markdown), .csv ou .txt (défaut : la sortie)",
        )
        parser.add_argument(
            "--measurements",
            metavar="FICHIER",
            help="écrire les compteurs des indicateurs liés aux questions (avec --period)",
        )
        parser.add_argument(
            "--period",
            type=parse_period_argument,
            metavar="PÉRIODE",
            help="avec --measurements : la période mesurée (2022, 2022-S2, 2022-T4…)",
        )
        parser.set_defaults(run=_run_grid, grid_command=name)


def _run_grid(args: argparse.Namespace, out: TextIO) -> int:
    kind_name, table, _what, title = _TEXTS[args.grid_command]
    kind: GridKind = "survey" if kind_name == "survey" else "mystery"
    rejects = rejects_path(args)
    inputs = [args.file, args.definitions, *([args.previous] if args.previous else [])]
    check_outputs(inputs, [args.output, args.measurements, rejects])
    report_kind = format_from(None, args.output, _REPORTS, default="text")
    if args.measurements and args.period is None:
        raise QualeprefError("--measurements demande la période mesurée : --period 2022")
    try:
        definitions = load_definitions(args.definitions)
    except DefinitionError as error:
        sys.stderr.write(
            f"qualepref {args.grid_command} : {len(error.issues)} problème(s) :\n{error}\n"
        )
        return 2
    grid = definitions.survey if kind == "survey" else definitions.mystery
    if grid is None:
        msg = (
            f"{args.definitions} ne déclare aucune question : décrivez chaque colonne lue "
            f"sous {table} (voir docs/enquetes.md)"
        )
        raise QualeprefError(msg)
    register = read_grid(args.file, grid, kind=kind, sheet=args.sheet)
    previous = read_grid(args.previous, grid, kind=kind) if args.previous else None
    tallies = register.tallies(previous)
    overall = None
    if kind == "mystery":
        scale = grid.questions[0].scale
        overall = overall_tally(tallies, GridQuestion("ensemble", "Ensemble des critères", scale))
    words = SURVEY_WORDS if kind == "survey" else MYSTERY_WORDS
    read = len(register.answers)
    if report_kind == "markdown":
        text = grid_markdown(title, tallies, rows_read=read, overall=overall, words=words)
    elif report_kind == "csv":
        text = grid_csv(tallies, overall=overall)
    else:
        text = grid_text(title, tallies, rows_read=read, overall=overall, words=words)
    observations = grid_observations(tallies, definitions, args.period) if args.measurements else []
    write_report(text, args.output, report_kind, out)
    if args.measurements:
        write_measurements(observations, args.measurements)
    report_reading(
        out if args.output else sys.stderr,
        notes=register.notes,
        header=register.header,
        rejects=register.rejects,
        read=read,
        rejects_path=rejects,
        written=[path for path in (args.output, args.measurements) if path],
    )
    return 1 if register.rejects else 0
