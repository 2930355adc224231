"""The catalogue as TOML, JSON and a table; the JSON Schema, committed and fresh."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

from qualepref import load_referentiel, parse_definitions
from qualepref.referentiel.export import definitions_schema, to_json, to_table, to_toml
from qualepref.referentiel.models import DefinitionsFile

ROOT = Path(__file__).parent.parent
SCHEMA = ROOT / "docs" / "definitions.schema.json"
REF = load_referentiel()


def test_toml_export_is_a_valid_definitions_file_that_round_trips() -> None:
    text = to_toml(REF)
    assert text.startswith("# Référentiel Qual-e-pref")
    assert tomllib.loads(text)["extends"] == "none"
    again = parse_definitions(text, source="export.toml")
    assert again.referentiel == REF
    assert again.warnings == ()


def test_toml_export_puts_identity_first_and_sources_last() -> None:
    first_module = tomllib.loads(to_toml(REF))["module"][0]
    assert list(first_module)[:2] == ["number", "name"]
    assert list(first_module)[-2:] == ["source", "note"]


def test_json_export() -> None:
    data = json.loads(to_json(REF))
    assert data["extends"] == "none"
    assert [m["number"] for m in data["module"]] == [1, 2, 3, 4, 5, 6, 7]
    assert len(data["indicator"]) == 45
    indicator = next(i for i in data["indicator"] if i["id"] == "appels_aboutis")
    assert (indicator["unit"], indicator["target"], indicator["engagement"]) == ("rate", 0.9, [10])


def test_table_export() -> None:
    table = to_table(REF)
    assert "Module 6 — (nom inconnu)" in table
    assert "    21. (libellé inconnu, déduit)" in table
    assert "    appels_aboutis                               [10] mensuelle, cible 90 %" in table
    assert "    cert_fraude_pour_mille                       [23] mensuelle, cible 0.5 ‰" in table
    assert "    cert_delai_pc                                [22] mensuelle, cible 15 j" in table
    assert (
        "    copil                                        [copil] trimestrielle, cible 2" in table
    )
    assert "    IV-1 Comité de pilotage (COPIL)" in table


def test_the_committed_schema_is_fresh() -> None:
    generated = json.dumps(definitions_schema(), ensure_ascii=False, indent=2) + "\n"
    if os.environ.get("QUALEPREF_UPDATE_SNAPSHOTS"):
        SCHEMA.write_text(generated, encoding="utf-8")
    assert SCHEMA.read_text(encoding="utf-8") == generated, (
        "docs/definitions.schema.json is stale: regenerate it with "
        "`qualepref schema > docs/definitions.schema.json`"
    )


def test_the_schema_describes_the_file() -> None:
    schema = definitions_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["properties"]) == {
        "extends", "prefecture", "perimeter", "targets",
        "module", "engagement", "requirement", "counter", "indicator", "tracking",
        "plan", "training", "survey", "mystery", "obligations", "affiche",
    }  # fmt: skip
    indicator = schema["$defs"]["IndicatorDefinition"]
    assert indicator["additionalProperties"] is False
    assert set(indicator["required"]) == {
        "id",
        "label",
        "unit",
        "direction",
        "periodicity",
        "formula",
    }
    assert indicator["properties"]["id"]["pattern"] == "^[a-z][a-z0-9_]*$"
    assert "Example" not in indicator["description"]
    assert schema["$defs"]["Unit"]["enum"] == [
        "rate", "per_thousand", "working_days", "calendar_days", "count",
        "taux", "pourcentage", "pour 1 000", "pour mille", "jours ouvrés", "jours calendaires",
        "nombre",
    ]  # fmt: skip
    assert "mensuelle" in schema["$defs"]["Periodicity"]["enum"]


def test_every_description_of_the_schema_is_french() -> None:
    raw = DefinitionsFile.model_json_schema()  # the docstrings' English
    french = definitions_schema()
    pairs = [(raw, french)] + [
        (model, french["$defs"][name]) for name, model in raw["$defs"].items()
    ]
    for english, translated in pairs:
        if "description" in english:
            assert translated["description"] != english["description"], english["description"]
        for key, prop in english.get("properties", {}).items():
            if "description" in prop:
                said = translated["properties"][key]["description"]
                assert said != prop["description"], (key, said)
    assert "Example" not in json.dumps(french)  # no doctest leaks into an editor's tooltip
