"""Measures: components, sans objet, aggregation, and refusing bad input."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualepref import (
    AggregationError,
    Count,
    Mean,
    MeanOfValues,
    MeasureError,
    MeasureKind,
    PerThousand,
    Rate,
    Ratio,
    ValueOnly,
    aggregate,
    mean,
    per_thousand,
    rate,
)

# Loire-Atlantique 2022, main mailbox (seed 003): answers in time / answers, January to October.
LA_MONTHS = [
    (22, 22),
    (21, 21),
    (23, 23),
    (73, 73),
    (156, 173),
    (157, 178),
    (53, 72),
    (87, 97),
    (64, 64),
    (63, 63),
]


def test_the_loire_atlantique_mailbox_is_91_5_not_94_percent() -> None:
    months = [rate(n, d) for n, d in LA_MONTHS]
    year = aggregate(months)
    assert (year.numerator, year.denominator) == (719, 786)
    assert year.value == pytest.approx(0.9148, abs=1e-4)
    # the bilan's "94 %" is the mean of the ten monthly rates
    spreadsheet = aggregate([ValueOnly(m.value) for m in months], mean_of_values=True)  # type: ignore[arg-type]
    assert isinstance(spreadsheet, MeanOfValues)
    assert spreadsheet.value == pytest.approx(0.9417, abs=1e-4)  # printed as 94 %


def test_sans_objet_is_none_never_an_error() -> None:
    assert rate(0, 0).value is None
    assert per_thousand(0, 0).value is None
    assert mean(0, 0).value is None
    assert Ratio(5, 0).value is None
    assert MeanOfValues(()).value is None
    assert aggregate([rate(0, 0), rate(0, 0)]).value is None


def test_values() -> None:
    assert mean(total=58, count=29).value == 2.0
    assert per_thousand(5, 11_400).value == pytest.approx(0.43860, abs=1e-5)
    assert Count(4).value == 4
    assert Ratio(34, 100).value == 0.34
    assert ValueOnly(0.8942).value == 0.8942


def test_components_and_kinds() -> None:
    assert rate(719, 786).components() == {"numerateur": 719, "denominateur": 786}
    assert PerThousand(5, 11_400).components() == {"numerateur": 5, "denominateur": 11_400}
    assert Ratio(1, 2).components() == {"numerateur": 1, "denominateur": 2}
    assert mean(58, 29).components() == {"total": 58, "nombre": 29}
    assert Count(5).components() == {"valeur": 5}
    assert ValueOnly(0.5).components() == {"valeur": 0.5}
    assert MeanOfValues((0.5, 1.0)).components() == {"valeurs": 2}
    assert [k.label for k in MeasureKind] == [
        "taux", "taux pour 1 000", "rapport", "moyenne", "nombre",
        "valeur sans composantes", "moyenne non pondérée des valeurs",
    ]  # fmt: skip
    assert MeasureKind.MEAN.with_article == "une moyenne"
    assert MeasureKind.RATE.with_article == "un taux"


def test_adding_sums_components() -> None:
    assert rate(1, 2) + rate(3, 4) == Rate(4, 6)
    assert per_thousand(1, 1000) + per_thousand(0, 1000) == PerThousand(1, 2000)
    assert Ratio(1, 2) + Ratio(3, 4) == Ratio(4, 6)
    assert mean(10, 5) + mean(2, 1) == Mean(12, 6)
    assert Count(2) + Count(3) == Count(5)
    assert sum([Count(1), Count(2)], Count(0)) == Count(3)


@pytest.mark.parametrize(
    ("left", "right", "message"),
    [
        (rate(1, 2), mean(1, 2), "on n'additionne pas une moyenne et un taux"),
        (Count(1), rate(1, 2), "on n'additionne pas un taux et un nombre"),
        (mean(1, 2), per_thousand(1, 2), "on n'additionne pas un taux pour 1 000 et une moyenne"),
        (Ratio(1, 2), Count(1), "on n'additionne pas un nombre et un rapport"),
        (per_thousand(1, 2), Ratio(1, 2), "on n'additionne pas un rapport et un taux pour 1 000"),
    ],
)
def test_mixing_kinds_is_an_error(left: object, right: object, message: str) -> None:
    with pytest.raises(MeasureError, match=message):
        left + right  # type: ignore[operator]
    with pytest.raises(MeasureError):
        aggregate([left, right])  # type: ignore[list-item]


def test_values_without_components_do_not_add() -> None:
    with pytest.raises(AggregationError, match="une valeur sans composantes ne s'additionne pas"):
        ValueOnly(0.5) + ValueOnly(0.7)  # type: ignore[operator]
    with pytest.raises(AggregationError, match="une moyenne non pondérée"):
        MeanOfValues((0.5,)) + MeanOfValues((0.7,))  # type: ignore[operator]


def test_adding_something_else_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        rate(1, 2) + 1  # type: ignore[operator]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: rate(-1, 4), "le numérateur doit être un nombre positif ou nul, pas -1"),
        (lambda: rate(1, math.inf), "le dénominateur doit être un nombre positif ou nul, pas inf"),
        (lambda: rate(math.nan, 1), "le numérateur doit être un nombre positif ou nul, pas nan"),
        (lambda: rate(5, 4), r"le numérateur \(5\) dépasse le dénominateur \(4\)"),
        (lambda: per_thousand(5, 4), r"le numérateur \(5\) dépasse le dénominateur \(4\)"),
        (lambda: mean(-2, 1), "le total doit être un nombre positif ou nul, pas -2"),
        (lambda: mean(2, "1"), "le nombre doit être un nombre positif ou nul, pas '1'"),
        (lambda: Count(True), "le nombre doit être un nombre positif ou nul, pas True"),
        (lambda: ValueOnly(math.inf), "une valeur doit être un nombre fini, pas inf"),
        (lambda: ValueOnly(None), "une valeur doit être un nombre fini, pas None"),
    ],
)
def test_bad_input_is_refused_with_the_value(call: object, message: str) -> None:
    with pytest.raises(MeasureError, match=message):
        call()  # type: ignore[operator]


def test_values_without_components_are_not_aggregated_unless_asked() -> None:
    quarters = [ValueOnly(0.9551), ValueOnly(0.9555), ValueOnly(0.8791), ValueOnly(0.8086)]
    with pytest.raises(AggregationError, match="sans inventer une pondération"):
        aggregate(quarters)
    unweighted = aggregate(quarters, mean_of_values=True)
    assert isinstance(unweighted, MeanOfValues)
    assert unweighted.value == pytest.approx(0.899575)  # Isère printed 89.42 %: not even that
    assert aggregate([unweighted, ValueOnly(1.0)], mean_of_values=True).values == (
        0.9551, 0.9555, 0.8791, 0.8086, 1.0,
    )  # fmt: skip
    with pytest.raises(MeasureError, match="aucune mesure"):
        aggregate([])


counts = st.integers(min_value=0, max_value=10_000)


@st.composite
def rates(draw: st.DrawFn) -> Rate:
    denominator = draw(counts)
    return Rate(draw(st.integers(0, denominator)), denominator)


@given(st.lists(rates(), min_size=1, max_size=24))
def test_aggregation_is_the_quotient_of_the_sums(months: list[Rate]) -> None:
    total = aggregate(months)
    numerator = sum(m.numerator for m in months)
    denominator = sum(m.denominator for m in months)
    assert (total.numerator, total.denominator) == (numerator, denominator)
    assert total.value == (None if denominator == 0 else numerator / denominator)


@given(st.lists(rates(), min_size=2, max_size=24), st.data())
def test_aggregation_is_associative_and_commutative(
    months: list[Rate], data: st.DataObject
) -> None:
    cut = data.draw(st.integers(1, len(months) - 1))
    in_two_steps = aggregate([aggregate(months[:cut]), aggregate(months[cut:])])
    assert in_two_steps == aggregate(months)
    assert aggregate(list(reversed(months))) == aggregate(months)


@given(st.lists(st.tuples(st.floats(0, 1e6), st.integers(0, 1000)), min_size=1, max_size=12))
def test_a_mean_of_means_is_weighted_by_counts(parts: list[tuple[float, int]]) -> None:
    total = aggregate([Mean(t, c) for t, c in parts])
    count = sum(c for _, c in parts)
    if count == 0:
        assert total.value is None
    else:
        assert total.value == pytest.approx(math.fsum(t for t, _ in parts) / count)


@pytest.mark.parametrize(
    "measure", [rate(1, 2), per_thousand(1, 2), Ratio(1, 2), mean(1, 2), Count(1)]
)
def test_adding_a_plain_number_is_left_to_python(measure: object) -> None:
    with pytest.raises(TypeError):
        measure + 1  # type: ignore[operator]
