"""``qualepref formations``: each agent's next training, and the table of the bilan."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from qualepref.cli.calendar_commands import parse_day_argument
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
from qualepref.evaluation import Observation
from qualepref.measurement_files import write_measurements
from qualepref.output_files import check_outputs
from qualepref.referentiel.container import NotInReferentielError
from qualepref.referentiel.issues import DefinitionError
from qualepref.referentiel.loading import load_definitions
from qualepref.referentiel.training_settings import default_training
from qualepref.register_files import write_annotated
from qualepref.training import next_training_due, training_report, training_state
from qualepref.training_files import read_training
from qualepref.training_formats import training_csv, training_markdown, training_text

__all__ = ["ADDED_COLUMNS", "TRAINING_INDICATOR", "register"]

ADDED_COLUMNS = ("prochaine_echeance", "etat")
"""The columns ``-o`` adds to the register: the next due date (ISO) and the state."""
TRAINING_INDICATOR = "formation_agents_a_jour"
"""The indicator ``--measurements`` fills unless ``--indicator`` names another."""
_OUTPUTS = {".csv": "csv", ".xlsx": "xlsx"}
_REPORTS = {".md": "markdown", ".csv": "csv", ".txt": "text"}


def register(commands: Any) -> None:
    """Add ``formations`` to the ``qualepref`` subcommands."""
    parser = commands.add_parser(
        "formations",
        help=COMMANDS["formations"].help,
        description=(
            "Lit le registre des formations (CSV ou XLSX, une ligne par agent et par rôle) et "
            "donne, à la date d'arrêté, la prochaine échéance de formation de chaque agent "
            "et son état (à jour, à former dans l'année, en retard, sous tutorat), selon la "
            "règle du référentiel : une formation dans l'année qui suit la prise de poste, "
            "puis tous les 4 ans au minimum, le tutorat couvrant l'attente. Affiche le "
            "tableau « agents concernés / à former dans l'année » par rôle et les tutorats "
            "par service. Code de sortie : 0, 1 si des lignes sont rejetées, 2 si l'appel ou "
            "un fichier est inutilisable."
        ),
    )
    add_register_options(parser, what="registre des formations", settings="[training]")
    parser.add_argument(
        "--as-of",
        type=parse_day_argument,
        required=True,
        metavar="DATE",
        help="date d'arrêté (obligatoire : l'état de chacun en dépend)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FICHIER",
        help=(
            "le registre avec deux colonnes ajoutées, prochaine_echeance et etat (.csv ou "
            ".xlsx) : il nomme les agents, gardez-le pour vous"
        ),
    )
    parser.add_argument(
        "--report",
        metavar="FICHIER",
        help="le tableau par rôle et les tutorats en .md, .csv ou .txt (défaut : la sortie)",
    )
    parser.add_argument(
        "--measurements",
        metavar="FICHIER",
        help=(
            "écrire les compteurs de l'indicateur de formation (agents à jour ÷ agents "
            "concernés) à la date d'arrêté, pour qualepref dashboard (avec --period)"
        ),
    )
    parser.add_argument(
        "--period",
        type=parse_period_argument,
        metavar="PÉRIODE",
        help="avec --measurements : la période mesurée (2022, 2022-T1…)",
    )
    parser.add_argument(
        "--indicator",
        default=TRAINING_INDICATOR,
        metavar="ID",
        help=(
            f"avec --measurements : l'indicateur, un taux de deux compteurs déclaré dans les "
            f"définitions (défaut : {TRAINING_INDICATOR})"
        ),
    )
    parser.set_defaults(run=_run_formations)


def _run_formations(args: argparse.Namespace, out: TextIO) -> int:
    rejects = rejects_path(args)
    inputs = [args.file, *([args.definitions] if args.definitions else [])]
    check_outputs(inputs, [args.output, args.report, args.measurements, rejects])
    if args.measurements and (args.period is None or not args.definitions):
        msg = (
            "--measurements demande la période mesurée (--period 2022) et le fichier de "
            "définitions qui déclare l'indicateur (--definitions)"
        )
        raise QualeprefError(msg)
    if args.output:
        format_from(None, args.output, _OUTPUTS, default="csv")
    kind = format_from(None, args.report, _REPORTS, default="text")
    try:
        definitions = load_definitions(args.definitions) if args.definitions else None
    except DefinitionError as error:
        sys.stderr.write(f"qualepref formations : {len(error.issues)} problème(s) :\n{error}\n")
        return 2
    settings = (definitions.training if definitions else None) or default_training()
    rule = settings.rule.to_rule()
    register = read_training(args.file, definitions, sheet=args.sheet)
    as_of = args.as_of
    report = training_report(register.records, as_of, rule, labels=settings.labels())
    rejected = len(register.rejects)
    if kind == "markdown":
        text = training_markdown(report, rejected=rejected)
    elif kind == "csv":
        text = training_csv(report)
    else:
        text = training_text(report, rejected=rejected)
    if args.measurements:
        assert definitions is not None  # noqa: S101 - checked with the options
        try:
            up_to_date, concerned = definitions.rate_counters(args.indicator)
        except NotInReferentielError as error:
            msg = f"--indicator : {error} (voir docs/formations.md)"
            raise QualeprefError(msg) from None
        total = report.total
        write_measurements(
            [
                Observation(args.indicator, args.period, up_to_date, total.concerned - total.due),
                Observation(args.indicator, args.period, concerned, total.concerned),
            ],
            args.measurements,
        )
    write_report(text, args.report, kind, out)
    if args.output:
        write_annotated(
            args.output,
            register.header,
            [
                (
                    row.cells,
                    [
                        next_training_due(agent, rule, as_of),
                        training_state(agent, as_of, rule).value,
                    ],
                )
                for agent, row in zip(register.records, register.rows, strict=True)
            ],
            ADDED_COLUMNS,
        )
    report_reading(
        out if args.report else sys.stderr,
        notes=register.notes,
        header=register.header,
        rejects=register.rejects,
        read=len(register.records),
        rejects_path=rejects,
        written=[path for path in (args.output, args.report, args.measurements) if path],
    )
    return 1 if register.rejects else 0
