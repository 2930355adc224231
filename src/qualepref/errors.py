"""The library's exceptions.

Every error qualepref raises on bad input is a :class:`QualeprefError`, itself a
:class:`ValueError`, so ``except ValueError`` keeps working for callers who do not
care which check failed. Messages are in French, for the quality referents who read
them, and always say what was wrong and how to fix it.
"""

from __future__ import annotations

import errno
import re

__all__ = [
    "AnswerBeforeReceiptError",
    "DateOutOfRangeError",
    "QualeprefError",
    "UnknownDepartementError",
    "system_error_text",
]


class QualeprefError(ValueError):
    """Base class of every error raised by qualepref on bad input."""


class UnknownDepartementError(QualeprefError):
    """A département code that qualepref does not know (e.g. ``"20"`` or ``"99"``)."""


class DateOutOfRangeError(QualeprefError):
    """A date outside the span of years a calendar has holiday data for."""


class AnswerBeforeReceiptError(QualeprefError):
    """An answer dated before the receipt it answers."""


_SYSTEM_REASONS = {
    errno.ENOENT: "fichier ou dossier introuvable : vérifiez le chemin",
    errno.EACCES: "accès refusé : vérifiez les droits sur le fichier et son dossier",
    errno.EPERM: "opération non permise : vérifiez les droits sur le fichier et son dossier",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.ENOSPC: "disque plein : libérez de la place, puis relancez",
    errno.EDQUOT: "quota de disque dépassé : libérez de la place, puis relancez",
    errno.EFBIG: "fichier trop gros pour le système de fichiers ou la limite fixée",
    errno.EROFS: "système de fichiers en lecture seule : écrivez ailleurs",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.ELOOP: "trop de liens symboliques enchaînés",
}


def system_error_text(error: OSError, *, named: bool = True) -> str:
    """What went wrong with a file, in French, with the file's name.

    The system's own message is in the language of the machine (English on most servers);
    the usual causes get a French sentence and what to do, the others keep the system's
    words after a French lead. ``named=False`` leaves the file's name out (when the
    message already gives it).

    Examples:
        >>> system_error_text(FileNotFoundError(errno.ENOENT, "No such file", "mesures.csv"))
        'mesures.csv : fichier ou dossier introuvable : vérifiez le chemin'
        >>> system_error_text(OSError("No space left on device (os error 28)"))
        'disque plein : libérez de la place, puis relancez'
        >>> system_error_text(OSError(errno.EIO, "Input/output error"))
        'erreur du système (Input/output error)'
    """
    number = error.errno
    if number is None:  # raised by a library written in Rust: « … (os error 28) »
        found = re.search(r"\(os error (\d+)\)", str(error))
        number = int(found.group(1)) if found else 0
    reason = _SYSTEM_REASONS.get(number)
    if reason is None:
        reason = f"erreur du système ({error.strerror or error})"
    return f"{error.filename} : {reason}" if named and error.filename else reason
