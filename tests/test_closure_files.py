"""Closure files: the format, and one malformed file per defect with its exact message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qualepref import Closure
from qualepref.closure_files import ClosureFileError, parse_closures, parse_day, read_closures
from qualepref.moments import MomentError

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
    expected = "(jour/mois/année, jour d'abord : 01/05 est le 1er mai)"
    assert str(error.value).splitlines() == [
        f"{path}, ligne 2, colonne date : date impossible : '31/02/2026' {expected}",
        f"{path}, ligne 3, colonne date : date impossible : '05/15/2026' {expected}",
        f"{path}, ligne 4 : 3 champ(s) au lieu de 2 (date, libelle)",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/05/2026", dt.date(2026, 5, 1)),  # day first, always
        ("1/5/2026", dt.date(2026, 5, 1)),
        ("2026-05-01", dt.date(2026, 5, 1)),
        (" 2026-05-01 ", dt.date(2026, 5, 1)),
        ("1er mai 2026", dt.date(2026, 5, 1)),  # the forms tracking files accept
        ("01/05/2026 00:00", dt.date(2026, 5, 1)),
        (46143, dt.date(2026, 5, 1)),
    ],
)
def test_parse_day(text: object, expected: dt.date) -> None:
    assert parse_day(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-13-01", "date ISO impossible"),
        ("32/01/2026", "date impossible"),
        ("demain", "date illisible"),
        ("", "date vide"),
        ("01/05/26", "année sur 2 chiffres"),
        ("01/05/2026 14:00", "une date sans heure est attendue"),
    ],
)
def test_parse_day_refuses(text: str, message: str) -> None:
    with pytest.raises(MomentError, match=message):
        parse_day(text)


def test_closures_saved_by_excel_in_windows_1252_are_read(tmp_path: Path) -> None:
    path = tmp_path / "fermetures.csv"
    path.write_bytes("date;libelle\n15/05/2026;Pont de l'Ascension, fermé\n".encode("cp1252"))
    assert read_closures(path)[0].name == "Pont de l'Ascension, fermé"
    path.write_bytes(b"date;libelle\n15/05/2026;Pont \x81\n")
    with pytest.raises(ClosureFileError, match="ni en UTF-8 ni en Windows-1252"):
        read_closures(path)


def test_closures_saved_as_unicode_text_are_read(tmp_path: Path) -> None:
    path = tmp_path / "fermetures.csv"
    path.write_bytes("date;libelle\n15/05/2026;Pont de l'Ascension\n".encode("utf-16"))
    assert read_closures(path)[0].name == "Pont de l'Ascension"
