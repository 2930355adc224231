"""The référentiel as text: a definitions file (TOML), JSON, a readable table; the schema."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import tomli
import tomli_w

from qualepref.referentiel.container import Referentiel
from qualepref.referentiel.models import DefinitionsFile
from qualepref.referentiel.shapes import shape_of

__all__ = ["definitions_schema", "to_definitions_file", "to_json", "to_table", "to_toml"]


def to_definitions_file(referentiel: Referentiel) -> DefinitionsFile:
    """``referentiel`` as a standalone definitions file (``extends = "none"``).

    Examples:
        >>> from qualepref import load_referentiel
        >>> file = to_definitions_file(load_referentiel())
        >>> file.extends, len(file.module)
        ('none', 7)
    """
    return DefinitionsFile(
        extends="none",
        module=referentiel.modules,
        engagement=referentiel.engagements,
        requirement=referentiel.requirements,
        counter=referentiel.counters,
        indicator=referentiel.indicators,
    )


_LAST = ("provenance", "source", "note")


def _plain(referentiel: Referentiel) -> dict[str, Any]:
    """Plain data in the file's layout: what identifies an entry first, its sources last."""
    data = to_definitions_file(referentiel).model_dump(mode="json", exclude_defaults=True)
    for key, entries in data.items():
        if isinstance(entries, list):
            data[key] = [
                {k: v for k, v in entry.items() if k not in _LAST}
                | {k: entry[k] for k in _LAST if k in entry}
                for entry in entries
            ]
    return {"extends": "none", **data}


def to_toml(referentiel: Referentiel) -> str:
    """``referentiel`` as a TOML definitions file, valid input for ``load_definitions``.

    Examples:
        >>> from qualepref import load_referentiel, parse_definitions
        >>> text = to_toml(load_referentiel())
        >>> parse_definitions(text).referentiel == load_referentiel()
        True
    """
    header = (
        "# Référentiel Qual-e-pref, exporté par qualepref : un fichier de définitions autonome.\n"
        "# Format : docs/definitions.md.\n\n"
    )
    return header + tomli_w.dumps(_plain(referentiel), multiline_strings=False)


def to_json(referentiel: Referentiel) -> str:
    """``referentiel`` as JSON, in the definitions-file layout.

    Examples:
        >>> import json
        >>> from qualepref import load_referentiel
        >>> json.loads(to_json(load_referentiel()))["module"][0]["name"]
        "Relation générale avec l'usager"
    """
    return json.dumps(_plain(referentiel), ensure_ascii=False, indent=2) + "\n"


def to_table(referentiel: Referentiel) -> str:
    """``referentiel`` as a readable text table: modules, engagements, indicators.

    Examples:
        >>> from qualepref import load_referentiel
        >>> print(to_table(load_referentiel()).splitlines()[0])
        Module 1 — Relation générale avec l'usager (obligatoire)
    """
    lines: list[str] = []
    for module in referentiel.modules:
        name = module.name or "(nom inconnu)"
        mandatory = " (obligatoire)" if module.mandatory else ""
        lines.append(f"Module {module.number} — {name}{mandatory}")
        theme = None
        for engagement in (e for e in referentiel.engagements if e.module == module.number):
            if engagement.theme and engagement.theme != theme:
                theme = engagement.theme
                lines.append(f"  {theme}")
            title = engagement.title or f"(libellé inconnu, {engagement.provenance.label})"
            lines.append(f"    {engagement.number:>2}. {title}")
        indicators = [i for i in referentiel.indicators if i.module == module.number]
        lines.extend(_indicator_lines(indicators, referentiel))
        lines.append("")
    lines.append("Pilotage")
    for requirement in referentiel.requirements:
        code = f"{requirement.code} " if requirement.code else ""
        lines.append(f"    {code}{requirement.label}")
    lines.extend(
        _indicator_lines([i for i in referentiel.indicators if i.requirement], referentiel)
    )
    return "\n".join(lines).rstrip() + "\n"


def _indicator_lines(indicators: list[Any], referentiel: Referentiel) -> list[str]:

    if not indicators:
        return []
    lines = ["  Indicateurs"]
    for indicator in indicators:
        target = (
            "sans cible"
            if indicator.target is None
            else f"cible {_show(indicator.target, indicator.unit)}"
        )
        attached = ", ".join(map(str, indicator.engagement)) or indicator.requirement or "—"
        lines.append(f"    {indicator.id:<44} [{attached}] {indicator.periodicity.label}, {target}")
        lines.append(f"      {indicator.label}")
        lines.append(f"      agrégation : {shape_of(indicator, referentiel).aggregation}")
    return lines


def _show(value: float, unit: Any) -> str:
    if unit.value == "rate":
        return f"{value * 100:g} %"
    symbol = unit.symbol
    return f"{value:g} {symbol}".strip() if symbol != "j" else f"{value:g} j"


def definitions_schema() -> dict[str, Any]:
    """The JSON Schema of definitions files, generated from the models.

    Examples:
        >>> sorted(definitions_schema()["properties"])[:3]
        ['affiche', 'counter', 'engagement']
    """
    schema = DefinitionsFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    french = _french_descriptions()
    _describe(schema, french["_file"])
    for name, model in schema.get("$defs", {}).items():
        _describe(model, french.get(name, {}))
    return schema


def _french_descriptions() -> dict[str, dict[str, str]]:
    """The French descriptions of the schema (``data/schema_fr.toml``)."""
    text = resources.files("qualepref").joinpath("data", "schema_fr.toml").read_text("utf-8")
    return tomli.loads(text)


def _describe(node: dict[str, Any], french: dict[str, str]) -> None:
    """Give ``node`` (a model's schema) and its properties their French descriptions."""
    places = [(node, "_"), *((prop, key) for key, prop in node.get("properties", {}).items())]
    for place, key in places:
        place.update({"description": french[key]} if key in french else {})
