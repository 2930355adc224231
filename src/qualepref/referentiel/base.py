"""What every model of a definitions file shares: identifiers, and frozen, strict tables."""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from qualepref.formulas import NAME_PATTERN
from qualepref.words import normalize

__all__ = ["Id", "Labelled", "TableModel", "Text", "Words", "add_words", "word_list"]

Id = Annotated[str, Field(pattern=f"^{NAME_PATTERN.pattern}$", min_length=1, max_length=80)]
"""A stable identifier: lower-case letters, digits and ``_``, starting with a letter."""
Text = Annotated[str, Field(min_length=1)]
"""A text that may not be empty."""


def word_list(value: Any) -> Any:
    """Let a file write ``channels = "courriel"`` for ``channels = ["courriel"]``.

    Examples:
        >>> word_list("courriel"), word_list(["a", "b"])
        (['courriel'], ['a', 'b'])
    """
    return [value] if isinstance(value, str) else value


Words = Annotated[tuple[Text, ...], BeforeValidator(word_list)]
"""Words a referent may type for one thing: a list, or one text."""


def add_words(base: Mapping[Any, Any], more: Mapping[Any, Any]) -> dict[Any, Any]:
    """``base``'s words with ``more``'s added, key by key (a definitions file adds words).

    Examples:
        >>> add_words({"fait": ["fait"]}, {"fait": "soldé", "reporte": ["différé"]})
        {'fait': ['fait', 'soldé'], 'reporte': ['différé']}
    """
    result = {key: list(words) for key, words in base.items()}
    for key, words in more.items():
        result.setdefault(key, []).extend(word_list(words))
    return result


def _schema_description(schema: dict[str, Any]) -> None:
    """Keep a model's summary in the JSON Schema, not its doctest example."""
    description = schema.get("description")
    if isinstance(description, str):
        schema["description"] = description.split("\n\nExamples:")[0].strip()


class TableModel(BaseModel):
    """A table of a definitions file: frozen, unknown keys refused, documented by docstrings.

    Examples:
        >>> class Point(TableModel):
        ...     x: int
        >>> Point(x=1).model_config["extra"]
        'forbid'
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        json_schema_extra=_schema_description,
    )


class Labelled(enum.StrEnum):
    """A str enum whose members carry a French label, and read their French spellings.

    A definitions file may write ``periodicity = "mensuelle"`` for ``"monthly"``, or
    ``direction = "plus haut est mieux"``: case, accents, spaces, hyphens and underscores
    do not matter. The canonical value (the English one) is what files are written with.
    Each enum says its members' spellings, label first (:meth:`_spelled`).
    """

    def _spelled(self) -> tuple[str, ...]:
        """The member's French label, then the other spellings a file may use."""
        raise NotImplementedError

    @property
    def label(self) -> str:
        """The French label shown in reports."""
        return self._spelled()[0]

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str):
            return _spellings(cls).get(normalize(value))
        return None

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The values, then their French spellings as a file may write them."""
        schema = handler(core_schema)
        written = [member.value for member in cls]
        for member in cls:
            written.extend(member._spelled())
        schema["enum"] = list(dict.fromkeys(written))
        return schema

    @classmethod
    def spellings(cls) -> dict[str, list[str]]:
        """Each value's accepted spellings, as docs list them (normalized).

        Examples:
            >>> from qualepref.referentiel.models import Periodicity
            >>> Periodicity.spellings()["monthly"]
            ['monthly', 'mensuelle', 'mensuel']
        """
        found: dict[str, list[str]] = {member.value: [] for member in cls}
        for word, member in _spellings(cls).items():
            found[member.value].append(word)
        return found


@functools.cache
def _spellings(kind: type[Labelled]) -> dict[str, Labelled]:
    """Every accepted spelling of ``kind``'s values, normalized, to its member."""
    words: dict[str, Labelled] = {}
    for member in kind:
        for word in (member.value, *member._spelled()):
            words.setdefault(normalize(word), member)
    words.pop("", None)  # a blank value is no spelling of anything
    return words
