"""What ``track`` writes: the follow-up by service, outputs whole or not at all, inputs kept."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import os
import re
import resource
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import both_engines, read_csv
from qualepref import Observation, Quarter, parse_definitions
from qualepref.cli import main
from qualepref.measurement_files import read_measurements, write_measurements
from qualepref.output_files import OutputError, atomic_path, check_outputs
from qualepref.referentiel.tracking_settings import Flow
from qualepref.spreadsheet_text import FORMULA_START, NUMBER, inert
from qualepref.table_files import hidden_columns as _hidden_columns
from qualepref.tracking.follow_up import FollowUp, follow_up_groups, write_follow_up
from qualepref.tracking.tracker import MeasuredFlow, RowStatus, TrackedRow
from qualepref.tracking.writing import RowWriter

JANUARY = Path(__file__).parent / "data" / "tracking" / "suivi-janvier.csv"
OPTIONS = ["--departement", "44", "--as-of", "2022-01-31", "--cutoff", "17:30"]


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main([str(arg) for arg in argv], out=out)
    return status, out.getvalue(), err.getvalue()


FLOW = Flow(
    indicator="courriels_info_5j",
    received="courriels_info_recus",
    in_time="courriels_info_dans_le_delai",
)


def _late(service: str, line: int, due: dt.date, status: RowStatus) -> FollowUp:
    measure = MeasuredFlow(FLOW, 5, due - dt.timedelta(days=7), due, None, None, status)
    row = TrackedRow(line, status, "motif", measures=(measure,))
    return FollowUp(f"s.xlsx[Mars]:{line}", service, "=objet", row)


GROUPS = follow_up_groups(
    [
        _late("BAL séjour", 9, dt.date(2022, 3, 4), RowStatus.PENDING),
        _late("Accueil", 4, dt.date(2022, 3, 2), RowStatus.OVERDUE),
        _late("bal sejour", 7, dt.date(2022, 3, 1), RowStatus.OVERDUE),
        _late("", 3, dt.date(2022, 3, 1), RowStatus.OVERDUE),
        _late("Courrier: [cabinet]/élus*?", 5, dt.date(2022, 3, 3), RowStatus.OVERDUE),
    ]
)


def test_follow_up_groups_by_service_soonest_first() -> None:
    assert [(g.service, [i.row.line for i in g.requests], g.overdue) for g in GROUPS] == [
        ("Accueil", [4], 1),
        ("BAL séjour", [7, 9], 1),
        ("Courrier: [cabinet]/élus*?", [5], 1),
        ("(sans service)", [3], 1),
    ]


def test_follow_up_as_csv_html_and_xlsx(tmp_path: Path) -> None:
    as_of = dt.date(2022, 3, 3)
    write_follow_up(GROUPS, tmp_path / "r.csv", "csv", as_of=as_of)
    lines = (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "service;echeance;statut;indicateur;ligne;objet;motif;demandes_du_service"
    assert lines[2] == (
        "BAL séjour;01/03/2022;sans réponse, échéance dépassée;courriels_info_5j;"
        "s.xlsx[Mars]:7;'=objet;motif;2"
    )
    write_follow_up(GROUPS, tmp_path / "r.html", "html", as_of=as_of)
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<h1>Relances au 03/03/2022 : 5 demande(s)</h1>" in page
    assert "<h2>BAL séjour : 2 demande(s), dont 1 en retard</h2>" in page
    assert "<h2>Courrier: [cabinet]/élus*? : 1 demande(s), dont 1 en retard</h2>" in page
    assert '<tr class="en_attente"><td>04/03/2022</td>' in page
    write_follow_up(GROUPS, tmp_path / "r.xlsx", "xlsx", as_of=as_of)
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == [
        "Synthèse",
        "Accueil",
        "BAL séjour",
        "Courrier- -cabinet--élus--",
        "(sans service)",
    ]
    summary = book["Synthèse"]
    assert [c.value for c in summary[4]] == ["BAL séjour", 2, 1, dt.datetime(2022, 3, 1)]
    sheet = book["BAL séjour"]
    assert [c.value for c in sheet[2]][:5] == [
        "BAL séjour",
        dt.datetime(2022, 3, 1),
        "sans réponse, échéance dépassée",
        "courriels_info_5j",
        "s.xlsx[Mars]:7",
    ]
    assert (sheet["F2"].value, sheet["F2"].data_type) == ("=objet", "s")
    assert sheet.freeze_panes == "A2"


def test_sheet_names_stay_unique_and_short(tmp_path: Path) -> None:
    long = "Service des étrangers et de la nationalité"
    groups = follow_up_groups(
        [
            _late(long, 2, dt.date(2022, 3, 1), RowStatus.OVERDUE),
            _late(long + " bis", 3, dt.date(2022, 3, 1), RowStatus.OVERDUE),
            _late("Synthèse", 4, dt.date(2022, 3, 1), RowStatus.OVERDUE),
        ]
    )
    write_follow_up(groups, tmp_path / "r.xlsx", "xlsx", as_of=dt.date(2022, 3, 3))
    names = openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames
    assert names == ["Synthèse", "Service des étrangers et de ", "Service des étrangers et d 2",
                     "Synthèse 2"]  # fmt: skip
    assert all(len(name) <= 31 for name in names)


def test_late_output_writes_the_list_to_send(tmp_path: Path) -> None:
    output = tmp_path / "relances.xlsx"
    status, out, err = run("track", JANUARY, *OPTIONS, "--late", "--within", "3",
                           "--late-output", output, "--rejects", tmp_path / "r.csv")  # fmt: skip
    assert status == 1
    assert out == ""
    assert f"relances : {output}" in err
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["Synthèse", "Accueil", "BAL séjour"]
    assert book["Accueil"]["B2"].value == dt.datetime(2022, 1, 26)


def test_an_output_never_replaces_an_input(tmp_path: Path) -> None:
    source = tmp_path / "suivi.csv"
    source.write_bytes(JANUARY.read_bytes())
    for option in ("-o", "--measurements", "--rejects"):
        status, _, err = run("track", source, *OPTIONS, option, source)
        assert status == 2
        assert f"{source} est un fichier lu : l'écrire le détruirait" in err
        assert source.read_bytes() == JANUARY.read_bytes()
    status, _, err = run("track", source, *OPTIONS, "-o", tmp_path / "a.csv",
                         "--measurements", tmp_path / "a.csv")  # fmt: skip
    assert status == 2
    assert "est demandé pour deux sorties" in err


def test_a_failure_midway_leaves_no_partial_file(tmp_path: Path) -> None:
    source = tmp_path / "suivi.csv"
    source.write_text(
        "Date de réception;Canal;Date de réponse\n31/02/2022;courriel;\n03/01/2022;"
        + "x" * 200_000
        + ";\n",
        encoding="utf-8",
    )
    output = tmp_path / "delais.csv"
    output.write_text("previous run\n", encoding="utf-8")
    status, _, err = run("track", source, *OPTIONS, "-o", output, "--engine", "python")
    assert status == 2
    assert "CSV illisible" in err
    assert output.read_text(encoding="utf-8") == "previous run\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["delais.csv", "suivi.csv"]


def test_atomic_path_and_writers_discard_on_error(tmp_path: Path) -> None:
    target = tmp_path / "sortie.csv"

    def interrupted_copy() -> None:
        with atomic_path(target) as partial:
            partial.write_text("moitié", encoding="utf-8")
            raise RuntimeError

    def interrupted_workbook() -> None:
        with RowWriter.to_path(target, ["Canal"], "xlsx") as writer:
            writer.write(["courriel"], TrackedRow(2, RowStatus.PENDING))
            raise RuntimeError

    for interrupted in (interrupted_copy, interrupted_workbook):
        with pytest.raises(RuntimeError):
            interrupted()
        assert list(tmp_path.iterdir()) == []
    with pytest.raises(OutputError, match="deux sorties"):
        check_outputs([], [target, tmp_path / "." / "sortie.csv"])


def test_hidden_columns_of_any_workbook(tmp_path: Path) -> None:
    assert _hidden_columns(tmp_path / "s.ods", "Feuille1", 3) == frozenset()
    (tmp_path / "cassé.xlsx").write_bytes(b"PK\x03\x04")
    assert _hidden_columns(tmp_path / "cassé.xlsx", "Sheet", 3) == frozenset()
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.column_dimensions["B"].hidden = True
    sheet.column_dimensions["Z"].hidden = True  # beyond the header: ignored
    book.save(tmp_path / "relatif.xlsx")
    assert _hidden_columns(tmp_path / "relatif.xlsx", "Sheet", 3) == frozenset({1})
    # Some generators write absolute targets: /xl/worksheets/sheet1.xml.
    with (
        zipfile.ZipFile(tmp_path / "relatif.xlsx") as old,
        zipfile.ZipFile(tmp_path / "absolu.xlsx", "w") as new,
    ):
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b'Target="worksheets/', b'Target="/xl/worksheets/')
            new.writestr(item, data)
    assert _hidden_columns(tmp_path / "absolu.xlsx", "Sheet", 3) == frozenset({1})


def test_outputs_get_the_mode_of_a_new_file_or_of_the_one_they_replace(tmp_path: Path) -> None:
    source = tmp_path / "suivi.csv"
    source.write_bytes(JANUARY.read_bytes())
    output = tmp_path / "delais.csv"
    run("track", source, *OPTIONS, "-o", output, "--measurements", tmp_path / "m.csv")
    umask = os.umask(0o022)
    os.umask(umask)
    assert output.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0600
    assert (tmp_path / "m.csv").stat().st_mode & 0o777 == 0o666 & ~umask
    output.chmod(0o640)
    run("track", source, *OPTIONS, "-o", output)
    assert output.stat().st_mode & 0o777 == 0o640


@given(st.text(max_size=20))
def test_inert_text_is_shown_and_never_run(text: str) -> None:
    shown = inert(text)
    assert shown in {text, "'" + text}
    assert not re.match(FORMULA_START, shown) or re.match(NUMBER, shown)


def test_both_engines_write_formula_like_cells_as_text(tmp_path: Path) -> None:
    source = tmp_path / "suivi.csv"
    source.write_text(
        "Date de réception;Canal;Objet;N°;Date de réponse\n"
        '03/01/2022;courriel;=HYPERLINK("http://x");-3;04/01/2022\n'
        "04/01/2022;courriel;@SUM(A1);+33 6 12;05/01/2022\n"
        "05/01/2022;courriel;-- un tiret;+1,5;\n",
        encoding="utf-8",
    )
    both_engines(tmp_path, source, "-d", "44", "--as-of", "2022-02-01")
    rows = read_csv(tmp_path / "polars" / "delais.csv")
    assert [(r["Objet"], r["N°"]) for r in rows] == [
        ('\'=HYPERLINK("http://x")', "-3"),
        ("'@SUM(A1)", "'+33 6 12"),
        ("'-- un tiret", "+1,5"),
    ]


def test_measurement_notes_are_written_inert_and_read_back_as_typed(tmp_path: Path) -> None:
    row = Observation("copil", Quarter(2022, 1), None, 2, note="=1+1 ; réunion")
    write_measurements([row], tmp_path / "m.csv")
    assert "'=1+1 ; réunion" in (tmp_path / "m.csv").read_text(encoding="utf-8-sig")
    definitions = parse_definitions("[perimeter]\nmodules = [1]\n")
    again = read_measurements(tmp_path / "m.csv", definitions)
    assert again.observations[0].note == "=1+1 ; réunion"


@pytest.mark.parametrize(("signal_number", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_an_interrupted_run_leaves_the_previous_output_and_no_partial_file(
    tmp_path: Path, signal_number: int, status: int
) -> None:
    source = tmp_path / "suivi.csv"
    rows = "".join(
        f"{day % 28 + 1:02d}/{day % 12 + 1:02d}/2022 10:00;courriel;Demande {day};\n"
        for day in range(300_000)
    )
    source.write_text("Date de réception;Canal;Objet;Date de réponse\n" + rows, encoding="utf-8")
    output = tmp_path / "delais.csv"
    output.write_text("la sortie de la veille\n", encoding="utf-8")
    command = [sys.executable, "-m", "qualepref", "track", str(source), "-d", "44",
               "--as-of", "2022-12-31", "--engine", "python", "-o", str(output)]  # fmt: skip
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True) as child:  # noqa: S603
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".delais.csv.*.partiel")):  # rows are being written
            assert time.monotonic() < deadline, "the run never started writing"
            time.sleep(0.05)
        time.sleep(0.3)
        child.send_signal(signal_number)
        _, err = child.communicate(timeout=60)
    assert child.returncode == status
    assert "les fichiers en cours d'écriture sont abandonnés" in err
    assert output.read_text(encoding="utf-8") == "la sortie de la veille\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["delais.csv", "suivi.csv"]


def _small_file_limit() -> None:  # pragma: no cover - runs in the child, before exec
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write beyond the limit fails instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))


@pytest.mark.parametrize("engine", ["python", "polars"])
def test_a_full_disk_leaves_the_previous_output_and_says_so_in_french(
    tmp_path: Path, engine: str
) -> None:
    source = tmp_path / "suivi.csv"
    rows = "".join(f"{day % 28 + 1:02d}/01/2022;courriel;Demande {day};\n" for day in range(20_000))
    source.write_text("Date de réception;Canal;Objet;Date de réponse\n" + rows, encoding="utf-8")
    output = tmp_path / "delais.csv"
    output.write_text("la sortie de la veille\n", encoding="utf-8")
    command = [sys.executable, "-m", "qualepref", "track", str(source), "-d", "44",
               "--as-of", "2022-12-31", "--engine", engine, "-o", str(output)]  # fmt: skip
    done = subprocess.run(  # noqa: S603 - our own command
        command, capture_output=True, text=True, preexec_fn=_small_file_limit, check=False
    )
    assert done.returncode == 2, done.stderr
    assert "fichier trop gros pour le système de fichiers ou la limite fixée" in done.stderr
    assert "Traceback" not in done.stderr
    assert output.read_text(encoding="utf-8") == "la sortie de la veille\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["delais.csv", "suivi.csv"]


def test_a_writer_that_cannot_finish_its_file_removes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("qualepref.tracking.writing.WorkingSheet.save", full)
    target = tmp_path / "delais.xlsx"
    with (
        pytest.raises(OSError, match="No space left"),
        RowWriter.to_path(target, ["Canal"], "xlsx"),
    ):
        pass
    assert list(tmp_path.iterdir()) == []


def test_two_runs_on_the_same_output_leave_one_whole_file(tmp_path: Path) -> None:
    expected = {}
    commands = []
    for name, subject in (("a", "Alpha"), ("b", "Bêta")):
        source = tmp_path / f"suivi-{name}.csv"
        rows = "".join(f"{d % 28 + 1:02d}/01/2022;courriel;{subject} {d};\n" for d in range(40_000))
        source.write_text("Date de réception;Canal;Objet;Date de réponse\n" + rows, "utf-8")
        alone = tmp_path / f"seul-{name}.csv"
        base = [sys.executable, "-m", "qualepref", "track", str(source), "-d", "44",
                "--as-of", "2022-12-31", "--engine", "python", "-o"]  # fmt: skip
        subprocess.run([*base, str(alone)], check=True, capture_output=True)  # noqa: S603
        expected[name] = alone.read_bytes()
        commands.append([*base, str(tmp_path / "delais.csv")])
    children = [subprocess.Popen(c, stderr=subprocess.DEVNULL) for c in commands]  # noqa: S603
    assert [child.wait(timeout=120) for child in children] == [0, 0]
    written = (tmp_path / "delais.csv").read_bytes()
    assert written in expected.values()  # one run's whole file, not a mix of both
    assert b"\0" not in written
    assert not list(tmp_path.glob(".*.partiel"))


def test_an_output_in_a_missing_folder_names_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "absent" / "delais.csv"
    with pytest.raises(OutputError, match=r"le dossier .*absent n'existe pas"):
        RowWriter.to_path(target, ["Canal"], "csv")
    assert not (tmp_path / "absent").exists()
