"""Answer grids: satisfaction surveys and mystery calls, tallied question by question.

A survey has one row per respondent and one column per question, each answer on a
scale (très satisfait … pas du tout satisfait, sans avis); a mystery grid has one row
per call or visit and one column per criterion (oui, non, sans objet). Both are tallied
the same way, per question:

- the **respondents** are the answers with an opinion (« sans avis », « sans objet » and
  empty cells are not: a criterion counts over the calls where it applied);
- the **rate** is the satisfied (or « oui ») answers ÷ the respondents, « sans objet »
  (``None``) when there are none; its 95 % Wilson interval goes with it, and under
  :data:`~qualepref.survey_statistics.SMALL_SAMPLE` respondents it is « peu significatif »;
- against last year's grid, the change and whether it exceeds chance (two-proportion test).

Pure functions: no file, no clock. :mod:`qualepref.grid_files` reads the grids.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import attrs

from qualepref.survey_statistics import (
    SMALL_SAMPLE,
    Interval,
    ProportionChange,
    compare_proportions,
    wilson_interval,
)
from qualepref.words import normalize

__all__ = [
    "GridQuestion",
    "QuestionTally",
    "Scale",
    "overall_tally",
    "tally_question",
]


@attrs.frozen
class Scale:
    """A scale of answers: its levels with the words written for them.

    Examples:
        >>> yes_no = Scale("oui_non", {"oui": ("oui", "o"), "non": ("non",),
        ...                "sans_objet": ("so",)}, frozenset({"oui"}), frozenset({"sans_objet"}))
        >>> yes_no.level_of("O"), yes_no.level_of("S.O."), yes_no.level_of("peut-être")
        ('oui', None, None)
        >>> yes_no.level_of("SO")
        'sans_objet'
    """

    id: str
    levels: Mapping[str, tuple[str, ...]]
    """Each level's id, with the words that name it."""
    satisfied: frozenset[str]
    """The levels that count as satisfied (or « oui ») by default."""
    no_opinion: frozenset[str]
    """The levels that are no opinion: not counted among the respondents."""
    label: str = ""
    """The levels in words, for messages."""

    @functools.cached_property
    def _words(self) -> dict[str, str]:
        return {
            normalize(word): level
            for level, words in self.levels.items()
            for word in (level, *words)
        }

    def level_of(self, text: str) -> str | None:
        """The level a cell names, or ``None`` when no level has that word.

        Examples:
            >>> scale = Scale("s", {"satisfait": ("plutôt satisfait",)}, frozenset(), frozenset())
            >>> scale.level_of("Plutôt  SATISFAIT"), scale.level_of("satisfait")
            ('satisfait', 'satisfait')
        """
        return self._words.get(normalize(text))


@attrs.frozen
class GridQuestion:
    """One question of a survey, or one criterion of a mystery grid.

    Examples:
        >>> scale = Scale("oui_non", {"oui": (), "non": ()}, frozenset({"oui"}), frozenset())
        >>> GridQuestion("sonneries", "Prise en charge en moins de 5 sonneries", scale).satisfied
        frozenset({'oui'})
    """

    id: str
    """The question's id (``courtoisie``)."""
    column: str
    """The column that holds its answers, as the grid names it."""
    scale: Scale
    label: str = ""
    """How reports name it (the column's name when empty)."""
    satisfied_levels: frozenset[str] | None = None
    """The levels that count as satisfied, when not the scale's."""
    indicator: str | None = None
    """The indicator its tally feeds (a rate: satisfied ÷ respondents), if any."""

    @property
    def satisfied(self) -> frozenset[str]:
        """The levels that count as satisfied for this question."""
        return self.satisfied_levels if self.satisfied_levels is not None else self.scale.satisfied

    @property
    def name(self) -> str:
        """How reports name it."""
        return self.label or self.column


@attrs.frozen
class QuestionTally:
    """A question's answers counted: satisfied, others, no opinion, empty, unreadable.

    Examples:
        >>> scale = Scale("s", {}, frozenset(), frozenset())
        >>> tally = QuestionTally(GridQuestion("c", "Courtoisie", scale), 44, 7, 1, 0, 0)
        >>> tally.respondents, round(tally.rate, 3), tally.small
        (51, 0.863, False)
        >>> round(tally.interval.low, 3), round(tally.interval.high, 3)
        (0.743, 0.932)
    """

    question: GridQuestion
    satisfied: int
    """Answers in a satisfied (or « oui ») level."""
    others: int
    """Answers with an opinion, not satisfied."""
    no_opinion: int
    """« sans avis », « sans objet »: not among the respondents."""
    unanswered: int
    """Empty cells."""
    unreadable: int
    """Cells that name no level (each reported with its place)."""
    change: ProportionChange | None = None
    """Against last year's grid, when one is given and both have respondents."""
    previous: QuestionTally | None = None
    """Last year's tally of the same question, when given."""

    @property
    def respondents(self) -> int:
        """Answers with an opinion: the rate's denominator."""
        return self.satisfied + self.others

    @property
    def rate(self) -> float | None:
        """Satisfied ÷ respondents; ``None`` (sans objet) without respondents."""
        return self.satisfied / self.respondents if self.respondents else None

    @property
    def interval(self) -> Interval | None:
        """The rate's 95 % Wilson interval; ``None`` without respondents."""
        return wilson_interval(self.satisfied, self.respondents)

    @property
    def small(self) -> bool:
        """Fewer respondents than :data:`SMALL_SAMPLE`: « peu significatif »."""
        return self.respondents < SMALL_SAMPLE


def tally_question(
    question: GridQuestion,
    levels: Iterable[str | None],
    *,
    unreadable: int = 0,
    previous: QuestionTally | None = None,
) -> QuestionTally:
    """Count ``levels`` (one per row; ``None`` for an empty cell) for ``question``.

    Examples:
        >>> scale = Scale("oui_non", {"oui": (), "non": (), "sans_objet": ()},
        ...               frozenset({"oui"}), frozenset({"sans_objet"}))
        >>> question = GridQuestion("bureau", "Identification du bureau", scale)
        >>> calls = ["oui"] * 9 + ["non"] * 3 + ["sans_objet"] * 5
        >>> tally = tally_question(question, calls)
        >>> tally.respondents, tally.rate
        (12, 0.75)
    """
    counts = {"satisfied": 0, "others": 0, "no_opinion": 0, "unanswered": 0}
    satisfied, none = question.satisfied, question.scale.no_opinion
    for level in levels:
        if level is None:
            counts["unanswered"] += 1
        elif level in none:
            counts["no_opinion"] += 1
        elif level in satisfied:
            counts["satisfied"] += 1
        else:
            counts["others"] += 1
    change = None
    if previous is not None:
        change = compare_proportions(
            previous.satisfied,
            previous.respondents,
            counts["satisfied"],
            counts["satisfied"] + counts["others"],
        )
    return QuestionTally(
        question, **counts, unreadable=unreadable, change=change, previous=previous
    )


def overall_tally(tallies: Iterable[QuestionTally], question: GridQuestion) -> QuestionTally:
    """Every question's answers pooled: a grid's overall score (``question`` names it).

    The overall rate is all the satisfied answers over all the answers with an opinion,
    each criterion weighing by the calls where it applied (not a mean of rates).

    Examples:
        >>> scale = Scale("s", {}, frozenset(), frozenset())
        >>> a = QuestionTally(GridQuestion("a", "A", scale), 17, 0, 0, 0, 0)
        >>> b = QuestionTally(GridQuestion("b", "B", scale), 9, 3, 5, 0, 0)
        >>> total = overall_tally([a, b], GridQuestion("ensemble", "Ensemble", scale))
        >>> total.satisfied, total.respondents, round(total.rate, 3)
        (26, 29, 0.897)
    """
    tallies = tuple(tallies)
    return QuestionTally(
        question,
        satisfied=sum(t.satisfied for t in tallies),
        others=sum(t.others for t in tallies),
        no_opinion=sum(t.no_opinion for t in tallies),
        unanswered=sum(t.unanswered for t in tallies),
        unreadable=sum(t.unreadable for t in tallies),
    )
