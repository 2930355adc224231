"""An argument parser that speaks French: its help, its usage line and its errors.

argparse writes « usage: », « options: », « positional arguments: », « show this help
message and exit » and its errors in English, and its only hook for another language is
a process-wide gettext catalogue. :class:`FrenchParser` says them in French for this
program alone: it names its own sections and help option, and its :meth:`error`
translates argparse's messages, which are few and stable.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from typing import Any, NoReturn

__all__ = ["FrenchParser", "translate"]


class _FrenchFormatter(argparse.HelpFormatter):
    """Help laid out as argparse does, the usage line announced in French."""

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        french = "utilisation : " if prefix is None else prefix  # "" for a subcommand's prog
        super().add_usage(usage, actions, groups, french)


class FrenchParser(argparse.ArgumentParser):
    """``argparse.ArgumentParser``, in French; its subcommands' parsers are French too.

    Examples:
        >>> parser = FrenchParser(prog="qualepref")
        >>> _ = parser.add_argument("--annee", type=int, required=True)
        >>> print(parser.format_usage().strip())
        utilisation : qualepref [-h] --annee ANNEE
        >>> translate("the following arguments are required: --annee")
        'argument obligatoire manquant : --annee'
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _FrenchFormatter)
        wanted_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # its own -h, in French
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        if wanted_help:
            self.add_argument(
                "-h", "--help", action="help", help="affiche cette aide, puis s'arrête"
            )

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error, in French, and exit with status 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {translate(message)}\n")


def _choices(found: re.Match[str]) -> str:
    argument, value, choices = found["argument"], found["value"], found["choices"]
    return f"argument {argument} : choix invalide {value} (possibles : {choices})"


_MESSAGES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"^the following arguments are required: (?P<names>.+)$"),
     r"argument obligatoire manquant : \g<names>"),
    (re.compile(r"^unrecognized arguments: (?P<names>.+)$"), r"arguments inconnus : \g<names>"),
    (re.compile(r"^argument (?P<argument>.+?): invalid choice: (?P<value>.+?) "
                r"\(choose from (?P<choices>.+)\)$"), _choices),
    (re.compile(r"^argument (?P<argument>.+?): expected one argument$"),
     r"argument \g<argument> : une valeur attendue"),
    (re.compile(r"^argument (?P<argument>.+?): expected at most one argument$"),
     r"argument \g<argument> : une valeur au plus"),
    (re.compile(r"^argument (?P<argument>.+?): expected at least one argument$"),
     r"argument \g<argument> : une valeur au moins"),
    (re.compile(r"^argument (?P<argument>.+?): expected (?P<count>\d+) arguments?$"),
     r"argument \g<argument> : \g<count> valeurs attendues"),
    (re.compile(r"^argument (?P<argument>.+?): invalid (?P<kind>\w+) value: (?P<value>.+)$"),
     r"argument \g<argument> : valeur invalide \g<value> (attendu : \g<kind>)"),
    (re.compile(r"^argument (?P<argument>.+?): not allowed with argument (?P<other>.+)$"),
     r"argument \g<argument> : incompatible avec \g<other>"),
    (re.compile(r"^one of the arguments (?P<names>.+) is required$"),
     r"un de ces arguments est obligatoire : \g<names>"),
    (re.compile(r"^ambiguous option: (?P<option>\S+) could match (?P<names>.+)$"),
     r"option ambiguë : \g<option> peut désigner \g<names>"),
    (re.compile(r"^argument (?P<argument>.+?): ignored explicit argument (?P<value>.+)$"),
     r"argument \g<argument> : la valeur \g<value> n'a pas lieu d'être"),
)  # fmt: skip


def translate(message: str) -> str:
    """Argparse's English error ``message`` in French; a message of ours is left as it is.

    Examples:
        >>> translate("argument --format: invalid choice: 'xml' (choose from 'text', 'json')")
        "argument --format : choix invalide 'xml' (possibles : 'text', 'json')"
        >>> translate("argument --days: expected one argument")
        'argument --days : une valeur attendue'
        >>> translate("argument --n: invalid int value: 'x'")
        "argument --n : valeur invalide 'x' (attendu : int)"
        >>> translate("argument -a: not allowed with argument -b")
        'argument -a : incompatible avec -b'
        >>> translate("indiquez le département")
        'indiquez le département'
        >>> translate("argument --year/-y: année invalide : 'x' (attendu 1950 à 2100)")
        "argument --year/-y : année invalide : 'x' (attendu 1950 à 2100)"
    """
    for pattern, french in _MESSAGES:
        found = pattern.match(message)
        if found is not None:
            return french(found) if callable(french) else found.expand(french)
    ours = re.match(r"^argument (?P<argument>.+?): (?P<rest>.+)$", message, re.DOTALL)
    if ours is not None:  # a French message raised by one of our types
        return f"argument {ours['argument']} : {ours['rest']}"
    return message
