"""The ``qualepref`` command line (also ``python -m qualepref``).

Commands:
    calendar   the holidays and closures of a préfecture's calendar for a year.
    delay      day 0, due date, elapsed jours ouvrés and verdict for one receipt.
    validate   check definitions files (for CI).
    catalogue  the shipped référentiel as a table, TOML or JSON.
    schema     the JSON Schema of definitions files.
    dashboard  the tableau de bord of a year, from a measurements file.
    track      délais, status and measurements from a tracking file (tableau de suivi).

Exit status: 0 on success; ``validate`` returns 1 when a file is invalid; 2 when the
call is wrong or an input cannot be read (the message says why); ``track`` returns 1
when rows were rejected; 130 when interrupted (Ctrl-C), 143 when terminated (SIGTERM):
the outputs being written are abandoned, the previous files left as they were. An
unexpected error is a French message too, never a traceback (exit status 2).
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from types import FrameType
from typing import TextIO

from qualepref import __version__
from qualepref.cli.command_table import COMMANDS, chosen_command
from qualepref.cli.french_parser import FrenchParser
from qualepref.errors import QualeprefError, system_error_text

__all__ = ["main"]


def _build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The parser for ``argv``: the command it runs in full, the others by name and help."""
    parser = FrenchParser(
        prog="qualepref",
        description="Qual-e-pref : jours ouvrés, référentiel et indicateurs des préfectures.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"qualepref {__version__}",
        help="affiche la version, puis s'arrête",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMANDE", title="commandes"
    )
    chosen = chosen_command(list(argv))
    wanted = None if chosen is None else COMMANDS[chosen].module
    for name, command in COMMANDS.items():
        if command.module != wanted:
            commands.add_parser(name, help=command.help)  # listed, never run
        elif name == chosen:  # its module adds all its commands, chosen or not
            importlib.import_module(f"qualepref.cli.{wanted}").register(commands)
    return parser


def _parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The parser; a defect in building it is a message too, never a traceback."""
    try:
        return _build_parser(argv)
    except Exception as error:  # pragma: no cover - a defect of the command's own options
        sys.stderr.write(f"qualepref : erreur inattendue ({error}) : signalez-le\n")
        raise SystemExit(2) from None


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the ``qualepref`` command; return its exit status.

    Examples:
        >>> import io
        >>> buffer = io.StringIO()
        >>> main(["delay", "2025-05-07", "2025-05-16", "--days", "5"], out=buffer)
        0
        >>> print(buffer.getvalue().splitlines()[3])
        Échéance         : jeudi 15/05/2025
    """
    out = sys.stdout if out is None else out
    argv = sys.argv[1:] if argv is None else argv
    args = _parser(argv).parse_args(argv)
    run: Callable[[argparse.Namespace, TextIO], int] = args.run
    name = f"qualepref {args.command}"
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
    try:
        return run(args, out)
    except QualeprefError as error:
        sys.stderr.write(f"{name} : erreur : {error}\n")
        return 2
    except OSError as error:
        sys.stderr.write(f"{name} : erreur : {system_error_text(error)}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write(f"{name} : interrompu : {_ABANDONED}\n")
        return 130
    except _Terminated:
        sys.stderr.write(f"{name} : arrêté (SIGTERM) : {_ABANDONED}\n")
        return 143
    except Exception as error:  # the last guard: a message, never a traceback
        sys.stderr.write(
            f"{name} : erreur inattendue ({type(error).__name__} : {error}) : c'est un défaut de "
            "qualepref ; signalez-le avec la commande et le fichier en cause\n"
        )
        return 2
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


_ABANDONED = (
    "les fichiers en cours d'écriture sont abandonnés, les précédents sont restés tels quels"
)


class _Terminated(BaseException):
    """SIGTERM, raised where the program is, so that outputs are abandoned cleanly."""


def _terminate(_signal: int, _frame: FrameType | None) -> None:
    raise _Terminated
