"""Survey and mystery-grid results out: text, Markdown for the bilan, CSV.

One row per question: respondents (answers with an opinion), satisfied, the rate and its
95 % interval, the answers without opinion, « peu significatif » under the documented
sample size, and with last year's grid its rate and the change, « significatif » or not.
Then the pooled score, for a mystery grid. Figures the French way; a question without
respondents is « sans objet ».
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from qualepref.answer_grids import QuestionTally
from qualepref.french_numbers import NOT_APPLICABLE, format_number, format_percent
from qualepref.spreadsheet_text import inert, markdown_cell
from qualepref.survey_statistics import SMALL_SAMPLE

__all__ = ["MYSTERY_WORDS", "SURVEY_WORDS", "grid_csv", "grid_markdown", "grid_text"]

SURVEY_WORDS = ("Question", "Répondants", "Satisfaits", "Sans avis")
"""A survey's column headers: the question, those with an opinion, satisfied, no opinion."""
MYSTERY_WORDS = ("Critère", "Appels", "Oui", "Sans objet")
"""A mystery grid's: the criterion, the calls where it applied, « oui », « sans objet »."""

SMALL = "peu significatif"
"""The mark of a rate over fewer than SMALL_SAMPLE respondents."""


def _interval(tally: QuestionTally) -> str:
    interval = tally.interval
    if interval is None:
        return NOT_APPLICABLE
    return f"{format_percent(interval.low, 1)} – {format_percent(interval.high, 1)}"


def _change(tally: QuestionTally) -> str:
    change = tally.change
    if change is None:
        return ""
    points = format_number(change.difference * 100, 1)
    sign = "+" if change.difference > 0 else ""
    verdict = "significatif" if change.significant else "non significatif"
    return f"{sign}{points} pts ({verdict})"


def _cells(tally: QuestionTally, *, previous: bool) -> list[str]:
    cells = [
        tally.question.name,
        str(tally.respondents),
        str(tally.satisfied),
        format_percent(tally.rate, 1),
        _interval(tally),
        str(tally.no_opinion),
        SMALL if tally.small and tally.respondents else "",
    ]
    if previous:
        before = tally.previous
        cells += [format_percent(before.rate, 1) if before else "", _change(tally)]
    return cells


def _headers(words: Sequence[str], *, previous: bool) -> list[str]:
    first, counted, satisfied, none = words
    headers = [first, counted, satisfied, "Taux", "Intervalle à 95 %", none, ""]
    return [*headers, "N-1", "Évolution"] if previous else headers


def _rows(
    tallies: Sequence[QuestionTally], overall: QuestionTally | None, *, previous: bool
) -> list[list[str]]:
    rows = [_cells(t, previous=previous) for t in tallies]
    if overall is not None:
        rows.append(_cells(overall, previous=False) + (["", ""] if previous else []))
    return rows


def grid_text(
    title: str,
    tallies: Sequence[QuestionTally],
    *,
    rows_read: int,
    overall: QuestionTally | None = None,
    words: Sequence[str] = SURVEY_WORDS,
) -> str:
    """The results as the terminal shows them (``words``: the column headers).

    Examples:
        >>> from qualepref.answer_grids import GridQuestion, Scale
        >>> scale = Scale("s", {}, frozenset(), frozenset())
        >>> tally = QuestionTally(GridQuestion("c", "Courtoisie", scale), 44, 7, 1, 0, 0)
        >>> print(grid_text("Enquête", [tally], rows_read=52).splitlines()[3])
        Courtoisie          51          44  86,3 %  74,3 % – 93,2 %          1
        >>> few = QuestionTally(GridQuestion("p", "Point numérique", scale), 3, 1, 0, 0, 0)
        >>> print(grid_text("Enquête", [few], rows_read=4).splitlines()[-1])
        peu significatif : moins de 30 répondants, le taux varie beaucoup
    """
    previous = any(t.previous is not None for t in tallies)
    rows = _rows(tallies, overall, previous=previous)
    header = _headers(words, previous=previous)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [f"{title} : {rows_read} ligne(s) lue(s)", ""]
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:6], widths[1:6], strict=True)]
        cells += [cell.ljust(width) for cell, width in zip(row[6:], widths[6:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    if any(t.small and t.respondents for t in tallies):
        lines += ["", f"{SMALL} : moins de {SMALL_SAMPLE} répondants, le taux varie beaucoup"]
    return "\n".join(lines) + "\n"


def grid_markdown(
    title: str,
    tallies: Sequence[QuestionTally],
    *,
    rows_read: int,
    overall: QuestionTally | None = None,
    words: Sequence[str] = SURVEY_WORDS,
) -> str:
    """The results in Markdown, for the bilan: HTML and table syntax escaped.

    Examples:
        >>> from qualepref.answer_grids import GridQuestion, Scale
        >>> scale = Scale("s", {}, frozenset(), frozenset())
        >>> tally = QuestionTally(GridQuestion("pan", "<b>PAN</b>", scale), 3, 1, 0, 0, 0)
        >>> "| &lt;b&gt;PAN&lt;/b&gt; | 4 | 3 | 75 % |" in grid_markdown("E", [tally], rows_read=4)
        True
        >>> large = QuestionTally(GridQuestion("a", "Accueil", scale), 40, 10, 0, 0, 0)
        >>> "peu significatif" in grid_markdown("E", [large], rows_read=50)
        False
    """
    previous = any(t.previous is not None for t in tallies)
    header = _headers(words, previous=previous)
    rows = _rows(tallies, overall, previous=previous)
    lines = [
        f"## {markdown_cell(title)}",
        "",
        f"{rows_read} ligne(s) lue(s).",
        "",
        "| " + " | ".join(header) + " |",
        "| --- | "
        + " | ".join("---:" for _ in header[1:6])
        + " | "
        + " | ".join("---" for _ in header[6:])
        + " |",
        *("| " + " | ".join(markdown_cell(cell) for cell in row) + " |" for row in rows),
    ]
    if any(t.small and t.respondents for t in tallies):
        lines += ["", f"*{SMALL}* : moins de {SMALL_SAMPLE} répondants."]
    return "\n".join(lines) + "\n"


def grid_csv(tallies: Sequence[QuestionTally], *, overall: QuestionTally | None = None) -> str:
    """The results as CSV (``;``): one row per question, rates as numbers (0 to 1).

    Examples:
        >>> from qualepref.answer_grids import GridQuestion, Scale
        >>> scale = Scale("s", {}, frozenset(), frozenset())
        >>> tally = QuestionTally(GridQuestion("c", "Courtoisie", scale), 44, 7, 1, 0, 0)
        >>> print(grid_csv([tally]).splitlines()[1])
        c;Courtoisie;51;44;0,8627;0,7428;0,9319;1;0;0;non;;;
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["question", "libelle", "repondants", "satisfaits", "taux", "intervalle_bas",
         "intervalle_haut", "sans_avis", "sans_reponse", "illisibles", "peu_significatif",
         "taux_n_1", "evolution", "evolution_significative"]
    )  # fmt: skip
    for tally in [*tallies, *([overall] if overall is not None else [])]:
        interval = tally.interval
        change = tally.change
        before = tally.previous
        writer.writerow(
            [
                inert(tally.question.id),
                inert(tally.question.name),
                tally.respondents,
                tally.satisfied,
                _decimal(tally.rate),
                _decimal(interval.low if interval else None),
                _decimal(interval.high if interval else None),
                tally.no_opinion,
                tally.unanswered,
                tally.unreadable,
                "oui" if tally.small and tally.respondents else "non",
                _decimal(before.rate if before else None),
                _decimal(change.difference if change else None),
                ("oui" if change.significant else "non") if change else "",
            ]
        )
    return buffer.getvalue()


def _decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}".replace(".", ",")
