"""The tableau de bord: indicators by quarter and year against their cibles, and its exports.

- :mod:`~qualepref.dashboard.table`: building the tableau (pure).
- :mod:`~qualepref.dashboard.cells`: how values and states are written, in French.
- :mod:`~qualepref.dashboard.text_formats`: CSV, Markdown and HTML.
- :mod:`~qualepref.dashboard.xlsx`: the spreadsheet, with coloured status cells (openpyxl).
- :mod:`~qualepref.dashboard.charts`: one PNG chart per indicator (matplotlib).
"""

from qualepref.dashboard.table import Dashboard, DashboardRow, build_dashboard

__all__ = ["Dashboard", "DashboardRow", "build_dashboard"]
