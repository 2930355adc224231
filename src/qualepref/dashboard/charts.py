"""One chart per indicator, that people read: the quarters and the year against the cible.

Needs ``matplotlib``: ``pip install 'qualepref[charts]'``. Each chart draws the four
quarters and the year as bars in their status colour (the year hatched, so that it
stands apart in black and white), the cible as a dashed line and N-1 as a dotted one,
each bar labelled with its value written the French way (« 87,91 % »). The axis starts
at zero (a rate or a délai read from a cut axis misleads), and its numbers use the
decimal comma. « sans objet » and missing periods leave no bar rather than a false zero.

The charts go into the HTML and XLSX tableaux (``qualepref dashboard --charts``) and,
as PNG files, into a folder.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from qualepref.dashboard.cells import cell_text, format_value
from qualepref.dashboard.table import Dashboard, DashboardRow
from qualepref.errors import QualeprefError
from qualepref.french_numbers import format_number
from qualepref.output_files import atomic_path
from qualepref.referentiel.models import Unit
from qualepref.statuses import Status

__all__ = ["chart_figure", "chart_png", "dashboard_charts", "write_charts"]

_UNJUDGED = "BFBFBF"  # a period with no status: grey


def _pyplot() -> Any:
    try:
        import matplotlib  # noqa: PLC0415 - an optional dependency, loaded when asked for
    except ImportError:  # pragma: no cover - depends on the installation
        msg = "les graphiques demandent matplotlib : pip install 'qualepref[charts]'"
        raise QualeprefError(msg) from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    return plt


def _colour(status: Status) -> str:
    return f"#{status.color or _UNJUDGED}"


def chart_png(row: DashboardRow, year: int) -> bytes | None:
    """The chart of ``row`` as PNG bytes; ``None`` when no quarter has a value.

    Examples:
        >>> from qualepref.dashboard.table import example_inputs, build_dashboard
        >>> row = build_dashboard(*example_inputs(), measured_only=True).rows[0]
        >>> chart_png(row, 2022).startswith(bytes([0x89]) + b"PNG")
        True
    """
    figure = chart_figure(row, year)
    if figure is None:
        return None
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    _pyplot().close(figure)
    return buffer.getvalue()


def chart_figure(row: DashboardRow, year: int) -> Any:
    """The chart of ``row`` as a matplotlib figure; ``None`` when no quarter has a value.

    Examples:
        >>> from qualepref.dashboard.table import example_inputs, build_dashboard
        >>> row = build_dashboard(*example_inputs(), measured_only=True).rows[0]
        >>> float(chart_figure(row, 2022).axes[0].get_ylim()[0])
        0.0
    """
    quarters = [result.value for result in row.quarters]
    if all(value is None for value in quarters):
        return None
    plt = _pyplot()
    unit = row.indicator.unit
    scale = 100 if unit is Unit.RATE else 1
    labels = ["T1", "T2", "T3", "T4", f"Année {year}"]
    results = [*row.quarters, row.annual]
    values = [result.value for result in results]
    statuses = [*row.quarter_statuses, row.status]
    figure, axes = plt.subplots(figsize=(8, 4), dpi=100)
    for position, (label, result, status) in enumerate(zip(labels, results, statuses, strict=True)):
        value = result.value
        if value is None:  # say why, where the bar would be
            axes.text(position, 0, cell_text(result, unit), ha="center", va="bottom", fontsize=8)
            continue
        bar = axes.bar(
            position,
            value * scale,
            color=_colour(status),
            edgecolor="black",
            linewidth=0.8,
            hatch="//" if label.startswith("Année") else None,
        )
        axes.bar_label(bar, labels=[format_value(value, unit)], fontsize=8, padding=2)
    if row.target is not None:
        axes.axhline(
            row.target * scale,
            color="black",
            linestyle="--",
            linewidth=1.2,
            label=f"cible {format_value(row.target, unit)}",
        )
    previous = row.previous.value
    if previous is not None:
        axes.axhline(
            previous * scale,
            color="#555555",
            linestyle=":",
            linewidth=1.4,
            label=f"N-1 {format_value(previous, unit)}",
        )
    axes.set_xticks(range(len(labels)), labels)
    axes.set_ylim(bottom=0)
    top = max(
        [v * scale for v in values if v is not None]
        + [x * scale for x in (row.target, previous) if x is not None]
    )
    axes.set_ylim(top=top * 1.18 if top > 0 else 1)
    axes.yaxis.set_major_formatter(
        plt.FuncFormatter(lambda number, _position: format_number(number, 1))
    )
    # A « $ » in a label would start matplotlib's mathtext: shown as typed, never parsed.
    axes.set_title(row.indicator.label.replace("$", r"\$"), fontsize=9, wrap=True)
    axes.set_ylabel({Unit.RATE: "%", Unit.PER_THOUSAND: "‰"}.get(unit, unit.label))
    axes.grid(axis="y", alpha=0.3)
    if axes.get_legend_handles_labels()[0]:  # under the chart: it never hides a bar
        axes.legend(
            fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, frameon=False
        )
    figure.tight_layout()
    return figure


def dashboard_charts(dashboard: Dashboard) -> dict[str, bytes]:
    """Every row's chart, by indicator id (rows without a quarterly value have none).

    Examples:
        >>> from qualepref.dashboard.table import example_inputs, build_dashboard
        >>> list(dashboard_charts(build_dashboard(*example_inputs(), measured_only=True)))
        ['copil']
    """
    found = {}
    for row in dashboard.rows:
        png = chart_png(row, dashboard.year)
        if png is not None:
            found[row.indicator.id] = png
    return found


def write_charts(
    dashboard: Dashboard, folder: str | Path, charts: Mapping[str, bytes] | None = None
) -> list[Path]:
    """Write one ``<indicator>.png`` per chart into ``folder``; return the files written.

    Examples:
        >>> import tempfile
        >>> from qualepref.dashboard.table import example_inputs, build_dashboard
        >>> dashboard = build_dashboard(*example_inputs(), measured_only=True)
        >>> [p.name for p in write_charts(dashboard, tempfile.mkdtemp())]
        ['copil.png']
    """
    charts = dashboard_charts(dashboard) if charts is None else charts
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for indicator_id, png in charts.items():
        path = folder / f"{indicator_id}.png"
        with atomic_path(path) as partial:
            partial.write_bytes(png)
        written.append(path)
    return written
