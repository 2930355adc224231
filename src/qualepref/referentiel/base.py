"""What every model of a definitions file shares: identifiers, and frozen, strict tables."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from qualepref.formulas import NAME_PATTERN

__all__ = ["Id", "TableModel", "Text"]

Id = Annotated[str, Field(pattern=f"^{NAME_PATTERN.pattern}$", min_length=1, max_length=80)]
"""A stable identifier: lower-case letters, digits and ``_``, starting with a letter."""
Text = Annotated[str, Field(min_length=1)]
"""A text that may not be empty."""


def _schema_description(schema: dict[str, Any]) -> None:
    """Keep a model's summary in the JSON Schema, not its doctest example."""
    description = schema.get("description")
    if isinstance(description, str):
        schema["description"] = description.split("\n\nExample:")[0].strip()


class TableModel(BaseModel):
    """A table of a definitions file: frozen, unknown keys refused, documented by docstrings.

    Example:
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
