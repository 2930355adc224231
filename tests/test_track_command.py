"""``qualepref track`` and the tracking files it reads and writes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from helpers import read_csv, run
from qualepref.tracking.reading import open_tracking_file
from qualepref.tracking.tracker import RowStatus, TrackedRow, TrackingError
from qualepref.tracking.writing import ADDED_COLUMNS, XLSX_COLUMNS, RowWriter

DATA = Path(__file__).parent / "data" / "tracking"
JANUARY = DATA / "suivi-janvier.csv"
OPTIONS = ["--departement", "44", "--as-of", "2022-01-31", "--cutoff", "17:30"]


def test_track_writes_every_row_with_its_delai(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "delais.csv"
    status, _ = run(
        "track", JANUARY, *OPTIONS, "-o", output, "--measurements", tmp_path / "mesures.csv"
    )
    assert status == 1  # two rows rejected
    rows = read_csv(output)
    assert list(rows[0])[-6:] == list(ADDED_COLUMNS)
    assert [tuple(row[c] for c in ADDED_COLUMNS[:4]) for row in rows] == [
        ("2022-01-03", "2022-01-10", "2", "dans_le_delai"),
        ("2022-01-10", "2022-01-17", "4", "dans_le_delai"),
        ("2022-01-10", "2022-01-24", "10", "dans_le_delai"),
        ("2022-01-10", "2022-01-17", "11", "hors_delai"),
        ("2022-01-12", "2022-01-26", "", "en_retard"),
        ("", "", "", "rejete"),
        ("", "", "", "rejete"),
        ("", "", "", "exclu"),
        ("2022-01-27", "2022-02-03", "", "en_attente"),
        ("", "", "", "exclu"),
    ]
    assert rows[0]["Objet"] == "Demande de titre de séjour"  # the input columns are kept
    assert rows[3]["motif"] == (
        "accusé de réception du 10/01/2022 09:01 non retenu : ne vaut pas réponse pour "
        "reclamations_courriel_5j ; répondu 6 jours ouvrés après l'échéance du 17/01/2022"
    )
    assert [row["indicateur"] for row in rows[:5]] == [
        "courriels_info_5j",
        "courriels_info_5j",
        "courriers_info_10j",
        "reclamations_courriel_5j",
        "reclamations_courrier_10j",
    ]
    rejects = read_csv(tmp_path / "delais-rejets.csv")
    assert [(r["ligne"], r["colonne"], r["Canal"]) for r in rejects] == [
        ("7", "Canal", "fax"),
        ("8", "Date de réception", "courriel"),
    ]
    err = capsys.readouterr().err
    assert f"{JANUARY}:7: rejetée [Canal] canal inconnu : 'fax'" in err
    assert "lignes lues : 10 = 6 mesurée(s) + 2 exclue(s) + 2 rejetée(s)" in err
    assert "  lignes vides ignorées : 1" in err
    assert "  exclues, après la date d'arrêté : 1" in err


def test_the_measurements_feed_the_dashboard(tmp_path: Path) -> None:
    measurements = tmp_path / "mesures.csv"
    run("track", JANUARY, *OPTIONS, "-o", tmp_path / "d.csv", "--measurements", measurements)
    rows = read_csv(measurements)
    found = {(r["indicateur"], r["periode"], r["composante"]): r["valeur"] for r in rows}
    assert found[("courriels_info_5j", "2022-01", "courriels_info_recus")] == "3"
    assert found[("courriels_info_5j", "2022-01", "courriels_info_dans_le_delai")] == "2"
    assert found[("courriels_info_delai_moyen", "2022-01", "courriels_info_somme_delais")] == "6"
    assert found[("reclamations_courrier_10j", "2022-01", "reclamations_courrier_recues")] == "1"
    status, tableau = run(
        "dashboard", measurements, "--year", "2022", "--measured-only", "--format", "csv"
    )
    assert status == 0
    assert "courriels_info_5j" in tableau or "Taux de réponse aux courriels" in tableau


def test_by_service_writes_one_measurements_file_per_service(tmp_path: Path) -> None:
    measurements = tmp_path / "mesures.csv"
    run(
        "track",
        JANUARY,
        *OPTIONS,
        "-o",
        tmp_path / "d.csv",
        "--measurements",
        measurements,
        "--by-service",
    )
    names = sorted(path.name for path in tmp_path.glob("mesures-*.csv"))
    assert names == ["mesures-accueil.csv", "mesures-bal-sejour.csv", "mesures-naturalisations.csv"]
    sejour = read_csv(tmp_path / "mesures-bal-sejour.csv")
    assert {r["composante"]: r["valeur"] for r in sejour}["courriels_info_recus"] == "3"


def test_json_and_standard_output(tmp_path: Path) -> None:
    status, out = run(
        "track", JANUARY, *OPTIONS, "--format", "json", "--rejects", tmp_path / "r.csv"
    )
    assert status == 1
    records = json.loads(out)
    assert len(records) == 10
    assert records[1]["jour_zero"] == "2022-01-10"
    assert records[1]["delai_jours_ouvres"] == 4
    assert records[4]["statut"] == "en_retard"
    status, out = run("track", JANUARY, *OPTIONS, "--rejects", tmp_path / "r.csv")
    assert out.splitlines()[0].endswith(
        ";jour_zero;echeance;delai_jours_ouvres;statut;motif;indicateur"
    )


def test_xlsx_in_and_out(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Suivi"
    sheet.append([])
    sheet.append(["Date de réception", "Canal", "Date de réponse", None])
    sheet.append([dt.datetime(2022, 1, 3, 18, 0), "courriel", dt.datetime(2022, 1, 10, 9, 0)])
    sheet.append([44565, "courrier", None])
    sheet.append([None, None, None])
    sheet.append(["32/01/2022", "courriel", None])
    source = tmp_path / "suivi.xlsx"
    workbook.save(source)
    output = tmp_path / "delais.xlsx"
    status, _ = run("track", source, *OPTIONS, "-o", output, "--sheet", "Suivi")
    assert status == 1
    result = openpyxl.load_workbook(output, read_only=True)
    rows = list(result.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("Date de réception", "Canal", "Date de réponse", *XLSX_COLUMNS)
    assert rows[1][3:8] == (
        dt.datetime(2022, 1, 4),
        dt.datetime(2022, 1, 11),
        4,
        "dans_le_delai",
        "répondu dans le délai",
    )
    assert rows[2][3:7] == (dt.datetime(2022, 1, 4), dt.datetime(2022, 1, 18), None, "en_retard")
    assert rows[3][6] == "rejete"
    rejects = read_csv(tmp_path / "delais-rejets.csv")
    assert [(r["feuille"], r["ligne"], r["colonne"]) for r in rejects] == [
        ("Suivi", "6", "Date de réception")
    ]


def test_an_unknown_sheet_and_empty_files_are_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = openpyxl.Workbook()
    source = tmp_path / "vide.xlsx"
    workbook.save(source)
    assert run("track", source, *OPTIONS, "--sheet", "Nope")[0] == 2
    assert "pas de feuille « Nope » ; feuilles : Sheet" in capsys.readouterr().err
    assert run("track", source, *OPTIONS)[0] == 2
    assert "feuille vide, sans ligne d'en-tête" in capsys.readouterr().err
    empty = tmp_path / "vide.csv"
    empty.write_text("\n\n", encoding="utf-8")
    assert run("track", empty, *OPTIONS)[0] == 2
    assert "fichier vide, sans ligne d'en-tête" in capsys.readouterr().err


def test_windows_1252_files_with_commas_are_read(tmp_path: Path) -> None:
    status, out = run("track", DATA / "suivi-cp1252.csv", *OPTIONS, "--rejects", tmp_path / "r.csv")
    assert status == 1
    assert "Demande de titre de séjour" in out
    assert out.count("dans_le_delai") == 3


def test_a_file_that_turns_out_not_to_be_text_is_reported_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "suivi.csv"
    head = "Date de réception;Canal;Date de réponse\n" + "03/01/2022;courriel;\n" * 70_000
    source.write_bytes(head.encode("utf-8") + b"03/01/2022;\xff\xfe;\n")
    assert run("track", source, *OPTIONS, "--rejects", tmp_path / "r.csv")[0] == 2
    assert "ligne 70002" in capsys.readouterr().err


def test_a_broken_csv_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "suivi.csv"
    source.write_text(
        "Date de réception;Canal;Date de réponse\n03/01/2022;" + "x" * 200_000 + ";\n",
        encoding="utf-8",
    )
    assert run("track", source, *OPTIONS, "--rejects", tmp_path / "r.csv")[0] == 2
    assert "suivi.csv:2 : CSV illisible (field larger than field limit" in capsys.readouterr().err


def test_late_lists_the_rows_to_chase(tmp_path: Path) -> None:
    status, out = run("track", JANUARY, *OPTIONS, "--late", "--rejects", tmp_path / "r.csv")
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == "Suivi au 31/01/2022 : 1 demande(s) en retard, 0 à échéance proche"
    assert lines[2] == "Accueil : 1 demande(s), dont 1 en retard"
    assert lines[4].startswith(
        f"{JANUARY}:6 | 26/01/2022 | en_retard | reclamations_courrier_10j | Horaires |"
    )
    status, out = run(
        "track", JANUARY, *OPTIONS, "--late", "--within", "3", "--rejects", tmp_path / "r.csv"
    )
    assert (
        out.splitlines()[0] == "Suivi au 31/01/2022 : 1 demande(s) en retard, 1 à échéance proche"
    )
    assert out.splitlines()[6] == "BAL séjour : 1 demande(s), dont 0 en retard"
    assert out.splitlines()[8].startswith(
        f"{JANUARY}:11 | 03/02/2022 | en_attente | courriels_info_5j | Séjour |"
    )


def test_late_with_nothing_to_chase(tmp_path: Path) -> None:
    status, out = run(
        "track",
        JANUARY,
        "-d",
        "44",
        "--as-of",
        "2022-01-03",
        "--late",
        "--rejects",
        tmp_path / "r.csv",
    )
    assert out == "Suivi au 03/01/2022 : 0 demande(s) en retard, 0 à échéance proche\n"
    assert status == 1


def test_period_indicator_channel_and_sample_options(tmp_path: Path) -> None:
    source = tmp_path / "bal.csv"
    source.write_text(
        "Date de réception;Date de réponse\n03/01/2022;04/01/2022\n11/01/2022;12/01/2022\n"
        "01/02/2022;02/02/2022\n",
        encoding="utf-8",
    )
    measurements = tmp_path / "m.csv"
    status, _ = run(
        "track", source, "-d", "44", "--as-of", "2022-03-01", "--channel", "courriel",
        "--period", "2022-01", "--indicator", "courriels_info_5j",
        "--sample", "2022-01-10:2022-01-14", "--measurements", measurements,
        "-o", tmp_path / "d.csv",
    )  # fmt: skip
    assert status == 0
    rows = read_csv(measurements)
    assert {(r["periode"], r["composante"], r["echantillon"]) for r in rows} >= {
        ("2022-01", "courriels_info_recus", "oui"),
    }
    assert all(r["periode"] == "2022-01" for r in rows)
    delais = read_csv(tmp_path / "d.csv")
    assert delais[2]["statut"] == "exclu"
    assert delais[2]["motif"] == "hors période : reçu le 01/02/2022, hors de 2022-01"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--as-of", "2022-01-31"], "indiquez le département (--departement 44)"),
        (
            ["-d", "44", "--indicator", "appels_aboutis"],
            "--indicator appels_aboutis : aucun flux ne le mesure",
        ),
        (["-d", "44", "--format", "xlsx"], "--format xlsx écrit un classeur"),
        (["-d", "44", "--channel", "pigeon"], "canal par défaut inconnu"),
    ],
)
def test_wrong_calls(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run("track", JANUARY, *argv, "--rejects", tmp_path / "r.csv")[0] == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--sample", "2022-01-10"], "échantillon illisible"),
        (["--sample", "2022-01-14..2022-01-10"], "échantillon à l'envers"),
        (["--period", "2022-13"], "mois"),
        (["--within", "deux"], "nombre de jours ouvrés invalide"),
    ],
)
def test_bad_option_values(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        run("track", JANUARY, "-d", "44", *argv)
    assert message in capsys.readouterr().err


def test_definitions_give_the_departement_columns_and_cutoff(tmp_path: Path) -> None:
    definitions = tmp_path / "definitions.toml"
    definitions.write_text(
        '[prefecture]\ndepartement = "57"\n[perimeter]\nmodules = [1]\n'
        '[tracking]\ncutoff = 17:30:00\ndefault_channel = "courrier"\n'
        '[tracking.columns]\nreceived = "Reçu"\nanswered = "Répondu"\n',
        encoding="utf-8",
    )
    source = tmp_path / "suivi.csv"
    source.write_text("Reçu,Répondu\n13/04/2022 18:00,29/04/2022\n", encoding="utf-8")
    status, out = run(
        "track",
        source,
        "--definitions",
        definitions,
        "--as-of",
        "2022-05-31",
        "--rejects",
        tmp_path / "r.csv",
    )
    assert status == 0
    row = next(csv.DictReader(io.StringIO(out), delimiter=";"))
    assert (row["jour_zero"], row["echeance"], row["statut"]) == (
        "2022-04-14",
        "2022-05-02",
        "dans_le_delai",
    )
    assert "Vendredi saint" in row["motif"]


def test_invalid_definitions_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    definitions = tmp_path / "definitions.toml"
    definitions.write_text("[perimeter]\nmodules = [1]\n[tracking]\ncutof = 1\n", encoding="utf-8")
    assert run("track", JANUARY, "--definitions", definitions, "-d", "44")[0] == 2
    assert "QP101" in capsys.readouterr().err


def test_a_file_without_the_required_columns_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "suivi.csv"
    source.write_text("Reçu;Canal\n03/01/2022;courriel\n", encoding="utf-8")
    assert run("track", source, "-d", "44", "--rejects", tmp_path / "r.csv")[0] == 2
    assert "colonne « Date de réception » absente" in capsys.readouterr().err


def test_the_rejects_file_sits_beside_the_output_or_the_input_and_only_when_needed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    source = tmp_path / "suivi-janvier.csv"
    shutil.copy(JANUARY, source)
    run("track", source, *OPTIONS)
    assert (tmp_path / "suivi-janvier-rejets.csv").exists()
    assert f"rejets : {tmp_path / 'suivi-janvier-rejets.csv'}" in capsys.readouterr().err
    (tmp_path / "out").mkdir()
    run("track", source, *OPTIONS, "-o", tmp_path / "out" / "d.csv")
    assert (tmp_path / "out" / "d-rejets.csv").exists()
    assert list(elsewhere.iterdir()) == []
    clean = tmp_path / "propre.csv"
    clean.write_text(
        "Date de réception;Canal;Date de réponse\n03/01/2022;courriel;\n", encoding="utf-8"
    )
    assert run("track", clean, *OPTIONS, "-o", tmp_path / "p.csv")[0] == 0
    assert not (tmp_path / "p-rejets.csv").exists()
    assert "aucun rejet" in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_line_on_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    run("track", JANUARY, *OPTIONS, "-o", tmp_path / "d.csv", "--engine", "python")
    assert "lignes lues (" in terminal.getvalue()
    assert "\r" in terminal.getvalue()


def test_many_rejects_are_summed_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "suivi.csv"
    source.write_text(
        "Date de réception;Canal;Date de réponse\n" + "demain;courriel;\n" * 25, encoding="utf-8"
    )
    assert run("track", source, "-d", "44", "-o", tmp_path / "d.csv")[0] == 1
    err = capsys.readouterr().err
    assert err.count("rejetée [Date de réception]") == 20
    assert f"… et 5 autre(s) ligne(s) rejetée(s) : voir {tmp_path / 'd-rejets.csv'}" in err


def test_the_row_writer_pads_short_rows() -> None:
    buffer = io.StringIO()
    with RowWriter.to_text(buffer, ["A", "B"], "csv") as writer:
        writer.write(["x"], TrackedRow(2, RowStatus.IN_TIME))
        writer.write(
            ["x", dt.datetime(2022, 1, 3, 9, 5, 7), "extra"], TrackedRow(3, RowStatus.IN_TIME)
        )
        writer.write([dt.datetime(2022, 1, 3, 9, 5), None], TrackedRow(4, RowStatus.IN_TIME))
    assert buffer.getvalue().splitlines()[1:] == [
        "x;;;;;dans_le_delai;;",
        "x;2022-01-03 09:05:07;;;;dans_le_delai;;",
        "2022-01-03 09:05;;;;;dans_le_delai;;",
    ]


def test_xlsx_output_keeps_aware_timestamps_as_text(tmp_path: Path) -> None:
    moment = dt.datetime(2022, 1, 3, 9, tzinfo=dt.UTC)
    with RowWriter.to_path(tmp_path / "d.xlsx", ["Reçu"], "xlsx") as writer:
        writer.write([moment], TrackedRow(2, RowStatus.PENDING))
    rows = list(
        openpyxl.load_workbook(tmp_path / "d.xlsx").worksheets[0].iter_rows(values_only=True)
    )
    assert rows[1][0] == "2022-01-03T09:00:00+00:00"


def test_json_output_dates(tmp_path: Path) -> None:
    with RowWriter.to_path(tmp_path / "d.json", ["Reçu"], "json") as writer:
        writer.write([dt.date(2022, 1, 3)], TrackedRow(2, RowStatus.PENDING))
    assert json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))[0]["Reçu"] == "2022-01-03"


def test_opening_a_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="No such file"):
        open_tracking_file(tmp_path / "absent.csv")
    with pytest.raises(TrackingError):
        raise TrackingError("x")


def test_encodings_at_the_edges(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bom = tmp_path / "bom.csv"
    bom.write_text(
        "Date de réception;Canal;Date de réponse\n03/01/2022;courriel;\n", encoding="utf-8-sig"
    )
    with open_tracking_file(bom) as tracking:
        assert tracking.header[0] == "Date de réception"
    # A two-byte character cut by the first megabyte read does not make the file Windows-1252.
    cut = tmp_path / "cut.csv"
    head = "Date de réception;Canal;Objet;Date de réponse\n"
    filler = "03/01/2022;courriel;" + "x" * 60 + ";\n"
    body = filler * (((1 << 20) - 1000) // len(filler))
    padding = (1 << 20) - len((head + body).encode("utf-8")) - 1
    cut.write_text(
        head + body + "03/01/2022;courriel;" + "y" * (padding - 20) + "é;\n", encoding="utf-8"
    )
    with open_tracking_file(cut) as tracking:
        assert list(tracking.rows)[-1][1][2].endswith("é")
    # Bytes that are neither UTF-8 nor Windows-1252 in the header line.
    neither = tmp_path / "neither.csv"
    neither.write_bytes(b"Date de r\x81ception;Canal;Date de r\xe9ponse\n")
    with pytest.raises(TrackingError, match="ni en UTF-8 ni en Windows-1252"):
        open_tracking_file(neither)


def test_rejected_spreadsheet_cells_are_written_as_text(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Date de réception", "Canal", "Date de réponse"])
    sheet.append([dt.datetime(2022, 1, 3, 9, 30), "fax", dt.date(2022, 1, 4)])
    workbook.save(tmp_path / "suivi.xlsx")
    assert run("track", tmp_path / "suivi.xlsx", *OPTIONS, "-o", tmp_path / "d.csv")[0] == 1
    rejects = read_csv(tmp_path / "d-rejets.csv")
    assert (rejects[0]["Date de réception"], rejects[0]["Date de réponse"]) == (
        "2022-01-03 09:30",
        "2022-01-04",  # a date-only cell is a date, not midnight
    )


def test_counters_no_indicator_reads_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    definitions = tmp_path / "definitions.toml"
    definitions.write_text(
        '[perimeter]\nmodules = [1]\n[[tracking.flow]]\nindicator = "courriels_info_5j"\n'
        'channels = "courriel"\nreceived = "courriels_info_recus"\n'
        'in_time = "courriels_info_dans_le_delai"\nanswered = "courriers_info_repondus"\n'
        'delays = "courriels_info_somme_delais"\n',
        encoding="utf-8",
    )
    run("track", JANUARY, *OPTIONS, "--definitions", definitions, "-o", tmp_path / "d.csv")
    assert (
        "  non écrit : courriers_info_repondus et courriels_info_somme_delais"
        in capsys.readouterr().err
    )


def test_json_for_other_cell_values() -> None:
    buffer = io.StringIO()
    with RowWriter.to_text(buffer, ["Heure", "Autre"], "json") as writer:
        writer.write([dt.time(9, 30), complex(1, 2)], TrackedRow(2, RowStatus.PENDING))
    assert json.loads(buffer.getvalue())[0]["Heure"] == "09:30:00"
    assert json.loads(buffer.getvalue())[0]["Autre"] == "(1+2j)"


def test_a_tracking_file_saved_as_unicode_text_is_read(tmp_path: Path) -> None:
    source = tmp_path / "suivi.csv"
    source.write_bytes(
        "Date de réception;Canal;Date de réponse\n03/01/2022;courriel;04/01/2022\n".encode("utf-16")
    )
    status, out = run("track", source, *OPTIONS, "--rejects", tmp_path / "r.csv")
    assert status == 0
    assert "03/01/2022;courriel;04/01/2022;2022-01-03;2022-01-10;1;dans_le_delai" in out
