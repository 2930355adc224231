"""How far a survey's rate can be trusted: Wilson intervals, changes between two surveys.

A satisfaction rate from a survey is a proportion of respondents: 85 % of 20 people says
much less than 85 % of 300. This module gives the two figures a bilan needs beside the
rate (pure functions, the standard library's normal distribution only):

- :func:`wilson_interval`: the interval the true rate lies in, at a given confidence
  (95 % by default). Wilson's interval stays within 0–100 % and behaves well for small
  samples and rates near 0 or 100 %, where the textbook « p ± 1,96 √(p(1−p)/n) » does not.
- :func:`compare_proportions`: whether the change from one survey to the next is more
  than chance (the two-proportion z test, pooled, two-sided).

A rate from fewer than :data:`SMALL_SAMPLE` respondents is flagged « peu significatif »:
below that, the normal approximation behind both tests is rough and the interval wide.
No respondent at all is « sans objet »: ``None``, never a rate of 0.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import attrs

from qualepref.errors import QualeprefError

__all__ = [
    "SMALL_SAMPLE",
    "Interval",
    "ProportionChange",
    "SurveyError",
    "compare_proportions",
    "wilson_interval",
]

SMALL_SAMPLE = 30
"""Respondents below which a rate is « peu significatif » (the usual bound of the normal
approximation, and the « pas significatif » of the préfectures' surveys for small groups)."""

_NORMAL = NormalDist()


class SurveyError(QualeprefError):
    """Counts that cannot be a survey's: negative, fractional, more satisfied than answers."""


@attrs.frozen
class Interval:
    """A rate and the interval its true value lies in, at ``confidence``.

    Examples:
        >>> interval = wilson_interval(17, 20)
        >>> round(interval.rate, 2), round(interval.low, 3), round(interval.high, 3)
        (0.85, 0.64, 0.948)
        >>> interval.small
        True
    """

    rate: float
    """Satisfied / respondents."""
    low: float
    high: float
    respondents: int
    confidence: float

    @property
    def small(self) -> bool:
        """Whether the sample is under :data:`SMALL_SAMPLE`: « peu significatif »."""
        return self.respondents < SMALL_SAMPLE


@attrs.frozen
class ProportionChange:
    """The change from a first survey's rate to a second's, and whether it is chance.

    Examples:
        >>> change = compare_proportions(240, 312, 250, 298)
        >>> round(change.difference, 4), round(change.p_value, 4), change.significant
        (0.0697, 0.0304, True)
    """

    difference: float
    """Second rate − first rate (positive: more satisfied)."""
    z: float
    """The test statistic."""
    p_value: float
    """The probability of a change at least this large by chance alone (two-sided)."""
    alpha: float
    """The threshold under which the change is called significant."""

    @property
    def significant(self) -> bool:
        """Whether the change is more than chance at level ``alpha``."""
        return self.p_value < self.alpha


def _counts(satisfied: int, respondents: int) -> None:
    for name, value in (("satisfaits", satisfied), ("répondants", respondents)):
        if type(value) is not int or value < 0:  # a bool or a float is no count
            msg = f"nombre de {name} impossible : {value!r} (attendu un entier positif ou nul)"
            raise SurveyError(msg)
    if satisfied > respondents:
        msg = f"{satisfied} satisfaits pour {respondents} répondants : plus que de réponses"
        raise SurveyError(msg)


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        msg = f"niveau de confiance impossible : {confidence} (attendu entre 0 et 1, 0.95)"
        raise SurveyError(msg)
    return _NORMAL.inv_cdf(0.5 + confidence / 2)


def wilson_interval(satisfied: int, respondents: int, confidence: float = 0.95) -> Interval | None:
    """The rate of ``satisfied`` among ``respondents`` with its Wilson interval.

    ``None`` when no one answered: « sans objet ».

    Raises:
        SurveyError: counts that cannot be a survey's, or a confidence outside (0, 1).

    Examples:
        >>> i = wilson_interval(265, 298)
        >>> round(i.rate, 4), round(i.low, 4), round(i.high, 4), i.small
        (0.8893, 0.8486, 0.9201, False)
        >>> wilson_interval(0, 0) is None
        True
    """
    _counts(satisfied, respondents)
    z = _z(confidence)
    if respondents == 0:
        return None
    p = satisfied / respondents
    z2n = z * z / respondents
    centre = (p + z2n / 2) / (1 + z2n)
    half = z * math.sqrt(p * (1 - p) / respondents + z2n / (4 * respondents)) / (1 + z2n)
    low, high = max(0.0, centre - half), min(1.0, centre + half)
    return Interval(p, min(low, p), max(high, p), respondents, confidence)


def compare_proportions(
    first_satisfied: int,
    first_respondents: int,
    second_satisfied: int,
    second_respondents: int,
    *,
    alpha: float = 0.05,
) -> ProportionChange | None:
    """The change between two surveys' rates, tested against chance (pooled z, two-sided).

    ``None`` when either survey had no respondent, or when every respondent of both gave
    the same answer (nothing varies: the test has nothing to say).

    Raises:
        SurveyError: counts that cannot be a survey's, or ``alpha`` outside (0, 1).

    Examples:
        >>> compare_proportions(45, 50, 44, 50).significant
        False
    """
    _counts(first_satisfied, first_respondents)
    _counts(second_satisfied, second_respondents)
    if not 0 < alpha < 1:
        msg = f"seuil impossible : {alpha} (attendu entre 0 et 1, 0.05)"
        raise SurveyError(msg)
    if first_respondents == 0 or second_respondents == 0:
        return None
    first = first_satisfied / first_respondents
    second = second_satisfied / second_respondents
    pooled = (first_satisfied + second_satisfied) / (first_respondents + second_respondents)
    spread = pooled * (1 - pooled) * (1 / first_respondents + 1 / second_respondents)
    if spread == 0:
        return None
    z = (second - first) / math.sqrt(spread)
    p_value = 2 * (1 - _NORMAL.cdf(abs(z)))
    return ProportionChange(second - first, z, p_value, alpha)
