"""The national view: Σ/Σ national figures, distributions, ranks, every préfecture counted."""

from __future__ import annotations

import csv
import io
import statistics
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.helpers import run

from qualepref import load_definitions
from qualepref.cli.national_command import prefecture_inputs
from qualepref.dashboard.national import (
    Participant,
    distribution,
    national_view,
    ranks,
)
from qualepref.dashboard.national_formats import (
    CSV_COLUMNS,
    national_csv,
    national_html,
    national_text,
    summary_cells,
)
from qualepref.errors import QualeprefError
from qualepref.evaluation import CellState, Measurements, Observation
from qualepref.measure_kinds import rate
from qualepref.measurement_files import read_measurements
from qualepref.periods import Quarter, Year
from qualepref.referentiel.models import Direction

NATIONAL = Path(__file__).parent.parent / "examples" / "national"
CODES = ("2A", "38", "44", "57", "69", "974")


def participants() -> list[Participant]:
    found = []
    for code in CODES:
        definitions = load_definitions(NATIONAL / "definitions" / f"{code}.toml")
        measurements = read_measurements(NATIONAL / "mesures" / f"{code}.csv", definitions)
        found.append(Participant(code, definitions, measurements))
    return found


VIEW = national_view(participants(), 2022)


def counters() -> dict[str, dict[str, dict[str, float]]]:
    """The example's components, read straight from its files: code → period → counter."""
    found: dict[str, dict[str, dict[str, float]]] = {}
    for code in CODES:
        text = (NATIONAL / "mesures" / f"{code}.csv").read_text(encoding="utf-8")
        table: dict[str, dict[str, float]] = defaultdict(dict)
        for line in csv.DictReader(io.StringIO(text), delimiter=";"):
            if line["composante"]:
                table[line["periode"]][line["composante"]] = float(line["valeur"])
        found[code] = table
    return found


def test_the_national_call_rate_is_sigma_over_sigma() -> None:
    data = counters()
    answered = received = 0.0
    rates = []
    for code in CODES:
        mine_answered = sum(q["appels_recus"] - q["appels_perdus"] for q in data[code].values()
                            if "appels_recus" in q)  # fmt: skip
        mine_received = sum(q["appels_recus"] for q in data[code].values() if "appels_recus" in q)
        answered += mine_answered
        received += mine_received
        rates.append(mine_answered / mine_received)
    row = VIEW.row("appels_aboutis", Year(2022))
    assert row is not None
    assert row.national_value == pytest.approx(answered / received)
    assert row.national_value != pytest.approx(statistics.fmean(rates))  # never a mean of rates
    assert row.distribution.count == 6
    assert row.distribution.median == pytest.approx(statistics.median(rates))
    assert row.distribution.best == pytest.approx(max(rates))
    assert row.distribution.worst == pytest.approx(min(rates))
    by_code = {figure.departement: figure for figure in row.figures}
    # 44 and 57 both answer 90 % of their calls: one rank for both
    assert by_code["44"].result.value == pytest.approx(0.9)
    assert by_code["44"].rank == by_code["57"].rank
    assert sorted(f.rank for f in row.figures if f.rank is not None)[0] == 1


def test_every_prefecture_is_counted_whatever_its_state() -> None:
    row = VIEW.row("courriels_info_5j", Year(2022))
    assert row is not None
    states = {figure.departement: figure.result.state for figure in row.figures}
    assert states == {
        "2A": CellState.SANS_OBJET,  # no courriel received: 0 / 0
        "38": CellState.VALUE,
        "44": CellState.VALUE,
        "57": CellState.VALUE,
        "69": CellState.NON_CALCULABLE,  # quarters' rates without components
        "974": CellState.NON_RENSEIGNE,
    }
    assert row.distribution.count == 3
    assert (row.count(CellState.SANS_OBJET), row.count(CellState.NON_RENSEIGNE)) == (1, 1)
    assert row.count(CellState.NON_CALCULABLE) == 1
    assert [f.rank for f in row.figures if f.departement in {"2A", "69", "974"}] == [None] * 3
    data = counters()
    in_time = sum(
        q["courriels_info_dans_le_delai"]
        for code in ("2A", "38", "44", "57")
        for q in data[code].values()
        if "courriels_info_recus" in q
    )
    total = sum(
        q["courriels_info_recus"]
        for code in ("2A", "38", "44", "57")
        for q in data[code].values()
        if "courriels_info_recus" in q
    )
    assert row.national_value == pytest.approx(in_time / total)
    quarter = VIEW.row("courriels_info_5j", Quarter(2022, 1))
    assert quarter is not None
    assert quarter.left_out_of_national == 1  # the Rhône's value came alone
    assert quarter.distribution.count == 4


def test_unmeasured_indicators_are_listed_not_dropped() -> None:
    assert {row.indicator.id for row in VIEW.rows} == {
        "appels_aboutis", "courriels_info_5j", "reclamations_courriel_delai_moyen",
    }  # fmt: skip
    assert len(VIEW.unmeasured) == 30
    every = national_view(participants(), 2022, measured_only=False, quarters=False)
    assert len(every.rows) == 33
    assert every.unmeasured == ()


def test_a_quarter_cible_applies_as_in_the_tableau() -> None:
    row = VIEW.row("courriels_info_5j", Quarter(2022, 2))
    assert row is not None
    assert {f.departement: f.status.label for f in row.figures}["44"] == "écart mineur"


def test_csv_html_and_text_outputs() -> None:
    lines = list(csv.reader(io.StringIO(national_csv(VIEW)), delimiter=";"))
    assert tuple(lines[0]) == CSV_COLUMNS
    assert len(lines) == 1 + 3 * 5 * 6  # indicators × periods × préfectures
    calls = [
        dict(zip(CSV_COLUMNS, line, strict=True))
        for line in lines[1:]
        if line[0] == "appels_aboutis" and line[2] == "2022"
    ]
    loire = next(line for line in calls if line["departement"] == "44")
    assert (loire["valeur"], loire["prefectures"], loire["avec_valeur"]) == ("90 %", "6", "6")
    page = national_html(VIEW)
    assert page.count("<section>") == 3
    assert "Préfecture de l&#x27;Isère" in page


def test_the_command_writes_each_format(tmp_path: Path) -> None:
    base = ("national", NATIONAL / "mesures", "--definitions-dir", NATIONAL / "definitions",
            "--year", "2022")  # fmt: skip
    status, shown = run(*base)
    assert status == 0
    assert "nationale (Σ/Σ) : 82,66 %" in shown
    for name in ("n.csv", "n.xlsx", "n.html", "n.txt"):
        status, shown = run(*base, "-o", tmp_path / name)
        assert status == 0
        assert shown.startswith("vue nationale 2022 : 6 préfecture(s), 15 ligne(s)")
    assert (tmp_path / "n.csv").read_bytes().startswith(b"\xef\xbb\xbfindicateur;")
    book = openpyxl.load_workbook(tmp_path / "n.xlsx")
    assert book.sheetnames == ["Synthèse", "Préfectures"]
    summary = [list(r) for r in book["Synthèse"].iter_rows(values_only=True)]
    calls = next(r for r in summary if r[0] == "appels_aboutis" and r[2] == "2022")
    assert calls[3:8] == [6, 6, 0, 0, 0]
    national_row = VIEW.row("appels_aboutis", Year(2022))
    assert national_row is not None
    assert calls[13] == pytest.approx(national_row.national_value)
    assert book["Préfectures"].max_row == 1 + 90


def test_folders_named_after_a_prefecture_and_files_in_them(tmp_path: Path) -> None:
    (tmp_path / "44").mkdir()
    (tmp_path / "44" / "mesures.csv").write_bytes((NATIONAL / "mesures" / "44.csv").read_bytes())
    inputs = prefecture_inputs([str(tmp_path / "44")], NATIONAL / "definitions")
    assert list(inputs) == ["44"]
    assert [p.name for p in inputs["44"][1]] == ["mesures.csv"]
    with pytest.raises(QualeprefError, match="aucun fichier de définitions de ce nom"):
        prefecture_inputs([str(NATIONAL / "generate.py")], NATIONAL / "definitions")
    with pytest.raises(QualeprefError, match="pas un dossier"):
        prefecture_inputs([str(tmp_path)], tmp_path / "absent")
    with pytest.raises(QualeprefError, match="aucun fichier de définitions"):
        prefecture_inputs([str(tmp_path)], tmp_path / "44")


def test_an_invalid_prefecture_stops_the_run_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    definitions = tmp_path / "definitions"
    definitions.mkdir()
    for code in ("38", "44"):
        (definitions / f"{code}.toml").write_bytes(
            (NATIONAL / "definitions" / f"{code}.toml").read_bytes()
        )
    measures = tmp_path / "mesures"
    measures.mkdir()
    (measures / "38.csv").write_bytes((NATIONAL / "mesures" / "38.csv").read_bytes())
    (measures / "44.csv").write_text(
        "indicateur;periode;composante;valeur\nappels_aboutis;2022;appels_recus;-5\n",
        encoding="utf-8",
    )
    target = tmp_path / "n.csv"
    status, _ = run(
        "national", measures, "--definitions-dir", definitions, "--year", "2022", "-o", target
    )
    assert status == 1
    err = capsys.readouterr().err
    assert "qualepref national : 44 : 1 problème(s)" in err
    assert "1 préfecture(s) sur 2 invalide(s) : rien n'est écrit" in err
    assert not target.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-o", "n.docx"], "s'écrit en .csv, .xlsx, .html ou .txt"),
        (["-o", "{m}/44.csv"], "est un fichier lu"),
    ],
)
def test_call_errors_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, _ = run(
        "national", NATIONAL / "mesures", "--definitions-dir", NATIONAL / "definitions",
        "--year", "2022", *(a.format(m=NATIONAL / "mesures") for a in argv),
    )  # fmt: skip
    assert status == 2
    assert message in capsys.readouterr().err


# --- properties -------------------------------------------------------------------------

counts = st.integers(0, 10_000)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(counts, counts), min_size=1, max_size=8))
def test_the_national_figure_is_always_sigma_over_sigma(pairs: list[tuple[int, int]]) -> None:
    definitions = load_definitions(NATIONAL / "definitions" / "44.toml")
    people = []
    for number, (a, b) in enumerate(pairs):
        received, in_time = max(a, b), min(a, b)
        observations = [
            Observation("courriels_info_5j", Year(2022), "courriels_info_recus", received),
            Observation("courriels_info_5j", Year(2022), "courriels_info_dans_le_delai", in_time),
        ]
        people.append(Participant(str(number), definitions, Measurements(observations)))
    row = national_view(people, 2022, quarters=False).row("courriels_info_5j", Year(2022))
    assert row is not None
    total = sum(max(a, b) for a, b in pairs)
    expected = rate(sum(min(a, b) for a, b in pairs), total)
    assert row.national == expected
    with_value = [max(a, b) > 0 for a, b in pairs]
    assert row.distribution.count == sum(with_value)
    assert row.count(CellState.SANS_OBJET) == len(pairs) - sum(with_value)
    assert len(row.figures) == len(pairs)  # every préfecture is in the row


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(0, 1000, allow_nan=False), min_size=1, max_size=30),
    st.sampled_from([Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER]),
)
def test_ranks_and_distribution(values: list[float], direction: Direction) -> None:
    given_ranks = ranks(values, direction)
    assert min(r for r in given_ranks if r is not None) == 1
    better = (
        (lambda a, b: a > b) if direction is Direction.HIGHER_IS_BETTER else (lambda a, b: a < b)
    )
    for value, rank in zip(values, given_ranks, strict=True):
        # a rank is one more than the number of strictly better values
        assert rank == 1 + sum(1 for other in values if better(round(other, 9), round(value, 9)))
    spread = distribution(values, direction)
    assert spread.count == len(values)
    assert spread.first_quartile is not None
    assert spread.median is not None
    assert spread.third_quartile is not None
    assert min(values) <= spread.first_quartile <= spread.median <= spread.third_quartile
    assert spread.third_quartile <= max(values)
    assert spread.best == (max(values) if direction is Direction.HIGHER_IS_BETTER else min(values))
    assert ranks(values, Direction.NO_TARGET) == [None] * len(values)
    assert distribution(values, Direction.NO_TARGET).best is None


def test_a_prefectures_tableau_shows_the_national_median(tmp_path: Path) -> None:
    national = tmp_path / "national.csv"
    status, _ = run(
        "national", NATIONAL / "mesures", "--definitions-dir", NATIONAL / "definitions",
        "--year", "2022", "-o", national,
    )  # fmt: skip
    assert status == 0
    definitions = NATIONAL / "definitions" / "44.toml"
    base = ("dashboard", NATIONAL / "mesures" / "44.csv", "--year", "2022",
            "--definitions", definitions, "--national", national)  # fmt: skip
    status, shown = run(*base, "--format", "csv")
    assert status == 0
    lines = [dict(zip(shown.splitlines()[0].split(";"), line.split(";"), strict=True))
             for line in shown.splitlines()[1:]]  # fmt: skip
    calls = next(line for line in lines if line["indicateur"] == "appels_aboutis")
    assert (calls["annuel"], calls["mediane_nationale"]) == ("90 %", "83,26 %")
    unmeasured = next(line for line in lines if line["indicateur"] == "copil")
    assert unmeasured["mediane_nationale"] == "—"
    status, shown = run(*base, "--measured-only")  # Markdown
    assert "| Annuel | Médiane nationale | Écart |" in shown
    assert "| 90 % 🟢✓ | 83,26 % | 0 % |" in shown
    status, _ = run(*base, "--measured-only", "-o", tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["Tableau de bord"]
    header = [cell.value for cell in sheet[3]]
    assert header[11:13] == ["Annuel", "Médiane nationale"]
    row = next(r for r in sheet.iter_rows(min_row=4, values_only=True) if r[2] == "appels_aboutis")
    assert row[12] == "83,26 %"
    assert row[13] == "0 %"  # the gap follows, in its place
    status, page = run(*base, "--measured-only", "--format", "html")
    assert "<th>Médiane nationale</th>" in page


def test_the_national_file_given_to_a_tableau_is_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "autre.csv"
    wrong.write_text("a;b\n1;2\n", encoding="utf-8")
    base = ("dashboard", NATIONAL / "mesures" / "44.csv", "--definitions",
            NATIONAL / "definitions" / "44.toml", "--national", wrong)  # fmt: skip
    status, _ = run(*base, "--year", "2022")
    assert status == 2
    assert "colonne(s) absente(s) : indicateur, mediane, periode" in capsys.readouterr().err
    wrong.write_text(national_csv(VIEW), encoding="utf-8")
    status, _ = run(*base, "--year", "2021")
    assert status == 2
    assert "aucune ligne pour 2021" in capsys.readouterr().err


def test_nothing_to_measure_anywhere_and_an_indicator_out_of_a_perimeter() -> None:
    definitions = load_definitions(NATIONAL / "definitions" / "44.toml")  # module 1 only
    isere = load_definitions(Path(__file__).parent.parent / "examples/isere-2022/definitions.toml")
    nothing = [
        Observation("courriels_info_5j", Year(2022), "courriels_info_recus", 0),
        Observation("courriels_info_5j", Year(2022), "courriels_info_dans_le_delai", 0),
    ]
    people = [
        Participant("44", definitions, Measurements(nothing)),
        Participant("38", isere, Measurements(nothing)),
    ]
    view = national_view(people, 2022, quarters=False, measured_only=False)
    row = view.row("courriels_info_5j", Year(2022))
    assert row is not None
    assert row.national == rate(0, 0)
    cells = dict(zip(CSV_COLUMNS[8:], summary_cells(row)[3:], strict=True))
    assert (cells["nationale"], cells["mediane"], cells["sans_objet"]) == ("sans objet", "—", "2")
    text = national_text(view)
    assert "Taux de réponse aux courriels de demande d'informations générales" in text
    assert "médiane" not in text.split("(courriels_info_5j)")[1].split("\n\n")[0]
    # an indicator of module 2: only the Isère has it in its perimeter
    titles = next(r for r in view.rows if r.indicator.module == 2)
    assert [figure.departement for figure in titles.figures] == ["38"]
