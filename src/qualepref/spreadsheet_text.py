"""Text as spreadsheets save it and read it: encodings, separators, formulas.

Excel saves « CSV (séparateur : point-virgule) » in Windows-1252, « CSV UTF-8 » with a
byte-order mark and « Texte Unicode » in UTF-16; all are read the same way by every reader
of the project. Text written out is made safe for a spreadsheet: never run as a formula
(:func:`inert` in CSV, :func:`text_cells_only` in a workbook), and without the control
characters a workbook cannot hold (:func:`sheet_text`).
"""

from __future__ import annotations

import csv
import html
import re
import zipfile
from pathlib import Path
from typing import Any

__all__ = [
    "FORMULA_START",
    "MAX_INFLATED",
    "NUMBER",
    "as_typed",
    "decode_spreadsheet_text",
    "delimiter_of",
    "encoding_of",
    "header_cells",
    "inert",
    "inflated_size",
    "markdown_cell",
    "sheet_text",
    "text_cells_only",
    "too_inflated",
    "unreadable_workbook",
]

FORMULA_START = r"^[=+\-@\t\r]"
"""A text a spreadsheet may run as a formula starts with one of these (OWASP)."""
NUMBER = r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?( ?[%‰])?$"
"""A number as written in a cell (``-3``, ``+0,64 %``): a sign is then a sign."""
_RISKY = frozenset("=+-@\t\r")  # the first characters FORMULA_START matches
_RISKY_OR_QUOTE = _RISKY | {"'"}
_FORMULA_START = re.compile(FORMULA_START)
_NUMBER = re.compile(NUMBER)

_BOM = b"\xef\xbb\xbf"


def delimiter_of(header: str) -> str:
    """The field separator of a CSV file, from its header: ``;`` (French spreadsheets) or ``,``.

    Examples:
        >>> delimiter_of("date;libelle"), delimiter_of("date,libelle")
        (';', ',')
    """
    return ";" if header.count(";") >= header.count(",") else ","


def header_cells(line: str) -> tuple[str, list[str]]:
    """A CSV line's separator (:func:`delimiter_of`) and its cells, read by the csv module.

    Examples:
        >>> header_cells('Date;"Objet; détail";Canal')
        (';', ['Date', 'Objet; détail', 'Canal'])
    """
    delimiter = delimiter_of(line)
    return delimiter, next(csv.reader([line], delimiter=delimiter), [])


def encoding_of(head: bytes, *, whole: bool = False) -> str:
    """``utf-8-sig``, ``utf-16``, ``utf-8`` or ``cp1252``, from the first bytes of a file.

    ``whole`` says ``head`` is the whole file; otherwise a character cut at its end
    by the sampling is not held against UTF-8. UTF-16 (« Texte Unicode » in Excel) is
    known by its byte-order mark.

    Examples:
        >>> encoding_of("é".encode()), encoding_of("é".encode("cp1252"), whole=True)
        ('utf-8', 'cp1252')
        >>> encoding_of("date;libelle".encode("utf-16"))
        'utf-16'
    """
    if head.startswith(_BOM):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if whole or error.start < len(head) - 4:  # not just a character cut by the sampling
            return "cp1252"
    return "utf-8"


def decode_spreadsheet_text(data: bytes) -> str:
    r"""The text of a whole CSV file: UTF-8 (with or without BOM), else Windows-1252.

    Raises:
        UnicodeDecodeError: neither encoding reads it.

    Examples:
        >>> decode_spreadsheet_text("période;é".encode("cp1252"))
        'période;é'
        >>> decode_spreadsheet_text(b"\xef\xbb\xbfa;b")
        'a;b'
    """
    return data.decode(encoding_of(data, whole=True))


def inert(text: str) -> str:
    r"""``text`` as a CSV cell that a spreadsheet shows and never runs: ``'`` before a formula.

    A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading apostrophe, unless it is a number (``-3``, ``+1,5``): numbers stay numbers.
    So does one whose apostrophes are followed by such a text (``'=A1``), so that
    :func:`as_typed` always gives back the text exactly.

    Examples:
        >>> print(inert('=HYPERLINK("http://x")'), inert("-3,5"), inert("+33 6 12"), inert("Objet"))
        '=HYPERLINK("http://x") -3,5 '+33 6 12 Objet
        >>> print(inert("'=A1"), inert("'Objet"))
        ''=A1 'Objet
    """
    if text and text[0] in _RISKY_OR_QUOTE and _risky(text):  # (a set first: cells are many)
        return "'" + text
    return text


def as_typed(cell: str) -> str:
    """The text a cell written by :func:`inert` holds: its apostrophe taken off, if it added one.

    Examples:
        >>> as_typed("'=A1"), as_typed("''=A1"), as_typed("'Objet"), as_typed("-3")
        ('=A1', "'=A1", "'Objet", '-3')
    """
    if cell[:1] == "'" and _risky(cell[1:]):
        return cell[1:]
    return cell


def _risky(text: str) -> bool:
    """Whether ``text``, past its leading apostrophes, would be run as a formula."""
    rest = text.lstrip("'")
    return bool(rest) and rest[0] in _RISKY and not _NUMBER.match(rest)


_UNSHEETABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what XML 1.0 cannot hold


def sheet_text(text: str) -> str:
    r"""``text`` as a workbook cell can hold it: control characters shown, line breaks one way.

    XML, and so a workbook, cannot hold the control characters below the space other than
    tab, line feed and carriage return; a file exported from an old system sometimes has
    them. Each is written as its Unicode picture (``\x01`` as ``␁``): seen, not lost.
    A line break is a line feed in a cell (XML would read a carriage return back as one).

    Examples:
        >>> sheet_text("a\x01b\x0bc\td"), sheet_text("1\r\n2\r3"), sheet_text("Objet")
        ('a␁b␋c\td', '1\n2\n3', 'Objet')
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _UNSHEETABLE.search(text):
        return text
    return _UNSHEETABLE.sub(lambda found: chr(0x2400 + ord(found.group())), text)


def text_cells_only(book: Any) -> None:
    """Type every text cell of an openpyxl ``book`` as text: none is a formula, ever.

    openpyxl takes a text starting with ``=`` for a formula; the project writes no
    formula, so each one found is user text, shown as typed.

    Examples:
        >>> import openpyxl
        >>> book = openpyxl.Workbook()
        >>> book.active["A1"] = '=HYPERLINK("http://x")'
        >>> text_cells_only(book)
        >>> book.active["A1"].data_type, book.active["A1"].value
        ('s', '=HYPERLINK("http://x")')
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def unreadable_workbook(error: Exception, *, sheet_only: bool = False) -> str:
    """Why a workbook (or one of its sheets) cannot be read, and what to do, in French.

    Examples:
        >>> unreadable_workbook(ValueError("Zip error"))
        'classeur illisible (Zip error) : ouvrez-le et enregistrez-le en .xlsx'
        >>> unreadable_workbook(ValueError("tag not closed"), sheet_only=True).split(" : ")[0]
        'feuille illisible (tag not closed)'
    """
    if sheet_only:  # the archive opened, one of its parts is broken or larger than it says
        return (
            f"feuille illisible ({error}) : le classeur est abîmé ; ouvrez-le et "
            "enregistrez-le de nouveau en .xlsx"
        )
    return f"classeur illisible ({error}) : ouvrez-le et enregistrez-le en .xlsx"


MAX_INFLATED = 512 * 2**20
"""The most a workbook may hold once decompressed (512 Mio, about 2 million rows): beyond,
it is refused before it is read, so that a small file cannot fill the memory."""


def too_inflated(path: Path) -> str:
    """Why a workbook is refused before it is read, in French; empty when it is not.

    Examples:
        >>> too_inflated(Path("examples/suivi-2022/suivi-2022.xlsx"))
        ''
    """
    size = inflated_size(path)
    if size is None or size <= MAX_INFLATED:
        return ""
    return (
        f"classeur trop gros une fois décompressé ({size // 2**20} Mio, au plus "
        f"{MAX_INFLATED // 2**20}) : découpez-le, ou exportez-le en CSV"
    )


def inflated_size(path: Path) -> int | None:
    """What the zip archive of a workbook holds once decompressed; ``None`` if not a zip.

    Examples:
        >>> import tempfile, zipfile, pathlib
        >>> book = pathlib.Path(tempfile.mkdtemp()) / "b.xlsx"
        >>> with zipfile.ZipFile(book, "w") as archive:
        ...     archive.writestr("xl/workbook.xml", "x" * 1000)
        >>> inflated_size(book), inflated_size(pathlib.Path(__file__))
        (1000, None)
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return None


def markdown_cell(text: str) -> str:
    r"""A cell's text in a Markdown table: HTML escaped, the table's syntax too.

    A line break would end the table's row: it becomes a space; other control characters
    are shown as their pictures (``␌``), as in a workbook.

    Examples:
        >>> markdown_cell("<b>a|b</b>\nc")
        '&lt;b&gt;a\\|b&lt;/b&gt; c'
    """
    escaped = html.escape(text, quote=False)
    return sheet_text(escaped.replace("|", "\\|").replace("\r", " ").replace("\n", " "))
