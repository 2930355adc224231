"""Words as people type them, compared the way a reader would: case, accents, separators.

« Réponse d'attente », « reponse d attente » and « REPONSE_D'ATTENTE » are the same words to
a referent; :func:`normalize` makes them the same text. Column names, channels, sheet names
and the French spellings of a definitions file's values are all compared through it.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["normalize"]

_SEPARATORS = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=1 << 14)  # the same few channels and services, row after row
def normalize(text: str) -> str:
    """A label as compared: lower case, no accents, words separated by one space.

    Examples:
        >>> normalize("  Réponse d'ATTENTE "), normalize("e-mail"), normalize("jours_ouvrés")
        ('reponse d attente', 'e mail', 'jours ouvres')
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", plain).strip()
