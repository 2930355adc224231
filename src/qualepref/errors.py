"""The library's exceptions.

Every error qualepref raises on bad input is a :class:`QualeprefError`, itself a
:class:`ValueError`, so ``except ValueError`` keeps working for callers who do not
care which check failed. Messages are in French, for the quality referents who read
them, and always say what was wrong and how to fix it.
"""

from __future__ import annotations

__all__ = [
    "AnswerBeforeReceiptError",
    "DateOutOfRangeError",
    "QualeprefError",
    "UnknownDepartementError",
]


class QualeprefError(ValueError):
    """Base class of every error raised by qualepref on bad input."""


class UnknownDepartementError(QualeprefError):
    """A département code that qualepref does not know (e.g. ``"20"`` or ``"99"``)."""


class DateOutOfRangeError(QualeprefError):
    """A date outside the span of years a calendar has holiday data for."""


class AnswerBeforeReceiptError(QualeprefError):
    """An answer dated before the receipt it answers."""
