"""qualepref: the Qual-e-pref référentiel of French préfectures, as a typed library.

The public API is exactly what ``__all__`` lists; every other module and name is
internal and may change. Each name is imported when first used (PEP 562), so that
``import qualepref`` costs next to nothing and a script pays only for what it uses.

Examples:
    >>> import datetime as dt
    >>> from qualepref import Deadline, WorkingCalendar
    >>> cal = WorkingCalendar.for_departement("57")
    >>> Deadline(5, cal).due_date(dt.date(2025, 4, 17))  # Vendredi saint in Moselle
    datetime.date(2025, 4, 28)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers and editors see; at run time, __getattr__ below
    from qualepref.calendar import WorkingCalendar
    from qualepref.dashboard.table import Dashboard, DashboardRow, build_dashboard
    from qualepref.deadline import DayZeroReason, Deadline, DeadlineReport
    from qualepref.departements import Departement, DepartementKind
    from qualepref.errors import (
        AnswerBeforeReceiptError,
        DateOutOfRangeError,
        QualeprefError,
        UnknownDepartementError,
    )
    from qualepref.evaluation import (
        CellState,
        IndicatorResult,
        Measurements,
        Observation,
        evaluate,
    )
    from qualepref.evolutions import Evolution, Trend, evolution
    from qualepref.formulas import Formula, FormulaError
    from qualepref.french_numbers import format_number, format_percent
    from qualepref.improvement_plan import (
        Action,
        ActionStatus,
        PlanError,
        PlanReport,
        PlanRow,
        Progress,
        RealisationTable,
        plan_counters,
        plan_report,
        progress_on,
        realisation_table,
    )
    from qualepref.measure_kinds import (
        AggregationError,
        Count,
        Mean,
        MeanOfValues,
        Measure,
        MeasureError,
        MeasureKind,
        PerThousand,
        Rate,
        Ratio,
        ValueOnly,
        aggregate,
        mean,
        per_thousand,
        rate,
    )
    from qualepref.measurement_files import (
        MeasurementError,
        parse_measurements,
        read_measurement_files,
        read_measurements,
        write_measurements,
    )
    from qualepref.moments import MomentError, parse_day, parse_moment, parse_time_of_day
    from qualepref.periods import Month, Period, PeriodError, Quarter, Semester, Year, parse_period
    from qualepref.plan_files import PlanFileError, PlanRegister, RejectedAction, read_plan
    from qualepref.plan_formats import plan_csv, plan_markdown, plan_text
    from qualepref.public_holidays import Closure, Holiday, HolidayKind
    from qualepref.referentiel.container import Definitions, NotInReferentielError, Referentiel
    from qualepref.referentiel.issues import DefinitionError, DefinitionIssue, Level
    from qualepref.referentiel.loading import (
        check_definitions,
        load_definitions,
        load_referentiel,
        parse_definitions,
    )
    from qualepref.referentiel.models import (
        Counter,
        CounterKind,
        Direction,
        Engagement,
        IndicatorDefinition,
        Module,
        Periodicity,
        Prefecture,
        Provenance,
        Requirement,
        Unit,
    )
    from qualepref.referentiel.plan_settings import PlanColumns, PlanSettings, default_plan
    from qualepref.referentiel.shapes import Shape, shape_of
    from qualepref.referentiel.tracking_flows import check_flows
    from qualepref.referentiel.tracking_settings import (
        Columns,
        Flow,
        ReplyKind,
        SampleWindow,
        TrackingSettings,
        default_tracking,
    )
    from qualepref.statuses import DEFAULT_BANDS, Gap, Status, StatusBands, status, target_gap
    from qualepref.survey_statistics import (
        SMALL_SAMPLE,
        Interval,
        ProportionChange,
        SurveyError,
        compare_proportions,
        wilson_interval,
    )
    from qualepref.table_files import SkippedSheet
    from qualepref.tracking.reading import TrackingFile, open_tracking_file
    from qualepref.tracking.tallies import Summary, Tally
    from qualepref.tracking.track_file import TrackedFile, track_file
    from qualepref.tracking.tracker import (
        MeasuredFlow,
        RowStatus,
        RowTracker,
        TrackedRow,
        Tracker,
        TrackingError,
    )
    from qualepref.tracking.writing import ADDED_COLUMNS, RowWriter

_WHERE = {
    "Action": "qualepref.improvement_plan",
    "ActionStatus": "qualepref.improvement_plan",
    "PlanError": "qualepref.improvement_plan",
    "PlanReport": "qualepref.improvement_plan",
    "PlanRow": "qualepref.improvement_plan",
    "RealisationTable": "qualepref.improvement_plan",
    "Progress": "qualepref.improvement_plan",
    "plan_counters": "qualepref.improvement_plan",
    "plan_report": "qualepref.improvement_plan",
    "progress_on": "qualepref.improvement_plan",
    "realisation_table": "qualepref.improvement_plan",
    "PlanFileError": "qualepref.plan_files",
    "PlanRegister": "qualepref.plan_files",
    "RejectedAction": "qualepref.plan_files",
    "read_plan": "qualepref.plan_files",
    "plan_csv": "qualepref.plan_formats",
    "plan_markdown": "qualepref.plan_formats",
    "plan_text": "qualepref.plan_formats",
    "PlanColumns": "qualepref.referentiel.plan_settings",
    "PlanSettings": "qualepref.referentiel.plan_settings",
    "default_plan": "qualepref.referentiel.plan_settings",
    "format_number": "qualepref.french_numbers",
    "format_percent": "qualepref.french_numbers",
    "ADDED_COLUMNS": "qualepref.tracking.writing",
    "AggregationError": "qualepref.measure_kinds",
    "AnswerBeforeReceiptError": "qualepref.errors",
    "CellState": "qualepref.evaluation",
    "Closure": "qualepref.public_holidays",
    "Columns": "qualepref.referentiel.tracking_settings",
    "Count": "qualepref.measure_kinds",
    "Counter": "qualepref.referentiel.models",
    "CounterKind": "qualepref.referentiel.models",
    "DEFAULT_BANDS": "qualepref.statuses",
    "Dashboard": "qualepref.dashboard.table",
    "DashboardRow": "qualepref.dashboard.table",
    "DateOutOfRangeError": "qualepref.errors",
    "DayZeroReason": "qualepref.deadline",
    "Deadline": "qualepref.deadline",
    "DeadlineReport": "qualepref.deadline",
    "DefinitionError": "qualepref.referentiel.issues",
    "DefinitionIssue": "qualepref.referentiel.issues",
    "Definitions": "qualepref.referentiel.container",
    "Departement": "qualepref.departements",
    "DepartementKind": "qualepref.departements",
    "Direction": "qualepref.referentiel.models",
    "Engagement": "qualepref.referentiel.models",
    "Evolution": "qualepref.evolutions",
    "Flow": "qualepref.referentiel.tracking_settings",
    "Formula": "qualepref.formulas",
    "FormulaError": "qualepref.formulas",
    "Gap": "qualepref.statuses",
    "Holiday": "qualepref.public_holidays",
    "HolidayKind": "qualepref.public_holidays",
    "IndicatorDefinition": "qualepref.referentiel.models",
    "IndicatorResult": "qualepref.evaluation",
    "Interval": "qualepref.survey_statistics",
    "Level": "qualepref.referentiel.issues",
    "Mean": "qualepref.measure_kinds",
    "MeanOfValues": "qualepref.measure_kinds",
    "Measure": "qualepref.measure_kinds",
    "MeasureError": "qualepref.measure_kinds",
    "MeasureKind": "qualepref.measure_kinds",
    "MeasuredFlow": "qualepref.tracking.tracker",
    "MeasurementError": "qualepref.measurement_files",
    "Measurements": "qualepref.evaluation",
    "Module": "qualepref.referentiel.models",
    "MomentError": "qualepref.moments",
    "Month": "qualepref.periods",
    "NotInReferentielError": "qualepref.referentiel.container",
    "Observation": "qualepref.evaluation",
    "PerThousand": "qualepref.measure_kinds",
    "Period": "qualepref.periods",
    "PeriodError": "qualepref.periods",
    "Periodicity": "qualepref.referentiel.models",
    "Prefecture": "qualepref.referentiel.models",
    "ProportionChange": "qualepref.survey_statistics",
    "Provenance": "qualepref.referentiel.models",
    "QualeprefError": "qualepref.errors",
    "Quarter": "qualepref.periods",
    "Rate": "qualepref.measure_kinds",
    "Ratio": "qualepref.measure_kinds",
    "Referentiel": "qualepref.referentiel.container",
    "ReplyKind": "qualepref.referentiel.tracking_settings",
    "Requirement": "qualepref.referentiel.models",
    "RowStatus": "qualepref.tracking.tracker",
    "RowTracker": "qualepref.tracking.tracker",
    "RowWriter": "qualepref.tracking.writing",
    "SMALL_SAMPLE": "qualepref.survey_statistics",
    "SampleWindow": "qualepref.referentiel.tracking_settings",
    "Semester": "qualepref.periods",
    "Shape": "qualepref.referentiel.shapes",
    "SkippedSheet": "qualepref.table_files",
    "Status": "qualepref.statuses",
    "StatusBands": "qualepref.statuses",
    "Summary": "qualepref.tracking.tallies",
    "SurveyError": "qualepref.survey_statistics",
    "Tally": "qualepref.tracking.tallies",
    "TrackedFile": "qualepref.tracking.track_file",
    "TrackedRow": "qualepref.tracking.tracker",
    "Tracker": "qualepref.tracking.tracker",
    "TrackingError": "qualepref.tracking.tracker",
    "TrackingFile": "qualepref.tracking.reading",
    "TrackingSettings": "qualepref.referentiel.tracking_settings",
    "Trend": "qualepref.evolutions",
    "Unit": "qualepref.referentiel.models",
    "UnknownDepartementError": "qualepref.errors",
    "ValueOnly": "qualepref.measure_kinds",
    "WorkingCalendar": "qualepref.calendar",
    "Year": "qualepref.periods",
    "aggregate": "qualepref.measure_kinds",
    "build_dashboard": "qualepref.dashboard.table",
    "check_definitions": "qualepref.referentiel.loading",
    "check_flows": "qualepref.referentiel.tracking_flows",
    "compare_proportions": "qualepref.survey_statistics",
    "default_tracking": "qualepref.referentiel.tracking_settings",
    "evaluate": "qualepref.evaluation",
    "evolution": "qualepref.evolutions",
    "load_definitions": "qualepref.referentiel.loading",
    "load_referentiel": "qualepref.referentiel.loading",
    "mean": "qualepref.measure_kinds",
    "open_tracking_file": "qualepref.tracking.reading",
    "parse_day": "qualepref.moments",
    "parse_definitions": "qualepref.referentiel.loading",
    "parse_measurements": "qualepref.measurement_files",
    "parse_moment": "qualepref.moments",
    "parse_period": "qualepref.periods",
    "parse_time_of_day": "qualepref.moments",
    "per_thousand": "qualepref.measure_kinds",
    "rate": "qualepref.measure_kinds",
    "read_measurement_files": "qualepref.measurement_files",
    "read_measurements": "qualepref.measurement_files",
    "shape_of": "qualepref.referentiel.shapes",
    "status": "qualepref.statuses",
    "target_gap": "qualepref.statuses",
    "track_file": "qualepref.tracking.track_file",
    "wilson_interval": "qualepref.survey_statistics",
    "write_measurements": "qualepref.measurement_files",
}
"""The module each public name lives in."""

__all__ = [
    "ADDED_COLUMNS",
    "DEFAULT_BANDS",
    "SMALL_SAMPLE",
    "Action",
    "ActionStatus",
    "AggregationError",
    "AnswerBeforeReceiptError",
    "CellState",
    "Closure",
    "Columns",
    "Count",
    "Counter",
    "CounterKind",
    "Dashboard",
    "DashboardRow",
    "DateOutOfRangeError",
    "DayZeroReason",
    "Deadline",
    "DeadlineReport",
    "DefinitionError",
    "DefinitionIssue",
    "Definitions",
    "Departement",
    "DepartementKind",
    "Direction",
    "Engagement",
    "Evolution",
    "Flow",
    "Formula",
    "FormulaError",
    "Gap",
    "Holiday",
    "HolidayKind",
    "IndicatorDefinition",
    "IndicatorResult",
    "Interval",
    "Level",
    "Mean",
    "MeanOfValues",
    "Measure",
    "MeasureError",
    "MeasureKind",
    "MeasuredFlow",
    "MeasurementError",
    "Measurements",
    "Module",
    "MomentError",
    "Month",
    "NotInReferentielError",
    "Observation",
    "PerThousand",
    "Period",
    "PeriodError",
    "Periodicity",
    "PlanColumns",
    "PlanError",
    "PlanFileError",
    "PlanRegister",
    "PlanReport",
    "PlanRow",
    "PlanSettings",
    "Prefecture",
    "Progress",
    "ProportionChange",
    "Provenance",
    "QualeprefError",
    "Quarter",
    "Rate",
    "Ratio",
    "RealisationTable",
    "Referentiel",
    "RejectedAction",
    "ReplyKind",
    "Requirement",
    "RowStatus",
    "RowTracker",
    "RowWriter",
    "SampleWindow",
    "Semester",
    "Shape",
    "SkippedSheet",
    "Status",
    "StatusBands",
    "Summary",
    "SurveyError",
    "Tally",
    "TrackedFile",
    "TrackedRow",
    "Tracker",
    "TrackingError",
    "TrackingFile",
    "TrackingSettings",
    "Trend",
    "Unit",
    "UnknownDepartementError",
    "ValueOnly",
    "WorkingCalendar",
    "Year",
    "aggregate",
    "build_dashboard",
    "check_definitions",
    "check_flows",
    "compare_proportions",
    "default_plan",
    "default_tracking",
    "evaluate",
    "evolution",
    "format_number",
    "format_percent",
    "load_definitions",
    "load_referentiel",
    "mean",
    "open_tracking_file",
    "parse_day",
    "parse_definitions",
    "parse_measurements",
    "parse_moment",
    "parse_period",
    "parse_time_of_day",
    "per_thousand",
    "plan_counters",
    "plan_csv",
    "plan_markdown",
    "plan_report",
    "plan_text",
    "progress_on",
    "rate",
    "read_measurement_files",
    "read_measurements",
    "read_plan",
    "realisation_table",
    "shape_of",
    "status",
    "target_gap",
    "track_file",
    "wilson_interval",
    "write_measurements",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Import a public name on first use, then keep it here."""
    module = _WHERE.get(name)
    if module is None:
        msg = f"module 'qualepref' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
