"""``qualepref affiche``: the programme transparence poster of a quarter."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any, TextIO

from qualepref.cli.calendar_commands import parse_day_argument
from qualepref.cli.command_table import COMMANDS
from qualepref.cli.output_formats import format_from
from qualepref.dashboard.poster import build_poster
from qualepref.dashboard.poster_files import PAPERS, poster_html, poster_pdf, poster_png
from qualepref.errors import QualeprefError
from qualepref.measurement_files import (
    MeasurementError,
    measurement_paths,
    read_measurement_files,
)
from qualepref.output_files import atomic_path, check_outputs
from qualepref.periods import PeriodError, Quarter, parse_period
from qualepref.referentiel.issues import DefinitionError
from qualepref.referentiel.loading import load_definitions

__all__ = ["register"]

_FORMATS = {".pdf": "pdf", ".png": "png", ".html": "html", ".htm": "html"}


def _quarter(text: str) -> Quarter:
    try:
        period = parse_period(text)
    except PeriodError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if not isinstance(period, Quarter):
        msg = f"un trimestre est attendu (2022-T4), pas {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return period


def register(commands: Any) -> None:
    """Add ``affiche`` to the ``qualepref`` subcommands."""
    parser = commands.add_parser(
        "affiche",
        help=COMMANDS["affiche"].help,
        description=(
            "Écrit l'affiche du programme transparence d'un trimestre, à imprimer : délais "
            "moyens de délivrance des titres, taux d'appels décrochés… chacun avec le "
            "trimestre précédent, le même trimestre l'an dernier et l'objectif, calculés "
            "comme le tableau de bord, et le graphique de ses cinq derniers trimestres face "
            "à l'objectif. En PDF ou PNG (A4, ou A3), ou en page HTML."
        ),
    )
    parser.add_argument("measurements", metavar="MESURES", nargs="+", help="fichiers de mesures")
    parser.add_argument(
        "--definitions", required=True, metavar="FICHIER", help="fichier de définitions"
    )
    parser.add_argument(
        "--quarter", required=True, type=_quarter, metavar="TRIMESTRE", help="2022-T4…"
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="FICHIER", help="affiche.pdf, .png ou .html"
    )
    parser.add_argument("--paper", choices=PAPERS, default="a4", help="a4 (défaut) ou a3")
    parser.add_argument(
        "--no-charts",
        action="store_true",
        help="sans le graphique des cinq derniers trimestres de chaque chiffre",
    )
    parser.add_argument(
        "--date",
        type=parse_day_argument,
        metavar="DATE",
        help="la date de mise à jour imprimée (défaut : aujourd'hui)",
    )
    parser.set_defaults(run=_run_poster)


def _run_poster(args: argparse.Namespace, out: TextIO) -> int:
    try:
        files = measurement_paths(args.measurements)
        check_outputs([*files, args.definitions], [args.output])
        kind = format_from(None, args.output, _FORMATS, default="")
        if not kind:
            msg = f"{args.output} : une affiche s'écrit en .pdf, .png ou .html"
            raise QualeprefError(msg)
        definitions = load_definitions(args.definitions)
        measurements = read_measurement_files(files, definitions)
    except (DefinitionError, MeasurementError) as error:
        sys.stderr.write(f"qualepref affiche : {len(error.issues)} problème(s) :\n{error}\n")
        return 2 if isinstance(error, MeasurementError) and error.unreadable else 1
    made = args.date or dt.date.today()  # noqa: DTZ011 - the command's edge: today, locally
    poster = build_poster(definitions, measurements, args.quarter, made)
    if not poster.lines:
        msg = (
            "aucun indicateur de l'affiche dans le périmètre : ajoutez-les au fichier de "
            "définitions (voir docs/affiche.md)"
        )
        raise QualeprefError(msg)
    if kind == "html":
        with atomic_path(args.output) as partial:
            page = poster_html(poster, paper=args.paper, charts=not args.no_charts)
            partial.write_text(page, encoding="utf-8")
    else:
        made_bytes = poster_pdf if kind == "pdf" else poster_png
        content = made_bytes(poster, paper=args.paper, charts=not args.no_charts)
        with atomic_path(args.output) as partial:
            partial.write_bytes(content)
    empty = [line.label for line in poster.lines if line.value == "non renseigné"]
    if empty:
        out.write(f"note : sans mesure pour le {poster.quarter_text} : {', '.join(empty)}\n")
    out.write(f"affiche du {poster.quarter_text} ({len(poster.lines)} chiffres) : {args.output}\n")
    return 0
