"""Problems found in a definitions file, each with where it is and how to fix it.

Every problem has a stable code (``QP201``…, listed in ``docs/definitions.md`` with its
fix), a level (error or warning), the file, the line of the faulty entry or field where
the format allows, the indicator (or counter…) id, the field, and a French message.
:class:`DefinitionError` carries all of them at once, never only the first.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from pathlib import Path

import attrs

from qualepref.errors import QualeprefError

__all__ = [
    "DefinitionError",
    "DefinitionIssue",
    "Level",
    "did_you_mean",
    "not_utf8",
    "one_line",
]


class Level(enum.StrEnum):
    """How serious a problem is: an error makes the file invalid, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(order=False)
class DefinitionIssue:
    """One problem in a definitions file.

    Examples:
        >>> issue = DefinitionIssue("QP201", Level.ERROR, "identifiant en double",
        ...                         file="isere.toml", line=12, item="appels_aboutis", field="id")
        >>> str(issue)
        'isere.toml:12: erreur QP201 [appels_aboutis, id] identifiant en double'
    """

    code: str
    """Stable code, e.g. ``"QP201"``; see docs/definitions.md."""
    level: Level
    """Error or warning."""
    message: str
    """What is wrong and how to fix it, in French."""
    file: str | None = None
    """The file, as given."""
    line: int | None = None
    """1-based line of the faulty field or entry, when known."""
    item: str | None = None
    """The id (or number) of the indicator, counter, module… concerned."""
    field: str | None = None
    """The key concerned."""

    def __str__(self) -> str:
        r"""One line, whatever a key or a file holds: control characters are shown escaped.

        Examples:
            >>> print(DefinitionIssue("QP101", Level.ERROR, "clé inconnue", item="a\n::error x"))
            <définitions>: erreur QP101 [a\n::error x] clé inconnue
        """
        where = self.file or "<définitions>"
        if self.line is not None:
            where += f":{self.line}"
        what = ", ".join(part for part in (self.item, self.field) if part)
        level = "erreur" if self.level is Level.ERROR else "avertissement"
        text = f"{where}: {level} {self.code}{f' [{what}]' if what else ''} {self.message}"
        return one_line(text)

    def as_dict(self) -> dict[str, str | int | None]:
        """The issue as a JSON-ready dict.

        Examples:
            >>> DefinitionIssue("QP101", Level.ERROR, "clé inconnue", line=3).as_dict()["line"]
            3
        """
        return {
            "code": self.code,
            "level": self.level.value,
            "file": self.file,
            "line": self.line,
            "item": self.item,
            "field": self.field,
            "message": self.message,
        }


def _sort_key(issue: DefinitionIssue) -> tuple[str, int, str]:
    return (issue.file or "", issue.line if issue.line is not None else 0, issue.code)


class DefinitionError(QualeprefError):
    """A definitions file with errors; ``issues`` lists every problem found, sorted by line.

    Examples:
        >>> error = DefinitionError([DefinitionIssue("QP101", Level.ERROR, "clé inconnue")])
        >>> len(error.issues), str(error)
        (1, '<définitions>: erreur QP101 clé inconnue')
    """

    def __init__(self, issues: Iterable[DefinitionIssue]) -> None:
        self.issues: tuple[DefinitionIssue, ...] = tuple(sorted(issues, key=_sort_key))
        super().__init__("\n".join(map(str, self.issues)) or "définitions invalides")

    @property
    def errors(self) -> tuple[DefinitionIssue, ...]:
        """The issues of level error."""
        return tuple(issue for issue in self.issues if issue.level is Level.ERROR)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`` ; vouliez-vous dire 'x' ?`` for the known name closest to ``name``, or nothing.

    Examples:
        >>> did_you_mean("appels_abouti", ["appels_aboutis", "copil"])
        " ; vouliez-vous dire 'appels_aboutis' ?"
        >>> did_you_mean("zzz", ["copil"])
        ''
    """
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" ; vouliez-vous dire {close[0]!r} ?" if close else ""


_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(32), 127)} | {
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
}


def one_line(text: str) -> str:
    r"""``text`` on one line: newlines and other control characters written as escapes.

    So that a key or a file name can neither forge a line of a log nor a CI command.

    Examples:
        >>> one_line("a\nb\x1b[31m")
        'a\\nb\\x1b[31m'
    """
    return text.translate(_CONTROLS)


def not_utf8(error: UnicodeDecodeError, path: str | Path, code: str) -> DefinitionIssue:
    r"""The problem of a file that is not UTF-8, at the byte where decoding failed.

    Examples:
        >>> try:
        ...     b"caf\xe9".decode("utf-8")
        ... except UnicodeDecodeError as error:
        ...     print(not_utf8(error, "f.csv", "QM002").message)
        fichier illisible : il n'est pas encodé en UTF-8 (octet 4) ; enregistrez-le en UTF-8
        >>> try:
        ...     "a = 1".encode("utf-16").decode("utf-8")
        ... except UnicodeDecodeError as error:
        ...     print(not_utf8(error, "d.toml", "QP002").message.replace(" ; ", "\n"))
        fichier illisible : il est encodé en UTF-16 (« Unicode » du Bloc-notes)
        enregistrez-le en UTF-8
    """
    if error.object[:2] in {b"\xff\xfe", b"\xfe\xff"}:
        reason = "il est encodé en UTF-16 (« Unicode » du Bloc-notes)"
    else:
        reason = f"il n'est pas encodé en UTF-8 (octet {error.start + 1})"
    return DefinitionIssue(
        code, Level.ERROR, f"fichier illisible : {reason} ; enregistrez-le en UTF-8", file=str(path)
    )
