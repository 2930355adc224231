"""The shipped catalogue: modules, engagements, requirements and indicators, as in the seeds."""

from __future__ import annotations

import pytest

from qualepref import (
    CounterKind,
    Direction,
    NotInReferentielError,
    Periodicity,
    Provenance,
    Unit,
    load_referentiel,
)

REF = load_referentiel()


def test_modules_one_to_seven_with_module_one_mandatory() -> None:
    assert [(m.number, m.mandatory) for m in REF.modules] == [
        (1, True), (2, False), (3, False), (4, False), (5, False), (6, False), (7, False),
    ]  # fmt: skip
    assert REF.module(1).name == "Relation générale avec l'usager"
    assert REF.module(3).name == "Délivrance de titres étrangers"
    assert REF.module(4).name == "Relations avec les collectivités territoriales"
    assert REF.module(5).name == "Polices administratives liées à la sécurité"
    assert REF.module(7).name == "Communication d'urgence en cas d'événement majeur"


def test_unknown_wording_is_marked_not_invented() -> None:
    assert REF.module(6).name is None
    assert REF.module(6).provenance is Provenance.INFERRED
    assert REF.module(2).provenance is Provenance.PUBLIC
    for number in (21, 22, 23, 34, 35, 36, 37):
        engagement = REF.engagement(number)
        assert engagement.title is None
        assert engagement.provenance is Provenance.INFERRED
        assert engagement.note


@pytest.mark.parametrize(
    ("theme", "numbers"),
    [
        ("Dispositions générales", range(1, 5)),
        ("Accueil physique", range(5, 8)),
        ("Téléphonie", range(8, 11)),
        ("Sites internet", range(11, 16)),
        ("Courriers et courriels", range(16, 19)),
        ("Réseaux sociaux", range(19, 21)),
    ],
)
def test_module_one_themes(theme: str, numbers: range) -> None:
    assert [e.number for e in REF.engagements if e.theme == theme] == list(numbers)
    assert all(REF.engagement(n).module == 1 for n in numbers)


def test_engagements_by_module() -> None:
    by_module = {
        m.number: [e.number for e in REF.engagements if e.module == m.number] for m in REF.modules
    }
    assert by_module == {
        1: list(range(1, 21)),
        2: [21, 22, 23],
        3: list(range(24, 34)),
        4: [34, 35, 36, 37],
        5: [],
        6: [],
        7: [],
    }
    assert REF.engagement(17).title == "Nous vous répondons dans un délai annoncé et maîtrisé"
    assert REF.engagement(33).title == (
        "Une délivrance sécurisée des titres grâce à une lutte contre la fraude organisée"
    )


def test_pilotage_requirements() -> None:
    assert [(r.id, r.code) for r in REF.requirements] == [
        ("copil", "IV-1"),
        ("clu", "IV-5"),
        ("bilan_annuel", "V-1"),
        ("auto_evaluation", None),
        ("audits", None),
        ("formation", None),
        ("enquetes", None),
    ]


RATE, WDAYS, CDAYS, COUNT, PERMIL = (
    Unit.RATE, Unit.WORKING_DAYS, Unit.CALENDAR_DAYS, Unit.COUNT, Unit.PER_THOUSAND,
)  # fmt: skip
UP, DOWN, NONE = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER, Direction.NO_TARGET
M, Q, A = Periodicity.MONTHLY, Periodicity.QUARTERLY, Periodicity.ANNUAL

# Every indicator seen in the seeds, with the cible seen most often (the stricter on a tie).
SEEN = {
    # each: what it is attached to (engagements, module or requirement), unit, direction,
    # periodicity, délai in jours ouvrés and cible
    "site_internet_maj_3j": ((1, 11), RATE, UP, M, 3, 1.0),  # the stricter cible seen
    "svi_maj_3j": ((1, 8), RATE, UP, M, 3, None),
    "reclamations_courrier_10j": ((3,), RATE, UP, M, 10, 1.0),
    "reclamations_courriel_5j": ((3,), RATE, UP, M, 5, 1.0),
    "reclamations_dans_les_delais": ((3,), RATE, UP, M, None, 1.0),
    "reclamations_courrier_delai_moyen": ((3,), WDAYS, DOWN, M, None, 10),
    "reclamations_courriel_delai_moyen": ((3,), WDAYS, DOWN, M, None, 5),
    "appels_aboutis": ((10,), RATE, UP, M, None, 0.9),
    "pan_usagers": ((15,), COUNT, NONE, M, None, None),
    "pan_usagers_par_jour": ((15,), COUNT, NONE, M, None, None),
    "pan_satisfaction": ((15,), RATE, UP, A, None, 1.0),
    "pan_satisfaction_materiel": ((15,), RATE, UP, A, None, 0.75),
    "pan_satisfaction_mediateur": ((15,), RATE, UP, A, None, 0.75),
    "courriers_info_10j": ((17,), RATE, UP, M, 10, 1.0),
    "courriels_info_5j": ((17,), RATE, UP, M, 5, 1.0),
    "courriers_info_delai_moyen": ((17,), WDAYS, DOWN, M, None, 10),
    "courriels_info_delai_moyen": ((17,), WDAYS, DOWN, M, None, 5),
    "site_internet_connexion": ((11,), RATE, UP, Q, None, 0.05),
    "reseaux_sociaux_engagement": ((19,), RATE, UP, Q, None, 0.02),
    "reseaux_sociaux_connexions": ((19,), COUNT, NONE, M, None, None),
    "satisfaction_accueil_telephonique": ((10,), RATE, UP, A, None, 0.75),
    "satisfaction_transfert_appels": ((10,), RATE, UP, A, None, 0.75),
    "satisfaction_courtoisie": ((2,), RATE, UP, A, None, 0.75),
    "satisfaction_accessibilite": ((2,), RATE, UP, A, None, 0.75),
    "satisfaction_orientation": ((2,), RATE, UP, A, None, 0.75),
    "satisfaction_services_confort": ((2,), RATE, UP, A, None, 0.75),
    "satisfaction_delai_attente": ((2,), RATE, UP, A, None, 0.75),
    "cert_delai_pc": ((22,), CDAYS, DOWN, M, None, 15),
    "cert_fraude_pour_mille": ((23,), PERMIL, UP, M, None, 0.5),
    # the programme transparence: no engagement, no national cible (« pour mémoire »)
    "transparence_delai_pc": ("programme transparence", CDAYS, DOWN, M, None, None),
    "transparence_delai_cni_passeports": ("programme transparence", CDAYS, DOWN, M, None, None),
    "transparence_delai_civ": ("programme transparence", CDAYS, DOWN, M, None, None),
    "sejour_delai_premieres_demandes": ((32,), CDAYS, DOWN, A, None, None),
    "sejour_delai_renouvellements": ((32,), CDAYS, DOWN, A, None, None),
    "sejour_fraude_pour_mille": ((33,), PERMIL, UP, A, None, None),
    "collectivites_courriers_15j": (4, RATE, UP, M, 15, 0.8),
    "collectivites_courriels_5j": (4, RATE, UP, M, 5, 0.8),
    "collectivites_rdv_proposition_4j": (4, RATE, UP, M, 4, 0.8),
    "collectivites_rdv_10j": (4, RATE, UP, M, 10, 0.8),
    "collectivites_rdv_proposition_delai_moyen": (4, WDAYS, DOWN, M, None, 4),
    "collectivites_rdv_delai_moyen": (4, WDAYS, DOWN, M, None, 10),
    "collectivites_satisfaction": (4, RATE, UP, A, None, None),
    "copil": ("copil", COUNT, UP, Q, None, 2),
    "clu": ("clu", COUNT, UP, A, None, 1),
    "bilan_annuel": ("bilan_annuel", COUNT, UP, A, None, 1),
}  # fmt: skip


def test_the_catalogue_holds_exactly_the_indicators_seen() -> None:
    assert sorted(i.id for i in REF.indicators) == sorted(SEEN)


@pytest.mark.parametrize("indicator_id", sorted(SEEN))
def test_indicator_definitions(indicator_id: str) -> None:
    attached, unit, direction, periodicity, deadline, target = SEEN[indicator_id]
    indicator = REF.indicator(indicator_id)
    if isinstance(attached, tuple):
        assert indicator.engagement == attached
        assert indicator.module == REF.engagement(attached[0]).module
    elif isinstance(attached, int):
        assert (indicator.module, indicator.engagement) == (attached, ())
    elif attached.startswith("programme "):
        assert (indicator.programme, indicator.module, indicator.engagement) == (
            attached.removeprefix("programme "),
            None,
            (),
        )
    else:
        assert (indicator.requirement, indicator.module) == (attached, None)
    assert (indicator.unit, indicator.direction, indicator.periodicity) == (
        unit,
        direction,
        periodicity,
    )
    assert (indicator.deadline, indicator.target) == (deadline, target)
    assert indicator.source  # every indicator says where it was seen
    assert indicator.compiled.names <= {c.id for c in REF.counters}


def test_labels_as_the_seeds_write_them() -> None:
    assert REF.indicator("appels_aboutis").aliases == (
        "Taux d'appels aboutis/décrochés au niveau général",
        "Taux d'appels aboutis au standard",
    )
    assert REF.indicator("collectivites_rdv_proposition_4j").label == (
        "Taux de fixation de rendez-vous dans le délai de 4 jours ouvrés (élu ou cadre territorial)"
    )
    assert REF.indicator("cert_delai_pc").label == "Délai moyen mensuel de traitement des PC"


def test_formulas_follow_the_seeds_methods() -> None:
    # Loire-Atlantique: lost calls and all calls received; visits per inhabitant; engagements
    # per impression; proven frauds per 1,000 files.
    assert (
        REF.indicator("appels_aboutis").formula == "(appels_recus - appels_perdus) / appels_recus"
    )
    assert REF.indicator("site_internet_connexion").formula == "site_visites / habitants"
    assert REF.counter("habitants").kind is CounterKind.STOCK
    assert REF.counter("appels_recus").kind is CounterKind.FLOW
    engagement = REF.indicator("reseaux_sociaux_engagement").compiled
    assert engagement.evaluate({"rs_engagements": 445, "rs_impressions": 19_523}) == pytest.approx(
        0.0228, abs=1e-4
    )  # seed 003: 2.3 %
    plan = REF.indicator("cert_fraude_pour_mille").compiled
    assert plan.evaluate({"cert_fraudes_averees": 5, "cert_dossiers_traites": 10_000}) == 0.5


def test_every_counter_is_read_by_some_indicator() -> None:
    read = {name for indicator in REF.indicators for name in indicator.compiled.names}
    assert {c.id for c in REF.counters} == read


def test_indicators_are_in_the_referentiels_order() -> None:
    modules = [i.module if i.module is not None else 100 for i in REF.indicators]
    assert modules == sorted(modules)
    assert [i.id for i in REF.indicators][-3:] == ["copil", "clu", "bilan_annuel"]


def test_lookups_name_what_is_missing() -> None:
    with pytest.raises(NotInReferentielError, match="engagement inconnu : 99"):
        REF.engagement(99)
    with pytest.raises(KeyError):
        REF.indicator("nope")
    with pytest.raises(NotInReferentielError, match="module inconnu : 8"):
        REF.module(8)
    with pytest.raises(NotInReferentielError, match="compteur inconnu : 'x'"):
        REF.counter("x")
    with pytest.raises(NotInReferentielError, match="exigence de pilotage inconnu"):
        REF.requirement("x")


def test_the_catalogue_is_loaded_once() -> None:
    assert load_referentiel() is REF
    assert repr(REF) == "<Referentiel: 7 modules, 37 engagements, 45 indicateurs, 82 compteurs>"


def test_module_2_binds_the_prefectures_with_a_cert() -> None:
    modules = {module.number: module for module in REF.modules}
    assert modules[1].mandatory
    assert not modules[2].mandatory
    assert modules[2].required_of is not None
    assert "CERT" in modules[2].required_of
    assert all(modules[n].required_of is None for n in (3, 4, 5, 6, 7))
