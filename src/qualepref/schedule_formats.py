"""The échéancier out: a text table, a workbook, an iCalendar file for Outlook or Thunderbird.

The iCalendar file holds one all-day event per obligation on its due date, with a
reminder a week before for what is not done. Each event's UID is made of the
obligation's key (``copil-2022-T1``, ``plan-12``) and the préfecture: exported again
after a change, the same obligations update the same events (a later export carries a
higher SEQUENCE, the number of days from 2000 to the date d'arrêté), never duplicates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from qualepref.errors import QualeprefError
from qualepref.french_dates import short_date
from qualepref.obligations import DueState, Obligation
from qualepref.output_files import atomic_path
from qualepref.spreadsheet_text import sheet_text, text_cells_only

__all__ = ["REMINDER_DAYS", "schedule_ics", "schedule_text", "write_schedule_xlsx"]

REMINDER_DAYS = 7
"""How many days before its due date an open obligation's reminder rings."""
_HEADERS = ("Échéance", "Obligation", "État", "Fait le", "Observation")
_EPOCH = dt.date(2000, 1, 1)


def _state_text(obligation: Obligation) -> str:
    if obligation.state is DueState.TO_DO:
        return f"à faire avant le {short_date(obligation.due)}"
    return obligation.state.label


def _cells(obligation: Obligation) -> list[str]:
    return [
        short_date(obligation.due),
        obligation.label,
        _state_text(obligation),
        short_date(obligation.done_on) if obligation.done_on else "",
        obligation.note,
    ]


def schedule_text(obligations: Sequence[Obligation], *, title: str, as_of: dt.date) -> str:
    """The échéancier as the terminal shows it, by due date.

    Examples:
        >>> from qualepref.obligations import Frequency, PeriodicRule, Rules, schedule
        >>> rules = Rules((PeriodicRule("clu", "CLU", Frequency.YEAR),))
        >>> items = schedule(rules, [], dt.date(2022, 3, 1), year=2022)
        >>> print(schedule_text(items, title="Isère", as_of=dt.date(2022, 3, 1)))
        Échéancier Qual-e-pref — Isère, au 01/03/2022 : 1 obligation(s), 0 en retard
        <BLANKLINE>
        Échéance    Obligation        État
        31/12/2022  CLU — année 2022  à faire avant le 31/12/2022
        <BLANKLINE>
    """
    late = sum(o.state is DueState.OVERDUE for o in obligations)
    rows = [_cells(o) for o in obligations]
    used = [i for i in range(len(_HEADERS)) if i < 3 or any(row[i] for row in rows)]
    table = [[_HEADERS[i] for i in used], *([row[i] for i in used] for row in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(used))]
    lines = [
        f"Échéancier Qual-e-pref — {title}, au {short_date(as_of)} : {len(obligations)} "
        f"obligation(s), {late} en retard",
        "",
    ]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in table
    ]
    return "\n".join(lines) + "\n"


def write_schedule_xlsx(
    obligations: Sequence[Obligation], path: str | Path, *, title: str, as_of: dt.date
) -> None:
    """Write the échéancier as a workbook: dates as dates, a frozen header, filters.

    Raises:
        QualeprefError: openpyxl is missing (extra ``xlsx``).

    Examples:
        >>> import tempfile, pathlib
        >>> from qualepref.obligations import Frequency, PeriodicRule, Rules, schedule
        >>> items = schedule(Rules((PeriodicRule("clu", "CLU", Frequency.YEAR),)), [],
        ...                  dt.date(2022, 3, 1), year=2022)
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "echeancier.xlsx"
        >>> write_schedule_xlsx(items, target, title="Isère", as_of=dt.date(2022, 3, 1))
        >>> target.stat().st_size > 0
        True
    """
    try:
        import openpyxl  # noqa: PLC0415 - optional dependency
        from openpyxl.styles import Font  # noqa: PLC0415
    except ImportError:  # pragma: no cover - the test extra installs it
        msg = "écrire un classeur demande openpyxl : pip install 'qualepref[xlsx]'"
        raise QualeprefError(msg) from None
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook has its sheet
    sheet.title = "Échéancier"
    sheet.append([sheet_text(f"Échéancier Qual-e-pref — {title}, au {short_date(as_of)}")])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append([*_HEADERS, "Clé", "Source"])
    for obligation in obligations:
        sheet.append(
            [
                obligation.due,
                sheet_text(obligation.label),
                _state_text(obligation),
                obligation.done_on,
                sheet_text(obligation.note),
                obligation.key,
                sheet_text(obligation.source),
            ]
        )
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "A4"
    sheet.auto_filter.ref = f"A3:G{sheet.max_row}"
    text_cells_only(book)
    with atomic_path(path) as partial:
        book.save(partial)


def schedule_ics(
    obligations: Sequence[Obligation], *, title: str, as_of: dt.date, domain: str
) -> bytes:
    """The échéancier as an iCalendar file: one all-day event per obligation.

    ``domain`` names the préfecture in the UIDs (``qualepref-38``): two préfectures'
    calendars never share an event.

    Examples:
        >>> import icalendar
        >>> from qualepref.obligations import Frequency, PeriodicRule, Rules, schedule
        >>> rules = Rules((PeriodicRule("copil", "COPIL", Frequency.QUARTER),))
        >>> items = schedule(rules, [], dt.date(2022, 5, 1), year=2022)
        >>> ics = schedule_ics(items, title="Isère", as_of=dt.date(2022, 5, 1), domain="38")
        >>> events = icalendar.Calendar.from_ical(ics).walk("VEVENT")
        >>> [str(e["UID"]) for e in events][:2]
        ['copil-2022-T1@qualepref-38', 'copil-2022-T2@qualepref-38']
        >>> events[1]["DTSTART"].dt, len(events[1].walk("VALARM"))
        (datetime.date(2022, 6, 30), 1)
    """
    import icalendar  # noqa: PLC0415 - only the iCalendar export needs it

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//qualepref//échéancier Qual-e-pref//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Qual-e-pref — {title}")
    stamp = dt.datetime.combine(as_of, dt.time(), tzinfo=dt.UTC)
    for obligation in obligations:
        event = icalendar.Event()
        event.add("uid", f"{obligation.key}@qualepref-{domain}")
        event.add("dtstamp", stamp)
        event.add("sequence", (as_of - _EPOCH).days)
        event.add("dtstart", obligation.due)
        event.add("dtend", obligation.due + dt.timedelta(days=1))
        done = obligation.state is DueState.DONE
        summary = obligation.label + (" (fait)" if done else "")
        event.add("summary", summary)
        lines = [f"État au {short_date(as_of)} : {_state_text(obligation)}"]
        if obligation.done_on:
            lines.append(f"Fait le {short_date(obligation.done_on)}")
        lines += [text for text in (obligation.note, obligation.source) if text]
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["Qual-e-pref"])
        if not done:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", obligation.label)
            alarm.add("trigger", dt.timedelta(days=-REMINDER_DAYS))
            event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
