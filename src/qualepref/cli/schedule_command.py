"""``qualepref echeancier``: every obligation of the démarche, its due date and its state."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from qualepref.cli.calendar_commands import parse_day_argument
from qualepref.cli.command_table import COMMANDS
from qualepref.cli.output_formats import format_from
from qualepref.cli.register_reports import rejects_path, report_reading
from qualepref.errors import QualeprefError
from qualepref.obligations import (
    Obligation,
    plan_obligations,
    schedule,
    training_obligations,
)
from qualepref.output_files import atomic_path, check_outputs
from qualepref.pilotage_files import read_pilotage
from qualepref.plan_files import read_plan
from qualepref.referentiel.container import Definitions
from qualepref.referentiel.issues import DefinitionError
from qualepref.referentiel.loading import load_definitions
from qualepref.referentiel.obligation_settings import default_obligations
from qualepref.referentiel.training_settings import default_training
from qualepref.register_files import RejectedRow
from qualepref.schedule_formats import schedule_ics, schedule_text, write_schedule_xlsx
from qualepref.training_files import read_training

__all__ = ["register"]

_FORMATS = {".txt": "text", ".xlsx": "xlsx", ".ics": "ics"}


def register(commands: Any) -> None:
    """Add ``echeancier`` to the ``qualepref`` subcommands."""
    parser = commands.add_parser(
        "echeancier",
        help=COMMANDS["echeancier"].help,
        description=(
            "Liste chaque obligation de la démarche avec son échéance et son état à la date "
            "d'arrêté (fait, à venir, à faire avant le …, en retard) : COPIL, CLU, bilan "
            "annuel, affiche transparence, enquête annuelle, audit de suivi à 18 mois et "
            "renouvellement du label, et avec les registres les actions du plan et les "
            "formations dues. Une échéance qui tombe un jour non ouvré passe au dernier jour "
            "ouvré avant elle. En .ics, un fichier que Outlook et Thunderbird importent. Code "
            "de sortie : 0, 1 si des lignes d'un registre sont rejetées, 2 si l'appel ou un "
            "fichier est inutilisable."
        ),
    )
    parser.add_argument(
        "--definitions", required=True, metavar="FICHIER", help="fichier de définitions"
    )
    parser.add_argument(
        "--pilotage",
        metavar="FICHIER",
        help="registre de pilotage (Date, Obligation, Observation) : ce qui a eu lieu",
    )
    parser.add_argument("--plan", metavar="FICHIER", help="registre du plan d'amélioration")
    parser.add_argument("--formations", metavar="FICHIER", help="registre des formations")
    parser.add_argument(
        "--as-of",
        type=parse_day_argument,
        metavar="DATE",
        help="date d'arrêté (défaut : aujourd'hui)",
    )
    parser.add_argument(
        "--year",
        type=int,
        metavar="ANNÉE",
        help="l'année listée (défaut : celle de la date d'arrêté)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "xlsx", "ics"),
        help="text, xlsx (un classeur) ou ics (un calendrier) ; défaut : l'extension de -o",
    )
    parser.add_argument("-o", "--output", metavar="FICHIER", help="défaut : la sortie")
    parser.add_argument(
        "--rejects",
        metavar="FICHIER",
        help="lignes rejetées des registres (défaut : à côté de -o, suffixe -rejets.csv)",
    )
    parser.set_defaults(run=_run_schedule, file="echeancier")


def _run_schedule(args: argparse.Namespace, out: TextIO) -> int:
    registers = [path for path in (args.pilotage, args.plan, args.formations) if path]
    rejects = rejects_path(args)
    check_outputs([args.definitions, *registers], [args.output, rejects])
    kind = format_from(args.format, args.output, _FORMATS, default="text")
    if kind in {"xlsx", "ics"} and not args.output:
        raise QualeprefError(
            f"--format {kind} écrit un fichier : indiquez-le (-o echeancier.{kind})"
        )
    try:
        definitions = load_definitions(args.definitions)
    except DefinitionError as error:
        sys.stderr.write(f"qualepref echeancier : {len(error.issues)} problème(s) :\n{error}\n")
        return 2
    as_of = args.as_of or dt.date.today()  # noqa: DTZ011 - the command's edge: today, locally
    year = args.year or as_of.year
    obligations, notes, rejected, header = _collect(args, definitions, as_of, year)
    title = (
        definitions.prefecture.name
        if definitions.prefecture and definitions.prefecture.name
        else args.definitions
    )
    if kind == "text":
        text = schedule_text(obligations, title=str(title), as_of=as_of)
        if args.output:
            with atomic_path(args.output) as partial:
                partial.write_text(text, encoding="utf-8")
        else:
            out.write(text)
    elif kind == "xlsx":
        write_schedule_xlsx(obligations, args.output, title=str(title), as_of=as_of)
    else:
        domain = (
            definitions.prefecture.departement if definitions.prefecture else None
        ) or "prefecture"
        ics = schedule_ics(obligations, title=str(title), as_of=as_of, domain=domain)
        with atomic_path(args.output) as partial:
            partial.write_bytes(ics)
    report_reading(
        out if args.output else sys.stderr,
        notes=notes,
        header=header,
        rejects=rejected,
        read=len(obligations),
        rejects_path=rejects,
        written=[args.output] if args.output else [],
    )
    return 1 if rejected else 0


def _collect(
    args: argparse.Namespace, definitions: Definitions, as_of: dt.date, year: int
) -> tuple[list[Obligation], list[str], list[RejectedRow], Sequence[str]]:
    settings = definitions.obligations or default_obligations()
    notes: list[str] = []
    rejected: list[RejectedRow] = []
    header: Sequence[str] = ("Date", "Obligation", "Observation")
    events = []
    if args.pilotage:
        pilotage = read_pilotage(args.pilotage, settings)
        events = list(pilotage.records)
        notes += pilotage.notes
        rejected += pilotage.rejects
        header = pilotage.header
        later = [e for e in events if e.day > as_of]
        if later:
            notes.append(
                f"{len(later)} événement(s) daté(s) après la date d'arrêté, pas encore "
                f"comptés : {', '.join(e.where for e in later[:5])}"
            )
    else:
        notes.append(
            "pas de registre de pilotage (--pilotage) : aucune obligation n'est comptée faite"
        )
    due_day = _due_day(definitions, notes)
    obligations = list(schedule(settings.rules, events, as_of, year=year, due_day=due_day))
    if not any(e.kind == "labellisation" for e in events if e.day <= as_of):
        notes.append(
            "pas de labellisation dans le registre de pilotage : ni audit de suivi ni "
            "renouvellement ne sont datés"
        )
    if args.plan:
        plan = read_plan(args.plan, definitions)
        obligations += plan_obligations(plan.actions, as_of)
        rejected += plan.rejects
        notes += plan.notes
    if args.formations:
        training = read_training(args.formations, definitions)
        trained = definitions.training or default_training()
        obligations += training_obligations(
            training.records, as_of, trained.rule.to_rule(), labels=trained.labels()
        )
        rejected += training.rejects
        notes += training.notes
    obligations.sort(key=lambda o: (o.due, o.key))
    return obligations, notes, rejected, header


def _due_day(definitions: Definitions, notes: list[str]) -> Any:
    departement = definitions.prefecture.departement if definitions.prefecture else None
    if departement is None:
        notes.append(
            "pas de département ([prefecture] departement) : les échéances ne sont pas "
            "avancées au jour ouvré quand elles tombent un jour non ouvré"
        )
        return lambda day: day
    from qualepref.calendar import WorkingCalendar  # noqa: PLC0415 - heavy, needed here only

    return WorkingCalendar.for_departement(departement).previous_working_day
