"""One PNG chart per indicator: its monthly or quarterly values against the cible.

Needs ``matplotlib``: ``pip install 'qualepref[charts]'``. Months are drawn when the
measurements have months, quarters otherwise; « sans objet » and missing periods leave a
gap in the line rather than a false zero.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qualepref.dashboard.cells import format_value
from qualepref.dashboard.table import Dashboard, DashboardRow
from qualepref.errors import QualeprefError
from qualepref.evaluation import Measurements, evaluate
from qualepref.periods import Period, Year
from qualepref.referentiel.container import Definitions
from qualepref.referentiel.models import Unit

__all__ = ["write_charts"]


def _pyplot() -> Any:
    try:
        import matplotlib  # noqa: PLC0415 - an optional dependency, loaded when asked for
    except ImportError:  # pragma: no cover - depends on the installation
        msg = "les graphiques demandent matplotlib : pip install 'qualepref[charts]'"
        raise QualeprefError(msg) from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    return plt


def _series(
    row: DashboardRow,
    definitions: Definitions,
    measurements: Measurements,
    year: int,
    *,
    mean_of_values: bool,
) -> tuple[list[Period], list[float | None]]:
    """Monthly values when any month has one, else the quarters'."""
    months = Year(year).months()
    monthly = [
        evaluate(
            definitions.referentiel,
            measurements,
            row.indicator.id,
            month,
            mean_of_values=mean_of_values,
        )
        for month in months
    ]
    if any(result.value is not None for result in monthly):
        return list(months), [result.value for result in monthly]
    return [q.period for q in row.quarters], [q.value for q in row.quarters]


def write_charts(
    dashboard: Dashboard, definitions: Definitions, measurements: Measurements, folder: str | Path
) -> list[Path]:
    """Write one ``<indicator>.png`` per row with at least one value; return the files written.

    Examples:
        >>> import tempfile
        >>> from qualepref.dashboard.table import example_inputs, build_dashboard
        >>> definitions, measurements, year = example_inputs()
        >>> dashboard = build_dashboard(definitions, measurements, year, measured_only=True)
        >>> [p.name for p in write_charts(dashboard, definitions, measurements, tempfile.mkdtemp())]
        ['copil.png']
    """
    plt = _pyplot()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for row in dashboard.rows:
        periods, values = _series(
            row, definitions, measurements, dashboard.year, mean_of_values=dashboard.mean_of_values
        )
        if all(value is None for value in values):
            continue
        unit = row.indicator.unit
        scale = 100 if unit is Unit.RATE else 1
        labels = [str(p)[5:] if len(str(p)) > 4 else str(p) for p in periods]
        points = [float("nan") if v is None else v * scale for v in values]
        figure, axes = plt.subplots(figsize=(8, 3.6), dpi=100)
        axes.plot(labels, points, marker="o", color="#1f3864", label=str(dashboard.year))
        if row.target is not None:
            axes.axhline(
                row.target * scale,
                color="#c00000",
                linestyle="--",
                label=f"cible {format_value(row.target, unit)}",
            )
        # A « $ » in a label would start matplotlib's mathtext: shown as typed, never parsed.
        axes.set_title(row.indicator.label.replace("$", r"\$"), fontsize=9, wrap=True)
        axes.set_ylabel({Unit.RATE: "%", Unit.PER_THOUSAND: "‰"}.get(unit, unit.label))
        axes.grid(alpha=0.3)
        axes.legend(fontsize=8)
        figure.tight_layout()
        path = folder / f"{row.indicator.id}.png"
        figure.savefig(path)
        plt.close(figure)
        written.append(path)
    return written
