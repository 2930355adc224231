"""One tracking-file row in, its délai, status and motif out."""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualepref import Closure, Deadline, Quarter, WorkingCalendar, parse_definitions
from qualepref.referentiel.tracking_flows import check_flows
from qualepref.referentiel.tracking_settings import Flow, SampleWindow, default_tracking
from qualepref.tracking.tallies import Tally
from qualepref.tracking.tracker import (
    EXCLUDED_AFTER_AS_OF,
    EXCLUDED_OUT_OF_PERIOD,
    EXCLUDED_OUT_OF_SCOPE,
    RowStatus,
    TrackedRow,
    Tracker,
    TrackingError,
)
from strategies import aware_datetimes, calendars, recent_days

HEADER = [
    "Date de réception",
    "Canal",
    "Objet",
    "Service",
    "Date de réponse",
    "Type de réponse",
    "Date de réponse 2",
    "Type de réponse 2",
]


@functools.cache
def all_modules():  # type: ignore[no-untyped-def]
    return parse_definitions("[perimeter]\nmodules = [1, 2, 3, 4, 5, 6, 7]\n")


def tracker(
    departement: str = "44",
    as_of: dt.date = dt.date(2022, 12, 31),
    **options: object,
) -> Tracker:
    return Tracker.default(departement, as_of=as_of, **options)  # type: ignore[arg-type]


def track(
    received: object,
    answered: object = "",
    kind: str = "",
    *,
    channel: str = "courriel",
    subject: str = "",
    service: str = "BAL",
    second: object = "",
    second_kind: str = "",
    on: Tracker | None = None,
) -> TrackedRow:
    rows = (on or tracker()).for_header(HEADER)
    return rows.track([received, channel, subject, service, answered, kind, second, second_kind], 2)


# --- délais -------------------------------------------------------------------------------------


def test_an_email_answered_in_five_working_days_is_in_time() -> None:
    row = track("03/01/2022", "10/01/2022")
    assert (row.status, row.day_zero, row.due_date, row.elapsed) == (
        RowStatus.IN_TIME,
        dt.date(2022, 1, 3),
        dt.date(2022, 1, 10),
        5,
    )
    assert row.indicator == "courriels_info_5j"
    assert row.month is not None
    assert str(row.month) == "2022-01"
    assert row.reason == ""


def test_a_letter_over_easter_in_moselle_counts_neither_good_friday_nor_easter_monday() -> None:
    on = tracker("57")
    row = track("13/04/2022", "29/04/2022", channel="courrier", on=on)
    assert (row.status, row.due_date, row.elapsed) == (RowStatus.IN_TIME, dt.date(2022, 4, 29), 10)
    assert row.reason == (
        "non compté : Vendredi saint (vendredi 15/04/2022), Lundi de Pâques (lundi 18/04/2022)"
    )
    # In Loire-Atlantique Good Friday is worked: the same letter is one day late.
    late = track("13/04/2022", "29/04/2022", channel="courrier")
    assert (late.status, late.due_date, late.elapsed) == (RowStatus.LATE, dt.date(2022, 4, 28), 11)
    assert late.reason == (
        "non compté : Lundi de Pâques (lundi 18/04/2022) ; "
        "répondu 1 jour ouvré après l'échéance du 28/04/2022"
    )


def test_a_closure_of_the_prefecture_is_named_in_the_motif() -> None:
    settings = default_tracking().merged(
        {"closures": [{"date": dt.date(2022, 5, 27), "label": "Pont de l'Ascension"}]}
    )
    on = tracker(settings=settings)
    row = track("24/05/2022", "01/06/2022", on=on)
    assert (row.due_date, row.elapsed, row.status) == (dt.date(2022, 6, 2), 4, RowStatus.IN_TIME)
    assert row.reason == (
        "non compté : Ascension (jeudi 26/05/2022), Pont de l'Ascension (vendredi 27/05/2022)"
    )


def test_the_cutoff_moves_day_zero_and_says_so() -> None:
    on = tracker(cutoff=dt.time(17, 30))
    row = track("07/01/2022 17:30", "14/01/2022", on=on)
    assert (row.day_zero, row.due_date, row.elapsed) == (
        dt.date(2022, 1, 10),
        dt.date(2022, 1, 17),
        4,
    )
    assert row.reason == (
        "reçu le vendredi 07/01/2022 à 17:30, à ou après l'heure limite de 17:30 : "
        "jour 0 le lundi 10/01/2022"
    )
    before = track("07/01/2022 17:29", "14/01/2022", on=on)
    assert (before.day_zero, before.elapsed) == (dt.date(2022, 1, 7), 5)
    weekend = track("08/01/2022 10:00", on=on)
    assert weekend.day_zero == dt.date(2022, 1, 10)
    assert weekend.reason.startswith(
        "reçu le samedi 08/01/2022, jour non ouvré : jour 0 le lundi 10/01/2022"
    )


def test_the_definitions_cutoff_applies_unless_the_caller_gives_one() -> None:
    settings = default_tracking().merged({"cutoff": "16:00"})
    assert tracker(settings=settings).cutoff == dt.time(16)
    assert tracker(settings=settings, cutoff=dt.time(18)).cutoff == dt.time(18)


def test_an_aware_timestamp_is_read_on_the_prefecture_clock() -> None:
    # 23:30 UTC on Friday 7 January is Saturday 8 January 00:30 in Paris...
    row = track("2022-01-07T23:30:00Z", "2022-01-14T09:00:00+01:00", on=tracker(cutoff=dt.time(17)))
    assert row.day_zero == dt.date(2022, 1, 10)
    # ... and 19:30 at La Réunion, after the cut-off.
    reunion = track(
        "2022-01-07T15:30:00Z", on=tracker("974", cutoff=dt.time(17), as_of=dt.date(2022, 1, 7))
    )
    assert reunion.reason == (
        "reçu le vendredi 07/01/2022 à 19:30, à ou après l'heure limite de 17:00 : "
        "jour 0 le lundi 10/01/2022"
    )


# --- replies --------------------------------------------------------------------------------------


def test_an_acknowledgement_is_not_an_answer_but_a_waiting_reply_is() -> None:
    row = track(
        "03/01/2022",
        "03/01/2022",
        "accusé de réception",
        second="07/01/2022",
        second_kind="attente",
    )
    assert (row.status, row.elapsed) == (RowStatus.IN_TIME, 4)
    assert row.measures[0].answered == dt.date(2022, 1, 7)
    assert row.reason == (
        "accusé de réception du 03/01/2022 non retenu : ne vaut pas réponse pour courriels_info_5j"
    )


def test_the_first_qualifying_reply_is_measured_whatever_its_column() -> None:
    row = track("03/01/2022", "20/01/2022", "fond", second="06/01/2022", second_kind="attente")
    assert (row.status, row.elapsed) == (RowStatus.IN_TIME, 3)


def test_an_empty_kind_is_the_default_kind() -> None:
    assert track("03/01/2022", "04/01/2022").elapsed == 1
    settings = default_tracking().merged({"default_reply_kind": "accuse"})
    row = track(
        "03/01/2022", "04/01/2022", on=tracker(settings=settings, as_of=dt.date(2022, 1, 5))
    )
    assert (row.status, row.elapsed) == (RowStatus.PENDING, None)


RDV_HEADER = [
    "Date de réception",
    "Canal",
    "Objet",
    "Date de réponse",
    "Type de réponse",
    "Date de rendez-vous proposée",
    "Indisponibilité du demandeur",
]


def rendez_vous(
    proposal: str, proposed: str = "", unavailable: str = "", received: str = "03/01/2022"
) -> TrackedRow:
    rows = tracker(as_of=dt.date(2022, 3, 31)).for_header(RDV_HEADER)
    kind = "fond" if proposal else ""
    cells = [received, "courriel", "Demande de rendez-vous du maire", proposal, kind]
    return rows.track([*cells, proposed, unavailable], 2)


def _measures(row: TrackedRow) -> list[tuple[str, RowStatus, int | None]]:
    return [(m.indicator, m.status, m.elapsed) for m in row.measures]


def test_an_elu_appointment_is_measured_on_the_proposal_and_on_the_date_proposed() -> None:
    # Received Monday 3 January; a date proposed on day 3 (Thursday 6), for a meeting 8
    # jours ouvrés after the proposal (Tuesday 18): in time for both engagements.
    row = rendez_vous("06/01/2022", "18/01/2022")
    assert _measures(row) == [
        ("collectivites_rdv_proposition_4j", RowStatus.IN_TIME, 3),
        ("collectivites_rdv_10j", RowStatus.IN_TIME, 8),
    ]
    assert row.measures[1].day_zero == dt.date(2022, 1, 6)  # counted from the proposal
    assert row.measures[1].due_date == dt.date(2022, 1, 20)
    assert row.indicator == "collectivites_rdv_proposition_4j"
    # The same meeting counted from the request would be 11 jours ouvrés: that reading,
    # the meeting held within 10 days of the request, is not the engagement's.


def test_a_proposal_on_day_5_is_late_for_the_four_day_engagement() -> None:
    row = rendez_vous("10/01/2022", "17/01/2022")
    assert _measures(row) == [
        ("collectivites_rdv_proposition_4j", RowStatus.LATE, 5),
        ("collectivites_rdv_10j", RowStatus.IN_TIME, 5),
    ]


def test_an_unavailable_requester_is_excluded_from_the_ten_day_engagement() -> None:
    row = rendez_vous("06/01/2022", "04/02/2022", unavailable="oui")
    assert _measures(row) == [
        ("collectivites_rdv_proposition_4j", RowStatus.IN_TIME, 3),
        ("collectivites_rdv_10j", RowStatus.EXCLUDED, None),
    ]
    assert "collectivites_rdv_10j : demandeur indisponible sur la période, exclu" in row.reason
    late = rendez_vous("06/01/2022", "04/02/2022", unavailable="non")
    assert late.measures[1].status is RowStatus.LATE
    assert (
        "collectivites_rdv_10j : rendez-vous proposé pour le 04/02/2022, après l'échéance du "
        "20/01/2022 (10 jours ouvrés après la proposition)" in late.reason
    )


def test_without_a_date_proposed_the_meeting_reply_or_the_wait_counts() -> None:
    no_date = rendez_vous("06/01/2022")
    assert no_date.measures[1].status is RowStatus.OVERDUE  # as of 31 March
    assert "collectivites_rdv_10j : pas de date de rendez-vous au 31/03/2022" in no_date.reason
    no_proposal = rendez_vous("")
    assert no_proposal.measures[0].status is RowStatus.OVERDUE
    assert no_proposal.measures[1].day_zero == dt.date(2022, 1, 7)  # when it was due
    meeting = track(
        "03/01/2022",
        "06/01/2022",
        "fond",
        second="20/01/2022",
        second_kind="rendez-vous",
        subject="Demande de rendez-vous du maire",
    )  # a file without the column: the meeting's day, from the proposal
    assert _measures(meeting)[1] == ("collectivites_rdv_10j", RowStatus.IN_TIME, 10)


@pytest.mark.parametrize(
    ("proposed", "unavailable", "column"),
    [
        ("02/01/2022", "", "Date de rendez-vous proposée"),  # before the request
        ("31/02/2022", "", "Date de rendez-vous proposée"),
        ("18/01/2022", "peut-être", "Indisponibilité du demandeur"),
    ],
)
def test_bad_proposal_cells_reject_the_row(proposed: str, unavailable: str, column: str) -> None:
    row = rendez_vous("06/01/2022", proposed, unavailable)
    assert (row.status, row.column) == (RowStatus.REJECTED, column)


@pytest.mark.parametrize(
    ("channel", "subject", "indicator"),
    [
        ("courriel", "Demande de titre de séjour", "courriels_info_5j"),
        ("Formulaire de contact", "", "courriels_info_5j"),
        ("Lettre", "", "courriers_info_10j"),
        ("courriel", "Réclamations sur l'accueil", "reclamations_courriel_5j"),
        ("courrier", "suggestion", "reclamations_courrier_10j"),
        ("Boîte à idées", "", "reclamations_courrier_10j"),
        ("courriel", "Question d'un élu", "collectivites_courriels_5j"),
        ("courrier", "Courrier de la mairie de Nantes", "collectivites_courriers_15j"),
        ("courriel", "Mise à jour du site internet", "site_internet_maj_3j"),
        ("courriel", "Message du SVI à changer", "svi_maj_3j"),
        ("courriel", "Élection au conseil", "courriels_info_5j"),  # « élu » is a whole word
    ],
)
def test_each_row_goes_to_its_indicator(channel: str, subject: str, indicator: str) -> None:
    assert track("03/01/2022", channel=channel, subject=subject).indicator == indicator


# --- status as of a day ------------------------------------------------------------------------


def test_unanswered_rows_are_pending_until_their_due_date_then_late() -> None:
    due = dt.date(2022, 1, 10)
    on_due_day = track("03/01/2022", on=tracker(as_of=due))
    assert (on_due_day.status, on_due_day.due_date, on_due_day.elapsed) == (
        RowStatus.PENDING,
        due,
        None,
    )
    assert on_due_day.reason == ""
    day_after = track("03/01/2022", on=tracker(as_of=dt.date(2022, 1, 11)))
    assert day_after.status is RowStatus.OVERDUE
    assert (
        day_after.reason
        == "sans réponse au 11/01/2022 : échéance du 10/01/2022 dépassée de 1 jour ouvré"
    )


# --- excluded rows -------------------------------------------------------------------------------


def test_rows_out_of_the_period_or_received_after_the_day_of_reference_are_excluded() -> None:
    on = tracker(as_of=dt.date(2022, 6, 30))
    on = Tracker(on.definitions, on.settings, on.calendar, on.as_of, period=Quarter(2022, 1))
    out = track("01/04/2022", on=on)
    assert (out.status, out.exclusion) == (RowStatus.EXCLUDED, EXCLUDED_OUT_OF_PERIOD)
    assert out.reason == "hors période : reçu le 01/04/2022, hors de 2022-T1"
    later = track("01/07/2022", on=Tracker(on.definitions, on.settings, on.calendar, on.as_of))
    assert (later.status, later.exclusion) == (RowStatus.EXCLUDED, EXCLUDED_AFTER_AS_OF)
    assert later.reason == "reçu le 01/07/2022, après la date d'arrêté 30/06/2022"
    assert later.measures == ()
    assert (later.day_zero, later.due_date, later.elapsed, later.indicator) == (None,) * 4


def test_rows_no_flow_takes_are_out_of_scope() -> None:
    row = track("03/01/2022", channel="téléphone", subject="Rappel")
    assert (row.status, row.exclusion) == (RowStatus.EXCLUDED, EXCLUDED_OUT_OF_SCOPE)
    assert (
        row.reason == "hors champ : aucun indicateur suivi pour ce canal telephone, objet 'Rappel'"
    )


def test_a_row_of_a_module_outside_the_perimeter_is_out_of_scope_not_misfiled() -> None:
    module_one = parse_definitions("[perimeter]\nmodules = [1]\n")
    on = tracker(definitions=module_one)
    row = track("03/01/2022", subject="Question d'un élu", on=on)
    assert row.reason == "hors champ : collectivites_courriels_5j hors du périmètre"
    assert "collectivites_courriels_5j" not in {flow.indicator for flow in on.flows}


def test_only_the_indicators_asked_for_are_measured() -> None:
    base = tracker()
    on = Tracker(
        base.definitions,
        base.settings,
        base.calendar,
        base.as_of,
        indicators=frozenset({"reclamations_courriel_5j"}),
    )
    assert [flow.indicator for flow in on.flows] == ["reclamations_courriel_5j"]
    row = track("03/01/2022", subject="Demande d'information", on=on)
    assert row.reason == "hors champ : courriels_info_5j non demandé (--indicator)"
    assert track("03/01/2022", subject="Réclamation", on=on).status is RowStatus.OVERDUE


def test_flows_can_be_limited_to_services() -> None:
    flow = Flow(
        indicator="courriels_info_5j",
        channels="courriel",
        services=["BAL Séjour"],
        received="courriels_info_recus",
        in_time="courriels_info_dans_le_delai",
    )
    on = tracker(settings=default_tracking().merged({"flow": [flow.model_dump()]}))
    assert track("03/01/2022", service="bal sejour", on=on).indicator == "courriels_info_5j"
    assert track("03/01/2022", service="BAL Naturalisation", on=on).status is RowStatus.EXCLUDED


def test_samples_mark_the_rows_they_cover() -> None:
    window = SampleWindow(start=dt.date(2022, 1, 10), end=dt.date(2022, 1, 14))
    on = tracker(settings=default_tracking().merged({"sample": [window]}))
    assert track("12/01/2022", on=on).sample
    assert not track("17/01/2022", on=on).sample


# --- rejected rows -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        (["", "courriel", "", "", "", "", "", ""], "Date de réception", "date de réception vide"),
        (
            ["03/01/22", "courriel", "", "", "", "", "", ""],
            "Date de réception",
            "année sur 2 chiffres",
        ),
        (
            ["03/01/2022", "fax", "", "", "", "", "", ""],
            "Canal",
            "canal inconnu : 'fax' (canaux connus : courriel, mail, e-mail, email, mel, mél, …) "
            "; corrigez la case, ou ajoutez le mot sous [tracking.channels] des définitions",
        ),
        (["03/01/2022", " ", "", "", "", "", "", ""], "Canal", "canal vide : indiquez-le"),
        (
            ["03/01/2022", "courriel", "", "", "02/01/2022", "", "", ""],
            "Date de réponse",
            "réponse (02/01/2022) antérieure à la réception (03/01/2022)",
        ),
        (
            ["03/01/2022 10:00", "courriel", "", "", "03/01/2022 09:59", "", "", ""],
            "Date de réponse",
            "réponse (03/01/2022 09:59) antérieure",
        ),
        (
            ["03/01/2022", "courriel", "", "", "", "fond", "", ""],
            "Type de réponse",
            "type de réponse 'fond' sans date de réponse",
        ),
        (
            ["03/01/2022", "courriel", "", "", "05/01/2022", "pigeon", "", ""],
            "Type de réponse",
            "type de réponse inconnu : 'pigeon'",
        ),
        (
            ["03/01/2022", "courriel", "", "", "", "", "32/01/2022", ""],
            "Date de réponse 2",
            "date impossible",
        ),
        (
            ["03/01/1949", "courriel", "", "", "", "", "", ""],
            "Date de réception",
            "date hors de la période connue du calendrier (1950–2100) : 03/01/1949",
        ),
    ],
)
def test_unusable_rows_are_rejected_with_their_column_and_reason(
    cells: list[str], column: str, reason: str
) -> None:
    row = tracker().for_header(HEADER).track(cells, line=7)
    assert (row.status, row.line, row.column) == (RowStatus.REJECTED, 7, column)
    assert row.reason.startswith(reason)


def test_a_same_day_answer_without_a_time_is_not_before_a_receipt_with_one() -> None:
    assert track("03/01/2022 10:00", "03/01/2022").elapsed == 0


def test_short_rows_are_read_as_empty_cells() -> None:
    row = tracker().for_header(HEADER).track(["03/01/2022", "courriel"], line=3)
    assert row.status is RowStatus.PENDING or row.status is RowStatus.OVERDUE


# --- files and settings that cannot work ---------------------------------------------------------


def test_a_missing_required_column_is_named_with_the_columns_found() -> None:
    with pytest.raises(
        TrackingError,
        match=r"^colonne « Date de réception » absente ; colonnes du fichier : Reçu, Canal",
    ):
        tracker().for_header(["Reçu", "Canal"])
    with pytest.raises(TrackingError, match=r"^colonne « Date de réponse » absente"):
        tracker().for_header(["Date de réception", "Canal"])


def test_without_a_channel_column_a_default_channel_is_needed() -> None:
    with pytest.raises(TrackingError, match="colonne « Canal » absente"):
        tracker().for_header(["Date de réception", "Date de réponse"])
    on = tracker(settings=default_tracking().merged({"default_channel": "courrier"}))
    rows = on.for_header(["date de RECEPTION", "Date de réponse"])
    assert rows.track(["03/01/2022", ""], 2).indicator == "courriers_info_10j"


def test_a_default_channel_also_fills_empty_channel_cells() -> None:
    on = tracker(settings=default_tracking().merged({"default_channel": "courriel"}))
    assert track("03/01/2022", channel="", on=on).indicator == "courriels_info_5j"


def test_flows_are_checked_against_the_definitions() -> None:
    definitions = all_modules()
    flows = [
        Flow(indicator="inconnu", received="a", in_time="b"),
        Flow(indicator="appels_aboutis", received="appels_recus", in_time="appels_perdus"),
        Flow(
            indicator="courriels_info_5j",
            received="courriels_info_repondus",
            in_time="courriels_info_dans_le_delai",
            answered="x_y",
            delays="courriels_info_somme_delais",
        ),
        Flow(
            indicator="courriers_info_10j",
            rows_of="nulle_part",
            received="courriers_info_recus",
            in_time="courriers_info_dans_le_delai",
        ),
    ]
    problems = check_flows(flows, definitions)
    assert problems[0].startswith("flux inconnu : indicateur inconnu : 'inconnu'")
    assert problems[1] == (
        "flux appels_aboutis : l'indicateur n'a pas de délai en jours ouvrés ; "
        "donnez deadline = N au flux"
    )
    assert problems[2] == (
        "flux courriels_info_5j : received = 'courriels_info_repondus' n'est pas lu par la "
        "formule de courriels_info_5j (courriels_info_dans_le_delai / courriels_info_recus)"
    )
    assert problems[3].startswith("flux courriels_info_5j : answered : compteur inconnu : 'x_y'")
    assert problems[4] == (
        "flux courriers_info_10j : rows_of = 'nulle_part' ne désigne aucun flux qui prend "
        "des lignes"
    )
    assert len(problems) == 5
    with pytest.raises(TrackingError, match=r"^flux inconnu"):
        tracker(settings=default_tracking().merged({"flow": [f.model_dump() for f in flows]}))


def test_a_flow_may_give_its_own_deadline() -> None:
    flow = Flow(
        indicator="appels_aboutis",
        deadline=2,
        channels="telephone",
        received="appels_recus",
        in_time="appels_perdus",
    )
    on = tracker(settings=default_tracking().merged({"flow": [flow.model_dump()]}))
    row = track("03/01/2022", "05/01/2022", channel="téléphone", on=on)
    assert (row.due_date, row.status) == (dt.date(2022, 1, 5), RowStatus.IN_TIME)


def test_a_record_mapping_is_tracked_like_a_row() -> None:
    row = tracker().track(
        {
            "Date de réception": "03/01/2022",
            "Canal": "courriel",
            "Date de réponse": dt.date(2022, 1, 4),
        }
    )
    assert row.elapsed == 1
    assert row.line is None


# --- the tracker agrees with Deadline, the scalar reference ------------------------------------


@functools.cache
def _tracker_on(calendar: WorkingCalendar, cutoff: dt.time | None) -> Tracker:
    return Tracker(all_modules(), default_tracking(), calendar, dt.date(2041, 1, 1), cutoff=cutoff)


moments = st.one_of(
    recent_days,
    st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2040, 12, 1)),
    aware_datetimes(),
)


@given(
    calendar=calendars,
    received=moments,
    wait=st.one_of(
        st.none(), st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=40))
    ),
    cutoff=st.one_of(
        st.none(),
        st.times(min_value=dt.time(12), max_value=dt.time(20)).map(
            lambda t: t.replace(microsecond=0)
        ),
    ),
    channel=st.sampled_from(["courriel", "courrier"]),
)
def test_every_row_agrees_with_deadline_explain(
    calendar: WorkingCalendar,
    received: dt.date,
    wait: dt.timedelta | None,
    cutoff: dt.time | None,
    channel: str,
) -> None:
    if isinstance(received, dt.datetime):
        received = received.replace(microsecond=0)
    answered = None if wait is None else received + wait
    on = _tracker_on(calendar, cutoff)
    row = on.for_header(["Date de réception", "Canal", "Date de réponse"]).track(
        [received, channel, answered], 2
    )
    days = 5 if channel == "courriel" else 10
    expected = Deadline(days, calendar, cutoff=cutoff).explain(received, answered)
    assert row.day_zero == expected.day_zero
    assert row.due_date == expected.due_date
    assert row.elapsed == expected.elapsed
    if expected.met is not None:
        assert row.status is (RowStatus.IN_TIME if expected.met else RowStatus.LATE)
    for holiday in expected.days_off:
        assert holiday.name in row.reason


def test_status_labels() -> None:
    assert [s.label for s in RowStatus] == [
        "répondu dans le délai",
        "répondu hors délai",
        "sans réponse, dans le délai",
        "sans réponse, échéance dépassée",
        "exclu",
        "rejeté",
    ]
    assert [s.measured for s in RowStatus] == [True, True, True, True, False, False]


def test_closures_in_settings_reach_the_default_calendar() -> None:
    settings = default_tracking().merged({"closures": [dt.date(2022, 1, 4)]})
    on = tracker(settings=settings)
    assert on.calendar.closures == (Closure(dt.date(2022, 1, 4)),)
    assert ZoneInfo("Europe/Paris") == on.calendar.time_zone


def test_cells_of_any_type_and_many_distinct_subjects(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = tracker().for_header(HEADER)
    monkeypatch.setattr(rows, "FLOW_CACHE_SIZE", 2)
    for number in range(5):
        received = f"0{number + 3}/01/2022"
        row = rows.track([received, "courriel", number, 1234, "", "", "", ""], line=2)
        assert (row.indicator, row.service) == ("courriels_info_5j", "1234")
        assert row.day_zero == dt.date(2022, 1, number + 3)
    assert len(rows._flow_cache) <= 2
    assert len(rows._outcomes) <= 2


def test_time_columns_complete_dates_without_a_time() -> None:
    tracker = Tracker.default("44", as_of=dt.date(2022, 1, 31), cutoff=dt.time(17, 30))
    rows = tracker.for_header(
        ["Date de réception", "Heure de réception", "Canal", "Date de réponse",
         "Heure de réponse", "Date de réponse 2", "Heure de réponse 2", "Type de réponse 2"]
    )  # fmt: skip
    assert rows.has_time_columns
    late = rows.track(["07/01/2022", "18h10", "courriel", "", "", "14/01/2022", "9h", "fond"])
    assert (late.day_zero, late.elapsed, late.measures[0].answered) == (
        dt.date(2022, 1, 10),
        4,
        dt.date(2022, 1, 14),
    )
    same = rows.track(["07/01/2022 18:10", "18:10", "courriel", "", "", "", "", ""])
    assert same.day_zero == dt.date(2022, 1, 10)
    clash = rows.track(["07/01/2022 18:10", "9:00", "courriel", "", "", "", "", ""], line=4)
    assert (clash.status.value, clash.column) == ("rejete", "Heure de réception")
    assert clash.reason == (
        "heure contradictoire : la date porte déjà une heure (07/01/2022 18:10), la colonne "
        "d'heure dit 09:00 ; n'en gardez qu'une"
    )
    lonely = rows.track(["07/01/2022", "", "courriel", "", "10:00", "", "", ""])
    assert (lonely.column, lonely.reason) == (
        "Heure de réponse",
        "heure de réponse '10:00' sans date de réponse",
    )
    plain = Tracker.default("44", as_of=dt.date(2022, 1, 31)).for_header(
        ["Date de réception", "Canal", "Date de réponse"]
    )
    assert not plain.has_time_columns


def test_a_delai_beyond_a_year_of_working_days_is_flagged() -> None:
    row = track("03/01/2022", "03/01/2023")  # 2023 typed for 2022, say
    assert row.elapsed == 254
    assert "délai de 254 jours ouvrés, au-delà de 250 : vérifiez la date de réponse" in row.reason
    tally = Tally(tracker())
    tally.add(row)
    assert tally.summary.long_delays == 1
    assert (
        "  délais au-delà de 250 jours ouvrés, à vérifier (voir le motif) : 1"
        in tally.summary.lines()
    )


def test_an_extreme_timestamp_rejects_its_row_only() -> None:
    row = track("0001-01-01T00:30:00+05:00")
    assert (row.status, row.column) == (RowStatus.REJECTED, "Date de réception")
    assert row.reason.startswith("date hors de la période connue du calendrier")
