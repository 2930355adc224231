"""The programme transparence poster: a quarter's figures, beside the previous quarter and N-1.

Each line is an indicator of the poster (``qualepref/data/affiche.toml``, or the
``[affiche]`` indicators of the definitions file) with three values computed from the
measurements as the tableau computes them: the quarter, the quarter before, and the same
quarter a year earlier. A value that cannot be given says why (« non renseigné », « sans
objet »), never a blank or a zero.

Pure: the measurements are read by the caller; :mod:`qualepref.dashboard.poster_files`
writes the poster.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from importlib import resources

import attrs
import tomli

from qualepref.dashboard.cells import cell_text, format_value
from qualepref.dashboard.poster_chart import ChartBar
from qualepref.evaluation import Measurements, evaluate
from qualepref.french_dates import short_date
from qualepref.periods import Quarter
from qualepref.referentiel.container import Definitions
from qualepref.referentiel.models import Unit

__all__ = ["Poster", "PosterLine", "build_poster", "poster_indicators"]


@attrs.frozen
class PosterLine:
    """One figure of the poster, as printed: the quarter, the one before, N-1.

    Examples:
        >>> PosterLine("Délai", "12 j", "20 j", "non renseigné", "15 j").value
        '12 j'
    """

    label: str
    value: str
    previous: str
    last_year: str
    target: str = "—"
    """The cible, « — » when the indicator has none."""
    trend: tuple[ChartBar, ...] = ()
    """The chart's bars: the five quarters up to the poster's, in the unit shown."""
    target_amount: float | None = None
    """The cible in the unit shown (87.9 for 87,9 %), where the chart draws it."""


@attrs.frozen
class Poster:
    """The poster of a quarter: title, préfecture, the lines, the date it was made.

    Examples:
        >>> poster = Poster("T", "S", "Préfecture", Quarter(2023, 1), (), dt.date(2023, 4, 5))
        >>> poster.quarter_text, poster.previous_text
        ('1er trimestre 2023', '4e trim. 2022')
    """

    title: str
    subtitle: str
    prefecture: str
    quarter: Quarter
    lines: tuple[PosterLine, ...]
    made: dt.date

    @property
    def quarter_text(self) -> str:
        """« 4e trimestre 2022 »."""
        number = self.quarter.quarter
        return f"{number}{'er' if number == 1 else 'e'} trimestre {self.quarter.year}"

    @property
    def previous_text(self) -> str:
        """« 3e trimestre 2022 »: the quarter before, as the poster's column says it."""
        before = _previous(self.quarter)
        return f"{before.quarter}{'er' if before.quarter == 1 else 'e'} trim. {before.year}"

    def as_data(self) -> dict[str, object]:
        """Everything the poster shows, as text, for a template (no markup in it).

        Examples:
            >>> poster = Poster("T", "S", "Préfecture", Quarter(2022, 4),
            ...                 (PosterLine("Délai", "12 j", "20 j", "15 j"),),
            ...                 dt.date(2023, 1, 10))
            >>> poster.as_data()["lines"][0]["value"], poster.as_data()["made"]
            ('12 j', '10/01/2023')
        """
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "prefecture": self.prefecture,
            "quarter": self.quarter_text,
            "previous": self.previous_text,
            "last_year": f"{self.quarter.quarter}{'er' if self.quarter.quarter == 1 else 'e'} "
            f"trim. {self.quarter.year - 1}",
            "made": short_date(self.made),
            "lines": [attrs.asdict(line) for line in self.lines],
        }


def _previous(quarter: Quarter) -> Quarter:
    if quarter.quarter == 1:
        return Quarter(quarter.year - 1, 4)
    return Quarter(quarter.year, quarter.quarter - 1)


def _last_five(quarter: Quarter) -> list[Quarter]:
    """The quarter and the four before it, oldest first: N-1's same quarter to this one."""
    found = [quarter]
    for _ in range(4):
        found.append(_previous(found[-1]))
    return found[::-1]


def _shown(value: float, unit: Unit) -> float:
    """``value`` in the unit the poster writes: a rate in per cent."""
    return value * 100 if unit is Unit.RATE else value


@functools.cache
def _shipped() -> dict[str, object]:
    text = resources.files("qualepref").joinpath("data", "affiche.toml").read_text("utf-8")
    return tomli.loads(text)


def poster_indicators() -> tuple[str, ...]:
    """The indicators the shipped poster shows, in order.

    Examples:
        >>> poster_indicators()[0]
        'transparence_delai_cni_passeports'
    """
    found = _shipped()["indicators"]
    assert isinstance(found, list)  # noqa: S101 - the shipped file's shape
    return tuple(str(item) for item in found)


def build_poster(
    definitions: Definitions,
    measurements: Measurements,
    quarter: Quarter,
    made: dt.date,
    *,
    indicators: Sequence[str] | None = None,
) -> Poster:
    """The poster of ``quarter``: each indicator's value, the previous quarter's and N-1's.

    The figures are ``indicators``, else the ``[affiche]`` indicators of the definitions
    file, else the shipped list; those out of the préfecture's perimeter are left out.

    Examples:
        >>> from qualepref import load_definitions
        >>> from qualepref.measurement_files import read_measurements
        >>> defs = load_definitions("examples/isere-2022/definitions.toml")
        >>> data = read_measurements("examples/isere-2022/mesures.csv", defs)
        >>> poster = build_poster(defs, data, Quarter(2022, 4), dt.date(2023, 1, 10))
        >>> [(line.value, line.previous) for line in poster.lines][:2]
        [('12 j', '20 j'), ('35 j', '40 j')]
    """
    shipped = _shipped()
    own = definitions.poster
    lines = []
    wanted = indicators or (own.indicators if own else None) or poster_indicators()
    in_scope = {indicator.id: indicator for indicator in definitions.indicators}
    for indicator_id in wanted:
        indicator = in_scope.get(indicator_id)
        if indicator is None:
            continue
        quarters = _last_five(quarter)
        results = [
            evaluate(definitions.referentiel, measurements, indicator_id, period)
            for period in quarters
        ]
        texts = [cell_text(result, indicator.unit) for result in results]
        target = definitions.target(indicator_id, quarter.year)
        lines.append(
            PosterLine(
                indicator.label.removesuffix(" (programme transparence)"),
                texts[4],
                texts[3],
                texts[0],
                target="—" if target is None else format_value(target, indicator.unit),
                trend=tuple(
                    ChartBar(
                        f"{period.label} {period.year}",
                        None if result.value is None else _shown(result.value, indicator.unit),
                        text,
                    )
                    for period, result, text in zip(quarters, results, texts, strict=True)
                ),
                target_amount=None if target is None else _shown(target, indicator.unit),
            )
        )
    prefecture = definitions.prefecture.name if definitions.prefecture else None
    return Poster(
        title=(own.title if own else None) or str(shipped["title"]),
        subtitle=(own.subtitle if own else None) or str(shipped["subtitle"]),
        prefecture=prefecture or "Préfecture",
        quarter=quarter,
        lines=tuple(lines),
        made=made,
    )
