"""The columnar engine of ``qualepref track`` writes what the row engine writes, byte for byte."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from helpers import both_engines
from qualepref import Tally, Tracker
from qualepref.cli import main
from qualepref.tracking import columnar
from qualepref.tracking.columnar import run_columnar

DATA = Path(__file__).parent / "data" / "tracking"
EXAMPLE = Path(__file__).parent.parent / "examples" / "suivi-2022"

PARIS = ZoneInfo("Europe/Paris")
SUBJECTS = (
    "Demande",
    "Réclamation",
    "Demande de rendez-vous",
    "Question d'un élu",
    "Site internet",
)
CHANNELS = ("courriel", "Courriel", "mail", "courrier", "urne", "formulaire")
KINDS = ("", "fond", "attente", "accusé", "AR", "rendez-vous", "Réponse")


def _shown(rng: random.Random, moment: dt.datetime, timed: bool) -> str:
    """A moment as a referent or a mail export writes it: French mostly, ISO sometimes."""
    if not timed:
        return rng.choice((f"{moment:%d/%m/%Y}",) * 4 + (f"{moment:%Y-%m-%d}",))
    utc = moment.replace(tzinfo=PARIS).astimezone(dt.UTC)
    return rng.choice(
        (f"{moment:%d/%m/%Y %H:%M}",) * 6
        + (
            f"{moment:%Y-%m-%d %H:%M}",
            f"{moment:%Y-%m-%dT%H:%M}",
            f"{moment:%Y-%m-%d %H:%M}:{rng.randrange(60):02d}",
            f"{utc:%Y-%m-%dT%H:%M:%SZ}",  # a mail export, in UTC
            f"{moment:%Y-%m-%dT%H:%M:%S}+01:00",  # with an offset: the row engine
        )
    )


def _messy_file(path: Path, seed: int, rows: int = 1500) -> None:
    """Rows of every kind: weekends, evenings, holidays, several replies, mistakes."""
    rng = random.Random(seed)  # noqa: S311 - test data
    lines = ["Réf;Date de réception;Canal;Objet;Service;Date de réponse;Type de réponse;"
             "Date de réponse 2;Type de réponse 2"]  # fmt: skip
    for number in range(rows):
        day = dt.datetime(2022, 1, 1) + dt.timedelta(minutes=rng.randrange(400 * 24 * 60))
        received = _shown(rng, day, timed=rng.random() < 0.7)
        replies = []
        moment = day
        for _ in range(rng.choice((0, 1, 1, 2))):
            moment = moment + dt.timedelta(minutes=rng.randrange(1, 20 * 24 * 60))
            replies.append((_shown(rng, moment, timed=rng.random() < 0.6), rng.choice(KINDS)))
        if len(replies) == 2 and rng.random() < 0.1:
            replies.reverse()  # out of order: the row engine takes it
        cells = [
            str(number),
            received,
            rng.choice(CHANNELS),
            rng.choice(SUBJECTS),
            rng.choice(("BAL séjour", "BAL préfecture", "Accueil", "")),
        ]
        for shown, kind in replies + [("", "")] * (2 - len(replies)):
            cells += [shown, kind]
        mistake = rng.random()
        if mistake < 0.01:
            cells[1] = "31/02/2022"
        elif mistake < 0.02:
            cells[1] = day.strftime("%Y-%m-%dT%H:%M:%S.%fZ")  # fractions: the row engine
        elif mistake < 0.03:
            cells[2] = "fax"
        elif mistake < 0.04:
            cells[6] = "pigeon"
        elif mistake < 0.05:
            cells[2] = "téléphone"
        elif mistake < 0.06:
            cells[3] = '"A; quoted ""subject"""'
        elif mistake < 0.065:
            cells[4] = '""'
        line = ";".join(cells)
        lines.append(line)
        if rng.random() < 0.005:
            lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("seed", "options"),
    [
        (1, ["-d", "44", "--cutoff", "17:30", "--as-of", "2022-12-31"]),
        (2, ["-d", "57", "--as-of", "2023-03-01"]),
        (3, ["-d", "974", "--cutoff", "16:00", "--as-of", "2022-06-15", "--period", "2022"]),
        (
            4,
            [
                "-d",
                "44",
                "--cutoff",
                "17:30",
                "--as-of",
                "2023-02-01",
                "--indicator",
                "courriels_info_5j",
                "--closure",
                "2022-05-27=Pont",
                "--sample",
                "2022-01-10:2022-01-14",
            ],
        ),
    ],
)
def test_engines_agree_on_messy_files(tmp_path: Path, seed: int, options: list[str]) -> None:
    source = tmp_path / "suivi.csv"
    _messy_file(source, seed)
    status, err = both_engines(tmp_path, source, *options)["polars"]
    assert status == 1
    assert "rejetée" in err


def test_engines_agree_on_the_example_year(tmp_path: Path) -> None:
    both_engines(
        tmp_path,
        EXAMPLE / "suivi-2022.csv",
        "--definitions", str(EXAMPLE / "definitions.toml"), "--as-of", "2023-01-06",
    )  # fmt: skip


def test_engines_agree_without_channel_and_kind_columns(tmp_path: Path) -> None:
    source = tmp_path / "bal.csv"
    source.write_text(
        "Date de réception,Date de réponse\n03/01/2022 18:00,04/01/2022\n08/01/2022,\n"
        '"",\n10/01/2022 09:00,07/01/2022\n',
        encoding="utf-8",
    )
    both_engines(tmp_path, source, "-d", "44", "--channel", "courriel", "--as-of", "2022-02-01",
          "--cutoff", "17:30")  # fmt: skip


def _columnar_run(source: Path, as_of: dt.date = dt.date(2022, 12, 31)) -> object:
    tracker = Tracker.default("44", as_of=as_of)
    return run_columnar(tracker, source, None, Tally(tracker))


@pytest.mark.parametrize(
    "content",
    [
        "Date de réception;Canal;Date de réponse\n03/01/2022;courriel;\n".encode("cp1252")
        + "\xe9".encode("cp1252"),  # not UTF-8
        b"\nDate de r\xc3\xa9ception;Canal;Date de r\xc3\xa9ponse\n",  # a blank line first
        'Date de réception;Canal;Date de réponse\n03/01/2022;"cour\nriel";\n'.encode(),
        "Date de réception;Canal;Canal;Date de réponse\n03/01/2022;courriel;courriel;\n".encode(),
        "Reçu;Canal\n03/01/2022;courriel\n".encode(),  # no Date de réponse: the row engine says so
        'Date de réception;Canal;Date de réponse\n03/01/2022;"courriel;\n'.encode(),
    ],
)
def test_files_the_columnar_engine_leaves_to_the_row_engine(tmp_path: Path, content: bytes) -> None:
    source = tmp_path / "suivi.csv"
    source.write_bytes(content)
    assert _columnar_run(source) is None


def test_dates_near_the_end_of_the_calendar_go_to_the_row_engine(tmp_path: Path) -> None:
    source = tmp_path / "suivi.csv"
    source.write_text(
        "Date de réception;Canal;Date de réponse\n01/12/2100;courriel;\n", encoding="utf-8"
    )
    assert _columnar_run(source, dt.date(2100, 12, 31)) is None


def test_flows_sharing_counters_go_to_the_row_engine(tmp_path: Path) -> None:
    definitions = tmp_path / "definitions.toml"
    definitions.write_text(
        "[perimeter]\nmodules = [1]\n"
        '[[tracking.flow]]\nindicator = "courriels_info_5j"\nchannels = "courriel"\n'
        'received = "courriels_info_recus"\nin_time = "courriels_info_dans_le_delai"\n'
        '[[tracking.flow]]\nindicator = "reclamations_courriel_5j"\n'
        'rows_of = "courriels_info_5j"\nreceived = "reclamations_courriel_recues"\n'
        'in_time = "reclamations_courriel_dans_le_delai"\n'
        'answered = "courriels_info_dans_le_delai"\n'
        'delays = "reclamations_courriel_somme_delais"\n',
        encoding="utf-8",
    )
    both_engines(tmp_path, DATA / "suivi-janvier.csv", "--definitions", str(definitions),
                 "-d", "44", "--as-of", "2022-01-31")  # fmt: skip


def test_engine_choices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = [
        "track",
        str(DATA / "suivi-janvier.csv"),
        "-d",
        "44",
        "--rejects",
        str(tmp_path / "r.csv"),
    ]
    assert main([*base, "--engine", "polars", "--late"]) == 2
    assert "--engine polars lit un fichier CSV" in capsys.readouterr().err
    monkeypatch.setattr(columnar, "polars_available", lambda: False)
    monkeypatch.setattr("qualepref.cli.track_command.polars_available", lambda: False)
    assert main([*base, "--engine", "polars", "-o", str(tmp_path / "d.csv")]) == 2
    assert "pip install 'qualepref[fast]'" in capsys.readouterr().err
    assert main([*base, "-o", str(tmp_path / "d.csv")]) == 1  # auto: the row engine
    assert columnar.importable("polars") is True


def test_a_separator_inside_a_cell_and_counting_without_output(tmp_path: Path) -> None:
    source = tmp_path / "suivi.csv"
    source.write_text(
        "Date de réception;Canal;Objet;Date de réponse\n"
        "03/01/2022;courriel;un\x1fdeux;04/01/2022\n04/01/2022;courriel;Demande;05/01/2022\n",
        encoding="utf-8",
    )
    both_engines(tmp_path, source, "-d", "44", "--as-of", "2022-02-01")
    tracker = Tracker.default("44", as_of=dt.date(2022, 2, 1))
    tally = Tally(tracker)
    run = run_columnar(tracker, source, None, tally)
    assert run is not None
    assert (run.rows, len(run.slow)) == (2, 1)  # the row with the separator went row by row
    assert tally.summary.read == 2
    assert tally.summary.measured == 2


def test_summary_rows_go_to_the_row_engine_which_sets_them_apart(tmp_path: Path) -> None:
    source = tmp_path / "suivi.csv"
    source.write_text(
        "Date de réception;Canal;Objet;Date de réponse\n"
        "03/01/2022 09:00;courriel;Demande;04/01/2022\nTotal;;;1\n",
        encoding="utf-8",
    )
    tracker = Tracker.default("44", as_of=dt.date(2022, 2, 1))
    assert run_columnar(tracker, source, None, Tally(tracker)) is None
    outcomes = both_engines(tmp_path, source, "-d", "44", "--as-of", "2022-02-01")
    assert "+ 1 ligne(s) de synthèse ignorée(s)" in outcomes["python"][1]


def test_auto_leaves_to_the_row_engine_a_file_it_would_only_hand_over(tmp_path: Path) -> None:
    source = tmp_path / "suivi.csv"
    rows = "".join(
        f"2022-01-{day:02d}T09:00:00+01:00;courriel;2022-01-{day + 1:02d}\n" for day in range(3, 9)
    )
    source.write_text(f"Date de réception;Canal;Date de réponse\n{rows}", encoding="utf-8")
    tracker = Tracker.default("44", as_of=dt.date(2022, 2, 1))
    assert run_columnar(tracker, source, None, Tally(tracker), least_share=0.5) is None
    run = run_columnar(tracker, source, None, Tally(tracker))
    assert run is not None
    assert len(run.slow) == 6  # offsets: every row goes through the row engine
    both_engines(tmp_path, source, "-d", "44", "--as-of", "2022-02-01")


def test_a_delai_to_check_goes_to_the_row_engine(tmp_path: Path) -> None:
    source = tmp_path / "suivi.csv"
    source.write_text(
        "Date de réception;Canal;Date de réponse\n03/01/2022;courriel;03/01/2023\n"
        "04/01/2022;courriel;05/01/2022\n",
        encoding="utf-8",
    )
    tracker = Tracker.default("44", as_of=dt.date(2023, 2, 1))
    assert run_columnar(tracker, source, None, Tally(tracker)) is None
    outcomes = both_engines(tmp_path, source, "-d", "44", "--as-of", "2023-02-01")
    assert "délais au-delà de 250 jours ouvrés" in outcomes["python"][1]
