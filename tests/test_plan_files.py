"""The plan d'amélioration register: reading, rejects, the command, the Loire-Atlantique plan."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.helpers import load_module, read_csv, run, workbook_cells

from qualepref import check_definitions, parse_definitions
from qualepref.improvement_plan import ActionStatus, plan_report
from qualepref.plan_files import PlanFileError, read_plan

EXAMPLE = Path(__file__).parent.parent / "examples" / "loire-atlantique-2022"
HEADER = (
    "N°;Action;Source;Module;Engagement;Pilote;Date de création;Échéance;Statut;Date de réalisation"
)


def register(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "plan.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_good_row_is_an_action(tmp_path: Path) -> None:
    path = register(
        tmp_path,
        "7;Installer une boucle auditive;Audit externe;M1;E3;Accueil;01/10/2021;"
        "31/03/2022;Réalisée;15/03/2022",
    )
    (action,) = read_plan(path).actions
    assert action.number == "7"
    assert action.title == "Installer une boucle auditive"
    assert action.source == "audit_externe"
    assert (action.module, action.engagement, action.pilot) == (1, 3, "Accueil")
    assert action.status is ActionStatus.DONE
    assert (action.created, action.due, action.done) == (
        dt.date(2021, 10, 1),
        dt.date(2022, 3, 31),
        dt.date(2022, 3, 15),
    )


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (";;;1;;;;;fait;01/01/2022", "Action", "action sans intitulé"),
        ("1;x;;1;;;;;;", "Statut", "statut manquant"),
        ("1;x;;1;;;;;peut-être;", "Statut", "statut inconnu « peut-être »"),
        ("1;x;;;;;;;fait;01/01/2022", "Module", "module manquant"),
        ("1;x;;Module 9;;;;;fait;01/01/2022", "Module", "module inconnu « Module 9 » : 1, 2,"),
        ("1;x;Audit internee;1;;;;;à faire;", "Source", "vouliez-vous dire 'audit interne'"),
        ("1;x;;1;99;;;;à faire;", "Engagement", "engagement inconnu « 99 »"),
        ("1;x;;2;E3;;;;à faire;", "Engagement", "l'engagement 3 relève du module 1, pas du"),
        ("1;x;;1;;;31/02/2022;;à faire;", "Date de création", "date illisible « 31/02/2022 »"),
        ("1;x;;1;;;;;fait;", None, "« fait » sans date de réalisation"),
        ("1;x;;1;;;01/06/2022;01/01/2022;à faire;", None, "l'échéance (01/01/2022) précède"),
    ],
)
def test_each_bad_row_is_rejected_with_its_reason(
    tmp_path: Path, row: str, column: str | None, reason: str
) -> None:
    plan = read_plan(register(tmp_path, row, "2;bonne;;Pilotage;;;;;en cours;"))
    assert [a.number for a in plan.actions] == ["2"]  # the next row is read all the same
    (reject,) = plan.rejects
    assert reject.where.endswith("plan.csv:2")
    assert reject.column == column
    assert reason in reject.reason


def test_a_register_without_a_required_column_is_refused(tmp_path: Path) -> None:
    path = register(tmp_path, "1;x;fait", header="N°;Action;Statut")
    with pytest.raises(PlanFileError, match=r"colonne\(s\) « Module » absente\(s\)"):
        read_plan(path)


def test_a_register_without_its_header_is_refused(tmp_path: Path) -> None:
    path = register(tmp_path, "1;x;fait", header="Numéro;Intitulé;Statut")
    with pytest.raises(PlanFileError, match=r"colonne « Action » absente .* \[plan\.columns\]"):
        read_plan(path)


def test_the_definitions_rename_columns_and_add_words(tmp_path: Path) -> None:
    definitions = parse_definitions(
        "[perimeter]\nmodules = [1]\n"
        '[plan.columns]\ntitle = "Intitulé"\nstatus = "État"\n'
        '[plan.statuses]\nfait = "OK"\n'
        '[plan.sources]\ncopil_local = ["revue qualité"]\n'
        '[plan.source_labels]\ncopil_local = "Revue qualité"\n'
    )
    path = register(tmp_path, "1;Affiche;Revue qualité;1;OK;02/02/2022", header=(
        "N°;Intitulé;Source;Module;État;Date de réalisation"
    ))  # fmt: skip
    (action,) = read_plan(path, definitions).actions
    assert (action.status, action.source) == (ActionStatus.DONE, "copil_local")
    assert definitions.plan is not None
    assert definitions.plan.source_label("copil_local") == "Revue qualité"


def test_a_word_meaning_two_sources_is_refused_with_its_line() -> None:
    _, issues = check_definitions(
        '[perimeter]\nmodules = [1]\n\n[plan.sources]\nagents = "audit interne"\n'
    )
    (issue,) = issues
    assert (issue.code, issue.line, issue.field) == ("QP401", 4, "plan")
    assert "le mot 'audit interne' désigne deux sources : audit_interne et agents" in str(issue)


def test_workbook_cells_of_other_types_are_rejected(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["N°", "Action", "Module", "Statut", "Engagement"])
    sheet.append([1, "Oui", True, "à faire", None])
    sheet.append([2, "Demi", 1.5, "à faire", None])
    sheet.append([3, "Entier", 1.0, "à faire", 17.0])
    book.save(tmp_path / "plan.xlsx")
    plan = read_plan(tmp_path / "plan.xlsx")
    assert [reject.reason.split(" :")[0] for reject in plan.rejects] == [
        "module inconnu « True »",
        "module inconnu « 1.5 »",
    ]
    (action,) = plan.actions
    assert (action.number, action.module, action.engagement) == ("3", 1, 17)


def test_duplicate_numbers_and_summary_rows_are_noted_not_lost(tmp_path: Path) -> None:
    plan = read_plan(
        register(tmp_path, "1;a;;1;;;;;à faire;", "1;b;;1;;;;;à faire;", "Total;2;;;;;;;;")
    )
    assert [a.title for a in plan.actions] == ["a", "b"]
    assert any("le numéro 1 est déjà celui de la ligne" in note for note in plan.notes)
    assert any("synthèse ignorée" in note for note in plan.notes)


def test_an_action_titled_with_a_summary_word_is_an_action(tmp_path: Path) -> None:
    plan = read_plan(register(tmp_path, "1;Taux de décroché : former l'accueil;;1;;;;;à faire;"))
    assert len(plan.actions) == 1


# --- the Loire-Atlantique plan 2022 ------------------------------------------------------


def test_the_loire_atlantique_plan_gives_the_bilans_module_rows() -> None:
    plan = read_plan(EXAMPLE / "plan.xlsx")
    assert (len(plan.actions), plan.rejects) == (135, ())
    report = plan_report(plan.actions, dt.date(2022, 12, 31), module_labels={}, source_labels={})
    rows = {
        row.key: (row.done, row.in_progress, row.not_done, round(row.rate * 100))
        for row in report.by_module.rows
        if row.rate is not None
    }
    assert rows == {
        "1": (65, 14, 14, 70),
        "2": (4, 0, 0, 100),
        "4": (1, 0, 3, 25),
        "pilotage": (25, 4, 5, 74),
    }
    total = report.by_module.total
    assert (total.done, total.in_progress, total.not_done) == (95, 18, 22)  # printed 95/15/25
    sources = {row.key: row.total for row in report.by_source.rows}
    audits = sources["audit_interne"] + sources["audit_externe"]
    assert (audits, round(100 * audits / 135)) == (77, 57)  # « plus de la moitié … (57 %) »
    assert sources["agents"] == 19  # « 19 pistes d'actions ont été formulées par les agents »
    assert "reclamations_suggestions" not in sources  # « aucune … des suggestions et récl. »
    assert len(report.carried_over) == 40  # the bilan announces 41: see reconciliation.md


def test_the_plan_generator_gives_the_shipped_workbook(tmp_path: Path) -> None:
    generate = load_module(EXAMPLE / "generate_plan.py")
    generate.write_workbook(tmp_path / "plan.xlsx")
    assert workbook_cells(tmp_path / "plan.xlsx") == workbook_cells(EXAMPLE / "plan.xlsx")


def test_the_plan_command_writes_the_bilan_and_the_counters(tmp_path: Path) -> None:
    definitions = (
        Path(__file__).parent.parent / "examples" / "definitions" / "loire-atlantique.toml"
    )
    before = hashlib.sha256((EXAMPLE / "plan.xlsx").read_bytes()).hexdigest()
    status, shown = run(
        "plan", EXAMPLE / "plan.xlsx", "--as-of", "31/12/2022", "--definitions", definitions,
        "-o", tmp_path / "plan.md", "--measurements", tmp_path / "mesures.csv",
    )  # fmt: skip
    assert status == 0
    assert "135 ligne(s) lue(s), 0 rejetée(s)" in shown
    markdown = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert "| Total | 95 | 18 | 22 | 135 | 70 % |" in markdown
    assert "| Pilotage | 25 | 4 | 5 | 34 | 74 % |" in markdown
    assert [
        (r["composante"], r["valeur"], r["periode"]) for r in read_csv(tmp_path / "mesures.csv")
    ] == [
        ("actions_faites", "95", "2022"),
        ("actions_en_cours", "18", "2022"),
        ("actions_non_faites", "22", "2022"),
    ]
    assert hashlib.sha256((EXAMPLE / "plan.xlsx").read_bytes()).hexdigest() == before
    # the counters feed the tableau de bord: 95 / 135
    status, tableau = run(
        "dashboard", tmp_path / "mesures.csv", "--definitions", definitions, "--year", "2022",
        "--measured-only",
    )  # fmt: skip
    assert status == 0
    assert "70,37 %" in tableau


def test_the_plan_command_writes_its_rejects_and_exits_1(tmp_path: Path) -> None:
    path = register(tmp_path, "1;a;;1;;;;;à faire;", '2;=HYPERLINK("x");;9;;;;;à faire;')
    status, shown = run("plan", path, "--as-of", "2022-12-31", "--format", "csv")
    assert status == 1
    assert shown.startswith("tableau;ligne;faites;en_cours;non_faites;total;taux_realisation;part")
    rejects = read_csv(tmp_path / "plan-rejets.csv")
    assert rejects[0]["colonne"] == "Module"
    assert rejects[0]["Action"] == '\'=HYPERLINK("x")'  # shown as text, never run


def test_more_than_five_rejects_are_counted_on_screen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = register(tmp_path, *(f"{n};x;;9;;;;;à faire;" for n in range(7)))
    status, _ = run("plan", path, "--as-of", "2022-12-31")
    assert status == 1
    shown = capsys.readouterr().err
    assert shown.count("rejet : ") == 5
    assert "… et 2 autre(s)" in shown
    assert "7 ligne(s) rejetée(s)" in shown


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--year", "2022"], "--year va avec --measurements"),
        (["--measurements", "m.csv", "--year", "vingt"], "année invalide : 'vingt'"),
        (["--definitions", "{broken}"], "1 problème(s)"),
        (["-o", "{plan}"], "est un fichier lu"),
        (["-o", "bilan.xlsx"], "l'extension .xlsx n'est pas un format possible ici"),
        (
            ["--measurements", "m.csv", "--definitions", "{definitions}"],
            "l'indicateur plan_amelioration_realisation n'est pas dans les définitions",
        ),
    ],
)
def test_plan_call_errors_exit_2(
    tmp_path: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = register(tmp_path, "1;a;;1;;;;;à faire;")
    definitions = tmp_path / "definitions.toml"
    definitions.write_text("[perimeter]\nmodules = [1]\n", encoding="utf-8")
    broken = tmp_path / "casse.toml"
    broken.write_text("[perimeter]\nmodules = [1, 99]\n", encoding="utf-8")
    filled = [a.format(plan=path, definitions=definitions, broken=broken) for a in argv]
    try:
        status, _ = run("plan", path, "--as-of", "2022-12-31", *filled)
    except SystemExit as exit_info:  # a bad option: argparse's own exit
        status = int(str(exit_info.code))
    assert status == 2
    assert message in capsys.readouterr().err


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cells, min_size=10, max_size=10), max_size=8))
def test_any_register_is_read_whole(tmp_path: Path, rows: list[list[str]]) -> None:
    # Whatever the cells, every row is an action, a reject, or an empty or summary row.
    lines = [";".join(cell.replace(";", ",").replace('"', "'") for cell in row) for row in rows]
    path = tmp_path / "plan.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    plan = read_plan(path)
    counted = len(plan.actions) + len(plan.rejects) + plan.blank_rows + plan.summary_rows
    assert counted == len(rows)
