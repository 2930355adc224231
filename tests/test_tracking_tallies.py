"""Tracked rows counted into measurements that the tableau aggregates exactly."""

from __future__ import annotations

import datetime as dt
import functools

from hypothesis import given
from hypothesis import strategies as st

from qualepref import CellState, Measurements, Quarter, Rate, Year, evaluate, parse_definitions
from qualepref.measurement_files import check_measurements
from qualepref.referentiel.tracking_settings import SampleWindow, default_tracking
from qualepref.tracking.tallies import Summary, Tally
from qualepref.tracking.tracker import RowStatus, TrackedRow, Tracker

HEADER = ["Date de réception", "Canal", "Objet", "Service", "Date de réponse", "Type de réponse"]


@functools.cache
def definitions():  # type: ignore[no-untyped-def]
    return parse_definitions("[perimeter]\nmodules = [1, 2, 3, 4, 5, 6, 7]\n")


def tally_of(rows: list[list[object]], **options: object) -> Tally:
    as_of = options.pop("as_of", dt.date(2022, 12, 31))
    tracker = Tracker.default("44", as_of=as_of, definitions=definitions(), **options)  # type: ignore[arg-type]
    tally = Tally(tracker, by_service=True)
    bound = tracker.for_header(HEADER)
    tally.add_all(bound.track(cells, line) for line, cells in enumerate(rows, start=2))
    return tally


ROWS: list[list[object]] = [
    ["03/01/2022", "courriel", "", "BAL séjour", "05/01/2022", "fond"],  # 2 days, in time
    ["04/01/2022", "courriel", "", "BAL séjour", "14/01/2022", "fond"],  # 8 days, late
    ["05/01/2022", "courriel", "", "Naturalisations", "05/01/2022", "accusé"],  # no answer
    ["01/02/2022", "courriel", "", "Naturalisations", "02/02/2022", "attente"],  # 1 day
    ["02/02/2022", "courrier", "", "Naturalisations", "16/02/2022", ""],  # 10 days, in time
    ["03/02/2022", "téléphone", "", "Standard", "", ""],  # out of scope
    ["04/02/2022", "fax", "", "Standard", "", ""],  # rejected
]


def by_key(
    tally: Tally, service: str | None = None
) -> dict[tuple[str, str, str | None], float | None]:
    return {(str(o.period), o.indicator, o.component): o.value for o in tally.observations(service)}


def test_rows_become_components_by_month() -> None:
    found = by_key(tally_of(ROWS))
    assert found == {
        ("2022-01", "courriels_info_5j", "courriels_info_recus"): 3,
        ("2022-01", "courriels_info_5j", "courriels_info_dans_le_delai"): 1,
        ("2022-01", "courriels_info_delai_moyen", "courriels_info_repondus"): 2,
        ("2022-01", "courriels_info_delai_moyen", "courriels_info_somme_delais"): 10,
        ("2022-02", "courriels_info_5j", "courriels_info_recus"): 1,
        ("2022-02", "courriels_info_5j", "courriels_info_dans_le_delai"): 1,
        ("2022-02", "courriels_info_delai_moyen", "courriels_info_repondus"): 1,
        ("2022-02", "courriels_info_delai_moyen", "courriels_info_somme_delais"): 1,
        ("2022-01", "courriers_info_10j", "courriers_info_recus"): 0,
        ("2022-01", "courriers_info_10j", "courriers_info_dans_le_delai"): 0,
        ("2022-01", "courriers_info_delai_moyen", "courriers_info_repondus"): 0,
        ("2022-01", "courriers_info_delai_moyen", "courriers_info_somme_delais"): 0,
        ("2022-02", "courriers_info_10j", "courriers_info_recus"): 1,
        ("2022-02", "courriers_info_10j", "courriers_info_dans_le_delai"): 1,
        ("2022-02", "courriers_info_delai_moyen", "courriers_info_repondus"): 1,
        ("2022-02", "courriers_info_delai_moyen", "courriers_info_somme_delais"): 10,
    }


def test_by_service() -> None:
    tally = tally_of(ROWS)
    assert tally.services == ["BAL séjour", "Naturalisations"]  # measured rows only
    sejour = by_key(tally, "bal SEJOUR")
    assert sejour[("2022-01", "courriels_info_5j", "courriels_info_recus")] == 2
    assert sejour[("2022-02", "courriels_info_5j", "courriels_info_recus")] == 0
    assert not any(key[1] == "courriers_info_10j" for key in sejour)
    assert list(tally.observations("Standard")) == []


def test_the_summary_accounts_for_every_row() -> None:
    summary = tally_of(ROWS).summary
    assert (summary.read, summary.measured, summary.excluded, summary.rejected) == (7, 5, 1, 1)
    assert summary.balanced
    assert summary.by_indicator == {"courriels_info_5j": 4, "courriers_info_10j": 1}
    assert summary.lines() == [
        "lignes lues : 7 = 5 mesurée(s) + 1 exclue(s) + 1 rejetée(s)",
        "  répondu dans le délai : 3",
        "  répondu hors délai : 1",
        "  sans réponse, échéance dépassée : 1",
        "  exclues, hors champ : 1",
    ]


def test_pending_rows_make_the_rate_provisional() -> None:
    tally = tally_of([["28/01/2022", "courriel", "", "", "", ""]], as_of=dt.date(2022, 1, 31))
    first = next(iter(tally.observations()))
    assert (first.component, first.value) == ("courriels_info_recus", 1)
    assert (
        first.note
        == "1 demande(s) sans réponse et encore dans le délai au 31/01/2022 : taux provisoire"
    )


def test_samples_are_marked() -> None:
    window = SampleWindow(start=dt.date(2022, 1, 10), end=dt.date(2022, 1, 14))
    settings = default_tracking().merged({"sample": [window]})
    tally = tally_of(
        [
            ["11/01/2022", "courriel", "", "", "12/01/2022", ""],
            ["03/03/2022", "courriel", "", "", "04/03/2022", ""],
        ],
        settings=settings,
    )
    samples = {str(o.period): o.sample for o in tally.observations()}
    assert samples == {"2022-01": True, "2022-02": False, "2022-03": False}


def test_the_period_gives_every_month_even_empty_ones() -> None:
    tracker = Tracker.default("44", as_of=dt.date(2022, 12, 31), definitions=definitions())
    tracker = Tracker(
        tracker.definitions,
        tracker.settings,
        tracker.calendar,
        tracker.as_of,
        period=Quarter(2022, 1),
    )
    tally = Tally(tracker)
    tally.add(
        tracker.for_header(HEADER).track(["03/02/2022", "courriel", "", "", "04/02/2022", ""], 2)
    )
    months = sorted({str(o.period) for o in tally.observations()})
    assert months == ["2022-01", "2022-02", "2022-03"]


def test_a_year_spanning_december_and_january_counts_every_month() -> None:
    tally = tally_of(
        [["15/11/2021", "courriel", "", "", "", ""], ["03/02/2022", "courriel", "", "", "", ""]]
    )
    assert sorted({str(o.period) for o in tally.observations()}) == [
        "2021-11", "2021-12", "2022-01", "2022-02",
    ]  # fmt: skip


def test_an_elu_request_counts_once_in_the_shared_counter() -> None:
    tally = tally_of(
        [["03/01/2022", "courriel", "Demande de rendez-vous", "", "05/01/2022", "fond"]]
    )
    found = by_key(tally)
    assert found[("2022-01", "collectivites_rdv_proposition_4j", "rdv_demandes")] == 1
    assert found[("2022-01", "collectivites_rdv_10j", "rdv_demandes_disponibles")] == 1
    assert found[("2022-01", "collectivites_rdv_proposition_4j", "rdv_proposes_dans_le_delai")] == 1
    assert found[("2022-01", "collectivites_rdv_10j", "rdv_fixes_dans_le_delai")] == 0
    assert (
        found[
            ("2022-01", "collectivites_rdv_proposition_delai_moyen", "rdv_somme_delais_proposition")
        ]
        == 2
    )


def test_mean_counters_no_indicator_reads_are_reported_not_written() -> None:
    # Module 1 without its "délai moyen" indicators: a préfecture's own perimeter file.
    own = parse_definitions("[perimeter]\nmodules = [1]\n")
    tracker = Tracker.default("44", as_of=dt.date(2022, 12, 31), definitions=own)
    assert Tally(tracker).skipped == []
    # A flow whose answered/delays pair no indicator of the perimeter reads:
    settings = default_tracking().merged(
        {
            "flow": [
                {
                    "indicator": "courriels_info_5j",
                    "channels": ["courriel"],
                    "received": "courriels_info_recus",
                    "in_time": "courriels_info_dans_le_delai",
                    "answered": "courriers_info_repondus",
                    "delays": "courriels_info_somme_delais",
                }
            ]
        }
    )
    tracker = Tracker.default("44", as_of=dt.date(2022, 12, 31), definitions=own, settings=settings)
    assert Tally(tracker).skipped == [
        "courriers_info_repondus et courriels_info_somme_delais : aucun indicateur du "
        "périmètre ne les lit (délai moyen non écrit)"
    ]


def test_the_measurements_pass_the_checks_and_feed_the_tableau() -> None:
    tally = tally_of(ROWS)
    observations = list(tally.observations())
    assert check_measurements(observations, definitions()) == []
    measurements = Measurements(observations)
    result = evaluate(definitions().referentiel, measurements, "courriels_info_5j", Year(2022))
    assert result.state is CellState.VALUE
    assert result.value == 2 / 4
    mean = evaluate(
        definitions().referentiel, measurements, "courriels_info_delai_moyen", Quarter(2022, 1)
    )
    assert mean.value == 11 / 3


def test_summary_counts_excluded_reasons() -> None:
    summary = Summary()
    summary.count(TrackedRow(1, RowStatus.EXCLUDED, exclusion="hors période"))
    summary.count(TrackedRow(2, RowStatus.REJECTED))
    assert (summary.read, summary.excluded, summary.rejected, summary.measured) == (2, 1, 1, 0)
    assert summary.by_exclusion == {"hors période": 1}


@given(
    st.lists(
        st.tuples(
            st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2022, 12, 31)),
            st.one_of(st.none(), st.integers(0, 30)),
        ),
        max_size=40,
    )
)
def test_months_add_up_to_the_year(rows: list[tuple[dt.date, int | None]]) -> None:
    cells = [
        [
            f"{day:%d/%m/%Y}",
            "courriel",
            "",
            "",
            "" if wait is None else f"{day + dt.timedelta(days=wait):%d/%m/%Y}",
            "",
        ]
        for day, wait in rows
    ]
    tally = tally_of(cells, as_of=dt.date(2023, 3, 1))
    observations = list(tally.observations())
    received = sum(o.value or 0 for o in observations if o.component == "courriels_info_recus")
    in_time = sum(
        o.value or 0 for o in observations if o.component == "courriels_info_dans_le_delai"
    )
    assert received == len(rows)
    assert in_time == sum(
        1
        for line in range(len(rows))
        if tally.tracker.for_header(HEADER).track(cells[line], 2).status is RowStatus.IN_TIME
    )
    year = evaluate(
        definitions().referentiel, Measurements(observations), "courriels_info_5j", Year(2022)
    )
    if rows:
        assert year.measure == Rate(in_time, received)
    else:
        assert year.state is CellState.NON_RENSEIGNE


def test_no_rows_no_measurements() -> None:
    assert list(tally_of([]).observations()) == []


def test_flows_without_a_mean_write_two_components() -> None:
    tally = tally_of([["03/01/2022", "courrier", "Lettre du maire", "", "10/01/2022", ""]])
    assert by_key(tally) == {
        ("2022-01", "collectivites_courriers_15j", "collectivites_courriers_recus"): 1,
        ("2022-01", "collectivites_courriers_15j", "collectivites_courriers_dans_le_delai"): 1,
    }


def test_an_unavailable_requester_leaves_the_ten_day_denominator_only() -> None:
    header = ["Date de réception", "Canal", "Objet", "Date de réponse", "Type de réponse",
              "Date de rendez-vous proposée", "Indisponibilité du demandeur"]  # fmt: skip
    tracker = Tracker.default("44", as_of=dt.date(2022, 3, 31), definitions=definitions())
    bound = tracker.for_header(header)
    tally = Tally(tracker)
    rows = [
        [
            "03/01/2022",
            "courriel",
            "Demande de rendez-vous",
            "06/01/2022",
            "fond",
            "18/01/2022",
            "",
        ],
        ["04/01/2022", "courriel", "Demande de rendez-vous", "05/01/2022", "fond", "", "oui"],
    ]
    tally.add_all(bound.track(cells, line) for line, cells in enumerate(rows, start=2))
    found = by_key(tally)
    assert found[("2022-01", "collectivites_rdv_proposition_4j", "rdv_demandes")] == 2
    assert found[("2022-01", "collectivites_rdv_10j", "rdv_demandes_disponibles")] == 1
    assert found[("2022-01", "collectivites_rdv_10j", "rdv_fixes_dans_le_delai")] == 1
    assert (tally.summary.read, tally.summary.measured, tally.summary.balanced) == (2, 2, True)
