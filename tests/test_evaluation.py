"""Evaluating an indicator for any period: aggregate first, divide last, and say why not."""

from __future__ import annotations

import pytest

from qualepref import (
    CellState,
    Count,
    IndicatorDefinition,
    Mean,
    MeanOfValues,
    Measurements,
    Month,
    Observation,
    PerThousand,
    Quarter,
    Rate,
    Ratio,
    Referentiel,
    Semester,
    Shape,
    ValueOnly,
    Year,
    evaluate,
    load_referentiel,
    parse_definitions,
)
from qualepref.referentiel.shapes import shape_of

REF = load_referentiel()
LA_MONTHS = [
    (22, 22),
    (21, 21),
    (23, 23),
    (73, 73),
    (173, 156),
    (178, 157),
    (72, 53),
    (97, 87),
    (64, 64),
    (63, 63),
]


def mailbox() -> Measurements:
    rows = []
    for month, (received, in_time) in enumerate(LA_MONTHS, start=1):
        rows.append(
            Observation("courriels_info_5j", Month(2022, month), "courriels_info_recus", received)
        )
        rows.append(
            Observation(
                "courriels_info_5j", Month(2022, month), "courriels_info_dans_le_delai", in_time
            )
        )
    return Measurements(rows)


def test_a_year_from_months_of_components() -> None:
    result = evaluate(REF, mailbox(), "courriels_info_5j", Year(2022))
    assert result.state is CellState.VALUE
    assert result.measure == Rate(719, 786)
    assert result.value == pytest.approx(0.9148, abs=1e-4)
    assert not result.complete  # November and December are missing
    q2 = evaluate(REF, mailbox(), "courriels_info_5j", Quarter(2022, 2))
    assert q2.measure == Rate(73 + 156 + 157, 73 + 173 + 178)
    assert q2.complete
    s1 = evaluate(REF, mailbox(), "courriels_info_5j", Semester(2022, 1))
    assert s1.measure == Rate(22 + 21 + 23 + 73 + 156 + 157, 22 + 21 + 23 + 73 + 173 + 178)
    assert evaluate(REF, mailbox(), "courriels_info_5j", Month(2022, 7)).measure == Rate(53, 72)


def test_quarters_known_only_by_their_rates() -> None:
    rows = [
        Observation("appels_aboutis", Quarter(2022, q), None, v)
        for q, v in zip(range(1, 5), [0.9551, 0.9555, 0.8791, 0.8086], strict=True)
    ]
    data = Measurements(rows)
    year = evaluate(REF, data, "appels_aboutis", Year(2022))
    assert year.state is CellState.NON_CALCULABLE
    assert year.value is None
    assert "sans inventer une pondération" in year.notes[0]
    unweighted = evaluate(REF, data, "appels_aboutis", Year(2022), mean_of_values=True)
    assert unweighted.state is CellState.VALUE
    assert unweighted.unweighted
    assert unweighted.value == pytest.approx(0.899575)
    assert evaluate(REF, data, "appels_aboutis", Quarter(2022, 3)).measure == ValueOnly(0.8791)


def test_counts_add_up() -> None:
    rows = [
        Observation("copil", Quarter(2022, q), None, v) for q, v in [(1, 2), (2, 2), (3, 0), (4, 1)]
    ]
    result = evaluate(REF, Measurements(rows), "copil", Year(2022))
    assert (result.state, result.measure, result.complete) == (CellState.VALUE, Count(5), True)


def test_sans_objet_and_non_renseigne_are_different() -> None:
    rows = [
        Observation("courriers_info_10j", Quarter(2022, 1), "courriers_info_recus", 0),
        Observation("courriers_info_10j", Quarter(2022, 1), "courriers_info_dans_le_delai", 0),
        Observation("courriers_info_10j", Quarter(2022, 2), None, None),  # entered "sans objet"
    ]
    data = Measurements(rows)
    assert evaluate(REF, data, "courriers_info_10j", Quarter(2022, 1)).state is CellState.SANS_OBJET
    assert evaluate(REF, data, "courriers_info_10j", Quarter(2022, 2)).state is CellState.SANS_OBJET
    assert (
        evaluate(REF, data, "courriers_info_10j", Quarter(2022, 3)).state is CellState.NON_RENSEIGNE
    )
    year = evaluate(REF, data, "courriers_info_10j", Year(2022))
    assert (year.state, year.complete) == (CellState.SANS_OBJET, False)
    assert evaluate(REF, data, "appels_aboutis", Year(2022)).state is CellState.NON_RENSEIGNE


def test_stocks_are_not_summed() -> None:
    rows = []
    for quarter, visits in [(1, 170_000), (2, 93_000), (3, 87_000), (4, 80_000)]:
        rows.append(
            Observation("site_internet_connexion", Quarter(2022, quarter), "site_visites", visits)
        )
    rows.append(Observation("site_internet_connexion", Quarter(2022, 1), "habitants", 1_250_000))
    rows.append(Observation("site_internet_connexion", Quarter(2022, 4), "habitants", 1_260_000))
    data = Measurements(rows)
    year = evaluate(REF, data, "site_internet_connexion", Year(2022))
    # A rate per quarter (per = "quarterly"): the year's visits over 4 quarters, over the
    # year's last inhabitants — 8,53 %, as the seeds read it, not 34,13 % for the year
    # and not the mean of the quarterly rates either.
    assert year.measure == Ratio(107_500, 1_260_000)
    assert year.value == pytest.approx(0.0853, abs=1e-4)
    first = evaluate(REF, data, "site_internet_connexion", Quarter(2022, 1))
    assert first.measure == Ratio(170_000, 1_250_000)  # a quarter is its own reference
    half = evaluate(REF, data, "site_internet_connexion", Semester(2022, 2))
    assert half.value == pytest.approx(83_500 / 1_260_000)


def test_per_thousand_and_means() -> None:
    rows = [
        Observation("cert_fraude_pour_mille", Month(2022, 1), "cert_fraudes_averees", 2),
        Observation("cert_fraude_pour_mille", Month(2022, 1), "cert_dossiers_traites", 5_000),
        Observation("cert_fraude_pour_mille", Month(2022, 2), "cert_fraudes_averees", 3),
        Observation("cert_fraude_pour_mille", Month(2022, 2), "cert_dossiers_traites", 6_400),
        Observation("pan_usagers_par_jour", Month(2022, 1), "pan_usagers_accueillis", 90),
        Observation("pan_usagers_par_jour", Month(2022, 1), "pan_jours_ouverture", 20),
        Observation("pan_usagers_par_jour", Month(2022, 2), "pan_usagers_accueillis", 72),
        Observation("pan_usagers_par_jour", Month(2022, 2), "pan_jours_ouverture", 20),
    ]
    data = Measurements(rows)
    fraud = evaluate(REF, data, "cert_fraude_pour_mille", Quarter(2022, 1))
    assert fraud.measure == PerThousand(5, 11_400)
    assert fraud.value == pytest.approx(0.4386, abs=1e-4)
    per_day = evaluate(REF, data, "pan_usagers_par_jour", Quarter(2022, 1))
    assert per_day.measure == Mean(162, 40)  # users per opening day, weighted by days
    monthly = evaluate(REF, data, "pan_usagers", Quarter(2022, 1))
    assert monthly.measure == Count(162)


def test_shared_counters_serve_every_indicator() -> None:
    rows = [
        Observation("reclamations_courrier_10j", Year(2022), "reclamations_courrier_recues", 2),
        Observation(
            "reclamations_courrier_10j", Year(2022), "reclamations_courrier_dans_le_delai", 2
        ),
        Observation("reclamations_courriel_5j", Year(2022), "reclamations_courriel_recues", 47),
        Observation(
            "reclamations_courriel_5j", Year(2022), "reclamations_courriel_dans_le_delai", 46
        ),
    ]
    result = evaluate(REF, Measurements(rows), "reclamations_dans_les_delais", Year(2022))
    assert result.measure == Rate(48, 49)  # Loire-Atlantique: 98 %


def test_entered_values_beside_components_are_kept_for_comparison() -> None:
    rows = [
        Observation("courriels_info_5j", Year(2022), "courriels_info_recus", 786),
        Observation("courriels_info_5j", Year(2022), "courriels_info_dans_le_delai", 719),
        Observation("courriels_info_5j", Year(2022), None, 0.94, note="bilan : 94 %"),
    ]
    result = evaluate(REF, Measurements(rows), "courriels_info_5j", Year(2022))
    assert (result.measure, result.reported) == (Rate(719, 786), 0.94)


def test_mixed_sub_periods_are_not_aggregated() -> None:
    rows = [
        Observation("courriels_info_5j", Month(2022, 1), "courriels_info_recus", 10),
        Observation("courriels_info_5j", Month(2022, 1), "courriels_info_dans_le_delai", 10),
        Observation("courriels_info_5j", Quarter(2022, 2), None, 0.9),
    ]
    data = Measurements(rows)
    # January has components, the second quarter only a value: the year cannot mix them
    year = evaluate(REF, data, "courriels_info_5j", Year(2022))
    assert year.state is CellState.NON_CALCULABLE
    assert "mêlent composantes et valeurs seules" in year.notes[0]
    assert evaluate(REF, data, "courriels_info_5j", Quarter(2022, 1)).measure == Rate(10, 10)
    assert (
        evaluate(REF, data, "courriels_info_5j", Semester(2022, 1)).state
        is CellState.NON_CALCULABLE
    )
    rows.append(Observation("appels_aboutis", Quarter(2022, 1), None, 0.9))
    rows.append(Observation("appels_aboutis", Month(2022, 4), "appels_recus", 100))
    only_recus = Measurements(rows)
    mixed = evaluate(REF, only_recus, "appels_aboutis", Year(2022))
    assert mixed.state is CellState.NON_CALCULABLE


def test_samples_are_flagged_all_the_way_up() -> None:
    rows = [
        Observation("courriers_info_10j", Month(2022, 1), "courriers_info_recus", 50, sample=True),
        Observation(
            "courriers_info_10j", Month(2022, 1), "courriers_info_dans_le_delai", 48, sample=True
        ),
        Observation("courriers_info_10j", Month(2022, 6), "courriers_info_recus", 51, sample=True),
        Observation(
            "courriers_info_10j", Month(2022, 6), "courriers_info_dans_le_delai", 49, sample=True
        ),
    ]
    year = evaluate(REF, Measurements(rows), "courriers_info_10j", Year(2022))
    assert (year.measure, year.sample) == (Rate(97, 101), True)  # Loire-Atlantique: 96 %


DERIVED = parse_definitions(
    """
[perimeter]
modules = [1]
[[indicator]]
id = "ecart_courriels_courriers"
label = "Écart entre courriels et courriers"
engagement = 17
unit = "rate"
direction = "no_target"
periodicity = "monthly"
formula = "courriels_info_5j - courriers_info_10j"
"""
).referentiel


def test_derived_indicators_read_other_indicators() -> None:
    rows = [
        Observation("courriels_info_5j", Month(2022, 1), "courriels_info_recus", 10),
        Observation("courriels_info_5j", Month(2022, 1), "courriels_info_dans_le_delai", 9),
        Observation("courriers_info_10j", Month(2022, 1), "courriers_info_recus", 4),
        Observation("courriers_info_10j", Month(2022, 1), "courriers_info_dans_le_delai", 4),
    ]
    data = Measurements(rows)
    result = evaluate(DERIVED, data, "ecart_courriels_courriers", Month(2022, 1))
    assert result.state is CellState.VALUE
    assert result.value == pytest.approx(-0.1)
    assert isinstance(result.measure, ValueOnly)
    assert shape_of(DERIVED.indicator("ecart_courriels_courriers"), DERIVED) is Shape.DERIVED
    missing = evaluate(DERIVED, data, "ecart_courriels_courriers", Month(2022, 2))
    assert missing.state is CellState.NON_RENSEIGNE


@pytest.mark.parametrize(
    ("indicator", "shape"),
    [
        ("appels_aboutis", Shape.RATE),
        ("site_internet_connexion", Shape.RATIO),
        ("cert_fraude_pour_mille", Shape.PER_THOUSAND),
        ("courriels_info_delai_moyen", Shape.MEAN),
        ("pan_usagers_par_jour", Shape.MEAN),
        ("pan_usagers", Shape.COUNT),
        ("copil", Shape.COUNT),
    ],
)
def test_shapes(indicator: str, shape: Shape) -> None:
    assert shape_of(REF.indicator(indicator), REF) is shape


def test_shape_aggregation_labels() -> None:
    assert Shape.RATE.aggregation == "somme des composantes, puis division"
    assert Shape.COUNT.aggregation == "somme des valeurs"
    assert Shape.DERIVED.aggregation == "formule recalculée sur la période"


def test_unweighted_means_are_marked() -> None:
    rows = [
        Observation("courriels_info_delai_moyen", Quarter(2022, q), None, v)
        for q, v in [(1, 5), (2, 5), (3, 5), (4, 3)]
    ]
    year = evaluate(
        REF, Measurements(rows), "courriels_info_delai_moyen", Year(2022), mean_of_values=True
    )
    assert isinstance(year.measure, MeanOfValues)
    assert year.value == 4.5  # Isère printed 5


OWN = parse_definitions(
    """
[perimeter]
modules = [1]
[[counter]]
id = "a"
label = "A"
[[counter]]
id = "b"
label = "B"
[[counter]]
id = "c"
label = "C"
[[indicator]]
id = "en_pourcentage"
label = "Un taux écrit en pourcentage"
engagement = 5
unit = "rate"
direction = "higher_is_better"
periodicity = "monthly"
formula = "100 * a / b"
[[indicator]]
id = "quotient_de_quotient"
label = "Un quotient dont le numérateur est un quotient"
engagement = 5
unit = "count"
direction = "no_target"
periodicity = "monthly"
formula = "(a / b) / c"
[[indicator]]
id = "facteur_a_droite"
label = "Pour mille, facteur à droite"
engagement = 5
unit = "per_thousand"
direction = "no_target"
periodicity = "monthly"
formula = "a * 1000 / b"
[[indicator]]
id = "double_ecart"
label = "Un indicateur dérivé d'un indicateur"
engagement = 5
unit = "count"
direction = "no_target"
periodicity = "monthly"
formula = "2 * quotient_de_quotient"
"""
).referentiel


def test_other_shapes_of_formulas() -> None:
    assert shape_of(OWN.indicator("en_pourcentage"), OWN) is Shape.DERIVED
    assert shape_of(OWN.indicator("facteur_a_droite"), OWN) is Shape.PER_THOUSAND
    month = Month(2022, 1)
    rows = [
        Observation("quotient_de_quotient", month, "a", 0),
        Observation("quotient_de_quotient", month, "b", 0),
        Observation("quotient_de_quotient", month, "c", 3),
    ]
    data = Measurements(rows)
    # a division by zero inside a component: sans objet, not an error
    assert evaluate(OWN, data, "quotient_de_quotient", month).state is CellState.SANS_OBJET
    assert evaluate(OWN, data, "en_pourcentage", month).state is CellState.SANS_OBJET
    assert evaluate(OWN, data, "facteur_a_droite", month).state is CellState.SANS_OBJET


def test_a_derived_indicator_on_an_incomplete_year_is_incomplete() -> None:
    rows = [
        Observation("quotient_de_quotient", Month(2022, 1), name, value)
        for name, value in [("a", 6), ("b", 2), ("c", 3)]
    ]
    result = evaluate(OWN, Measurements(rows), "double_ecart", Year(2022))
    assert (result.value, result.complete) == (2, False)


def test_a_referentiel_built_by_hand_with_a_circle_does_not_loop() -> None:
    def indicator(name: str, formula: str) -> IndicatorDefinition:
        return IndicatorDefinition(
            id=name, label=name, module=1, unit="count", direction="no_target",
            periodicity="monthly", formula=formula,
        )  # fmt: skip

    circle = Referentiel(indicators=(indicator("x", "y + 1"), indicator("y", "x + 1")))
    assert evaluate(circle, Measurements([]), "x", Month(2022, 1)).state is CellState.NON_RENSEIGNE
