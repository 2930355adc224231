"""Arbitrary bytes as any file a user hands over: a message, never a traceback."""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from qualepref import QualeprefError, Tracker, load_definitions, parse_definitions
from qualepref.closure_files import read_closures
from qualepref.grid_files import read_grid
from qualepref.measurement_files import read_measurements
from qualepref.pilotage_files import read_pilotage
from qualepref.plan_files import read_plan
from qualepref.referentiel.grid_settings import default_grid
from qualepref.referentiel.obligation_settings import default_obligations
from qualepref.tracking.reading import open_tracking_file
from qualepref.training_files import read_training

DEFS = parse_definitions("[perimeter]\nmodules = [1]\n")
TRACKER = Tracker.default("44", as_of=dt.date(2022, 12, 31))
# Bytes that look like the files they pretend to be, now and then.
_TEXTS = st.sampled_from(
    [
        b"Date de r\xc3\xa9ception;Canal;Date de r\xc3\xa9ponse\n",
        b"indicateur;periode;composante;valeur\n",
        b"date;libelle\n",
        b"N\xc2\xb0;Action;Module;Statut;\xc3\x89ch\xc3\xa9ance\n",
        b"Agent;R\xc3\xb4le;Prise de poste;Derni\xc3\xa8re formation\n",
        b"Accueil;Attente\n",
        b"Date;Obligation;Observation\n",
        b"[perimeter]\nmodules = [1]\n",
        b"",
    ]
)
_BYTES = st.tuples(_TEXTS, st.binary(max_size=300)).map(lambda parts: parts[0] + parts[1])


def _written(data: bytes, name: str) -> Path:
    folder = Path(tempfile.mkdtemp())
    path = folder / name
    path.write_bytes(data)
    return path


@settings(max_examples=400)
@given(_BYTES, st.sampled_from(["suivi.csv", "suivi.xlsx"]))
def test_any_bytes_as_a_tracking_file(data: bytes, name: str) -> None:
    with (
        contextlib.suppress(QualeprefError),  # a message; anything else fails the test
        open_tracking_file(_written(data, name)) as tracking,
    ):
        rows = TRACKER.for_header(tracking.header)
        for line, cells in tracking.rows:
            rows.track(cells, line)


@settings(max_examples=400)
@given(_BYTES)
def test_any_bytes_as_measurements_closures_or_definitions(data: bytes) -> None:
    for read in (
        lambda: read_measurements(_written(data, "mesures.csv"), DEFS),
        lambda: read_measurements(_written(data, "mesures.xlsx"), DEFS),
        lambda: read_closures(_written(data, "fermetures.csv")),
        lambda: load_definitions(_written(data, "definitions.toml")),
    ):
        with contextlib.suppress(QualeprefError):  # a message; anything else fails the test
            read()


@settings(max_examples=300)
@given(_BYTES, st.sampled_from(["plan.csv", "plan.xlsx"]))
def test_any_bytes_as_a_plan_register(data: bytes, name: str) -> None:
    with contextlib.suppress(QualeprefError):  # a message; anything else fails the test
        register = read_plan(_written(data, name), DEFS)
        assert all(reject.reason for reject in register.rejects)


@settings(max_examples=300)
@given(_BYTES, st.sampled_from(["formations.csv", "formations.xlsx"]))
def test_any_bytes_as_a_training_register(data: bytes, name: str) -> None:
    with contextlib.suppress(QualeprefError):  # a message; anything else fails the test
        register = read_training(_written(data, name), DEFS)
        assert len(register.records) == len(register.rows)


GRID = default_grid("satisfaction").merged(
    {"questions": [{"column": "Accueil", "id": "accueil"}, {"column": "Attente", "id": "attente"}]}
)


@settings(max_examples=300)
@given(_BYTES, st.sampled_from(["reponses.csv", "reponses.xlsx"]))
def test_any_bytes_as_survey_answers(data: bytes, name: str) -> None:
    with contextlib.suppress(QualeprefError):  # a message; anything else fails the test
        register = read_grid(_written(data, name), GRID, kind="survey")
        for tally in register.tallies():
            assert tally.rate is None or 0 <= tally.rate <= 1


@settings(max_examples=300)
@given(_BYTES, st.sampled_from(["pilotage.csv", "pilotage.xlsx"]))
def test_any_bytes_as_a_pilotage_register(data: bytes, name: str) -> None:
    with contextlib.suppress(QualeprefError):  # a message; anything else fails the test
        register = read_pilotage(_written(data, name), default_obligations())
        assert all(event.kind for event in register.records)
