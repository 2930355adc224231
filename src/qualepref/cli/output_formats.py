"""The format of an output: ``--format``, or the extension of ``-o``, never in contradiction."""

from __future__ import annotations

from pathlib import Path

from qualepref.errors import QualeprefError

__all__ = ["format_from"]


def format_from(
    option: str | None, output: str | None, formats: dict[str, str], *, default: str
) -> str:
    """The format of an output: ``--format``, else the extension of ``-o``, else ``default``.

    Raises:
        QualeprefError: the two disagree, or the extension is another format's.

    Examples:
        >>> formats = {".csv": "csv", ".xlsx": "xlsx"}
        >>> format_from(None, "delais.xlsx", formats, default="csv")
        'xlsx'
        >>> format_from("csv", None, formats, default="csv")
        'csv'
        >>> format_from("xlsx", "tableau.md", formats, default="csv")
        Traceback (most recent call last):
        ...
        qualepref.errors.QualeprefError: --format xlsx contredit l'extension de tableau.md (.md) :
        retirez --format, ou changez l'extension
    """
    suffix = Path(output).suffix.lower() if output else ""
    implied = formats.get(suffix)
    if option is not None:
        if (implied is not None or suffix in _KNOWN) and implied != option:
            msg = (
                f"--format {option} contredit l'extension de {output} ({suffix}) : "
                "retirez --format, ou changez l'extension"
            )
            raise QualeprefError(msg)
        return option
    if implied is not None:
        return implied
    if suffix in _KNOWN:
        offered = ", ".join(sorted(formats))
        msg = f"{output} : l'extension {suffix} n'est pas un format possible ici ({offered})"
        raise QualeprefError(msg)
    return default


_KNOWN = {".csv", ".xlsx", ".xls", ".json", ".md", ".html", ".htm", ".ods"}
