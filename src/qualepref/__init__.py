"""qualepref: the Qual-e-pref référentiel of French préfectures, as a typed library.

The public API is exactly what ``__all__`` lists; every other module and name is
internal and may change.

Example:
    >>> import datetime as dt
    >>> from qualepref import Deadline, WorkingCalendar
    >>> cal = WorkingCalendar.for_departement("57")
    >>> Deadline(5, cal).due_date(dt.date(2025, 4, 17))  # Vendredi saint in Moselle
    datetime.date(2025, 4, 28)
"""

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
from qualepref.evolution import Evolution, Trend, evolution
from qualepref.formulas import Formula, FormulaError
from qualepref.measurement_files import (
    MeasurementError,
    parse_measurements,
    read_measurement_files,
    read_measurements,
    write_measurements,
)
from qualepref.measurements import (
    CellState,
    IndicatorResult,
    Measurements,
    Observation,
    Shape,
    evaluate,
    shape_of,
)
from qualepref.measures import (
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
from qualepref.moments import MomentError, parse_day, parse_moment, parse_time_of_day
from qualepref.periods import Month, Period, PeriodError, Quarter, Semester, Year, parse_period
from qualepref.public_holidays import Closure, Holiday, HolidayKind
from qualepref.referentiel.catalogue import load_referentiel
from qualepref.referentiel.container import Definitions, NotInReferentielError, Referentiel
from qualepref.referentiel.issues import DefinitionError, DefinitionIssue, Level
from qualepref.referentiel.loading import check_definitions, load_definitions, parse_definitions
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
from qualepref.status import DEFAULT_BANDS, Gap, Status, StatusBands, status, target_gap
from qualepref.tracking.reading import SkippedSheet, TrackingFile, open_tracking_file
from qualepref.tracking.settings import (
    Columns,
    Flow,
    ReplyKind,
    SampleWindow,
    TrackingSettings,
    default_tracking,
)
from qualepref.tracking.tallies import Summary, Tally
from qualepref.tracking.tracker import (
    MeasuredFlow,
    RowStatus,
    RowTracker,
    TrackedRow,
    Tracker,
    TrackingError,
    check_flows,
)
from qualepref.tracking.writing import ADDED_COLUMNS, RowWriter

__all__ = [
    "ADDED_COLUMNS",
    "DEFAULT_BANDS",
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
    "Prefecture",
    "Provenance",
    "QualeprefError",
    "Quarter",
    "Rate",
    "Ratio",
    "Referentiel",
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
    "Tally",
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
    "default_tracking",
    "evaluate",
    "evolution",
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
    "rate",
    "read_measurement_files",
    "read_measurements",
    "shape_of",
    "status",
    "target_gap",
    "write_measurements",
]

__version__ = "0.1.0"
