"""Generate the survey answers and the mystery calls grid of the CLU of 10 March 2022.

The rows are synthetic: no respondent or call of the real survey is in them. Their
counts are the seed's (seed 001, « L'enquête de satisfaction auprès des usagers » and
« Les appels mystère »), read by ``qualepref enquete`` and ``qualepref mystere``:

- ``enquete-2021.xlsx``: 52 returns (6 August – 3 December 2021), one column per
  criterion of the ministry's questionnaire; each percentage is the satisfied answers
  (« très satisfait » or « satisfait ») over the answers with an opinion: 44 of 51
  give the courtesy's 86,3 %, 35 of 46 the waiting time's 76,1 %… The point numérique
  has 4 answers: « pas significatif », as the seed says.
- ``appels-mysteres-2022.xlsx``: 17 calls (10–21 May 2022), one column per criterion,
  « oui », « non » or « sans objet » (a criterion counts over the calls where it
  applied): 13 of 17 answered within 5 rings (76,5 %), 9 of the 12 transferred calls
  named the office (75 %), 12 of 14 took leave politely (85,7 %), 12 of 13 gave an
  answer (92,3 %), the others 100 %.

Run ``python examples/clu-mars-2022/generate.py`` to rewrite both workbooks; the same
seed gives the same workbooks, cell for cell (a test checks it).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

HERE = Path(__file__).parent
SEED = 20220310
RETURNS = 52
# question, satisfied, respondents (answers with an opinion), « sans avis » among the rest
SURVEY = (
    ("La courtoisie des agents en contact avec le public", 44, 51, 1),
    ("La disponibilité", 42, 51, 1),
    ("La prise en compte des personnes en situation de handicap", 8, 16, 30),
    ("La prise en compte des personnes en difficulté", 12, 19, 28),
    ("L'usage d'un langage compréhensible", 42, 51, 1),
    ("L'orientation des usagers", 41, 51, 1),
    ("La signalétique mise en place", 40, 51, 0),
    ("Les services disponibles à l'accueil", 34, 51, 1),
    ("Le confort des espaces d'accueil et d'attente", 38, 51, 1),
    ("La prise en compte de la confidentialité", 39, 51, 0),
    ("Le délai d'attente", 35, 46, 4),
    ("L'accueil téléphonique (serveur vocal interactif SVI)", 19, 28, 20),
    ("L'accueil téléphonique (standard)", 23, 28, 20),
    ("Le transfert d'appels", 23, 30, 18),
    ("Le point numérique", 3, 4, 40),
)
CALLS = 17
# criterion, « oui », calls where it applied
MYSTERY = (
    ("Serveur vocal interactif", 17, 17),
    ("Prise en charge en moins de 5 sonneries", 13, 17),
    ("Formule d'accueil", 17, 17),
    ("Courtoisie", 17, 17),
    ("Transfert d'appel", 12, 12),
    ("Identification du bureau concerné", 9, 12),
    ("Prise de congé", 12, 14),
    ("Réponse donnée à l'utilisateur", 12, 13),
)


def survey_rows(seed: int = SEED) -> list[list[object]]:
    """The 52 returns: a date, a service, then one answer per question."""
    rng = random.Random(seed)
    columns = []
    for _question, satisfied, respondents, no_opinion in SURVEY:
        answers = [rng.choice(("Très satisfait", "Satisfait")) for _ in range(satisfied)]
        answers += [
            rng.choice(("Peu satisfait", "Pas du tout satisfait"))
            for _ in range(respondents - satisfied)
        ]
        answers += ["Sans avis"] * no_opinion
        answers += [None] * (RETURNS - respondents - no_opinion)
        rng.shuffle(answers)
        columns.append(answers)
    first = dt.date(2021, 8, 6)
    days = sorted(first + dt.timedelta(days=rng.randrange(0, 120)) for _ in range(RETURNS))
    services = ("Accueil général (bâtiment A)", "Bureau de l'immigration et de l'intégration")
    return [
        [number + 1, days[number], rng.choice(services), *(column[number] for column in columns)]
        for number in range(RETURNS)
    ]


def mystery_rows(seed: int = SEED) -> list[list[object]]:
    """The 17 calls: number, date, who called, then « oui », « non » or « sans objet »."""
    rng = random.Random(seed + 1)
    columns = []
    for _criterion, yes, applied in MYSTERY:
        marks = ["Oui"] * yes + ["Non"] * (applied - yes) + ["Sans objet"] * (CALLS - applied)
        rng.shuffle(marks)
        columns.append(marks)
    days = sorted(
        dt.date(2022, 5, 10) + dt.timedelta(days=rng.randrange(0, 12)) for _ in range(CALLS)
    )
    return [
        [number + 1, days[number], "Contrôleur de gestion (préfecture de l'Ain)",
         *(column[number] for column in columns)]
        for number in range(CALLS)
    ]  # fmt: skip


def _book(title: str, header: list[str], rows: list[list[object]], path: Path) -> None:
    import openpyxl  # noqa: PLC0415 - only the workbooks need it
    from openpyxl.styles import Font  # noqa: PLC0415

    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = dt.datetime(2022, 3, 1, 9, 0)
    sheet = book.worksheets[0]
    sheet.title = "Réponses"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "A4"
    book.save(path)


def write_workbooks(folder: Path, seed: int = SEED) -> None:
    """Write ``enquete-2021.xlsx`` and ``appels-mysteres-2022.xlsx`` into ``folder``."""
    _book(
        "Enquête de satisfaction — accueil général et bureau de l'immigration (2021)",
        ["N°", "Date", "Service", *(question for question, *_ in SURVEY)],
        survey_rows(seed),
        folder / "enquete-2021.xlsx",
    )
    _book(
        "Appels mystères — mai 2022",
        ["Appel", "Date", "Appelant", *(criterion for criterion, *_ in MYSTERY)],
        mystery_rows(seed),
        folder / "appels-mysteres-2022.xlsx",
    )


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    write_workbooks(target)
    print(f"{RETURNS} réponses et {CALLS} appels écrits dans {target}")
