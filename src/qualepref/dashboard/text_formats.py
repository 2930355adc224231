"""The tableau de bord as CSV, Markdown or HTML text."""

from __future__ import annotations

import base64
import csv
import html
import io
from collections.abc import Mapping

from qualepref.dashboard.cells import (
    UNWEIGHTED_MARK,
    cell_text,
    evolution_text,
    format_value,
    gap_text,
)
from qualepref.dashboard.table import Dashboard, DashboardRow
from qualepref.spreadsheet_text import inert, markdown_cell
from qualepref.statuses import Status

__all__ = [
    "COLUMNS",
    "DISPLAY_COLUMNS",
    "HEADERS",
    "PARTS",
    "PERIOD_STATUS_COLUMNS",
    "csv_columns",
    "display_cells",
    "display_columns",
    "headers",
    "legend",
    "row_cells",
    "status_mark",
    "to_csv",
    "to_html",
    "to_markdown",
]

PARTS = {
    "quarter": (("t1", "T1"), ("t2", "T2"), ("t3", "T3"), ("t4", "T4")),
    "month": (
        ("janv", "Janv."), ("fevr", "Févr."), ("mars", "Mars"), ("avr", "Avr."), ("mai", "Mai"),
        ("juin", "Juin"), ("juil", "Juil."), ("aout", "Août"), ("sept", "Sept."),
        ("oct", "Oct."), ("nov", "Nov."), ("dec", "Déc."),
    ),
}  # fmt: skip
"""The periods between N-1 and the year, by view: their column names and headers."""


def csv_columns(by: str = "quarter", national: bool = False) -> tuple[str, ...]:
    """The CSV's columns for a view: ``statut`` is the year's, ``statut_<période>`` each part's.

    ``national``: a ``mediane_nationale`` column follows the year's.

    Examples:
        >>> csv_columns("month")[6:9], csv_columns("month")[-3:]
        (('n_1', 'janv', 'fevr'), ('statut_nov', 'statut_dec', 'observations'))
        >>> csv_columns(national=True)[11:13]
        ('annuel', 'mediane_nationale')
    """
    parts = tuple(name for name, _header in PARTS[by])
    median = ("mediane_nationale",) if national else ()
    return (
        "module", "engagement", "indicateur", "libelle", "periodicite", "cible", "n_1", *parts,
        "annuel", *median, "ecart", "evolution", "statut", "statut_n_1",
        *(f"statut_{part}" for part in parts), "observations",
    )  # fmt: skip


def display_columns(by: str = "quarter", national: bool = False) -> tuple[str, ...]:
    """The columns Markdown, HTML and XLSX show: each period's status marks its own cell."""
    return tuple(c for c in csv_columns(by, national) if not c.startswith("statut_"))


def headers(by: str = "quarter", national: bool = False) -> tuple[str, ...]:
    """The headers of :func:`display_columns`, as the tableau shows them.

    Examples:
        >>> headers("month")[6:8], headers(national=True)[11:13]
        (('N-1', 'Janv.'), ('Annuel', 'Médiane nationale'))
    """
    median = ("Médiane nationale",) if national else ()
    return (
        "Module", "Engagement", "Indicateur", "Libellé", "Périodicité", "Cible", "N-1",
        *(header for _name, header in PARTS[by]),
        "Annuel", *median, "Écart", "Évolution", "Statut", "Observations",
    )  # fmt: skip


COLUMNS = csv_columns()
"""The columns of the quarterly tableau, as the CSV export names them."""
PERIOD_STATUS_COLUMNS = tuple(c for c in COLUMNS if c.startswith("statut_"))
"""The CSV's status of N-1 and of each quarter; the other formats mark the cells instead."""
DISPLAY_COLUMNS = display_columns()
"""The columns Markdown, HTML and XLSX show (each period's status marks its own cell)."""
HEADERS = headers()
"""The headers of :data:`DISPLAY_COLUMNS`, as the tableau shows them."""
_COLOURS = {
    Status.MET: "🟢",
    Status.MINOR: "🟡",
    Status.MODERATE: "🟠",
    Status.MAJOR: "🔴",
}


def status_mark(status: Status) -> str:
    """A judged status as a colour and a shape (the shape survives black-and-white printing).

    Examples:
        >>> status_mark(Status.MINOR), status_mark(Status.NO_TARGET)
        ('🟡◔', '')
    """
    return f"{_COLOURS[status]}{status.symbol}" if status.judged else ""


def legend(dashboard: Dashboard) -> str:
    """The tableau's legend: the gap's sign, the status bands, the states of a cell.

    Examples:
        >>> from qualepref.dashboard.table import example_inputs, build_dashboard
        >>> legend(build_dashboard(*example_inputs())).split(" valeur : ")[1][:35]
        '🟢✓ cible atteinte ; 🟡◔ écart mineur'
    """
    bands = dashboard.bands.describe()
    for judged in (Status.MINOR, Status.MODERATE, Status.MAJOR):
        bands = bands.replace(judged.label, f"{status_mark(judged)} {judged.label}")
    return (
        "Écart : à la cible, en % de la cible ; positif = en deçà de la cible (un taux trop bas, "
        "un délai trop long). Évolution : l'année contre N-1, en points pour un taux, "
        "▲ amélioration, ▼ dégradation. Statut de l'année, et de chaque période à côté de sa "
        f"valeur : {status_mark(Status.MET)} cible atteinte ; {bands}. « sans objet » : rien à "
        "mesurer ; « non renseigné » : aucune donnée ; « non calculable » : valeurs sans "
        "composantes, non agrégées ; « pas de cible » : aucune cible pour la période (celle "
        "d'un nombre vaut pour l'année)."
    )


UNWEIGHTED_LEGEND = (
    f"{UNWEIGHTED_MARK} moyenne non pondérée des valeurs trimestrielles, comme un tableur : "
    "un trimestre de 2 courriers y pèse autant qu’un trimestre de 200."
)


def row_cells(row: DashboardRow) -> tuple[str, ...]:
    """The text of each column of ``row``, in ``COLUMNS`` order.

    Examples:
        >>> from qualepref.dashboard.table import example_inputs, build_dashboard
        >>> row = build_dashboard(*example_inputs(), measured_only=True).rows[0]
        >>> dict(zip(COLUMNS, row_cells(row)))["annuel"]
        '5'
    """
    indicator = row.indicator
    unit, periodicity = indicator.unit, indicator.periodicity
    target = "—" if row.target is None else format_value(row.target, unit)
    if indicator.per is not None and row.target is not None:
        target = f"{target} par {indicator.per.noun}"
    return (
        row.module,
        row.engagement,
        indicator.id,
        indicator.label,
        periodicity.label,
        target,
        cell_text(row.previous, unit),
        *(cell_text(part, unit, periodicity) for part in row.parts),
        cell_text(row.annual, unit),
        *(() if row.national_median is None else (row.national_median,)),
        gap_text(row.gap),
        evolution_text(row.evolution),
        row.status.label,
        *(s.label for s in row.statuses[:-1]),
        " ; ".join(row.observations),
    )


def display_cells(row: DashboardRow) -> list[str]:
    """The text of each of :data:`DISPLAY_COLUMNS`, each period's status beside its value.

    Examples:
        >>> from qualepref.dashboard.table import example_inputs, build_dashboard
        >>> row = build_dashboard(*example_inputs(), measured_only=True).rows[0]
        >>> dict(zip(DISPLAY_COLUMNS, display_cells(row)))["annuel"]
        '5 🟢✓'
    """
    by = "month" if row.months else "quarter"
    national = row.national_median is not None
    texts = dict(zip(csv_columns(by, national), row_cells(row), strict=True))
    periods = ("n_1", *(name for name, _header in PARTS[by]), "annuel")
    for column, period_status in zip(periods, row.statuses, strict=True):
        mark = status_mark(period_status)
        if mark:
            texts[column] = f"{texts[column]} {mark}"
    mark = status_mark(row.status)
    texts["statut"] = f"{mark} {row.status.label}" if mark else row.status.label
    return [texts[column] for column in display_columns(by, national)]


def to_csv(dashboard: Dashboard) -> str:
    """The tableau as CSV: ``;``-separated, a header of ``COLUMNS``, one line per indicator.

    Examples:
        >>> from qualepref.dashboard.table import example_inputs, build_dashboard
        >>> line = to_csv(build_dashboard(*example_inputs(), measured_only=True)).splitlines()[1]
        >>> line.split(";")[5:15]
        ['2', 'non renseigné', '2', '2', '0', '1', '5', '−150 %', '—', 'cible atteinte']
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(csv_columns(dashboard.by, dashboard.national))
    writer.writerows([inert(cell) for cell in row_cells(row)] for row in dashboard.rows)
    return buffer.getvalue()


def to_markdown(dashboard: Dashboard) -> str:
    """The tableau as a Markdown table, with its title and legend.

    Examples:
        >>> from qualepref.dashboard.table import example_inputs, build_dashboard
        >>> text = to_markdown(build_dashboard(*example_inputs(), measured_only=True))
        >>> text.splitlines()[0]
        '# Tableau de bord Qual-e-pref 2022'
    """
    lines = [f"# {markdown_cell(dashboard.title)}", ""]
    shown = headers(dashboard.by, dashboard.national)
    lines.append("| " + " | ".join(shown) + " |")
    lines.append("|" + "---|" * len(shown))
    for row in dashboard.rows:
        cells = display_cells(row)
        lines.append("| " + " | ".join(markdown_cell(cell) for cell in cells) + " |")
    lines += ["", legend(dashboard)]
    if dashboard.mean_of_values:
        lines += ["", UNWEIGHTED_LEGEND]
    return "\n".join(lines) + "\n"


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; }
table { border-collapse: collapse; font-size: 0.85rem; }
figure { margin: 1rem 0; page-break-inside: avoid; }
figure img { max-width: 100%; }
th, td { border: 1px solid #999; padding: 0.25rem 0.4rem; vertical-align: top; }
th { background: #1f3864; color: white; }
td.valeur { text-align: right; white-space: nowrap; }
td.etat { color: #555; font-style: italic; text-align: center; }
p.legende { font-size: 0.8rem; max-width: 60rem; }
""".strip()


def to_html(dashboard: Dashboard, *, charts: Mapping[str, bytes] | None = None) -> str:
    """The tableau as a standalone HTML page, status cells coloured, charts after it.

    ``charts`` (PNG bytes by indicator id, :func:`~qualepref.dashboard.charts.dashboard_charts`)
    are embedded in the page itself: one file to send or to publish.

    Examples:
        >>> from qualepref.dashboard.table import example_inputs, build_dashboard
        >>> page = to_html(build_dashboard(*example_inputs(), measured_only=True))
        >>> '<td style="background:#63BE7B">✓ cible atteinte</td>' in page
        True
    """
    parts = tuple(name for name, _header in PARTS[dashboard.by])
    value_columns = {"cible", "n_1", *parts, "annuel", "mediane_nationale", "ecart", "evolution"}
    states = {"sans objet", "non renseigné", "non calculable", "(annuel)", "(trimestriel)", "—"}
    periods = ("n_1", *parts, "annuel")
    period_columns = dict(zip(periods, range(len(periods)), strict=True))
    out = [
        "<!DOCTYPE html>",
        '<html lang="fr">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(dashboard.title)}</title>",
        f"<style>\n{_STYLE}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{html.escape(dashboard.title)}</h1>",
        "<table>",
        "<thead><tr>"
        + "".join(f"<th>{html.escape(h)}</th>" for h in headers(dashboard.by, dashboard.national))
        + "</tr></thead>",
        "<tbody>",
    ]
    for row in dashboard.rows:
        cells = []
        columns = csv_columns(dashboard.by, dashboard.national)
        texts = dict(zip(columns, row_cells(row), strict=True))
        for column in display_columns(dashboard.by, dashboard.national):
            text = texts[column]
            escaped = html.escape(text)
            judged = row.statuses[period_columns[column]] if column in period_columns else None
            if column == "statut" and row.status.color:
                mark = f"{row.status.symbol} "
                cells.append(f'<td style="background:#{row.status.color}">{mark}{escaped}</td>')
            elif judged is not None and judged.color:
                cells.append(
                    f'<td class="valeur" style="background:#{judged.color}">{escaped} '
                    f"{judged.symbol}</td>"
                )
            elif column in value_columns:
                kind = "etat" if text in states else "valeur"
                cells.append(f'<td class="{kind}">{escaped}</td>')
            else:
                cells.append(f"<td>{escaped}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>", f'<p class="legende">{html.escape(legend(dashboard))}</p>']
    if dashboard.mean_of_values:
        out.append(f'<p class="legende">{html.escape(UNWEIGHTED_LEGEND)}</p>')
    if charts:
        out.append('<section class="graphiques"><h2>Graphiques</h2>')
        for row in dashboard.rows:
            png = charts.get(row.indicator.id)
            if png is None:
                continue
            label = html.escape(row.indicator.label)
            data = base64.b64encode(png).decode("ascii")
            out.append(
                f'<figure><img src="data:image/png;base64,{data}" alt="{label}">'
                f"<figcaption>{label}</figcaption></figure>"
            )
        out.append("</section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
