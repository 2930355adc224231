"""``qualepref track``: a tracking file in, its délais, measurements and rejects out.

Exit status: 0 when every row was usable, 1 when rows were rejected (they are listed on
screen and in the rejects file; the other rows are measured all the same), 2 when the
call or a file is wrong (nothing is written then).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import csv
import datetime as dt
import io
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Self, TextIO

from pydantic import ValidationError

from qualepref.cli.calendar_commands import (
    calendar_from,
    calendar_options,
    parse_day_argument,
    parse_time,
)
from qualepref.cli.command_table import COMMANDS
from qualepref.cli.national_command import prefecture_inputs
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
from qualepref.referentiel.tracking_settings import Columns, SampleWindow, default_tracking
from qualepref.spreadsheet_text import inert
from qualepref.table_files import PARQUET_SUFFIXES, WORKBOOK_SUFFIXES
from qualepref.tracking.columnar import (
    ColumnarRun,
    delais_header,
    polars_available,
    run_columnar,
)
from qualepref.tracking.columnar_workbook import run_columnar_workbook
from qualepref.tracking.departement_column import file_departement, prefectures_by_column
from qualepref.tracking.follow_up import (
    FollowUp,
    follow_up_groups,
    needs_follow_up,
    write_follow_up,
)
from qualepref.tracking.reading import open_tracking_file
from qualepref.tracking.streaming import (
    DEFAULT_MEMORY,
    FILE_COLUMN,
    Reject,
    delais_to_parquet,
    duckdb_available,
    parse_memory,
    stream_file,
)
from qualepref.tracking.tallies import Tally
from qualepref.tracking.tracker import RowStatus, TrackedRow, Tracker
from qualepref.tracking.writing import (
    ADDED_COLUMNS,
    REJECT_COLUMNS,
    RowWriter,
    cell_text,
    csv_cells,
    distinct_names,
    padded,
)
from qualepref.words import normalize

__all__ = ["register"]

_SHOWN_REJECTS = 20
_FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".json": "json", ".parquet": "parquet"}
_READ = frozenset({".csv", ".txt"}) | PARQUET_SUFFIXES | WORKBOOK_SUFFIXES  # in a folder

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


def _memory(text: str) -> int:
    try:
        return parse_memory(text)
    except QualeprefError as error:
        raise argparse.ArgumentTypeError(str(error).removeprefix(f"--memory {text} : ")) from None


def _sources(names: Sequence[str | Path]) -> list[Path]:
    """The files to track: those named, and a folder's own in the order of their names."""
    found: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            inside = sorted(
                (
                    p
                    for p in path.iterdir()
                    if p.is_file() and p.suffix.lower() in _READ and not p.name.startswith(".")
                ),
                key=lambda p: p.name,
            )
            if not inside:
                msg = f"{path} : dossier sans tableau de suivi (.csv, .xlsx, .parquet)"
                raise QualeprefError(msg)
            found.extend(inside)
        else:
            found.append(path)
    if len(set(found)) != len(found):
        twice = next(path for path in found if found.count(path) > 1)
        msg = f"{twice} est nommé deux fois : il serait compté deux fois"
        raise QualeprefError(msg)
    return found


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
    parser.add_argument(
        "files",
        metavar="FICHIER",
        nargs="+",
        help=(
            "tableau de suivi, .csv, .xlsx ou .parquet ; plusieurs fichiers ou un dossier "
            "(ses fichiers dans l'ordre des noms) : une colonne « fichier » dit d'où vient "
            "chaque ligne"
        ),
    )
    parser.add_argument(
        "--definitions", metavar="FICHIER", help="fichier de définitions ([tracking], délais)"
    )
    parser.add_argument(
        "--definitions-dir",
        metavar="DOSSIER",
        help=(
            "plusieurs préfectures : chaque fichier (ou dossier) de suivi est rattaché au "
            "fichier de définitions de même nom dans ce dossier (44.csv ou 44/ → 44.toml), "
            "qui donne son département ; -o et --measurements sont alors des dossiers, un "
            "fichier par préfecture"
        ),
    )
    parser.add_argument(
        "--departement-column",
        metavar="COLONNE",
        help=(
            "le département de chaque fichier, lu dans cette colonne (44, 2A ou "
            "Loire-Atlantique ; un seul par fichier) ; avec --definitions-dir, chaque "
            "fichier est rattaché aux définitions de son département (44.toml)"
        ),
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
        choices=("csv", "xlsx", "json", "parquet"),
        help=(
            "format des délais (défaut : l'extension de -o, .csv, .xlsx, .json ou .parquet ; "
            "sinon csv)"
        ),
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
        choices=("auto", "python", "polars", "duckdb"),
        default="auto",
        help=(
            "moteur : polars (un fichier CSV d'un coup, bien plus rapide, si polars est "
            "installé), duckdb (des fichiers de toute taille, par morceaux, en mémoire "
            "bornée : --memory) ou python (ligne à ligne, mémoire bornée) ; auto : polars "
            "quand il peut"
        ),
    )
    parser.add_argument(
        "--memory",
        type=_memory,
        metavar="TAILLE",
        help="avec --engine duckdb : la mémoire à ne pas dépasser (défaut : 2GB)",
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
    declared = definitions.prefecture.departement if definitions.prefecture else None
    departement = args.departement or declared
    if args.departement_column:
        departement = _departement_of_files(args, settings.columns, declared)
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


def _departement_of_files(args: argparse.Namespace, columns: Columns, declared: str | None) -> str:
    """The one département that the files' ``--departement-column`` names."""
    if args.departement:
        msg = "--departement ou --departement-column : l'un ou l'autre, pas les deux"
        raise QualeprefError(msg)
    found = {
        path: file_departement(path, args.departement_column, sheets=args.sheet, columns=columns)
        for path in args.sources
    }
    codes = sorted(set(found.values()))
    if len(codes) > 1:
        named = ", ".join(
            f"{code} ({next(p.name for p, c in found.items() if c == code)})" for code in codes
        )
        msg = (
            f"les fichiers sont de plusieurs départements, {named} : --definitions-dir "
            "DOSSIER suit chacun avec ses définitions et son calendrier"
        )
        raise QualeprefError(msg)
    if declared is not None and declared != codes[0]:
        msg = (
            f'{args.definitions} : [prefecture] departement = "{declared}", mais la colonne '
            f"« {args.departement_column} » dit {codes[0]} : corrigez l'un ou l'autre"
        )
        raise QualeprefError(msg)
    return codes[0]


def _rejects_path(args: argparse.Namespace) -> Path:
    if args.rejects:
        return Path(args.rejects)
    beside = Path(args.output) if args.output else args.sources[0]
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

    def __init__(
        self, path: Path, header: Sequence[str], *, workbook: bool, report: TextIO
    ) -> None:
        self.path = path
        self.report = report
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
        if len(cells) < len(self.header):  # a short row: its missing cells are empty
            cells = [*cells, *[None] * (len(self.header) - len(cells))]
        self._csv.writerow(
            [*first_cells, row.line, row.column or "", row.reason, *map(cell_text, cells)]
        )
        if self.shown < _SHOWN_REJECTS:
            self.report.write(f"{where}: rejetée [{row.column}] {row.reason}\n")
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


def _streaming(args: argparse.Namespace, kind: str) -> bool:
    """Whether this run goes to the out-of-core engine (DuckDB), which is never a default."""
    if args.memory is not None and args.engine != "duckdb":
        raise QualeprefError("--memory va avec --engine duckdb : ajoutez --engine duckdb")
    if args.engine != "duckdb":
        return False
    if not duckdb_available():
        msg = "--engine duckdb demande duckdb, polars et pyarrow : pip install 'qualepref[duckdb]'"
        raise QualeprefError(msg)
    if kind not in {"csv", "parquet"} or not args.output or args.late or args.by_service:
        msg = (
            "--engine duckdb écrit les délais en CSV ou en Parquet dans un fichier (-o), sans "
            "--late ni --by-service"
        )
        raise QualeprefError(msg)
    # A workbook holds at most a million rows a sheet: the row engine reads it, sheets
    # and all, with any other file of the run.
    return not any(source.suffix.lower() in WORKBOOK_SUFFIXES for source in args.sources)


def _columnar(args: argparse.Namespace, kind: str) -> bool:
    """Whether this run goes to the columnar engine (polars)."""
    possible = (
        kind == "csv"
        and bool(args.output)
        and not args.late
        and not args.by_service
        and len(args.sources) == 1
        and args.sources[0].suffix.lower() in {".csv", ".xlsx", ".xlsm"}
    )
    if args.engine == "polars":
        if not polars_available():
            msg = "--engine polars demande polars : pip install 'qualepref[fast]'"
            raise QualeprefError(msg)
        if not possible:
            msg = (
                "--engine polars lit un fichier CSV ou un classeur .xlsx et écrit les délais en "
                "CSV dans un fichier (-o), sans --late ni --by-service ; plusieurs fichiers : "
                "--engine duckdb"
            )
            raise QualeprefError(msg)
    return possible and args.engine != "python" and polars_available()


def _run_track(args: argparse.Namespace, out: TextIO) -> int:
    if args.definitions_dir is None:
        return _run_one(args, out)
    return _run_prefectures(args, out)


_TWO_WORKERS_LEAST = 256 * 1024**2
"""The memory each of two préfectures tracked at once needs, at least (``--memory``)."""


def _run_prefectures(args: argparse.Namespace, out: TextIO) -> int:
    """Each préfecture's files with its definitions, into its own files in the folders given."""
    taken = [
        option
        for option, value in (
            ("--definitions", args.definitions),
            ("--departement", args.departement),
            ("--rejects", args.rejects),
            ("--late", args.late),
        )
        if value
    ]
    if taken:
        msg = (
            f"--definitions-dir donne à chaque fichier sa préfecture : retirez {taken[0]} "
            "(les rejets s'écrivent à côté des délais de chaque préfecture)"
        )
        raise QualeprefError(msg)
    if not args.output:
        msg = "--definitions-dir écrit les délais de chaque préfecture : -o DOSSIER"
        raise QualeprefError(msg)
    if args.departement_column:
        inputs = prefectures_by_column(
            _sources(args.files), args.definitions_dir, args.departement_column, sheets=args.sheet
        )
    else:
        inputs = prefecture_inputs(list(args.files), args.definitions_dir, expand=_sources)
    folders = [Path(args.output), *([Path(args.measurements)] if args.measurements else [])]
    for folder in folders:
        if folder.exists() and not folder.is_dir():
            msg = f"{folder} : avec --definitions-dir, -o et --measurements sont des dossiers"
            raise QualeprefError(msg)
    kind = args.format or "csv"
    suffix = next(suffix for suffix, named in _FORMATS.items() if named == kind)
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    # DuckDB and polars leave Python's lock while they compute: two préfectures at a
    # time keep both cores busy, each with half the memory; the reports come in order.
    memory = args.memory or DEFAULT_MEMORY
    workers = 2 if args.engine == "duckdb" and memory >= 2 * _TWO_WORKERS_LEAST else 1
    memory //= workers

    def one_prefecture(name: str, definitions: Path, files: list[Path]) -> tuple[int, str]:
        one = argparse.Namespace(**vars(args))
        one.files = files
        one.definitions = str(definitions)
        one.definitions_dir = None
        if args.departement_column:  # read once: the files' département is the name
            one.departement, one.departement_column = name, None
        one.output = str(Path(args.output) / f"{name}{suffix}")
        if args.measurements:
            one.measurements = str(Path(args.measurements) / f"{name}.csv")
        if args.engine == "duckdb":
            one.memory = memory
        report = io.StringIO()
        try:
            status = _run_one(one, out, report)
        except QualeprefError as error:  # one préfecture's problem: the others go on
            report.write(f"qualepref track : {name} : {error}\n")
            status = 2
        return status, report.getvalue()

    worst = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        runs = [
            (name, definitions, pool.submit(one_prefecture, name, definitions, files))
            for name, (definitions, files) in sorted(inputs.items())
        ]
        for name, definitions, run in runs:
            status, text = run.result()
            sys.stderr.write(f"== {name} ({definitions.name})\n{text}")
            worst = max(worst, status)
    return worst


def _run_one(  # noqa: PLR0912 - one report
    args: argparse.Namespace, out: TextIO, report: TextIO | None = None
) -> int:
    args.report = report or sys.stderr
    # Every file the run reads, checked against every file it writes, before any is read.
    args.sources = _sources(args.files)
    rejects_path = _rejects_path(args)
    inputs = [*args.sources, *(path for path in (args.definitions, args.closures) if path)]
    check_outputs(inputs, [args.output, args.measurements, args.late_output, rejects_path])
    try:
        tracker = _tracker(args)
    except DefinitionError as error:
        args.report.write(f"qualepref track : {len(error.issues)} problème(s) :\n{error}\n")
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
    streaming = _streaming(args, kind)
    run = _run_columnar(args, tracker, tally) if not streaming and _columnar(args, kind) else None
    notes: list[str] = []
    late: list[FollowUp] = []
    if streaming:
        blank, rejects, notes = _track_streaming(args, tracker, tally, kind, rejects_path)
    elif run is not None:
        blank, notes = run.blank_lines, run.notes
        tally.summary.count_summary_rows(run.summary_rows)
        rejects = _Rejects(
            rejects_path, run.header, workbook=run.sheet is not None, report=args.report
        )
        source = args.sources[0]
        place = f"{source}[{run.sheet}]" if run.sheet is not None else str(source)
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
        args.report.write(
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
    report = args.report
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
    source, output = args.sources[0], Path(args.output)
    if source.suffix.lower() == ".csv":
        return run_columnar(tracker, source, output, tally, least_share=least)
    return run_columnar_workbook(
        tracker, source, output, tally, sheets=args.sheet, least_share=least
    )


def _track_rows(  # noqa: PLR0913 - the run's parts, one loop over the files
    args: argparse.Namespace,
    tracker: Tracker,
    tally: Tally,
    *,
    kind: str,
    rejects_path: Path,
    out: TextIO,
    late: list[FollowUp],
) -> tuple[int, _Rejects, list[str]]:
    """The row engine: stream each file; return the blank lines, rejects and reading notes."""
    horizon = tracker.calendar.add_working_days(tracker.as_of, args.within)
    columns = tracker.settings.columns
    several_files = len(args.sources) > 1
    blank, notes = 0, []
    # On any error the outputs are abandoned, the previous files left as they were.
    with contextlib.ExitStack() as stack:
        writer: RowWriter | None = None
        rejects: _Rejects | None = None
        first: list[str] | None = None
        for source in args.sources:
            tracking = stack.enter_context(
                open_tracking_file(source, sheet=args.sheet, columns=columns)
            )
            rows = tracker.for_header(tracking.header)
            several_sheets = len(tracking.sheets) > 1
            if several_files:
                first = _same_header(first, tracking.header, source, several_sheets)
            extra = [FILE_COLUMN] if several_files else ["feuille"] if several_sheets else []
            header = [*tracking.header, *extra]
            width = len(tracking.header)
            wanted = [
                next(
                    (i for i, c in enumerate(rows.header) if normalize(c) == normalize(name)),
                    None,
                )
                for name in (columns.service, columns.subject)
            ]
            if rejects is None:
                shown_header = header if several_files else tracking.header
                rejects = _Rejects(
                    rejects_path, shown_header, workbook=bool(tracking.sheets), report=args.report
                )
                stack.enter_context(rejects)
                writer = _row_writer(args, header, kind, tracking.hidden_columns, out)
                if writer is not None:
                    stack.enter_context(writer)
            progress = _Progress(tracking.size, args.report)
            with contextlib.ExitStack() as one_file:
                one_file.callback(progress.done)
                for line, cells in tracking.rows:
                    row = rows.track(cells, line)
                    tally.add(row)
                    own = cells
                    if extra:
                        label = str(source) if several_files else tracking.sheet
                        own = [*padded(cells, width), label]
                    if writer is not None:
                        writer.write(own, row)
                    if row.status is RowStatus.REJECTED:
                        shown = own if several_files else cells
                        rejects.add(shown, row, tracking.where(line), tracking.sheet)
                    elif args.late and needs_follow_up(row, horizon):
                        service, subject = (_text_at(cells, index) for index in wanted)
                        late.append(FollowUp(tracking.where(line), service, subject, row))
                    progress.show(tally.summary.read, tracking.position())
            tally.summary.count_summary_rows(len(tracking.summary_rows))
            blank += tracking.blank_lines
            notes += tracking.notes()
        assert rejects is not None  # noqa: S101 - at least one file
    if kind == "parquet" and args.output:
        names = [*distinct_names(header), *ADDED_COLUMNS]
        delais_to_parquet(_parquet_csv(Path(args.output)), Path(args.output), names)
    return blank, rejects, notes


def _row_writer(
    args: argparse.Namespace,
    header: list[str],
    kind: str,
    hidden: frozenset[int],
    out: TextIO,
) -> RowWriter | None:
    if args.output:
        if kind == "parquet":  # CSV first, beside the output; made Parquet at the end
            return RowWriter.to_path(_parquet_csv(Path(args.output)), header, "csv")
        return RowWriter.to_path(args.output, header, kind, hidden_columns=hidden)
    if args.late:
        return None
    return RowWriter.to_text(out, header, kind)


def _same_header(
    first: list[str] | None, header: list[str], source: Path, several_sheets: bool
) -> list[str]:
    """The first file's header; another file must have the same columns in the same order."""
    if FILE_COLUMN in map(normalize, header):
        msg = (
            f"{source} : une colonne s'appelle déjà « {FILE_COLUMN} », la colonne que "
            "qualepref ajoute quand il lit plusieurs fichiers : renommez-la"
        )
        raise QualeprefError(msg)
    if several_sheets:
        msg = (
            f"{source} : un classeur de plusieurs feuilles ne se lit pas avec d'autres "
            "fichiers ; choisissez sa feuille (--sheet) ou lisez-le seul"
        )
        raise QualeprefError(msg)
    if first is not None and header != first:
        msg = (
            f"{source} : ses colonnes ({', '.join(header)}) ne sont pas celles du premier "
            f"fichier ({', '.join(first)}) : les délais de plusieurs fichiers vont dans un "
            "seul tableau ; alignez leurs colonnes ou lancez-les séparément"
        )
        raise QualeprefError(msg)
    return first if first is not None else header


def _parquet_csv(output: Path) -> Path:
    """Where the délais are written as CSV before they become ``output`` in Parquet."""
    return output.with_name(f".{output.name}.csv")


def _track_streaming(
    args: argparse.Namespace,
    tracker: Tracker,
    tally: Tally,
    kind: str,
    rejects_path: Path,
) -> tuple[int, _Rejects, list[str]]:
    """The out-of-core engine (DuckDB) over every file; a file it cannot number, by rows."""
    several = len(args.sources) > 1
    memory = args.memory or DEFAULT_MEMORY
    output = Path(args.output)
    target = _parquet_csv(output) if kind == "parquet" else output
    blank, notes = 0, []
    with contextlib.ExitStack() as stack:
        partial = stack.enter_context(atomic_path(target))
        file = stack.enter_context(partial.open("wb"))
        first: list[str] | None = None
        rejects: _Rejects | None = None
        shown: list[str] = []
        for source in args.sources:
            header = _streamed_header(source, tracker)
            if several:
                first = _same_header(first, header, source, several_sheets=False)
            if rejects is None:
                shown = [*header, FILE_COLUMN] if several else header
                rejects = stack.enter_context(
                    _Rejects(rejects_path, shown, workbook=False, report=args.report)
                )
                file.write(delais_header([*distinct_names(shown), *ADDED_COLUMNS]))
            streamed = stream_file(
                tracker,
                source,
                file,
                tally,
                reject=rejects.add,
                memory=memory,
                file_column=str(source) if several else None,
            )
            if streamed is None:  # the row engine reads it, into the same file
                blank_lines, file_notes = _rows_into(
                    tracker, tally, source, file, rejects.add, several=several
                )
            else:
                blank_lines, file_notes = streamed.blank_lines, streamed.notes()
            blank += blank_lines
            notes += file_notes
        assert rejects is not None  # noqa: S101 - at least one file
    if kind == "parquet":
        delais_to_parquet(target, output, [*distinct_names(shown), *ADDED_COLUMNS])
    return blank, rejects, notes


def _streamed_header(source: Path, tracker: Tracker) -> list[str]:
    """A file's header as the row engine reads it (its errors too)."""
    with open_tracking_file(source, columns=tracker.settings.columns) as tracking:
        return list(tracking.header)


def _rows_into(  # noqa: PLR0913 - one file and where it goes
    tracker: Tracker,
    tally: Tally,
    source: Path,
    file: BinaryIO,
    reject: Reject,
    *,
    several: bool,
) -> tuple[int, list[str]]:
    """The row engine on one file, its délais appended to an open CSV file."""
    columns = tracker.settings.columns
    with open_tracking_file(source, columns=columns) as tracking:
        rows = tracker.for_header(tracking.header)
        width = len(tracking.header)
        text = io.TextIOWrapper(file, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
        for line, cells in tracking.rows:
            row = rows.track(cells, line)
            tally.add(row)
            own = padded(cells, width)
            if several:
                own.append(str(source))
            writer.writerow(csv_cells(own, row))
            if row.status is RowStatus.REJECTED:
                reject(own if several else cells, row, tracking.where(line), tracking.sheet)
        text.flush()
        text.detach()
        tally.summary.count_summary_rows(len(tracking.summary_rows))
        return tracking.blank_lines, tracking.notes()


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
