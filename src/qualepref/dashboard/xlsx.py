"""The tableau de bord as an Excel workbook, status cells coloured like the préfectures' sheets.

Needs ``openpyxl``: ``pip install 'qualepref[xlsx]'``. Values are real numbers with
number formats (a rate is 0.9148 shown 91,48 %), so that the sheet computes; cells
without a value say why in words. A second sheet, « Calcul », lists every cell with its
components, so that each annual figure can be traced.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from qualepref.dashboard.cells import UNWEIGHTED_MARK, cell_text, evolution_text, gap_text
from qualepref.dashboard.table import Dashboard, DashboardRow
from qualepref.dashboard.text_formats import HEADERS, UNWEIGHTED_LEGEND, headers, legend
from qualepref.errors import QualeprefError
from qualepref.evaluation import CellState, IndicatorResult
from qualepref.referentiel.models import Periodicity, Unit
from qualepref.spreadsheet_text import sheet_text, text_cells_only
from qualepref.statuses import Status

__all__ = ["NUMBER_FORMATS", "openpyxl_module", "write_xlsx"]

NUMBER_FORMATS = {
    Unit.RATE: "0.00%",
    Unit.PER_THOUSAND: '0.00" ‰"',
    Unit.WORKING_DAYS: '0.0" j"',
    Unit.CALENDAR_DAYS: '0.0" j"',
    Unit.COUNT: "0.##",
}
_WIDTHS = (28, 11, 30, 60, 13, 10, 15, 15, 15, 15, 15, 16, 10, 24, 26, 60)


def openpyxl_module() -> Any:
    """openpyxl, or a French error saying how to install it."""
    try:
        import openpyxl  # noqa: PLC0415 - an optional dependency, loaded when asked for
    except ImportError:  # pragma: no cover - depends on the installation
        msg = "l'export XLSX demande openpyxl : pip install 'qualepref[xlsx]'"
        raise QualeprefError(msg) from None
    return openpyxl


def _value_cell(  # noqa: PLR0913 - a cell, what it shows, and how
    cell: Any,
    result: IndicatorResult,
    unit: Unit,
    periodicity: Periodicity | None,
    *,
    muted: Any,
    status: Status,
) -> None:
    """A number with its format (marked `*` when unweighted), or the reason there is none.

    A judged cell is filled with its status's colour, and its symbol (✓ ◔ ◑ ●) follows
    the number, so that the status survives black-and-white printing.
    """
    value = result.value
    if value is None:
        cell.value = cell_text(result, unit, periodicity)
        cell.font = muted
        return
    cell.value = value
    mark = f" {UNWEIGHTED_MARK}" if result.unweighted else ""
    symbol = f" {status.symbol}" if status.judged else ""
    cell.number_format = _with_text(NUMBER_FORMATS[unit], f"{mark}{symbol}")
    if status.color:
        from openpyxl.styles import PatternFill  # noqa: PLC0415 - optional

        cell.fill = PatternFill("solid", fgColor=status.color)


def _with_text(number_format: str, text: str) -> str:
    """A number format that writes ``text`` after the number.

    Examples:
        >>> _with_text('0.0" j"', " ◑"), _with_text("0.00%", " *"), _with_text("0.00%", "")
        ('0.0" j ◑"', '0.00%" *"', '0.00%')
    """
    if not text:
        return number_format
    if number_format.endswith('"'):
        return f'{number_format[:-1]}{text}"'
    return f'{number_format}"{text}"'


def write_xlsx(
    dashboard: Dashboard,
    path: str | Path | BinaryIO,
    *,
    charts: Mapping[str, bytes] | None = None,
) -> None:
    """Write ``dashboard`` to the workbook ``path`` (a file name or a binary stream).

    The first sheet is the tableau, the second the computation of every cell, then, when
    ``charts`` are given (PNG bytes by indicator id), a « Graphiques » sheet with them.

    Examples:
        >>> import tempfile, pathlib
        >>> from qualepref.dashboard.table import example_inputs, build_dashboard
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "tableau.xlsx"
        >>> write_xlsx(build_dashboard(*example_inputs(), measured_only=True), target)
        >>> target.stat().st_size > 4000
        True
    """
    openpyxl = openpyxl_module()
    from openpyxl.styles import Alignment, Font, PatternFill  # noqa: PLC0415 - optional

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tableau de bord"
    sheet.cell(row=1, column=1, value=sheet_text(dashboard.title)).font = Font(bold=True, size=14)
    header_fill = PatternFill("solid", fgColor="1F3864")
    muted = Font(italic=True, color="555555")
    shown = headers(dashboard.by, dashboard.national)
    parts = len(shown) - len(HEADERS) - dashboard.national + 4  # 4 quarters, or 12 months
    median = (_WIDTHS[11],) if dashboard.national else ()
    widths = (*_WIDTHS[:7], *(_WIDTHS[7],) * parts, _WIDTHS[11], *median, *_WIDTHS[12:])
    for column, header in enumerate(shown, start=1):
        cell = sheet.cell(row=3, column=column, value=header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = width
    for offset, row in enumerate(dashboard.rows):
        _row(sheet, 4 + offset, row, muted)
    footer = 5 + len(dashboard.rows)
    sheet.cell(row=footer, column=1, value=legend(dashboard))
    if dashboard.mean_of_values:
        sheet.cell(row=footer + 1, column=1, value=UNWEIGHTED_LEGEND)
    sheet.freeze_panes = "F4"
    _computation_sheet(book, dashboard)
    if charts:
        _charts_sheet(book, dashboard, charts)
    text_cells_only(book)
    book.save(path if hasattr(path, "write") else Path(path))


def _row(sheet: Any, line: int, row: DashboardRow, muted: Any) -> None:
    """One indicator's line: its words, its cible, each period's value and status, notes."""
    from openpyxl.styles import Alignment, PatternFill  # noqa: PLC0415 - optional

    indicator = row.indicator
    unit, periodicity = indicator.unit, indicator.periodicity
    for column, text in enumerate(
        (row.module, row.engagement, indicator.id, indicator.label, periodicity.label), start=1
    ):
        sheet.cell(row=line, column=column, value=sheet_text(text)).alignment = Alignment(
            wrap_text=True, vertical="top"
        )
    target = sheet.cell(row=line, column=6)
    if row.target is None:
        target.value = "—"
    else:
        target.value = row.target
        per = f" par {indicator.per.noun}" if indicator.per is not None else ""
        target.number_format = _with_text(NUMBER_FORMATS[unit], per)
    previous, *part_statuses, annual = row.statuses
    first = sheet.cell(row=line, column=7)
    _value_cell(first, row.previous, unit, None, muted=muted, status=previous)
    for k, (part, part_status) in enumerate(zip(row.parts, part_statuses, strict=True)):
        cell = sheet.cell(row=line, column=8 + k)
        _value_cell(cell, part, unit, periodicity, muted=muted, status=part_status)
    after = 8 + len(row.parts)  # the year, then the gap, the evolution, the status, the notes
    last = sheet.cell(row=line, column=after)
    _value_cell(last, row.annual, unit, None, muted=muted, status=annual)
    if row.national_median is not None:  # the « médiane nationale », as written
        after += 1
        sheet.cell(row=line, column=after, value=sheet_text(row.national_median))
    sheet.cell(row=line, column=after + 1, value=gap_text(row.gap))
    sheet.cell(row=line, column=after + 2, value=evolution_text(row.evolution))
    judged = f"{row.status.symbol} {row.status.label}" if row.status.judged else None
    status = sheet.cell(row=line, column=after + 3, value=judged or row.status.label)
    if row.status.color:
        status.fill = PatternFill("solid", fgColor=row.status.color)
    notes = sheet.cell(row=line, column=after + 4, value=sheet_text(" ; ".join(row.observations)))
    notes.alignment = Alignment(wrap_text=True, vertical="top")


def _computation_sheet(book: Any, dashboard: Dashboard) -> None:
    sheet = book.create_sheet("Calcul")
    headers = (
        "indicateur",
        "periode",
        "etat",
        "valeur",
        "mesure",
        "composantes",
        "complet",
        "echantillon",
    )
    sheet.append(headers)
    for row in dashboard.rows:
        for result in (row.previous, *row.parts, row.annual):
            measure = result.measure
            components = (
                ""
                if measure is None
                else ", ".join(f"{k} = {v:g}" for k, v in measure.components().items())
            )
            state = result.state.label + (f" ({UNWEIGHTED_MARK})" if result.unweighted else "")
            sheet.append(
                (
                    result.indicator,
                    str(result.period),
                    state
                    if result.state is not CellState.VALUE or result.value is not None
                    else "sans objet",
                    result.value,
                    "" if measure is None else measure.kind.label,
                    components,
                    "oui" if result.complete else "non",
                    "oui" if result.sample else "non",
                )
            )


def _charts_sheet(book: Any, dashboard: Dashboard, charts: Mapping[str, bytes]) -> None:
    """A sheet of images, one chart under the other (a chart is about 19 rows high)."""
    from openpyxl.drawing.image import Image  # noqa: PLC0415 - optional, with Pillow

    sheet = book.create_sheet("Graphiques")
    row_number = 1
    for row in dashboard.rows:
        png = charts.get(row.indicator.id)
        if png is None:
            continue
        sheet.cell(row=row_number, column=1, value=sheet_text(row.indicator.label))
        sheet.add_image(Image(io.BytesIO(png)), f"A{row_number + 1}")
        row_number += 21
