"""Generate the Loire-Atlantique plan d'amélioration 2022 as a register (fixed seed).

The actions are synthetic: no real person is in them, and their titles are made from the
kinds of action the bilan 2022 lists as examples. Their totals are the bilan's (seed 003,
« Plan d'amélioration »):

- 135 actions, the plan « élaboré à compter d'octobre 2021 à l'issue de la phase
  d'auto-diagnostic » and completed at each step (audit interne in May 2022, surveys,
  audit externe in September 2022);
- by module, at 31/12/2022: Module 1 65 faites, 14 en cours, 14 non faites; Module 2 4,
  0, 0; Module 4 1, 0, 3; Pilotage 25, 4, 5 — the rows of the bilan's table (its
  « Total » row is printed 95/15/25 while its columns sum to 95/18/22: see
  reconciliation.md);
- by source: the audits interne and externe 77 actions (« plus de la moitié … (57 %) »),
  the agents 19, none from the réclamations et suggestions, the rest from the
  auto-diagnostics and the enquêtes mystères and de satisfaction.

The register looks as a referent keeps it: a title above the header, modules written
« Module 1 », « M1 », « 1 » or « Pilotage », statuses « Fait », « En cours », « Non fait »
or « Reporté », dates as date cells, and a « Total » row under the actions.

Run ``python examples/loire-atlantique-2022/generate_plan.py`` to rewrite ``plan.xlsx``;
the same seed gives the same workbook, cell for cell (a test checks it).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

HERE = Path(__file__).parent
SEED = 20221231
AS_OF = dt.date(2022, 12, 31)
HEADER = (
    "N°",
    "Action",
    "Source",
    "Module",
    "Engagement",
    "Pilote",
    "Date de création",
    "Échéance",
    "Statut",
    "Date de réalisation",
)

# (module, faites, en cours, non faites): the rows of the bilan's table; None = pilotage
MODULES = ((1, 65, 14, 14), (2, 4, 0, 0), (4, 1, 0, 3), (None, 25, 4, 5))
# source, number of actions, when it was found (the step of the démarche)
SOURCES = (
    ("Auto-diagnostic", 27, dt.date(2021, 10, 15)),
    ("Audit interne", 35, dt.date(2022, 5, 20)),
    ("Enquête de satisfaction", 6, dt.date(2022, 4, 8)),
    ("Enquête mystère", 6, dt.date(2022, 3, 18)),
    ("Agents", 19, dt.date(2022, 1, 10)),
    ("Audit externe", 42, dt.date(2022, 9, 23)),
)
TITLES = {
    1: (
        "Réorganiser l'affichage à l'accueil",
        "Installer une boucle auditive au séjour",
        "Équiper l'accueil d'un poste et d'une imprimante",
        "Former les agents d'accueil à la médiation numérique",
        "Harmoniser les réponses-type aux courriels",
        "Mettre en place les accusés de réception",
        "Mettre à jour les formulaires de contact du site",
        "Réviser chaque semestre les pages démarches du site",
        "Mesurer le taux de mise à jour du site en 3 jours ouvrés",
        "Paramétrer le serveur vocal interactif",
        "Mesurer la satisfaction après l'installation du SVI",
        "Installer une urne à suggestions dans le hall",
        "Mettre à jour la charte des réseaux sociaux",
        "Afficher les horaires sur les panneaux extérieurs",
        "Suivre les délais de réponse aux courriers",
        "Créer un guichet pour les personnes à mobilité réduite",
    ),
    2: (
        "Formaliser le tutorat des nouveaux instructeurs",
        "Écrire la procédure en cas de dégradation du délai",
        "Afficher les pièces à fournir pour l'échange de permis",
        "Suivre le délai de réponse aux demandes d'échange",
    ),
    4: (
        "Suivre les délais des rendez-vous avec les élus",
        "Suivre le taux de réponse aux courriels des élus",
        "Améliorer la rubrique collectivités du site",
        "Toucher plus de collectivités dans la communication",
    ),
    None: (
        "Réunir le comité de pilotage qualité",
        "Organiser le comité local des usagers",
        "Diffuser le mémo quali-réflexes",
        "Tenir à jour l'espace documentaire qualité",
        "Préparer le plan des audits",
        "Publier l'affiche de transparence chaque trimestre",
        "Rédiger le bilan annuel",
        "Suivre les formations requises par le référentiel",
    ),
}
ENGAGEMENTS = {1: tuple(range(1, 21)), 2: (21, 22, 23), 4: (34, 35, 36, 37), None: ()}
PILOTS = ("Référente qualité", "Accueil", "BCI", "Communication", "Bureau des usagers", "SG")
MODULE_SPELLINGS = ("Module {}", "M{}", "{}")


def actions(seed: int = SEED) -> list[tuple[object, ...]]:
    """The register's rows, in the order a referent adds them (by date of creation)."""
    rng = random.Random(seed)
    # one (module, progress) per action, then shuffled against the sources
    slots: list[tuple[int | None, str]] = []
    for module, done, in_progress, not_done in MODULES:
        slots += [(module, "fait")] * done + [(module, "en cours")] * in_progress
        slots += [(module, "non fait")] * not_done
    rng.shuffle(slots)
    origins = [(source, day) for source, count, day in SOURCES for _ in range(count)]
    assert len(origins) == len(slots) == 135  # noqa: S101 - the bilan's total
    rows: list[tuple[object, ...]] = []
    used: dict[int | None, int] = {}
    for (module, progress), (source, found) in zip(slots, origins, strict=True):
        created = found + dt.timedelta(days=rng.randrange(0, 21))
        due = created + dt.timedelta(days=rng.choice((60, 90, 120, 180, 270)))
        titles = TITLES[module]
        count = used.get(module, 0)
        used[module] = count + 1
        title = titles[count % len(titles)]
        if count >= len(titles):
            title = f"{title} ({count // len(titles) + 1})"
        done: dt.date | None = None
        status = {"fait": "Fait", "en cours": "En cours", "non fait": "Non fait"}[progress]
        if progress == "fait":
            latest = min(due + dt.timedelta(days=30), AS_OF)
            done = created + dt.timedelta(days=rng.randrange(0, max(1, (latest - created).days)))
        elif progress == "non fait" and rng.random() < 0.25:
            status = "Reporté"
        engagement = rng.choice(ENGAGEMENTS[module]) if ENGAGEMENTS[module] else None
        spelled = "Pilotage" if module is None else rng.choice(MODULE_SPELLINGS).format(module)
        rows.append(
            (source, spelled, engagement, rng.choice(PILOTS), created, due, status, done, title)
        )
    rows.sort(key=lambda row: (row[4], row[8]))  # by creation, as the plan grew
    return [
        (number, title, source, module, engagement, pilot, created, due, status, done)
        for number, (source, module, engagement, pilot, created, due, status, done, title) in (
            (n, row) for n, row in enumerate(rows, start=1)
        )
    ]


def write_workbook(path: Path, seed: int = SEED) -> int:
    """Write the register as a workbook; return its number of actions."""
    import openpyxl  # noqa: PLC0415 - only the workbook needs it
    from openpyxl.styles import Font  # noqa: PLC0415

    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = dt.datetime(2023, 1, 6, 8, 0)
    sheet = book.worksheets[0]
    sheet.title = "Plan 2022"
    sheet.append(["Plan d'amélioration Qual-e-pref — préfecture de la Loire-Atlantique"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(list(HEADER))
    table = actions(seed)
    for row in table:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "dd/mm/yyyy"
    sheet.append(["Total", len(table)])
    sheet.freeze_panes = "A4"
    book.save(path)
    return len(table)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "plan.xlsx"
    count = write_workbook(target)
    print(f"{count} actions écrites dans {target}")
