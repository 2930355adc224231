"""The morning follow-up: requests overdue or soon due, grouped by service, ready to send.

:func:`follow_up_groups` sorts the rows to chase by service, soonest échéance first;
:func:`write_follow_up` writes them as CSV (one row per request), HTML (a table per
service) or XLSX (a summary sheet, then one sheet per service).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from qualepref.output_files import atomic_path
from qualepref.spreadsheet_text import inert, sheet_text, text_cells_only
from qualepref.tracking.tracker import RowStatus, TrackedRow
from qualepref.words import normalize

__all__ = [
    "FOLLOW_UP_COLUMNS",
    "FollowUp",
    "ServiceFollowUp",
    "follow_up_groups",
    "needs_follow_up",
    "write_follow_up",
]

FOLLOW_UP_COLUMNS = ("service", "echeance", "statut", "indicateur", "ligne", "objet", "motif")
"""The columns of a follow-up list, in CSV and in each sheet or table."""
NO_SERVICE = "(sans service)"


def needs_follow_up(row: TrackedRow, horizon: dt.date) -> bool:
    """Whether a row is to chase: overdue, or pending with an échéance by ``horizon``.

    Examples:
        >>> import datetime as dt
        >>> needs_follow_up(TrackedRow(2, RowStatus.OVERDUE), dt.date(2022, 1, 3))
        True
    """
    if row.status is RowStatus.OVERDUE:
        return True
    return row.status is RowStatus.PENDING and row.due_date is not None and row.due_date <= horizon


@attrs.frozen
class FollowUp:
    """One request to chase."""

    where: str
    """The row in its file, as messages name it: ``suivi.xlsx[Mars]:14``."""
    service: str
    subject: str
    row: TrackedRow


@attrs.frozen
class ServiceFollowUp:
    """A service's requests to chase, soonest échéance first."""

    service: str
    requests: tuple[FollowUp, ...]

    @property
    def overdue(self) -> int:
        """How many are overdue."""
        return sum(1 for item in self.requests if item.row.status is RowStatus.OVERDUE)


def follow_up_groups(items: Iterable[FollowUp]) -> list[ServiceFollowUp]:
    """Requests grouped by service (by name, without case or accents), soonest first.

    Examples:
        >>> import datetime as dt
        >>> from qualepref.tracking.tracker import RowStatus
        >>> late = [FollowUp("s.csv:3", "Séjour", "", TrackedRow(3, RowStatus.OVERDUE)),
        ...         FollowUp("s.csv:2", "", "", TrackedRow(2, RowStatus.OVERDUE)),
        ...         FollowUp("s.csv:4", "séjour", "", TrackedRow(4, RowStatus.OVERDUE))]
        >>> [(group.service, len(group.requests)) for group in follow_up_groups(late)]
        [('Séjour', 2), ('(sans service)', 1)]
    """
    groups: dict[str, list[FollowUp]] = {}
    names: dict[str, str] = {}
    for item in items:
        key = normalize(item.service)
        names.setdefault(key, item.service.strip() or NO_SERVICE)
        groups.setdefault(key, []).append(item)
    ordered = sorted(groups, key=lambda key: (key == "", key))
    return [
        ServiceFollowUp(
            names[key],
            tuple(
                sorted(
                    groups[key],
                    key=lambda item: (item.row.due_date or dt.date.max, item.row.line or 0),
                )
            ),
        )
        for key in ordered
    ]


def _cells(item: FollowUp, service: str) -> list[object]:
    row = item.row
    return [
        service,
        row.due_date,
        row.status.label,
        row.indicator or "",
        item.where,
        item.subject,
        row.reason,
    ]


def _due(item: FollowUp) -> str:
    """The échéance as text files show it: jj/mm/aaaa."""
    return "" if item.row.due_date is None else f"{item.row.due_date:%d/%m/%Y}"


def write_follow_up(
    groups: Sequence[ServiceFollowUp], path: str | Path, kind: str, *, as_of: dt.date
) -> None:
    """Write the follow-up list as ``csv``, ``html`` or ``xlsx``, atomically.

    Examples:
        >>> import datetime as dt, tempfile, pathlib
        >>> late = [FollowUp("s.csv:3", "Séjour", "titre", TrackedRow(3, RowStatus.OVERDUE))]
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "relances.csv"
        >>> write_follow_up(follow_up_groups(late), target, "csv", as_of=dt.date(2022, 3, 1))
        >>> target.read_text(encoding="utf-8-sig").splitlines()[1]
        'Séjour;;sans réponse, échéance dépassée;;s.csv:3;titre;;1'
    """
    with atomic_path(path) as partial:
        if kind == "csv":
            _write_csv(groups, partial)
        elif kind == "html":
            partial.write_text(_html(groups, as_of), encoding="utf-8")
        else:
            _write_xlsx(groups, partial, as_of)


def _write_csv(groups: Sequence[ServiceFollowUp], path: Path) -> None:
    """One row per request, grouped by service, with the service's count in the last column."""
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        writer.writerow([*FOLLOW_UP_COLUMNS, "demandes_du_service"])
        for group in groups:
            for item in group.requests:
                cells = _cells(item, group.service)
                cells[1] = _due(item)
                writer.writerow([*(_as_text(cell) for cell in cells), len(group.requests)])


def _as_text(value: object) -> str:
    """Text a spreadsheet shows as typed, never runs as a formula."""
    return inert(str(value))


def _html(groups: Sequence[ServiceFollowUp], as_of: dt.date) -> str:
    total = sum(len(group.requests) for group in groups)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="fr"><head><meta charset="utf-8">',
        f"<title>Relances au {as_of:%d/%m/%Y}</title>",
        "<style>body{font-family:sans-serif}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:2px 6px}.en_retard{background:#F4B183}"
        ".en_attente{background:#FFEB9C}</style></head><body>",
        f"<h1>Relances au {as_of:%d/%m/%Y} : {total} demande(s)</h1>",
    ]
    for group in groups:
        parts.append(
            f"<h2>{html.escape(group.service)} : {len(group.requests)} demande(s), "
            f"dont {group.overdue} en retard</h2>"
        )
        parts.append(
            "<table><thead><tr>"
            + "".join(f"<th>{name}</th>" for name in FOLLOW_UP_COLUMNS[1:])
            + "</tr></thead><tbody>"
        )
        for item in group.requests:
            cells = _cells(item, group.service)[1:]
            cells[0] = _due(item)
            parts.append(
                f'<tr class="{item.row.status.value}">'
                + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in cells)
                + "</tr>"
            )
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _sheet_name(service: str, taken: set[str]) -> str:
    r"""A valid, unique sheet name: 31 characters at most, none of ``[]:*?/\\``.

    Line breaks and control characters, which a sheet's name cannot hold, become spaces.

    Examples:
        >>> _sheet_name("Titres: [séjour]\n\x08", set())
        'Titres- -séjour-'
    """
    printable = "".join(" " if c < " " else c for c in service)
    base = "".join("-" if c in "[]:*?/\\" else c for c in printable).strip(" '")[:28]
    base = base or "Service"
    name, number = base, 2
    while name.casefold() in taken:
        name = f"{base[:26]} {number}"
        number += 1
    taken.add(name.casefold())
    return name


def _write_xlsx(groups: Sequence[ServiceFollowUp], path: Path, as_of: dt.date) -> None:
    import openpyxl  # noqa: PLC0415 - optional dependency
    from openpyxl.styles import Font  # noqa: PLC0415

    book = openpyxl.Workbook()
    summary: Any = book.active
    summary.title = "Synthèse"
    summary.append([f"Relances au {as_of:%d/%m/%Y}"])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append(["service", "demandes", "dont en retard", "première échéance"])
    taken = {"synthèse"}
    for group in groups:
        first = group.requests[0].row.due_date
        summary.append([sheet_text(group.service), len(group.requests), group.overdue, first])
        summary.cell(row=summary.max_row, column=4).number_format = "dd/mm/yyyy"
        sheet = book.create_sheet(_sheet_name(group.service, taken))
        sheet.append(list(FOLLOW_UP_COLUMNS))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for item in group.requests:
            cells = _cells(item, group.service)
            sheet.append([sheet_text(cell) if isinstance(cell, str) else cell for cell in cells])
            sheet.cell(row=sheet.max_row, column=2).number_format = "dd/mm/yyyy"
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for letter, width in zip("ABCDEFG", (20, 12, 30, 28, 22, 40, 70), strict=True):
            sheet.column_dimensions[letter].width = width
    summary.column_dimensions["A"].width = 30
    text_cells_only(book)
    book.save(path)
