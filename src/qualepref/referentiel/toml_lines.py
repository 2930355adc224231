"""Where things are in a TOML file: the line of each table and key.

``tomli`` parses the file but forgets where each value was. To point a quality
referent at the faulty line, this module scans the same text for table headers and
keys (skipping strings, comments and multi-line values) and records the line of each
path: ``("indicator", 2)`` is the third ``[[indicator]]`` table,
``("indicator", 2, "unit")`` its ``unit`` key, ``("targets", "appels_aboutis")`` a cible.
It never interprets values: that is ``tomli``'s job.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

__all__ = ["TomlLines"]

Path = tuple[str | int, ...]


class TomlLines:
    r"""The line numbers of a TOML text's tables and keys.

    Examples:
        >>> text = 'title = "x"\n\n[[indicator]]\nid = "a"\n[[indicator]]\nid = "b"\n'
        >>> lines = TomlLines(text)
        >>> lines.line(("indicator", 1, "id")), lines.line(("indicator", 1, "unit"))
        (6, 5)
        >>> lines.line(("title",)), lines.line(("nothing",)) is None
        (1, True)
    """

    def __init__(self, text: str) -> None:
        self._text = text

    @functools.cached_property
    def _lines(self) -> dict[Path, int]:
        """The index, made on the first question: a valid file never asks one."""
        lines: dict[Path, int] = {}
        text = self._text
        counts: dict[Path, int] = {}
        context: Path = ()
        delimiter: str | None = None  # inside a multi-line string
        depth = 0  # inside a multi-line array or inline table
        for number, line in enumerate(text.split("\n"), start=1):  # TOML: LF or CR LF
            if delimiter is not None or depth:
                delimiter, depth = _scan(line, delimiter, depth)
                continue
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if stripped.startswith("[["):
                name = tuple(_split_key(stripped[2 : stripped.find("]]")]))
                index = counts.get(name, 0)
                counts[name] = index + 1
                context = (*name, index)
                lines.setdefault(context, number)
            elif stripped.startswith("["):
                context = tuple(_split_key(stripped[1 : stripped.find("]")]))
                lines.setdefault(context, number)
            else:
                key, _, rest = _partition_key(stripped)
                lines.setdefault((*context, *_split_key(key)), number)
                delimiter, depth = _scan(rest, None, 0)
        return lines

    def line(self, path: Sequence[str | int]) -> int | None:
        """The line of ``path``, or of its nearest known parent; ``None`` if none is known."""
        key = tuple(path)
        while key:
            found = self._lines.get(key)
            if found is not None:
                return found
            key = key[:-1]
        return None


def _partition_key(line: str) -> tuple[str, str, str]:
    """Split ``key = value`` at the first ``=`` outside quotes."""
    quote: str | None = None
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "=":
            return line[:index], "=", line[index + 1 :]
    return line, "", ""


def _split_key(key: str) -> list[str]:
    """The parts of a dotted key, unquoted: ``a."b.c"`` gives ``["a", "b.c"]``."""
    parts, current, quote = [], "", None
    for char in key:
        if quote:
            if char == quote:
                quote = None
            else:
                current += char
        elif char in "\"'":
            quote = char
        elif char == ".":
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return parts


def _scan(text: str, delimiter: str | None, depth: int) -> tuple[str | None, int]:
    """Follow strings, comments and brackets through ``text``; the state at its end."""
    index = 0
    while index < len(text):
        if delimiter is not None:
            end = text.find(delimiter, index)
            if end < 0:
                return delimiter, depth
            index, delimiter = end + 3, None
            continue
        char = text[index]
        if char == "#":
            break
        if text.startswith(('"""', "'''"), index):
            delimiter = text[index : index + 3]
            index += 3
            continue
        if char in "\"'":
            index = _end_of_string(text, index)
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(0, depth - 1)
        index += 1
    return delimiter, depth


def _end_of_string(text: str, start: int) -> int:
    """The index of the quote closing the one-line string opened at ``start``."""
    quote = text[start]
    index = start + 1
    while index < len(text):
        if quote == '"' and text[index] == "\\":
            index += 2
            continue
        if text[index] == quote:
            return index
        index += 1
    return index
