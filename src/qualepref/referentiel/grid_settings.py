"""How ``qualepref enquete`` and ``qualepref mystere`` read their grids: questions, answers.

A definitions file declares a survey's questions under ``[[survey.question]]`` and a
mystery grid's criteria under ``[[mystery.criterion]]``: the column that holds the
answers, an id, the scale (``satisfaction`` or ``oui_non``), which levels count as
satisfied when not the scale's, and the indicator the tally feeds. The scales and their
words are shipped (``qualepref/data/answers.toml``); ``[survey.answers]`` and
``[mystery.answers]`` add words to a level.

Examples:
    >>> table = SurveyTable.model_validate({"question": [
    ...     {"column": "La courtoisie des agents", "id": "courtoisie",
    ...      "indicator": "satisfaction_courtoisie"}],
    ...     "answers": {"satisfaction": {"satisfait": ["content"]}}})
    >>> grid = default_grid("satisfaction").merged(table.overrides())
    >>> question = grid.questions[0]
    >>> question.scale.id, question.scale.level_of("Content"), sorted(question.satisfied)
    ('satisfaction', 'satisfait', ['satisfait', 'tres_satisfait'])
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from typing import Any

import attrs
import tomli
from pydantic import ConfigDict, Field

from qualepref.answer_grids import GridQuestion, Scale
from qualepref.referentiel.base import Id, TableModel, Text, Words, add_words
from qualepref.words import normalize

__all__ = [
    "GridSettings",
    "MysteryTable",
    "QuestionTable",
    "SurveyTable",
    "default_grid",
    "default_scales",
]


class QuestionTable(TableModel):
    """A question of a survey, or a criterion of a mystery grid, as a file declares it.

    Examples:
        >>> QuestionTable(column="Transfert d'appel", id="transfert").scale is None
        True
    """

    column: Text
    """The grid's column that holds its answers (compared without case or accents)."""
    id: Id
    """Its id, for reports and messages."""
    label: Text | None = None
    """How reports name it; the column's name otherwise."""
    scale: Id | None = None
    """``satisfaction`` or ``oui_non``; the grid's default otherwise."""
    satisfied: tuple[Id, ...] | None = None
    """The levels that count as satisfied, when not the scale's (``["tres_satisfait"]``)."""
    indicator: Id | None = None
    """The indicator its tally feeds: a rate read as satisfied ÷ respondents."""


class _GridTable(TableModel):
    answers: dict[Id, dict[Id, Words]] = Field(default_factory=dict)
    """Words added to a scale's levels: ``{ satisfaction = { satisfait = ["content"] } }``."""

    def overrides(self) -> dict[str, Any]:
        """What the table sets, to lay over the defaults (:meth:`GridSettings.merged`).

        Examples:
            >>> SurveyTable.model_validate({"question": [{"column": "Q1", "id": "q1"}]}
            ...                            ).overrides()["questions"][0]["id"]
            'q1'
        """
        return self.model_dump(exclude_unset=True)


class SurveyTable(_GridTable):
    """A ``[survey]`` table: the questions of a satisfaction survey.

    Examples:
        >>> SurveyTable.model_validate({"question": [{"column": "Q1", "id": "q1"}]}).questions[0].id
        'q1'
    """

    model_config = ConfigDict(populate_by_name=True, title="[survey]")

    questions: tuple[QuestionTable, ...] = Field(default=(), alias="question")
    """``[[survey.question]]``: each question read, with its column."""


class MysteryTable(_GridTable):
    """A ``[mystery]`` table: the criteria of a mystery calls (or visits) grid.

    Examples:
        >>> MysteryTable.model_validate({"criterion": [{"column": "SVI", "id": "svi"}]}
        ...                             ).questions[0].column
        'SVI'
    """

    model_config = ConfigDict(populate_by_name=True, title="[mystery]")

    questions: tuple[QuestionTable, ...] = Field(default=(), alias="criterion")
    """``[[mystery.criterion]]``: each criterion graded, with its column."""


@attrs.frozen
class GridSettings:
    """The scales and the questions of a grid, as ``qualepref enquete``/``mystere`` use them.

    Examples:
        >>> grid = default_grid("oui_non")
        >>> grid.default_scale, sorted(grid.scales), grid.questions
        ('oui_non', ['oui_non', 'satisfaction'], ())
    """

    default_scale: str
    scales: Mapping[str, Scale]
    questions: tuple[GridQuestion, ...] = ()

    def merged(self, overrides: Mapping[str, Any]) -> GridSettings:
        """These settings with a file's words added and its questions declared.

        Raises:
            ValueError: an unknown scale or level, or a column or id declared twice.

        Examples:
            >>> default_grid("oui_non").merged({"questions": [
            ...     {"column": "SVI", "id": "svi", "satisfied": ["peut_etre"]}]})
            Traceback (most recent call last):
            ...
            ValueError: question svi : niveau inconnu 'peut_etre' (oui, non, sans_objet)
        """
        scales = dict(self.scales)
        for scale_id, levels in overrides.get("answers", {}).items():
            scale = self._scale(scale_id, "[answers]")
            unknown = sorted(set(levels) - set(scale.levels))
            if unknown:
                msg = f"[answers.{scale_id}] : niveau inconnu {unknown[0]!r} ({_levels(scale)})"
                raise ValueError(msg)
            scales[scale_id] = attrs.evolve(
                scale, levels={k: tuple(v) for k, v in add_words(scale.levels, levels).items()}
            )
        grid = attrs.evolve(self, scales=scales)
        questions = []
        seen: dict[tuple[str, str], str] = {}
        for raw in overrides.get("questions", ()):
            table = QuestionTable.model_validate(raw)
            for key, what in ((table.id, "l'id"), (normalize(table.column), "la colonne")):
                if (what, key) in seen:
                    other = seen[what, key]
                    msg = f"question {table.id} : {what} {key!r} est déjà celle de {other}"
                    raise ValueError(msg)
                seen[what, key] = table.id
            scale = grid._scale(table.scale or self.default_scale, f"question {table.id}")
            satisfied = None
            if table.satisfied is not None:
                unknown = sorted(set(table.satisfied) - set(scale.levels))
                if unknown:
                    msg = f"question {table.id} : niveau inconnu {unknown[0]!r} ({_levels(scale)})"
                    raise ValueError(msg)
                satisfied = frozenset(table.satisfied)
            questions.append(
                GridQuestion(
                    table.id, table.column, scale, table.label or "", satisfied, table.indicator
                )
            )
        return attrs.evolve(grid, questions=tuple(questions))

    def _scale(self, scale_id: str, where: str) -> Scale:
        if scale_id not in self.scales:
            msg = f"{where} : échelle inconnue {scale_id!r} ({', '.join(self.scales)})"
            raise ValueError(msg)
        return self.scales[scale_id]


def _levels(scale: Scale) -> str:
    return ", ".join(scale.levels)


@functools.cache
def default_scales() -> dict[str, Scale]:
    """The shipped scales (``qualepref/data/answers.toml``), read once.

    Examples:
        >>> scales = default_scales()
        >>> scales["satisfaction"].level_of("Plutôt satisfait"), sorted(scales["oui_non"].satisfied)
        ('satisfait', ['oui'])
    """
    text = resources.files("qualepref").joinpath("data", "answers.toml").read_text("utf-8")
    raw = tomli.loads(text)["scales"]
    return {
        scale_id: Scale(
            scale_id,
            {level: tuple(words) for level, words in table["levels"].items()},
            frozenset(table["satisfied"]),
            frozenset(table["no_opinion"]),
            table["label"],
        )
        for scale_id, table in raw.items()
    }


def default_grid(scale: str) -> GridSettings:
    """The shipped scales, with no question yet; ``scale`` is the grid's default.

    Examples:
        >>> default_grid("satisfaction").default_scale
        'satisfaction'
    """
    return GridSettings(scale, default_scales())
