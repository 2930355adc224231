"""``qualepref dashboard``: the tableau de bord from measurements files, in four formats.

Exit status: 0 on success; 1 when the definitions or the measurements have faults (each
listed with its file and line); 2 when the call is wrong or a file cannot be read at all.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from qualepref.cli.calendar_commands import parse_year
from qualepref.cli.command_table import COMMANDS
from qualepref.cli.output_formats import format_from
from qualepref.dashboard.charts import dashboard_charts, write_charts
from qualepref.dashboard.national_formats import read_national_medians
from qualepref.dashboard.table import Dashboard, build_dashboard
from qualepref.dashboard.text_formats import to_csv, to_html, to_markdown
from qualepref.dashboard.xlsx import write_xlsx
from qualepref.errors import QualeprefError
from qualepref.measurement_files import (
    MeasurementError,
    measurement_paths,
    read_measurement_files,
)
from qualepref.output_files import atomic_path, check_outputs
from qualepref.referentiel.issues import DefinitionError
from qualepref.referentiel.loading import (
    catalogue_definitions,
    load_definitions,
)
from qualepref.statuses import StatusBands

__all__ = ["register"]


def _bands(text: str) -> StatusBands:
    try:
        minor, moderate = (float(part.replace(",", ".")) / 100 for part in text.split("/"))
        return StatusBands(minor, moderate)
    except (ValueError, QualeprefError):
        msg = f"bornes illisibles : {text!r} (attendu deux pourcentages, par exemple 25/50)"
        raise argparse.ArgumentTypeError(msg) from None


def register(commands: Any) -> None:
    """Add ``dashboard`` to the ``qualepref`` subcommands."""
    parser = commands.add_parser(
        "dashboard",
        help=COMMANDS["dashboard"].help,
        description=(
            "Construit le tableau de bord d'une année : N-1, trimestres, annuel, écart à la "
            "cible et statut, calculés à partir des mesures (les composantes sont sommées, "
            "jamais les taux moyennés)."
        ),
    )
    parser.add_argument(
        "measurements",
        metavar="MESURES",
        nargs="+",
        help="fichiers de mesures (.csv, .xlsx) ou dossiers qui en contiennent, lus ensemble",
    )
    parser.add_argument(
        "--definitions",
        metavar="FICHIER",
        help="fichier de définitions de la préfecture (défaut : le catalogue, tous modules)",
    )
    parser.add_argument("--year", "-y", type=parse_year, required=True, help="année du tableau")
    parser.add_argument(
        "--format",
        choices=("markdown", "csv", "html", "xlsx"),
        help="format du tableau (défaut : l'extension de -o, .md, .csv, .html ou .xlsx ; "
        "sinon markdown)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FICHIER", help="fichier à écrire (défaut : la sortie standard)"
    )
    parser.add_argument(
        "--mean-of-values",
        action="store_true",
        help=(
            "moyenne non pondérée des valeurs sans composantes, comme un tableur "
            "(marquée * partout)"
        ),
    )
    parser.add_argument(
        "--by",
        choices=("quarter", "month"),
        default="quarter",
        help="périodes entre N-1 et l'année : les trimestres (défaut) ou les mois, chacune jugée",
    )
    parser.add_argument(
        "--measured-only",
        action="store_true",
        help="n'afficher que les indicateurs ayant des mesures pour l'année ou N-1",
    )
    parser.add_argument(
        "--bands",
        type=_bands,
        default=StatusBands(),
        metavar="MINEUR/MODÉRÉ",
        help="bornes des écarts, en %% de la cible (défaut : 25/50)",
    )
    parser.add_argument(
        "--charts",
        nargs="?",
        const="",
        metavar="DOSSIER",
        help=(
            "un graphique par indicateur, dans le tableau HTML ou XLSX ; avec un dossier, "
            "aussi en fichiers PNG"
        ),
    )
    parser.add_argument(
        "--national",
        metavar="FICHIER",
        help=(
            "la vue nationale (CSV de « qualepref national ») : une colonne « Médiane "
            "nationale » suit l'année"
        ),
    )
    parser.set_defaults(run=_run_dashboard)


_FORMATS = {".md": "markdown", ".markdown": "markdown", ".csv": "csv", ".html": "html"}
_FORMATS |= {".htm": "html", ".xlsx": "xlsx"}


def _run_dashboard(args: argparse.Namespace, out: TextIO) -> int:
    kind = format_from(args.format, args.output, _FORMATS, default="markdown")
    try:
        if args.definitions:
            definitions = load_definitions(args.definitions)
        else:
            definitions = catalogue_definitions()
        files = measurement_paths(args.measurements)  # the folders listed once
        inputs = [*files, *(p for p in (args.definitions, args.national) if p)]
        check_outputs(inputs, [args.output])
        measurements = read_measurement_files(files, definitions)
    except (DefinitionError, MeasurementError) as error:
        sys.stderr.write(f"qualepref dashboard : {len(error.issues)} problème(s) :\n{error}\n")
        return 2 if isinstance(error, MeasurementError) and error.unreadable else 1
    medians = read_national_medians(args.national, args.year) if args.national else None
    dashboard = build_dashboard(
        definitions,
        measurements,
        args.year,
        mean_of_values=args.mean_of_values,
        measured_only=args.measured_only,
        bands=args.bands,
        by=args.by,
        national_medians=medians,
    )
    charts = dashboard_charts(dashboard) if args.charts is not None else {}
    _write(dashboard, kind, args.output, out, charts)
    if args.charts:
        written = write_charts(dashboard, args.charts, charts)
        sys.stderr.write(f"{len(written)} graphique(s) écrit(s) dans {args.charts}\n")
    elif charts and kind not in {"html", "xlsx"}:
        sys.stderr.write(
            "note : les graphiques vont dans un tableau HTML ou XLSX, ou dans un dossier "
            "(--charts DOSSIER)\n"
        )
    if args.output:
        count = len(dashboard.rows)
        sys.stderr.write(f"tableau de bord {args.year} ({count} indicateurs) : {args.output}\n")
    return 0


def _write(
    dashboard: Dashboard, kind: str, output: str | None, out: TextIO, charts: Mapping[str, bytes]
) -> None:
    """Write the tableau to ``output`` (whole or not at all) or to the standard output."""
    if kind == "xlsx":
        binary = getattr(out, "buffer", None)
        if output:
            with atomic_path(output) as partial:
                write_xlsx(dashboard, partial, charts=charts)
        elif binary is not None and not out.isatty():
            out.flush()
            write_xlsx(dashboard, binary, charts=charts)
        else:
            msg = (
                "--format xlsx écrit un classeur : indiquez le fichier (-o tableau.xlsx) "
                "ou redirigez la sortie (> tableau.xlsx)"
            )
            raise QualeprefError(msg)
    else:
        text = (
            to_html(dashboard, charts=charts)
            if kind == "html"
            else {"markdown": to_markdown, "csv": to_csv}[kind](dashboard)
        )
        if output:
            encoding = "utf-8-sig" if kind == "csv" else "utf-8"  # Excel reads accents then
            with atomic_path(output) as partial:
                partial.write_text(text, encoding=encoding)
        else:
            out.write(text)
