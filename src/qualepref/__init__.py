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
from qualepref.public_holidays import Closure, Holiday, HolidayKind

__all__ = [
    "AnswerBeforeReceiptError",
    "Closure",
    "DateOutOfRangeError",
    "DayZeroReason",
    "Deadline",
    "DeadlineReport",
    "Departement",
    "DepartementKind",
    "Holiday",
    "HolidayKind",
    "QualeprefError",
    "UnknownDepartementError",
    "WorkingCalendar",
]

__version__ = "0.1.0"
