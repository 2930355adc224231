"""The TOML parser's (tomli's) error messages, in French, for the people who read them.

``tomli`` says what is wrong in English (« Unclosed array », « Cannot overwrite a
value »); its messages are few and stable. :func:`french` gives each in French, with
what to check; a message it does not know (from a newer tomli) is kept as it is.
"""

from __future__ import annotations

import re

__all__ = ["french"]

_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), french)
    for pattern, french in (
        (r"^Unclosed array$", "liste non fermée : il manque un « ] »"),
        (r"^Unclosed inline table$", "table en ligne non fermée : il manque une « } »"),
        (r"^Unterminated string$", "texte non fermé : il manque un guillemet"),
        (r"^Cannot overwrite a value$", "clé déjà définie plus haut : gardez-en une seule"),
        (r"^Cannot declare (?P<key>.+) twice$", r"la table \g<key> est déclarée deux fois"),
        (r"^Cannot redefine namespace (?P<key>.+)$", r"la table \g<key> est déjà définie"),
        (r"^Cannot mutate immutable namespace (?P<key>.+)$",
         r"\g<key> est une table en ligne, complète : on ne peut plus lui ajouter de clé"),
        (r"^Duplicate inline table key (?P<key>.+)$",
         r"clé \g<key> en double dans une table en ligne"),
        (r"^Expected '=' after a key in a key/value pair$",
         "il manque « = » après la clé (clé = valeur)"),
        (r"^Expected '\]' at the end of a table declaration$",
         "il manque « ] » à la fin du nom de la table"),
        (r"^Expected '\]\]' at the end of an array declaration$",
         "il manque « ]] » à la fin du nom de la liste de tables"),
        (r"^Expected newline or end of document after a statement$",
         "une seule déclaration par ligne : passez à la ligne"),
        (r"^Expected (?P<what>.+)$", r"attendu : \g<what>"),
        (r"^Invalid value$",
         "valeur illisible : un texte s'écrit entre guillemets, un nombre avec un point "
         "décimal (0.9)"),
        (r"^Invalid statement$", "ligne illisible : ni « clé = valeur » ni [table]"),
        (r"^Invalid initial character for a key part$",
         "clé mal écrite : lettres, chiffres, « _ » ou « - », ou entre guillemets"),
        (r"^Invalid date or datetime$", "date illisible (AAAA-MM-JJ)"),
        (r"^Invalid hex value$", "échappement \\u ou \\U mal écrit"),
        (r"^Escaped character is not a Unicode scalar value$",
         "échappement vers un caractère qui n'existe pas"),
        (r"^Unescaped '\\' in a string$",
         "barre oblique inverse seule dans un texte : doublez-la (\\\\) ou utilisez des "
         "apostrophes"),
        (r"^Illegal character (?P<char>.+)$", r"caractère interdit ici : \g<char>"),
        (r"^Found invalid character (?P<char>.+)$", r"caractère interdit ici : \g<char>"),
    )
)  # fmt: skip


def french(message: str) -> str:
    r"""The French for one of ``tomli``'s messages (without its position).

    Examples:
        >>> french("Unclosed array")
        'liste non fermée : il manque un « ] »'
        >>> print(french("Illegal character '\\n'"))
        caractère interdit ici : '\n'
        >>> french("Cannot declare ('tracking', 'flow') twice")
        'la table [tracking.flow] est déclarée deux fois'
        >>> french("Something new")
        'Something new'
    """
    for pattern, text in _MESSAGES:
        found = pattern.match(message)
        if found is not None:
            said = found.expand(text) if "\\g<" in text else text  # a backslash stays one
            return _KEY.sub(_table_name, said)
    return message


_KEY = re.compile(r"\((?:'[^']*',? ?)+\)")  # a key as tomli shows it: ('tracking', 'flow')


def _table_name(found: re.Match[str]) -> str:
    return "[" + ".".join(re.findall(r"'([^']*)'", found.group())) + "]"
