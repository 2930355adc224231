"""The échéancier: rules, windows, days off, the pilotage register, the command, ICS."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.helpers import run, workbook_cells

from qualepref import WorkingCalendar, load_definitions
from qualepref.obligations import (
    DueState,
    Event,
    Frequency,
    LabelRule,
    PeriodicRule,
    Rules,
    schedule,
)
from qualepref.pilotage_files import read_pilotage
from qualepref.referentiel.obligation_settings import default_obligations

EXAMPLES = Path(__file__).parent.parent / "examples"
ISERE = EXAMPLES / "isere-2022"
LA = EXAMPLES / "loire-atlantique-2022"
LA_DEFINITIONS = EXAMPLES / "definitions" / "loire-atlantique.toml"
RULES = default_obligations().rules


def test_the_shipped_rules_carry_their_sources() -> None:
    periodic = {rule.id: rule for rule in RULES.periodic}
    assert periodic["copil"].every is Frequency.QUARTER
    assert periodic["bilan_annuel"].due_months_after == 3
    assert periodic["affiche_transparence"].due_months_after == 1
    assert {rule.id: rule.months_after_label for rule in RULES.after_label} == {
        "audit_suivi": 18,
        "renouvellement": 36,
    }
    assert all(rule.source for rule in (*RULES.periodic, *RULES.after_label))


def test_the_isere_year_shows_its_missing_third_quarter_copil() -> None:
    # seed 000: COPIL « Trimestrielle », T1 2, T2 2, T3 0, T4 1
    settings = default_obligations()
    events = read_pilotage(ISERE / "pilotage.csv", settings).records
    calendar = WorkingCalendar.for_departement("38")
    items = schedule(
        settings.rules,
        events,
        dt.date(2022, 12, 31),
        year=2022,
        due_day=calendar.previous_working_day,
    )
    copil = {o.key: (o.state, o.done_on) for o in items if o.kind == "copil"}
    assert copil == {
        "copil-2022-T1": (DueState.DONE, dt.date(2022, 1, 18)),
        "copil-2022-T2": (DueState.DONE, dt.date(2022, 4, 12)),
        "copil-2022-T3": (DueState.OVERDUE, None),
        "copil-2022-T4": (DueState.DONE, dt.date(2022, 12, 8)),
    }
    clu = next(o for o in items if o.kind == "clu")
    # 31/12/2022 is a Saturday: the CLU of the year is due the Friday before
    assert (clu.due, clu.done_on) == (dt.date(2022, 12, 30), dt.date(2022, 5, 18))


def test_the_label_brings_the_follow_up_audit_and_the_renewal() -> None:
    settings = default_obligations()
    events = read_pilotage(LA / "pilotage.csv", settings).records
    calendar = WorkingCalendar.for_departement("44")
    items = schedule(
        settings.rules,
        events,
        dt.date(2023, 1, 15),
        year=2023,
        due_day=calendar.previous_working_day,
    )
    audits = {
        o.kind: (o.due, o.state) for o in items if o.kind in {"audit_suivi", "renouvellement"}
    }
    # labelled 27/10/2022: 18 months is Saturday 27/04/2024, so Friday 26/04/2024
    assert audits == {
        "audit_suivi": (dt.date(2024, 4, 26), DueState.TO_DO),
        "renouvellement": (dt.date(2025, 10, 27), DueState.TO_DO),
    }
    bilan = next(o for o in items if o.kind == "bilan_annuel")
    assert (bilan.key, bilan.due, bilan.state) == (
        "bilan_annuel-2022",
        dt.date(2023, 3, 31),
        DueState.TO_DO,
    )
    posters = [o.due for o in items if o.kind == "affiche_transparence"]
    # a month after each quarter, at the month's end, moved back from weekends
    assert posters == [
        dt.date(2023, 1, 31),
        dt.date(2023, 4, 28),
        dt.date(2023, 7, 31),
        dt.date(2023, 10, 31),
    ]


def test_an_event_after_the_date_darrete_does_not_count_yet() -> None:
    rules = Rules((PeriodicRule("clu", "CLU", Frequency.YEAR),))
    events = [Event("clu", dt.date(2022, 11, 3))]
    (before,) = schedule(rules, events, dt.date(2022, 6, 1), year=2022)
    (after,) = schedule(rules, events, dt.date(2022, 12, 1), year=2022)
    assert (before.state, after.state) == (DueState.TO_DO, DueState.DONE)


def test_states_over_a_year() -> None:
    rules = Rules((PeriodicRule("copil", "COPIL", Frequency.QUARTER),))
    states = [o.state for o in schedule(rules, [], dt.date(2022, 5, 10), year=2022)]
    assert states == [DueState.OVERDUE, DueState.TO_DO, DueState.UPCOMING, DueState.UPCOMING]


@given(
    st.sampled_from(list(Frequency)),
    st.integers(0, 6),
    st.integers(2015, 2035),
    st.lists(st.dates(dt.date(2014, 1, 1), dt.date(2036, 12, 31)), max_size=20),
    st.dates(dt.date(2014, 1, 1), dt.date(2036, 12, 31)),
)
def test_every_occurrence_is_due_in_its_year_after_its_window_opens(
    every: Frequency, lag: int, year: int, days: list[dt.date], as_of: dt.date
) -> None:
    rules = Rules((PeriodicRule("x", "X", every, lag),), (LabelRule("a", "A", 18),))
    calendar = WorkingCalendar.for_departement("75")
    items = schedule(
        rules,
        [Event("x", day) for day in days],
        as_of,
        year=year,
        due_day=calendar.previous_working_day,
    )
    assert all(o.due.year == year for o in items)
    for item in items:
        assert calendar.is_working_day(item.due)
        assert item.opens is not None
        assert item.opens <= item.due + dt.timedelta(days=3)  # a weekend may move it back
        if item.done_on is not None:
            assert item.state is DueState.DONE
            assert item.opens <= item.done_on <= min(item.due, as_of)
        else:
            assert item.state is not DueState.DONE
            assert (item.state is DueState.OVERDUE) == (item.due < as_of)
    assert len({o.key for o in items}) == len(items)


# --- the pilotage register and the command ---------------------------------------------


def test_a_pilotage_row_names_a_known_obligation_and_a_date(tmp_path: Path) -> None:
    path = tmp_path / "pilotage.csv"
    path.write_text(
        "Date;Obligation;Observation\n15/03/2022;Copile;\n32/03/2022;COPIL;\n;CLU;\n"
        "10/05/2022;comité local des usagers;en mairie\n",
        encoding="utf-8",
    )
    register = read_pilotage(path, default_obligations())
    assert [(e.kind, e.day, e.note) for e in register.records] == [
        ("clu", dt.date(2022, 5, 10), "en mairie")
    ]
    reasons = [r.reason for r in register.rejects]
    assert reasons[0].startswith("obligation inconnue « Copile » ; vouliez-vous dire 'copil' ?")
    assert reasons[1].startswith("date illisible « 32/03/2022 »")
    assert reasons[2] == "date manquante : quand cela a-t-il eu lieu ?"


def test_the_command_writes_an_ics_that_updates_the_same_events(tmp_path: Path) -> None:
    argv = ["echeancier", "--definitions", LA_DEFINITIONS, "--pilotage", LA / "pilotage.csv"]
    first, second = tmp_path / "jan.ics", tmp_path / "fev.ics"
    assert run(*argv, "--as-of", "15/01/2023", "-o", first)[0] == 0
    assert run(*argv, "--as-of", "15/02/2023", "-o", second)[0] == 0
    january = icalendar.Calendar.from_ical(first.read_bytes()).walk("VEVENT")
    february = icalendar.Calendar.from_ical(second.read_bytes()).walk("VEVENT")
    assert [str(e["UID"]) for e in january] == [str(e["UID"]) for e in february]
    assert "copil-2023-T1@qualepref-44" in {str(e["UID"]) for e in january}
    assert all(
        int(f["SEQUENCE"]) > int(j["SEQUENCE"]) for j, f in zip(january, february, strict=True)
    )
    audit = next(e for e in january if str(e["UID"]).startswith("audit_suivi"))
    assert audit["DTSTART"].dt == dt.date(2024, 4, 26)
    assert audit.walk("VALARM")[0]["TRIGGER"].dt == -dt.timedelta(days=7)


def test_the_command_lists_the_registers_items_in_a_workbook(tmp_path: Path) -> None:
    status, shown = run(
        "echeancier", "--definitions", LA_DEFINITIONS, "--pilotage", LA / "pilotage.csv",
        "--plan", LA / "plan.xlsx", "--as-of", "15/01/2023", "-o", tmp_path / "e.xlsx",
    )  # fmt: skip
    assert status == 0
    rows = workbook_cells(tmp_path / "e.xlsx")["Échéancier"]
    assert rows[2][:3] == ["Échéance", "Obligation", "État"]
    keys = [row[5] for row in rows[3:]]
    assert "plan-2" in keys  # an open action past its échéance
    assert "écrit" in shown


def test_the_isere_echeancier_as_text() -> None:
    status, shown = run(
        "echeancier", "--definitions", ISERE / "definitions.toml",
        "--pilotage", ISERE / "pilotage.csv", "--as-of", "31/12/2022",
    )  # fmt: skip
    assert status == 0
    assert shown.startswith(
        "Échéancier Qual-e-pref — Préfecture de l'Isère, au 31/12/2022 : 11 obligation(s), "
        "1 en retard"
    )
    assert "30/09/2022  Comité de pilotage (COPIL) — 3e trimestre 2022" in shown


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "ics"], "--format ics écrit un fichier : indiquez-le"),
        (["--pilotage", "{pilotage}", "-o", "{pilotage}"], "est un fichier lu"),
        (["--pilotage", "{bad}"], "colonne « Obligation » absente"),
    ],
)
def test_echeancier_call_errors_exit_2(
    tmp_path: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Quand;Quoi\n01/01/2022;x\n", encoding="utf-8")
    filled = [a.format(pilotage=ISERE / "pilotage.csv", bad=bad) for a in argv]
    status, _ = run("echeancier", "--definitions", ISERE / "definitions.toml", *filled)
    assert status == 2
    assert message in capsys.readouterr().err


def test_without_a_pilotage_register_nothing_counts_as_done(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, shown = run(
        "echeancier", "--definitions", ISERE / "definitions.toml", "--as-of", "01/07/2022"
    )
    assert status == 0
    assert "fait" not in shown.split("\n", 2)[2]
    notes = capsys.readouterr().err
    assert "pas de registre de pilotage" in notes
    assert "pas de labellisation" in notes


def test_the_definitions_change_a_periodicity(tmp_path: Path) -> None:
    definitions = load_definitions(ISERE / "definitions.toml")
    assert definitions.obligations is None
    changed = tmp_path / "d.toml"
    changed.write_text(
        (ISERE / "definitions.toml").read_text(encoding="utf-8")
        + '\n[obligations.copil]\nevery = "semester"\nwords = ["réunion qualité"]\n',
        encoding="utf-8",
    )
    settings = load_definitions(changed).obligations
    assert settings is not None
    assert settings.kind_of("Réunion qualité") == "copil"
    items = schedule(settings.rules, [], dt.date(2022, 1, 1), year=2022)
    assert [o.key for o in items if o.kind == "copil"] == ["copil-2022-S1", "copil-2022-S2"]


def test_the_formations_register_and_a_text_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the Isère's trainings due in 2022, an event after the date d'arrêté, no département
    definitions = tmp_path / "d.toml"
    definitions.write_text(
        '[perimeter]\nmodules = [1]\n[training.roles]\ncert_fraude = ["CERT 38 (fraude)"]\n',
        encoding="utf-8",
    )
    status, shown = run(
        "echeancier", "--definitions", definitions, "--pilotage", ISERE / "pilotage.csv",
        "--formations", ISERE / "formations.xlsx", "--as-of", "01/01/2022",
        "-o", tmp_path / "e.txt",
    )  # fmt: skip
    assert status == 0
    text = (tmp_path / "e.txt").read_text(encoding="utf-8")
    assert text.count("Formation de M") == 59  # the 59 due in 2022 (formations.md)
    assert "sous tutorat depuis le" in text
    assert "événement(s) daté(s) après la date d'arrêté" in shown
    assert "pas de département" in shown
    assert "31/12/2022  Comité local des usagers" in text  # a Saturday, not moved back


def test_broken_definitions_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    definitions = tmp_path / "d.toml"
    definitions.write_text("[perimeter]\nmodules = [1]\n[obligations.nope]\nlabel = 'x'\n")
    status, _ = run("echeancier", "--definitions", definitions)
    assert status == 2
    assert "obligation inconnue" in capsys.readouterr().err


def test_a_change_that_does_not_fit_its_rule_is_refused() -> None:
    settings = default_obligations()
    with pytest.raises(ValueError, match="suit le label, sans période"):
        settings.merged({"audit_suivi": {"every": "year"}})
    monthly = settings.merged({"clu": {"every": "month", "label": "CLU de quartier"}})
    items = schedule(monthly.rules, [], dt.date(2022, 1, 1), year=2022)
    assert [o.label for o in items if o.kind == "clu"][:1] == ["CLU de quartier — 01/2022"]


def test_the_loire_atlantique_echeancier_as_text() -> None:
    status, shown = run(
        "echeancier", "--definitions", LA_DEFINITIONS, "--pilotage", LA / "pilotage.csv",
        "--as-of", "15/01/2023", "--year", "2023",
    )  # fmt: skip
    assert status == 0
    lines = [re.split(r"\s{2,}", line) for line in shown.splitlines()]
    assert lines[0] == [
        "Échéancier Qual-e-pref — Préfecture de la Loire-Atlantique, au 15/01/2023 : "
        "13 obligation(s), 0 en retard"
    ]
    assert lines[3] == [
        "31/01/2023",
        "Mise à jour de l'affiche du programme transparence — 4e trimestre 2022",
        "à faire avant le 31/01/2023",
    ]
    assert lines[-2:] == [
        ["26/04/2024", "Audit de suivi (label du 27/10/2022)", "à faire avant le 26/04/2024"],
        [
            "27/10/2025",
            "Audit de renouvellement du label (avant la fin des 3 ans) (label du 27/10/2022)",
            "à faire avant le 27/10/2025",
        ],
    ]
