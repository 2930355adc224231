"""Gaps and status bands, with the seeds' rows as cases."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualepref import (
    DEFAULT_BANDS,
    Direction,
    Gap,
    QualeprefError,
    Status,
    StatusBands,
    status,
    target_gap,
)

UP, DOWN, NONE = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER, Direction.NO_TARGET


@pytest.mark.parametrize(
    ("value", "target", "direction", "expected", "row"),
    [
        (0.8942, 0.90, UP, Status.MINOR, "Isère, appels aboutis: 0.6 % short (the sheet's 😐)"),
        (
            0.5,
            10,
            DOWN,
            Status.MET,
            "Isère, délai moyen courriers: 0.5 j ≤ 10 j (the sheet's ☹️ was backwards)",
        ),
        (2, 5, DOWN, Status.MET, "Isère, délai S&R courriels"),
        (4.5, 5, DOWN, Status.MET, "Isère, délai courriels"),
        (21.91, 15, DOWN, Status.MODERATE, "Isère, délai PC au CERT: 46 % over"),
        (0.547, 0.75, UP, Status.MODERATE, "Isère, transfert d'appels: 27 % short of 75 %"),
        (0.443, 0.75, UP, Status.MODERATE, "Isère, délai d'attente: 40.9 % short"),
        (0.48, 0.90, UP, Status.MODERATE, "Loire-Atlantique, appels aboutis: 46.7 % short"),
        (0.3, 0.9, UP, Status.MAJOR, "66.7 % short"),
        (0.0862, 0.05, UP, Status.MET, "Isère, connexion au site"),
        (
            None,
            1.0,
            UP,
            Status.NOT_APPLICABLE,
            "Isère, courriers: no letter, sans objet (not #DIV/0!)",
        ),
        (4, None, NONE, Status.NO_TARGET, "Isère, usagers du PAN: no cible (not ☹️)"),
        (4, 3, NONE, Status.NO_TARGET, "no direction"),
        (0.9, None, UP, Status.NO_TARGET, "no cible"),
        (0.75, 1.0, UP, Status.MINOR, "exactly 25 % short: still minor"),
        (0.5, 1.0, UP, Status.MODERATE, "exactly 50 % short: still moderate"),
        (0.675, 0.9, UP, Status.MINOR, "25 % short, in floating point"),
        (15, 10, DOWN, Status.MODERATE, "50 % over"),
        (0, 0, DOWN, Status.MET, "a cible of 0, met"),
        (1, 0, DOWN, Status.MAJOR, "a cible of 0, missed"),
        (0, 0, UP, Status.MET, "a cible of 0, higher is better"),
    ],
)
def test_status(
    value: float | None, target: float | None, direction: Direction, expected: Status, row: str
) -> None:
    assert status(value, target, direction) is expected, row


def test_gaps_are_signed_so_that_positive_is_a_shortfall() -> None:
    assert target_gap(12, 10, DOWN) == Gap(2, 0.2)
    assert target_gap(8, 10, DOWN) == Gap(-2, -0.2)
    assert target_gap(0.8, 1.0, UP) == Gap(pytest.approx(0.2), pytest.approx(0.2))  # type: ignore[arg-type]
    assert target_gap(1.0, 0.8, UP).absolute == pytest.approx(-0.2)
    assert target_gap(1, 0, DOWN) == Gap(1, None)
    assert target_gap(None, 0.9, UP) == Gap(None, None)
    assert target_gap(0.9, None, UP) == Gap(None, None)
    assert target_gap(3, 4, NONE) == Gap(None, None)


def test_configurable_bands() -> None:
    strict = StatusBands(minor=0.05, moderate=0.1)
    assert status(0.8942, 0.9, UP, strict) is Status.MINOR
    assert status(0.84, 0.9, UP, strict) is Status.MODERATE
    assert status(0.80, 0.9, UP, strict) is Status.MAJOR
    assert StatusBands(0.25, 0.5) == DEFAULT_BANDS
    assert strict.describe() == (
        "écart mineur : jusqu’à 5 % de la cible ; écart modéré : plus de 5 % et jusqu’à 10 % ; "
        "écart majeur : plus de 10 %"
    )
    assert StatusBands(0.125, 0.5).describe().startswith("écart mineur : jusqu’à 12,5 %")
    with pytest.raises(QualeprefError, match="bornes incohérentes"):
        StatusBands(minor=0.5, moderate=0.25)
    with pytest.raises(QualeprefError, match="fraction positive"):
        StatusBands(minor=-0.1)


def test_labels_and_colours() -> None:
    assert Status.MET.label == "cible atteinte"
    assert Status.NOT_APPLICABLE.label == "sans objet"
    assert [s.color for s in Status] == ["63BE7B", "FFEB84", "F8A95E", "F8696B", *[None] * 4]
    assert [s.label for s in Status][4:] == [
        "sans objet",
        "non renseigné",
        "non calculable",
        "pas de cible",
    ]
    assert [s.symbol for s in Status] == ["✓", "◔", "◑", "●", "–", "–", "–", "–"]
    assert [s.judged for s in Status] == [True] * 4 + [False] * 4


def test_bad_numbers_are_refused() -> None:
    with pytest.raises(QualeprefError, match="la valeur doit être un nombre fini, pas nan"):
        status(math.nan, 0.9, UP)
    with pytest.raises(QualeprefError, match=r"la cible doit être un nombre fini, pas '0\.9'"):
        target_gap(0.5, "0.9", UP)  # type: ignore[arg-type]


finite = st.floats(min_value=0, max_value=1e6, allow_nan=False)


@given(finite, st.floats(min_value=0.001, max_value=1e6))
def test_directions_mirror_each_other(value: float, target: float) -> None:
    up, down = target_gap(value, target, UP), target_gap(value, target, DOWN)
    assert up.absolute == -down.absolute  # type: ignore[operator]
    if value == target:
        assert status(value, target, UP) is status(value, target, DOWN) is Status.MET
    elif value > target:
        assert status(value, target, UP) is Status.MET
        assert status(value, target, DOWN) is not Status.MET or math.isclose(value, target)
    else:
        assert status(value, target, DOWN) is Status.MET


@given(st.floats(min_value=0, max_value=2), st.floats(min_value=0.01, max_value=1))
def test_the_worse_the_value_the_worse_the_status(value: float, target: float) -> None:
    order = [Status.MET, Status.MINOR, Status.MODERATE, Status.MAJOR]
    better = status(value + 0.01, target, UP)
    worse = status(value, target, UP)
    assert order.index(better) <= order.index(worse)
