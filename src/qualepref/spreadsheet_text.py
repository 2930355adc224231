"""CSV text as spreadsheets save it: its encoding and its field separator.

Excel saves « CSV (séparateur : point-virgule) » in Windows-1252 and « CSV UTF-8 » with a
byte-order mark; both are read the same way by every reader of the project.
"""

from __future__ import annotations

__all__ = ["decode_spreadsheet_text", "delimiter_of", "encoding_of"]

_BOM = b"\xef\xbb\xbf"


def delimiter_of(header: str) -> str:
    """The field separator of a CSV file, from its header: ``;`` (French spreadsheets) or ``,``.

    Example:
        >>> delimiter_of("date;libelle"), delimiter_of("date,libelle")
        (';', ',')
    """
    return ";" if header.count(";") >= header.count(",") else ","


def encoding_of(head: bytes, *, whole: bool = False) -> str:
    """``utf-8-sig``, ``utf-8`` or ``cp1252``, from the first bytes of a file.

    ``whole`` says ``head`` is the whole file; otherwise a character cut at its end
    by the sampling is not held against UTF-8.

    Example:
        >>> encoding_of("é".encode()), encoding_of("é".encode("cp1252"), whole=True)
        ('utf-8', 'cp1252')
    """
    if head.startswith(_BOM):
        return "utf-8-sig"
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

    Example:
        >>> decode_spreadsheet_text("période;é".encode("cp1252"))
        'période;é'
        >>> decode_spreadsheet_text(b"\xef\xbb\xbfa;b")
        'a;b'
    """
    return data.decode(encoding_of(data, whole=True))
