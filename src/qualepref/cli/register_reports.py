"""What the registers' commands share: their common options, their rejects, their report."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from qualepref.output_files import atomic_path
from qualepref.periods import Period, PeriodError, Year, parse_period
from qualepref.register_files import RejectedRow, write_rejects

__all__ = [
    "SHOWN_REJECTS",
    "add_register_options",
    "parse_period_argument",
    "parse_year_argument",
    "rejects_path",
    "report_reading",
    "write_report",
]

SHOWN_REJECTS = 5
"""How many rejects are shown on the terminal; the rejects file has them all."""


def add_register_options(
    parser: argparse.ArgumentParser, *, what: str, settings: str, definitions: bool = False
) -> None:
    """Add the options every register's command takes: the file, definitions, rejects, sheets.

    ``definitions``: the definitions file is required (it declares what to read).

    Examples:
        >>> parser = argparse.ArgumentParser()
        >>> add_register_options(parser, what="registre du plan", settings="[plan]")
        >>> parser.parse_args(["plan.xlsx", "--sheet", "2022"]).sheet
        ['2022']
    """
    parser.add_argument("file", metavar="REGISTRE", help=f"{what}, .csv ou .xlsx")
    parser.add_argument(
        "--definitions",
        metavar="FICHIER",
        required=definitions,
        help=f"fichier de définitions ({settings}…)" + (" (obligatoire)" if definitions else ""),
    )
    parser.add_argument(
        "--rejects",
        metavar="FICHIER",
        help=(
            "lignes rejetées, écrites seulement s'il y en a (défaut : à côté de -o, ou du "
            "registre, suffixe -rejets.csv)"
        ),
    )
    parser.add_argument(
        "--sheet",
        action="append",
        metavar="FEUILLE",
        help="ne lire que cette feuille du classeur ; répétable",
    )


def parse_period_argument(text: str) -> Period:
    """A period typed on the command line: 2022, 2022-S2, 2022-T4, 2022-03.

    Examples:
        >>> parse_period_argument("2021-S2")
        Semester(year=2021, semester=2)
    """
    try:
        return parse_period(text)
    except PeriodError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parse_year_argument(text: str) -> int:
    """A year typed on the command line, within the span the periods know.

    Examples:
        >>> parse_year_argument("2022")
        2022
    """
    try:
        return Year(int(text)).year
    except (ValueError, PeriodError):
        msg = f"année invalide : {text!r} (par exemple 2022)"
        raise argparse.ArgumentTypeError(msg) from None


def rejects_path(args: argparse.Namespace) -> Path:
    """Where the rejects go: ``--rejects``, else beside ``-o``, else beside the register.

    Examples:
        >>> rejects_path(argparse.Namespace(rejects=None, output=None, file="plan.xlsx"))
        PosixPath('plan-rejets.csv')
    """
    if args.rejects:
        return Path(args.rejects)
    beside = Path(args.output) if args.output else Path(args.file)
    return beside.with_name(f"{beside.stem}-rejets.csv")


def write_report(text: str, path: str | None, kind: str, out: TextIO) -> None:
    r"""Write a report to ``path`` (whole or not at all; CSV with a BOM), or to ``out``.

    Examples:
        >>> import io
        >>> out = io.StringIO()
        >>> write_report("Total : 3\n", None, "text", out)
        >>> out.getvalue()
        'Total : 3\n'
    """
    if path is None:
        out.write(text)
        return
    with atomic_path(path) as partial:
        partial.write_text(text, encoding="utf-8-sig" if kind == "csv" else "utf-8")


def report_reading(  # noqa: PLR0913 - what a reading produced, and where it goes
    stream: TextIO,
    *,
    notes: Sequence[str],
    header: Sequence[str],
    rejects: Sequence[RejectedRow],
    read: int,
    rejects_path: Path,
    written: Sequence[str],
) -> None:
    r"""Write the notes, the first rejects and the totals; write the rejects file if any.

    Examples:
        >>> import io, tempfile, pathlib
        >>> stream = io.StringIO()
        >>> report_reading(stream, notes=["feuilles lues : 2022"], header=["Agent"], rejects=[],
        ...                read=3, rejects_path=pathlib.Path("r.csv"), written=["sortie.csv"])
        >>> print(stream.getvalue(), end="")
        note : feuilles lues : 2022
        3 ligne(s) lue(s), 0 rejetée(s) ; écrit : sortie.csv
    """
    for note in notes:
        stream.write(f"note : {note}\n")
    if rejects:
        write_rejects(rejects_path, header, rejects)
        for reject in rejects[:SHOWN_REJECTS]:
            stream.write(f"rejet : {reject}\n")
        if len(rejects) > SHOWN_REJECTS:
            stream.write(f"… et {len(rejects) - SHOWN_REJECTS} autre(s)\n")
        stream.write(f"{len(rejects)} ligne(s) rejetée(s) : {rejects_path}\n")
    files = f" ; écrit : {', '.join(written)}" if written else ""
    stream.write(f"{read} ligne(s) lue(s), {len(rejects)} rejetée(s){files}\n")
