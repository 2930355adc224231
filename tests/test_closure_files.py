"""Closure files: the format, and one malformed file per defect with its exact message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qualepref import Closure
from qualepref.closure_files import ClosureFileError, parse_closures, parse_day, read_closures

DATA = Path(__file__).parent / "data" / "closures"


def test_a_good_file() -> None:
    assert read_closures(DATA / "good.csv") == [
        Closure(dt.date(2026, 5, 15), "Pont de l'Ascension"),
        Closure(dt.date(2026, 12, 24), "Veille de Noël"),
        Closure(dt.date(2026, 12, 31)),
    ]


def test_commas_quotes_and_a_byte_order_mark() -> None:
    assert read_closures(DATA / "good-bom-comma.csv") == [
        Closure(dt.date(2026, 5, 15), "Pont, Ascension")
    ]


def test_a_date_column_alone_and_an_empty_file() -> None:
    assert parse_closures("date\n2026-05-15\n") == [Closure(dt.date(2026, 5, 15))]
    assert parse_closures("") == []
    assert parse_closures("# rien cette année\n") == []


def test_a_file_without_header() -> None:
    path = DATA / "bad-no-header.csv"
    with pytest.raises(ClosureFileError) as error:
        read_closures(path)
    assert str(error.value) == (
        f"{path}, ligne 1 : la première ligne doit nommer les colonnes, dont « date » "
        "(et éventuellement « libelle »), séparées par « ; » ; trouvé '15/05/2026;Pont'"
    )


def test_every_faulty_line_is_reported_at_once() -> None:
    path = DATA / "bad-lines.csv"
    with pytest.raises(ClosureFileError) as error:
        read_closures(path)
    expected = "(attendu JJ/MM/AAAA ou AAAA-MM-JJ)"
    assert str(error.value).splitlines() == [
        f"{path}, ligne 2, colonne date : date illisible : '31/02/2026' {expected}",
        f"{path}, ligne 3, colonne date : date illisible : '05/15/2026' {expected}",
        f"{path}, ligne 4 : 3 champ(s) au lieu de 2 (date, libelle)",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/05/2026", dt.date(2026, 5, 1)),  # day first, always
        ("1/5/2026", dt.date(2026, 5, 1)),
        ("2026-05-01", dt.date(2026, 5, 1)),
        (" 2026-05-01 ", dt.date(2026, 5, 1)),
    ],
)
def test_parse_day(text: str, expected: dt.date) -> None:
    assert parse_day(text) == expected


@pytest.mark.parametrize("text", ["2026-13-01", "32/01/2026", "demain", "", "01/05/26"])
def test_parse_day_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="date illisible"):
        parse_day(text)
