"""The qualepref command line."""

from __future__ import annotations

import argparse
import importlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import qualepref
from helpers import run
from qualepref import DefinitionIssue, Level, check_definitions
from qualepref.cli import main
from qualepref.cli.command_table import COMMANDS
from qualepref.cli.issue_reports import _annotation

DATA = Path(__file__).parent / "data" / "closures"


def test_calendar_text() -> None:
    status, out = run("calendar", "--departement", "57", "--year", "2026")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "Calendrier des jours ouvrés 2026 : 57 Moselle (Europe/Paris)"
    assert "  vendredi 03/04/2026   jour férié local  Vendredi saint" in lines
    assert "  samedi 26/12/2026     jour férié local  Saint-Étienne" in lines
    assert lines[-1] == "13 jours fériés ou fermetures, dont 10 en semaine ; 251 jours ouvrés."


def test_calendar_json_with_closures_from_a_file_and_the_command_line() -> None:
    status, out = run(
        "calendar",
        "-d",
        "38",
        "-y",
        "2026",
        "--closures",
        str(DATA / "good.csv"),
        "--closure",
        "2026-07-13=Pont du 14 juillet",
        "--format",
        "json",
    )
    assert status == 0
    document = json.loads(out)
    assert document["departement"] == {
        "code": "38",
        "nom": "Isère",
        "fuseau_horaire": "Europe/Paris",
    }
    assert document["jours_ouvres"] == 252 - 4  # 15 May, 13 July, 24 and 31 December
    closures = [
        d for d in document["jours_non_ouvres"] if d["nature"] == "fermeture de la préfecture"
    ]
    assert [(d["date"], d["libelle"]) for d in closures] == [
        ("2026-05-15", "Pont de l'Ascension"),
        ("2026-07-13", "Pont du 14 juillet"),
        ("2026-12-24", "Veille de Noël"),
        ("2026-12-31", "Fermeture exceptionnelle"),
    ]


def test_calendar_csv_and_options() -> None:
    status, out = run(
        "calendar",
        "-d",
        "971",
        "-y",
        "2026",
        "--format",
        "csv",
        "--customary",
        "--pentecost-worked",
    )
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "date;jour;nature;libelle"
    assert "2026-03-12;jeudi;jour chômé d'usage;Mi-Carême" in lines
    assert "2026-05-27;mercredi;jour férié local;Abolition de l'esclavage" in lines
    assert not any("Pentecôte" in line for line in lines)


def test_calendar_text_says_when_pentecost_monday_is_worked() -> None:
    status, out = run("calendar", "-d", "75", "-y", "2026", "--pentecost-worked")
    assert status == 0
    assert out.splitlines()[1] == "Lundi de Pentecôte travaillé (journée de solidarité)"
    assert out.splitlines()[-1].endswith("253 jours ouvrés.")


def test_delay_text_without_days_off_or_answer() -> None:
    status, out = run("delay", "2025-06-02", "--days", "3")
    assert status == 0
    assert out.splitlines()[-1] == "Échéance         : jeudi 05/06/2025"


def test_delay_text_with_cutoff() -> None:
    status, out = run("delay", "07/05/2025 19:00", "2025-05-16", "--days", "5", "--cutoff", "17h30")
    assert status == 0
    assert out.splitlines() == [
        "Délai de 5 jours ouvrés, calendrier 75 Paris (Europe/Paris), heure limite 17:30",
        "Reçu le          : mercredi 07/05/2025 19:00",
        "Jour zéro        : vendredi 09/05/2025 (reçu à ou après l'heure limite)",
        "Échéance         : vendredi 16/05/2025",
        "Répondu le       : vendredi 16/05/2025",
        "Délai écoulé     : 5 jour(s) ouvré(s)",
        "Dans le délai    : oui",
        "Jours non ouvrés : jeudi 08/05/2025 Fête de la Victoire (jour férié)",
    ]


def test_delay_json_in_moselle() -> None:
    status, out = run(
        "delay", "2025-04-17", "2025-04-29", "--days", "5", "-d", "57", "--format", "json"
    )
    assert status == 0
    document = json.loads(out)
    assert {
        key: document[key]
        for key in ("jour_zero", "echeance", "delai_jours_ouvres", "dans_le_delai")
    } == {
        "jour_zero": "2025-04-17",
        "echeance": "2025-04-28",
        "delai_jours_ouvres": 6,
        "dans_le_delai": False,
    }
    assert [d["libelle"] for d in document["jours_non_ouvres"]] == [
        "Vendredi saint",
        "Lundi de Pâques",
    ]


def test_delay_reads_utc_timestamps_in_the_departement_zone() -> None:
    status, out = run("delay", "2025-01-13T23:30:00Z", "--days", "5", "--format", "json")
    assert status == 0
    document = json.loads(out)
    assert (document["recu"], document["jour_zero"], document["echeance"]) == (
        "2025-01-14T00:30:00+01:00",
        "2025-01-14",
        "2025-01-21",
    )
    assert document["delai_jours_ouvres"] is None


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["delay", "2025-05-07", "2025-05-06", "--days", "5"], "antérieure à la réception"),
        (["calendar", "-d", "20", "-y", "2026"], "'2A' (Corse-du-Sud)"),
        (["calendar", "-y", "2026", "--closures", "/nonexistent/fermetures.csv"], "fermetures.csv"),
        (["calendar", "-y", "2026", "--closures", str(DATA / "bad-lines.csv")], "ligne 2"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = run(*argv)
    assert (status, out) == (2, "")
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["delay", "2025-05-07", "--days", "-1"], "nombre de jours ouvrés invalide"),
        (["delay", "2025-05-07", "--days", "cinq"], "nombre de jours ouvrés invalide"),
        (["calendar", "--year", "l'an dernier"], "année invalide"),
        (["delay", "31/02/2025", "--days", "5"], "date impossible"),
        (["delay", "2025-05-07", "--days", "5", "--cutoff", "25:00"], "heure illisible"),
        (["calendar", "--year", "2101"], "année invalide"),
        (["calendar", "--year", "2026", "--closure", "demain"], "date illisible"),
        (["delay", "2025-05-07"], "--days"),
        ([], "COMMANDE"),
    ],
)
def test_wrong_calls_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "qualepref",
            "delay",
            "2025-05-10",
            "--days",
            "5",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    )
    assert json.loads(result.stdout)["echeance"] == "2025-05-16"


# --- validate, catalogue, schema --------------------------------------------------------------

DEFINITIONS = Path(__file__).parent.parent / "examples" / "definitions"


def test_validate_a_valid_file() -> None:
    status, out = run("validate", str(DEFINITIONS / "loire-atlantique.toml"))
    assert (status, out) == (0, f"{DEFINITIONS / 'loire-atlantique.toml'} : valide\n")


def test_validate_reports_every_problem_and_exits_1() -> None:
    path = DEFINITIONS / "invalid" / "references.toml"
    status, out = run("validate", str(DEFINITIONS / "loire-atlantique.toml"), str(path))
    assert status == 1
    lines = out.splitlines()
    assert lines[0].endswith("loire-atlantique.toml : valide")
    assert lines[1] == (
        f"{path}:12: erreur QP202 [engagement_inconnu, engagement] engagement 99 inconnu : "
        "le référentiel numérote ses engagements 1 à 37"
    )
    assert lines[-1] == f"{path} : invalide (6 erreurs)"


def test_validate_json() -> None:
    path = DEFINITIONS / "invalid" / "duplicates.toml"
    status, out = run("validate", "--format", "json", str(path))
    assert status == 1
    document = json.loads(out)
    assert document["valid"] is False
    (file,) = document["files"]
    assert (file["file"], file["readable"], file["valid"]) == (str(path), True, False)
    assert [(i["code"], i["line"], i["item"], i["level"]) for i in file["issues"]] == [
        ("QP201", 10, "accueil_usagers", "error"),
        ("QP201", 14, "appels_aboutis", "error"),
    ]


def test_validate_github_annotations() -> None:
    path = DEFINITIONS / "invalid" / "units-and-targets.toml"
    status, out = run("validate", "--format", "github", str(path))
    assert status == 1
    assert out.splitlines()[0] == (
        f"::error file={path},line=6,title=QP206 appels_aboutis::cible de taux hors de 0 à "
        "100 %25 : 90 ; un taux s'écrit en fraction, 0.9 pour 90 %25"
    )


def test_validate_warnings_keep_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "avertissement.toml"
    path.write_text(
        '[perimeter]\nmodules = [1]\n[[counter]]\nid = "seul"\nlabel = "Seul"\n', encoding="utf-8"
    )
    status, out = run("validate", "--format", "github", str(path))
    assert status == 0
    message = "le compteur 'seul' n'est lu par aucune formule"
    assert out == f"::warning file={path},line=4,title=QP310 seul::{message}\n"
    status, out = run("validate", str(path))
    assert out.splitlines()[-1] == f"{path} : valide (1 avertissement)"


def test_validate_strict_makes_warnings_fail(tmp_path: Path) -> None:
    path = tmp_path / "avertissement.toml"
    path.write_text(
        '[perimeter]\nmodules = [1]\n[[counter]]\nid = "seul"\nlabel = "Seul"\n', encoding="utf-8"
    )
    status, out = run("validate", "--strict", str(path))
    assert status == 1
    assert out.splitlines()[-1] == (
        f"{path} : invalide (--strict : les avertissements comptent) (1 avertissement)"
    )
    status, out = run("validate", "--strict", "--format", "json", str(path))
    assert (status, json.loads(out)["valid"]) == (1, False)
    assert run("validate", "--strict", str(DEFINITIONS / "loire-atlantique.toml"))[0] == 0


def test_validate_folders_and_patterns(tmp_path: Path) -> None:
    status, out = run("validate", str(DEFINITIONS))
    checked = [line.split(" : ")[0] for line in out.splitlines() if " : " in line]
    expected = sorted(str(p) for p in DEFINITIONS.rglob("*.toml"))
    assert [c for c in checked if c in expected] == expected  # every file, in order
    assert status == 1  # the folder « invalid » holds invalid files
    status, out = run("validate", str(DEFINITIONS.parent / "*" / "definitions.toml"))
    assert status == 0
    assert out.count(" : valide") == len(list(DEFINITIONS.parent.glob("*/definitions.toml"))) == 3
    status, out = run("validate", str(DEFINITIONS / "*.toml"))
    assert status == 0
    assert out.count(" : valide") == len(list(DEFINITIONS.glob("*.toml"))) >= 1
    status, out = run("validate", str(tmp_path), str(tmp_path / "*.toml"))
    assert status == 2
    assert f"aucun fichier .toml dans le dossier {tmp_path}" in out
    assert f"aucun fichier ne correspond au motif {tmp_path / '*.toml'}" in out


def test_a_file_named_twice_is_checked_once() -> None:
    example = DEFINITIONS / "loire-atlantique.toml"
    status, out = run("validate", example, DEFINITIONS / "*.toml", example)
    assert (status, out) == (0, f"{example} : valide\n")


def test_validate_gitlab_code_quality() -> None:
    path = DEFINITIONS / "invalid" / "duplicates.toml"
    status, out = run("validate", "--format", "gitlab", str(path))
    assert status == 1
    report = json.loads(out)
    assert [(e["check_name"], e["severity"], e["location"]) for e in report] == [
        ("QP201", "major", {"path": str(path), "lines": {"begin": 10}}),
        ("QP201", "major", {"path": str(path), "lines": {"begin": 14}}),
    ]
    assert len({e["fingerprint"] for e in report}) == 2  # one per problem
    assert report[0]["description"].startswith("QP201 : ")
    again = json.loads(run("validate", "--format", "gitlab", str(path))[1])
    assert [e["fingerprint"] for e in again] == [e["fingerprint"] for e in report]


def test_validate_sarif() -> None:
    path = DEFINITIONS / "invalid" / "references.toml"
    status, out = run("validate", "--format", "sarif", str(path))
    assert status == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    [run_] = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "qualepref"
    assert driver["version"] == qualepref.__version__
    rules = [rule["id"] for rule in driver["rules"]]
    assert rules == sorted(set(rules))
    first = run_["results"][0]
    assert first["ruleId"] == "QP202"
    assert rules[first["ruleIndex"]] == "QP202"
    assert first["level"] == "error"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": path.as_posix()},
        "region": {"startLine": 12},
    }
    assert len(run_["results"]) == 6
    status, out = run("validate", "--format", "sarif", "absent.toml")
    [result] = json.loads(out)["runs"][0]["results"]
    assert status == 2
    assert result["locations"] == [
        {"physicalLocation": {"artifactLocation": {"uri": "absent.toml"}}}
    ]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"qualepref {qualepref.__version__}\n"


def test_validate_unreadable_files_exit_2(tmp_path: Path) -> None:
    latin = tmp_path / "latin.toml"
    latin.write_bytes('name = "é"'.encode("latin-1"))
    status, out = run(
        "validate",
        str(DEFINITIONS / "invalid" / "syntax.toml"),
        str(tmp_path / "absent.toml"),
        str(latin),
    )
    assert status == 2
    assert f"{tmp_path / 'absent.toml'} : illisible" in out
    assert "QP002" in out
    assert "UTF-8" in out


def test_validate_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate"])
    assert exit_info.value.code == 2
    assert "FICHIER" in capsys.readouterr().err


def test_catalogue_formats(tmp_path: Path) -> None:
    status, table = run("catalogue")
    assert status == 0
    assert table.splitlines()[0] == "Module 1 — Relation générale avec l'usager (obligatoire)"
    status, toml_text = run("catalogue", "--format", "toml")
    path = tmp_path / "catalogue.toml"
    path.write_text(toml_text, encoding="utf-8")
    assert run("validate", str(path)) == (0, f"{path} : valide\n")
    status, json_text = run("catalogue", "--format", "json")
    assert json.loads(json_text)["module"][0]["number"] == 1


def test_schema() -> None:
    status, out = run("schema")
    assert status == 0
    assert json.loads(out)["title"] == "Qual-e-pref definitions file"


def test_annotations_without_file_or_line() -> None:
    issue = DefinitionIssue("QP214", Level.ERROR, "périmètre manquant : 50%,\nvoir")
    assert _annotation(issue) == "::error title=QP214::périmètre manquant : 50%25,%0Avoir"


# --- dashboard ---------------------------------------------------------------------------------

ISERE = Path(__file__).parent.parent / "examples" / "isere-2022"
ISERE_ARGS = [
    "dashboard",
    str(ISERE / "mesures.csv"),
    "--definitions",
    str(ISERE / "definitions.toml"),
    "--year",
    "2022",
]


def test_dashboard_markdown_to_stdout() -> None:
    status, out = run(*ISERE_ARGS, "--measured-only")
    assert status == 0
    assert out.startswith("# Préfecture de l'Isère — tableau de bord Qual-e-pref 2022")
    assert "| appels_aboutis |" in out


def test_dashboard_formats_to_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt, name in [("csv", "t.csv"), ("html", "t.html"), ("xlsx", "t.xlsx")]:
        target = tmp_path / name
        status, out = run(*ISERE_ARGS, "--format", fmt, "-o", str(target), "--mean-of-values")
        assert (status, out) == (0, "")
        assert target.stat().st_size > 1000
    assert "tableau de bord 2022 (37 indicateurs) :" in capsys.readouterr().err
    assert "89,96 % *" in (tmp_path / "t.csv").read_text(encoding="utf-8")


def test_dashboard_charts_and_bands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(
        *ISERE_ARGS,
        "--format",
        "csv",
        "--charts",
        str(tmp_path),
        "--bands",
        "5/10",
        "--mean-of-values",
    )
    assert status == 0
    assert (tmp_path / "appels_aboutis.png").exists()
    assert "graphique(s) écrit(s)" in capsys.readouterr().err
    line = next(line for line in out.splitlines() if line.split(";")[2] == "cert_fraude_pour_mille")
    assert line.split(";")[14] == "écart majeur"  # 12 % short: beyond the 10 % band


def test_dashboard_without_definitions_uses_the_whole_catalogue() -> None:
    status, out = run("dashboard", str(ISERE / "mesures.csv"), "--year", "2022", "--format", "csv")
    assert status == 1  # the préfecture's own indicators are unknown to the catalogue
    status, out = run(
        "dashboard", str(Path(__file__).parent / "data" / "measurements" / "good-comma.csv"),
        "--year", "2022", "--format", "csv", "--measured-only",
    )  # fmt: skip
    assert status == 0
    assert out.splitlines()[1].split(";")[2] == "courriels_info_5j"


def test_dashboard_reports_bad_rows_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    bad = Path(__file__).parent / "data" / "measurements" / "bad-rows.csv"
    status, out = run("dashboard", str(bad), "--year", "2022")
    assert (status, out) == (1, "")
    err = capsys.readouterr().err
    assert err.startswith("qualepref dashboard : 7 problème(s) :")  # the whole catalogue
    assert f"{bad}:4: erreur QM103" in err


def test_dashboard_bad_definitions_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    invalid = DEFINITIONS / "invalid" / "duplicates.toml"
    status, _ = run(
        "dashboard", str(ISERE / "mesures.csv"), "--definitions", str(invalid), "--year", "2022"
    )
    assert status == 1
    assert "QP201" in capsys.readouterr().err


def test_dashboard_xlsx_needs_a_file_or_a_pipe(capsys: pytest.CaptureFixture[str]) -> None:
    status, _ = run(*ISERE_ARGS, "--format", "xlsx")  # a text stream: no bytes to write to
    assert status == 2
    assert "-o tableau.xlsx" in capsys.readouterr().err
    pipe = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    assert main([*ISERE_ARGS, "--format", "xlsx"], out=pipe) == 0
    workbook = pipe.buffer.getvalue()  # type: ignore[attr-defined]
    assert workbook.startswith(b"PK")  # a zip: the workbook


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["dashboard", "m.csv", "--year", "22"], "année invalide"),
        (["dashboard", "m.csv", "--year", "2022", "--bands", "50/25"], "bornes illisibles"),
        (["dashboard", "m.csv", "--year", "2022", "--bands", "vingt"], "bornes illisibles"),
    ],
)
def test_dashboard_wrong_calls(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_dashboard_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _ = run("dashboard", "/nonexistent/mesures.csv", "--year", "2022")
    assert status == 2
    assert "mesures.csv" in capsys.readouterr().err


def test_dashboard_format_from_the_output_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, start in [("t.xlsx", b"PK"), ("t.csv", b"\xef\xbb\xbfmodule;"), ("t.md", b"# ")]:
        assert run(*ISERE_ARGS, "-o", str(tmp_path / name))[0] == 0
        assert (tmp_path / name).read_bytes().startswith(start), name
    assert (tmp_path / "t.html").exists() is False
    status, _ = run(*ISERE_ARGS, "-o", str(tmp_path / "t.xlsx"), "--format", "markdown")
    assert status == 2
    assert "--format markdown contredit l'extension" in capsys.readouterr().err
    status, _ = run(*ISERE_ARGS, "-o", str(tmp_path / "t.json"))
    assert status == 2
    assert "l'extension .json n'est pas un format possible ici" in capsys.readouterr().err


def test_dashboard_reads_several_files_and_never_writes_over_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "mesures.csv"
    copy.write_bytes((ISERE / "mesures.csv").read_bytes())
    status, out = run(ISERE_ARGS[0], ISERE_ARGS[1], str(copy), *ISERE_ARGS[2:], "--measured-only")
    assert status == 0  # the same figures twice are the same figures
    assert "| appels_aboutis |" in out
    status, _ = run(*ISERE_ARGS, "-o", str(ISERE / "mesures.csv"))
    assert status == 2
    assert "est un fichier lu : l'écrire le détruirait" in capsys.readouterr().err
    assert copy.read_bytes() == (ISERE / "mesures.csv").read_bytes()


def test_dashboard_unreadable_measurements_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    neither = tmp_path / "mesures.csv"
    neither.write_bytes(b"indicateur;periode;valeur\ncopil;2022;\x81\n")
    assert run("dashboard", str(neither), "--year", "2022")[0] == 2
    assert "QM002" in capsys.readouterr().err
    cp1252 = tmp_path / "excel.csv"
    cp1252.write_bytes("indicateur;periode;composante;valeur;observation\n"
                      "copil;janv-22;copil_reunions;1;réunion\n".encode("cp1252"))  # fmt: skip
    status, out = run("dashboard", str(cp1252), "--year", "2022", "--format", "csv",
                      "--measured-only")  # fmt: skip
    assert status == 0
    assert out.splitlines()[1].split(";")[2] == "copil"


def test_delay_reads_what_track_reads() -> None:
    status, out = run("delay", "lundi 3 janvier 2022 à 17h45", "03/01/2022", "--days", "5",
                      "--departement", "44", "--cutoff", "17:30", "--format", "json")  # fmt: skip
    assert status == 0
    assert '"recu": "2022-01-03T17:45:00"' in out


def _failing(error: BaseException) -> Callable[..., int]:
    def run(_args: object, _out: object) -> int:
        raise error

    return run


@pytest.mark.parametrize(
    ("error", "status", "message"),
    [
        (RuntimeError("boum"), 2, "erreur inattendue (RuntimeError : boum) : c'est un défaut"),
        (KeyboardInterrupt(), 130, "interrompu : les fichiers en cours d'écriture sont abandonnés"),
    ],
)
def test_no_traceback_ever_reaches_the_user(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: BaseException,
    status: int,
    message: str,
) -> None:
    monkeypatch.setattr("qualepref.cli.calendar_commands._run_delay", _failing(error))
    assert run("delay", "2025-05-07", "--days", "5")[0] == status
    err = capsys.readouterr().err
    assert err.startswith("qualepref delay : ")
    assert message in err
    assert "Traceback" not in err


def test_sigterm_abandons_the_run_with_143(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def terminated(_args: object, _out: object) -> int:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises before this ends
        return 0  # pragma: no cover - never reached

    before = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr("qualepref.cli.calendar_commands._run_delay", terminated)
    assert run("delay", "2025-05-07", "--days", "5")[0] == 143
    assert "arrêté (SIGTERM)" in capsys.readouterr().err
    assert signal.getsignal(signal.SIGTERM) == before  # the handler is put back


ENGLISH = ("usage:", "positional arguments", "show this help", "optional arguments", "error:")


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_help_is_in_french(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command.split(), "--help"])
    assert exit_info.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith(f"utilisation : qualepref {command}".rstrip())
    assert "affiche cette aide, puis s'arrête" in shown
    assert not [word for word in ENGLISH if word in shown]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nope"], "argument COMMANDE : choix invalide 'nope' (possibles : 'calendar'"),
        (["track"], "argument obligatoire manquant : FICHIER"),
        (["delay", "2022-01-03", "--days"], "argument --days : une valeur attendue"),
        (["delay", "2022-01-03", "--days", "3", "--format", "xml"], "choix invalide 'xml'"),
        (["validate", "a.toml", "--bogus"], "arguments inconnus : --bogus"),
        (["calendar", "--year", "x"], "argument --year/-y : année invalide : 'x'"),
        (["delay", "2022-01-03", "--days", "x"], "argument --days : nombre de jours ouvrés inv"),
    ],
)
def test_call_errors_are_in_french(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("utilisation : qualepref")
    assert message in err
    assert " : erreur : " in err
    assert not [word for word in ENGLISH if word in err]


# --- init, check -----------------------------------------------------------------------------


@pytest.mark.parametrize("modules", [[], ["--modules", "1,4"], ["--modules", "1 2 3 4 5 6 7"]])
def test_init_writes_a_file_that_validates(tmp_path: Path, modules: list[str]) -> None:
    target = tmp_path / "definitions.toml"
    status, _ = run("init", "-d", "974", *modules, "-o", target)
    assert status == 0
    text = target.read_text(encoding="utf-8")
    assert 'departement = "974"' in text
    assert "# name = " in text  # no name given: left for the referent
    definitions, issues = check_definitions(text)
    assert issues == ()
    assert definitions is not None
    expected = [int(n) for n in modules[1].replace(",", " ").split()] if modules else [1]
    assert list(definitions.perimeter) == expected
    # every indicator of the perimeter is listed, commented, with its catalogue cible
    for indicator in definitions.indicators:
        assert f"# {indicator.id} = " in text
    assert "# appels_aboutis = 0.9  # Taux d'appels aboutis (cible du catalogue)" in text
    # the commented example, once uncommented, is a valid indicator of the préfecture's own
    own_block, registers = text.split("# --- Les indicateurs propres")[1].split("# --- Les reg")
    block = own_block.splitlines()[2:]
    example = "\n".join(line.removeprefix("#").removeprefix(" ") for line in block)
    own, problems = check_definitions(text.split("# --- Les indicateurs")[0] + example)
    assert [i for i in problems if i.level is Level.ERROR] == []
    assert own is not None
    assert own.indicator("boite_service_5j").deadline == 5
    # so are the registers' tables, once their TOML lines are uncommented
    tables = "\n".join(
        line[2:] for line in registers.splitlines() if re.match(r"# (\[|[a-z_]+ = )", line)
    )
    with_registers, problems = check_definitions(text.split("# --- Les indicateurs")[0] + tables)
    assert problems == ()
    assert with_registers is not None
    assert with_registers.plan is not None
    assert with_registers.plan.columns.title == "Intitulé de l'action"
    assert with_registers.survey is not None
    assert with_registers.survey.questions[0].indicator == "satisfaction_courtoisie"
    assert with_registers.mystery is not None
    assert with_registers.training is not None


def test_init_never_replaces_a_file_unless_asked(tmp_path: Path) -> None:
    target = tmp_path / "definitions.toml"
    target.write_text("# le mien\n", encoding="utf-8")
    status, _ = run("init", "-d", "44", "-o", target)
    assert status == 2
    assert target.read_text(encoding="utf-8") == "# le mien\n"
    status, _ = run("init", "-d", "44", "-o", target, "--force", "--name", "Préfecture de X")
    assert status == 0
    assert 'name = "Préfecture de X"' in target.read_text(encoding="utf-8")
    status, out = run("init", "-d", "44")
    assert (status, out.count("[perimeter]")) == (0, 1)


@pytest.mark.parametrize("bad", ["x", ","])
def test_init_refuses_bad_modules(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["init", "-d", "44", "--modules", bad])
    assert "argument --modules" in capsys.readouterr().err


def test_check_definitions_and_measurements_together(tmp_path: Path) -> None:
    isere = Path(__file__).parent.parent / "examples" / "isere-2022"
    status, out = run("check", "--definitions", isere / "definitions.toml", isere / "mesures.csv")
    assert status == 0
    assert out.splitlines() == [
        f"{isere / 'definitions.toml'} : valide",
        f"{isere / 'mesures.csv'} : valide",
    ]
    faulty = tmp_path / "mesures.csv"
    faulty.write_text("indicateur;periode;valeur\nappels_aboutis;2019-T1;90\n", encoding="utf-8")
    status, out = run("check", "--definitions", isere / "definitions.toml", isere / "mesures.csv",
                      faulty, "--format", "json")  # fmt: skip
    document = json.loads(out)
    assert status == 1
    assert [(f["file"], f["valid"]) for f in document["files"]] == [
        (str(isere / "definitions.toml"), True),
        (str(isere / "mesures.csv"), True),
        (str(faulty), False),
    ]
    assert document["files"][2]["issues"][0]["code"] == "QM107"


def test_check_with_invalid_definitions_still_checks_the_measurements(tmp_path: Path) -> None:
    definitions = tmp_path / "definitions.toml"
    definitions.write_text("[perimeter]\nmodules = [99]\n", encoding="utf-8")
    measures = tmp_path / "mesures.csv"
    measures.write_text("indicateur;periode;valeur\ninconnu;2022;1\n", encoding="utf-8")
    status, out = run("check", "--definitions", definitions, measures)
    assert status == 1
    assert "QP" in out
    assert f"{measures}:2: erreur QM101" in out
    status, out = run("check", "--definitions", definitions, tmp_path / "absent.csv")
    assert status == 2
    (tmp_path / "vide").mkdir()
    status, out = run("check", "--definitions", definitions, tmp_path / "vide")  # none inside
    assert status == 2
    assert "QM003" in out


@pytest.mark.parametrize("module", sorted({command.module for command in COMMANDS.values()}))
def test_the_command_table_says_what_each_module_adds(module: str) -> None:
    # The table lists the commands without importing their modules: it must not drift.
    commands = argparse.ArgumentParser().add_subparsers()
    importlib.import_module(f"qualepref.cli.{module}").register(commands)
    added = {action.dest: action.help for action in commands._choices_actions}
    expected = {name: c.help for name, c in COMMANDS.items() if c.module == module}
    assert added == expected


@pytest.mark.parametrize(
    ("argv", "loaded", "not_loaded"),
    [
        (["--version"], [], ["qualepref.cli.calendar_commands", "qualepref.referentiel"]),
        (["--help"], [], ["qualepref.cli.referentiel_commands", "pydantic"]),
        (
            ["validate", "--help"],
            ["qualepref.cli.referentiel_commands"],
            ["holidays", "qualepref.calendar", "qualepref.cli.track_command"],
        ),
    ],
)
def test_a_command_loads_only_what_it_needs(
    argv: list[str], loaded: list[str], not_loaded: list[str]
) -> None:
    script = (
        "import sys\nfrom qualepref.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, running our own script
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    modules = set(result.stdout.split())
    assert set(loaded) <= modules
    assert not set(not_loaded) & modules


def test_dashboard_charts_embedded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _ = run(*ISERE_ARGS, "-o", str(tmp_path / "t.html"), "--charts")
    assert status == 0
    page = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") >= 10
    assert not list(tmp_path.glob("*.png"))  # embedded, no loose file
    status, _ = run(*ISERE_ARGS, "--format", "csv", "--charts")
    assert status == 0
    assert "les graphiques vont dans un tableau HTML ou XLSX" in capsys.readouterr().err
