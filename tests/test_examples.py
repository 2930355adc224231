"""The two seeds rebuilt from the shipped examples: every figure of the reconciliations."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualepref import CellState, Mean, MeanOfValues, Rate, Status, load_definitions
from qualepref.dashboard import Dashboard, DashboardRow, build_dashboard
from qualepref.measurement_files import read_measurements

EXAMPLES = Path(__file__).parent.parent / "examples"


def isere(*, mean_of_values: bool = False) -> Dashboard:
    definitions = load_definitions(EXAMPLES / "isere-2022" / "definitions.toml")
    measurements = read_measurements(EXAMPLES / "isere-2022" / "mesures.csv", definitions)
    return build_dashboard(
        definitions, measurements, 2022, measured_only=True, mean_of_values=mean_of_values
    )


def loire_atlantique() -> Dashboard:
    definitions = load_definitions(EXAMPLES / "definitions" / "loire-atlantique.toml")
    measurements = read_measurements(
        EXAMPLES / "loire-atlantique-2022" / "mesures.csv", definitions
    )
    return build_dashboard(definitions, measurements, 2022, measured_only=True)


def row(dashboard: Dashboard, indicator_id: str) -> DashboardRow:
    return next(r for r in dashboard.rows if r.indicator.id == indicator_id)


ISERE = isere()
ISERE_MEAN = isere(mean_of_values=True)
LA = loire_atlantique()


def test_isere_rows_in_the_referentiels_order() -> None:
    ids = [r.indicator.id for r in ISERE.rows]
    assert len(ids) == 32
    assert ids[:2] == ["isere_site_maj_delai_moyen", "isere_svi_maj_delai_moyen"]
    assert ids[-3:] == ["copil", "clu", "bilan_annuel"]
    assert ISERE.title == "Préfecture de l'Isère — tableau de bord Qual-e-pref 2022"


# Rows whose quarters are values without components: non calculable, or the marked mean.
UNWEIGHTED = {
    "appels_aboutis": 0.899575,  # the sheet: 89.42 %
    "reclamations_courriel_delai_moyen": 1.25,  # the sheet: 2
    "reclamations_courrier_delai_moyen": 0.5,  # the sheet: 1
    "courriels_info_delai_moyen": 4.5,  # the sheet: 5
    "pan_usagers_par_jour": 4.5,  # the sheet: 4
    "site_internet_connexion": 0.086175,  # the sheet: 8.62 %; the true annual is about 34.5 %
    "reseaux_sociaux_engagement": 0.05935,  # the sheet: 6.16 %
    "cert_delai_pc": 21.905,
    "cert_fraude_pour_mille": 0.44,
    "transparence_delai_pc": 33.75,
    "transparence_delai_cni_passeports": 14.5,
    "transparence_delai_civ": 7,
    "isere_site_maj_delai_moyen": 6.5 / 3,
}


@pytest.mark.parametrize(("indicator_id", "mean"), sorted(UNWEIGHTED.items()))
def test_isere_annuals_without_components(indicator_id: str, mean: float) -> None:
    honest = row(ISERE, indicator_id)
    assert honest.annual.state is CellState.NON_CALCULABLE
    assert honest.status is Status.NOT_COMPUTABLE  # not « sans objet »: there was something
    assert "annuel non calculable" in " ; ".join(honest.observations)
    spreadsheet = row(ISERE_MEAN, indicator_id).annual
    assert isinstance(spreadsheet.measure, MeanOfValues)
    assert spreadsheet.value == pytest.approx(mean)


def test_isere_exact_annuals() -> None:
    assert row(ISERE, "courriels_info_5j").annual.measure == Rate(95, 95)
    assert row(ISERE, "reclamations_courriel_5j").annual.measure == Rate(11, 11)
    copil = row(ISERE, "copil")
    assert (copil.annual.value, copil.status) == (5, Status.MET)
    assert row(ISERE, "clu").annual.value == 1
    assert row(ISERE, "bilan_annuel").annual.value == 1


@pytest.mark.parametrize(
    "indicator_id",
    [
        "courriers_info_10j",
        "courriers_info_delai_moyen",
        "reclamations_courrier_10j",
        "isere_svi_maj_delai_moyen",
    ],
)
def test_isere_sans_objet_instead_of_div0_or_100(indicator_id: str) -> None:
    found = row(ISERE, indicator_id)
    assert found.annual.state is CellState.SANS_OBJET
    assert all(q.state is CellState.SANS_OBJET for q in found.quarters)
    assert found.status is Status.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("indicator_id", "status", "gap"),
    [
        ("reclamations_courrier_delai_moyen", Status.MET, -0.95),  # the sheet's ☹️ was backwards
        ("appels_aboutis", Status.MINOR, 0.000472),  # the sheet's 😐
        ("cert_delai_pc", Status.MODERATE, 0.4603),
        ("transparence_delai_pc", Status.MAJOR, 1.25),
        ("transparence_delai_cni_passeports", Status.MINOR, 0.0357),
        ("site_internet_connexion", Status.MET, -0.7235),
        ("courriels_info_delai_moyen", Status.MET, -0.1),
    ],
)
def test_isere_statuses_with_the_spreadsheet_mean(
    indicator_id: str, status: Status, gap: float
) -> None:
    found = row(ISERE_MEAN, indicator_id)
    assert found.status is status
    assert found.gap.relative == pytest.approx(gap, abs=1e-4)


@pytest.mark.parametrize(
    ("indicator_id", "value", "status"),
    [
        ("satisfaction_accueil_telephonique", 0.715, Status.MINOR),
        ("satisfaction_transfert_appels", 0.547, Status.MODERATE),
        ("satisfaction_courtoisie", 0.8853, Status.MET),
        ("satisfaction_accessibilite", 0.953, Status.MET),
        ("satisfaction_orientation", 0.7015, Status.MINOR),
        ("satisfaction_services_confort", 0.6545, Status.MINOR),
        ("satisfaction_delai_attente", 0.443, Status.MODERATE),
        ("pan_satisfaction_materiel", 0.995, Status.MET),
        ("pan_satisfaction_mediateur", 0.842, Status.MET),
    ],
)
def test_isere_satisfaction(indicator_id: str, value: float, status: Status) -> None:
    found = row(ISERE, indicator_id)
    assert (found.annual.value, found.status) == (value, status)


def test_isere_no_status_without_a_cible() -> None:
    found = row(ISERE_MEAN, "pan_usagers_par_jour")  # the sheet: ☹️
    assert (found.status, found.status.label) == (Status.NO_TARGET, "pas de cible")
    assert all(s is Status.NO_TARGET for s in row(ISERE, "pan_usagers_par_jour").quarter_statuses)


def test_isere_every_quarter_is_judged() -> None:
    calls = row(ISERE, "appels_aboutis")  # cible 90 %
    assert [q.value for q in calls.quarters] == [0.9551, 0.9555, 0.8791, 0.8086]
    assert calls.quarter_statuses == (Status.MET, Status.MET, Status.MINOR, Status.MINOR)
    assert calls.status is Status.NOT_COMPUTABLE  # the year, from rates without components
    assert calls.previous_status is Status.MET  # 95,75 % in 2021, against that year's cible
    copil = row(ISERE, "copil")  # a count: its cible (2 a year) says nothing of a quarter
    assert copil.quarter_statuses == (Status.NO_TARGET,) * 4
    assert copil.status is Status.MET
    letters = row(ISERE, "courriers_info_10j")  # no letter: nothing to measure
    assert letters.quarter_statuses == (Status.NOT_APPLICABLE,) * 4


def test_isere_previous_year() -> None:
    assert row(ISERE, "appels_aboutis").previous.value == 0.9575
    assert row(ISERE, "courriers_info_10j").previous.value == 0.91
    assert row(ISERE, "reclamations_courriel_delai_moyen").previous.state is CellState.NON_RENSEIGNE


@pytest.mark.parametrize(
    ("indicator_id", "measure", "status"),
    [
        ("boite_prefecture_5j", Rate(719, 786), Status.MET),  # 91.48 %, not 94 %
        ("autres_boites_5j", Rate(732, 759), Status.MET),  # 96.44 %, not 93 %
        ("courriers_info_10j", Rate(97, 101), Status.MET),
        ("collectivites_courriels_5j", Rate(577, 724), Status.MINOR),  # not 616 in time
        ("legalite_courriels_5j", Rate(467, 604), Status.MINOR),
        ("budgetaire_courriels_5j", Rate(110, 120), Status.MET),
        ("legalite_courriers_15j", Rate(12, 18), Status.MINOR),  # not 53 %
        ("budgetaire_courriers_15j", Rate(6, 8), Status.MINOR),
        ("collectivites_courriers_15j", Rate(18, 26), Status.MINOR),
    ],
)
def test_loire_atlantique_rates_from_counts(
    indicator_id: str, measure: Rate, status: Status
) -> None:
    found = row(LA, indicator_id)
    assert (found.annual.measure, found.status) == (measure, status)


def test_loire_atlantique_entered_values_that_disagree_are_flagged() -> None:
    mailbox = row(LA, "boite_prefecture_5j")
    assert mailbox.annual.reported == 0.94
    assert "valeur saisie 94 %, calculée 91,48 %" in mailbox.observations
    assert not mailbox.annual.complete  # no data for November and December
    others = row(LA, "autres_boites_5j")
    assert "valeur saisie 93 %, calculée 96,44 %" in others.observations
    assert others.annual.sample
    emails = row(LA, "collectivites_courriels_5j")
    assert "valeur saisie 79 %, calculée 79,7 %" in emails.observations


def test_loire_atlantique_values_and_remarks() -> None:
    assert row(LA, "reclamations_dans_les_delais").annual.value == 0.9524
    assert row(LA, "appels_aboutis").status is Status.MODERATE
    assert row(LA, "pan_usagers").annual.value == 263
    assert row(LA, "boite_prefecture_delai_moyen").annual.state is CellState.NON_CALCULABLE
    fraud = row(LA, "cert_fraude_pour_mille")
    assert fraud.annual.state is CellState.NON_RENSEIGNE
    assert "valeur non reprise" in fraud.observations[0]
    plan = row(LA, "plan_amelioration_realisation")
    assert plan.annual.value == pytest.approx(95 / 135)
    assert row(LA, "collectivites_rdv_delai_moyen").status is Status.MINOR  # 12 days for 10
    assert row(LA, "site_internet_maj_3j").target == 0.9  # the préfecture's 2022 cible


def test_loire_atlantique_means_without_totals() -> None:
    definitions = load_definitions(EXAMPLES / "definitions" / "loire-atlantique.toml")
    measurements = read_measurements(
        EXAMPLES / "loire-atlantique-2022" / "mesures.csv", definitions
    )
    dashboard = build_dashboard(
        definitions, measurements, 2022, measured_only=True, mean_of_values=True
    )
    assert row(dashboard, "boite_prefecture_delai_moyen").annual.value == pytest.approx(1.8)
    assert not isinstance(row(dashboard, "boite_prefecture_5j").annual.measure, Mean)


# Every period's status, N-1 T1 T2 T3 T4 and the year, each judged against the cible of
# its year: ✓ atteinte, ◔ mineur, ◑ modéré, ● majeur, so sans objet, nr non renseigné,
# nc non calculable, pc pas de cible (a count's quarters: its cible is the year's).
ISERE_STATUSES = {
    "isere_site_maj_delai_moyen": "✓ ✓ nr ✓ ◑ nc",
    "isere_svi_maj_delai_moyen": "so so so so so so",
    "satisfaction_courtoisie": "✓ nr nr nr nr ✓",
    "satisfaction_accessibilite": "◔ nr nr nr nr ✓",
    "satisfaction_orientation": "✓ nr nr nr nr ◔",
    "satisfaction_services_confort": "✓ nr nr nr nr ◔",
    "satisfaction_delai_attente": "◔ nr nr nr nr ◑",
    "reclamations_courrier_10j": "✓ so so so so so",
    "reclamations_courriel_5j": "✓ ✓ ✓ ✓ ✓ ✓",
    "reclamations_dans_les_delais": "nr nr nr nr nr ✓",
    "reclamations_courrier_delai_moyen": "✓ ✓ ✓ ✓ ✓ nc",
    "reclamations_courriel_delai_moyen": "nr ✓ ✓ ✓ ✓ nc",
    "appels_aboutis": "✓ ✓ ✓ ◔ ◔ nc",
    "satisfaction_accueil_telephonique": "✓ nr nr nr nr ◔",
    "satisfaction_transfert_appels": "● nr nr nr nr ◑",
    "site_internet_connexion": "✓ ✓ ✓ ✓ ✓ nc",
    "pan_usagers_par_jour": "pc pc pc pc pc nc",
    "pan_satisfaction_materiel": "✓ nr nr nr nr ✓",
    "pan_satisfaction_mediateur": "✓ nr nr nr nr ✓",
    "courriers_info_10j": "◔ so so so so so",
    "courriels_info_5j": "◔ ✓ ✓ ✓ ✓ ✓",
    "courriers_info_delai_moyen": "✓ so so so so so",
    "courriels_info_delai_moyen": "✓ ✓ ✓ ✓ ✓ nc",
    "reseaux_sociaux_engagement": "✓ ✓ ✓ ✓ ✓ nc",
    "cert_delai_pc": "◔ ◑ ◑ ● ● nc",
    "transparence_delai_pc": "✓ ● ● ● ● nc",
    "transparence_delai_cni_passeports": "● ✓ ◔ ◑ ✓ nc",
    "transparence_delai_civ": "✓ ✓ ✓ ✓ ✓ nc",
    "cert_fraude_pour_mille": "● ◔ ◔ ◔ ✓ nc",
    "copil": "✓ pc pc pc pc ✓",
    "clu": "✓ nr nr nr nr ✓",
    "bilan_annuel": "✓ nr nr nr nr ✓",
}
LA_STATUSES = {
    "site_internet_maj_3j": "nr nr nr nr nr ✓",
    "reclamations_dans_les_delais": "nr nr nr nr nr ◔",
    "reclamations_courrier_delai_moyen": "nr nr nr nr nr ✓",
    "reclamations_courriel_delai_moyen": "nr nr nr nr nr ✓",
    "appels_aboutis": "nr nr nr nr nr ◑",
    "site_internet_connexion": "nr nr nr nr nr ✓",
    "pan_usagers": "nr nr nr nr nr pc",
    "pan_satisfaction": "nr nr nr nr nr ◔",
    "courriers_info_10j": "nr nr nr nr nr ✓",
    "courriers_info_delai_moyen": "nr nr nr nr nr ✓",
    "boite_prefecture_5j": "nr ✓ ✓ ◔ ✓ ✓",
    "boite_prefecture_delai_moyen": "nr nc nc nc nc nc",
    "autres_boites_5j": "nr nr nr nr nr ✓",
    "autres_boites_delai_moyen": "nr nr nr nr nr ✓",
    "reseaux_sociaux_engagement": "nr nr nr nr nr ✓",
    "cert_fraude_pour_mille": "nr nr nr nr nr nr",
    "collectivites_courriers_15j": "nr nr nr nr nr ◔",
    "collectivites_courriels_5j": "nr nr nr nr nr ◔",
    "collectivites_rdv_proposition_4j": "nr nr nr nr nr ✓",
    "collectivites_rdv_10j": "nr nr nr nr nr ◔",
    "collectivites_rdv_proposition_delai_moyen": "nr nr nr nr nr ✓",
    "collectivites_rdv_delai_moyen": "nr nr nr nr nr ◔",
    "collectivites_satisfaction": "nr nr nr nr nr pc",
    "legalite_courriers_15j": "nr nr nr nr nr ◔",
    "budgetaire_courriers_15j": "nr nr nr nr nr ◔",
    "legalite_courriels_5j": "nr nr nr nr nr ◔",
    "budgetaire_courriels_5j": "nr nr nr nr nr ✓",
    "plan_amelioration_realisation": "nr nr nr nr nr pc",
}
_SHORT = {
    Status.MET: "✓",
    Status.MINOR: "◔",
    Status.MODERATE: "◑",
    Status.MAJOR: "●",
    Status.NOT_APPLICABLE: "so",
    Status.NOT_ENTERED: "nr",
    Status.NOT_COMPUTABLE: "nc",
    Status.NO_TARGET: "pc",
}


@pytest.mark.parametrize(
    ("dashboard", "expected"), [(ISERE, ISERE_STATUSES), (LA, LA_STATUSES)], ids=["isere", "la"]
)
def test_every_period_s_status_is_pinned(dashboard: Dashboard, expected: dict[str, str]) -> None:
    found = {r.indicator.id: " ".join(_SHORT[s] for s in r.statuses) for r in dashboard.rows}
    assert found == expected
