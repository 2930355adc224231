"""Numbers written the French way: ``1 234,5``, ``−3``, ``70 %``, for tables and reports.

A decimal comma, a narrow no-break space between thousands, a true minus sign, and no
useless zeros; a rate of nothing is « sans objet », never ``0 %`` or ``#DIV/0!``.
"""

from __future__ import annotations

__all__ = ["NOT_APPLICABLE", "format_number", "format_percent"]

NOT_APPLICABLE = "sans objet"
"""What a figure with nothing to measure (a rate over no action) is written as."""


def format_number(number: float, decimals: int = 1) -> str:
    """A number written the French way, without useless zeros.

    Examples:
        >>> format_number(1234.5), format_number(2.0), format_number(0.4386, 2), format_number(-3)
        ('1\u202f234,5', '2', '0,44', '−3')
    """
    rounded = round(number, decimals)
    if rounded == int(rounded):
        text = f"{int(rounded):,}"
    else:
        text = f"{rounded:,.{decimals}f}".rstrip("0")
    text = text.replace(",", "\u202f").replace(".", ",")
    return text.replace("-", "\u2212")


def format_percent(rate: float | None, decimals: int = 0) -> str:
    """A rate (0.7) as a percentage (``70 %``); « sans objet » for ``None``.

    Examples:
        >>> format_percent(95 / 135), format_percent(0.765, 1), format_percent(None)
        ('70 %', '76,5 %', 'sans objet')
    """
    if rate is None:
        return NOT_APPLICABLE
    return f"{format_number(rate * 100, decimals)} %"
