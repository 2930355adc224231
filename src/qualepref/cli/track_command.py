"""``qualepref track``: a tracking file in, its délais, measurements and rejects out.

Exit status: 0 when every row was usable, 1 when rows were rejected (they are listed on
screen and in the rejects file; the other rows are measured all the same), 2 when the
call or a file is wrong (nothing is written then).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TextIO

from pydantic import ValidationError

from qualepref.cli.calendar_commands import (
    calendar_from,
    calendar_options,
    parse_day_argument,
    parse_time,
)
from qualepref.cli.command_table import COMMANDS
from qualepref.cli.output_formats import format_from
from qualepref.errors import QualeprefError
from qualepref.measurement_files import write_measurements
from qualepref.output_files import atomic_path, check_outputs
from qualepref.periods import Period, PeriodError, parse_period
from qualepref.referentiel.issues import DefinitionError
from qualepref.referentiel.loading import (
    catalogue_definitions,
    load_definitions,
)
from qualepref.referentiel.tracking_settings import SampleWindow, default_tracking
from qualepref.spreadsheet_text import inert
from qualepref.tracking.columnar import ColumnarRun, polars_available, run_columnar
from qualepref.tracking.columnar_workbook import run_columnar_workbook
from qualepref.tracking.follow_up import (
    FollowUp,
    follow_up_groups,
    needs_follow_up,
    write_follow_up,
)
from qualepref.tracking.reading import open_tracking_file
from qualepref.tracking.tallies import Tally
from qualepref.tracking.tracker import RowStatus, TrackedRow, Tracker
from qualepref.tracking.writing import REJECT_COLUMNS, RowWriter, cell_text
from qualepref.words import normalize

__all__ = ["register"]

_SHOWN_REJECTS = 20
_FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".json": "json"}
_LATE_FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".html": "html", ".htm": "html"}


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
        help=COMMANDS["track"].help,
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
        help="format des délais (défaut : l'extension de -o, .csv, .xlsx ou .json ; sinon csv)",
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
        help=(
            "lignes rejetées, écrites seulement s'il y en a (défaut : à côté de -o, ou du "
            "fichier lu, suffixe -rejets.csv)"
        ),
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
    parser.add_argument(
        "--sheet",
        action="append",
        metavar="FEUILLE",
        help=(
            "ne lire que cette feuille du classeur (sans égard aux majuscules ni aux accents) ; "
            "répétable ; défaut : toutes les feuilles qui ont la colonne de date de réception"
        ),
    )
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
        "--late-output",
        metavar="FICHIER",
        help=(
            "avec --late : écrire la liste à relancer, par service, en .xlsx (une feuille "
            "par service), .csv ou .html"
        ),
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
        definitions = catalogue_definitions()
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


def _rejects_path(args: argparse.Namespace) -> Path:
    if args.rejects:
        return Path(args.rejects)
    beside = Path(args.output) if args.output else Path(args.file)
    return beside.with_name(f"{beside.stem}-rejets.csv")


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
    """The rejects file, written only when a row is rejected, and the first rejects on screen.

    A workbook's rejects name their sheet in a first column ``feuille``.
    """

    def __init__(self, path: Path, header: Sequence[str], *, workbook: bool) -> None:
        self.path = path
        self.header = list(header)
        self.workbook = workbook
        self.shown = 0
        self._file: TextIO | None = None
        self._stack = contextlib.ExitStack()

    def add(self, cells: Sequence[object], row: TrackedRow, where: str, sheet: str | None) -> None:
        if self._file is None:
            partial = self._stack.enter_context(atomic_path(self.path))
            self._file = self._stack.enter_context(
                partial.open("w", encoding="utf-8-sig", newline="")
            )
            self._csv = csv.writer(self._file, delimiter=";", lineterminator="\r\n")
            first = ("feuille",) if self.workbook else ()
            self._csv.writerow([*first, *REJECT_COLUMNS, *map(inert, self.header)])
        first_cells = [sheet or ""] if self.workbook else []
        self._csv.writerow(
            [*first_cells, row.line, row.column or "", row.reason, *map(cell_text, cells)]
        )
        if self.shown < _SHOWN_REJECTS:
            sys.stderr.write(f"{where}: rejetée [{row.column}] {row.reason}\n")
        self.shown += 1

    @property
    def written(self) -> bool:
        """Whether any row was rejected, so that the file exists."""
        return self._file is not None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        """Finish the file, or on an error leave the previous one as it was."""
        self._stack.__exit__(kind, error, trace)


def _columnar(args: argparse.Namespace, kind: str) -> bool:
    """Whether this run goes to the columnar engine (polars)."""
    possible = (
        kind == "csv"
        and bool(args.output)
        and not args.late
        and not args.by_service
        and Path(args.file).suffix.lower() in {".csv", ".xlsx", ".xlsm"}
    )
    if args.engine == "polars":
        if not polars_available():
            msg = "--engine polars demande polars : pip install 'qualepref[fast]'"
            raise QualeprefError(msg)
        if not possible:
            msg = (
                "--engine polars lit un fichier CSV ou un classeur .xlsx et écrit les délais en "
                "CSV dans un fichier (-o), sans --late ni --by-service"
            )
            raise QualeprefError(msg)
    return possible and args.engine != "python" and polars_available()


def _run_track(args: argparse.Namespace, out: TextIO) -> int:  # noqa: PLR0912 - one report
    # Every file the run reads, checked against every file it writes, before any is read.
    rejects_path = _rejects_path(args)
    inputs = [args.file, *(path for path in (args.definitions, args.closures) if path)]
    check_outputs(inputs, [args.output, args.measurements, args.late_output, rejects_path])
    try:
        tracker = _tracker(args)
    except DefinitionError as error:
        sys.stderr.write(f"qualepref track : {len(error.issues)} problème(s) :\n{error}\n")
        return 2
    kind = format_from(args.format, args.output, _FORMATS, default="csv")
    if kind == "xlsx" and not args.output:
        msg = "--format xlsx écrit un classeur : indiquez le fichier (-o delais.xlsx)"
        raise QualeprefError(msg)
    late_kind = None
    if args.late_output:
        if not args.late:
            raise QualeprefError("--late-output va avec --late : ajoutez --late")
        late_kind = format_from(None, args.late_output, _LATE_FORMATS, default="csv")
    tally = Tally(tracker, by_service=args.by_service)
    run = _run_columnar(args, tracker, tally) if _columnar(args, kind) else None
    notes: list[str] = []
    late: list[FollowUp] = []
    if run is not None:
        blank, notes = run.blank_lines, run.notes
        tally.summary.count_summary_rows(run.summary_rows)
        rejects = _Rejects(rejects_path, run.header, workbook=run.sheet is not None)
        place = f"{args.file}[{run.sheet}]" if run.sheet is not None else args.file
        with rejects:
            for cells, row in run.slow:
                if row.status is RowStatus.REJECTED:
                    rejects.add(cells, row, f"{place}:{row.line}", run.sheet)
    else:
        blank, rejects, notes = _track_rows(
            args, tracker, tally, kind=kind, rejects_path=rejects_path, out=out, late=late
        )
    summary = tally.summary
    if summary.rejected > _SHOWN_REJECTS:
        sys.stderr.write(
            f"… et {summary.rejected - _SHOWN_REJECTS} autre(s) ligne(s) rejetée(s) : "
            f"voir {rejects_path}\n"
        )
    if args.late:
        groups = follow_up_groups(late)
        if late_kind is not None:
            write_follow_up(groups, args.late_output, late_kind, as_of=tracker.as_of)
        else:
            _print_late(groups, tracker, out)
    if args.measurements:
        _write_measurements(tally, Path(args.measurements))
    _report(args, tracker, tally, notes, blank=blank, rejects=rejects)
    return 1 if summary.rejected else 0


def _report(  # noqa: PLR0913 - what the run did
    args: argparse.Namespace,
    tracker: Tracker,
    tally: Tally,
    notes: list[str],
    *,
    blank: int,
    rejects: _Rejects,
) -> None:
    summary = tally.summary
    report = sys.stderr
    for text in notes:
        report.write(text + "\n")
    for text in summary.lines():
        report.write(text + "\n")
    if blank:
        report.write(f"  lignes vides ignorées : {blank}\n")
    for text in tally.skipped:
        report.write(f"  non écrit : {text}\n")
    where = f"rejets : {rejects.path}" if rejects.written else "aucun rejet"
    report.write(f"date d'arrêté : {tracker.as_of:%d/%m/%Y} ; {where}\n")
    if args.output:
        report.write(f"délais : {args.output}\n")
    if args.late_output:
        report.write(f"relances : {args.late_output}\n")
    if args.measurements:
        report.write(f"mesures : {args.measurements}\n")


def _run_columnar(args: argparse.Namespace, tracker: Tracker, tally: Tally) -> ColumnarRun | None:
    """The columnar engine's run, or ``None`` when it leaves the file to the row engine."""
    least = 0.5 if args.engine == "auto" else 0.0  # auto: only where columns help
    source, output = Path(args.file), Path(args.output)
    if source.suffix.lower() == ".csv":
        return run_columnar(tracker, source, output, tally, least_share=least)
    return run_columnar_workbook(
        tracker, source, output, tally, sheets=args.sheet, least_share=least
    )


def _track_rows(  # noqa: PLR0913 - the run's parts
    args: argparse.Namespace,
    tracker: Tracker,
    tally: Tally,
    *,
    kind: str,
    rejects_path: Path,
    out: TextIO,
    late: list[FollowUp],
) -> tuple[int, _Rejects, list[str]]:
    """The row engine: stream the file; return its blank lines, rejects and reading notes."""
    horizon = tracker.calendar.add_working_days(tracker.as_of, args.within)
    columns = tracker.settings.columns
    with open_tracking_file(args.file, sheet=args.sheet, columns=columns) as tracking:
        rows = tracker.for_header(tracking.header)
        several = len(tracking.sheets) > 1
        header = [*tracking.header, "feuille"] if several else tracking.header
        wanted = [
            next((i for i, c in enumerate(rows.header) if normalize(c) == normalize(name)), None)
            for name in (columns.service, columns.subject)
        ]
        progress = _Progress(tracking.size, sys.stderr)
        writer: RowWriter | None = None
        if args.output:
            writer = RowWriter.to_path(
                args.output, header, kind, hidden_columns=tracking.hidden_columns
            )
        elif not args.late:
            writer = RowWriter.to_text(out, header, kind)
        rejects = _Rejects(rejects_path, tracking.header, workbook=bool(tracking.sheets))
        # On any error the outputs are abandoned, the previous files left as they were.
        with contextlib.ExitStack() as stack:
            stack.callback(progress.done)
            stack.enter_context(rejects)
            if writer is not None:
                stack.enter_context(writer)
            for line, cells in tracking.rows:
                row = rows.track(cells, line)
                tally.add(row)
                if writer is not None:
                    writer.write(
                        [*cells[: len(tracking.header)], tracking.sheet] if several else cells, row
                    )
                if row.status is RowStatus.REJECTED:
                    rejects.add(cells, row, tracking.where(line), tracking.sheet)
                elif args.late and needs_follow_up(row, horizon):
                    service, subject = (_text_at(cells, index) for index in wanted)
                    late.append(FollowUp(tracking.where(line), service, subject, row))
                progress.show(tally.summary.read, tracking.position())
        tally.summary.count_summary_rows(len(tracking.summary_rows))
        return tracking.blank_lines, rejects, tracking.notes()


def _text_at(cells: Sequence[object], index: int | None) -> str:
    return cell_text(cells[index]) if index is not None and index < len(cells) else ""


def _print_late(groups: Sequence[Any], tracker: Tracker, out: TextIO) -> None:
    total = sum(len(group.requests) for group in groups)
    overdue = sum(group.overdue for group in groups)
    out.write(
        f"Suivi au {tracker.as_of:%d/%m/%Y} : {overdue} demande(s) en retard, "
        f"{total - overdue} à échéance proche\n"
    )
    for group in groups:
        out.write(
            f"\n{group.service} : {len(group.requests)} demande(s), dont {group.overdue} en "
            "retard\n"
        )
        out.write("ligne | échéance   | statut     | indicateur | objet | motif\n")
        for item in group.requests:
            row = item.row
            due = f"{row.due_date:%d/%m/%Y}" if row.due_date else ""
            out.write(
                f"{item.where} | {due} | {row.status.value} | {row.indicator} | "
                f"{item.subject} | {row.reason}\n"
            )


def _write_measurements(tally: Tally, path: Path) -> None:
    write_measurements(tally.observations(), path)
    if tally.by_service:
        for service in tally.services:
            slug = "-".join(normalize(service).split()) or "sans-service"
            write_measurements(
                tally.observations(service), path.with_name(f"{path.stem}-{slug}{path.suffix}")
            )
