"""The département data file and its look-ups."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from qualepref import DepartementKind, UnknownDepartementError
from qualepref.departements import Departement, departement, departements, normalize_code


def test_every_departement_with_a_prefecture_is_listed_once_in_insee_order() -> None:
    codes = [dep.code for dep in departements()]
    metropolitan = [f"{n:02d}" for n in range(1, 20)] + ["2A", "2B"]
    metropolitan += [f"{n:02d}" for n in range(21, 96)]
    assert codes == [*metropolitan, "971", "972", "973", "974", "975", "976", "977", "978"]
    assert len(set(codes)) == len(codes) == 104


@pytest.mark.parametrize(
    ("code", "name", "kind", "subdivision"),
    [
        ("01", "Ain", DepartementKind.METROPOLE, None),
        ("2A", "Corse-du-Sud", DepartementKind.METROPOLE, None),
        ("38", "Isère", DepartementKind.METROPOLE, None),
        ("39", "Jura", DepartementKind.METROPOLE, None),
        ("44", "Loire-Atlantique", DepartementKind.METROPOLE, None),
        ("57", "Moselle", DepartementKind.ALSACE_MOSELLE, "57"),
        ("67", "Bas-Rhin", DepartementKind.ALSACE_MOSELLE, "6AE"),
        ("68", "Haut-Rhin", DepartementKind.ALSACE_MOSELLE, "6AE"),
        ("90", "Territoire de Belfort", DepartementKind.METROPOLE, None),
        ("971", "Guadeloupe", DepartementKind.OUTRE_MER, "971"),
        ("974", "La Réunion", DepartementKind.OUTRE_MER, "974"),
        ("975", "Saint-Pierre-et-Miquelon", DepartementKind.COLLECTIVITE, "PM"),
        ("976", "Mayotte", DepartementKind.OUTRE_MER, "976"),
        ("978", "Saint-Martin", DepartementKind.COLLECTIVITE, "MF"),
    ],
)
def test_departement_fields(
    code: str, name: str, kind: DepartementKind, subdivision: str | None
) -> None:
    dep = departement(code)
    assert (dep.code, dep.name, dep.kind, dep.holidays_subdivision) == (
        code,
        name,
        kind,
        subdivision,
    )
    assert str(dep) == f"{code} {name}"


def test_alsace_moselle_and_overseas_cite_their_legal_basis() -> None:
    for dep in departements():
        if dep.kind is DepartementKind.METROPOLE:
            assert dep.legal_basis is None
            assert dep.time_zone == "Europe/Paris"
        elif dep.kind is DepartementKind.ALSACE_MOSELLE:
            assert "L3134-13" in (dep.legal_basis or "")
        elif dep.code != "975":  # Saint-Pierre-et-Miquelon has no local public holiday
            assert "L3422-2" in (dep.legal_basis or "")


@pytest.mark.parametrize(
    ("typed", "code"),
    [("5", "05"), (5, "05"), (" 2a ", "2A"), ("2b", "2B"), (974, "974"), ("01", "01")],
)
def test_codes_are_normalized(typed: str | int, code: str) -> None:
    assert normalize_code(typed) == code
    assert departement(typed).code == code


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        ("20", "'2A' (Corse-du-Sud) et '2B' (Haute-Corse)"),
        ("moselle", "Vouliez-vous dire '57'"),
        ("99", "Codes attendus : '01' à '95', '2A', '2B', '971' à '978'."),
        ("9744", "Vouliez-vous dire '974'"),
    ],
)
def test_unknown_codes_get_a_useful_message(code: str, hint: str) -> None:
    with pytest.raises(UnknownDepartementError, match="département inconnu") as error:
        departement(code)
    assert hint in str(error.value)


def test_the_models_refuse_bad_data() -> None:
    with pytest.raises(ValidationError, match="fuseau horaire IANA inconnu"):
        Departement(code="75", name="Paris", kind=DepartementKind.METROPOLE, time_zone="Paris")
    with pytest.raises(ValidationError, match="pattern"):
        Departement(code="20", name="Corse", kind=DepartementKind.METROPOLE)
    with pytest.raises(ValidationError, match="Extra inputs"):
        Departement(code="75", name="Paris", kind="metropole", zone="Europe/Paris")  # type: ignore[call-arg]
