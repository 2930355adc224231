"""The tableau de bord: cells, rows, and its exports (CSV, Markdown, HTML, XLSX, PNG)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualepref import (
    CellState,
    Direction,
    IndicatorResult,
    Measurements,
    Month,
    Observation,
    Quarter,
    Status,
    Unit,
    Year,
    load_definitions,
    parse_definitions,
    rate,
    status,
)
from qualepref.dashboard import Dashboard, build_dashboard
from qualepref.dashboard.cells import cell_text, format_number, format_value, gap_text
from qualepref.dashboard.charts import write_charts
from qualepref.dashboard.text_formats import (
    COLUMNS,
    HEADERS,
    PARTS,
    PERIOD_STATUS_COLUMNS,
    csv_columns,
    row_cells,
    to_csv,
    to_html,
    to_markdown,
)
from qualepref.dashboard.xlsx import write_xlsx
from qualepref.measurement_files import parse_measurements, read_measurements
from qualepref.referentiel.models import Periodicity
from qualepref.statuses import Gap

EXAMPLE = Path(__file__).parent.parent / "examples" / "isere-2022"
DEFINITIONS = load_definitions(EXAMPLE / "definitions.toml")
MEASUREMENTS = read_measurements(EXAMPLE / "mesures.csv", DEFINITIONS)


def isere(*, mean_of_values: bool = False, measured_only: bool = True) -> Dashboard:
    return build_dashboard(
        DEFINITIONS, MEASUREMENTS, 2022, mean_of_values=mean_of_values, measured_only=measured_only
    )


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (0.8942, Unit.RATE, "89,42 %"),
        (1.0, Unit.RATE, "100 %"),
        (0.91476, Unit.RATE, "91,48 %"),
        (0.44, Unit.PER_THOUSAND, "0,44 ‰"),
        (21.905, Unit.CALENDAR_DAYS, "21,9 j"),
        (2, Unit.WORKING_DAYS, "2 j"),
        (1234567, Unit.COUNT, "1\u202f234\u202f567"),
        (4.5, Unit.COUNT, "4,5"),
    ],
)
def test_values_are_written_the_french_way(value: float, unit: Unit, text: str) -> None:
    assert format_value(value, unit) == text


def test_numbers_gaps_and_cells() -> None:
    assert format_number(-0.5) == "\u22120,5"
    assert gap_text(Gap(0.01, 0.2)) == "+20 %"
    assert gap_text(Gap(-0.1, -0.0005)) == "\u22120,05 %"
    quarter = Quarter(2022, 2)
    empty = IndicatorResult("x", quarter, CellState.NON_RENSEIGNE)
    assert cell_text(empty, Unit.RATE, Periodicity.ANNUAL) == "(annuel)"
    assert cell_text(empty, Unit.RATE, Periodicity.MONTHLY) == "non renseigné"
    year = IndicatorResult("x", Year(2022), CellState.NON_RENSEIGNE)
    assert cell_text(year, Unit.RATE, Periodicity.ANNUAL) == "non renseigné"
    assert (
        cell_text(IndicatorResult("x", quarter, CellState.VALUE, rate(1, 2)), Unit.RATE) == "50 %"
    )
    assert (
        cell_text(IndicatorResult("x", quarter, CellState.NON_CALCULABLE), Unit.RATE)
        == "non calculable"
    )


def test_rows_and_measured_only() -> None:
    everything = isere(measured_only=False)
    assert len(everything.rows) == len(DEFINITIONS.indicators) == 37
    assert len(isere().rows) == 32
    row = next(r for r in everything.rows if r.indicator.id == "appels_aboutis")
    assert (row.module, row.engagement) == ("1 — Relation générale avec l'usager", "10")
    site = next(r for r in everything.rows if r.indicator.id == "isere_site_maj_delai_moyen")
    assert site.engagement == "1 et 11"
    copil = next(r for r in everything.rows if r.indicator.id == "copil")
    assert (copil.module, copil.engagement) == ("Suivi et pilotage", "IV-1")
    cert = next(r for r in everything.rows if r.indicator.id == "cert_delai_pc")
    assert cert.module == "2 — Délivrance de titres (hors étrangers)"


def test_module_and_engagement_names_for_unusual_indicators() -> None:
    definitions = parse_definitions(
        """
[perimeter]
modules = [1, 4, 6]
[[requirement]]
id = "revue"
label = "Revue de direction"
[[counter]]
id = "revues"
label = "Revues"
[[indicator]]
id = "revues_tenues"
label = "Revues de direction tenues"
requirement = "revue"
unit = "count"
direction = "higher_is_better"
periodicity = "annual"
formula = "revues"
[[indicator]]
id = "module_six"
label = "Un indicateur du module 6"
module = 6
unit = "count"
direction = "no_target"
periodicity = "annual"
formula = "revues"
"""
    )
    rows = {r.indicator.id: r for r in build_dashboard(definitions, Measurements([]), 2022).rows}
    assert rows["revues_tenues"].engagement == "Revue de direction"
    assert (rows["module_six"].module, rows["module_six"].engagement) == ("Module 6", "—")
    assert rows["collectivites_rdv_10j"].engagement == "—"
    assert (
        build_dashboard(definitions, Measurements([]), 2022).title
        == "Tableau de bord Qual-e-pref 2022"
    )


def test_csv_export() -> None:
    text = to_csv(isere())
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == list(COLUMNS)
    by_id = {row[2]: dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]}
    calls = by_id["appels_aboutis"]
    assert [calls[k] for k in ("cible", "n_1", "t1", "t4", "annuel", "ecart", "statut")] == [
        "90 %", "95,75 %", "95,51 %", "80,86 %", "non calculable", "—", "non calculable",
    ]  # fmt: skip
    assert [calls[k] for k in PERIOD_STATUS_COLUMNS] == [
        "cible atteinte", "cible atteinte", "cible atteinte", "écart mineur", "écart mineur",
    ]  # fmt: skip
    assert calls["evolution"] == "—"  # the year cannot be computed
    letters = by_id["courriers_info_10j"]
    assert [letters[k] for k in ("t1", "annuel", "statut")] == [
        "sans objet",
        "sans objet",
        "sans objet",
    ]
    assert "#DIV/0" not in text
    satisfaction = by_id["satisfaction_delai_attente"]
    assert [satisfaction[k] for k in ("t2", "annuel", "ecart", "statut", "statut_t2")] == [
        "(annuel)", "44,3 %", "+40,9 %", "écart modéré", "non renseigné",
    ]  # fmt: skip
    assert by_id["site_internet_connexion"]["cible"] == "5 % par trimestre"  # per = quarterly
    mails = by_id["courriels_info_5j"]
    assert (mails["annuel"], mails["evolution"]) == ("100 %", "▲ amélioration : +7,64 pt")


def test_the_spreadsheet_mean_is_marked_in_every_format(tmp_path: Path) -> None:
    dashboard = isere(mean_of_values=True)
    csv_text = to_csv(dashboard)
    assert "89,96 % *" in csv_text
    assert "annuel * : moyenne non pondérée des valeurs, sans composantes" in csv_text
    markdown = to_markdown(dashboard)
    assert "| 89,96 % * 🟡◔ |" in markdown  # the mean, marked, and its status
    assert markdown.rstrip().endswith(
        "un trimestre de 2 courriers y pèse autant qu’un trimestre de 200."
    )
    page = to_html(dashboard)
    assert '<td class="valeur" style="background:#FFEB84">89,96 % * ◔</td>' in page
    assert "moyenne non pondérée des valeurs trimestrielles" in page
    path = tmp_path / "tableau.xlsx"
    write_xlsx(dashboard, path)
    sheet = openpyxl.load_workbook(path)["Tableau de bord"]
    line = next(
        r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 3).value == "appels_aboutis"
    )
    annual = sheet.cell(line, 12)
    assert annual.value == pytest.approx(0.899575)
    assert annual.number_format == '0.00%" * ◔"'
    assert sheet.cell(sheet.max_row, 1).value.startswith("* moyenne non pondérée")


def test_markdown_and_html() -> None:
    dashboard = isere()
    markdown = to_markdown(dashboard)
    lines = markdown.splitlines()
    assert lines[0] == "# Préfecture de l'Isère — tableau de bord Qual-e-pref 2022"
    assert lines[2] == "| " + " | ".join(HEADERS) + " |"
    assert any("🟠◑ écart modéré" in line for line in lines)
    calls = next(line for line in lines if "| appels_aboutis |" in line).split(" | ")
    assert calls[6:12] == [
        "95,75 % 🟢✓", "95,51 % 🟢✓", "95,55 % 🟢✓", "87,91 % 🟡◔", "80,86 % 🟡◔", "non calculable",
    ]  # fmt: skip
    assert "un trimestre de 2 courriers" not in markdown
    page = to_html(dashboard)
    assert page.startswith("<!DOCTYPE html>")
    assert '<td style="background:#F8A95E">◑ écart modéré</td>' in page
    assert '<td class="valeur" style="background:#FFEB84">80,86 % ◔</td>' in page
    assert '<td class="etat">non calculable</td>' in page
    assert "l&#x27;Isère" in page
    assert "moyenne non pondérée des valeurs trimestrielles" not in page


def test_xlsx_export(tmp_path: Path) -> None:
    path = tmp_path / "tableau.xlsx"
    write_xlsx(isere(measured_only=False), path)
    book = openpyxl.load_workbook(path)
    sheet = book["Tableau de bord"]
    assert sheet["A1"].value == "Préfecture de l'Isère — tableau de bord Qual-e-pref 2022"
    assert [c.value for c in sheet[3]] == list(HEADERS)
    lines = {sheet.cell(r, 3).value: r for r in range(4, 4 + 37)}
    attente = lines["satisfaction_delai_attente"]
    assert (sheet.cell(attente, 12).value, sheet.cell(attente, 12).number_format) == (
        0.443,
        '0.00%" ◑"',
    )
    assert sheet.cell(attente, 12).fill.fgColor.rgb == "00F8A95E"
    assert sheet.cell(attente, 15).fill.fgColor.rgb == "00F8A95E"
    assert sheet.cell(attente, 15).value == "◑ écart modéré"
    calls = lines["appels_aboutis"]
    assert sheet.cell(calls, 11).number_format == '0.00%" ◔"'
    assert sheet.cell(calls, 11).fill.fgColor.rgb == "00FFEB84"
    assert sheet.cell(lines["courriers_info_10j"], 8).value == "sans objet"
    assert sheet.cell(lines["pan_usagers_par_jour"], 6).value == "—"
    assert sheet.cell(lines["cert_delai_pc"], 8).number_format == '0.0" j ◑"'  # 23 j, cible 15
    assert sheet.freeze_panes == "F4"
    computation = book["Calcul"]
    assert [c.value for c in computation[1]] == [
        "indicateur", "periode", "etat", "valeur", "mesure", "composantes", "complet",
        "echantillon",
    ]  # fmt: skip
    rows = list(computation.iter_rows(min_row=2, values_only=True))
    assert (
        "courriels_info_5j",
        "2022",
        "valeur",
        1,
        "taux",
        "numerateur = 95, denominateur = 95",
        "oui",
        "non",
    ) in rows
    assert (
        "courriers_info_10j",
        "2022",
        "sans objet",
        None,
        "taux",
        "numerateur = 0, denominateur = 0",
        "oui",
        "non",
    ) in rows


def test_charts(tmp_path: Path) -> None:
    dashboard = isere()
    written = write_charts(dashboard, tmp_path / "graphiques")
    names = sorted(p.name for p in written)
    assert "appels_aboutis.png" in names
    assert "courriers_info_10j.png" not in names  # nothing but sans objet: no chart
    assert "satisfaction_courtoisie.png" not in names  # annual only
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in written)


def test_monthly_charts_and_rows_without_cible(tmp_path: Path) -> None:
    rows = [
        Observation("pan_usagers", Month(2022, m), "pan_usagers_accueillis", n)
        for m, n in [(1, 20), (2, 31), (3, 26)]
    ]
    data = Measurements(rows)
    dashboard = build_dashboard(DEFINITIONS, data, 2022, measured_only=True)
    written = write_charts(dashboard, tmp_path)
    assert [p.name for p in written] == ["pan_usagers.png"]


_QUARTER = st.integers(0, 300).flatmap(
    lambda received: st.tuples(st.just(received), st.integers(0, received))
)


def _mails(quarters: list[tuple[int, int]], previous: tuple[int, int]) -> Measurements:
    rows = [
        Observation("courriels_info_5j", Year(2021), name, value)
        for name, value in zip(COMPONENTS, previous, strict=True)
    ]
    for number, counts in enumerate(quarters, start=1):
        rows += [
            Observation("courriels_info_5j", Quarter(2022, number), name, value)
            for name, value in zip(COMPONENTS, counts, strict=True)
        ]
    return Measurements(rows)


COMPONENTS = ("courriels_info_recus", "courriels_info_dans_le_delai")


@given(
    st.lists(_QUARTER, min_size=4, max_size=4),
    _QUARTER,
    st.integers(0, 3),
    _QUARTER,
)
def test_a_period_s_status_depends_on_its_own_figures_only(
    quarters: list[tuple[int, int]],
    previous: tuple[int, int],
    changed: int,
    other: tuple[int, int],
) -> None:
    definitions = parse_definitions("[perimeter]\nmodules = [1]\n")
    before = build_dashboard(definitions, _mails(quarters, previous), 2022).rows
    altered = [*quarters]
    altered[changed] = other
    after = build_dashboard(definitions, _mails(altered, previous), 2022).rows
    row_before = next(r for r in before if r.indicator.id == "courriels_info_5j")
    row_after = next(r for r in after if r.indicator.id == "courriels_info_5j")
    assert row_before.previous_status is row_after.previous_status
    for number in range(4):
        if number != changed:
            assert row_before.quarter_statuses[number] is row_after.quarter_statuses[number]
    received, in_time = other
    target = definitions.target("courriels_info_5j", 2022)
    expected = status(in_time / received, target, Direction.HIGHER_IS_BETTER) if received else None
    assert row_after.quarter_statuses[changed] is (expected or Status.NOT_APPLICABLE)


SUIVI = Path(__file__).parent.parent / "examples" / "suivi-2022"


def test_a_monthly_tableau_judges_every_month(tmp_path: Path) -> None:
    definitions = load_definitions(SUIVI / "definitions.toml")
    data = read_measurements(SUIVI / "mesures-2022.csv", definitions)
    dashboard = build_dashboard(definitions, data, 2022, measured_only=True, by="month")
    text = to_csv(dashboard)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][6:9] == ["n_1", "janv", "fevr"]
    assert rows[0][-13:-1] == [f"statut_{m}" for m, _header in PARTS["month"]]
    mails = next(
        dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[2] == "courriels_info_5j"
    )
    row = next(r for r in dashboard.rows if r.indicator.id == "courriels_info_5j")
    assert len(row.months) == len(row.month_statuses) == 12
    assert mails["janv"] == cell_text(row.months[0], Unit.RATE)
    assert mails["statut_janv"] == row.month_statuses[0].label
    assert len(row.statuses) == 14  # N-1, twelve months, the year
    markdown = to_markdown(dashboard)
    assert "| N-1 | Janv. | Févr. | Mars |" in markdown
    page = to_html(dashboard)
    assert "<th>Déc.</th>" in page
    write_xlsx(dashboard, tmp_path / "mois.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "mois.xlsx")["Tableau de bord"]
    assert [c.value for c in sheet[3]][6:9] == ["N-1", "Janv.", "Févr."]
    assert sheet.cell(3, 20).value == "Annuel"
    with pytest.raises(ValueError, match="vue inconnue"):
        build_dashboard(definitions, data, 2022, by="semaine")


def test_a_quarterly_indicator_s_months_are_not_expected() -> None:
    rows = [Observation("site_internet_connexion", Quarter(2022, 1), None, 0.06)]
    dashboard = build_dashboard(
        parse_definitions("[perimeter]\nmodules = [1]\n"), Measurements(rows), 2022, by="month"
    )
    calls = next(r for r in dashboard.rows if r.indicator.id == "site_internet_connexion")
    assert calls.indicator.periodicity is Periodicity.QUARTERLY
    cells = dict(zip(csv_columns("month"), row_cells(calls), strict=True))
    assert (cells["janv"], cells["statut_janv"]) == ("(trimestriel)", "non renseigné")


def test_markdown_shows_what_it_carries_and_runs_none_of_it() -> None:
    definitions = parse_definitions(
        '[prefecture]\nname = "<script>alert(1)</script> | x"\n[perimeter]\nmodules = [1]\n'
    )
    rows = [
        Observation("copil", Quarter(2022, 1), None, 2, note='<img src=x onerror="y()">\nligne')
    ]
    markdown = to_markdown(build_dashboard(definitions, Measurements(rows), 2022))
    assert "<script>" not in markdown
    assert "<img" not in markdown
    assert markdown.startswith("# &lt;script&gt;alert(1)&lt;/script&gt; \\| x")
    assert '&lt;img src=x onerror="y()"&gt; ligne' in markdown


def test_the_csv_tableau_runs_nothing() -> None:
    definitions = parse_definitions("[perimeter]\nmodules = [1]\n")
    rows = [Observation("copil", Quarter(2022, 1), None, 2, note="=cmd|' /C calc'!A0")]
    text = to_csv(build_dashboard(definitions, Measurements(rows), 2022, measured_only=True))
    cells = next(csv.reader(io.StringIO(text.splitlines()[1]), delimiter=";"))
    line = dict(zip(COLUMNS, cells, strict=True))
    assert line["observations"].startswith("'=cmd|' /C calc'!A0 ; ")
    assert line["ecart"] == "0 %"  # 2 meetings for a cible of 2: a number stays a number


def test_a_dollar_in_a_label_is_drawn_not_parsed(tmp_path: Path) -> None:
    definitions = parse_definitions(
        '[perimeter]\nmodules = [1]\n[[counter]]\nid = "cout"\nlabel = "Coût"\n'
        '[[indicator]]\nid = "budget"\nlabel = "Budget $\\\\frac{a}{$ fin"\n'
        'module = 1\nunit = "count"\ndirection = "no_target"\nperiodicity = "quarterly"\n'
        'formula = "cout"\n'
    )
    rows = [Observation("budget", Quarter(2022, q), "cout", q) for q in (1, 2, 3, 4)]
    measurements = Measurements(rows)
    dashboard = build_dashboard(definitions, measurements, 2022, measured_only=True)
    written = write_charts(dashboard, tmp_path)
    assert [p.name for p in written] == ["budget.png"]


def test_a_quarter_value_beside_month_components_is_checked_and_noted() -> None:
    months = "".join(
        f"courriels_info_5j;2022-{m:02d};{counter};{n}\n"
        for m, received, in_time in [(4, 100, 90), (5, 100, 90), (6, 100, 89)]
        for counter, n in [
            ("courriels_info_recus", received),
            ("courriels_info_dans_le_delai", in_time),
        ]
    )
    header = "indicateur;periode;composante;valeur\n"
    typed = "courriels_info_5j;2022-T2;;{}\n"
    row = build_dashboard(
        DEFINITIONS, parse_measurements(header + months + typed.format("91 %"), DEFINITIONS), 2022
    ).rows
    [noted] = [r for r in row if r.indicator.id == "courriels_info_5j"]
    assert noted.quarters[1].value == pytest.approx(269 / 300)  # the components win
    assert "2022-T2 : valeur saisie 91 %, calculée 89,67 %" in noted.observations
    close = parse_measurements(header + months + typed.format("89,7 %"), DEFINITIONS)
    [quiet] = [
        r
        for r in build_dashboard(DEFINITIONS, close, 2022).rows
        if r.indicator.id == "courriels_info_5j"
    ]
    assert not any("valeur saisie" in note for note in quiet.observations)


def test_charts_go_into_the_html_and_xlsx_tableaux(tmp_path: Path) -> None:
    import base64  # noqa: PLC0415 - only here

    import openpyxl  # noqa: PLC0415 - only here

    from qualepref.dashboard.charts import dashboard_charts  # noqa: PLC0415
    from qualepref.dashboard.text_formats import to_html  # noqa: PLC0415
    from qualepref.dashboard.xlsx import write_xlsx  # noqa: PLC0415

    dashboard = isere()
    charts = dashboard_charts(dashboard)
    assert "appels_aboutis" in charts
    assert "satisfaction_courtoisie" not in charts  # annual only: no quarterly bar to draw
    page = to_html(dashboard, charts=charts)
    images = page.count('<img src="data:image/png;base64,')
    assert images == len(charts)
    first = page.split("base64,")[1].split('"')[0]
    assert base64.b64decode(first).startswith(b"\x89PNG")
    write_xlsx(dashboard, tmp_path / "t.xlsx", charts=charts)
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames[-1] == "Graphiques"
    assert len(book["Graphiques"]._images) == len(charts)


def test_a_rate_chart_starts_at_zero_with_french_numbers() -> None:
    from qualepref.dashboard.charts import chart_figure  # noqa: PLC0415

    row = next(r for r in isere().rows if r.indicator.id == "cert_fraude_pour_mille")
    figure = chart_figure(row, 2022)
    axes = figure.axes[0]
    assert axes.get_ylim()[0] == 0  # from zero, never a cut axis
    figure.canvas.draw()
    ticks = [label.get_text() for label in axes.get_yticklabels()]
    assert any("," in tick for tick in ticks), ticks  # decimal commas
    assert not any("." in tick for tick in ticks)
    bars = [text.get_text() for text in axes.texts] + [
        label.get_text() for container in axes.containers for label in axes.bar_label(container)
    ]
    assert any(text.endswith("‰") for text in bars)
    legend = [text.get_text() for text in axes.get_legend().get_texts()]
    assert legend[0].startswith("cible ")
