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
from qualepref.deadline import DayZeroReason, Deadline, DeadlineReport
from qualepref.departements import Departement, DepartementKind
from qualepref.errors import (
    AnswerBeforeReceiptError,
    DateOutOfRangeError,
    QualeprefError,
    UnknownDepartementError,
)
from qualepref.formulas import Formula, FormulaError
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

__all__ = [
    "AnswerBeforeReceiptError",
    "Closure",
    "Counter",
    "CounterKind",
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
    "Formula",
    "FormulaError",
    "Holiday",
    "HolidayKind",
    "IndicatorDefinition",
    "Level",
    "Module",
    "NotInReferentielError",
    "Periodicity",
    "Prefecture",
    "Provenance",
    "QualeprefError",
    "Referentiel",
    "Requirement",
    "Unit",
    "UnknownDepartementError",
    "WorkingCalendar",
    "check_definitions",
    "load_definitions",
    "load_referentiel",
    "parse_definitions",
]

__version__ = "0.1.0"
