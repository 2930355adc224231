"""The bilan annuel as a Word document a préfecture edits: what the seeds' bilans are, generated.

Headings use Word's own styles (« Titre 1 », « Titre 2 »…), so that a table of contents
works. The sections: the démarche and its perimeter; the year's indicators by module,
each with its table (N-1, quarters, year, cible, status), its chart when charts are
given, and a marked place for the referent's comment; the surveys and mystery calls with
their intervals; the réclamations et suggestions (the indicators of the engagement « À
votre écoute pour progresser », ``qualepref/data/bilan.toml``, with their components);
training and tutorat; the plan d'amélioration; the tableau de bord in annex. A register
that was not given is left out, and the bilan says what is missing rather than printing
an empty table. Marked places read « [À compléter : …] » and are
highlighted, to be found and replaced.

Needs ``python-docx`` (extra ``bilan``).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import html
import io
import json
import tempfile
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

import attrs
import tomli

from qualepref.answer_grids import QuestionTally
from qualepref.dashboard.cells import cell_text, format_value
from qualepref.dashboard.table import Dashboard, DashboardRow
from qualepref.dashboard.text_formats import display_cells, headers
from qualepref.errors import QualeprefError
from qualepref.evaluation import IndicatorResult
from qualepref.french_dates import short_date
from qualepref.french_numbers import format_number, format_percent
from qualepref.improvement_plan import PlanReport, RealisationTable
from qualepref.output_files import atomic_path
from qualepref.referentiel.container import Definitions
from qualepref.spreadsheet_text import sheet_text
from qualepref.training import TrainingReport

__all__ = [
    "TO_WRITE",
    "AnnualReview",
    "complaint_rows",
    "components_text",
    "review_html",
    "review_pdf",
    "write_review_docx",
]

TO_WRITE = "[À compléter : "
"""How a marked place starts: the referent searches for it and writes there."""


@attrs.frozen
class AnnualReview:
    """What a bilan annuel is made of: the tableau, and the registers that were given.

    Examples:
        >>> from qualepref.dashboard.table import example_inputs, build_dashboard
        >>> definitions, measurements, year = example_inputs()
        >>> review = AnnualReview(definitions, build_dashboard(definitions, measurements, year))
        >>> review.missing()[0]
        'le plan d’amélioration (--plan)'
    """

    definitions: Definitions
    dashboard: Dashboard
    plan: PlanReport | None = None
    training: TrainingReport | None = None
    survey: Sequence[QuestionTally] | None = None
    mystery: Sequence[QuestionTally] | None = None
    charts: Mapping[str, bytes] = attrs.field(factory=dict)

    def missing(self) -> list[str]:
        """The parts left out because their register was not given.

        Examples:
            >>> from qualepref.dashboard.table import example_inputs, build_dashboard
            >>> definitions, measurements, year = example_inputs()
            >>> dashboard = build_dashboard(definitions, measurements, year)
            >>> for part in AnnualReview(definitions, dashboard, survey=()).missing():
            ...     print(part[:40])
            le plan d’amélioration (--plan)
            la formation des agents (--formations)
            les enquêtes mystères (--mystere)
            les réclamations et suggestions (aucune
        """
        given = {
            "le plan d’amélioration (--plan)": self.plan,
            "la formation des agents (--formations)": self.training,
            "l’enquête de satisfaction (--enquetes)": self.survey,
            "les enquêtes mystères (--mystere)": self.mystery,
        }
        missing = [name for name, part in given.items() if part is None]
        if not any(_measured(row) for row in complaint_rows(self.dashboard)):
            missing.append(
                "les réclamations et suggestions (aucune mesure de l’année pour les "
                "indicateurs de l’engagement « À votre écoute pour progresser »)"
            )
        return missing


@functools.cache
def _shipped() -> dict[str, object]:
    text = resources.files("qualepref").joinpath("data", "bilan.toml").read_text("utf-8")
    return tomli.loads(text)


def _complaints_settings() -> tuple[str, frozenset[int]]:
    table = _shipped()["complaints"]
    assert isinstance(table, dict)  # noqa: S101 - the shipped file's shape
    return str(table["title"]), frozenset(int(number) for number in table["engagements"])


def _measured(row: DashboardRow) -> bool:
    return row.annual.measure is not None or any(q.measure is not None for q in row.quarters)


def complaint_rows(dashboard: Dashboard) -> list[DashboardRow]:
    """The tableau's rows of the réclamations et suggestions (``data/bilan.toml``).

    Examples:
        >>> from qualepref.dashboard.table import example_inputs, build_dashboard
        >>> complaint_rows(build_dashboard(*example_inputs(), measured_only=True))
        []
    """
    _title, engagements = _complaints_settings()
    return [row for row in dashboard.rows if engagements & set(row.indicator.engagement)]


def components_text(result: IndicatorResult) -> str:
    """A result's components as the bilan shows them: « 20 / 21 », « 196 j / 49 ».

    Examples:
        >>> from qualepref.measure_kinds import mean, rate
        >>> from qualepref.evaluation import CellState
        >>> from qualepref.periods import Year
        >>> year = Year(2022)
        >>> components_text(IndicatorResult("x", year, CellState.VALUE, rate(20, 21)))
        '20 / 21'
        >>> components_text(IndicatorResult("x", year, CellState.VALUE, mean(196, 49)))
        '196 j / 49'
        >>> components_text(IndicatorResult("x", year, CellState.NON_RENSEIGNE))
        '—'
    """
    measure = result.measure
    if measure is None:
        return "—"
    parts = measure.components()
    if "numerateur" in parts:
        return f"{format_number(parts['numerateur'])} / {format_number(parts['denominateur'])}"
    if "total" in parts:
        return f"{format_number(parts['total'])} j / {format_number(parts['nombre'])}"
    return "valeur saisie"


class _Docx:
    """Writes the bilan's parts into a python-docx document."""

    def __init__(self) -> None:
        try:
            import docx  # noqa: PLC0415 - optional dependency
        except ImportError:  # pragma: no cover - the test extra installs it
            msg = "le bilan en DOCX demande python-docx : pip install 'qualepref[bilan]'"
            raise QualeprefError(msg) from None
        self.document = docx.Document()

    def heading(self, text: str, level: int) -> None:
        self.document.add_heading(sheet_text(text), level=level)

    def paragraph(self, text: str, *, bullet: bool = False) -> None:
        self.document.add_paragraph(sheet_text(text), style="List Bullet" if bullet else None)

    def to_write(self, what: str) -> None:
        from docx.enum.text import WD_COLOR_INDEX  # noqa: PLC0415 - optional dependency

        run = self.document.add_paragraph().add_run(f"{TO_WRITE}{what}]")
        run.italic = True
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = sheet_text(text)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = sheet_text(text)
        self.document.add_paragraph()

    def picture(self, png: bytes, _alt: str) -> None:
        from docx.shared import Cm  # noqa: PLC0415 - optional dependency

        self.document.add_picture(io.BytesIO(png), width=Cm(15))


class _Html:
    """Writes the bilan's parts as an HTML page: every text escaped, images inline."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def heading(self, text: str, level: int) -> None:
        tag = f"h{level + 1}"
        self.parts.append(f"<{tag}>{html.escape(text)}</{tag}>")

    def paragraph(self, text: str, *, bullet: bool = False) -> None:
        self.parts.append(
            f"<li>{html.escape(text)}</li>" if bullet else f"<p>{html.escape(text)}</p>"
        )

    def to_write(self, what: str) -> None:
        self.parts.append(f'<p class="a-completer">{html.escape(f"{TO_WRITE}{what}]")}</p>')

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
            for row in rows
        )
        self.parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

    def picture(self, png: bytes, alt: str) -> None:
        data = base64.b64encode(png).decode("ascii")
        self.parts.append(f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">')


class _Blocks:
    """Records the bilan's parts as data, for the PDF template: nothing becomes markup."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.blocks: list[dict[str, object]] = []

    def heading(self, text: str, level: int) -> None:
        self.blocks.append({"kind": "heading", "level": level, "text": text})

    def paragraph(self, text: str, *, bullet: bool = False) -> None:
        self.blocks.append({"kind": "bullet" if bullet else "paragraph", "text": text})

    def to_write(self, what: str) -> None:
        self.blocks.append({"kind": "to_write", "text": f"{TO_WRITE}{what}]"})

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.blocks.append(
            {"kind": "table", "header": list(header), "rows": [list(r) for r in rows]}
        )

    def picture(self, png: bytes, _alt: str) -> None:
        name = f"graphique-{len(self.blocks)}.png"
        (self.folder / name).write_bytes(png)
        self.blocks.append({"kind": "image", "path": name})


_Writer = _Docx | _Html | _Blocks


def _indicator(document: _Writer, row: DashboardRow, charts: Mapping[str, bytes], by: str) -> None:
    document.heading(row.indicator.label, 3)
    national = row.national_median is not None
    shown = dict(zip(headers(by, national), display_cells(row), strict=True))
    columns = [
        name for name in headers(by, national) if name not in {"Module", "Engagement", "Indicateur"}
    ]
    columns = [name for name in columns if name not in {"Libellé", "Observations"}]
    document.table(columns, [[shown[name] for name in columns]])
    png = charts.get(row.indicator.id)
    if png is not None:
        document.picture(png, row.indicator.label)
    if shown.get("Observations"):
        document.paragraph(f"Observations : {shown['Observations']}")
    document.to_write("commentaire de l’indicateur")


def _realisation(document: _Writer, table: RealisationTable, first: str) -> None:
    rows = [
        [
            row.label,
            str(row.done),
            str(row.in_progress),
            str(row.not_done),
            format_percent(row.rate),
        ]
        for row in (*table.rows, table.total)
    ]
    document.table([first, "Fait", "En cours", "Non fait", "Taux de réalisation"], rows)


def _tallies(document: _Writer, tallies: Sequence[QuestionTally], words: Sequence[str]) -> None:
    rows = []
    for tally in tallies:
        interval = tally.interval
        bounds = (
            f"{format_percent(interval.low, 1)} – {format_percent(interval.high, 1)}"
            if interval
            else "sans objet"
        )
        note = "peu significatif" if tally.small and tally.respondents else ""
        rows.append(
            [
                tally.question.name,
                str(tally.respondents),
                format_percent(tally.rate, 1),
                bounds,
                note,
            ]
        )
    document.table([words[0], words[1], "Taux", "Intervalle à 95 %", ""], rows)


def write_review_docx(review: AnnualReview, path: str | Path) -> None:
    """Write the bilan annuel as a Word document (whole or not at all).

    Raises:
        QualeprefError: python-docx is missing (extra ``bilan``).

    Examples:
        >>> import tempfile, pathlib, docx
        >>> from qualepref.dashboard.table import example_inputs, build_dashboard
        >>> definitions, measurements, year = example_inputs()
        >>> review = AnnualReview(definitions, build_dashboard(definitions, measurements, year))
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "bilan.docx"
        >>> write_review_docx(review, target)
        >>> [p.text for p in docx.Document(target).paragraphs if p.style.name == "Heading 1"][:2]
        ['La démarche et son périmètre', 'Les indicateurs de l’année']
    """
    document = _Docx()
    _compose(review, document)
    with atomic_path(path) as partial:
        document.document.save(str(partial))


def review_html(review: AnnualReview) -> str:
    """The bilan annuel as a standalone HTML page: the same parts, every text escaped.

    Examples:
        >>> from qualepref.dashboard.table import example_inputs, build_dashboard
        >>> definitions, measurements, year = example_inputs()
        >>> page = review_html(AnnualReview(definitions, build_dashboard(definitions,
        ...                                 measurements, year)))
        >>> "<h2>La démarche et son périmètre</h2>" in page, "[À compléter : " in page
        (True, True)
    """
    document = _Html()
    _compose(review, document)
    title = html.escape(_title(review))
    body = "\n".join(document.parts)
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 60em; margin: 2em auto; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }}
th, td {{ border: 1px solid #888; padding: 0.2em 0.5em; }}
img {{ max-width: 100%; }}
.a-completer {{ background: #ffff66; font-style: italic; }}
</style></head>
<body>
{body}
</body></html>
"""


def review_pdf(review: AnnualReview) -> bytes:
    """The bilan annuel as a PDF, typeset by Typst (extra ``bilan``); pages numbered.

    Raises:
        QualeprefError: typst is missing.

    Examples:
        >>> from qualepref.dashboard.table import example_inputs, build_dashboard
        >>> definitions, measurements, year = example_inputs()
        >>> review_pdf(AnnualReview(definitions, build_dashboard(definitions, measurements,
        ...                         year)))[:5]
        b'%PDF-'
    """
    try:
        import typst  # noqa: PLC0415 - optional dependency
    except ImportError:  # pragma: no cover - the test extra installs it
        msg = "le bilan en PDF demande typst : pip install 'qualepref[bilan]'"
        raise QualeprefError(msg) from None
    template = resources.files("qualepref").joinpath("data", "bilan.typ").read_bytes()
    with tempfile.TemporaryDirectory(prefix="qualepref-bilan-") as folder:
        source = Path(folder) / "bilan.typ"  # the template beside the charts it shows
        source.write_bytes(template)
        document = _Blocks(Path(folder))
        _compose(review, document)
        data = json.dumps(document.blocks, ensure_ascii=False)
        stamp = dt.datetime(review.dashboard.year + 1, 1, 1, tzinfo=dt.UTC)
        return bytes(
            typst.compile(
                str(source), root=folder, format="pdf", sys_inputs={"data": data}, timestamp=stamp
            )
        )


def _title(review: AnnualReview) -> str:
    definitions = review.definitions
    prefecture = (definitions.prefecture.name if definitions.prefecture else None) or "Préfecture"
    return f"Bilan annuel {review.dashboard.year} — {prefecture}"


def _compose(review: AnnualReview, document: _Writer) -> None:
    """Every part of the bilan, in order, through ``document``'s writer."""
    definitions, dashboard = review.definitions, review.dashboard
    document.heading(_title(review), 0)
    document.paragraph("Démarche qualité Qual-e-pref")

    document.heading("La démarche et son périmètre", 1)
    for number in definitions.perimeter:
        module = definitions.referentiel.module(number)
        document.paragraph(f"Module {module.number} : {module.name}", bullet=True)
    document.to_write("les faits marquants de l’année, les audits, le label")

    document.heading("Les indicateurs de l’année", 1)
    measured = [row for row in dashboard.rows if row.annual.value is not None
                or any(q.value is not None for q in row.quarters)]  # fmt: skip
    if not measured:
        document.paragraph("Aucun indicateur n’a de mesure pour l’année.")
    group = None
    for row in measured:
        if row.module != group:
            document.heading(_module_heading(row, definitions), 2)
            group = row.module
        _indicator(document, row, review.charts, dashboard.by)

    _complaints(document, dashboard)
    _registers(document, review)
    missing = review.missing()
    if missing:
        document.heading("Ce que ce bilan ne contient pas", 1)
        document.paragraph(
            "Ces parties n’ont pas été produites, faute de leur registre : "
            + ", ".join(missing)
            + "."
        )

    document.heading(f"Annexe : le tableau de bord {dashboard.year}", 1)
    document.table(
        headers(dashboard.by, dashboard.national), [display_cells(row) for row in dashboard.rows]
    )


def _complaints(document: _Writer, dashboard: Dashboard) -> None:
    """The réclamations et suggestions: their indicators' year, components, cible, status."""
    rows = [row for row in complaint_rows(dashboard) if _measured(row)]
    if not rows:
        return
    title, _engagements = _complaints_settings()
    document.heading(title, 1)
    document.paragraph(
        f"Les suggestions et réclamations des usagers sur la qualité de l’accueil en "
        f"{dashboard.year}, et les délais des réponses qui leur ont été faites."
    )
    document.table(
        ["Indicateur", str(dashboard.year), "Composantes", "Cible", "Statut"],
        [
            [
                row.indicator.label,
                cell_text(row.annual, row.indicator.unit),
                components_text(row.annual),
                "—" if row.target is None else format_value(row.target, row.indicator.unit),
                row.status.label,
            ]
            for row in rows
        ],
    )
    document.to_write(
        "le nombre de réclamations et de suggestions reçues, leurs motifs et les suites données"
    )


def _registers(document: _Writer, review: AnnualReview) -> None:
    """The sections of the registers that were given."""
    if review.survey is not None:
        document.heading("L’enquête de satisfaction", 1)
        _tallies(document, review.survey, ("Question", "Répondants"))
        document.to_write("les suggestions des usagers et les actions qui en découlent")
    if review.mystery is not None:
        document.heading("Les enquêtes mystères", 1)
        _tallies(document, review.mystery, ("Critère", "Appels"))
        document.to_write("ce que les appels mystères ont montré")
    if review.training is not None:
        training = review.training
        document.heading("La formation des agents et le tutorat", 1)
        document.paragraph(f"Au {short_date(training.as_of)} :")
        rows = [[r.label, str(r.concerned), str(r.due)] for r in (*training.rows, training.total)]
        document.table(["Rôle", "Agents concernés", "À former dans l’année"], rows)
        tutorats = [
            [service or "service non renseigné", str(n)] for service, n in training.tutorats.items()
        ]
        if tutorats:
            document.table(["Service", "Tutorats engagés"], tutorats)
        document.to_write("les formations suivies dans l’année")
    if review.plan is not None:
        plan = review.plan
        document.heading("Le plan d’amélioration", 1)
        document.paragraph(
            f"Au {short_date(plan.as_of)} : {plan.by_module.total.total} action(s), "
            f"{len(plan.carried_over)} reportée(s) sur la suite du plan."
        )
        _realisation(document, plan.by_module, "Module")
        _realisation(document, plan.by_source, "Source")
        document.to_write("des exemples d’actions menées")


def _module_heading(row: DashboardRow, definitions: Definitions) -> str:
    if row.indicator.module is None:
        return "Suivi et pilotage" if row.indicator.programme is None else "Programme transparence"
    module = definitions.referentiel.module(row.indicator.module)
    return f"Module {module.number} — {module.name}"
