"""Whole-file checks, one malformed example file per defect class, each pinned exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualepref import DefinitionError, Level, check_definitions, load_definitions, parse_definitions
from qualepref.referentiel import checks
from qualepref.referentiel.checks import run_checks

EXAMPLES = Path(__file__).parent.parent / "examples" / "definitions"
INVALID = EXAMPLES / "invalid"

# file: [(line, code, item, field)], in the order reported
EXPECTED = {
    "syntax.toml": [(6, "QP001", None, None)],
    "unknown-keys.toml": [
        (None, "QP214", None, "perimeter"),
        (2, "QP101", None, "perimetre"),
        (5, "QP103", "accueil_attente", "periodicity"),
        (11, "QP101", "accueil_attente", "periodicite"),
    ],
    "wrong-values.toml": [
        (4, "QP102", None, "departement"),
        (10, "QP102", "appels_aboutis", "targets"),
        (13, "QP104", "Courriels reçus", "id"),
        (20, "QP104", "courriels_service_5j", "unit"),
        (22, "QP104", "courriels_service_5j", "periodicity"),
        (23, "QP102", "courriels_service_5j", "deadline"),
        (26, "QP103", "sans_formule", "formula"),
        (29, "QP104", "sans_formule", "module"),
        (33, "QP104", "sans_formule", "deadline"),
    ],
    "duplicates.toml": [
        (10, "QP201", "accueil_usagers", "id"),
        (14, "QP201", "appels_aboutis", "id"),
    ],
    "references.toml": [
        (12, "QP202", "engagement_inconnu", "engagement"),
        (21, "QP204", "mauvais_module", "engagement"),
        (31, "QP205", "hors_perimetre", "engagement"),
        (40, "QP203", "module_inconnu", "module"),
        (49, "QP211", "exigence_inconnue", "requirement"),
        (55, "QP212", "rattache_a_rien", "engagement"),
    ],
    "units-and-targets.toml": [
        (6, "QP206", "appels_aboutis", "targets"),
        (7, "QP210", "courriels_info_5jj", "targets"),
        (8, "QP207", "pan_usagers", "targets"),
        (27, "QP207", "delai_moyen_demandes", "direction"),
        (29, "QP206", "delai_moyen_demandes", "target"),
        (32, "QP208", "demandes_10j", "deadline"),
        (39, "QP206", "demandes_10j", "target"),
        (49, "QP209", "demandes_15j", "deadline"),
    ],
    "formulas.toml": [
        (16, "QP301", "compteur_non_declare", "formula"),
        (25, "QP302", "formule_dangereuse", "formula"),
        (34, "QP302", "formule_attribut", "formula"),
        (43, "QP304", "boucle_a", "formula"),
    ],
    "perimeter.toml": [(7, "QP203", "12", "modules"), (7, "QP213", None, "modules")],
    "no-perimeter.toml": [(None, "QP214", None, "perimeter")],
}


def test_every_invalid_example_is_pinned() -> None:
    assert sorted(path.name for path in INVALID.glob("*.toml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_examples_report_every_problem_at_its_line(name: str) -> None:
    path = INVALID / name
    with pytest.raises(DefinitionError) as raised:
        load_definitions(path)
    found = [
        (i.line, i.code, i.item, i.field) for i in raised.value.issues if i.level is Level.ERROR
    ]
    assert found == EXPECTED[name]
    for issue in raised.value.issues:
        assert issue.file == str(path)
        assert issue.message
    assert isinstance(raised.value, ValueError)


MESSAGES = {
    ("duplicates.toml", "QP201", "appels_aboutis"): (
        "indicateur 'appels_aboutis' existe déjà dans le catalogue qualepref : pour changer sa "
        "cible, écrivez-la dans [targets] ; pour un autre indicateur, choisissez un autre "
        "identifiant"
    ),
    ("duplicates.toml", "QP201", "accueil_usagers"): (
        "compteur 'accueil_usagers' est déjà défini (ligne 5) : chaque compteur a un "
        "identifiant unique"
    ),
    ("unknown-keys.toml", "QP101", "accueil_attente"): (
        "clé inconnue : 'periodicite' ; vouliez-vous dire 'periodicity' ?"
    ),
    ("wrong-values.toml", "QP104", "courriels_service_5j"): (
        "valeur inconnue 'ratio' : valeurs permises 'rate', 'per_thousand', 'working_days', "
        "'calendar_days' ou 'count' ; ou en français : « taux », « pour 1 000 », "
        "« jours ouvrés », « jours calendaires », « nombre »"
    ),
    ("references.toml", "QP204", "mauvais_module"): (
        "l'engagement 17 appartient au module 1, pas au module 4 : corrigez l'un des deux"
    ),
    ("references.toml", "QP205", "hors_perimetre"): (
        "l'indicateur relève du module 3, hors du périmètre [1, 4] : ajoutez le module à "
        "perimeter.modules ou retirez l'indicateur"
    ),
    ("units-and-targets.toml", "QP206", "appels_aboutis"): (
        "cible de taux hors de 0 à 100 % : 90 ; un taux s'écrit en fraction, 0.9 pour 90 %"
    ),
    ("units-and-targets.toml", "QP207", "delai_moyen_demandes"): (
        'un délai se vise au plus bas : direction = "lower_is_better" (le plus bas est le '
        'mieux), pas "higher_is_better"'
    ),
    ("units-and-targets.toml", "QP208", "demandes_10j"): (
        "le libellé annonce un délai de 10 jours ouvrés : ajoutez deadline = 10"
    ),
    ("formulas.toml", "QP302", "formule_dangereuse"): (
        "formule refusée : un appel de fonction (colonne 1) ; seuls les nombres, les noms, "
        "+ - * / et les parenthèses sont permis"
    ),
    ("formulas.toml", "QP304", "boucle_a"): (
        "formules circulaires : boucle_a → boucle_b → boucle_a ; un indicateur ne peut pas "
        "dépendre de lui-même"
    ),
    (
        "perimeter.toml",
        "QP213",
        None,
    ): "le module 1 est obligatoire : ajoutez-le à perimeter.modules",
    ("wrong-values.toml", "QP102", None): (
        "département inconnu : '20'. La Corse a deux départements depuis 1976 : '2A' "
        "(Corse-du-Sud) et '2B' (Haute-Corse)."
    ),
    ("wrong-values.toml", "QP102", "appels_aboutis"): (
        "la cible de appels_aboutis doit être un nombre (0.9 pour un taux de 90 %) ou une table "
        "par année ({ 2023 = 0.9 }, années 1950 à 2100), pas 'haut'"
    ),
    ("wrong-values.toml", "QP104", "sans_formule"): "deadline doit valoir au moins 1, pas 0",
}


@pytest.mark.parametrize(("key", "message"), list(MESSAGES.items()), ids=str)
def test_messages_say_what_to_fix(key: tuple[str, str, str | None], message: str) -> None:
    name, code, item = key
    _, issues = check_definitions((INVALID / name).read_text(encoding="utf-8"))
    assert message in [i.message for i in issues if i.code == code and i.item == item]


def test_the_loire_atlantique_example_is_valid() -> None:
    definitions, issues = check_definitions(
        (EXAMPLES / "loire-atlantique.toml").read_text(encoding="utf-8")
    )
    assert definitions is not None
    assert issues == ()


def test_warnings_do_not_invalidate() -> None:
    text = """
[perimeter]
modules = [1]
[targets]
collectivites_courriels_5j = 0.9
[[counter]]
id = "jamais_lu"
label = "Compteur jamais lu"
"""
    definitions = parse_definitions(text, source="x.toml")
    assert [(w.code, w.level, w.item, w.line) for w in definitions.warnings] == [
        ("QP311", Level.WARNING, "collectivites_courriels_5j", 5),
        ("QP310", Level.WARNING, "jamais_lu", 7),
    ]


def test_a_counter_read_only_by_a_faulty_indicator_is_not_called_unused() -> None:
    text = """
[perimeter]
modules = [1]
[[counter]]
id = "lu"
label = "Lu par une formule fautive"
[[indicator]]
id = "fautif"
label = "Fautif"
engagement = 5
unit = "count"
direction = "no_target"
periodicity = "bimensuelle"
formula = "lu"
"""
    _, issues = check_definitions(text)
    assert [i.code for i in issues] == ["QP104"]


def test_ambiguous_names_and_multi_module_engagements() -> None:
    text = """
[perimeter]
modules = [1, 3]
[[counter]]
id = "appels_aboutis"
label = "Même nom qu'un indicateur"
[[indicator]]
id = "habitants"
label = "Même nom qu'un compteur"
engagement = [17, 26]
unit = "count"
direction = "no_target"
periodicity = "monthly"
formula = "appels_recus"
"""
    _, issues = check_definitions(text)
    assert [(i.code, i.item, i.line) for i in issues] == [
        ("QP305", "appels_aboutis", 5),
        ("QP310", "appels_aboutis", 5),  # a warning: no formula reads it
        ("QP305", "habitants", 8),
        ("QP204", "habitants", 10),
    ]
    assert "appartiennent à des modules différents (1, 3) : précisez module" in issues[3].message


def test_a_requirement_with_an_engagement_and_a_cycle_through_three() -> None:
    text = """
[perimeter]
modules = [1]
[[indicator]]
id = "a"
label = "A"
requirement = "copil"
engagement = 3
unit = "count"
direction = "no_target"
periodicity = "annual"
formula = "b"
[[indicator]]
id = "b"
label = "B"
engagement = 3
unit = "count"
direction = "no_target"
periodicity = "annual"
formula = "c + 1"
[[indicator]]
id = "c"
label = "C"
engagement = 3
unit = "count"
direction = "no_target"
periodicity = "annual"
formula = "a / 2"
"""
    _, issues = check_definitions(text)
    assert [(i.code, i.item) for i in issues] == [("QP212", "a"), ("QP304", "a")]
    assert "a → b → c → a" in issues[1].message


def test_own_modules_and_engagements_extend_the_catalogue() -> None:
    text = """
[perimeter]
modules = [1, 5]
[[engagement]]
number = 38
module = 5
title = "Un engagement du module 5 connu de la préfecture"
[[counter]]
id = "arretes_signes"
label = "Arrêtés signés"
[[indicator]]
id = "arretes"
label = "Arrêtés signés"
engagement = 38
unit = "count"
direction = "no_target"
periodicity = "monthly"
formula = "arretes_signes"
"""
    definitions = parse_definitions(text)
    assert definitions.referentiel.engagement(38).module == 5
    assert definitions.indicator("arretes").module == 5


def test_an_engagement_in_an_unknown_module() -> None:
    _, issues = check_definitions(
        "[perimeter]\nmodules = [1]\n[[engagement]]\nnumber = 40\nmodule = 9\n"
    )
    assert [(i.code, i.line, i.field) for i in issues] == [("QP203", 5, "module")]


def test_a_crashing_rule_becomes_an_issue(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(context: checks.Context) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(checks, "RULES", [broken, *checks.RULES])
    _, issues = check_definitions("[perimeter]\nmodules = [1]\n")
    assert [(i.code, i.level) for i in issues] == [("QP999", Level.ERROR)]
    assert "broken" in issues[0].message
    assert run_checks is checks.run_checks


def test_derived_indicators_read_other_indicators() -> None:
    text = """
[perimeter]
modules = [1]
[targets]
ecart_courriels = 0.05
[[indicator]]
id = "ecart_courriels"
label = "Écart entre le taux des courriels et celui des courriers"
engagement = 17
unit = "rate"
direction = "lower_is_better"
periodicity = "monthly"
formula = "courriels_info_5j - courriers_info_10j"
[[indicator]]
id = "double_ecart"
label = "Deux fois l'écart"
engagement = 17
unit = "rate"
direction = "no_target"
periodicity = "monthly"
formula = "2 * ecart_courriels + 0 * courriers_info_10j"
"""
    definitions = parse_definitions(text)
    assert definitions.indicator("ecart_courriels").target == 0.05
    assert definitions.indicator("double_ecart").compiled.names == {
        "ecart_courriels",
        "courriers_info_10j",
    }


def test_targets_must_be_a_table() -> None:
    _, issues = check_definitions("targets = 3\n[perimeter]\nmodules = [1]\n")
    assert [(i.code, i.line, i.field) for i in issues] == [("QP102", 1, "targets")]
