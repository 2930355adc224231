"""Generate a realistic year of one préfecture's tracked e-mails and letters (fixed seed).

The data is synthetic: no real person or request is in it. It is shaped on what the
Loire-Atlantique bilan 2022 describes: a main mailbox tracked all year (about 540
messages a month), two service mailboxes sampled one week in January and one in June,
letters of the courrier office, suggestion cards from the box in the hall, a few
requests from élus, and the usual mistakes of a hand-kept spreadsheet.

What the rows contain, on purpose:

- receipts on weekends, late in the evening (after the 17:30 cut-off), on public
  holidays and on the préfecture's closure day (27 May 2022, the Ascension bridge);
- acknowledgements (which are not answers), waiting replies announcing a délai (which
  are), answers on the substance, late answers, and requests still unanswered;
- two mailbox exports: one in French dates (``03/01/2022 17:45``), one with aware UTC
  timestamps (``2022-01-03T16:45:00Z``), as mail software writes them;
- a dozen faulty rows: impossible dates, month-first dates, two-digit years, an answer
  typed before its receipt, unknown channels and reply kinds.

Run ``python examples/suivi-2022/generate.py`` to rewrite ``suivi-2022.csv`` and
``suivi-2022.xlsx``; the same seed gives the same CSV file, byte for byte, and the same
workbook, cell for cell (a test checks both).

The workbook holds the same rows as a service keeps them in Excel: a « Synthèse » sheet,
then one sheet per month with a title above its header and a « Total » row under its
records; dates typed in French are real date cells (a date only, or a date and a time),
the mail export's UTC timestamps and the faulty entries stay text, as pasted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

from qualepref import Closure, WorkingCalendar

HERE = Path(__file__).parent
SEED = 2022
YEAR = 2022
HEADER = [
    "N°",
    "Date de réception",
    "Canal",
    "Service",
    "Objet",
    "Date de réponse",
    "Type de réponse",
    "Date de réponse 2",
    "Type de réponse 2",
]
PARIS = ZoneInfo("Europe/Paris")
SAMPLE_WEEKS = (
    (dt.date(2022, 1, 10), dt.date(2022, 1, 14)),
    (dt.date(2022, 6, 13), dt.date(2022, 6, 17)),
)
CLOSURE = dt.date(2022, 5, 27)
SNAPSHOT = dt.datetime(
    2023, 1, 6, 8, 0
)  # the file as the referent exports it: later replies do not exist yet

# (subject, weight) of the main mailbox; the words decide the indicator (see tracking.toml)
MAILBOX_SUBJECTS = (
    ("Demande d'information titre de séjour", 30),
    ("Naturalisation : état d'avancement", 18),
    ("Permis de conduire : question", 12),
    ("Certificat d'immatriculation", 10),
    ("Demande de renseignement", 14),
    ("Associations : déclaration", 4),
    ("Réclamation sur l'accueil", 2),
    ("Suggestion : horaires d'ouverture", 1),
    ("Question d'un élu sur une subvention", 1),
    ("Demande de rendez-vous du maire", 1),
)
LETTER_SUBJECTS = (
    ("Demande d'information", 60),
    ("Recours gracieux", 15),
    ("Réclamation", 3),
    ("Courrier de la mairie : intercommunalité", 4),
)


class _Year:
    """Random receipts and replies on the préfecture's calendar."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.calendar = WorkingCalendar.for_departement(
            "44", [Closure(CLOSURE, "Pont de l'Ascension")]
        )

    def moment(self, day: dt.date) -> dt.datetime:
        """A receipt time: office hours mostly, evenings and nights sometimes."""
        hour = self.rng.choices(
            (self.rng.randint(8, 17), self.rng.randint(18, 23), self.rng.randint(0, 7)), (80, 15, 5)
        )[0]
        return dt.datetime(day.year, day.month, day.day, hour, self.rng.randrange(60))

    def days(self, weekday_weight: float, weekend_weight: float) -> Iterator[dt.date]:
        """Every day of the year, repeated by how many requests it brings."""
        day = dt.date(YEAR, 1, 1)
        while day.year == YEAR:
            weight = weekday_weight if day.weekday() < 5 else weekend_weight
            if not self.calendar.is_working_day(day) and day.weekday() < 5:
                weight /= 3  # holidays and the closure: fewer, but some
            for _ in range(_poisson(self.rng, weight)):
                yield day
            day += dt.timedelta(days=1)

    def reply_at(self, received: dt.datetime, working_days: int, after: dt.datetime) -> dt.datetime:
        """A reply ``working_days`` jours ouvrés after the receipt, during office hours.

        Never before ``after`` (the receipt, or the previous reply).
        """
        start = self.calendar.next_working_day(received.date())
        day = self.calendar.add_working_days(start, working_days) if working_days else start
        moment = dt.datetime(
            day.year, day.month, day.day, self.rng.randint(8, 17), self.rng.randrange(60)
        )
        if moment <= after:
            moment = min(
                after + dt.timedelta(minutes=self.rng.randint(5, 90)),
                dt.datetime(after.year, after.month, after.day, 23, 59),
            )
        return moment

    def replies(self, received: dt.datetime, deadline: int) -> list[tuple[dt.datetime, str]]:
        """The replies to one request, in order: acknowledgement, waiting reply, substance."""
        rng = self.rng
        found: list[tuple[dt.datetime, str]] = []
        last = received
        if rng.random() < 0.12:
            last = received + dt.timedelta(minutes=rng.randint(1, 5))  # automatic reply
            found.append((last, rng.choice(("accusé", "AR", "Accusé de réception"))))
        late = rng.random() < 0.14
        if rng.random() < 0.08:  # a waiting reply within the délai, the answer much later
            last = self.reply_at(received, rng.randint(1, deadline), last)
            found.append((last, "attente"))
            late = True
        if rng.random() < 0.015:
            return [(moment, kind) for moment, kind in found if moment < SNAPSHOT]  # never answered
        spent = rng.randint(deadline + 1, deadline * 3) if late else _early(rng, deadline)
        found.append(
            (self.reply_at(received, spent, last), rng.choice(("fond", "", "Réponse", "fond")))
        )
        return found


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth), for counts of requests a day."""
    if mean > 30:  # Knuth's method underflows: a normal approximation is close enough
        return max(0, round(rng.gauss(mean, mean**0.5)))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _early(rng: random.Random, deadline: int) -> int:
    return min(deadline, int(rng.expovariate(1 / (deadline / 2.5))))


def _french(moment: dt.datetime, *, with_time: bool = True) -> str:
    return f"{moment:%d/%m/%Y %H:%M}" if with_time else f"{moment:%d/%m/%Y}"


def _utc(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=PARIS).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([c for c, _ in choices], [w for _, w in choices])[0]


def rows(seed: int = SEED, scale: float = 1.0) -> list[list[str]]:  # noqa: PLR0912 - one block per source
    """The tracking file's rows, in order of receipt, faulty rows included.

    ``scale`` multiplies the volume of the main mailbox and of letters (the benchmark
    uses it to make a million rows).
    """
    rng = random.Random(seed)
    year = _Year(rng)
    found: list[tuple[dt.datetime, list[str]]] = []

    def add(received: dt.datetime, cells: list[str]) -> None:
        found.append((received, cells))

    # The main mailbox, all year, in French dates.
    for day in year.days(weekday_weight=24 * scale, weekend_weight=5 * scale):
        received = year.moment(day)
        subject = _weighted(rng, MAILBOX_SUBJECTS)
        deadline = 4 if "rendez-vous" in subject else 5
        replies = year.replies(received, deadline)
        if "rendez-vous" in subject and replies and rng.random() < 0.8:
            meeting = year.reply_at(received, rng.randint(5, 14), replies[-1][0])
            replies.append((meeting, "rendez-vous"))
        cells = [
            _french(received),
            rng.choice(("courriel", "Courriel", "mail")),
            "BAL préfecture",
            subject,
        ]
        for moment, kind in replies[-2:]:
            cells += [_french(moment), kind]
        add(received, cells)

    # Two service mailboxes, sampled one week in January and one in June; UTC timestamps.
    for first, last in SAMPLE_WEEKS:
        day = first
        while day <= last:
            for service, volume in (("BAL séjour", 14), ("BAL naturalisation", 8)):
                for _ in range(_poisson(rng, volume)):
                    received = year.moment(day)
                    cells = [_utc(received), "courriel", service, "Demande d'information"]
                    for moment, kind in year.replies(received, 5)[-2:]:
                        cells += [_utc(moment), kind]
                    add(received, cells)
            day += dt.timedelta(days=1)

    # Letters: opened on working days, dated without a time.
    for day in year.days(weekday_weight=5 * scale, weekend_weight=0):
        subject = _weighted(rng, LETTER_SUBJECTS)
        deadline = 15 if "mairie" in subject else 10
        received = dt.datetime(day.year, day.month, day.day, 9)
        cells = [
            _french(received, with_time=False),
            rng.choice(("courrier", "Lettre")),
            "Bureau du courrier",
            subject,
        ]
        for moment, kind in year.replies(received, deadline)[-2:]:
            cells += [_french(moment, with_time=False), kind]
        add(received, cells)

    # Suggestion cards from the box in the hall, collected on Mondays.
    for week in range(1, 53, 6):
        day = dt.date.fromisocalendar(YEAR, week, 1)
        received = dt.datetime(day.year, day.month, day.day, 10)
        cells = [_french(received, with_time=False), "Urne", "Accueil", "Suggestion : signalétique"]
        for moment, kind in year.replies(received, 10)[-1:]:
            cells += [_french(moment, with_time=False), kind]
        add(received, cells)

    found.sort(key=lambda item: item[0])
    table = [cells + [""] * (len(HEADER) - 1 - len(cells)) for _, cells in found]

    # The mistakes of a hand-kept spreadsheet, at fixed places.
    mistakes = [
        ["31/02/2022 10:15", "courriel", "BAL préfecture", "Demande de renseignement", "", ""],
        [
            "02/14/2022 09:00",
            "courriel",
            "BAL préfecture",
            "Naturalisation : état d'avancement",
            "",
            "",
        ],
        ["05/03/22", "Lettre", "Bureau du courrier", "Demande d'information", "", ""],
        [
            "11/04/2022 14:00",
            "courriel",
            "BAL préfecture",
            "Permis de conduire : question",
            "08/04/2022 10:00",
            "fond",
        ],
        ["16/05/2022 11:30", "fax", "Bureau du courrier", "Demande d'information", "", ""],
        [
            "21/06/2022",
            "courrier",
            "Bureau du courrier",
            "Recours gracieux",
            "01/07/2022",
            "pigeon",
        ],
        ["", "courriel", "BAL préfecture", "Demande de renseignement", "12/07/2022", "fond"],
        [
            "07/09/2022 16:20",
            "courriel",
            "BAL préfecture",
            "Certificat d'immatriculation",
            "",
            "fond",
        ],
        ["13/10/2022 08:45", "Téléphone", "Standard", "Rappel demandé", "", ""],
        [
            "14/11/2022 09:10",
            "courriel",
            "BAL préfecture",
            "Demande d'information titre de séjour",
            "2022-11-40",
            "fond",
        ],
    ]
    for index, cells in enumerate(mistakes):
        position = (index + 1) * len(table) // (len(mistakes) + 1)
        table.insert(position, cells + [""] * (len(HEADER) - 1 - len(cells)))
    return [[str(number), *cells] for number, cells in enumerate(table, start=1)]


def write(path: Path, seed: int = SEED) -> int:
    """Write the tracking file (``;``, UTF-8 with BOM, as Excel saves it); return its rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    table = rows(seed)
    writer.writerows(table)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
    return len(table)


MONTHS = ("Janvier", "Février", "Mars", "Avril", "Mai", "Juin", "Juillet", "Août",
          "Septembre", "Octobre", "Novembre", "Décembre")  # fmt: skip


def _cell(text: str) -> object:
    """A cell as Excel keeps what was typed: French dates become date cells."""
    for pattern, kind in (("%d/%m/%Y %H:%M", "moment"), ("%d/%m/%Y", "day")):
        try:
            moment = dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
        return moment if kind == "moment" else moment.date()
    return text or None


def write_workbook(path: Path, seed: int = SEED) -> int:
    """Write the same rows as a workbook with one sheet per month; return its rows."""
    import openpyxl  # noqa: PLC0415 - only the workbook needs it
    from openpyxl.styles import Font  # noqa: PLC0415

    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = dt.datetime(2023, 1, 6, 8, 0)
    summary = book.create_sheet("Synthèse")
    book.remove(book.worksheets[0])
    summary.append(["Mois", "Demandes"])
    table = rows(seed)
    by_month: dict[int, list[list[object]]] = {}
    month = 1
    for cells in table:
        received = _cell(cells[1])
        if isinstance(received, dt.date) and received.year == YEAR:
            month = max(month, received.month)  # a typo never goes back a sheet
        by_month.setdefault(month, []).append([_cell(cell) for cell in cells])
    for number, name in enumerate(MONTHS, start=1):
        records = by_month.get(number, [])
        sheet = book.create_sheet(name)
        sheet.append([f"Suivi des courriels et courriers — {name.lower()} {YEAR}"])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append([])
        sheet.append(HEADER)
        for record in records:
            sheet.append(record)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "dd/mm/yyyy hh:mm"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
        sheet.append(["Total", len(records)])
        summary.append([name, len(records)])
        sheet.freeze_panes = "A4"
    book.save(path)
    return len(table)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "suivi-2022.csv"
    count = write(target)
    print(f"{count} lignes écrites dans {target}")
    workbook = target.with_suffix(".xlsx")
    write_workbook(workbook)
    print(f"{count} lignes écrites dans {workbook}, une feuille par mois")
