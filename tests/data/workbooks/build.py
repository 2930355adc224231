"""Builds the corpus of tracking workbooks laid out as préfecture services keep them.

Run ``python tests/data/workbooks/build.py`` to rewrite the committed files; the tests
build them again and check that the committed ones hold the same cells.

- ``titre.xlsx``: a title, a blank row, merged group headings above the header, a
  hidden column, a « Total » row and a « Taux » row under the records.
- ``mois.xlsx``: a « Synthèse » sheet first, then one sheet per month (the February
  one with its columns in another order and a column of its own), a « Paramètres »
  sheet last.
- ``heures.xlsx``: date-only cells with the time in « Heure de réception » and
  « Heure de réponse » columns, in every form referents type it, and one garbage time.
- ``date-seule.xlsx``: timed receipts answered by a date-only cell on the same day.
- ``incoherent.xlsx``: a second sheet without the « Date de réponse » column.
- ``sans-en-tete.xlsx``: a sheet of notes, no header anywhere.
- ``chiffre.xlsx``: what a password-protected workbook is on disk (a compound file,
  not a zip archive); ``corrompu.xlsx``: a truncated file.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font

FOLDER = Path(__file__).parent
D = dt.datetime
HEADER = ["Date de réception", "Canal", "Objet", "Date de réponse", "Type de réponse"]
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _book() -> tuple[Any, Any]:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    book.properties.created = D(2022, 1, 1)
    return book, sheet


def _save(book: Any, path: Path) -> None:
    book.properties.modified = D(2022, 1, 1)
    book.save(path)


def titled(path: Path) -> None:
    """A title, merged group headings, a hidden column, summary rows."""
    book, sheet = _book()
    sheet.title = "Janvier"
    sheet["A1"] = "Suivi des courriels — janvier 2022"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A3"] = "Réception"
    sheet["D3"] = "Réponse"
    sheet.merge_cells("A3:C3")
    sheet.merge_cells("D3:E3")
    sheet.append([*HEADER, "Agent"])  # row 4
    sheet.append([D(2022, 1, 3, 9, 15), "courriel", "Horaires", D(2022, 1, 5, 10), "fond", "AB"])
    sheet.append([D(2022, 1, 7, 18, 10), "courriel", "Titre", D(2022, 1, 14, 11), "fond", "CD"])
    sheet.append([D(2022, 1, 12), "courrier", "Permis", D(2022, 1, 28), "fond", "AB"])
    sheet.append([D(2022, 1, 20, 8), "courriel", "Séjour", None, None, "EF"])
    sheet.append([None] * 6)
    sheet.append(["Total", None, None, 3, None, None])
    sheet.append([None, "Taux de réponse", None, 0.75, None, None])
    sheet.column_dimensions["F"].hidden = True
    _save(book, path)


def monthly(path: Path) -> None:
    """One sheet per month between a summary sheet and a settings sheet."""
    book, summary = _book()
    summary.title = "Synthèse"
    summary.append(["Mois", "Reçus", "Dans le délai"])
    summary.append(["Janvier", 2, 2])
    january = book.create_sheet("Janvier")
    january.append(["Suivi de janvier"])
    january.append(HEADER)  # row 2
    january.append([D(2022, 1, 3, 9), "courriel", "Horaires", D(2022, 1, 4, 9), "fond"])
    january.append([D(2022, 1, 31, 17, 45), "courriel", "Titre", D(2022, 2, 8, 9), "fond"])
    february = book.create_sheet("Février")
    february.append(
        ["Canal", "Date de réception", "Agent", "Date de réponse", "Objet", "type de REPONSE"]
    )
    february.append(["courriel", D(2022, 2, 1, 10), "AB", D(2022, 2, 11, 10), "Horaires", "fond"])
    february.append(["courrier", D(2022, 2, 14), "CD", None, "Titre", None])
    february.append(["Total", None, None, 1, None, None])
    march = book.create_sheet("Mars")
    march.append(HEADER)
    march.append([D(2022, 3, 1, 8, 30), "courriel", "Horaires", D(2022, 3, 1, 8), "fond"])
    settings = book.create_sheet("Paramètres")
    settings.append(["Heure limite", "17:30"])
    _save(book, path)


def timed(path: Path) -> None:
    """Dates without times, and the times in columns of their own."""
    book, sheet = _book()
    sheet.title = "Suivi"
    sheet.append(
        ["Date de réception", "Heure de réception", "Canal", "Date de réponse", "Heure de réponse"]
    )
    sheet.append([D(2022, 1, 7), dt.time(18, 10), "courriel", D(2022, 1, 14), dt.time(9, 0)])
    sheet.append([D(2022, 1, 7), "14h30", "courriel", D(2022, 1, 7), "16 h 05"])
    sheet.append([D(2022, 1, 7), "17:30", "courriel", D(2022, 1, 10), None])
    sheet.append([D(2022, 1, 7), "9h", "courriel", D(2022, 1, 7), "8:00"])
    sheet.append([D(2022, 1, 7), "midi", "courriel", None, None])
    sheet.append([D(2022, 1, 7), 0.75, "courriel", D(2022, 1, 17), None])
    _save(book, path)


def date_only(path: Path) -> None:
    """A timed receipt answered the same day by a cell holding a date only."""
    book, sheet = _book()
    sheet.title = "Suivi"
    sheet.append(HEADER)
    sheet.append([D(2022, 1, 3, 14, 5), "courriel", "Horaires", D(2022, 1, 3), "fond"])
    sheet.append([D(2022, 1, 3, 9, 0), "courrier", "Permis", D(2022, 1, 3), "fond"])
    _save(book, path)


def inconsistent(path: Path) -> None:
    """A second sheet lacking a column that qualepref reads."""
    book, sheet = _book()
    sheet.title = "Janvier"
    sheet.append(HEADER)
    sheet.append([D(2022, 1, 3, 9), "courriel", "Horaires", D(2022, 1, 4, 9), "fond"])
    february = book.create_sheet("Février")
    february.append(["Date de réception", "Canal", "Objet", "Réponse le"])
    february.append([D(2022, 2, 1, 9), "courriel", "Horaires", D(2022, 2, 2, 9)])
    _save(book, path)


def headerless(path: Path) -> None:
    """Notes, and no header."""
    book, sheet = _book()
    sheet.title = "Notes"
    sheet.append(["Réunion du 3 janvier"])
    sheet.append(["Reçu le", "Canal"])
    _save(book, path)


def build(folder: Path = FOLDER) -> list[Path]:
    """Write every workbook of the corpus into ``folder``; return their paths."""
    makers = {
        "titre.xlsx": titled,
        "mois.xlsx": monthly,
        "heures.xlsx": timed,
        "date-seule.xlsx": date_only,
        "incoherent.xlsx": inconsistent,
        "sans-en-tete.xlsx": headerless,
    }
    written = []
    for name, make in makers.items():
        make(folder / name)
        written.append(folder / name)
    (folder / "chiffre.xlsx").write_bytes(_OLE + bytes(504) + b"EncryptedPackage")
    (folder / "corrompu.xlsx").write_bytes(b"PK\x03\x04" + bytes(296))  # a zip cut short
    return [*written, folder / "chiffre.xlsx", folder / "corrompu.xlsx"]


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER):
        print(path)
