"""Indicator formulas: arithmetic over named counters, parsed safely and evaluated purely.

A formula is text such as ``"courriels_dans_le_delai / courriels_recus"`` or
``"1000 * fraudes_averees / dossiers_traites"``. The grammar is deliberately tiny:
numbers, names (``[a-z][a-z0-9_]*``), ``+ - * /`` (also written ``− × ÷``), unary
minus and parentheses. Python's :mod:`ast` parses the text, then an allow-list walk
turns the tree into this module's own nodes; anything else (a call, an attribute, a
subscript, a comparison, a power, a string…) is refused with a message naming it.
Nothing from a file is ever passed to ``eval`` or ``exec``: evaluation walks our own
nodes.

A division by zero yields ``None`` ("sans objet": there was nothing to measure), never
an exception, an infinity or a NaN.
"""

from __future__ import annotations

import ast
import functools
import keyword
import math
import operator
import re
from collections.abc import Callable, Mapping

import attrs

from qualepref.errors import QualeprefError

__all__ = ["Formula", "FormulaError"]

MAX_LENGTH = 1_000
"""Longest formula accepted, in characters."""
MAX_DEPTH = 50
"""Deepest nesting accepted (parentheses and operators)."""
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
"""What a counter or indicator id looks like."""

# What French users type for the operators: ×, ÷ and the typographic minus signs.
_SYMBOLS = str.maketrans({"×": "*", "÷": "/", "−": "-", "–": "-"})


class FormulaError(QualeprefError):
    """A formula that is not a pure arithmetic expression over names and numbers.

    Attributes:
        formula: the text refused.
        column: 1-based column of the faulty part, when known.
    """

    def __init__(self, message: str, formula: str, column: int | None = None) -> None:
        super().__init__(message)
        self.formula = formula
        self.column = column


@attrs.frozen
class _Number:
    value: float


@attrs.frozen
class _Name:
    name: str


@attrs.frozen
class _Negate:
    operand: _Node


@attrs.frozen
class _Binary:
    symbol: str
    left: _Node
    right: _Node


_Node = _Number | _Name | _Negate | _Binary

_OPERATORS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
}
_APPLY: dict[str, Callable[[float, float], float]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
}
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}

# What a refused construct is called in a message, by ast node type.
_REFUSED: dict[type[ast.AST], str] = {
    ast.Call: "un appel de fonction",
    ast.Attribute: "un accès à un attribut (« . »)",
    ast.Subscript: "un indice (« [...] »)",
    ast.Compare: "une comparaison",
    ast.BoolOp: "un opérateur logique (and, or)",
    ast.IfExp: "une expression conditionnelle (if/else)",
    ast.Lambda: "une fonction lambda",
    ast.NamedExpr: "une affectation (« := »)",
    ast.List: "une liste",
    ast.Tuple: "un tuple ou une virgule",
    ast.Set: "un ensemble",
    ast.Dict: "un dictionnaire",
    ast.ListComp: "une compréhension",
    ast.SetComp: "une compréhension",
    ast.DictComp: "une compréhension",
    ast.GeneratorExp: "une compréhension",
    ast.JoinedStr: "une f-chaîne",
    ast.Starred: "une étoile (« * » devant un nom)",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: "une tranche",
}


@attrs.frozen(repr=False)
class Formula:
    """A parsed formula: the names it reads and a pure function of their values.

    Build one with :meth:`parse`. Values are ``float``; a division by zero anywhere
    makes the result ``None`` (sans objet).

    Examples:
        >>> rate = Formula.parse("courriels_dans_le_delai / courriels_recus")
        >>> sorted(rate.names)
        ['courriels_dans_le_delai', 'courriels_recus']
        >>> round(rate.evaluate({"courriels_dans_le_delai": 719, "courriels_recus": 786}), 4)
        0.9148
        >>> rate.evaluate({"courriels_dans_le_delai": 0, "courriels_recus": 0}) is None
        True
    """

    text: str
    """The formula as written."""
    names: frozenset[str]
    """Every counter or indicator id the formula reads."""
    _tree: _Node

    @classmethod
    def parse(cls, text: str) -> Formula:
        """Parse ``text``; refuse anything but arithmetic over names and numbers.

        Raises:
            FormulaError: the text is empty, too long, not valid, or uses a construct
                outside the grammar; the message names it.

        Examples:
            >>> Formula.parse("(appels_recus − appels_perdus) ÷ appels_recus").names == {
            ...     "appels_recus", "appels_perdus"}
            True
            >>> Formula.parse("__import__('os').system('ls')")
            Traceback (most recent call last):
            ...
            qualepref.formulas.FormulaError: formule refusée : un appel de fonction ...
        """
        return _parse(text)

    def evaluate(self, values: Mapping[str, float]) -> float | None:
        """The formula's value for ``values``; ``None`` when it divides by zero.

        Raises:
            FormulaError: a name the formula reads is missing from ``values``.

        Examples:
            >>> fraud = Formula.parse("1000 * fraudes / dossiers")
            >>> fraud.evaluate({"fraudes": 5, "dossiers": 11_400})
            0.43859649122807015
        """
        missing = self.names - values.keys()
        if missing:
            msg = f"formule « {self.text} » : valeur manquante pour {', '.join(sorted(missing))}"
            raise FormulaError(msg, self.text)
        for name in self.names:
            if not math.isfinite(values[name]):
                msg = f"formule « {self.text} » : valeur non finie pour {name} : {values[name]!r}"
                raise FormulaError(msg, self.text)
        result = _evaluate(self._tree, values)
        if result is not None and not math.isfinite(result):
            msg = f"formule « {self.text} » : résultat hors des nombres représentables"
            raise FormulaError(msg, self.text)
        return result

    def as_ratio(self) -> tuple[Formula, Formula, float] | None:
        """``(numerator, denominator, factor)`` when the formula is ``factor × N / D``.

        This is what makes a formula's components: the numerator and denominator of a
        rate, the total and count of a mean. ``None`` for a formula of another shape.

        Examples:
            >>> parts = Formula.parse("1000 * fraudes / dossiers").as_ratio()
            >>> [str(parts[0]), str(parts[1]), parts[2]]
            ['fraudes', 'dossiers', 1000]
            >>> Formula.parse("a - b").as_ratio() is None
            True
        """
        tree = self._tree
        if not isinstance(tree, _Binary) or tree.symbol != "/":
            return None
        numerator: _Node = tree.left
        factor = 1.0
        if isinstance(numerator, _Binary) and numerator.symbol == "*":
            first, second = numerator.left, numerator.right
            if isinstance(first, _Number):
                numerator, factor = second, first.value
            elif isinstance(second, _Number):
                numerator, factor = first, second.value
        return _formula_of(numerator), _formula_of(tree.right), factor

    def __str__(self) -> str:
        return _show(self._tree, 0)

    def __repr__(self) -> str:
        return f"Formula.parse({self.text!r})"


@functools.lru_cache(maxsize=1024)
def _parse(text: object) -> Formula:
    if not isinstance(text, str):
        msg = f"une formule s'écrit comme un texte, pas {type(text).__name__}"
        raise TypeError(msg)
    source = text.translate(_SYMBOLS).strip()
    if not source:
        raise FormulaError("formule vide : écrivez un calcul, par exemple « a / b »", text)
    if len(source) > MAX_LENGTH:
        msg = f"formule trop longue ({len(source)} caractères, au plus {MAX_LENGTH})"
        raise FormulaError(msg, text)
    if NAME_PATTERN.fullmatch(source) and not keyword.iskeyword(source):
        # one counter's name, the commonest formula: what the parser would give, without it
        return Formula(text, frozenset((source,)), _Name(source))
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        column = error.offset
        where = f" (colonne {column})" if column else ""
        msg = f"formule illisible{where} : vérifiez les parenthèses et les opérateurs"
        raise FormulaError(msg, text, column) from None
    except (RecursionError, MemoryError, ValueError):
        msg = "formule illisible : trop imbriquée ou caractères invalides"
        raise FormulaError(msg, text) from None
    node = _convert(tree.body, text, source.encode(), depth=0)
    return Formula(text, frozenset(_names(node)), node)


def _convert(node: ast.AST, text: str, encoded: bytes, depth: int) -> _Node:
    """Our node for ``node``, or a FormulaError naming what is refused; one branch per kind."""
    if depth > MAX_DEPTH:
        msg = f"formule trop imbriquée (plus de {MAX_DEPTH} niveaux)"
        raise FormulaError(msg, text)
    # ast gives UTF-8 byte offsets; a column is counted in characters.
    column = len(encoded[: getattr(node, "col_offset", 0)].decode(errors="ignore")) + 1
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _Binary(
            _OPERATORS[type(node.op)],
            _convert(node.left, text, encoded, depth + 1),
            _convert(node.right, text, encoded, depth + 1),
        )
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _convert(node.operand, text, encoded, depth + 1)
        return _Negate(operand) if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Name):
        if not NAME_PATTERN.fullmatch(node.id):
            msg = (
                f"formule refusée : nom invalide « {node.id} » (colonne {column}) ; un compteur "
                "s'écrit en minuscules, chiffres et « _ », en commençant par une lettre"
            )
            raise FormulaError(msg, text, column)
        return _Name(node.id)
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            return _Number(value)
        msg = (
            f"formule refusée : constante {value!r} (colonne {column}) ; "
            "seuls les nombres sont permis"
        )
        raise FormulaError(msg, text, column)
    if isinstance(node, ast.BinOp):
        what = _OPERATOR_NAMES.get(type(node.op), f"l'opérateur {type(node.op).__name__}")
        # point at the operator itself: the first character after the left operand
        after = encoded[node.left.end_col_offset or 0 :].decode(errors="ignore")
        column += len(after) - len(after.lstrip(" )")) + _width(encoded, node)
    elif isinstance(node, ast.UnaryOp):
        what = _UNARY_NAMES.get(type(node.op), f"l'opérateur {type(node.op).__name__}")
    else:
        what = _REFUSED.get(type(node), f"la construction {type(node).__name__}")
    msg = (
        f"formule refusée : {what} (colonne {column}) ; seuls les nombres, les noms, "
        "+ - * / et les parenthèses sont permis"
    )
    raise FormulaError(msg, text, column)


_OPERATOR_NAMES: dict[type[ast.operator], str] = {
    ast.Pow: "la puissance (« ** »)",
    ast.Mod: "le modulo (« % »)",
    ast.FloorDiv: "la division entière (« // »)",
    ast.MatMult: "l'opérateur « @ »",
    ast.LShift: "le décalage (« << »)",
    ast.RShift: "le décalage (« >> »)",
    ast.BitAnd: "l'opérateur « & »",
    ast.BitOr: "l'opérateur « | »",
    ast.BitXor: "l'opérateur « ^ »",
}
_UNARY_NAMES: dict[type[ast.unaryop], str] = {
    ast.Not: "l'opérateur « not »",
    ast.Invert: "l'opérateur « ~ »",
}


def _width(encoded: bytes, node: ast.BinOp) -> int:
    """Characters from the start of ``node`` to the end of its left operand."""
    start, end = node.col_offset, node.left.end_col_offset or node.col_offset
    return len(encoded[start:end].decode(errors="ignore"))


def _formula_of(node: _Node) -> Formula:
    return Formula(_show(node, 0), frozenset(_names(node)), node)


def _names(node: _Node) -> set[str]:
    if isinstance(node, _Name):
        return {node.name}
    if isinstance(node, _Negate):
        return _names(node.operand)
    if isinstance(node, _Binary):
        return _names(node.left) | _names(node.right)
    return set()


def _evaluate(node: _Node, values: Mapping[str, float]) -> float | None:
    if isinstance(node, _Number):
        return node.value
    if isinstance(node, _Name):
        return values[node.name]
    if isinstance(node, _Negate):
        operand = _evaluate(node.operand, values)
        return None if operand is None else -operand
    left = _evaluate(node.left, values)
    right = _evaluate(node.right, values)
    if left is None or right is None:
        return None
    if node.symbol == "/":
        return None if right == 0 else left / right
    return _APPLY[node.symbol](left, right)


def _show(node: _Node, parent: int) -> str:
    """Normalized text: single spaces around operators, only the parentheses needed."""
    if isinstance(node, _Number):
        return f"{node.value:g}"
    if isinstance(node, _Name):
        return node.name
    if isinstance(node, _Negate):
        return f"-{_show(node.operand, 3)}"
    precedence = _PRECEDENCE[node.symbol]
    # the right operand of - and / needs parentheses at equal precedence
    right_floor = precedence + (1 if node.symbol in "-/" else 0)
    text = f"{_show(node.left, precedence)} {node.symbol} {_show(node.right, right_floor)}"
    return f"({text})" if precedence < parent else text
