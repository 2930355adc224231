"""Generate the Isère training register at the start of 2022 (fixed seed).

The agents are synthetic: they are named by made-up matricules, and no real person is in
the register. Their figures are the bilan 2022's (seed 002, « La formation des agents »
and « Le tutorat »), read on 01/01/2022 by ``qualepref formations``:

| rôle | agents concernés | à former en 2022 |
| --- | ---: | ---: |
| Accueil physique | 49 | 45 |
| Accueil téléphonique | 8 | 6 |
| CERT 38 (fraude) | 28 | 6 |
| Site Internet et réseaux sociaux | 2 | 2 |
| RQ | 1 | 0 |
| total | 88 | 59 |

and 21 tutorats engaged, by service: Accueil Général/DICII/SII 3, CERT PC 4, Bureau
asile, éloignement et contentieux 3, Bureau droit au séjour/DICII/SII 4, Plateforme
Naturalisation/DICII/SII 7. The bilan counts its conventions « à ce jour » (early 2023);
here they all began in 2021, so that they are counted on 01/01/2022 too.

Each agent due in 2022 is so for a reason a register shows: taken the post in 2021
(first training due within the year; a tutorat covers the wait for the 21), a last
training four years old or more, or never trained since an older prise de poste. Some
agents hold two roles (accueil physique and téléphonique): one row each.

Run ``python examples/isere-2022/generate_formations.py`` to rewrite ``formations.xlsx``;
the same seed gives the same workbook, cell for cell (a test checks it).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

HERE = Path(__file__).parent
SEED = 38_2022
HEADER = (
    "Agent",
    "Service",
    "Rôle",
    "Prise de poste",
    "Dernière formation",
    "Thème",
    "Début du tutorat",
    "Formation prévue",
)
ACCUEIL = "Accueil Général/DICII/SII"
SEJOUR = "Bureau droit au séjour/DICII/SII"
ASILE = "Bureau asile, éloignement et contentieux"
NATURALISATION = "Plateforme Naturalisation/DICII/SII"
CERT = "CERT PC"
# role as the register writes it, its services, agents concerned, agents due in 2022,
# tutorats by service among those due
ROLES = (
    ("Accueil physique", (ACCUEIL, SEJOUR, ASILE, NATURALISATION), 49, 45,
     {ACCUEIL: 3, ASILE: 3, SEJOUR: 4, NATURALISATION: 7}),
    ("Accueil téléphonique", (ACCUEIL,), 8, 6, {}),
    ("CERT 38 (fraude)", (CERT,), 28, 6, {CERT: 4}),
    ("Site Internet et réseaux sociaux", ("Bureau de la communication interministérielle",),
     2, 2, {}),
    ("RQ", ("Secrétariat général",), 1, 0, {}),
)  # fmt: skip
THEMES = {
    "Accueil physique": "L'écoute empathique au service de l'accueil",
    "Accueil téléphonique": "Accueil téléphonique",
    "CERT 38 (fraude)": "Lutte contre la fraude",
    "Site Internet et réseaux sociaux": "Site internet et comarquage",
    "RQ": "Démarche qualité Qual-e-pref",
}


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def rows(seed: int = SEED) -> list[tuple[object, ...]]:
    """The register's rows: agent, service, role, dates, theme, tutorat, planned."""
    rng = random.Random(seed)
    table: list[tuple[object, ...]] = []
    number = 100
    shared: list[str] = []  # accueil physique agents who also take calls
    for role, services, concerned, due, tutorats in ROLES:
        theme = THEMES[role]
        tutored = [service for service, count in tutorats.items() for _ in range(count)]
        for index in range(concerned):
            if role == "Accueil téléphonique" and index < len(shared):
                agent = shared[index]  # the same agent, a second role
            else:
                number += rng.randrange(1, 9)
                agent = f"M{number:04d}"
            service = services[index % len(services)]
            tutorat = planned = last = None
            if index < len(tutored):  # arrived in 2021, waiting under a tutorat
                service = tutored[index]
                started = _day(rng, dt.date(2021, 2, 1), dt.date(2021, 11, 30))
                tutorat = started + dt.timedelta(days=rng.randrange(3, 20))
                planned = _day(rng, dt.date(2022, 2, 1), dt.date(2022, 6, 30))
            elif index < due:  # due in 2022: arrived in 2021, or trained four years ago
                kind = index % 3
                started = _day(rng, dt.date(2008, 1, 1), dt.date(2017, 12, 31))
                if kind == 0:
                    started = _day(rng, dt.date(2021, 1, 15), dt.date(2021, 12, 15))
                elif kind == 1:
                    last = _day(rng, dt.date(2016, 1, 1), dt.date(2018, 12, 31))
                planned = _day(rng, dt.date(2022, 3, 1), dt.date(2022, 11, 30))
            else:  # up to date: trained in the last three years
                started = _day(rng, dt.date(2005, 1, 1), dt.date(2019, 12, 31))
                last = _day(rng, max(started, dt.date(2019, 1, 15)), dt.date(2021, 12, 15))
            if role == "Accueil physique" and index % 9 == 4 and len(shared) < 5:
                shared.append(agent)
            table.append(
                (agent, service, role, started, last, theme if last else None, tutorat, planned)
            )
    return table


def write_workbook(path: Path, seed: int = SEED) -> int:
    """Write the register as a workbook; return its number of rows."""
    import openpyxl  # noqa: PLC0415 - only the workbook needs it
    from openpyxl.styles import Font  # noqa: PLC0415

    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = dt.datetime(2022, 1, 3, 9, 0)
    sheet = book.worksheets[0]
    sheet.title = "Suivi 2022"
    sheet.append(["Suivi des formations Qual-e-pref — préfecture de l'Isère"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(list(HEADER))
    table = rows(seed)
    for row in table:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "A4"
    book.save(path)
    return len(table)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "formations.xlsx"
    count = write_workbook(target)
    print(f"{count} lignes écrites dans {target}")
