"""The national view out: text for the terminal, CSV, an Excel workbook, an HTML page.

- text: each indicator's year, in a few lines;
- CSV (``;``, UTF-8 with BOM): one line per indicator, period and préfecture, with the
  distribution and the national figure of the indicator and period on each line, so that
  a filter or a pivot table needs nothing else (its header is :data:`CSV_COLUMNS`);
- XLSX: a « Synthèse » sheet (one line per indicator and period) and a « Préfectures »
  sheet (each préfecture's value, status and rank), values as numbers with their format;
- HTML: the year of each indicator, its distribution and its préfectures by rank.

Every text a préfecture wrote is escaped in HTML and written as text in CSV and XLSX.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from qualepref.dashboard.cells import cell_text, format_value
from qualepref.dashboard.national import NationalRow, NationalView
from qualepref.dashboard.xlsx import NUMBER_FORMATS, openpyxl_module
from qualepref.errors import QualeprefError
from qualepref.evaluation import CellState
from qualepref.periods import Year
from qualepref.referentiel.models import Unit
from qualepref.spreadsheet_text import (
    as_typed,
    decode_spreadsheet_text,
    inert,
    sheet_text,
    text_cells_only,
)

__all__ = [
    "CSV_COLUMNS",
    "SUMMARY_HEADERS",
    "national_csv",
    "national_html",
    "national_text",
    "read_national_medians",
    "summary_cells",
    "write_national_xlsx",
]

SUMMARY_HEADERS = (
    "indicateur",
    "libelle",
    "periode",
    "prefectures",
    "avec_valeur",
    "sans_objet",
    "non_renseigne",
    "non_calculable",
    "mediane",
    "premier_quartile",
    "troisieme_quartile",
    "meilleure",
    "moins_bonne",
    "nationale",
    "hors_nationale",
)
"""One indicator over one period: the count of préfectures by state, the distribution,
the national Σ/Σ figure, and how many préfectures it leaves out (values without
components)."""

CSV_COLUMNS = (
    *SUMMARY_HEADERS[:3],
    "prefecture",
    "departement",
    "valeur",
    "statut",
    "rang",
    *SUMMARY_HEADERS[3:],
)
"""The CSV's header: the préfecture's line, then its indicator and period's summary."""


def _number(value: float | None, unit: Unit) -> str:
    return "—" if value is None else format_value(value, unit)


def summary_cells(row: NationalRow) -> list[str]:
    """The text of each of :data:`SUMMARY_HEADERS` for ``row``.

    Examples:
        >>> from qualepref.dashboard.national import Distribution
        >>> from qualepref import load_referentiel
        >>> calls = load_referentiel().indicator("appels_aboutis")
        >>> row = NationalRow(calls, Year(2022), (), Distribution(2, 0.8, 0.75, 0.85, 0.9, 0.7),
        ...                   None)
        >>> dict(zip(SUMMARY_HEADERS, summary_cells(row)))["mediane"]
        '80 %'
    """
    unit = row.indicator.unit
    spread = row.distribution
    national = row.national
    if national is None:
        national_text = "—"
    elif national.value is None:
        national_text = "sans objet"
    else:
        national_text = format_value(national.value, unit)
    return [
        row.indicator.id,
        row.indicator.label,
        str(row.period),
        str(len(row.figures)),
        str(spread.count),
        str(row.count(CellState.SANS_OBJET)),
        str(row.count(CellState.NON_RENSEIGNE)),
        str(row.count(CellState.NON_CALCULABLE)),
        _number(spread.median, unit),
        _number(spread.first_quartile, unit),
        _number(spread.third_quartile, unit),
        _number(spread.best, unit),
        _number(spread.worst, unit),
        national_text,
        str(row.left_out_of_national),
    ]


def _figure_cells(row: NationalRow) -> Iterator[list[str]]:
    """Each préfecture's line of ``row``: name, département, value, status, rank."""
    unit = row.indicator.unit
    for figure in row.figures:
        yield [
            figure.prefecture,
            figure.departement,
            cell_text(figure.result, unit),
            figure.status.label,
            "" if figure.rank is None else str(figure.rank),
        ]


def national_csv(view: NationalView) -> str:
    """The view as CSV text (:data:`CSV_COLUMNS`), a line per indicator, period, préfecture.

    Examples:
        >>> print(national_csv(NationalView(2022, (), ())), end="")
        indicateur;libelle;periode;prefecture;departement;valeur;statut;rang;prefectures;...
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in view.rows:
        summary = summary_cells(row)
        for figure in _figure_cells(row):
            writer.writerow([inert(text) for text in (*summary[:3], *figure, *summary[3:])])
    return buffer.getvalue()


def national_text(view: NationalView) -> str:
    """The year of each indicator, in a few lines, for the terminal.

    Examples:
        >>> national_text(NationalView(2022, ("A", "B"), ())).splitlines()[0]
        'Vue nationale 2022 : 2 préfecture(s)'
    """
    lines = [f"Vue nationale {view.year} : {len(view.prefectures)} préfecture(s)"]
    if view.unmeasured:
        lines.append(
            f"{len(view.unmeasured)} indicateur(s) du périmètre sans aucune mesure en "
            f"{view.year}, laissés de côté : {', '.join(i.id for i in view.unmeasured)}"
        )
    for row in view.rows:
        if not isinstance(row.period, Year):
            continue
        cells = dict(zip(SUMMARY_HEADERS, summary_cells(row), strict=True))
        lines += [
            "",
            f"{row.indicator.label} ({row.indicator.id})",
            f"  {cells['avec_valeur']} valeur(s) sur {cells['prefectures']} préfecture(s) ; "
            f"sans objet {cells['sans_objet']}, non renseigné {cells['non_renseigne']}, "
            f"non calculable {cells['non_calculable']}",
        ]
        if row.distribution.count:
            lines.append(
                f"  médiane {cells['mediane']} (quartiles {cells['premier_quartile']} – "
                f"{cells['troisieme_quartile']}) ; meilleure {cells['meilleure']}, "
                f"moins bonne {cells['moins_bonne']}"
            )
        left_out = (
            f" (hors {row.left_out_of_national} préfecture(s) sans composantes)"
            if row.left_out_of_national
            else ""
        )
        lines.append(f"  nationale (Σ/Σ) : {cells['nationale']}{left_out}")
    return "\n".join(lines) + "\n"


def write_national_xlsx(view: NationalView, path: str | Path | BinaryIO) -> None:
    """Write the view as a workbook: « Synthèse » and « Préfectures », numbers as numbers.

    Examples:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "national.xlsx"
        >>> write_national_xlsx(NationalView(2022, (), ()), target)
        >>> target.stat().st_size > 3000
        True
    """
    openpyxl = openpyxl_module()
    from openpyxl.styles import Font  # noqa: PLC0415 - optional

    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "Synthèse"
    summary.append(SUMMARY_HEADERS)
    figures = book.create_sheet("Préfectures")
    figures.append(CSV_COLUMNS[:8])
    for sheet in (summary, figures):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    for row in view.rows:
        unit = row.indicator.unit
        spread = row.distribution
        numbers = (
            spread.median,
            spread.first_quartile,
            spread.third_quartile,
            spread.best,
            spread.worst,
            row.national_value,
        )
        texts = summary_cells(row)
        line: list[str | float] = [sheet_text(t) for t in texts[:3]]
        line += [int(t) for t in texts[3:8]]
        line += [texts[8 + k] if n is None else n for k, n in enumerate(numbers)]
        line.append(row.left_out_of_national)
        summary.append(line)
        for cell in summary[summary.max_row][8:14]:
            if isinstance(cell.value, float | int):
                cell.number_format = NUMBER_FORMATS[unit]
        for figure, cells in zip(row.figures, _figure_cells(row), strict=True):
            value = figure.result.value if figure.result.state is CellState.VALUE else None
            figures.append(
                [
                    *(sheet_text(t) for t in texts[:3]),
                    sheet_text(cells[0]),
                    cells[1],
                    cells[2] if value is None else value,
                    cells[3],
                    figure.rank,
                ]
            )
            if value is not None:
                figures.cell(row=figures.max_row, column=6).number_format = NUMBER_FORMATS[unit]
    for sheet, widths in ((summary, (30, 50, 10)), (figures, (30, 50, 10, 36, 10, 14, 18, 6))):
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = width
    text_cells_only(book)
    book.save(path if hasattr(path, "write") else Path(path))


def national_html(view: NationalView) -> str:
    """The view as an HTML page: each indicator's year, its distribution, its préfectures.

    Examples:
        >>> page = national_html(NationalView(2022, ("<b>A</b>",), ()))
        >>> "&lt;b&gt;A&lt;/b&gt;" in page, "<b>A</b>" in page
        (True, False)
    """

    def text(value: object) -> str:
        return html.escape(str(value))

    parts = []
    for row in view.rows:
        if not isinstance(row.period, Year):
            continue
        cells = dict(zip(SUMMARY_HEADERS, summary_cells(row), strict=True))
        head = "".join(
            f"<th>{label}</th>"
            for label in ("Préfectures", "Avec valeur", "Sans objet", "Non renseigné",
                          "Médiane", "Quartiles", "Meilleure", "Moins bonne", "Nationale (Σ/Σ)")
        )  # fmt: skip
        values = (
            cells["prefectures"],
            cells["avec_valeur"],
            cells["sans_objet"],
            cells["non_renseigne"],
            cells["mediane"],
            f"{cells['premier_quartile']} – {cells['troisieme_quartile']}",
            cells["meilleure"],
            cells["moins_bonne"],
            cells["nationale"],
        )
        line = "".join(f"<td>{text(v)}</td>" for v in values)
        ranked = sorted(
            zip(row.figures, _figure_cells(row), strict=True),
            key=lambda pair: (pair[0].rank is None, pair[0].rank or 0),
        )
        people = "\n".join(
            "<tr>" + "".join(f"<td>{text(c)}</td>" for c in (cells_[4], *cells_[:4])) + "</tr>"
            for _figure, cells_ in ranked
        )
        parts.append(
            f"""<section><h2>{text(row.indicator.label)}</h2>
<table class="synthese"><tr>{head}</tr><tr>{line}</tr></table>
<table><tr><th>Rang</th><th>Préfecture</th><th>Département</th><th>Valeur</th>\
<th>Statut</th></tr>
{people}
</table></section>"""
        )
    body = "\n".join(parts) or "<p>Aucun indicateur.</p>"
    unmeasured = (
        f"<p>Sans aucune mesure en {view.year}, laissés de côté : "
        f"{text(', '.join(i.label for i in view.unmeasured))}</p>"
        if view.unmeasured
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Vue nationale {view.year}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1.5em; }}
th, td {{ border: 1px solid #999; padding: 0.2em 0.6em; text-align: left; }}
th {{ background: #eee; }}
</style></head>
<body><h1>Vue nationale {view.year}</h1>
<p>{len(view.prefectures)} préfecture(s) : {text(", ".join(view.prefectures))}</p>
{unmeasured}
{body}
</body></html>
"""


def read_national_medians(path: str | Path, year: int) -> dict[str, str]:
    """The « médiane nationale » of ``year`` by indicator, from a ``qualepref national`` CSV.

    Raises:
        QualeprefError: the file is not such a CSV, or has no line for ``year``.

    Examples:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "national.csv"
        >>> _ = target.write_text(national_csv(NationalView(2022, (), ())), encoding="utf-8")
        >>> read_national_medians(target, 2022)
        Traceback (most recent call last):
        ...
        qualepref.errors.QualeprefError: ...national.csv : aucune ligne pour 2022 ...
    """
    path = Path(path)
    text = decode_spreadsheet_text(path.read_bytes())
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    wanted = {"indicateur", "periode", "mediane"}
    missing = wanted - set(reader.fieldnames or ())
    if missing:
        msg = (
            f"{path} : colonne(s) absente(s) : {', '.join(sorted(missing))} ; --national "
            "attend le CSV écrit par « qualepref national … -o national.csv »"
        )
        raise QualeprefError(msg)
    found = {
        as_typed(line["indicateur"]): as_typed(line["mediane"])
        for line in reader
        if line["periode"] == str(year)
    }
    if not found:
        msg = (
            f"{path} : aucune ligne pour {year} (colonne « periode ») : donnez la vue "
            f"nationale de {year} (qualepref national … --year {year})"
        )
        raise QualeprefError(msg)
    return found
