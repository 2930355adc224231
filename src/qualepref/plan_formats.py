"""The plan d'amélioration's report out: text for the terminal, Markdown for the bilan, CSV.

The same figures in each: the realisation table by module, then by source with each
source's share of the plan, the overdue actions, what carries over to the next year, the
abandoned ones and those created after the date d'arrêté. Figures are written the
French way (``70 %``); a table of no action says « sans objet ». Markdown escapes what it
shows; CSV cells are never run as formulas.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from qualepref.french_dates import short_date
from qualepref.french_numbers import format_percent
from qualepref.improvement_plan import (
    Action,
    PlanReport,
    PlanRow,
    Progress,
    RealisationTable,
    progress_on,
)
from qualepref.spreadsheet_text import inert, markdown_cell

__all__ = ["CSV_COLUMNS", "plan_csv", "plan_markdown", "plan_text"]

CSV_COLUMNS = (
    "tableau",
    "ligne",
    "faites",
    "en_cours",
    "non_faites",
    "total",
    "taux_realisation",
    "part",
)
"""The columns of the CSV report: one row per module, source and total."""

_HEADERS = ("Faites", "En cours", "Non faites", "Total", "Taux")


def _figures(row: PlanRow) -> list[str]:
    return [
        str(row.done),
        str(row.in_progress),
        str(row.not_done),
        str(row.total),
        format_percent(row.rate),
    ]


def _action_line(action: Action, detail: str) -> str:
    module = "pilotage" if action.module is None else f"module {action.module}"
    pilot = f", pilote : {action.pilot}" if action.pilot else ""
    return f"n° {action.number} « {action.title} » ({module}{pilot}){detail}"


def _lists(report: PlanReport) -> list[tuple[str, list[str]]]:
    """The lists under the tables: title, then one line per action."""
    carried = report.carried_over
    in_progress = sum(1 for a in carried if progress_on(a, report.as_of) is Progress.IN_PROGRESS)
    return [
        (
            f"En retard au {short_date(report.as_of)} (échéance passée, non faites) : "
            f"{len(report.overdue)}",
            [
                _action_line(a, f" : échéance {short_date(a.due)}")
                for a in report.overdue
                if a.due is not None
            ],
        ),
        (
            f"Reportées sur la suite du plan (ni faites ni abandonnées) : {len(carried)}, dont "
            f"{in_progress} en cours",
            [],
        ),
        (
            f"Abandonnées (comptées non faites, non reportées) : {len(report.abandoned)}",
            [_action_line(a, "") for a in report.abandoned],
        ),
        (
            f"Créées après le {short_date(report.as_of)} (hors des tableaux) : "
            f"{len(report.not_yet)}",
            [_action_line(a, "") for a in report.not_yet],
        ),
    ]


def _text_table(title: str, first: str, rows: Sequence[Sequence[str]]) -> list[str]:
    header = [first, *_HEADERS]
    widths = [max(len(cells[i]) for cells in [header, *rows]) for i in range(len(header))]
    lines = [title]
    for cells in [header, *rows]:
        first_cell = cells[0].ljust(widths[0])
        others = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        lines.append("  ".join([first_cell, *others]).rstrip())
    return lines


def _table_rows(table: RealisationTable, *, shares: bool) -> list[list[str]]:
    of = table.total.total
    rows = []
    for row in (*table.rows, table.total):
        label = row.label
        if shares and row is not table.total:
            label = f"{label} ({format_percent(row.share(of))})"
        rows.append([label, *_figures(row)])
    return rows


def plan_text(report: PlanReport, *, source: str = "", rejected: int = 0) -> str:
    """The report as the terminal shows it.

    Examples:
        >>> import datetime as dt
        >>> from qualepref.improvement_plan import ActionStatus, plan_report
        >>> day = dt.date(2022, 12, 31)
        >>> report = plan_report([Action("1", "Boucle auditive", ActionStatus.DONE, module=1,
        ...                       source="audit_externe", done=day)], day,
        ...                      module_labels={"1": "Module 1"},
        ...                      source_labels={"audit_externe": "Audit externe"})
        >>> print(plan_text(report).splitlines()[0])
        Plan d'amélioration au 31/12/2022 : 1 action(s)
    """
    total = report.by_module.total.total
    where = f" — {source}" if source else ""
    lines = [f"Plan d'amélioration au {short_date(report.as_of)} : {total} action(s){where}", ""]
    lines += _text_table(
        "Taux de réalisation par module",
        "Module",
        _table_rows(report.by_module, shares=False),
    )
    lines.append("")
    lines += _text_table(
        "Origine des actions (part du plan)",
        "Source",
        _table_rows(report.by_source, shares=True),
    )
    for title, items in _lists(report):
        lines += ["", title, *(f"  {item}" for item in items)]
    if rejected:
        lines += ["", f"Lignes rejetées (hors des tableaux) : {rejected}"]
    return "\n".join(lines) + "\n"


def _markdown_table(first: str, rows: Iterable[Sequence[str]]) -> list[str]:
    header = [first, *_HEADERS]
    lines = [
        "| " + " | ".join(header) + " |",
        "| --- | " + " | ".join("---:" for _ in _HEADERS) + " |",
    ]
    lines.extend("| " + " | ".join(markdown_cell(cell) for cell in row) + " |" for row in rows)
    return lines


def plan_markdown(report: PlanReport, *, rejected: int = 0) -> str:
    """The report in Markdown, for the bilan annuel: HTML and table syntax escaped.

    Examples:
        >>> import datetime as dt
        >>> from qualepref.improvement_plan import ActionStatus, plan_report
        >>> day = dt.date(2022, 12, 31)
        >>> report = plan_report([Action("1", "<b>Boucle</b>", ActionStatus.TO_DO, module=1,
        ...                       due=dt.date(2022, 6, 30))], day,
        ...                      module_labels={"1": "Module 1"}, source_labels={})
        >>> text = plan_markdown(report)
        >>> "&lt;b&gt;Boucle&lt;/b&gt;" in text, "| Total | 0 | 0 | 1 | 1 | 0 % |" in text
        (True, True)
    """
    total = report.by_module.total.total
    lines = [
        f"## Plan d'amélioration au {short_date(report.as_of)}",
        "",
        f"{total} action(s).",
        "",
        "### Taux de réalisation par module",
        "",
        *_markdown_table("Module", _table_rows(report.by_module, shares=False)),
        "",
        "### Origine des actions (part du plan)",
        "",
        *_markdown_table("Source", _table_rows(report.by_source, shares=True)),
    ]
    for title, items in _lists(report):
        lines += ["", f"**{markdown_cell(title)}**"]
        if items:
            lines += ["", *(f"- {markdown_cell(item)}" for item in items)]
    if rejected:
        lines += ["", f"Lignes rejetées (hors des tableaux) : {rejected}."]
    return "\n".join(lines) + "\n"


def plan_csv(report: PlanReport) -> str:
    """The tables as CSV (``;``), one row per module, source and total.

    Examples:
        >>> import datetime as dt
        >>> from qualepref.improvement_plan import ActionStatus, plan_report
        >>> day = dt.date(2022, 12, 31)
        >>> report = plan_report([Action("1", "x", ActionStatus.IN_PROGRESS, module=2)], day,
        ...                      module_labels={"2": "Module 2"}, source_labels={})
        >>> print(plan_csv(report).splitlines()[1])
        module;Module 2;0;1;0;1;0 %;100 %
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for name, table in (("module", report.by_module), ("source", report.by_source)):
        of = table.total.total
        for row in (*table.rows, table.total):
            writer.writerow([name, inert(row.label), *_figures(row), format_percent(row.share(of))])
    return buffer.getvalue()
