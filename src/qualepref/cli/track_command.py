"""``qualepref track``: a tracking file in, its délais, measurements and rejects out.

Exit status: 0 when every row was usable, 1 when rows were rejected (they are listed on
screen and in the rejects file; the other rows are measured all the same), 2 when the
call or a file is wrong.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from qualepref.cli.calendar_commands import (
    calendar_from,
    calendar_options,
    parse_day_argument,
    parse_time,
)
from qualepref.errors import QualeprefError
from qualepref.measurement_files import write_measurements
from qualepref.periods import Period, PeriodError, parse_period
from qualepref.referentiel.issues import DefinitionError
from qualepref.referentiel.loading import load_definitions, parse_definitions
from qualepref.tracking.columnar import polars_available, run_columnar
from qualepref.tracking.files import REJECT_COLUMNS, RowWriter, cell_text, open_tracking_file
from qualepref.tracking.settings import SampleWindow, default_tracking, normalize
from qualepref.tracking.tallies import Tally
from qualepref.tracking.tracker import RowStatus, TrackedRow, Tracker

__all__ = ["register"]

_SHOWN_REJECTS = 20
_ALL_MODULES = "[perimeter]\nmodules = [1, 2, 3, 4, 5, 6, 7]\n"


def _period(text: str) -> Period:
    try:
        return parse_period(text)
    except PeriodError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _sample(text: str) -> SampleWindow:
    start, separator, end = text.partition(":")
    if not separator:
        start, separator, end = text.partition("..")
    if not separator:
        msg = (
            f"échantillon illisible : {text!r} (attendu DÉBUT:FIN, "
            "par exemple 2022-01-10:2022-01-14)"
        )
        raise argparse.ArgumentTypeError(msg)
    first, last = parse_day_argument(start), parse_day_argument(end)
    if last < first:
        msg = f"échantillon à l'envers : {text!r} (la fin précède le début)"
        raise argparse.ArgumentTypeError(msg)
    return SampleWindow(start=first, end=last)


def _working_days(text: str) -> int:
    if not text.isdigit():
        msg = f"nombre de jours ouvrés invalide : {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return int(text)


def register(commands: Any) -> None:
    """Add ``track`` to the ``qualepref`` subcommands."""
    parser = commands.add_parser(
        "track",
        parents=[calendar_options(departement=None)],
        help="délais d'un tableau de suivi, et mesures pour le tableau de bord",
        description=(
            "Lit un tableau de suivi (CSV ou XLSX) : pour chaque ligne, jour zéro, échéance, "
            "délai en jours ouvrés, statut et motif ; écrit les mesures mensuelles que lit "
            "« qualepref dashboard ». Les lignes inutilisables sont rejetées avec leur "
            "ligne, leur colonne et la raison : rien n'est perdu."
        ),
    )
    parser.add_argument("file", metavar="FICHIER", help="tableau de suivi, .csv ou .xlsx")
    parser.add_argument(
        "--definitions", metavar="FICHIER", help="fichier de définitions ([tracking], délais)"
    )
    parser.add_argument(
        "--cutoff", type=parse_time, metavar="HH:MM", help="heure limite de réception"
    )
    parser.add_argument(
        "--as-of",
        type=parse_day_argument,
        metavar="DATE",
        help="date d'arrêté : une demande sans réponse est en retard après son échéance "
        "(défaut : aujourd'hui)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FICHIER", help="délais ligne par ligne (défaut : la sortie)"
    )
    parser.add_argument(
        "--format",
        choices=("csv", "xlsx", "json"),
        help="format des délais (défaut : l'extension de -o, sinon csv)",
    )
    parser.add_argument(
        "--measurements", metavar="FICHIER", help="mesures mensuelles pour qualepref dashboard"
    )
    parser.add_argument(
        "--by-service",
        action="store_true",
        help="écrire aussi un fichier de mesures par service ou boîte (MESURES-service.csv)",
    )
    parser.add_argument(
        "--rejects",
        metavar="FICHIER",
        help="lignes rejetées (défaut : à côté de -o, suffixe -rejets.csv)",
    )
    parser.add_argument(
        "--period", type=_period, metavar="PÉRIODE", help="ne mesurer que 2022, 2022-T1, 2022-03…"
    )
    parser.add_argument(
        "--indicator",
        action="append",
        metavar="ID",
        help="ne mesurer que cet indicateur ; répétable",
    )
    parser.add_argument(
        "--channel", metavar="CANAL", help="canal des lignes sans colonne Canal (courriel…)"
    )
    parser.add_argument(
        "--sample",
        action="append",
        type=_sample,
        default=[],
        metavar="DÉBUT:FIN",
        help="jours suivis par échantillon (une semaine en janvier…) ; répétable",
    )
    parser.add_argument("--sheet", metavar="FEUILLE", help="feuille du classeur XLSX à lire")
    parser.add_argument(
        "--engine",
        choices=("auto", "python", "polars"),
        default="auto",
        help=(
            "moteur : polars (un fichier CSV d'un coup, bien plus rapide, si polars est "
            "installé) ou python (ligne à ligne, mémoire bornée) ; auto : polars quand il peut"
        ),
    )
    parser.add_argument(
        "--late",
        action="store_true",
        help="n'afficher que les demandes en retard ou qui arrivent à échéance (suivi du matin)",
    )
    parser.add_argument(
        "--within",
        type=_working_days,
        default=2,
        metavar="N",
        help="avec --late : échéances dans les N prochains jours ouvrés (défaut : 2)",
    )
    parser.set_defaults(run=_run_track)


def _tracker(args: argparse.Namespace) -> Tracker:
    if args.definitions:
        definitions = load_definitions(args.definitions)
    else:
        definitions = parse_definitions(_ALL_MODULES)
    settings = definitions.tracking or default_tracking()
    changes: dict[str, Any] = {}
    if args.channel:
        changes["default_channel"] = args.channel
    if args.sample:
        changes["sample"] = [*settings.samples, *args.sample]
    if changes:
        try:
            settings = settings.merged(changes)
        except ValidationError as error:
            message = error.errors()[0]["msg"].removeprefix("Value error, ")
            raise QualeprefError(message) from None
    departement = args.departement or (
        definitions.prefecture.departement if definitions.prefecture else None
    )
    if departement is None:
        msg = (
            "indiquez le département (--departement 44) ou [prefecture] departement dans le "
            "fichier de définitions : il décide des jours fériés"
        )
        raise QualeprefError(msg)
    calendar = calendar_from(args, departement, settings.closure_days())
    as_of = args.as_of or dt.date.today()  # noqa: DTZ011 - the command's edge: today, locally
    indicators = frozenset(args.indicator) if args.indicator else None
    if indicators is not None:
        known = {flow.indicator for flow in settings.flows}
        unknown = sorted(indicators - known)
        if unknown:
            msg = f"--indicator {unknown[0]} : aucun flux ne le mesure ({', '.join(sorted(known))})"
            raise QualeprefError(msg)
    return Tracker(
        definitions,
        settings,
        calendar,
        as_of,
        cutoff=args.cutoff,
        period=args.period,
        indicators=indicators,
    )


def _format_of(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output:
        suffix = Path(args.output).suffix.lower().lstrip(".")
        if suffix in {"xlsx", "json"}:
            return suffix
    return "csv"


def _rejects_path(args: argparse.Namespace) -> Path:
    if args.rejects:
        return Path(args.rejects)
    if args.output:
        output = Path(args.output)
        return output.with_name(f"{output.stem}-rejets.csv")
    return Path(f"{Path(args.file).stem}-rejets.csv")


class _Progress:
    """A progress line on a terminal's standard error; nothing when it is not a terminal."""

    def __init__(self, size: int | None, stream: TextIO) -> None:
        self.stream = stream
        self.size = size
        self.on = stream.isatty()
        self.next = 0.0

    def show(self, rows: int, position: int) -> None:
        if not self.on:
            return
        now = time.monotonic()
        if now < self.next:
            return
        self.next = now + 0.2
        share = f" ({100 * position / self.size:.0f} %)" if self.size else ""
        self.stream.write(f"\r{rows:>12,} lignes lues{share}".replace(",", " "))
        self.stream.flush()

    def done(self) -> None:
        if self.on:
            self.stream.write("\r" + " " * 40 + "\r")
            self.stream.flush()


class _Rejects:
    """The rejects file, and the first rejects on screen."""

    def __init__(self, path: Path, header: Sequence[str], source: str) -> None:
        self.path = path
        self.source = source
        self.shown = 0
        self._file = path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._file, delimiter=";", lineterminator="\r\n")
        self._csv.writerow([*REJECT_COLUMNS, *header])

    def add(self, cells: Sequence[object], row: TrackedRow) -> None:
        self._csv.writerow([row.line, row.column or "", row.reason, *map(cell_text, cells)])
        if self.shown < _SHOWN_REJECTS:
            sys.stderr.write(f"{self.source}:{row.line}: rejetée [{row.column}] {row.reason}\n")
        self.shown += 1

    def close(self) -> None:
        self._file.close()


def _columnar(args: argparse.Namespace, kind: str) -> bool:
    """Whether this run goes to the columnar engine (polars)."""
    possible = (
        kind == "csv"
        and bool(args.output)
        and not args.late
        and not args.by_service
        and Path(args.file).suffix.lower() == ".csv"
    )
    if args.engine == "polars":
        if not polars_available():
            msg = "--engine polars demande polars : pip install 'qualepref[fast]'"
            raise QualeprefError(msg)
        if not possible:
            msg = (
                "--engine polars lit un fichier CSV et écrit les délais en CSV dans un fichier "
                "(-o), sans --late ni --by-service"
            )
            raise QualeprefError(msg)
    return possible and args.engine != "python" and polars_available()


def _run_track(args: argparse.Namespace, out: TextIO) -> int:  # noqa: PLR0912 - one report
    try:
        tracker = _tracker(args)
    except DefinitionError as error:
        sys.stderr.write(f"qualepref track : {len(error.issues)} problème(s) :\n{error}\n")
        return 2
    kind = _format_of(args)
    if kind == "xlsx" and not args.output:
        msg = "--format xlsx écrit un classeur : indiquez le fichier (-o delais.xlsx)"
        raise QualeprefError(msg)
    tally = Tally(tracker, by_service=args.by_service)
    rejects_path = _rejects_path(args)
    late_rows: list[tuple[list[Any], TrackedRow]] = []
    run = None
    if _columnar(args, kind):
        run = run_columnar(tracker, Path(args.file), Path(args.output), tally)
    if run is not None:
        blank = run.blank_lines
        rejects = _Rejects(rejects_path, run.header, args.file)
        try:
            for cells, row in run.slow:
                if row.status is RowStatus.REJECTED:
                    rejects.add(cells, row)
        finally:
            rejects.close()
    else:
        blank, header = _track_rows(
            args, tracker, tally, kind=kind, rejects_path=rejects_path, out=out, late_rows=late_rows
        )
    summary = tally.summary
    if summary.rejected > _SHOWN_REJECTS:
        sys.stderr.write(
            f"… et {summary.rejected - _SHOWN_REJECTS} autre(s) ligne(s) rejetée(s) : "
            f"voir {rejects_path}\n"
        )
    if args.late:
        _print_late(late_rows, header, tracker, out)
    if args.measurements:
        _write_measurements(tally, Path(args.measurements))
    report = sys.stderr
    for text in summary.lines():
        report.write(text + "\n")
    if blank:
        report.write(f"  lignes vides ignorées : {blank}\n")
    for text in tally.skipped:
        report.write(f"  non écrit : {text}\n")
    report.write(f"date d'arrêté : {tracker.as_of:%d/%m/%Y} ; rejets : {rejects_path}\n")
    if args.output:
        report.write(f"délais : {args.output}\n")
    if args.measurements:
        report.write(f"mesures : {args.measurements}\n")
    return 1 if summary.rejected else 0


def _track_rows(  # noqa: PLR0913 - the run's parts
    args: argparse.Namespace,
    tracker: Tracker,
    tally: Tally,
    *,
    kind: str,
    rejects_path: Path,
    out: TextIO,
    late_rows: list[tuple[list[Any], TrackedRow]],
) -> tuple[int, tuple[str, ...]]:
    """The row engine: stream the file; return its blank lines and its header."""
    horizon = tracker.calendar.add_working_days(tracker.as_of, args.within)
    with open_tracking_file(args.file, sheet=args.sheet) as tracking:
        rows = tracker.for_header(tracking.header)
        progress = _Progress(tracking.size, sys.stderr)
        writer: RowWriter | None = None
        if args.output:
            writer = RowWriter.to_path(args.output, tracking.header, kind)
        elif not args.late:
            writer = RowWriter.to_text(out, tracking.header, kind)
        rejects = _Rejects(rejects_path, tracking.header, args.file)
        try:
            for line, cells in tracking.rows:
                row = rows.track(cells, line)
                tally.add(row)
                if writer is not None:
                    writer.write(cells, row)
                if row.status is RowStatus.REJECTED:
                    rejects.add(cells, row)
                elif args.late and _follow_up(row, horizon):
                    late_rows.append((cells, row))
                progress.show(tally.summary.read, tracking.position())
        finally:
            progress.done()
            rejects.close()
            if writer is not None:
                writer.close()
        return tracking.blank_lines, rows.header


def _follow_up(row: TrackedRow, horizon: dt.date) -> bool:
    if row.status is RowStatus.OVERDUE:
        return True
    return row.status is RowStatus.PENDING and row.due_date is not None and row.due_date <= horizon


def _print_late(
    late: list[tuple[list[Any], TrackedRow]],
    header: tuple[str, ...],
    tracker: Tracker,
    out: TextIO,
) -> None:
    columns = tracker.settings.columns
    wanted = [
        next((i for i, c in enumerate(header) if normalize(c) == normalize(name)), None)
        for name in (columns.service, columns.subject)
    ]
    late.sort(key=lambda item: (item[1].due_date or dt.date.max, item[1].line or 0))
    overdue = sum(1 for _, row in late if row.status is RowStatus.OVERDUE)
    out.write(
        f"Suivi au {tracker.as_of:%d/%m/%Y} : {overdue} demande(s) en retard, "
        f"{len(late) - overdue} à échéance proche\n"
    )
    if not late:
        return
    out.write("ligne | échéance   | statut     | indicateur | service | objet | motif\n")
    for cells, row in late:
        service, subject = (
            cell_text(cells[index]) if index is not None and index < len(cells) else ""
            for index in wanted
        )
        due = f"{row.due_date:%d/%m/%Y}" if row.due_date else ""
        out.write(
            f"{row.line} | {due} | {row.status.value} | {row.indicator} | {service} | "
            f"{subject} | {row.reason}\n"
        )


def _write_measurements(tally: Tally, path: Path) -> None:
    write_measurements(tally.observations(), path)
    if tally.by_service:
        for service in tally.services:
            slug = "-".join(normalize(service).split()) or "sans-service"
            write_measurements(
                tally.observations(service), path.with_name(f"{path.stem}-{slug}{path.suffix}")
            )
