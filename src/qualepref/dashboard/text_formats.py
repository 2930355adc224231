"""The tableau de bord as CSV, Markdown or HTML text."""

from __future__ import annotations

import csv
import html
import io

from qualepref.dashboard.cells import UNWEIGHTED_MARK, cell_text, format_value, gap_text
from qualepref.dashboard.table import Dashboard, DashboardRow
from qualepref.status import Status

__all__ = ["COLUMNS", "HEADERS", "legend", "row_cells", "to_csv", "to_html", "to_markdown"]

COLUMNS = (
    "module",
    "engagement",
    "indicateur",
    "libelle",
    "periodicite",
    "cible",
    "n_1",
    "t1",
    "t2",
    "t3",
    "t4",
    "annuel",
    "ecart",
    "statut",
    "observations",
)
"""The columns of the tableau, as the CSV export names them."""
HEADERS = (
    "Module",
    "Engagement",
    "Indicateur",
    "Libellé",
    "Périodicité",
    "Cible",
    "N-1",
    "T1",
    "T2",
    "T3",
    "T4",
    "Annuel",
    "Écart",
    "Statut",
    "Observations",
)
"""The same columns, as the tableau shows them."""
_SYMBOLS = {
    Status.MET: "🟢",
    Status.MINOR: "🟡",
    Status.MODERATE: "🟠",
    Status.MAJOR: "🔴",
    Status.NOT_APPLICABLE: "",
}


def legend(dashboard: Dashboard) -> str:
    """The tableau's legend: the gap's sign, the status bands, the states of a cell.

    Example:
        >>> from qualepref.dashboard.table import _example, build_dashboard
        >>> legend(build_dashboard(*_example())).split(" Statut : ")[1][:33]
        '🟢 cible atteinte ; 🟡 écart mineur'
    """
    bands = dashboard.bands.describe().replace("écart mineur", "🟡 écart mineur")
    bands = bands.replace("écart modéré", "🟠 écart modéré").replace(
        "écart majeur", "🔴 écart majeur"
    )
    return (
        "Écart : à la cible, en % de la cible ; positif = en deçà de la cible (un taux trop bas, "
        f"un délai trop long). Statut : 🟢 cible atteinte ; {bands}. « sans objet » : rien à "
        "mesurer ; « non renseigné » : aucune donnée ; « non calculable » : valeurs sans "
        "composantes, non agrégées."
    )


UNWEIGHTED_LEGEND = (
    f"{UNWEIGHTED_MARK} moyenne non pondérée des valeurs trimestrielles, comme un tableur : "
    "un trimestre de 2 courriers y pèse autant qu’un trimestre de 200."
)


def row_cells(row: DashboardRow) -> tuple[str, ...]:
    """The text of each column of ``row``, in ``COLUMNS`` order.

    Example:
        >>> from qualepref.dashboard.table import _example, build_dashboard
        >>> row = build_dashboard(*_example(), measured_only=True).rows[0]
        >>> dict(zip(COLUMNS, row_cells(row)))["annuel"]
        '5'
    """
    indicator = row.indicator
    unit, periodicity = indicator.unit, indicator.periodicity
    target = "—" if row.target is None else format_value(row.target, unit)
    return (
        row.module,
        row.engagement,
        indicator.id,
        indicator.label,
        periodicity.label,
        target,
        cell_text(row.previous, unit),
        *(cell_text(q, unit, periodicity) for q in row.quarters),
        cell_text(row.annual, unit),
        gap_text(row.gap),
        row.status.label,
        " ; ".join(row.observations),
    )


def to_csv(dashboard: Dashboard) -> str:
    """The tableau as CSV: ``;``-separated, a header of ``COLUMNS``, one line per indicator.

    Example:
        >>> from qualepref.dashboard.table import _example, build_dashboard
        >>> line = to_csv(build_dashboard(*_example(), measured_only=True)).splitlines()[1]
        >>> line.split(";")[5:14]
        ['2', 'non renseigné', '2', '2', '0', '1', '5', '−150 %', 'cible atteinte']
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(row_cells(row) for row in dashboard.rows)
    return buffer.getvalue()


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(dashboard: Dashboard) -> str:
    """The tableau as a Markdown table, with its title and legend.

    Example:
        >>> from qualepref.dashboard.table import _example, build_dashboard
        >>> text = to_markdown(build_dashboard(*_example(), measured_only=True))
        >>> text.splitlines()[0]
        '# Tableau de bord Qual-e-pref 2022'
    """
    lines = [f"# {dashboard.title}", ""]
    lines.append("| " + " | ".join(HEADERS) + " |")
    lines.append("|" + "---|" * len(HEADERS))
    for row in dashboard.rows:
        cells = list(row_cells(row))
        status_at = COLUMNS.index("statut")
        symbol = _SYMBOLS[row.status]
        cells[status_at] = f"{symbol} {cells[status_at]}".strip()
        lines.append("| " + " | ".join(_markdown_cell(cell) for cell in cells) + " |")
    lines += ["", legend(dashboard)]
    if dashboard.mean_of_values:
        lines += ["", UNWEIGHTED_LEGEND]
    return "\n".join(lines) + "\n"


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border: 1px solid #999; padding: 0.25rem 0.4rem; vertical-align: top; }
th { background: #1f3864; color: white; }
td.valeur { text-align: right; white-space: nowrap; }
td.etat { color: #555; font-style: italic; text-align: center; }
p.legende { font-size: 0.8rem; max-width: 60rem; }
""".strip()


def to_html(dashboard: Dashboard) -> str:
    """The tableau as a standalone HTML page, status cells coloured.

    Example:
        >>> from qualepref.dashboard.table import _example, build_dashboard
        >>> page = to_html(build_dashboard(*_example(), measured_only=True))
        >>> '<td style="background:#63BE7B">cible atteinte</td>' in page
        True
    """
    value_columns = {"cible", "n_1", "t1", "t2", "t3", "t4", "annuel", "ecart"}
    states = {"sans objet", "non renseigné", "non calculable", "(annuel)", "—"}
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
        "<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in HEADERS) + "</tr></thead>",
        "<tbody>",
    ]
    for row in dashboard.rows:
        cells = []
        for column, text in zip(COLUMNS, row_cells(row), strict=True):
            escaped = html.escape(text)
            if column == "statut" and row.status.color:
                cells.append(f'<td style="background:#{row.status.color}">{escaped}</td>')
            elif column in value_columns:
                kind = "etat" if text in states else "valeur"
                cells.append(f'<td class="{kind}">{escaped}</td>')
            else:
                cells.append(f"<td>{escaped}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>", f'<p class="legende">{html.escape(legend(dashboard))}</p>']
    if dashboard.mean_of_values:
        out.append(f'<p class="legende">{html.escape(UNWEIGHTED_LEGEND)}</p>')
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
