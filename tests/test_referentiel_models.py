"""The models, built directly: what each entry checks on its own."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from qualepref import (
    Counter,
    CounterKind,
    DefinitionError,
    DefinitionIssue,
    Direction,
    Engagement,
    IndicatorDefinition,
    Level,
    Module,
    Periodicity,
    Prefecture,
    Provenance,
    Unit,
)
from qualepref.referentiel.base import _schema_description
from qualepref.referentiel.models import DefinitionsFile, Perimeter

BASE = {
    "id": "courriels_service_5j",
    "label": "Taux de réponse dans le délai de 5 jours ouvrés",
    "engagement": 17,
    "unit": "rate",
    "direction": "higher_is_better",
    "periodicity": "monthly",
    "deadline": 5,
    "target": 0.9,
    "formula": "dans_le_delai / recus",
}


def test_an_indicator_definition() -> None:
    indicator = IndicatorDefinition.model_validate(BASE)
    assert indicator.engagement == (17,)
    assert indicator.unit is Unit.RATE
    assert indicator.direction is Direction.HIGHER_IS_BETTER
    assert indicator.periodicity is Periodicity.MONTHLY
    assert indicator.provenance is Provenance.SEED
    assert indicator.compiled.names == {"dans_le_delai", "recus"}
    with pytest.raises(ValidationError):
        indicator.target = 1.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"formula": "os.system('x')"}, "formule refusée"),
        ({"id": "Taux"}, "should match pattern"),
        ({"unit": "percent"}, "Input should be"),
        ({"deadline": 0}, "greater than or equal to 1"),
        ({"target": float("nan")}, "finite number"),
        ({"engagement": [0]}, "greater than or equal to 1"),
        ({"colour": "red"}, "Extra inputs are not permitted"),
    ],
)
def test_entries_refuse_bad_fields(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        IndicatorDefinition.model_validate(BASE | change)


def test_labels_and_symbols() -> None:
    assert [u.label for u in Unit] == [
        "taux",
        "pour 1 000",
        "jours ouvrés",
        "jours calendaires",
        "nombre",
    ]
    assert [u.symbol for u in Unit] == ["%", "‰", "j", "j", ""]
    assert [u.is_duration for u in Unit] == [False, False, True, True, False]
    assert [p.label for p in Periodicity] == ["mensuelle", "trimestrielle", "annuelle"]
    assert Direction.NO_TARGET.label == "sans cible"
    assert CounterKind.FLOW.label == "flux (somme sur la période)"
    assert Provenance.PUBLIC.label == "source publique"


def test_small_models() -> None:
    assert Module(number=8, name="Polices exercées par la Préfecture de police").mandatory is False
    with pytest.raises(ValidationError):
        Module(number=10)
    assert Engagement(number=38, module=5).title is None
    assert Counter(id="habitants", label="Habitants").kind is CounterKind.FLOW
    assert Perimeter(modules=4).modules == (4,)  # type: ignore[arg-type]
    assert Prefecture(departement=5).departement == "05"  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="département inconnu"):
        Prefecture(departement="20")
    assert Prefecture().departement is None


def test_the_file_model() -> None:
    file = DefinitionsFile.model_validate({"perimeter": {"modules": [1, 2]}, "targets": {"a": 1}})
    assert file.extends == "qualepref"
    assert file.targets == {"a": 1.0}
    with pytest.raises(ValidationError):
        DefinitionsFile.model_validate({"extends": "autre"})


def test_issues_and_errors_read_well() -> None:
    issue = DefinitionIssue("QP208", Level.WARNING, "message", file="f.toml")
    assert str(issue) == "f.toml: avertissement QP208 message"
    assert issue.as_dict() == {
        "code": "QP208",
        "level": "warning",
        "file": "f.toml",
        "line": None,
        "item": None,
        "field": None,
        "message": "message",
    }
    error = DefinitionError(
        [
            DefinitionIssue("QP2", Level.ERROR, "second", file="f.toml", line=9),
            DefinitionIssue("QP1", Level.ERROR, "first", file="f.toml", line=2),
            DefinitionIssue("QP3", Level.WARNING, "w", file="f.toml", line=5),
        ]
    )
    assert [i.line for i in error.issues] == [2, 5, 9]
    assert [i.code for i in error.errors] == ["QP1", "QP2"]
    assert str(error).splitlines()[0] == "f.toml:2: erreur QP1 first"
    assert str(DefinitionError([])) == "définitions invalides"


def test_schema_descriptions_without_a_docstring() -> None:
    schema: dict[str, object] = {}
    _schema_description(schema)
    assert schema == {}
