"""How a tracking file is read, and which indicator each row feeds: the [tracking] settings.

The defaults ship in ``qualepref/data/tracking.toml``; a préfecture changes any of them
in the ``[tracking]`` table of its definitions file. Keys it leaves out keep the
defaults; ``channels`` and ``reply_labels`` add to the shipped words; a list of
``[[tracking.flow]]`` replaces the shipped flows.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from importlib import resources
from typing import Annotated, Any, Self

import tomli
from pydantic import BeforeValidator, ConfigDict, Field, model_validator

from qualepref.public_holidays import Closure
from qualepref.referentiel.base import Id, Labelled, TableModel, Text, Words, add_words
from qualepref.words import normalize

__all__ = [
    "Columns",
    "Flow",
    "ReplyKind",
    "SampleWindow",
    "TrackingSettings",
    "TrackingTable",
    "default_tracking",
]


class ReplyKind(Labelled):
    """The kind of a reply in a tracking file.

    Examples:
        >>> ReplyKind.WAITING.label
        "réponse d'attente annonçant un délai"
    """

    SUBSTANCE = "fond"
    """A reply on the substance of the request."""
    WAITING = "attente"
    """A waiting reply that announces a délai: the référentiel counts it as a reply."""
    ACKNOWLEDGEMENT = "accuse"
    """An acknowledgement of receipt: never a reply unless a flow says so."""
    APPOINTMENT = "rendez_vous"
    """The appointment itself took place (élus' appointment requests)."""

    def _spelled(self) -> tuple[str, ...]:
        """Its label, then « réponse d'attente »… (case, accents, separators ignored)."""
        return (_KIND_LABELS[self], *_KIND_WORDS.get(self, ()))


_KIND_WORDS = {
    ReplyKind.SUBSTANCE: ("réponse réelle",),
    ReplyKind.WAITING: ("réponse d'attente",),
}
"""Spellings a definitions file may use for a kind, beside its value and its label (the
words of the tracking files are ``reply_labels``)."""

_KIND_LABELS = {
    ReplyKind.SUBSTANCE: "réponse sur le fond",
    ReplyKind.WAITING: "réponse d'attente annonçant un délai",
    ReplyKind.ACKNOWLEDGEMENT: "accusé de réception",
    ReplyKind.APPOINTMENT: "rendez-vous tenu",
}


class Columns(TableModel):
    """The tracking file's column names for each thing qualepref reads.

    Names are compared without regard to case, accents or spacing. Further replies
    sit in numbered columns, found by themselves: ``Date de réponse 2`` with
    ``Type de réponse 2`` and ``Heure de réponse 2``, and so on.

    Examples:
        >>> Columns(received="Reçu le").answered
        'Date de réponse'
    """

    received: Text = "Date de réception"
    """When the request was received (required); its row is the header row."""
    received_time: Text = "Heure de réception"
    """The time of receipt, when the receipt-date column holds a date only (optional)."""
    answered: Text = "Date de réponse"
    """When it was answered; empty while it is not (required)."""
    answered_time: Text = "Heure de réponse"
    """The time of the reply, when its date column holds a date only (optional)."""
    reply_kind: Text = "Type de réponse"
    """The kind of that reply: fond, attente, accusé… (optional column)."""
    channel: Text = "Canal"
    """Courriel, courrier, urne… (optional column if a default channel is given)."""
    service: Text = "Service"
    """The service or mailbox that answers (optional column)."""
    subject: Text = "Objet"
    """What the request is about; flows match keywords in it (optional column)."""
    proposed_date: Text = "Date de rendez-vous proposée"
    """The date proposed for a meeting, for a flow measured ``from_proposal`` (optional)."""
    unavailable: Text = "Indisponibilité du demandeur"
    """``oui`` when the requester was unavailable over the period (optional column)."""


class Flow(TableModel):
    """Rows that one délai indicator measures, and the counters they fill.

    Examples:
        >>> flow = Flow(indicator="courriels_info_5j", channels="courriel",
        ...             received="courriels_info_recus", in_time="courriels_info_dans_le_delai")
        >>> flow.channels, [kind.value for kind in flow.replies]
        (('courriel',), ['fond', 'attente'])
    """

    indicator: Id
    """The indicator measured: its délai applies unless ``deadline`` is given."""
    channels: Words = ()
    """Channels taken (``courriel``, ``courrier``…); empty for every channel."""
    subjects: Words = ()
    """Keywords, one of which the subject must contain as whole words; empty for any."""
    services: Words = ()
    """Services or mailboxes taken; empty for every one."""
    rows_of: Id | None = None
    """Measure the rows that the flow of this indicator took, instead of matching rows."""
    from_proposal: bool = False
    """With ``rows_of``: measure the date proposed for a meeting, counted from the
    proposal (the reply the ``rows_of`` flow measured); the date proposed is the
    ``proposed_date`` column, or else the first reply of ``replies``; a requester
    unavailable over the period (``unavailable`` column) is excluded."""
    replies: tuple[ReplyKind, ...] = (ReplyKind.SUBSTANCE, ReplyKind.WAITING)
    """Reply kinds that count as an answer; the first such reply is measured."""
    deadline: int | None = Field(default=None, ge=0, le=366)
    """The délai in jours ouvrés, when it is not the indicator's."""
    received: Id
    """Counter of requests received."""
    in_time: Id
    """Counter of requests answered within the délai."""
    answered: Id | None = None
    """Counter of requests answered, for a mean délai."""
    delays: Id | None = None
    """Counter of the sum of délais (jours ouvrés) of the requests answered."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not self.replies:
            msg = "replies ne peut pas être vide : indiquez les types de réponse qui comptent"
            raise ValueError(msg)
        if (self.answered is None) != (self.delays is None):
            msg = "answered et delays vont ensemble : donnez les deux compteurs ou aucun"
            raise ValueError(msg)
        if self.from_proposal and self.rows_of is None:
            msg = (
                "from_proposal mesure la date proposée depuis la proposition d'un autre flux : "
                "indiquez rows_of"
            )
            raise ValueError(msg)
        if self.rows_of is not None and (self.channels or self.subjects or self.services):
            msg = (
                "un flux avec rows_of mesure les lignes d'un autre flux : retirez channels, "
                "subjects et services"
            )
            raise ValueError(msg)
        return self


class SampleWindow(TableModel):
    """Days tracked as a sample (a week in January, one in June), not a full count.

    Examples:
        >>> import datetime as dt
        >>> SampleWindow(start=dt.date(2022, 1, 10), end=dt.date(2022, 1, 14)).services
        ()
    """

    start: dt.date
    """First day of receipt in the sample."""
    end: dt.date
    """Last day of receipt in the sample (included)."""
    services: Words = ()
    """The services or mailboxes sampled; empty for every one."""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            msg = f"l'échantillon finit ({self.end}) avant de commencer ({self.start})"
            raise ValueError(msg)
        return self

    def covers(self, day: dt.date, service: str) -> bool:
        """Whether a receipt on ``day`` by ``service`` belongs to the sample.

        Examples:
            >>> import datetime as dt
            >>> week = SampleWindow(start=dt.date(2022, 1, 10), end=dt.date(2022, 1, 14),
            ...                     services=["Séjour"])
            >>> week.covers(dt.date(2022, 1, 12), "séjour"), week.covers(dt.date(2022, 1, 12), "")
            (True, False)
        """
        if not self.start <= day <= self.end:
            return False
        return not self.services or normalize(service) in self._services

    @functools.cached_property
    def _services(self) -> frozenset[str]:
        return frozenset(normalize(s) for s in self.services)


class ClosureDay(TableModel):
    """A closure of the préfecture written in the definitions file.

    Examples:
        >>> import datetime as dt
        >>> ClosureDay(date=dt.date(2026, 5, 15), label="Pont de l'Ascension").label
        "Pont de l'Ascension"
    """

    date: dt.date
    """The day closed."""
    label: str | None = None
    """Why (shown in ``motif``)."""


def _closure(value: Any) -> Any:
    """A closure as a date or a table; anything else is said in French, with both forms."""
    if isinstance(value, dt.date):
        return {"date": value}
    if isinstance(value, dict):
        return value
    msg = (
        f"une fermeture s'écrit comme une date TOML (2026-05-15, sans guillemets) ou une "
        f'table {{ date = 2026-05-15, label = "Pont" }}, pas {value!r}'
    )
    raise ValueError(msg)


class TrackingTable(TableModel):
    """A ``[tracking]`` table as written in a definitions file, before it meets the defaults.

    Examples:
        >>> table = TrackingTable.model_validate({"cutoff": "17:30", "columns": {
        ...     "received": "Reçu le"}})
        >>> table.overrides()
        {'columns': {'received': 'Reçu le'}, 'cutoff': datetime.time(17, 30)}
    """

    model_config = ConfigDict(populate_by_name=True, title="[tracking]")

    columns: Columns = Columns()
    """The file's column names."""
    channels: dict[Id, Words] = Field(default_factory=dict)
    """Words typed in the channel column, by channel."""
    reply_labels: dict[ReplyKind, Words] = Field(default_factory=dict)
    """Words typed in the reply kind column, by reply kind."""
    default_channel: Id | None = None
    """The channel of every row when the file has no channel column (a mailbox export)."""
    default_reply_kind: ReplyKind = ReplyKind.SUBSTANCE
    """The kind of a reply whose kind cell is empty (or when there is no such column)."""
    cutoff: dt.time | None = None
    """Office-hours cut-off, local time (``17:30:00``)."""
    closures: tuple[Annotated[ClosureDay, BeforeValidator(_closure)], ...] = ()
    """Days the préfecture is closed: TOML dates, or tables with ``date`` and ``label``."""
    samples: tuple[SampleWindow, ...] = Field(default=(), alias="sample")
    """``[[tracking.sample]]``: days tracked as samples."""
    flows: tuple[Flow, ...] = Field(default=(), alias="flow")
    """``[[tracking.flow]]``: which indicator each row feeds, tried in order."""

    def closure_days(self) -> list[Closure]:
        """The closures as the calendar takes them.

        Examples:
            >>> import datetime as dt
            >>> TrackingTable(closures=[dt.date(2026, 5, 15)]).closure_days()
            [Closure(date=datetime.date(2026, 5, 15), name='Fermeture exceptionnelle')]
        """
        return [
            Closure(day.date, day.label) if day.label else Closure(day.date)
            for day in self.closures
        ]

    def overrides(self) -> dict[str, Any]:
        """The keys the table sets, ready for :meth:`TrackingSettings.merged`."""
        found = self.model_dump(by_alias=True, include=self.model_fields_set)
        if "columns" in found:
            found["columns"] = self.columns.model_dump(include=self.columns.model_fields_set)
        return found


class TrackingSettings(TrackingTable):
    """The ``[tracking]`` settings: columns, words, cut-off, closures, samples and flows.

    Examples:
        >>> settings = default_tracking()
        >>> settings.columns.received, settings.channel_of("E-mail")
        ('Date de réception', 'courriel')
        >>> settings.reply_kind_of("Réponse d'attente")
        <ReplyKind.WAITING: 'attente'>
        >>> [flow.indicator for flow in settings.flows][-2:]
        ['courriels_info_5j', 'courriers_info_10j']
    """

    model_config = ConfigDict(populate_by_name=True, title="tracking settings")

    @model_validator(mode="after")
    def _known_words(self) -> Self:
        seen: dict[str, str] = {}
        for channel, words in self.channels.items():
            for word in (channel, *words):
                other = seen.setdefault(normalize(word), channel)
                if other != channel:
                    msg = f"le mot {word!r} désigne deux canaux : {other} et {channel}"
                    raise ValueError(msg)
        if self.default_channel is not None and self.default_channel not in self.channels:
            msg = f"canal par défaut inconnu : {self.default_channel!r} ({self._channel_list()})"
            raise ValueError(msg)
        for flow in self.flows:
            unknown = [c for c in flow.channels if c not in self.channels]
            if unknown:
                msg = (
                    f"flux {flow.indicator} : canal inconnu {unknown[0]!r} ({self._channel_list()})"
                )
                raise ValueError(msg)
        return self

    def _channel_list(self) -> str:
        return "canaux connus : " + ", ".join(self.channels)

    @functools.cached_property
    def _channel_words(self) -> Mapping[str, str]:
        return {
            normalize(word): channel
            for channel, words in self.channels.items()
            for word in (channel, *words)
        }

    @functools.cached_property
    def _reply_words(self) -> Mapping[str, ReplyKind]:
        words = {normalize(kind.value): kind for kind in ReplyKind}
        words |= {normalize(kind.label): kind for kind in ReplyKind}
        for kind, labels in self.reply_labels.items():
            words |= {normalize(label): kind for label in labels}
        return words

    def channel_of(self, text: str) -> str | None:
        """The channel a cell names, or ``None`` when no channel has that word.

        Examples:
            >>> default_tracking().channel_of("Lettre"), default_tracking().channel_of("fax")
            ('courrier', None)
        """
        return self._channel_words.get(normalize(text))

    def reply_kind_of(self, text: str) -> ReplyKind | None:
        """The reply kind a cell names (its default when empty), or ``None`` if unknown.

        Examples:
            >>> default_tracking().reply_kind_of("AR"), default_tracking().reply_kind_of("")
            (<ReplyKind.ACKNOWLEDGEMENT: 'accuse'>, <ReplyKind.SUBSTANCE: 'fond'>)
        """
        if not text.strip():
            return self.default_reply_kind
        return self._reply_words.get(normalize(text))

    def reply_words(self) -> list[str]:
        """The words understood in the reply kind column, for error messages.

        Examples:
            >>> default_tracking().reply_words()[:3]
            ['fond', 'attente', 'accuse']
        """
        words = [kind.value for kind in ReplyKind]
        words += [label for labels in self.reply_labels.values() for label in labels]
        return list(dict.fromkeys(words))

    def channel_words(self) -> list[str]:
        """The words understood in the channel column, for error messages.

        Examples:
            >>> default_tracking().channel_words()[:2]
            ['courriel', 'mail']
        """
        return list(
            dict.fromkeys(
                word for channel, words in self.channels.items() for word in (channel, *words)
            )
        )

    def merged(self, overrides: Mapping[str, Any]) -> TrackingSettings:
        """These settings changed by a ``[tracking]`` table (see the module's docstring).

        Raises:
            pydantic.ValidationError: the table is not valid.

        Examples:
            >>> settings = default_tracking().merged({"cutoff": "17:30", "channels": {
            ...     "courriel": ["bal séjour"]}})
            >>> settings.cutoff, settings.channel_of("BAL Séjour"), settings.channel_of("mail")
            (datetime.time(17, 30), 'courriel', 'courriel')
        """
        data = self.model_dump(by_alias=True, exclude_defaults=False)
        for key, value in overrides.items():
            if key == "columns" and isinstance(value, Mapping):
                data["columns"] = {**data["columns"], **value}
            elif key == "channels" and isinstance(value, Mapping):
                data["channels"] = add_words(data["channels"], value)
            elif key == "reply_labels" and isinstance(value, Mapping):
                data["reply_labels"] = add_words(data["reply_labels"], value)
            else:
                data[key] = value
        return TrackingSettings.model_validate(data)


TRACKING_FILE = "tracking.toml"
"""The default settings' file name in ``qualepref/data``."""


@functools.cache
def default_tracking() -> TrackingSettings:
    """The shipped tracking settings (``qualepref/data/tracking.toml``), read once.

    Examples:
        >>> default_tracking().default_reply_kind.label
        'réponse sur le fond'
    """
    text = resources.files("qualepref").joinpath("data", TRACKING_FILE).read_text("utf-8")
    return TrackingSettings.model_validate(tomli.loads(text))
