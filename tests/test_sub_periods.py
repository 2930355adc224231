"""A period's figure against its sub-periods': QM206, and the rule that neither wins."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualepref import parse_definitions
from qualepref.measurement_files import MeasurementError, parse_measurements
from qualepref.sub_periods import within_rounding

DEFS = parse_definitions("[perimeter]\nmodules = [1, 2]\n")
HEADER = "indicateur;periode;composante;valeur;echantillon\n"


def problems(rows: str) -> list[str]:
    """The messages of the QM206 issues of a measurements file made of ``rows``.

    Components come alone (a numerator without its denominator, QM203): only QM206 counts.
    """
    padded = "".join(row + ";" * (4 - row.count(";")) + "\n" for row in rows.splitlines())
    try:
        parse_measurements(HEADER + padded, DEFS, source="m.csv")
    except MeasurementError as error:
        return [issue.message for issue in error.issues if issue.code == "QM206"]
    return []


def test_a_quarter_smaller_than_its_january_is_refused_naming_both_places() -> None:
    rows = (
        "courriels_info_5j;2022-01;courriels_info_recus;173\n"
        "courriels_info_5j;2022-T1;courriels_info_recus;150\n"
    )
    assert problems(rows) == [
        "courriels_info_recus vaut 150 pour 2022-T1 (m.csv:3), moins que ses sous-périodes : "
        "173 en 2022-01 (m.csv:2) ; corrigez l'un ou l'autre"
    ]


def test_a_year_differing_from_its_four_quarters_is_refused() -> None:
    rows = "".join(f"copil;2022-T{q};;{n}\n" for q, n in [(1, 2), (2, 2), (3, 0), (4, 1)])
    assert problems(rows + "copil;2022;;5\n") == []
    [message] = problems(rows + "copil;2022;;4\n")
    assert message.startswith("copil vaut 4 pour 2022 (m.csv:6), différent de la somme")
    assert "2 en 2022-T1 (m.csv:2), 2 en 2022-T2 (m.csv:3)" in message


def test_a_year_is_checked_through_months_when_quarters_are_missing() -> None:
    months = "".join(
        f"courriels_info_5j;2022-{m:02d};courriels_info_recus;10\n" for m in range(1, 13)
    )
    year = "courriels_info_5j;2022;courriels_info_recus;{}\n"
    assert problems(months + year.format(120)) == []
    [message] = problems(months + year.format(119))
    assert "différent de la somme de ses sous-périodes" in message
    assert message.count(" en 2022-") == 12


def test_a_partial_year_may_exceed_what_is_known_beneath_it() -> None:
    rows = "copil;2022-T1;;1\ncopil;2022-T3;;1\ncopil;2022;;3\n"
    assert problems(rows) == []


def test_a_rate_outside_the_range_of_its_quarters_is_refused() -> None:
    quarters = "".join(
        f"appels_aboutis;2022-T{q};;{r} %\n" for q, r in enumerate([95, 96, 94, 97], 1)
    )
    assert problems(quarters + "appels_aboutis;2022;;95,5 %\n") == []
    assert problems(quarters + "appels_aboutis;2022;;97,3 %\n") == []  # rounding
    [message] = problems(quarters + "appels_aboutis;2022;;98 %\n")
    assert message.startswith("appels_aboutis vaut 98\u202f% pour 2022 (m.csv:6), hors de l'interv")
    assert "94\u202f% en 2022-T3 (m.csv:4)" in message
    # three quarters known: the fourth could be anything, nothing to compare
    assert problems(quarters.split("\n", 1)[1] + "appels_aboutis;2022;;80 %\n") == []


def test_a_mean_outside_the_range_of_its_months_is_refused() -> None:
    rows = "".join(
        f"courriels_info_delai_moyen;2022-{m:02d};;{d}\n" for m, d in [(1, "2,5"), (2, 3), (3, 4)]
    )
    assert problems(rows + "courriels_info_delai_moyen;2022-T1;;3,2\n") == []
    [message] = problems(rows + "courriels_info_delai_moyen;2022-T1;;4,5\n")
    assert message.startswith("courriels_info_delai_moyen vaut 4,5 pour 2022-T1 (m.csv:5)")
    assert "2,5 en 2022-01 (m.csv:2), 3 en 2022-02" in message


def test_sampled_and_sans_objet_figures_are_not_compared() -> None:
    rows = (
        "courriels_info_5j;2022-01;courriels_info_recus;400\n"
        "courriels_info_5j;2022;courriels_info_recus;100;oui\n"
        "appels_aboutis;2022-T1;;sans objet\n"
        "appels_aboutis;2022;;50 %\n"
    )
    assert problems(rows) == []
    assert problems(rows.replace(";oui", "")) != []  # the same, unsampled


def test_a_ratio_to_a_stock_is_not_ranged() -> None:
    # a year's visits per inhabitant is not a mean of its quarters' (visits add up)
    rows = "".join(f"site_internet_connexion;2022-T{q};;6 %\n" for q in range(1, 5))
    assert problems(rows + "site_internet_connexion;2022;;24 %\n") == []


def test_a_stock_is_worth_its_last_value() -> None:
    defs = parse_definitions("[perimeter]\nmodules = [1]\n")
    assert any(i.id == "site_internet_connexion" for i in defs.indicators)
    rows = (
        "site_internet_connexion;2022-T4;habitants;1270000\n"
        "site_internet_connexion;2022-T3;habitants;1260000\n"
        "site_internet_connexion;2022;habitants;{}\n"
    )
    assert problems(rows.format(1270000)) == []
    [message] = problems(rows.format(1260000))
    assert "différent de sa fin de période (un stock vaut sa dernière valeur)" in message
    assert "1270000 en 2022-T4 (m.csv:2) ;" in message


@given(
    months=st.lists(st.integers(0, 10_000), min_size=3, max_size=3),
    delta=st.integers(-50, 50),
)
def test_a_quarter_equal_to_its_months_passes_any_other_is_refused(
    months: list[int], delta: int
) -> None:
    rows = "".join(
        f"courriels_info_5j;2022-{m:02d};courriels_info_recus;{n}\n"
        for m, n in enumerate(months, 1)
    )
    quarter = sum(months) + delta
    if quarter < 0:
        return
    found = problems(rows + f"courriels_info_5j;2022-T1;courriels_info_recus;{quarter}\n")
    assert bool(found) == (delta != 0)


@given(parts=st.lists(st.tuples(st.integers(1, 5_000), st.floats(0, 1)), min_size=4, max_size=4))
def test_a_weighted_mean_of_quarter_rates_always_passes(parts: list[tuple[int, float]]) -> None:
    answered = [round(received * share) for received, share in parts]
    rates = [a / r for a, (r, _s) in zip(answered, parts, strict=True)]
    year = sum(answered) / sum(r for r, _s in parts)
    rows = "".join(f"appels_aboutis;2022-T{q};;{rate!r}\n" for q, rate in enumerate(rates, 1))
    assert problems(rows + f"appels_aboutis;2022;;{year!r}\n") == []


@pytest.mark.parametrize(
    ("first", "second", "close"),
    [(0.9148, 0.91, True), (0.9148, 0.90, False), (120.0, 120.5, True), (120.0, 121.0, False)],
)
def test_within_rounding(first: float, second: float, close: bool) -> None:
    assert within_rounding(first, second) is close
