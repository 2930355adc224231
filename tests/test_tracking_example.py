"""examples/suivi-2022: the generated year, its délais, measurements and tableau, rebuilt."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from helpers import load_module, workbook_cells
from qualepref import QualeprefError, load_definitions, track_file, write_measurements
from qualepref.cli import main

FOLDER = Path(__file__).parent.parent / "examples" / "suivi-2022"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("suivi")
    load_module(FOLDER / "generate.py").write(folder / "suivi-2022.csv")
    status = main(
        [
            "track",
            str(folder / "suivi-2022.csv"),
            "--definitions",
            str(FOLDER / "definitions.toml"),
            "--as-of",
            "2023-01-06",
            "-o",
            str(folder / "delais-2022.csv"),
            "--measurements",
            str(folder / "mesures-2022.csv"),
        ]
    )
    assert status == 1  # nine rows are rejected on purpose
    out = io.StringIO()
    main(
        [
            "dashboard",
            str(folder / "mesures-2022.csv"),
            "--definitions",
            str(FOLDER / "definitions.toml"),
            "--year",
            "2022",
            "--measured-only",
        ],
        out=out,
    )
    (folder / "tableau-2022.md").write_text(out.getvalue(), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "name",
    [
        "suivi-2022.csv",
        "delais-2022.csv",
        "delais-2022-rejets.csv",
        "mesures-2022.csv",
        "tableau-2022.md",
    ],
)
def test_every_committed_file_is_what_the_tools_make(rebuilt: Path, name: str) -> None:
    assert (rebuilt / name).read_bytes() == (FOLDER / name).read_bytes(), (
        f"examples/suivi-2022/{name} is stale: rebuild it as examples/suivi-2022/README.md says"
    )


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file, delimiter=";"))


def test_every_row_is_accounted_for() -> None:
    rows = _rows(FOLDER / "delais-2022.csv")
    assert len(rows) == 8106
    statuses: dict[str, int] = {}
    for row in rows:
        statuses[row["statut"]] = statuses.get(row["statut"], 0) + 1
    assert statuses == {
        "dans_le_delai": 7013,
        "hors_delai": 958,
        "en_retard": 125,
        "exclu": 1,
        "rejete": 9,
    }


def test_the_rejects_name_their_line_column_and_reason() -> None:
    rejects = _rows(FOLDER / "delais-2022-rejets.csv")
    assert [(r["colonne"], r["motif"].split(" :")[0]) for r in rejects] == [
        ("Date de réception", "date impossible"),
        ("Date de réception", "date impossible"),  # 02/14/2022: month first
        ("Date de réception", "année sur 2 chiffres dans '05/03/22'"),
        (
            "Date de réponse",
            "réponse (08/04/2022 10:00) antérieure à la réception (11/04/2022 14:00)",
        ),
        ("Canal", "canal inconnu"),
        ("Type de réponse", "type de réponse inconnu"),
        ("Date de réception", "date de réception vide"),
        ("Type de réponse", "type de réponse 'fond' sans date de réponse"),
        ("Date de réponse", "date ISO impossible"),
    ]
    assert all(int(r["ligne"]) == int(r["N°"]) + 1 for r in rejects)  # the header is line 1


def test_receipts_after_the_cutoff_on_holidays_and_the_closure_are_explained() -> None:
    rows = _rows(FOLDER / "delais-2022.csv")
    motifs = " | ".join(row["motif"] for row in rows)
    assert "à ou après l'heure limite de 17:30" in motifs
    assert "Pont de l'Ascension (vendredi 27/05/2022)" in motifs
    assert "Lundi de Pâques (lundi 18/04/2022)" in motifs
    assert "ne vaut pas réponse pour courriels_info_5j" in motifs
    sampled = [r for r in _rows(FOLDER / "mesures-2022.csv") if r["echantillon"] == "oui"]
    assert {r["periode"] for r in sampled} == {"2022-01", "2022-06"}


def test_the_committed_workbook_is_what_the_generator_makes(tmp_path: Path) -> None:
    load_module(FOLDER / "generate.py").write_workbook(tmp_path / "suivi-2022.xlsx")
    assert workbook_cells(tmp_path / "suivi-2022.xlsx") == workbook_cells(
        FOLDER / "suivi-2022.xlsx"
    ), "examples/suivi-2022/suivi-2022.xlsx is stale: run examples/suivi-2022/generate.py"


def test_the_workbook_gives_the_same_delais_as_the_csv_file(tmp_path: Path) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(
            [
                "track",
                str(FOLDER / "suivi-2022.xlsx"),
                "--definitions",
                str(FOLDER / "definitions.toml"),
                "--as-of",
                "2023-01-06",
                "-o",
                str(tmp_path / "delais.csv"),
                "--measurements",
                str(tmp_path / "mesures.csv"),
            ]
        )
    assert status == 1
    from_workbook = _rows(tmp_path / "delais.csv")
    from_csv = _rows(FOLDER / "delais-2022.csv")
    added = ["jour_zero", "echeance", "delai_jours_ouvres", "statut", "motif", "indicateur"]
    assert [[row[c] for c in added] for row in from_workbook] == [
        [row[c] for c in added] for row in from_csv
    ]
    sheets = [row["feuille"] for row in from_workbook]
    assert list(dict.fromkeys(sheets)) == list(
        load_module(FOLDER / "generate.py").MONTHS
    )  # in order, never back
    assert (tmp_path / "mesures.csv").read_bytes() == (FOLDER / "mesures-2022.csv").read_bytes()
    report = err.getvalue()
    assert (
        "lignes lues : 8118 = 8096 mesurée(s) + 1 exclue(s) + 9 rejetée(s) + 12 ligne(s) de "
        "synthèse ignorée(s)" in report
    )
    assert "feuilles ignorées : « Synthèse » (pas de colonne « Date de réception »)" in report
    rejects = _rows(tmp_path / "delais-rejets.csv")
    assert [(r["feuille"], r["ligne"]) for r in rejects][:2] == [("Janvier", "740"), ("Mars", "93")]


def test_track_file_finds_what_the_command_writes(tmp_path: Path) -> None:
    tracked = track_file(
        FOLDER / "suivi-2022.csv",
        definitions=FOLDER / "definitions.toml",
        as_of=dt.date(2023, 1, 6),
    )
    write_measurements(tracked.observations, tmp_path / "mesures.csv")
    assert (tmp_path / "mesures.csv").read_bytes() == (FOLDER / "mesures-2022.csv").read_bytes()
    summary = tracked.summary
    counted = summary.measured + summary.excluded + summary.rejected
    assert summary.read == len(tracked.rows) == counted
    assert "Date de réception" in tracked.header
    from_workbook = track_file(
        FOLDER / "suivi-2022.xlsx",
        definitions=load_definitions(FOLDER / "definitions.toml"),
        as_of=dt.date(2023, 1, 6),
    )
    assert from_workbook.observations == tracked.observations
    assert [r.status for r in from_workbook.rows] == [r.status for r in tracked.rows]


def test_track_file_needs_a_departement(tmp_path: Path) -> None:
    with pytest.raises(QualeprefError, match="indiquez le département"):
        track_file(FOLDER / "suivi-2022.csv", as_of=dt.date(2023, 1, 6))
    tracked = track_file(
        FOLDER / "suivi-2022.csv",
        departement="44",
        closures=[dt.date(2022, 5, 27)],
        as_of=dt.date(2023, 1, 6),
    )
    assert tracked.summary.read == len(tracked.rows) > 1000
