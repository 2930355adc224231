"""Reading a préfecture's closure days (ponts, fermetures exceptionnelles) from a CSV file.

The file is UTF-8 text (or Windows-1252, as Excel saves it), with a header line naming
a ``date`` column and, optionally, a ``libelle`` column; fields are separated by ``;``
(the French spreadsheet default) or ``,``. Dates are read as everywhere else
(:mod:`qualepref.moments`): ISO (``2026-05-15``) or French, day first (``15/05/2026``,
``15 mai 2026``). Blank lines and lines starting with ``#`` are ignored::

    date;libelle
    # Ponts décidés par arrêté préfectoral du 12 décembre 2025
    15/05/2026;Pont de l'Ascension
    2026-12-24;Veille de Noël

Every faulty line is reported at once, with its number.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from qualepref.errors import QualeprefError
from qualepref.moments import parse_day
from qualepref.public_holidays import Closure
from qualepref.spreadsheet_text import decode_spreadsheet_text, delimiter_of

__all__ = ["ClosureFileError", "parse_closures", "parse_day", "read_closures"]


class ClosureFileError(QualeprefError):
    """A closures file that cannot be read; the message lists every faulty line."""


def parse_closures(text: str, *, source: str = "<texte>") -> list[Closure]:
    r"""The closures listed in ``text``, in file order (see the module docstring for the format).

    Raises:
        ClosureFileError: a header or a line is faulty; every problem is listed.

    Examples:
        >>> parse_closures("date;libelle\n15/05/2026;Pont de l'Ascension\n")
        [Closure(date=datetime.date(2026, 5, 15), name="Pont de l'Ascension")]
    """
    lines = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        return []
    header_number, header = lines[0]
    delimiter = delimiter_of(header)
    columns = [name.strip().lower() for name in header.split(delimiter)]
    if "date" not in columns:
        msg = (
            f"{source}, ligne {header_number} : la première ligne doit nommer les colonnes, "
            f"dont « date » (et éventuellement « libelle »), séparées par « ; » ; trouvé {header!r}"
        )
        raise ClosureFileError(msg)
    date_column = columns.index("date")
    name_column = columns.index("libelle") if "libelle" in columns else None
    closures: list[Closure] = []
    problems: list[str] = []
    for number, line in lines[1:]:
        fields = next(csv.reader(io.StringIO(line), delimiter=delimiter))
        if len(fields) != len(columns):
            problems.append(
                f"{source}, ligne {number} : {len(fields)} champ(s) au lieu de {len(columns)} "
                f"({', '.join(columns)})"
            )
            continue
        try:
            day = parse_day(fields[date_column])
        except ValueError as error:
            problems.append(f"{source}, ligne {number}, colonne date : {error}")
            continue
        name = fields[name_column].strip() if name_column is not None else ""
        closures.append(Closure(day, name) if name else Closure(day))
    if problems:
        raise ClosureFileError("\n".join(problems))
    return closures


def read_closures(path: str | Path) -> list[Closure]:
    """The closures listed in the CSV file at ``path``.

    Raises:
        ClosureFileError: a header or a line is faulty; every problem is listed.
        OSError: the file cannot be read.
    """
    path = Path(path)
    try:
        text = decode_spreadsheet_text(path.read_bytes())
    except UnicodeDecodeError:
        msg = (
            f"{path} n'est ni en UTF-8 ni en Windows-1252 : enregistrez-le en "
            "« CSV UTF-8 (délimité par des points-virgules) »"
        )
        raise ClosureFileError(msg) from None
    return parse_closures(text, source=str(path))
