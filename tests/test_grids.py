"""Satisfaction surveys and mystery grids: scales, tallies, reading, commands, the CLU seed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.helpers import load_module, read_csv, run, workbook_cells

from qualepref import Year, load_definitions, parse_definitions
from qualepref.answer_grids import (
    GridQuestion,
    QuestionTally,
    tally_question,
)
from qualepref.grid_files import GridFileError, grid_observations, read_grid
from qualepref.referentiel.grid_settings import default_grid, default_scales

CLU = Path(__file__).parent.parent / "examples" / "clu-mars-2022"
SATISFACTION = default_scales()["satisfaction"]
YES_NO = default_scales()["oui_non"]


@pytest.mark.parametrize(
    ("word", "level"),
    [
        ("Très satisfait", "tres_satisfait"),
        ("plutôt satisfait", "satisfait"),
        ("Plutôt pas satisfait", "peu_satisfait"),
        ("PAS DU TOUT SATISFAIT", "pas_satisfait"),
        ("Ne se prononce pas", "sans_avis"),
        ("4", "tres_satisfait"),
        ("bof", None),
    ],
)
def test_the_ministrys_satisfaction_scale(word: str, level: str | None) -> None:
    assert SATISFACTION.level_of(word) == level


def test_a_criterion_counts_over_the_calls_where_it_applied() -> None:
    question = GridQuestion("bureau", "Identification du bureau concerné", YES_NO)
    tally = tally_question(question, ["oui"] * 9 + ["non"] * 3 + ["sans_objet"] * 5 + [None])
    assert (tally.satisfied, tally.others, tally.no_opinion, tally.unanswered) == (9, 3, 5, 1)
    assert tally.rate == 0.75  # the seed's 75 %, over the 12 transferred calls
    assert tally.small


def test_a_question_nobody_answered_is_sans_objet() -> None:
    tally = tally_question(
        GridQuestion("pan", "Point numérique", SATISFACTION), [None, "sans_avis"]
    )
    assert (tally.respondents, tally.rate, tally.interval) == (0, None, None)


def test_satisfied_levels_can_be_narrowed() -> None:
    question = GridQuestion("q", "Q", SATISFACTION, satisfied_levels=frozenset({"tres_satisfait"}))
    tally = tally_question(question, ["tres_satisfait", "satisfait", "peu_satisfait"])
    assert (tally.satisfied, tally.respondents) == (1, 3)


@given(st.lists(st.sampled_from([None, *SATISFACTION.levels]), max_size=400))
def test_rates_stay_within_0_and_1_and_their_interval_holds_them(levels: list[str | None]) -> None:
    tally = tally_question(GridQuestion("q", "Q", SATISFACTION), levels)
    assert tally.respondents + tally.no_opinion + tally.unanswered == len(levels)
    if tally.rate is None:
        assert tally.respondents == 0
        return
    assert 0 <= tally.rate <= 1
    interval = tally.interval
    assert interval is not None
    assert 0 <= interval.low <= tally.rate <= interval.high <= 1
    assert tally.small == (tally.respondents < 30)


# --- reading --------------------------------------------------------------------------


def grid(*questions: tuple[str, str]) -> object:
    return default_grid("satisfaction").merged(
        {"questions": [{"column": column, "id": id_} for column, id_ in questions]}
    )


def test_an_unreadable_answer_is_reported_and_the_rows_others_kept(tmp_path: Path) -> None:
    path = tmp_path / "reponses.csv"
    path.write_text(
        "N°;Accueil;Attente\n1;satisfait;bof\n2;sans avis;peu satisfait\n3;;Très satisfait\n",
        encoding="utf-8",
    )
    register = read_grid(path, grid(("Accueil", "accueil"), ("Attente", "attente")), kind="survey")
    welcome, waiting = register.tallies()
    assert (welcome.satisfied, welcome.no_opinion, welcome.unanswered) == (1, 1, 1)
    assert (waiting.satisfied, waiting.others, waiting.unreadable) == (1, 1, 1)
    (reject,) = register.rejects
    assert (reject.where.endswith(":2"), reject.column) == (True, "Attente")
    assert reject.reason.startswith("réponse illisible « bof » : tres_satisfait, satisfait")


def test_a_grid_without_a_declared_column_or_question_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "reponses.csv"
    path.write_text("Accueil;Autre\nsatisfait;x\n", encoding="utf-8")
    with pytest.raises(GridFileError, match=r"colonne\(s\) « Attente » absente\(s\)"):
        read_grid(path, grid(("Accueil", "a"), ("Attente", "b")), kind="survey")
    with pytest.raises(GridFileError, match=r"aucune question déclarée .* \[\[mystery.criterion"):
        read_grid(path, default_grid("oui_non"), kind="mystery")


# --- the CLU of 10 March 2022 (seed 001) -----------------------------------------------

SURVEY_RATES = {
    "courtoisie": 86.3, "disponibilite": 82.4, "handicap": 50.0, "difficulte": 63.2,
    "langage": 82.4, "orientation": 80.4, "signaletique": 78.4, "services": 66.7,
    "confort": 74.5, "confidentialite": 76.5, "delai_attente": 76.1, "svi": 67.9,
    "standard": 82.1, "transfert": 76.7,
}  # fmt: skip
MYSTERY_RATES = {
    "svi": 100.0, "sonneries": 76.5, "formule_accueil": 100.0, "courtoisie": 100.0,
    "transfert": 100.0, "bureau": 75.0, "prise_de_conge": 85.7, "reponse": 92.3,
}  # fmt: skip
DEFINITIONS = load_definitions(CLU / "definitions.toml")


def test_the_survey_gives_every_published_percentage() -> None:
    assert DEFINITIONS.survey is not None
    register = read_grid(CLU / "enquete-2021.xlsx", DEFINITIONS.survey, kind="survey")
    assert (len(register.answers), register.rejects) == (52, ())
    tallies = {t.question.id: t for t in register.tallies()}
    rates = {key: round(100 * t.rate, 1) for key, t in tallies.items() if key in SURVEY_RATES}
    assert rates == SURVEY_RATES
    assert tallies["courtoisie"].respondents == 51  # 52 returns, one without an opinion
    point = tallies["point_numerique"]
    assert (point.respondents, point.small) == (4, True)  # « pas significatif »


def test_the_mystery_calls_give_every_published_percentage() -> None:
    assert DEFINITIONS.mystery is not None
    register = read_grid(CLU / "appels-mysteres-2022.xlsx", DEFINITIONS.mystery, kind="mystery")
    assert len(register.answers) == 17
    rates = {t.question.id: round(100 * t.rate, 1) for t in register.tallies()}
    assert rates == MYSTERY_RATES


def test_the_clu_generator_gives_the_shipped_workbooks(tmp_path: Path) -> None:
    load_module(CLU / "generate.py").write_workbooks(tmp_path)
    for name in ("enquete-2021.xlsx", "appels-mysteres-2022.xlsx"):
        assert workbook_cells(tmp_path / name) == workbook_cells(CLU / name)


def test_the_survey_command_writes_the_indicators_counters(tmp_path: Path) -> None:
    status, shown = run(
        "enquete", CLU / "enquete-2021.xlsx", "--definitions", CLU / "definitions.toml",
        "-o", tmp_path / "enquete.md", "--measurements", tmp_path / "mesures.csv",
        "--period", "2021",
    )  # fmt: skip
    assert status == 0
    assert "52 ligne(s) lue(s), 0 rejetée(s)" in shown
    markdown = (tmp_path / "enquete.md").read_text(encoding="utf-8")
    assert "| Le point numérique | 4 | 3 | 75 % | 30,1 % – 95,4 % | 40 | peu significatif |" in (
        markdown
    )
    counts = {
        (row["indicateur"], row["composante"]): row["valeur"]
        for row in read_csv(tmp_path / "mesures.csv")
    }
    # courtesy, availability and plain language feed one indicator of the référentiel
    assert counts["satisfaction_courtoisie", "satisfaction_courtoisie_satisfaits"] == "128"
    assert counts["satisfaction_courtoisie", "satisfaction_courtoisie_repondants"] == "153"
    assert counts["pan_satisfaction", "pan_repondants"] == "4"
    assert {row["periode"] for row in read_csv(tmp_path / "mesures.csv")} == {"2021"}


def test_the_mystery_command_scores_the_whole_grid(tmp_path: Path) -> None:
    status, shown = run(
        "mystere", CLU / "appels-mysteres-2022.xlsx", "--definitions", CLU / "definitions.toml",
        "--measurements", tmp_path / "mesures.csv", "--period", "2022", "-o", tmp_path / "m.csv",
    )  # fmt: skip
    assert status == 0
    rows = read_csv(tmp_path / "m.csv")
    overall = rows[-1]
    assert (overall["question"], overall["satisfaits"], overall["repondants"]) == (
        "ensemble",
        "109",
        "119",
    )
    assert [(r["composante"], r["valeur"]) for r in read_csv(tmp_path / "mesures.csv")] == [
        ("mysteres_5_sonneries_oui", "13"),
        ("mysteres_5_sonneries_appels", "17"),
    ]
    assert "écrit" in shown


def test_last_years_answers_give_the_change_and_its_significance(tmp_path: Path) -> None:
    previous = tmp_path / "2020.csv"
    previous.write_text("Accueil\n" + "satisfait\n" * 30 + "peu satisfait\n" * 20, encoding="utf-8")
    current = tmp_path / "2021.csv"
    current.write_text("Accueil\n" + "satisfait\n" * 45 + "peu satisfait\n" * 5, encoding="utf-8")
    definitions = tmp_path / "d.toml"
    definitions.write_text(
        '[perimeter]\nmodules = [1]\n[[survey.question]]\ncolumn = "Accueil"\nid = "accueil"\n',
        encoding="utf-8",
    )
    status, _ = run(
        "enquete", current, "--definitions", definitions, "--previous", previous,
        "-o", tmp_path / "r.txt",
    )  # fmt: skip
    assert status == 0
    text = (tmp_path / "r.txt").read_text(encoding="utf-8")
    assert "60 %" in text  # last year: 30 of 50
    assert "+30 pts (significatif)" in text


@pytest.mark.parametrize(
    ("table", "argv", "message"),
    [
        ("", [], "ne déclare aucune question : décrivez chaque colonne lue sous [[survey."),
        ("", ["--measurements", "m.csv"], "--measurements demande la période mesurée"),
        ('indicator = "nope"', ["--measurements", "{m}", "--period", "2021"],
         "QP403 [accueil, survey] question accueil : indicateur du périmètre inconnu : 'nope'"),
        ('indicator = "copil"', [],
         "l'indicateur copil n'est pas un taux compteur ÷ compteur"),
    ],
)  # fmt: skip
def test_survey_call_errors_exit_2(
    tmp_path: Path,
    table: str,
    argv: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    answers = tmp_path / "r.csv"
    answers.write_text("Accueil\nsatisfait\n", encoding="utf-8")
    definitions = tmp_path / "d.toml"
    question = f'[[survey.question]]\ncolumn = "Accueil"\nid = "accueil"\n{table}\n'
    definitions.write_text(
        "[perimeter]\nmodules = [1]\n" + (question if table else ""), encoding="utf-8"
    )
    if not table and argv:
        definitions.write_text("[perimeter]\nmodules = [1]\n" + question, encoding="utf-8")
    filled = [a.format(m=tmp_path / "m.csv") for a in argv]
    status, _ = run("enquete", answers, "--definitions", definitions, *filled)
    assert status == 2
    assert message in capsys.readouterr().err


def test_a_question_feeding_an_unknown_indicator_is_refused() -> None:
    tally = QuestionTally(GridQuestion("q", "Q", SATISFACTION, indicator="nope"), 1, 0, 0, 0, 0)
    with pytest.raises(Exception, match=r"indicateur du périmètre inconnu : 'nope'.*corrigez"):
        grid_observations([tally], parse_definitions("[perimeter]\nmodules = [1]"), Year(2021))


def test_a_scale_reads_the_words_a_file_adds() -> None:
    settings = default_grid("satisfaction").merged(
        {"answers": {"satisfaction": {"satisfait": ["content"]}}}
    )
    assert settings.scales["satisfaction"].level_of("Content") == "satisfait"
    with pytest.raises(ValueError, match="niveau inconnu 'ravi'"):
        default_grid("satisfaction").merged({"answers": {"satisfaction": {"ravi": ["ravi"]}}})
    with pytest.raises(ValueError, match="échelle inconnue 'etoiles'"):
        default_grid("satisfaction").merged({"answers": {"etoiles": {}}})
    with pytest.raises(ValueError, match="la colonne 'accueil' est déjà celle de a"):
        default_grid("satisfaction").merged(
            {"questions": [{"column": "Accueil", "id": "a"}, {"column": "ACCUEIL", "id": "b"}]}
        )


def test_a_mystery_grid_with_last_year_and_an_empty_criterion(tmp_path: Path) -> None:
    # A criterion that applied to no call, and one new this year: sans objet, no change.
    definitions = tmp_path / "d.toml"
    definitions.write_text(
        "[perimeter]\nmodules = [1]\n"
        '[[mystery.criterion]]\ncolumn = "SVI"\nid = "svi"\n'
        '[[mystery.criterion]]\ncolumn = "Prise de congé"\nid = "conge"\n'
        'satisfied = ["oui"]\nscale = "oui_non"\n',
        encoding="utf-8",
    )
    previous = tmp_path / "2021.csv"
    previous.write_text("SVI;Prise de congé\nsans objet;oui\nsans objet;non\n", encoding="utf-8")
    current = tmp_path / "2022.csv"
    current.write_text("SVI;Prise de congé\nsans objet;oui\nsans objet;oui\n", encoding="utf-8")
    status, _ = run(
        "mystere", current, "--definitions", definitions, "--previous", previous,
        "-o", tmp_path / "r.md",
    )  # fmt: skip
    assert status == 0
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "| SVI | 0 | 0 | sans objet | sans objet | 2 |  | sans objet |  |" in markdown
    assert "| Prise de congé | 2 | 2 | 100 % |" in markdown
    assert "+50 pts (non significatif)" in markdown
    assert "| Ensemble des critères | 2 | 2 | 100 % |" in markdown


def test_a_bad_period_is_a_call_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("enquete", "r.csv", "--definitions", "d.toml", "--period", "2022-13")
    assert exit_info.value.code == 2
    assert "argument --period" in capsys.readouterr().err
