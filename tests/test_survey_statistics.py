"""Survey statistics against scipy: Wilson intervals and the two-proportion test."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from qualepref.survey_statistics import (
    SMALL_SAMPLE,
    SurveyError,
    compare_proportions,
    wilson_interval,
)


@st.composite
def surveys(draw: st.DrawFn) -> tuple[int, int]:
    respondents = draw(st.integers(1, 2_000))
    return draw(st.integers(0, respondents)), respondents


@given(surveys(), st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_wilson_intervals_agree_with_scipy(survey: tuple[int, int], confidence: float) -> None:
    satisfied, respondents = survey
    mine = wilson_interval(satisfied, respondents, confidence)
    assert mine is not None
    theirs = stats.binomtest(satisfied, respondents).proportion_ci(confidence, method="wilson")
    assert mine.low == pytest.approx(theirs.low, abs=1e-9)
    assert mine.high == pytest.approx(theirs.high, abs=1e-9)
    assert 0 <= mine.low <= mine.rate <= mine.high <= 1  # the interval holds the rate
    assert mine.small is (respondents < SMALL_SAMPLE)


@given(surveys(), surveys())
def test_the_change_agrees_with_scipy_s_chi_square(
    first: tuple[int, int], second: tuple[int, int]
) -> None:
    change = compare_proportions(*first, *second)
    table = [[first[0], first[1] - first[0]], [second[0], second[1] - second[0]]]
    varies = (first[0] + second[0]) not in {0, first[1] + second[1]}
    assert (change is not None) is varies
    if change is None:
        return
    chi2, p_value, _dof, _expected = stats.chi2_contingency(table, correction=False)
    assert change.z**2 == pytest.approx(chi2, rel=1e-9, abs=1e-9)  # z² is the chi-square
    assert change.p_value == pytest.approx(p_value, rel=1e-6, abs=1e-12)
    back = compare_proportions(*second, *first)
    assert back is not None
    assert back.difference == -change.difference
    assert back.p_value == pytest.approx(change.p_value)


def test_a_bilan_s_figures() -> None:
    # Loire-Atlantique's two surveys had 312 and 298 respondents (seed 003)
    first, second = wilson_interval(265, 312), wilson_interval(265, 298)
    assert first is not None
    assert second is not None
    assert (round(first.rate, 4), round(second.rate, 4)) == (0.8494, 0.8893)
    assert not first.small
    change = compare_proportions(265, 312, 265, 298)
    assert change is not None
    assert round(change.difference, 4) == 0.0399
    assert not change.significant  # four points is not more than chance on ~300 answers


def test_nothing_to_measure_and_impossible_counts() -> None:
    assert wilson_interval(0, 0) is None
    assert compare_proportions(0, 0, 3, 4) is None
    assert compare_proportions(4, 4, 5, 5) is None  # everybody satisfied both times
    for bad in ((3, 2), (-1, 2), (1.5, 2), (True, 2)):
        with pytest.raises(SurveyError, match=r"impossible|plus que de réponses"):
            wilson_interval(*bad)  # type: ignore[arg-type]
    with pytest.raises(SurveyError, match="niveau de confiance"):
        wilson_interval(1, 2, confidence=1.0)
    with pytest.raises(SurveyError, match="seuil"):
        compare_proportions(1, 2, 1, 2, alpha=0)
    assert math.isclose(wilson_interval(2, 2).high, 1.0)  # type: ignore[union-attr]
