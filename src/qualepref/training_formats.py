"""The training report out: text for the terminal, Markdown for the bilan, CSV.

Counts only: agents concerned and to train within the year, by role (the table the Isère
publishes), the states, and the tutorats by service. No agent is named here; the
register written by ``qualepref formations -o`` is where each agent's due date is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from qualepref.french_dates import short_date
from qualepref.french_numbers import format_percent
from qualepref.spreadsheet_text import inert, markdown_cell
from qualepref.training import TrainingReport, TrainingState

__all__ = ["STATE_LABELS", "training_csv", "training_markdown", "training_text"]

STATE_LABELS = {
    TrainingState.UP_TO_DATE: "à jour",
    TrainingState.DUE: "à former dans l'année",
    TrainingState.OVERDUE: "en retard",
    TrainingState.TUTORED: "sous tutorat, en attente de formation",
}
"""Each state as the reports write it."""

_HEADERS = ("Agents concernés", "À former dans l'année", "Part")


def _rows(report: TrainingReport) -> list[list[str]]:
    return [
        [row.label, str(row.concerned), str(row.due), format_percent(row.share)]
        for row in (*report.rows, report.total)
    ]


def _columns(first: str, rows: Sequence[Sequence[str]]) -> list[str]:
    header = [first, *_HEADERS]
    widths = [max(len(cells[i]) for cells in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(
            [cells[0].ljust(widths[0])]
            + [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        ).rstrip()
        for cells in [header, *rows]
    ]


def training_text(report: TrainingReport, *, rejected: int = 0) -> str:
    """The report as the terminal shows it.

    Examples:
        >>> import datetime as dt
        >>> from qualepref.training import Assignment, TrainingRule, training_report
        >>> report = training_report(
        ...     [Assignment("A", "rq", started=dt.date(2021, 6, 1))], dt.date(2022, 1, 1),
        ...     TrainingRule(), labels={"rq": "Référent qualité"})
        >>> print(training_text(report).splitlines()[0])
        Formation des agents au 01/01/2022 : 1 affectation(s) (agent et rôle)
    """
    lines = [
        f"Formation des agents au {short_date(report.as_of)} : {report.total.concerned} "
        "affectation(s) (agent et rôle)",
        "",
        *_columns("Rôle", _rows(report)),
        "",
        "États :",
        *(f"  {STATE_LABELS[state]} : {count}" for state, count in report.states.items()),
        "",
        f"Tutorats engagés au {short_date(report.as_of)} : {sum(report.tutorats.values())}",
        *(
            f"  {service or 'service non renseigné'} : {n}"
            for service, n in report.tutorats.items()
        ),
    ]
    if rejected:
        lines += ["", f"Lignes rejetées (hors des tableaux) : {rejected}"]
    return "\n".join(lines) + "\n"


def training_markdown(report: TrainingReport, *, rejected: int = 0) -> str:
    """The report in Markdown, for the bilan annuel: HTML and table syntax escaped.

    Examples:
        >>> import datetime as dt
        >>> from qualepref.training import Assignment, TrainingRule, training_report
        >>> report = training_report(
        ...     [Assignment("A", "x", service="<b>", started=dt.date(2021, 6, 1),
        ...                 tutorat=dt.date(2021, 7, 1))],
        ...     dt.date(2022, 1, 1), TrainingRule(), labels={})
        >>> "| &lt;b&gt; | 1 |" in training_markdown(report)
        True
    """
    lines = [
        f"## Formation des agents au {short_date(report.as_of)}",
        "",
        "| Rôle | " + " | ".join(_HEADERS) + " |",
        "| --- | ---: | ---: | ---: |",
        *("| " + " | ".join(markdown_cell(cell) for cell in row) + " |" for row in _rows(report)),
        "",
        "| État | Affectations |",
        "| --- | ---: |",
        *(f"| {STATE_LABELS[state]} | {count} |" for state, count in report.states.items()),
        "",
        "| Service | Tutorats engagés |",
        "| --- | ---: |",
        *(
            f"| {markdown_cell(service or 'service non renseigné')} | {count} |"
            for service, count in report.tutorats.items()
        ),
        f"| Total | {sum(report.tutorats.values())} |",
    ]
    if rejected:
        lines += ["", f"Lignes rejetées (hors des tableaux) : {rejected}."]
    return "\n".join(lines) + "\n"


def training_csv(report: TrainingReport) -> str:
    """The table by role as CSV (``;``): role, agents concerned, to train, share.

    Examples:
        >>> import datetime as dt
        >>> from qualepref.training import Assignment, TrainingRule, training_report
        >>> report = training_report([Assignment("A", "rq", started=dt.date(2021, 6, 1))],
        ...                          dt.date(2022, 1, 1), TrainingRule(), labels={"rq": "RQ"})
        >>> print(training_csv(report).splitlines()[1])
        RQ;1;1;100 %
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["role", "agents_concernes", "a_former_dans_l_annee", "part"])
    writer.writerows([inert(cell) for cell in row] for row in _rows(report))
    return buffer.getvalue()
