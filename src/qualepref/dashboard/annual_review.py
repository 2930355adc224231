"""The bilan annuel as a Word document a préfecture edits: what the seeds' bilans are, generated.

Headings use Word's own styles (« Titre 1 », « Titre 2 »…), so that a table of contents
works. The sections: the démarche and its perimeter; the year's indicators by module,
each with its table (N-1, quarters, year, cible, status), its chart when charts are
given, and a marked place for the referent's comment; the surveys and mystery calls with
their intervals; training and tutorat; the plan d'amélioration; the tableau de bord in
annex. A register that was not given is left out, and the bilan says what is missing
rather than printing an empty table. Marked places read « [À compléter : …] » and are
highlighted, to be found and replaced.

Needs ``python-docx`` (extra ``bilan``).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from qualepref.answer_grids import QuestionTally
from qualepref.dashboard.table import Dashboard, DashboardRow
from qualepref.dashboard.text_formats import display_cells, headers
from qualepref.errors import QualeprefError
from qualepref.french_dates import short_date
from qualepref.french_numbers import format_percent
from qualepref.improvement_plan import PlanReport, RealisationTable
from qualepref.output_files import atomic_path
from qualepref.referentiel.container import Definitions
from qualepref.spreadsheet_text import sheet_text
from qualepref.training import TrainingReport

__all__ = ["TO_WRITE", "AnnualReview", "write_review_docx"]

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
            >>> len(AnnualReview(definitions, dashboard, survey=()).missing())
            3
        """
        given = {
            "le plan d’amélioration (--plan)": self.plan,
            "la formation des agents (--formations)": self.training,
            "l’enquête de satisfaction (--enquetes)": self.survey,
            "les enquêtes mystères (--mystere)": self.mystery,
        }
        return [name for name, part in given.items() if part is None]


def _docx() -> Any:
    try:
        import docx  # noqa: PLC0415 - optional dependency
    except ImportError:  # pragma: no cover - the test extra installs it
        msg = "le bilan en DOCX demande python-docx : pip install 'qualepref[bilan]'"
        raise QualeprefError(msg) from None
    return docx


def _to_write(document: Any, what: str) -> None:
    from docx.enum.text import WD_COLOR_INDEX  # noqa: PLC0415 - optional dependency

    run = document.add_paragraph().add_run(f"{TO_WRITE}{what}]")
    run.italic = True
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = sheet_text(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = sheet_text(text)
    document.add_paragraph()


def _indicator(document: Any, row: DashboardRow, charts: Mapping[str, bytes], by: str) -> None:
    from docx.shared import Cm  # noqa: PLC0415 - optional dependency

    document.add_heading(sheet_text(row.indicator.label), level=3)
    shown = dict(zip(headers(by), display_cells(row), strict=True))
    columns = [name for name in headers(by) if name not in {"Module", "Engagement", "Indicateur"}]
    columns = [name for name in columns if name not in {"Libellé", "Observations"}]
    _table(document, columns, [[shown[name] for name in columns]])
    png = charts.get(row.indicator.id)
    if png is not None:
        document.add_picture(io.BytesIO(png), width=Cm(15))
    if shown.get("Observations"):
        document.add_paragraph(sheet_text(f"Observations : {shown['Observations']}"))
    _to_write(document, "commentaire de l’indicateur")


def _realisation(document: Any, table: RealisationTable, first: str) -> None:
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
    _table(document, [first, "Fait", "En cours", "Non fait", "Taux de réalisation"], rows)


def _tallies(document: Any, tallies: Sequence[QuestionTally], words: Sequence[str]) -> None:
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
    _table(document, [words[0], words[1], "Taux", "Intervalle à 95 %", ""], rows)


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
    docx = _docx()
    definitions, dashboard = review.definitions, review.dashboard
    document = docx.Document()
    prefecture = (definitions.prefecture.name if definitions.prefecture else None) or "Préfecture"
    document.add_heading(sheet_text(f"Bilan annuel {dashboard.year} — {prefecture}"), level=0)
    document.add_paragraph("Démarche qualité Qual-e-pref")

    document.add_heading("La démarche et son périmètre", level=1)
    modules = [definitions.referentiel.module(n) for n in definitions.perimeter]
    for module in modules:
        document.add_paragraph(
            sheet_text(f"Module {module.number} : {module.name}"), style="List Bullet"
        )
    _to_write(document, "les faits marquants de l’année, les audits, le label")

    document.add_heading("Les indicateurs de l’année", level=1)
    measured = [row for row in dashboard.rows if row.annual.value is not None
                or any(q.value is not None for q in row.quarters)]  # fmt: skip
    if not measured:
        document.add_paragraph("Aucun indicateur n’a de mesure pour l’année.")
    group = None
    for row in measured:
        if row.module != group:
            document.add_heading(sheet_text(_module_heading(row, definitions)), level=2)
            group = row.module
        _indicator(document, row, review.charts, dashboard.by)

    _registers(document, review)
    missing = review.missing()
    if missing:
        document.add_heading("Ce que ce bilan ne contient pas", level=1)
        document.add_paragraph(
            "Ces parties n’ont pas été produites, faute de leur registre : "
            + ", ".join(missing)
            + "."
        )

    document.add_heading(sheet_text(f"Annexe : le tableau de bord {dashboard.year}"), level=1)
    shown = headers(dashboard.by)
    _table(document, shown, [display_cells(row) for row in dashboard.rows])
    with atomic_path(path) as partial:
        document.save(str(partial))


def _registers(document: Any, review: AnnualReview) -> None:
    """The sections of the registers that were given."""
    if review.survey is not None:
        document.add_heading("L’enquête de satisfaction", level=1)
        _tallies(document, review.survey, ("Question", "Répondants"))
        _to_write(document, "les suggestions des usagers et les actions qui en découlent")
    if review.mystery is not None:
        document.add_heading("Les enquêtes mystères", level=1)
        _tallies(document, review.mystery, ("Critère", "Appels"))
        _to_write(document, "ce que les appels mystères ont montré")
    if review.training is not None:
        training = review.training
        document.add_heading("La formation des agents et le tutorat", level=1)
        document.add_paragraph(f"Au {short_date(training.as_of)} :")
        rows = [[r.label, str(r.concerned), str(r.due)] for r in (*training.rows, training.total)]
        _table(document, ["Rôle", "Agents concernés", "À former dans l’année"], rows)
        tutorats = [
            [service or "service non renseigné", str(n)] for service, n in training.tutorats.items()
        ]
        if tutorats:
            _table(document, ["Service", "Tutorats engagés"], tutorats)
        _to_write(document, "les formations suivies dans l’année")
    if review.plan is not None:
        plan = review.plan
        document.add_heading("Le plan d’amélioration", level=1)
        document.add_paragraph(
            f"Au {short_date(plan.as_of)} : {plan.by_module.total.total} action(s), "
            f"{len(plan.carried_over)} reportée(s) sur la suite du plan."
        )
        _realisation(document, plan.by_module, "Module")
        _realisation(document, plan.by_source, "Source")
        _to_write(document, "des exemples d’actions menées")


def _module_heading(row: DashboardRow, definitions: Definitions) -> str:
    if row.indicator.module is None:
        return "Suivi et pilotage" if row.indicator.programme is None else "Programme transparence"
    module = definitions.referentiel.module(row.indicator.module)
    return f"Module {module.number} — {module.name}"
