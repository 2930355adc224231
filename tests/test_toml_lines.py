"""Locating tables and keys in TOML text."""

from __future__ import annotations

import re
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualepref import check_definitions
from qualepref.referentiel.toml_lines import TomlLines

TEXT = '''# a comment = not a key
extends = "qualepref"   # trailing comment

[prefecture]
name = "Préfecture [de] test = x"
"quoted key" = 1
dotted.key = 2

[targets]
appels_aboutis = 0.9
courriels_info_5j = { 2022 = 0.9, 2023 = 1.0 }

[[indicator]]
id = "a"
label = """Un libellé
sur deux lignes, avec un faux
[[indicator]]
et id = "faux" dedans"""
aliases = [
    "premier",
    "second ] avec crochet",
]
formula = 'x / y'

[[indicator]]
id = "b"
note = "quote \\" inside"
unit = "rate"

[[counter]]
id = "c"
'''


def test_lines_of_tables_and_keys() -> None:
    lines = TomlLines(TEXT)
    assert lines.line(("extends",)) == 2
    assert lines.line(("prefecture",)) == 4
    assert lines.line(("prefecture", "name")) == 5
    assert lines.line(("prefecture", "quoted key")) == 6
    assert lines.line(("prefecture", "dotted", "key")) == 7
    assert lines.line(("targets", "appels_aboutis")) == 10
    assert lines.line(("targets", "courriels_info_5j", "2022")) == 11  # parent's line
    assert lines.line(("indicator", 0)) == 13
    assert lines.line(("indicator", 0, "label")) == 15
    assert lines.line(("indicator", 0, "aliases")) == 19
    assert lines.line(("indicator", 0, "formula")) == 23
    assert lines.line(("indicator", 1)) == 25
    assert lines.line(("indicator", 1, "id")) == 26
    assert lines.line(("indicator", 1, "unit")) == 28
    assert lines.line(("indicator", 1, "missing")) == 25
    assert lines.line(("indicator", 2)) is None
    assert lines.line(("counter", 0, "id")) == 31
    assert lines.line(()) is None
    tomllib.loads(TEXT)  # the sample is valid TOML


def test_multi_line_literal_strings_and_nested_arrays() -> None:
    text = "a = '''\nb = 1\n'''\nc = [[1, 2],\n  [3]]\nd = 4\n"
    lines = TomlLines(text)
    assert (lines.line(("a",)), lines.line(("b",)), lines.line(("c",)), lines.line(("d",))) == (
        1,
        None,
        4,
        6,
    )


@given(st.lists(st.sampled_from(["indicator", "counter", "module"]), max_size=12))
def test_array_tables_are_counted_per_name(names: list[str]) -> None:
    text = "".join(f'[[{name}]]\nid = "x{k}"\n' for k, name in enumerate(names))
    lines = TomlLines(text)
    seen: dict[str, int] = {}
    for k, name in enumerate(names):
        index = seen.get(name, 0)
        seen[name] = index + 1
        assert lines.line((name, index)) == 2 * k + 1
        assert lines.line((name, index, "id")) == 2 * k + 2


def test_a_line_that_is_not_toml_is_a_key_of_its_own() -> None:
    assert TomlLines("just text\n").line(("just text",)) == 1


def test_an_unclosed_string_ends_its_line_and_a_form_feed_is_no_line_break() -> None:
    lines = TomlLines('a = "open\nb = 1\nc = "x\fy"\nd = 2\n')
    assert [lines.line((key,)) for key in "abcd"] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a = [1\n", "liste non fermée"),
        ("a = {b = 1\n", "table en ligne non fermée"),
        ('a = "x\n', "caractère interdit ici"),
        ("a = 1\na = 2\n", "clé déjà définie plus haut"),
        ("[t]\n[t]\n", "la table [t] est déclarée deux fois"),
        ("a = {b = 1}\na.c = 2\n", "table en ligne, complète"),
        ("a = {b = 1, b = 2}\n", "en double dans une table en ligne"),
        ("a 1\n", "il manque « = » après la clé"),
        ("[t\n", "il manque « ] » à la fin du nom de la table"),
        ("[[t]\n", "il manque « ]] »"),
        ("a = 1 b = 2\n", "une seule déclaration par ligne"),
        ("a = mensuelle\n", "valeur illisible : un texte s'écrit entre guillemets"),
        ("a = 1,5\n", "une seule déclaration par ligne"),
        ("= 1\n", "ligne illisible"),
        ("a. = 1\n", "clé mal écrite"),
        ("a = 2022-02-30\n", "date illisible"),
        ('a = "\\uZZZZ"\n', "échappement"),
        ('a = "\\UFFFFFFFF"\n', "échappement vers un caractère qui n'existe pas"),
        ('a = "C:\\dossier"\n', "barre oblique inverse seule"),
        ("a = [1,,2]\n", "valeur illisible"),
        ("[t]\nx = 1\n[t.x]\n", "clé déjà définie plus haut"),
        ("[t.x]\n[t]\n[t.x]\n", "est déclarée deux fois"),
    ],
)
def test_toml_syntax_errors_are_said_in_french(text: str, expected: str) -> None:
    [issue] = check_definitions(text)[1]
    assert issue.code == "QP001"
    assert expected in issue.message
    english = re.search(
        r"\b(Unclosed|Cannot|Expected|Invalid|Found|Illegal|Unescaped)\b", issue.message
    )
    assert english is None, issue.message
