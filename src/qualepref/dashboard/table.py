"""Building the tableau de bord from definitions and measurements (pure, no I/O).

One row per indicator in scope, in the référentiel's order: module, engagement, label,
periodicity, cible of the year, N-1, T1–T4, annual value, gap, status and observations —
the columns of the préfectures' tableaux, computed right: quarters and years from the
months beneath them, rates from their components, délais judged lower-is-better, and
« sans objet » / « non renseigné » instead of ``#DIV/0!``.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from qualepref.dashboard.cells import format_value
from qualepref.evaluation import CellState, IndicatorResult, Measurements, Observation, evaluate
from qualepref.evolutions import Evolution, evolution
from qualepref.periods import Period, Quarter, Year
from qualepref.referentiel.container import Definitions
from qualepref.referentiel.loading import parse_definitions
from qualepref.referentiel.models import IndicatorDefinition, Unit
from qualepref.statuses import DEFAULT_BANDS, Gap, Status, StatusBands, status, target_gap
from qualepref.sub_periods import within_rounding

__all__ = [
    "Dashboard",
    "DashboardRow",
    "build_dashboard",
    "example_inputs",
    "period_status",
    "target_applies_to_quarters",
]


@attrs.frozen
class DashboardRow:
    """One indicator's line of the tableau.

    Examples:
        >>> row = build_dashboard(*example_inputs(), measured_only=True).rows[0]
        >>> row.indicator.id, row.annual.state.label
        ('copil', 'valeur')
    """

    indicator: IndicatorDefinition
    """The indicator, as the préfecture defines it."""
    module: str
    """« 1 — Relation générale avec l'usager », or « Pilotage »."""
    engagement: str
    """« 1 et 11 », « 17 », or the pilotage code « IV-1 »."""
    target: float | None
    """The cible for the year."""
    previous: IndicatorResult
    """The previous year's value (N-1)."""
    quarters: tuple[IndicatorResult, IndicatorResult, IndicatorResult, IndicatorResult]
    """T1 to T4."""
    annual: IndicatorResult
    """The year."""
    gap: Gap
    """The annual value's gap to the cible (positive: a shortfall)."""
    status: Status
    """The annual value's status."""
    observations: tuple[str, ...]
    """Notes entered with the measurements, and what the computation needs to say."""
    previous_status: Status
    """N-1's status, against N-1's cible."""
    quarter_statuses: tuple[Status, Status, Status, Status]
    """Each quarter's status, against the year's cible when it applies to a quarter."""
    evolution: Evolution
    """The year against N-1."""
    months: tuple[IndicatorResult, ...] = ()
    """January to December, in a monthly tableau (``by="month"``); empty otherwise."""
    month_statuses: tuple[Status, ...] = ()
    """Each month's status, in a monthly tableau."""
    national_median: str | None = None
    """The year's « médiane nationale » as written (« 76,59 % », « — » when none), when
    the tableau was given a national view; ``None`` otherwise."""

    @property
    def parts(self) -> tuple[IndicatorResult, ...]:
        """The periods shown between N-1 and the year: the months, or the quarters."""
        return self.months or self.quarters

    @property
    def statuses(self) -> tuple[Status, ...]:
        """N-1's, each part's and the year's statuses, in the columns' order."""
        parts = self.month_statuses if self.months else self.quarter_statuses
        return (self.previous_status, *parts, self.status)

    @property
    def measured(self) -> bool:
        """Whether any value, state or note was entered for the year or the year before."""
        cells = (self.previous, *self.quarters, self.annual)
        return any(c.state is not CellState.NON_RENSEIGNE for c in cells) or bool(self.observations)


@attrs.frozen
class Dashboard:
    """A tableau de bord for one year.

    Examples:
        >>> dashboard = build_dashboard(*example_inputs(), measured_only=True)
        >>> dashboard.year, len(dashboard.rows), dashboard.mean_of_values
        (2022, 1, False)
    """

    year: int
    title: str
    rows: tuple[DashboardRow, ...]
    mean_of_values: bool = False
    """Whether values without components were averaged (the spreadsheet habit), marked ``*``."""
    bands: StatusBands = DEFAULT_BANDS
    by: str = "quarter"
    """``quarter`` (T1–T4 between N-1 and the year) or ``month`` (January to December)."""
    national: bool = False
    """Whether each row shows the « médiane nationale » beside its year."""


def example_inputs() -> tuple[Definitions, Measurements, int]:
    """A tiny tableau's inputs, for the examples: Isère's COPIL meetings in 2022.

    Examples:
        >>> definitions, measurements, year = example_inputs()
        >>> measurements, year
        (<Measurements: 4 observations>, 2022)
    """
    definitions = parse_definitions("[perimeter]\nmodules = [1]")
    rows = [
        Observation("copil", Quarter(2022, q), None, n) for q, n in [(1, 2), (2, 2), (3, 0), (4, 1)]
    ]
    return definitions, Measurements(rows), 2022


def build_dashboard(  # noqa: PLR0913 - the data, then keyword-only options
    definitions: Definitions,
    measurements: Measurements,
    year: int,
    *,
    mean_of_values: bool = False,
    measured_only: bool = False,
    bands: StatusBands = DEFAULT_BANDS,
    by: str = "quarter",
    national_medians: Mapping[str, str] | None = None,
) -> Dashboard:
    """The tableau de bord of ``year``: one row per indicator in scope, in order.

    Args:
        definitions: the préfecture's definitions (catalogue, perimeter, cibles).
        measurements: the measurements, any periods.
        year: the year of the tableau.
        mean_of_values: average values known without components (a quarter's rate) into
            the year, as spreadsheets do; every such value is marked ``*``. By default
            they are « non calculable ».
        measured_only: leave out the indicators with nothing entered for the year or N-1.
        bands: status bands (default: 25 % and 50 % of the cible).
        by: ``quarter`` (the default) or ``month``: which periods the tableau shows between
            N-1 and the year, each with its status.
        national_medians: the « médiane nationale » of the year by indicator, as written
            (``qualepref national``'s ``mediane`` column); a « Médiane nationale » column
            then follows the year, « — » for an indicator it does not give.

    Raises:
        ValueError: ``by`` is neither.

    Examples:
        >>> row = build_dashboard(*example_inputs(), measured_only=True).rows[0]
        >>> row.annual.value, row.target, row.status.label
        (5, 2.0, 'cible atteinte')
    """
    if by not in {"quarter", "month"}:
        msg = f"vue inconnue : {by!r} (attendu quarter ou month)"
        raise ValueError(msg)
    referentiel = definitions.referentiel
    period = Year(year)
    rows = []
    for indicator in definitions.indicators:
        periods: list[Period] = [period.previous(), *period.quarters(), period]
        results = [
            evaluate(referentiel, measurements, indicator.id, p, mean_of_values=mean_of_values)
            for p in periods
        ]
        previous, q1, q2, q3, q4, annual = results
        target = definitions.target(indicator.id, year)
        previous_target = definitions.target(indicator.id, year - 1)
        quarterly = target_applies_to_quarters(indicator)
        s1, s2, s3, s4 = (
            period_status(q, target if quarterly else None, indicator, bands)
            for q in (q1, q2, q3, q4)
        )
        months: tuple[IndicatorResult, ...] = ()
        if by == "month":
            months = tuple(
                evaluate(referentiel, measurements, indicator.id, m, mean_of_values=mean_of_values)
                for m in period.months()
            )
        row = DashboardRow(
            indicator=indicator,
            module=_module(definitions, indicator),
            engagement=_engagement(definitions, indicator),
            target=target,
            previous=previous,
            quarters=(q1, q2, q3, q4),
            annual=annual,
            gap=target_gap(annual.value, target, indicator.direction),
            status=period_status(annual, target, indicator, bands),
            observations=_observations(definitions, indicator, measurements, period, annual),
            previous_status=period_status(previous, previous_target, indicator, bands),
            quarter_statuses=(s1, s2, s3, s4),
            evolution=evolution(
                previous.value if previous.state is CellState.VALUE else None,
                annual.value if annual.state is CellState.VALUE else None,
                indicator.unit,
                indicator.direction,
            ),
            months=months,
            month_statuses=tuple(
                period_status(m, target if quarterly else None, indicator, bands) for m in months
            ),
            national_median=(
                None if national_medians is None else national_medians.get(indicator.id, "—")
            ),
        )
        if row.measured or not measured_only:
            rows.append(row)
    title = f"Tableau de bord Qual-e-pref {year}"
    if definitions.prefecture is not None and definitions.prefecture.name:
        title = f"{definitions.prefecture.name} — tableau de bord Qual-e-pref {year}"
    return Dashboard(
        year, title, tuple(rows), mean_of_values, bands, by, national_medians is not None
    )


def target_applies_to_quarters(indicator: IndicatorDefinition) -> bool:
    """Whether the year's cible judges each quarter too.

    A rate, a mean, a délai or a per-mille is the same kind of figure over a quarter as over
    the year: the cible applies. A count adds up: « 2 COPIL a year » says nothing of a
    quarter, so a count's cible is the year's, unless the catalogue (or the préfecture's
    file) gives the count a reference period of a quarter or a month (``per``).

    Examples:
        >>> from qualepref import load_referentiel
        >>> ref = load_referentiel()
        >>> [target_applies_to_quarters(ref.indicator(i)) for i in ("appels_aboutis", "copil")]
        [True, False]
        >>> from qualepref import Periodicity
        >>> copil = ref.indicator("copil").model_copy(update={"per": Periodicity.QUARTERLY})
        >>> target_applies_to_quarters(copil)
        True
    """
    if indicator.unit is not Unit.COUNT:
        return True
    return indicator.per is not None and indicator.per.months <= 3


def period_status(
    result: IndicatorResult,
    target: float | None,
    indicator: IndicatorDefinition,
    bands: StatusBands = DEFAULT_BANDS,
) -> Status:
    """The status of one period's cell: judged against ``target``, or why it is not.

    « non renseigné » when nothing was entered, « non calculable » for values without
    components, « pas de cible » without a cible for the period, « sans objet » when
    there was nothing to measure; otherwise met or short of the cible.

    Examples:
        >>> from qualepref import load_referentiel
        >>> from qualepref.measure_kinds import rate
        >>> from qualepref.periods import Quarter
        >>> calls = load_referentiel().indicator("appels_aboutis")
        >>> t4 = IndicatorResult("appels_aboutis", Quarter(2022, 4), CellState.VALUE,
        ...                      rate(8086, 10000))
        >>> period_status(t4, 0.9, calls).label
        'écart mineur'
        >>> period_status(IndicatorResult("appels_aboutis", Quarter(2022, 4),
        ...                               CellState.NON_CALCULABLE), 0.9, calls).label
        'non calculable'
    """
    if result.state is CellState.NON_RENSEIGNE:
        return Status.NOT_ENTERED
    if result.state is CellState.NON_CALCULABLE:
        return Status.NOT_COMPUTABLE
    return status(result.value, target, indicator.direction, bands)


def _module(definitions: Definitions, indicator: IndicatorDefinition) -> str:
    if indicator.programme is not None:
        return f"Programme {indicator.programme}"
    if indicator.module is None:
        return "Suivi et pilotage"
    module = definitions.referentiel.module(indicator.module)
    return f"{module.number} — {module.name}" if module.name else f"Module {module.number}"


def _engagement(definitions: Definitions, indicator: IndicatorDefinition) -> str:
    if indicator.requirement is not None:
        requirement = definitions.referentiel.requirement(indicator.requirement)
        return requirement.code or requirement.label
    numbers = [str(n) for n in indicator.engagement]
    if indicator.programme is not None:
        return "national"
    if len(numbers) > 1:
        return ", ".join(numbers[:-1]) + " et " + numbers[-1]
    return numbers[0] if numbers else "—"


def _observations(
    definitions: Definitions,
    indicator: IndicatorDefinition,
    measurements: Measurements,
    period: Year,
    annual: IndicatorResult,
) -> tuple[str, ...]:
    notes = list(measurements.notes(indicator.id, period))
    if annual.unweighted:
        notes.append("annuel * : moyenne non pondérée des valeurs, sans composantes")
    if annual.state is CellState.NON_CALCULABLE:
        notes.append("annuel non calculable : valeurs sans composantes (numérateur, dénominateur)")
    if annual.state is not CellState.NON_RENSEIGNE and not annual.complete:
        notes.append("année incomplète : des mois ou trimestres manquent")
    if annual.sample:
        notes.append("données d'échantillon")
    notes.extend(_entered_beside_components(definitions, indicator, measurements, period))
    return tuple(notes)


def _entered_beside_components(
    definitions: Definitions,
    indicator: IndicatorDefinition,
    measurements: Measurements,
    year: Year,
) -> list[str]:
    """A note for each value entered beside components that give another figure.

    The components win (they are what the value was computed from); the value entered is
    kept to check them, and a gap beyond rounding is said.
    """
    notes = []
    for entered in measurements.values_within(indicator.id, year):
        result = evaluate(definitions.referentiel, measurements, indicator.id, entered.period)
        reported, computed = result.reported, result.value
        if reported is None or computed is None or within_rounding(reported, computed):
            continue
        when = "" if entered.period == year else f"{entered.period} : "
        notes.append(
            f"{when}valeur saisie {format_value(reported, indicator.unit)}, calculée "
            f"{format_value(computed, indicator.unit)}"
        )
    return notes
