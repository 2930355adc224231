"""``qualepref plan``: the plan d'amélioration's realisation at a date d'arrêté."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any, TextIO

from qualepref.cli.calendar_commands import parse_day_argument
from qualepref.cli.command_table import COMMANDS
from qualepref.cli.output_formats import format_from
from qualepref.cli.register_reports import (
    add_register_options,
    parse_year_argument,
    rejects_path,
    report_reading,
    write_report,
)
from qualepref.errors import QualeprefError
from qualepref.evaluation import Observation
from qualepref.improvement_plan import PLAN_INDICATOR, plan_counters, plan_report
from qualepref.measurement_files import write_measurements
from qualepref.output_files import check_outputs
from qualepref.periods import Year
from qualepref.plan_files import read_plan
from qualepref.plan_formats import plan_csv, plan_markdown, plan_text
from qualepref.referentiel.container import Definitions
from qualepref.referentiel.issues import DefinitionError
from qualepref.referentiel.loading import catalogue_definitions, load_definitions
from qualepref.referentiel.plan_settings import default_plan

__all__ = ["register"]

_FORMATS = {".md": "markdown", ".csv": "csv", ".txt": "text"}


def register(commands: Any) -> None:
    """Add ``plan`` to the ``qualepref`` subcommands."""
    parser = commands.add_parser(
        "plan",
        help=COMMANDS["plan"].help,
        description=(
            "Lit le registre du plan d'amélioration (CSV ou XLSX, une ligne par action) et "
            "donne, à la date d'arrêté, le taux de réalisation par module et par source, "
            "les actions en retard et celles qui se reportent sur l'année suivante ; écrit "
            "les compteurs de l'indicateur du plan pour « qualepref dashboard ». Les lignes "
            "inutilisables sont rejetées avec leur ligne, leur colonne et la raison. Code de "
            "sortie : 0, 1 si des lignes sont rejetées, 2 si l'appel ou un fichier est "
            "inutilisable."
        ),
    )
    add_register_options(parser, what="registre du plan", settings="[plan], modules, indicateur")
    parser.add_argument(
        "--as-of",
        type=parse_day_argument,
        metavar="DATE",
        help="date d'arrêté (défaut : aujourd'hui)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FICHIER",
        help="le bilan du plan en .md (Markdown), .csv ou .txt (défaut : la sortie)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "csv"),
        help="format du bilan (défaut : l'extension de -o ; sinon text)",
    )
    parser.add_argument(
        "--measurements",
        metavar="FICHIER",
        help="écrire les compteurs de l'indicateur du plan (actions faites, en cours, non faites)",
    )
    parser.add_argument(
        "--year",
        type=parse_year_argument,
        metavar="ANNÉE",
        help="avec --measurements : l'année mesurée, à sa fin ou à la date d'arrêté si elle "
        "est plus tôt (défaut : l'année de la date d'arrêté)",
    )
    parser.add_argument(
        "--indicator",
        default=PLAN_INDICATOR,
        metavar="ID",
        help=f"avec --measurements : l'indicateur du plan (défaut : {PLAN_INDICATOR})",
    )
    parser.set_defaults(run=_run_plan)


def _run_plan(args: argparse.Namespace, out: TextIO) -> int:
    source = Path(args.file)
    rejects = rejects_path(args)
    inputs = [args.file, *([args.definitions] if args.definitions else [])]
    check_outputs(inputs, [args.output, args.measurements, rejects])
    kind = format_from(args.format, args.output, _FORMATS, default="text")
    if args.year is not None and not args.measurements:
        raise QualeprefError("--year va avec --measurements : indiquez le fichier de mesures")
    try:
        definitions = (
            load_definitions(args.definitions) if args.definitions else catalogue_definitions()
        )
    except DefinitionError as error:
        sys.stderr.write(f"qualepref plan : {len(error.issues)} problème(s) :\n{error}\n")
        return 2
    if args.measurements and args.definitions:
        _check_indicator(definitions, args.indicator)
    register = read_plan(args.file, definitions, sheet=args.sheet)
    as_of = args.as_of or dt.date.today()  # noqa: DTZ011 - the command's edge: today, locally
    settings = definitions.plan or default_plan()
    modules = {
        str(module.number): f"Module {module.number} ({module.name})"
        for module in definitions.referentiel.modules
    } | {"pilotage": "Pilotage"}
    sources = {key: settings.source_label(key) for key in settings.sources}
    sources["non_renseignee"] = "Non renseignée"
    report = plan_report(register.actions, as_of, module_labels=modules, source_labels=sources)
    rejected = len(register.rejects)
    if kind == "markdown":
        text = plan_markdown(report, rejected=rejected)
    elif kind == "csv":
        text = plan_csv(report)
    else:
        text = plan_text(report, source=str(source), rejected=rejected)
    write_report(text, args.output, kind, out)
    if args.measurements:
        year = args.year or as_of.year
        counters = plan_counters(register.actions, year, as_of)
        write_measurements(
            [
                Observation(args.indicator, Year(year), name, value)
                for name, value in counters.items()
            ],
            args.measurements,
        )
    report_reading(
        out if args.output else sys.stderr,
        notes=register.notes,
        header=register.header,
        rejects=register.rejects,
        read=len(register.actions),
        rejects_path=rejects,
        written=[path for path in (args.output, args.measurements) if path],
    )
    return 1 if register.rejects else 0


def _check_indicator(definitions: Definitions, indicator: str) -> None:
    try:
        definitions.indicator(indicator)
    except KeyError:
        msg = (
            f"--measurements : l'indicateur {indicator} n'est pas dans les définitions ; "
            "ajoutez-le avec ses compteurs actions_faites, actions_en_cours et "
            "actions_non_faites (voir docs/plan.md), ou nommez le vôtre avec --indicator"
        )
        raise QualeprefError(msg) from None
