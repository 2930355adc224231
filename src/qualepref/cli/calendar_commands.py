"""``qualepref calendar`` and ``qualepref delay``: the working-day calendar at the command line.

- ``calendar``: the holidays and closures of a préfecture's calendar for a year.
- ``delay``: day 0, due date, elapsed jours ouvrés and verdict for one receipt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, TextIO

from qualepref.calendar import WorkingCalendar
from qualepref.cli.command_table import COMMANDS
from qualepref.cli.french_parser import FrenchParser
from qualepref.closure_files import read_closures
from qualepref.deadline import Deadline, DeadlineReport
from qualepref.errors import QualeprefError
from qualepref.moments import MomentError, parse_day, parse_moment
from qualepref.public_holidays import Closure, Holiday

__all__ = [
    "calendar_from",
    "calendar_options",
    "parse_day_argument",
    "parse_time",
    "parse_year",
    "register",
]

_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_DATE_HELP = "AAAA-MM-JJ, AAAA-MM-JJTHH:MM[+HH:MM] ou JJ/MM/AAAA [HH:MM]"


def _parse_moment(text: str) -> dt.date:
    """A receipt or answer as typed on a command line: a date, or a date and a time."""
    try:
        return parse_moment(text)
    except MomentError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parse_day_argument(text: str) -> dt.date:
    """A date typed on the command line, ISO or day first.

    Examples:
        >>> parse_day_argument("01/05/2026")
        datetime.date(2026, 5, 1)
    """
    try:
        return parse_day(text)
    except MomentError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _parse_closure(text: str) -> Closure:
    day, _, name = text.partition("=")
    parsed = parse_day_argument(day)
    return Closure(parsed, name.strip()) if name.strip() else Closure(parsed)


def parse_time(text: str) -> dt.time:
    """A time of day typed on the command line: ``17:30``, ``17h30``, ``17h``.

    Examples:
        >>> parse_time("17h30")
        datetime.time(17, 30)
    """
    for pattern in ("%H:%M", "%Hh%M", "%H:%M:%S", "%Hh"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).time()  # noqa: DTZ007
        except ValueError:
            continue
    msg = f"heure illisible : {text!r} (attendu HH:MM, par exemple 17:30)"
    raise argparse.ArgumentTypeError(msg)


def _parse_days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        msg = f"nombre de jours ouvrés invalide : {text!r} (attendu un entier positif ou nul)"
        raise argparse.ArgumentTypeError(msg)
    return value


def parse_year(text: str) -> int:
    """A year typed on the command line, within the span the calendar knows.

    Examples:
        >>> parse_year("2022")
        2022
    """
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not WorkingCalendar.FIRST_DAY.year <= year <= WorkingCalendar.LAST_DAY.year:
        msg = (
            f"année invalide : {text!r} (attendu {WorkingCalendar.FIRST_DAY.year} "
            f"à {WorkingCalendar.LAST_DAY.year})"
        )
        raise argparse.ArgumentTypeError(msg)
    return year


def calendar_options(departement: str | None = "75") -> argparse.ArgumentParser:
    """The calendar options shared by the commands: département, closures, Pentecost."""
    options = FrenchParser(add_help=False)
    group = options.add_argument_group("calendrier")
    default = (
        f"défaut : {departement}, règles de métropole"
        if departement
        else "défaut : celui du fichier de définitions"
    )
    group.add_argument(
        "--departement",
        "-d",
        default=departement,
        metavar="CODE",
        help=f"code du département : 01 à 95, 2A, 2B, 971 à 978 ({default})",
    )
    group.add_argument(
        "--closure",
        action="append",
        type=_parse_closure,
        default=[],
        metavar="DATE[=LIBELLÉ]",
        help="jour de fermeture de la préfecture (pont…) ; répétable",
    )
    group.add_argument(
        "--closures",
        metavar="FICHIER",
        help="fichier CSV des fermetures (colonnes date;libelle)",
    )
    group.add_argument(
        "--pentecost-worked",
        action="store_true",
        help="le lundi de Pentecôte est travaillé (journée de solidarité)",
    )
    group.add_argument(
        "--customary",
        action="store_true",
        help="outre-mer : chômer aussi les jours d'usage (Mi-Carême, Vendredi saint, 21 juillet)",
    )
    return options


def register(commands: Any) -> None:
    """Add ``calendar`` and ``delay`` to the ``qualepref`` subcommands."""
    calendar_options_parser = calendar_options()
    calendar = commands.add_parser(
        "calendar",
        parents=[calendar_options_parser],
        help=COMMANDS["calendar"].help,
        description=(
            "Liste les jours fériés et fermetures d'une année et compte ses jours ouvrés ; "
            "avec --export, écrit le calendrier en table (une ligne par département et par "
            "jour : departement, date, ouvre, rang, libelle, nature) pour DuckDB, Spark ou "
            "tout moteur SQL."
        ),
    )
    calendar.add_argument("--year", "-y", type=parse_year, help="année")
    calendar.add_argument("--format", choices=("text", "json", "csv"), default="text")
    export = calendar.add_argument_group("table du calendrier")
    export.add_argument(
        "--export", metavar="FICHIER", help="écrit la table : jours.parquet ou jours.csv"
    )
    export.add_argument(
        "--departements",
        metavar="CODES",
        help="all (tous) ou des codes séparés par des virgules : 44,57,974 "
        "(défaut : celui de --departement)",
    )
    export.add_argument(
        "--from",
        dest="first_year",
        type=parse_year,
        metavar="ANNÉE",
        help=f"première année (défaut : {WorkingCalendar.FIRST_DAY.year})",
    )
    export.add_argument(
        "--to",
        dest="last_year",
        type=parse_year,
        metavar="ANNÉE",
        help=f"dernière année (défaut : {WorkingCalendar.LAST_DAY.year})",
    )
    calendar.set_defaults(run=_run_calendar)

    delay = commands.add_parser(
        "delay",
        parents=[calendar_options_parser],
        help=COMMANDS["delay"].help,
        description=(
            "Calcule le jour zéro, l'échéance et, si la réponse est donnée, le délai écoulé "
            "en jours ouvrés (le jour de réception n'est pas compté)."
        ),
    )
    delay.add_argument(
        "received", type=_parse_moment, metavar="RECU", help=f"réception : {_DATE_HELP}"
    )
    delay.add_argument(
        "answered",
        type=_parse_moment,
        nargs="?",
        metavar="REPONDU",
        help=f"réponse (facultative) : {_DATE_HELP}",
    )
    delay.add_argument(
        "--days", type=_parse_days, required=True, metavar="N", help="délai en jours ouvrés"
    )
    delay.add_argument(
        "--cutoff",
        type=parse_time,
        metavar="HH:MM",
        help="heure limite : reçu à ou après cette heure = reçu le jour ouvré suivant",
    )
    delay.add_argument("--format", choices=("text", "json"), default="text")
    delay.set_defaults(run=_run_delay)


def calendar_from(
    args: argparse.Namespace, departement: str | None = None, closures: Iterable[Closure] = ()
) -> WorkingCalendar:
    """The calendar the options describe, with more closures (from a definitions file)."""
    days: list[Closure] = [*closures, *args.closure]
    if args.closures:
        days.extend(read_closures(args.closures))
    return WorkingCalendar.for_departement(
        departement or args.departement,
        days,
        pentecost_monday_worked=args.pentecost_worked,
        include_customary=args.customary,
    )


def _day(day: dt.date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day:%d/%m/%Y}"


def _moment(moment: dt.date) -> str:
    if isinstance(moment, dt.datetime):
        return f"{_day(moment)} {moment:%H:%M}"
    return _day(moment)


def _holiday_json(holiday: Holiday) -> dict[str, str]:
    return {
        "date": holiday.date.isoformat(),
        "jour": _WEEKDAYS[holiday.date.weekday()],
        "nature": holiday.kind.label,
        "libelle": holiday.name,
    }


def _run_export(args: argparse.Namespace, out: TextIO) -> int:
    from qualepref.calendar_export import (  # noqa: PLC0415 - pyarrow, for this command only
        export_calendars,
        parse_departements,
        write_calendar_table,
    )
    from qualepref.output_files import check_outputs  # noqa: PLC0415

    check_outputs([args.closures] if args.closures else [], [args.export])
    first = args.first_year or WorkingCalendar.FIRST_DAY.year
    last = args.last_year or WorkingCalendar.LAST_DAY.year
    if last < first:
        msg = f"--from {first} est après --to {last} : la première année vient d'abord"
        raise QualeprefError(msg)
    codes = parse_departements(args.departements or args.departement)
    days: list[Closure] = list(args.closure)
    if args.closures:
        days.extend(read_closures(args.closures))
    calendars = export_calendars(
        codes,
        days,
        pentecost_monday_worked=args.pentecost_worked,
        include_customary=args.customary,
    )
    rows = write_calendar_table(args.export, calendars, dt.date(first, 1, 1), dt.date(last, 12, 31))
    out.write(
        f"table du calendrier : {rows} lignes ({len(codes)} département(s), {first} à "
        f"{last}) : {args.export}\n"
    )
    return 0


def _run_calendar(args: argparse.Namespace, out: TextIO) -> int:
    if args.export:
        if args.year is not None:
            msg = "--year ou --export, pas les deux : --export prend --from et --to"
            raise QualeprefError(msg)
        return _run_export(args, out)
    if args.year is None:
        msg = "indiquez l'année (--year 2026), ou --export FICHIER pour la table du calendrier"
        raise QualeprefError(msg)
    if args.departements or args.first_year or args.last_year:
        msg = "--departements, --from et --to vont avec --export FICHIER"
        raise QualeprefError(msg)
    calendar = calendar_from(args)
    first, last = dt.date(args.year, 1, 1), dt.date(args.year, 12, 31)
    days_off = calendar.holidays_between(first, last)
    working = calendar.working_days_between(first - dt.timedelta(days=1), last)
    dep = calendar.departement
    if args.format == "json":
        document: dict[str, Any] = {
            "departement": {"code": dep.code, "nom": dep.name, "fuseau_horaire": dep.time_zone},
            "annee": args.year,
            "lundi_de_pentecote_travaille": calendar.pentecost_monday_worked,
            "jours_d_usage_chomes": calendar.include_customary,
            "jours_ouvres": working,
            "jours_non_ouvres": [_holiday_json(h) for h in days_off],
        }
        json.dump(document, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    if args.format == "csv":
        out.write("date;jour;nature;libelle\n")
        for holiday in days_off:
            row = _holiday_json(holiday)
            out.write(";".join(row[key].replace(";", ",") for key in row) + "\n")
        return 0
    out.write(f"Calendrier des jours ouvrés {args.year} : {dep} ({dep.time_zone})\n")
    if calendar.pentecost_monday_worked:
        out.write("Lundi de Pentecôte travaillé (journée de solidarité)\n")
    out.write("\n")
    width = max((len(h.kind.label) for h in days_off), default=0)
    for holiday in days_off:
        out.write(f"  {_day(holiday.date):<20}  {holiday.kind.label:<{width}}  {holiday.name}\n")
    on_weekdays = sum(1 for h in days_off if h.date.weekday() < 5)
    out.write(
        f"\n{len(days_off)} jours fériés ou fermetures, dont {on_weekdays} en semaine ; "
        f"{working} jours ouvrés.\n"
    )
    return 0


def _report_json(deadline: Deadline, report: DeadlineReport) -> str:
    document = {
        "departement": deadline.calendar.departement.code,
        "delai": deadline.working_days,
        "heure_limite": deadline.cutoff.strftime("%H:%M") if deadline.cutoff else None,
        "recu": report.received.isoformat(),
        "jour_zero": report.day_zero.isoformat(),
        "motif_jour_zero": report.day_zero_reason.label,
        "echeance": report.due_date.isoformat(),
        "repondu": report.answered.isoformat() if report.answered is not None else None,
        "delai_jours_ouvres": report.elapsed,
        "dans_le_delai": report.met,
        "jours_non_ouvres": [_holiday_json(h) for h in report.days_off],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _field(label: str, value: str) -> str:
    return f"{label:<17}: {value}"


def _run_delay(args: argparse.Namespace, out: TextIO) -> int:
    deadline = Deadline(args.days, calendar_from(args), cutoff=args.cutoff)
    report = deadline.explain(args.received, args.answered)
    if args.format == "json":
        out.write(_report_json(deadline, report))
        return 0
    dep = deadline.calendar.departement
    cutoff = f", heure limite {deadline.cutoff:%H:%M}" if deadline.cutoff else ""
    lines = [
        f"Délai de {deadline.working_days} jours ouvrés, "
        f"calendrier {dep} ({dep.time_zone}){cutoff}",
        _field("Reçu le", _moment(report.received)),
        _field("Jour zéro", f"{_day(report.day_zero)} ({report.day_zero_reason.label})"),
        _field("Échéance", _day(report.due_date)),
    ]
    if report.answered is not None:
        lines += [
            _field("Répondu le", _moment(report.answered)),
            _field("Délai écoulé", f"{report.elapsed} jour(s) ouvré(s)"),
            _field("Dans le délai", "oui" if report.met else "non"),
        ]
    for index, holiday in enumerate(report.days_off):
        label = "Jours non ouvrés" if index == 0 else ""
        separator = ":" if index == 0 else " "
        text = f"{_day(holiday.date)} {holiday.name} ({holiday.kind.label})"
        lines.append(f"{label:<17}{separator} {text}")
    out.write("\n".join(lines) + "\n")
    return 0
