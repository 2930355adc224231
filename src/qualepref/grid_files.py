"""Survey answers and mystery grids in: one row per respondent (or call), tallied by question.

A survey's answers as a tool exports them (Sphinx, LimeSurvey, Forms) or as typed from
paper, or a mystery calls grid: a CSV file or a workbook, one row per respondent or
call, one column per question declared under ``[[survey.question]]`` or
``[[mystery.criterion]]`` (the other columns, date or caller, are kept but not read).
The header row is the one holding the first question's column; every declared column
must be there.

Each cell is a level of the question's scale, or empty (no answer). A cell that names
no level is reported with its row, its column and the levels expected, and counted as
unreadable: the row's other answers still count. Nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

import attrs

from qualepref.answer_grids import GridQuestion, QuestionTally, tally_question
from qualepref.errors import QualeprefError
from qualepref.evaluation import Observation
from qualepref.periods import Period
from qualepref.referentiel.container import Definitions, NotInReferentielError
from qualepref.referentiel.grid_settings import GridSettings
from qualepref.register_files import RejectedRow, Row, read_register, register_layout

__all__ = ["GridFileError", "GridRegister", "grid_observations", "read_grid"]

GridKind = Literal["survey", "mystery"]
_WORDS: Mapping[str, tuple[str, str]] = {
    "survey": ("[[survey.question]]", "des réponses"),
    "mystery": ("[[mystery.criterion]]", "des appels ou visites"),
}


class GridFileError(QualeprefError):
    """A grid that cannot be read at all: no question declared, a column missing, a file."""


@attrs.frozen
class GridRegister:
    r"""A grid as read: each row's levels by question, and the unreadable answers.

    Examples:
        >>> import tempfile, pathlib
        >>> from qualepref.referentiel.grid_settings import default_grid
        >>> grid = default_grid("oui_non").merged({"questions": [
        ...     {"column": "Moins de 5 sonneries", "id": "sonneries"}]})
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "appels.csv"
        >>> _ = path.write_text("Appel;Moins de 5 sonneries\n1;oui\n2;non\n3;peut-être\n",
        ...                     encoding="utf-8")
        >>> register = read_grid(path, grid, kind="mystery")
        >>> tally = register.tallies()[0]
        >>> tally.satisfied, tally.others, tally.unreadable, register.rejects[0].reason
        (1, 1, 1, 'réponse illisible « peut-être » : oui, non, sans_objet')
    """

    path: Path
    header: tuple[str, ...]
    questions: tuple[GridQuestion, ...]
    answers: tuple[Mapping[str, str | None], ...]
    """Each row's level by question id (``None`` for an empty cell or an unreadable one)."""
    unreadable: tuple[frozenset[str], ...]
    """Each row's questions whose cell named no level."""
    rejects: tuple[RejectedRow, ...]
    """The unreadable answers, each with its row and column (the row's others count)."""
    notes: tuple[str, ...]
    blank_rows: int = 0
    summary_rows: int = 0

    def tallies(self, previous: GridRegister | None = None) -> tuple[QuestionTally, ...]:
        """Each question's tally, against ``previous`` (last year's grid) when given.

        A question of this grid missing from ``previous`` has no change.

        Examples:
            >>> from qualepref import load_definitions
            >>> defs = load_definitions("examples/clu-mars-2022/definitions.toml")
            >>> grid = read_grid("examples/clu-mars-2022/enquete-2021.xlsx", defs.survey,
            ...                  kind="survey")
            >>> first = grid.tallies(previous=grid)[0]
            >>> first.question.id, first.satisfied, first.respondents, first.change.difference
            ('courtoisie', 44, 51, 0.0)
        """
        before = {t.question.id: t for t in previous.tallies()} if previous is not None else {}
        return tuple(
            tally_question(
                question,
                (
                    levels[question.id]
                    for levels, bad in zip(self.answers, self.unreadable, strict=True)
                    if question.id not in bad
                ),
                unreadable=sum(question.id in bad for bad in self.unreadable),
                previous=before.get(question.id),
            )
            for question in self.questions
        )


def read_grid(
    path: str | Path,
    grid: GridSettings,
    *,
    kind: GridKind,
    sheet: str | Sequence[str] | None = None,
) -> GridRegister:
    """Read a survey's answers or a mystery grid, by the questions of ``grid``.

    Raises:
        GridFileError: no question declared, a question's column missing, no header
            row, or the file unreadable.
        OSError: the file cannot be opened.

    Examples:
        >>> from qualepref import load_definitions
        >>> defs = load_definitions("examples/clu-mars-2022/definitions.toml")
        >>> calls = read_grid("examples/clu-mars-2022/appels-mysteres-2022.xlsx", defs.mystery,
        ...                   kind="mystery")
        >>> len(calls.answers), calls.answers[0]["sonneries"] in {"oui", "non"}
        (17, True)
    """
    where, records = _WORDS[kind]
    if not grid.questions:
        msg = (
            f"aucune question déclarée : décrivez chaque colonne lue sous {where} dans le "
            "fichier de définitions (voir docs/enquetes.md)"
        )
        raise GridFileError(msg)
    columns = {q.id: q.column for q in grid.questions}
    layout = register_layout(
        columns, grid.questions[0].id, settings=where, records=records, error=GridFileError
    )

    def read_row(row: Row) -> tuple[dict[str, str | None], frozenset[str]]:
        levels: dict[str, str | None] = {}
        bad = set()
        for question in grid.questions:
            cell = row.cell(question.id)
            level = None if cell is None else question.scale.level_of(_text(cell))
            if cell is not None and level is None:
                bad.add(question.id)
            levels[question.id] = level
        return levels, frozenset(bad)

    register = read_register(path, layout, columns, list(columns), read_row, sheet=sheet)
    rejects = []
    for (_levels, bad), row in zip(register.records, register.rows, strict=True):
        for question in grid.questions:
            if question.id in bad:
                reason = (
                    f"réponse illisible « {_text(row.cell(question.id))} » : "
                    f"{', '.join(question.scale.levels)}"
                )
                rejects.append(RejectedRow(row.where, question.column, reason, tuple(row.cells)))
    return GridRegister(
        path=register.path,
        header=register.header,
        questions=grid.questions,
        answers=tuple(levels for levels, _ in register.records),
        unreadable=tuple(bad for _, bad in register.records),
        rejects=tuple(rejects),
        notes=register.notes,
        blank_rows=register.blank_rows,
        summary_rows=register.summary_rows,
    )


def _text(cell: object) -> str:
    return str(cell).strip()  # a workbook's whole numbers are ints already (table_files)


def grid_observations(
    tallies: Sequence[QuestionTally], definitions: Definitions, period: Period
) -> list[Observation]:
    r"""The counters of the indicators the questions feed, pooled by indicator.

    Each indicator must be a rate read as satisfied ÷ respondents (its formula ``a / b``):
    its numerator gets the satisfied answers, its denominator the respondents, summed
    over the questions that feed it.

    Raises:
        QualeprefError: an indicator unknown to the definitions, or not such a rate.

    Examples:
        >>> from qualepref import Year, parse_definitions
        >>> from qualepref.answer_grids import Scale
        >>> scale = Scale("s", {}, frozenset(), frozenset())
        >>> question = GridQuestion("standard", "Standard", scale,
        ...                         indicator="satisfaction_accueil_telephonique")
        >>> defs = parse_definitions("[perimeter]\nmodules = [1]")
        >>> tally = QuestionTally(question, 23, 5, 2, 0, 0)
        >>> rows = grid_observations([tally], defs, Year(2021))
        >>> [o.value for o in rows], rows[0].component
        ([23, 28], 'satisfaction_accueil_telephonique_satisfaits')
    """
    pooled: dict[str, list[int]] = {}
    for tally in tallies:
        indicator = tally.question.indicator
        if indicator is None:
            continue
        counts = pooled.setdefault(indicator, [0, 0])
        counts[0] += tally.satisfied
        counts[1] += tally.respondents
    observations = []
    for indicator_id, (satisfied, respondents) in pooled.items():
        try:
            numerator, denominator = definitions.rate_counters(indicator_id)
        except NotInReferentielError as error:
            raise QualeprefError(f"{error} ; corrigez « indicator » de la question") from None
        observations += [
            Observation(indicator_id, period, numerator, satisfied),
            Observation(indicator_id, period, denominator, respondents),
        ]
    return observations
