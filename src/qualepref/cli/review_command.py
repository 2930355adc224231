"""``qualepref bilan``: the bilan annuel as a Word document, from the tableau and registers."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any, TextIO

from qualepref.answer_grids import QuestionTally
from qualepref.cli.command_table import COMMANDS
from qualepref.cli.output_formats import format_from
from qualepref.cli.register_reports import parse_year_argument
from qualepref.dashboard.annual_review import (
    AnnualReview,
    review_html,
    review_pdf,
    write_review_docx,
)
from qualepref.dashboard.table import build_dashboard
from qualepref.errors import QualeprefError
from qualepref.grid_files import read_grid
from qualepref.improvement_plan import plan_report
from qualepref.measurement_files import (
    MeasurementError,
    measurement_paths,
    read_measurement_files,
)
from qualepref.output_files import atomic_path, check_outputs
from qualepref.plan_files import read_plan
from qualepref.referentiel.container import Definitions
from qualepref.referentiel.issues import DefinitionError
from qualepref.referentiel.loading import load_definitions
from qualepref.referentiel.plan_settings import default_plan
from qualepref.referentiel.training_settings import default_training
from qualepref.training import training_report
from qualepref.training_files import read_training

__all__ = ["register"]

_FORMATS = {".docx": "docx", ".html": "html", ".htm": "html", ".pdf": "pdf"}


def register(commands: Any) -> None:
    """Add ``bilan`` to the ``qualepref`` subcommands."""
    parser = commands.add_parser(
        "bilan",
        help=COMMANDS["bilan"].help,
        description=(
            "Écrit le bilan annuel en document Word, à compléter : la démarche et son "
            "périmètre, les indicateurs de l'année par module avec leur tableau, leur "
            "graphique et une place pour le commentaire, l'enquête de satisfaction et les "
            "enquêtes mystères avec leurs intervalles, la formation des agents, le plan "
            "d'amélioration, et le tableau de bord en annexe. Une partie dont le registre "
            "manque n'est pas imprimée vide : le bilan dit ce qui manque."
        ),
    )
    parser.add_argument("measurements", metavar="MESURES", nargs="*", help="fichiers de mesures")
    parser.add_argument(
        "--definitions", required=True, metavar="FICHIER", help="fichier de définitions"
    )
    parser.add_argument(
        "--year", required=True, type=parse_year_argument, metavar="ANNÉE", help="2022…"
    )
    parser.add_argument("--plan", metavar="FICHIER", help="registre du plan d'amélioration")
    parser.add_argument("--formations", metavar="FICHIER", help="registre des formations")
    parser.add_argument(
        "--enquetes", metavar="FICHIER", help="réponses à l'enquête de satisfaction"
    )
    parser.add_argument("--mystere", metavar="FICHIER", help="grille des enquêtes mystères")
    parser.add_argument(
        "--no-charts", action="store_true", help="sans les graphiques des indicateurs"
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="FICHIER", help="bilan.docx, .html ou .pdf"
    )
    parser.set_defaults(run=_run_review)


def _run_review(args: argparse.Namespace, out: TextIO) -> int:
    registers = [p for p in (args.plan, args.formations, args.enquetes, args.mystere) if p]
    try:
        files = measurement_paths(args.measurements) if args.measurements else []
        check_outputs([*files, args.definitions, *registers], [args.output])
        kind = format_from(None, args.output, _FORMATS, default="")
        if not kind:
            msg = (
                f"{args.output} : le bilan s'écrit en .docx (le format que Word modifie), en "
                ".html ou en .pdf"
            )
            raise QualeprefError(msg)
        definitions = load_definitions(args.definitions)
        measurements = read_measurement_files(files, definitions)
    except (DefinitionError, MeasurementError) as error:
        sys.stderr.write(f"qualepref bilan : {len(error.issues)} problème(s) :\n{error}\n")
        return 2 if isinstance(error, MeasurementError) and error.unreadable else 1
    dashboard = build_dashboard(definitions, measurements, args.year, measured_only=True)
    charts: dict[str, bytes] = {}
    if not args.no_charts:
        from qualepref.dashboard.charts import dashboard_charts  # noqa: PLC0415 - matplotlib

        try:
            charts = dashboard_charts(dashboard)
        except QualeprefError as error:  # pragma: no cover - the test extra has matplotlib
            out.write(f"note : {error} ; le bilan est écrit sans graphiques\n")
    review = AnnualReview(
        definitions,
        dashboard,
        plan=_plan(args, definitions),
        training=_training(args, definitions),
        survey=_grid(args.enquetes, definitions, "survey"),
        mystery=_grid(args.mystere, definitions, "mystery"),
        charts=charts,
    )
    if kind == "docx":
        write_review_docx(review, args.output)
    elif kind == "pdf":
        content = review_pdf(review)
        with atomic_path(args.output) as partial:
            partial.write_bytes(content)
    else:
        with atomic_path(args.output) as partial:
            partial.write_text(review_html(review), encoding="utf-8")
    for missing in review.missing():
        out.write(f"note : sans {missing}\n")
    out.write(f"bilan annuel {args.year} : {args.output}\n")
    return 0


def _plan(args: argparse.Namespace, definitions: Definitions) -> Any:
    if not args.plan:
        return None
    settings = definitions.plan or default_plan()
    labels = {
        str(module.number): f"Module {module.number} ({module.name})"
        for module in definitions.referentiel.modules
    } | {"pilotage": "Pilotage"}
    sources = {key: settings.source_label(key) for key in settings.sources}
    register = read_plan(args.plan, definitions)
    return plan_report(
        register.actions, dt.date(args.year, 12, 31), module_labels=labels, source_labels=sources
    )


def _training(args: argparse.Namespace, definitions: Definitions) -> Any:
    if not args.formations:
        return None
    settings = definitions.training or default_training()
    register = read_training(args.formations, definitions)
    # « devant suivre une formation en 2022 »: the register as of the year's first day
    return training_report(
        register.records,
        dt.date(args.year, 1, 1),
        settings.rule.to_rule(),
        labels=settings.labels(),
    )


def _grid(
    path: str | None, definitions: Definitions, kind: str
) -> tuple[QuestionTally, ...] | None:
    if not path:
        return None
    grid = definitions.survey if kind == "survey" else definitions.mystery
    if grid is None:
        table = "[[survey.question]]" if kind == "survey" else "[[mystery.criterion]]"
        msg = f"{path} : le fichier de définitions ne déclare pas ses questions ({table})"
        raise QualeprefError(msg)
    return read_grid(path, grid, kind="survey" if kind == "survey" else "mystery").tallies()
