"""Formulas: the grammar, the refused constructs (sandbox-escape payloads), evaluation."""

from __future__ import annotations

import ast
import keyword
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualepref import Formula, FormulaError


@pytest.mark.parametrize(
    ("text", "names", "normalized"),
    [
        ("a / b", {"a", "b"}, "a / b"),
        ("  a/b  ", {"a", "b"}, "a / b"),
        ("(a - b) / a", {"a", "b"}, "(a - b) / a"),
        ("(appels_recus − appels_perdus) ÷ appels_recus", {"appels_recus", "appels_perdus"},
         "(appels_recus - appels_perdus) / appels_recus"),
        ("1000 × fraudes / dossiers", {"fraudes", "dossiers"}, "1000 * fraudes / dossiers"),
        ("-a + +b", {"a", "b"}, "-a + b"),
        ("a - (b - c)", {"a", "b", "c"}, "a - (b - c)"),
        ("a / (b / c)", {"a", "b", "c"}, "a / (b / c)"),
        ("(a + b) * c", {"a", "b", "c"}, "(a + b) * c"),
        ("a + (b * c)", {"a", "b", "c"}, "a + b * c"),
        ("((((a))))", {"a"}, "a"),
        ("0.5 * a2_b", {"a2_b"}, "0.5 * a2_b"),
        ("42", set(), "42"),
    ],
)  # fmt: skip
def test_the_grammar(text: str, names: set[str], normalized: str) -> None:
    formula = Formula.parse(text)
    assert formula.names == names
    assert str(formula) == normalized
    assert Formula.parse(str(formula)).names == names  # the normalized text parses back
    assert repr(formula) == f"Formula.parse({text!r})"


# Known sandbox-escape and denial-of-service payloads: each must be refused, never run.
PAYLOADS = [
    ("__import__('os').system('rm -rf /')", "un appel de fonction"),
    ("().__class__.__bases__[0].__subclasses__()", "un appel de fonction"),
    ("a.__class__", "un accès à un attribut"),
    ("open('/etc/passwd').read()", "un appel de fonction"),
    ("eval('1')", "un appel de fonction"),
    ("__builtins__", "nom invalide « __builtins__ »"),
    ("globals()", "un appel de fonction"),
    ("lambda: 0", "une fonction lambda"),
    ("[x for x in ()]", "une compréhension"),
    ("(x := 1)", "une affectation"),
    ("a[0]", "un indice"),
    ("a if b else c", "une expression conditionnelle"),
    ("a < b", "une comparaison"),
    ("a and b", "un opérateur logique"),
    ("not a", "l'opérateur « not »"),
    ("~a", "l'opérateur « ~ »"),
    ("9 ** 9 ** 9", "la puissance"),
    ("a % b", "le modulo"),
    ("a // b", "la division entière"),
    ("a @ b", "l'opérateur « @ »"),
    ("a << 2", "le décalage"),
    ("'text'", "constante 'text'"),
    ("b'bytes'", "constante b'bytes'"),
    ("f'{a}'", "une f-chaîne"),
    ("True", "constante True"),
    ("None", "constante None"),
    ("...", "constante Ellipsis"),
    ("1j", "constante 1j"),
    ("1e999", "constante inf"),
    ("a, b", "un tuple"),
    ("{a: b}", "un dictionnaire"),
    ("{a}", "un ensemble"),
    ("[a]", "une liste"),
    ("*a", "illisible"),
    ("Délai", "nom invalide « Délai »"),
    ("yield a", "illisible"),
]


@pytest.mark.parametrize(("text", "message"), PAYLOADS)
def test_refused_constructs(text: str, message: str) -> None:
    with pytest.raises(FormulaError, match="formule") as error:
        Formula.parse(text)
    assert message in str(error.value)
    assert error.value.formula == text


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("a ** 2", 3),
        ("a  %  2", 4),
        ("(a + b) // c", 9),
        ("x + y @ z", 7),
        ("a.b", 1),
        ("a + f(b)", 5),
    ],
)
def test_errors_point_at_the_column(text: str, column: int) -> None:
    with pytest.raises(FormulaError) as error:
        Formula.parse(text)
    assert error.value.column == column
    assert f"colonne {column}" in str(error.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "formule vide"),
        ("   ", "formule vide"),
        ("a b", "formule illisible (colonne 3)"),
        ("(a", "formule illisible"),
        ("a +", "formule illisible"),
        ("a" * 1001, "formule trop longue (1001 caractères, au plus 1000)"),
        ("(a + " * 60 + "a" + ")" * 60, "trop imbriquée"),
        ("(" * 300 + "a" + ")" * 300, "illisible"),
        ("-" * 200 + "a", "trop imbriquée"),
        ("a\0b", "illisible"),
    ],
)
def test_unreadable_formulas(text: str, message: str) -> None:
    with pytest.raises(FormulaError, match="formule") as error:
        Formula.parse(text)
    assert message in str(error.value)


def test_parse_refuses_non_text() -> None:
    with pytest.raises(TypeError, match="texte"):
        Formula.parse(42)  # type: ignore[arg-type]


# --- evaluation ----------------------------------------------------------------------------


def test_a_rate_from_the_loire_atlantique_mailbox() -> None:
    rate = Formula.parse("courriels_dans_le_delai / courriels_recus")
    value = rate.evaluate({"courriels_dans_le_delai": 719, "courriels_recus": 786})
    assert value == pytest.approx(0.91476, abs=1e-5)  # not the 94 % printed (a mean of rates)


def test_a_per_thousand_rate() -> None:
    fraud = Formula.parse("1000 * fraudes / dossiers")
    assert fraud.evaluate({"fraudes": 5, "dossiers": 11_400}) == pytest.approx(0.43860, abs=1e-5)


def test_calls_answered() -> None:
    calls = Formula.parse("(appels_recus - appels_perdus) / appels_recus")
    assert calls.evaluate({"appels_recus": 1_000, "appels_perdus": 52}) == 0.948


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("a / b", {"a": 0, "b": 0}),
        ("a / b", {"a": 3, "b": 0}),
        ("1 + a / (b - b)", {"a": 1, "b": 2}),
        ("-(a / b)", {"a": 1, "b": 0}),
        ("a / b * 0", {"a": 1, "b": 0}),
    ],
)
def test_division_by_zero_is_sans_objet(text: str, values: dict[str, float]) -> None:
    assert Formula.parse(text).evaluate(values) is None


def test_missing_and_non_finite_values_are_refused() -> None:
    rate = Formula.parse("a / b")
    with pytest.raises(FormulaError, match="valeur manquante pour b"):
        rate.evaluate({"a": 1})
    with pytest.raises(FormulaError, match="valeur non finie pour a"):
        rate.evaluate({"a": math.nan, "b": 1})
    with pytest.raises(FormulaError, match="hors des nombres représentables"):
        Formula.parse("a * b").evaluate({"a": 1e308, "b": 10})


def test_python_names_are_only_names() -> None:
    # "exec" or "open" is read from the values given, like any counter: nothing is run.
    formula = Formula.parse("exec + open")
    assert formula.names == {"exec", "open"}
    assert formula.evaluate({"exec": 2, "open": 3}) == 5


_words = st.one_of(
    st.sampled_from([*keyword.kwlist, *keyword.softkwlist]),
    st.from_regex(r"[a-zA-Z_][a-zA-Z0-9_]{0,12}", fullmatch=True),
)


@given(_words)
def test_a_lone_name_reads_as_the_parser_reads_it(word: str) -> None:
    # A lone name skips the parser; in parentheses it goes through it: same answer.
    try:
        alone = Formula.parse(word)
    except FormulaError:
        with pytest.raises(FormulaError):
            Formula.parse(f"({word})")
        return
    through = Formula.parse(f"({word})")
    assert (alone.names, str(alone)) == (through.names, str(through)) == ({word}, word)
    assert alone.evaluate({word: 7}) == through.evaluate({word: 7}) == 7


def test_keywords_are_not_names() -> None:
    for word in ("if", "lambda", "not", "yield"):
        with pytest.raises(FormulaError, match="illisible"):
            Formula.parse(word)


def test_extra_values_are_ignored() -> None:
    assert Formula.parse("a + 1").evaluate({"a": 1, "unused": 5}) == 2


# Counters are zero or of sensible magnitude: with numbers like 1e-191, products
# underflow to zero or not depending on how the operations are grouped, which
# normalizing a formula's text may change.
finite = st.one_of(
    st.just(0.0),
    st.floats(min_value=1e-6, max_value=1e6),
    st.floats(min_value=-1e6, max_value=-1e-6),
)


@given(finite, finite, finite)
def test_evaluation_agrees_with_arithmetic(a: float, b: float, c: float) -> None:
    values = {"a": a, "b": b, "c": c}
    assert Formula.parse("a + b * c").evaluate(values) == a + b * c
    assert Formula.parse("(a - b) * -c").evaluate(values) == (a - b) * -c
    quotient = Formula.parse("a / (b - c)").evaluate(values)
    assert quotient == (None if b - c == 0 else a / (b - c))


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 3 or draw(st.booleans()):
        return draw(st.sampled_from(["a", "b", "c", "2", "0.5", "10"]))
    left, right = draw(expressions(depth + 1)), draw(expressions(depth + 1))
    return f"({left} {draw(st.sampled_from('+-*/'))} {right})"


@given(expressions(), finite, finite, finite)
def test_normalized_text_keeps_the_value(text: str, a: float, b: float, c: float) -> None:
    values = {"a": a, "b": b, "c": c}
    original = Formula.parse(text)
    normalized = Formula.parse(str(original))
    assert normalized.names == original.names
    try:
        first = original.evaluate(values)
    except FormulaError:  # an overflow (dividing by a tiny number) must overflow both ways
        with pytest.raises(FormulaError, match="hors des nombres représentables"):
            normalized.evaluate(values)
        return
    second = normalized.evaluate(values)
    if first is None:
        assert second is None
    else:
        assert second == pytest.approx(first, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("failure", [RecursionError, MemoryError, ValueError])
def test_parser_failures_become_formula_errors(
    monkeypatch: pytest.MonkeyPatch, failure: type[Exception]
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise failure

    monkeypatch.setattr(ast, "parse", broken)
    with pytest.raises(FormulaError, match="trop imbriquée ou caractères invalides"):
        Formula.parse(f"x_{failure.__name__.lower()} + 1")  # a new text: parsing is cached


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("a / b", ("a", "b", 1)),
        ("(a - b) / a", ("a - b", "a", 1)),
        ("1000 * f / d", ("f", "d", 1000)),
        ("f * 1000 / d", ("f", "d", 1000)),
        ("a * b / c", ("a * b", "c", 1)),
        ("(a + b) / (c + d)", ("a + b", "c + d", 1)),
    ],
)
def test_ratios(text: str, parts: tuple[str, str, float]) -> None:
    ratio = Formula.parse(text).as_ratio()
    assert ratio is not None
    assert (str(ratio[0]), str(ratio[1]), ratio[2]) == parts


@pytest.mark.parametrize("text", ["a", "a - b", "2 * (a / b)", "a / b + 1"])
def test_not_ratios(text: str) -> None:
    assert Formula.parse(text).as_ratio() is None
