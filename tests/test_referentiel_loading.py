"""Reading definitions files: the API, perimeters, cibles, order, encodings."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from qualepref import (
    CounterKind,
    DefinitionError,
    Definitions,
    Direction,
    NotInReferentielError,
    Periodicity,
    Referentiel,
    Unit,
    check_definitions,
    load_definitions,
    load_referentiel,
    parse_definitions,
)
from qualepref.referentiel.checks import Context, run_checks
from qualepref.referentiel.export import to_toml
from qualepref.referentiel.issues import DefinitionIssue
from qualepref.referentiel.loading import _translate

EXAMPLE = Path(__file__).parent.parent / "examples" / "definitions" / "loire-atlantique.toml"


def test_the_loire_atlantique_example() -> None:
    defs = load_definitions(EXAMPLE)
    assert defs.perimeter == (1, 2, 4)
    assert defs.prefecture is not None
    assert (defs.prefecture.name, defs.prefecture.departement) == (
        "Préfecture de la Loire-Atlantique",
        "44",
    )
    ids = [i.id for i in defs.indicators]
    assert "cert_fraude_pour_mille" in ids  # module 2
    assert "collectivites_rdv_10j" in ids  # module 4
    assert not any(i.module == 3 for i in defs.indicators)
    assert ids[-4:] == ["copil", "clu", "bilan_annuel", "plan_amelioration_realisation"]
    # own indicators sit with their engagement, before the next engagement's
    assert ids.index("boite_prefecture_5j") > ids.index("courriels_info_delai_moyen")
    assert ids.index("boite_prefecture_5j") < ids.index("reseaux_sociaux_engagement")
    assert defs.indicator("legalite_courriers_15j").module == 4
    assert defs.source == str(EXAMPLE)
    assert repr(defs) == f"<Definitions {EXAMPLE}: modules [1, 2, 4], 51 indicateurs>"


def test_cibles_plain_and_by_year() -> None:
    defs = load_definitions(EXAMPLE)
    assert defs.indicator("courriers_info_10j").target == 0.9  # catalogue says 1.0
    assert defs.indicator("cert_fraude_pour_mille").target == 0.05
    assert defs.target("courriels_info_5j") == 0.9  # a plain cible, every year
    # its own main mailbox: 90 % in 2022, « NOTRE CIBLE 2023 : 100 % »
    assert defs.target("boite_prefecture_5j") == 0.9  # the indicator's own, with no year
    assert [defs.target("boite_prefecture_5j", y) for y in (2021, 2022, 2023, 2026)] == [
        0.9,
        0.9,
        1.0,
        1.0,
    ]
    assert defs.target("autres_boites_5j", 2023) == 1.0
    assert defs.target("appels_aboutis", 2022) == 0.9
    assert load_referentiel().indicator("courriers_info_10j").target == 1.0  # untouched


def test_the_perimeter_filters_the_catalogue() -> None:
    defs = parse_definitions("[perimeter]\nmodules = [1]\n")
    assert {i.module for i in defs.indicators} == {1, None}
    assert len(defs.indicators) == 27 + 3 + 3  # module 1, the programme transparence, pilotage
    assert [i.id for i in defs.indicators][-6:-3] == [
        "transparence_delai_pc",
        "transparence_delai_cni_passeports",
        "transparence_delai_civ",
    ]
    with pytest.raises(NotInReferentielError, match="indicateur du périmètre inconnu"):
        defs.indicator("cert_delai_pc")
    assert defs.referentiel.indicator("cert_delai_pc").module == 2  # still in the référentiel


def test_a_standalone_file() -> None:
    text = """
extends = "none"
[[module]]
number = 1
name = "Accueil"
mandatory = true
[[engagement]]
number = 1
module = 1
title = "Nous accueillons"
[[counter]]
id = "visites"
label = "Visites"
[[indicator]]
id = "visites"
label = "Visites à l'accueil"
engagement = 1
unit = "count"
direction = "no_target"
periodicity = "monthly"
formula = "visites_accueil"
[[counter]]
id = "visites_accueil"
label = "Visites à l'accueil"
"""
    with pytest.raises(DefinitionError) as error:
        parse_definitions(text)
    assert [i.code for i in error.value.issues] == ["QP305", "QP310"]
    fixed = parse_definitions(
        text.replace(
            'id = "visites"\nlabel = "Visites"\n',
            'id = "autres"\nlabel = "Autres"\nkind = "stock"\n',
        )
    )
    assert fixed.perimeter == (1,)
    assert [i.id for i in fixed.indicators] == ["visites"]
    assert fixed.referentiel.counter("autres").kind.value == "stock"
    assert fixed.warnings[0].code == "QP310"


def test_an_empty_file_needs_a_perimeter() -> None:
    with pytest.raises(DefinitionError) as error:
        parse_definitions("")
    assert [i.code for i in error.value.issues] == ["QP214"]


def test_a_catalogue_can_be_given(tmp_path: Path) -> None:
    tiny = Referentiel()
    definitions, issues = check_definitions("[perimeter]\nmodules = [1]\n", catalogue=tiny)
    assert definitions is None
    assert [i.code for i in issues] == ["QP203"]


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.toml"
    latin.write_bytes('[prefecture]\nname = "Préfecture"\n'.encode("latin-1"))
    with pytest.raises(DefinitionError) as error:
        load_definitions(latin)
    assert [(i.code, i.file) for i in error.value.issues] == [("QP002", str(latin))]
    assert "UTF-8" in str(error.value)
    with pytest.raises(FileNotFoundError):
        load_definitions(tmp_path / "absent.toml")


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes("\ufeff[perimeter]\nmodules = [1, 3]\n".encode())
    assert load_definitions(path).perimeter == (1, 3)


def test_sections_must_be_tables() -> None:
    _, issues = check_definitions('indicator = "x"\ncounter = ["y"]\n[perimeter]\nmodules = 1\n')
    assert [(i.code, i.line) for i in issues] == [("QP102", 1), ("QP102", 2)]
    assert "[[indicator]]" in issues[0].message


def test_definitions_are_values() -> None:
    first = load_definitions(EXAMPLE)
    second = load_definitions(EXAMPLE)
    assert first == second
    assert isinstance(first, Definitions)
    with pytest.raises(AttributeError):
        first.perimeter = (1,)  # type: ignore[misc]


def test_an_unforeseen_pydantic_error_still_reads() -> None:
    detail = {"type": "url_parsing", "loc": ("source",), "msg": "Input should be a URL", "input": 3}
    assert _translate(detail, None) == (  # type: ignore[arg-type]
        "QP102",
        "source : valeur invalide 3 (voir docs/definitions.md pour sa forme)",
    )  # never pydantic's English


def test_the_programme_transparence_is_every_perimeter_s() -> None:
    jura = parse_definitions("[perimeter]\nmodules = [1, 3]\n")  # labelled on modules 1 and 3
    delay = jura.indicator("transparence_delai_pc")
    assert (delay.programme, delay.module, delay.engagement, delay.target) == (
        "transparence",
        None,
        (),
        None,
    )
    own = parse_definitions("[perimeter]\nmodules = [1]\n[targets]\ntransparence_delai_civ = 17\n")
    assert own.indicator("transparence_delai_civ").target == 17
    _, issues = check_definitions(
        '[perimeter]\nmodules = [1]\n[[indicator]]\nid = "x"\nlabel = "X"\n'
        'programme = "affiche"\nmodule = 1\nunit = "count"\ndirection = "no_target"\n'
        'periodicity = "annual"\nformula = "copil"\n'
    )
    assert [issue.code for issue in issues] == ["QP212", "QP215"]


def test_toml_nested_too_deep_is_a_message() -> None:
    _, issues = check_definitions("a = " + "[" * 5000 + "]" * 5000 + "\n")
    assert [issue.code for issue in issues] == ["QP001"]
    assert "imbriqués trop profondément" in issues[0].message


def test_values_may_be_written_in_french() -> None:
    text = """
[perimeter]
modules = [1]
[[counter]]
id = "lus"
label = "Lus"
kind = "Flux"
[[indicator]]
id = "lecture"
label = "Lecture"
engagement = 1
unit = "Jours ouvrés"
direction = "le plus bas est le mieux"
periodicity = "TRIMESTRIELLE"
per = "mensuel"
formula = "lus"
"""
    definitions = parse_definitions(text)
    indicator = definitions.indicator("lecture")
    assert (indicator.unit, indicator.direction, indicator.periodicity, indicator.per) == (
        Unit.WORKING_DAYS, Direction.LOWER_IS_BETTER, Periodicity.QUARTERLY, Periodicity.MONTHLY,
    )  # fmt: skip
    assert definitions.referentiel.counter("lus").kind is CounterKind.FLOW
    toml = to_toml(definitions.referentiel)  # written back in the one canonical form
    assert 'periodicity = "quarterly"' in toml
    assert "TRIMESTRIELLE" not in toml
    with pytest.raises(ValueError, match="is not a valid Unit"):
        Unit("")  # a blank value is no spelling of anything
    with pytest.raises(ValueError, match="is not a valid Unit"):
        Unit(3)  # type: ignore[arg-type]  # nor is a number
    _, issues = check_definitions('extends = "autre"\n[perimeter]\nmodules = [1]\n')
    assert [(i.code, i.message) for i in issues] == [
        ("QP104", "valeur inconnue 'autre' : valeurs permises 'qualepref' ou 'none'")
    ]  # a choice without French spellings gets no French list


@pytest.mark.parametrize(
    ("table", "said"),
    [
        ('[tracking]\ncutoff = "dix-sept"', "cutoff doit être une heure, par exemple 17:30:00"),
        ('[tracking]\nclosures = ["demain"]', "une fermeture s'écrit comme une date TOML"),
        ('[[tracking.sample]]\nstart = "lundi"\nend = 2022-01-14', "start doit être une date TOML"),
        ("[prefecture]\nname = 5", "name doit être un texte entre guillemets, pas 5"),
    ],
)
def test_wrong_values_are_said_in_french(table: str, said: str) -> None:
    _, issues = check_definitions(f"[perimeter]\nmodules = [1]\n{table}\n")
    [issue] = issues
    assert said in issue.message
    assert "Input should" not in issue.message


@pytest.mark.parametrize("enabled", [True, False])
def test_validation_pauses_the_cycle_collector_and_restores_it(
    enabled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # check_definitions pauses the collector while it builds; the caller's choice stands.
    seen: list[bool] = []

    def checks(context: Context) -> list[DefinitionIssue]:
        seen.append(gc.isenabled())
        return run_checks(context)

    monkeypatch.setattr("qualepref.referentiel.loading.run_checks", checks)
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        _, issues = check_definitions("[perimeter]\nmodules = [1]\n")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert seen  # the catalogue may be read first, paused too
    assert not any(seen)
    assert issues == ()


def test_a_poster_figure_must_be_an_indicator_of_the_perimeter() -> None:
    _, issues = check_definitions(
        '[perimeter]\nmodules = [1]\n[affiche]\nindicators = ["appels_aboutiss"]\n'
    )
    (issue,) = issues
    assert (issue.code, issue.line, issue.item) == ("QP404", 4, "appels_aboutiss")
    assert "vouliez-vous dire 'appels_aboutis'" in issue.message
