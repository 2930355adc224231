"""The [tracking] settings: shipped defaults, a préfecture's changes, and their checks."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from qualepref import check_definitions, load_referentiel, parse_definitions
from qualepref.referentiel.tracking_flows import check_flows
from qualepref.referentiel.tracking_settings import (
    Columns,
    Flow,
    ReplyKind,
    SampleWindow,
    TrackingSettings,
    TrackingTable,
    default_tracking,
)
from qualepref.words import normalize


def test_the_shipped_flows_measure_every_delai_indicator_of_modules_1_to_4() -> None:
    with_deadline = {i.id for i in load_referentiel().indicators if i.deadline is not None}
    assert {flow.indicator for flow in default_tracking().flows} == with_deadline


def test_every_shipped_flow_checks_out_against_the_catalogue() -> None:
    definitions = parse_definitions("[perimeter]\nmodules = [1, 2, 3, 4, 5, 6, 7]\n")
    assert check_flows(default_tracking().flows, definitions) == []


@pytest.mark.parametrize(
    ("word", "channel"),
    [
        ("Courriel", "courriel"),
        ("E-mail", "courriel"),
        ("mél", "courriel"),
        ("Formulaire de contact", "formulaire"),
        ("LETTRE", "courrier"),
        ("boite a suggestions", "urne"),
        ("Tél.", "telephone"),
        ("fax", None),
    ],
)
def test_channel_words(word: str, channel: str | None) -> None:
    assert default_tracking().channel_of(word) == channel


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("fond", ReplyKind.SUBSTANCE),
        ("Réponse définitive", ReplyKind.SUBSTANCE),
        ("réponse d'attente", ReplyKind.WAITING),
        ("AR", ReplyKind.ACKNOWLEDGEMENT),
        ("accusé de réception", ReplyKind.ACKNOWLEDGEMENT),
        ("RDV", ReplyKind.APPOINTMENT),
        ("rendez_vous", ReplyKind.APPOINTMENT),
        ("rendez-vous tenu", ReplyKind.APPOINTMENT),
        ("", ReplyKind.SUBSTANCE),
        ("pigeon voyageur", None),
    ],
)
def test_reply_words(word: str, kind: ReplyKind | None) -> None:
    assert default_tracking().reply_kind_of(word) == kind


def test_reply_kind_labels() -> None:
    assert [kind.label for kind in ReplyKind] == [
        "réponse sur le fond",
        "réponse d'attente annonçant un délai",
        "accusé de réception",
        "rendez-vous tenu",
    ]


def test_a_prefecture_changes_only_what_it_writes() -> None:
    definitions = parse_definitions(
        """
[perimeter]
modules = [1]

[tracking]
cutoff = 17:30:00
closures = [2026-05-15, { date = 2026-12-24, label = "Veille de Noël" }]

[tracking.columns]
received = "Reçu le"

[tracking.channels]
courriel = ["BAL séjour"]

[tracking.reply_labels]
attente = ["AR avec délai"]

[[tracking.sample]]
start = 2026-01-12
end = 2026-01-16
services = "Naturalisations"
"""
    )
    settings = definitions.tracking
    assert settings is not None
    assert settings.cutoff == dt.time(17, 30)
    assert settings.columns == Columns(received="Reçu le")
    assert settings.channel_of("bal sejour") == "courriel"
    assert settings.channel_of("mail") == "courriel"  # the shipped words stay
    assert settings.reply_kind_of("AR avec délai") is ReplyKind.WAITING
    assert settings.flows == default_tracking().flows  # no [[tracking.flow]]: the shipped ones
    assert [str(c) for c in settings.closure_days()] == [
        "15/05/2026 Fermeture exceptionnelle",
        "24/12/2026 Veille de Noël",
    ] or [c.name for c in settings.closure_days()] == ["Fermeture exceptionnelle", "Veille de Noël"]
    assert settings.samples == (
        SampleWindow(
            start=dt.date(2026, 1, 12), end=dt.date(2026, 1, 16), services=("Naturalisations",)
        ),
    )


def test_a_prefecture_flow_list_replaces_the_shipped_one() -> None:
    definitions = parse_definitions(
        """
[perimeter]
modules = [1]

[[tracking.flow]]
indicator = "courriels_info_5j"
channels = "courriel"
received = "courriels_info_recus"
in_time = "courriels_info_dans_le_delai"
"""
    )
    assert definitions.tracking is not None
    assert [f.indicator for f in definitions.tracking.flows] == ["courriels_info_5j"]


def test_a_file_without_tracking_has_none() -> None:
    assert parse_definitions("[perimeter]\nmodules = [1]").tracking is None


INFO = '[[tracking.flow]]\nindicator = "courriels_info_5j"'
INFO_COUNTERS = '\nreceived = "courriels_info_recus"\nin_time = "courriels_info_dans_le_delai"'
TAIL = '\nreceived = "a"\nin_time = "b"'


@pytest.mark.parametrize(
    ("table", "code", "message"),
    [
        (
            '[tracking]\ncutof = "17:30"',
            "QP101",
            "clé inconnue : 'cutof' ; vouliez-vous dire 'cutoff' ?",
        ),
        ('[tracking]\ndefault_channel = "pigeon"', "QP401", "canal par défaut inconnu : 'pigeon'"),
        (
            '[tracking.channels]\ncourrier = ["mail"]',
            "QP401",
            "le mot 'mail' désigne deux canaux : courriel et courrier",
        ),
        (
            INFO + '\nchannels = "fax"' + INFO_COUNTERS,
            "QP401",
            "flux courriels_info_5j : canal inconnu 'fax'",
        ),
        (
            '[[tracking.flow]]\nindicator = "courriels_info_5"' + INFO_COUNTERS,
            "QP402",
            "flux courriels_info_5 : indicateur inconnu",
        ),
        (
            INFO + "\nreplies = []" + TAIL,
            "QP102",
            "replies ne peut pas être vide",
        ),
        (
            INFO + '\nanswered = "a"' + TAIL,
            "QP102",
            "answered et delays vont ensemble",
        ),
        (
            '[[tracking.flow]]\nindicator = "x"\nrows_of = "y"\nchannels = "courriel"' + TAIL,
            "QP102",
            "un flux avec rows_of mesure les lignes d'un autre flux",
        ),
        (
            INFO + "\nfrom_proposal = true" + TAIL,
            "QP102",
            "from_proposal mesure la date proposée depuis la proposition d'un autre flux",
        ),
        (
            "[[tracking.sample]]\nstart = 2026-01-16\nend = 2026-01-12",
            "QP102",
            "l'échantillon finit (2026-01-12) avant de commencer (2026-01-16)",
        ),
        (
            INFO + '\nreplies = ["fax"]' + TAIL,
            "QP104",
            "valeur inconnue 'fax'",
        ),
    ],
)
def test_tracking_problems_are_reported_with_a_code(table: str, code: str, message: str) -> None:
    definitions, issues = check_definitions("[perimeter]\nmodules = [1]\n" + table)
    assert definitions is None
    assert [issue.code for issue in issues] == [code]
    assert message in issues[0].message
    assert issues[0].line is not None


def test_normalize() -> None:
    assert normalize("  Boîte à IDÉES ") == "boite a idees"
    assert normalize("e-mail_pro") == "e mail pro"


def test_tables_and_settings_differ_only_by_the_cross_checks() -> None:
    table = TrackingTable.model_validate({"default_channel": "pigeon"})  # not checked yet
    assert table.overrides() == {"default_channel": "pigeon"}
    with pytest.raises(ValidationError, match="canal par défaut inconnu"):
        default_tracking().merged(table.overrides())
    assert isinstance(default_tracking(), TrackingSettings)


def test_a_flow_takes_a_single_word_for_a_list() -> None:
    flow = Flow(
        indicator="courriels_info_5j",
        channels="courriel",
        subjects="réclamation",
        received="a",
        in_time="b",
    )
    assert (flow.channels, flow.subjects) == (("courriel",), ("réclamation",))


def test_sample_windows_cover_their_days_and_services() -> None:
    week = SampleWindow(start=dt.date(2022, 1, 10), end=dt.date(2022, 1, 14))
    assert week.covers(dt.date(2022, 1, 10), "")
    assert week.covers(dt.date(2022, 1, 14), "n'importe")
    assert not week.covers(dt.date(2022, 1, 15), "")


def test_word_lists_for_messages() -> None:
    settings = default_tracking()
    assert settings.channel_words()[:3] == ["courriel", "mail", "e-mail"]
    assert settings.reply_words()[:5] == ["fond", "attente", "accuse", "rendez_vous", "fond"] or (
        settings.reply_words()[:4] == ["fond", "attente", "accuse", "rendez_vous"]
    )


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Réponse d attente", ReplyKind.WAITING),
        ("accusé", ReplyKind.ACKNOWLEDGEMENT),
        ("ACCUSÉ DE RÉCEPTION", ReplyKind.ACKNOWLEDGEMENT),
        ("rendez-vous", ReplyKind.APPOINTMENT),
        ("réponse sur le fond", ReplyKind.SUBSTANCE),
    ],
)
def test_reply_kinds_may_be_written_in_french(written: str, kind: ReplyKind) -> None:
    text = f'[perimeter]\nmodules = [1]\n[tracking]\ndefault_reply_kind = "{written}"\n'
    assert parse_definitions(text).tracking.default_reply_kind is kind  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="is not a valid ReplyKind"):
        ReplyKind(3)  # type: ignore[arg-type]
