"""Agents' training: the référentiel's rule, the states, the tables; the register and command."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st
from tests.helpers import load_module, read_csv, run, workbook_cells

from qualepref import load_definitions, parse_definitions
from qualepref.referentiel.training_settings import default_training
from qualepref.training import (
    Assignment,
    TrainingError,
    TrainingRule,
    TrainingState,
    months_after,
    next_training_due,
    training_report,
    training_state,
    training_state_text,
    training_table,
    tutorat_table,
)
from qualepref.training_files import TrainingFileError, read_training

ROOT = Path(__file__).parent.parent
ISERE = ROOT / "examples" / "isere-2022"
RULE = default_training().rule.to_rule()
NEW_YEAR = dt.date(2022, 1, 1)


def test_the_shipped_rule_is_the_referentiels() -> None:
    assert (RULE.first_months, RULE.renewal_months, RULE.notice_months) == (12, 48, 12)
    assert "tous les 4 ans" in RULE.source


@pytest.mark.parametrize(
    ("started", "last", "due"),
    [
        (dt.date(2021, 9, 1), None, dt.date(2022, 9, 1)),  # within the year of the post
        (None, dt.date(2019, 3, 15), dt.date(2023, 3, 15)),  # four years after the last
        (dt.date(2010, 5, 3), dt.date(2020, 2, 29), dt.date(2024, 2, 29)),
        (dt.date(2021, 9, 1), dt.date(2015, 6, 1), dt.date(2022, 9, 1)),  # old training
        (dt.date(2021, 9, 1), dt.date(2021, 3, 1), dt.date(2025, 3, 1)),  # trained before
    ],
)
def test_the_next_due_date(started: dt.date | None, last: dt.date | None, due: dt.date) -> None:
    agent = Assignment("A", "accueil_physique", started=started, last_training=last)
    assert next_training_due(agent, RULE) == due


def test_a_training_after_the_date_darrete_had_not_happened() -> None:
    agent = Assignment(
        "A", "accueil_physique", started=dt.date(2015, 1, 5), last_training=dt.date(2022, 5, 2)
    )
    assert next_training_due(agent, RULE, dt.date(2022, 12, 31)) == dt.date(2026, 5, 2)
    assert next_training_due(agent, RULE, NEW_YEAR) == dt.date(2016, 1, 5)
    assert training_state(agent, NEW_YEAR, RULE) is TrainingState.OVERDUE
    trained_later = Assignment("B", "rq", last_training=dt.date(2022, 5, 2))
    assert next_training_due(trained_later, RULE, NEW_YEAR) == NEW_YEAR  # nothing known


@pytest.mark.parametrize(
    ("due_in", "tutorat", "state", "text"),
    [
        (dt.date(2023, 1, 1), None, TrainingState.UP_TO_DATE, "à jour (prochaine formation"),
        (dt.date(2022, 12, 31), None, TrainingState.DUE, "à former avant le 31/12/2022"),
        (dt.date(2022, 1, 1), None, TrainingState.DUE, "à former avant le 01/01/2022"),
        (dt.date(2021, 12, 31), None, TrainingState.OVERDUE, "en retard depuis le 31/12/2021"),
        (
            dt.date(2021, 12, 31),
            dt.date(2021, 6, 1),
            TrainingState.TUTORED,
            "sous tutorat depuis le 01/06/2021, formation due le 31/12/2021",
        ),
        (dt.date(2022, 6, 1), dt.date(2022, 2, 1), TrainingState.DUE, "à former"),  # not yet
    ],
)
def test_the_states_at_the_date_darrete(
    due_in: dt.date, tutorat: dt.date | None, state: TrainingState, text: str
) -> None:
    started = due_in.replace(year=due_in.year - 1)
    agent = Assignment("A", "accueil_physique", started=started, tutorat=tutorat)
    assert training_state(agent, NEW_YEAR, RULE) is state
    assert training_state_text(agent, NEW_YEAR, RULE).startswith(text)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "ni prise de poste ni dernière formation"),
        (
            {"started": dt.date(2021, 9, 1), "tutorat": dt.date(2021, 8, 1)},
            "le tutorat (01/08/2021) commence avant la prise de poste (01/09/2021)",
        ),
    ],
)
def test_impossible_assignments_are_refused(fields: dict[str, object], message: str) -> None:
    with pytest.raises(TrainingError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Assignment("A", "accueil_physique", **fields)  # type: ignore[arg-type]


def test_a_tutorat_counts_once_per_agent_and_a_role_of_no_agent_is_left_out() -> None:
    team = [
        Assignment("A", "accueil_physique", service="S", started=dt.date(2021, 5, 1),
                   tutorat=dt.date(2021, 5, 3)),
        Assignment("A", "accueil_telephonique", service="S", started=dt.date(2021, 5, 1),
                   tutorat=dt.date(2021, 5, 3)),
        Assignment("B", "cert_fraude", service="T", started=dt.date(2021, 5, 1),
                   tutorat=dt.date(2022, 3, 1)),
    ]  # fmt: skip
    assert tutorat_table(team, NEW_YEAR) == {"S": 1}
    rows, total = training_table(team, NEW_YEAR, RULE, labels={"referent_qualite": "RQ"})
    assert [row.key for row in rows] == ["accueil_physique", "accueil_telephonique", "cert_fraude"]
    assert (total.concerned, total.due) == (3, 3)
    assert training_table([], NEW_YEAR, RULE, labels={})[1].share is None


days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))


@given(st.dates(), st.integers(0, 1200))
def test_months_after_is_dateutils_relativedelta(day: dt.date, months: int) -> None:
    try:
        expected = day + relativedelta(months=months)
    except (ValueError, OverflowError):  # beyond the calendar's last year
        expected = dt.date.max
    assert months_after(day, months) == expected


@given(st.none() | days, st.none() | days, days, st.integers(1, 60), st.integers(1, 120))
def test_a_due_date_never_precedes_the_training_it_follows(
    started: dt.date | None, last: dt.date | None, as_of: dt.date, first: int, renewal: int
) -> None:
    if started is None and last is None:
        return
    rule = TrainingRule(first_months=first, renewal_months=renewal)
    agent = Assignment("A", "r", started=started, last_training=last)
    due = next_training_due(agent, rule, as_of)
    known = last if last is not None and last <= as_of else None
    if known is not None:
        assert due > known
    if started is not None:
        assert due > started
    state = training_state(agent, as_of, rule)
    assert (state is TrainingState.OVERDUE) == (due < as_of)
    assert (state is TrainingState.UP_TO_DATE) == (due >= months_after(as_of, rule.notice_months))


# --- the register and the command -----------------------------------------------------


def register(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "formations.csv"
    header = "Agent;Service;Rôle;Prise de poste;Dernière formation;Début du tutorat"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (";S;accueil;01/01/2021;;", "Agent", "agent sans nom"),
        ("A;S;;01/01/2021;;", "Rôle", "rôle manquant : Accueil physique, Accueil tél"),
        ("A;S;cuisine;01/01/2021;;", "Rôle", "rôle inconnu « cuisine »"),
        ("A;S;accueil;32/01/2021;;", "Prise de poste", "date illisible « 32/01/2021 »"),
        ("A;S;accueil;;;", None, "ni prise de poste ni dernière formation"),
        ("A;S;accueil;01/09/2021;;01/08/2021", None, "le tutorat (01/08/2021) commence avant"),
    ],
)
def test_each_bad_row_is_rejected_with_its_reason(
    tmp_path: Path, row: str, column: str | None, reason: str
) -> None:
    read = read_training(register(tmp_path, row, "B;S;standard;01/01/2021;;"))
    assert [(a.agent, a.role) for a in read.records] == [("B", "accueil_telephonique")]
    (reject,) = read.rejects
    assert (reject.column, reject.where.endswith(":2")) == (column, True)
    assert reason in reject.reason


def test_a_register_without_its_role_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("Agent;Service\nA;S\n", encoding="utf-8")
    with pytest.raises(TrainingFileError, match=r"colonne\(s\) « Rôle » absente\(s\)"):
        read_training(path)


def test_the_definitions_add_roles_and_rename_columns(tmp_path: Path) -> None:
    definitions = parse_definitions(
        "[perimeter]\nmodules = [1]\n"
        '[training.columns]\nagent = "Matricule"\n'
        '[training.roles]\ninstruction_titres = ["instruction des titres"]\n'
        '[training.role_labels]\ninstruction_titres = "Instruction des titres"\n'
    )
    path = tmp_path / "f.csv"
    path.write_text("Matricule;Rôle;Prise de poste\nX1;Instruction des titres;01/03/2021\n")
    (agent,) = read_training(path, definitions).records
    assert agent.role == "instruction_titres"
    assert definitions.training is not None
    assert definitions.training.labels()["instruction_titres"] == "Instruction des titres"


def test_the_isere_register_gives_the_bilans_table() -> None:
    definitions = load_definitions(ISERE / "definitions.toml")
    read = read_training(ISERE / "formations.xlsx", definitions)
    assert (len(read.records), read.rejects) == (88, ())
    settings = definitions.training
    assert settings is not None
    report = training_report(read.records, NEW_YEAR, RULE, labels=settings.labels())
    table = [(row.key, row.concerned, row.due) for row in report.rows]
    assert table == [
        ("accueil_physique", 49, 45),
        ("accueil_telephonique", 8, 6),
        ("cert_fraude", 28, 6),
        ("site_reseaux", 2, 2),
        ("referent_qualite", 1, 0),
    ]
    assert (report.total.concerned, report.total.due) == (88, 59)
    assert report.tutorats == {
        "Accueil Général/DICII/SII": 3,
        "Bureau asile, éloignement et contentieux": 3,
        "Bureau droit au séjour/DICII/SII": 4,
        "CERT PC": 4,
        "Plateforme Naturalisation/DICII/SII": 7,
    }
    assert sum(report.tutorats.values()) == 21


def test_the_formations_generator_gives_the_shipped_workbook(tmp_path: Path) -> None:
    generate = load_module(ISERE / "generate_formations.py")
    generate.write_workbook(tmp_path / "formations.xlsx")
    assert workbook_cells(tmp_path / "formations.xlsx") == workbook_cells(ISERE / "formations.xlsx")


def test_the_command_annotates_the_register_and_reports_counts_only(tmp_path: Path) -> None:
    before = hashlib.sha256((ISERE / "formations.xlsx").read_bytes()).hexdigest()
    status, shown = run(
        "formations", ISERE / "formations.xlsx", "--as-of", "01/01/2022",
        "--definitions", ISERE / "definitions.toml", "-o", tmp_path / "suivi.csv",
        "--report", tmp_path / "bilan.md",
    )  # fmt: skip
    assert status == 0
    assert "88 ligne(s) lue(s), 0 rejetée(s)" in shown
    rows = read_csv(tmp_path / "suivi.csv")
    assert len(rows) == 88
    assert list(rows[0])[-2:] == ["prochaine_echeance", "etat"]
    states = [row["etat"] for row in rows]
    assert len(states) - states.count("a_jour") == 59
    assert states.count("sous_tutorat") == 21
    assert all(dt.date.fromisoformat(row["prochaine_echeance"]) for row in rows)
    bilan = (tmp_path / "bilan.md").read_text(encoding="utf-8")
    assert "| Accueil physique | 49 | 45 | 92 % |" in bilan
    assert "| Total | 88 | 59 | 67 % |" in bilan
    assert not any(row["Agent"] in bilan for row in rows)  # aggregates never name anyone
    assert hashlib.sha256((ISERE / "formations.xlsx").read_bytes()).hexdigest() == before


def test_the_command_writes_a_workbook_and_its_rejects(tmp_path: Path) -> None:
    path = register(tmp_path, "=cmd|' /C calc'!A0;S;accueil;01/01/2021;;", "B;S;x;01/01/2021;;")
    status, shown = run("formations", path, "--as-of", "2022-01-01", "-o", tmp_path / "suivi.xlsx")
    assert status == 1
    assert "Accueil physique" in shown
    cells = workbook_cells(tmp_path / "suivi.xlsx")["Sheet"]
    assert cells[1][0] == "=cmd|' /C calc'!A0"  # text, never a formula
    assert cells[1][-1] == "a_former"  # due on the date d'arrêté itself
    rejects = read_csv(tmp_path / "suivi-rejets.csv")
    assert rejects[0]["colonne"] == "Rôle"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-o", "{file}"], "est un fichier lu"),
        (["-o", "suivi.md"], "l'extension .md n'est pas un format possible ici"),
        (["--report", "t.xlsx"], "l'extension .xlsx n'est pas un format possible ici"),
        (["--definitions", "{broken}"], "1 problème(s)"),
    ],
)
def test_formations_call_errors_exit_2(
    tmp_path: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = register(tmp_path, "A;S;accueil;01/01/2021;;")
    broken = tmp_path / "casse.toml"
    broken.write_text("[perimeter]\nmodules = [1, 99]\n", encoding="utf-8")
    filled = [a.format(file=path, broken=broken) for a in argv]
    status, _ = run("formations", path, "--as-of", "2022-01-01", *filled)
    assert status == 2
    assert message in capsys.readouterr().err


def test_formations_needs_its_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("formations", "f.csv")
    assert exit_info.value.code == 2
    assert "--as-of" in capsys.readouterr().err


def test_a_word_meaning_two_roles_is_refused() -> None:
    from qualepref import check_definitions  # noqa: PLC0415 - only here

    _, issues = check_definitions(
        '[perimeter]\nmodules = [1]\n\n[training.roles]\ncert_fraude = "standard"\n'
    )
    (issue,) = issues
    assert (issue.code, issue.line, issue.field) == ("QP401", 4, "training")
    assert "le mot 'standard' désigne deux rôles : accueil_telephonique et cert_fraude" in str(
        issue
    )


def test_the_table_as_csv_for_a_spreadsheet(tmp_path: Path) -> None:
    path = register(tmp_path, "A;S;accueil;01/01/2021;;", "B;S;RQ;;01/06/2021;")
    status, shown = run(
        "formations", path, "--as-of", "2022-01-01", "--report", tmp_path / "table.csv"
    )
    assert status == 0
    assert "écrit : " in shown
    assert read_csv(tmp_path / "table.csv") == [
        {"role": "Accueil physique", "agents_concernes": "1", "a_former_dans_l_annee": "1",
         "part": "100 %"},
        {"role": "Référent qualité", "agents_concernes": "1", "a_former_dans_l_annee": "0",
         "part": "0 %"},
        {"role": "Total", "agents_concernes": "2", "a_former_dans_l_annee": "1", "part": "50 %"},
    ]  # fmt: skip


TRAINING_INDICATOR = """
[[counter]]
id = "agents_formes_a_jour"
label = "Agents (par rôle) à jour de leur formation"
kind = "stock"

[[counter]]
id = "agents_concernes_formation"
label = "Agents (par rôle) soumis à l'obligation de formation"
kind = "stock"

[[indicator]]
id = "formation_agents_a_jour"
label = "Part des agents à jour de leur formation"
requirement = "formation"
unit = "rate"
direction = "higher_is_better"
periodicity = "annual"
formula = "agents_formes_a_jour / agents_concernes_formation"
"""


def test_the_command_writes_the_training_indicators_counters(tmp_path: Path) -> None:
    # the Isère's definitions, with the indicator docs/formations.md declares
    definitions = tmp_path / "definitions.toml"
    own = (ISERE / "definitions.toml").read_text(encoding="utf-8")
    definitions.write_text(own + TRAINING_INDICATOR, encoding="utf-8")
    assert TRAINING_INDICATOR.strip() in (ROOT / "docs" / "formations.md").read_text(
        encoding="utf-8"
    )
    status, _ = run(
        "formations", ISERE / "formations.xlsx", "--as-of", "01/01/2022",
        "--definitions", definitions, "--measurements", tmp_path / "m.csv",
        "--period", "2022", "--report", tmp_path / "t.txt",
    )  # fmt: skip
    assert status == 0
    rows = read_csv(tmp_path / "m.csv")
    assert [(r["indicateur"], r["periode"], r["composante"], r["valeur"]) for r in rows] == [
        ("formation_agents_a_jour", "2022", "agents_formes_a_jour", "29"),  # 88 − 59
        ("formation_agents_a_jour", "2022", "agents_concernes_formation", "88"),
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--measurements", "{m}"], "--measurements demande la période mesurée"),
        (["--measurements", "{m}", "--period", "2022", "--definitions", "{d}",
          "--indicator", "copil"], "--indicator : l'indicateur copil n'est pas un taux"),
    ],
)  # fmt: skip
def test_training_measurements_need_a_period_and_a_rate(
    tmp_path: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = register(tmp_path, "A;S;accueil;01/01/2021;;")
    definitions = tmp_path / "d.toml"
    definitions.write_text("[perimeter]\nmodules = [1]\n", encoding="utf-8")
    filled = [a.format(m=tmp_path / "m.csv", d=definitions) for a in argv]
    status, _ = run("formations", path, "--as-of", "2022-01-01", *filled)
    assert status == 2
    assert message in capsys.readouterr().err
