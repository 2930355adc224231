"""One tracking-file row in, its délai out: day 0, due date, jours ouvrés, status and why.

:class:`Tracker` is pure: it reads cells that the caller hands it (a CSV reader, a
spreadsheet, a mail tool's records) and never reads a clock: ``as_of`` says which day
an unanswered request is judged on. Every row comes out as a :class:`TrackedRow`,
measured, excluded (out of the period or of scope) or rejected (with the column and the
reason), so that nothing is ever dropped.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping, Sequence

import attrs

from qualepref.calendar import WorkingCalendar
from qualepref.deadline import DayZeroReason, day_zero_on
from qualepref.errors import QualeprefError
from qualepref.french_dates import holiday_text, long_date, moment_text, short_date
from qualepref.moments import MomentError, calendar_date, parse_moment, parse_time_of_day
from qualepref.periods import Month, Period
from qualepref.referentiel.container import Definitions
from qualepref.referentiel.loading import catalogue_definitions
from qualepref.referentiel.tracking_flows import check_flows
from qualepref.referentiel.tracking_settings import (
    Columns,
    Flow,
    ReplyKind,
    TrackingSettings,
    default_tracking,
)
from qualepref.table_files import blank
from qualepref.words import normalize

__all__ = [
    "EXCLUDED_AFTER_AS_OF",
    "EXCLUDED_OUT_OF_PERIOD",
    "EXCLUDED_OUT_OF_SCOPE",
    "LONG_DELAY",
    "MeasuredFlow",
    "RowStatus",
    "RowTracker",
    "TrackedRow",
    "Tracker",
    "TrackingError",
]

LONG_DELAY = 250
"""A délai beyond this many jours ouvrés (a year's worth) is flagged, in the motif and the
summary: it is more often a mistyped date (2100 for 2022) than a request left a year."""
EXCLUDED_OUT_OF_PERIOD = "hors période"
EXCLUDED_AFTER_AS_OF = "après la date d'arrêté"
EXCLUDED_OUT_OF_SCOPE = "hors champ"


class TrackingError(QualeprefError):
    """Tracking settings or a tracking file that cannot be used at all (not one bad row)."""


class RowStatus(enum.StrEnum):
    """The ``statut`` of a row.

    Examples:
        >>> RowStatus.OVERDUE.value, RowStatus.OVERDUE.label
        ('en_retard', 'sans réponse, échéance dépassée')
    """

    IN_TIME = "dans_le_delai"
    """Answered on or before the due date."""
    LATE = "hors_delai"
    """Answered after the due date."""
    PENDING = "en_attente"
    """Not answered, due date not passed on the day of reference (``as_of``)."""
    OVERDUE = "en_retard"
    """Not answered, due date passed on the day of reference."""
    EXCLUDED = "exclu"
    """Read but not measured: out of the period, or of every flow's scope."""
    REJECTED = "rejete"
    """Unusable: an unreadable date, an answer before the receipt, an unknown channel…"""

    @property
    def label(self) -> str:
        """The French label shown in summaries."""
        return _STATUS_LABELS[self]

    @property
    def measured(self) -> bool:
        """Whether a row with this status counts in the indicators."""
        return self not in {RowStatus.EXCLUDED, RowStatus.REJECTED}


_STATUS_LABELS = {
    RowStatus.IN_TIME: "répondu dans le délai",
    RowStatus.LATE: "répondu hors délai",
    RowStatus.PENDING: "sans réponse, dans le délai",
    RowStatus.OVERDUE: "sans réponse, échéance dépassée",
    RowStatus.EXCLUDED: "exclu",
    RowStatus.REJECTED: "rejeté",
}


@attrs.frozen
class MeasuredFlow:
    """One indicator's measure of a row: its délai, day 0, due date and outcome.

    Examples:
        >>> import datetime as dt
        >>> tracker = Tracker.default("75", as_of=dt.date(2025, 6, 30))
        >>> row = tracker.track({"Date de réception": "07/05/2025", "Canal": "courriel",
        ...                      "Date de réponse": "16/05/2025"})
        >>> measure = row.measures[0]
        >>> measure.indicator, measure.deadline, measure.due_date, measure.elapsed
        ('courriels_info_5j', 5, datetime.date(2025, 5, 15), 6)
    """

    flow: Flow
    """The flow that measured the row."""
    deadline: int
    """The délai, in jours ouvrés."""
    day_zero: dt.date
    """The day the délai counts from."""
    due_date: dt.date
    """The last day an answer is in time."""
    answered: dt.date | None
    """The local day of the first reply that counts, if any."""
    elapsed: int | None
    """Jours ouvrés from day 0 to that reply."""
    status: RowStatus
    """In time, late, pending or overdue."""

    @property
    def indicator(self) -> str:
        """The indicator's id."""
        return self.flow.indicator


@attrs.frozen
class TrackedRow:
    """A row's outcome: its first flow's délai in the columns, every flow in ``measures``.

    ``day_zero``, ``due_date``, ``elapsed`` and ``status`` are those of the first flow
    (``None`` on an excluded or rejected row); ``reason`` is the ``motif``; a rejected
    row names its faulty ``column``.

    Examples:
        >>> import datetime as dt
        >>> tracker = Tracker.default("75", as_of=dt.date(2022, 2, 1))
        >>> row = tracker.track({"Date de réception": "31/02/2022", "Canal": "courriel",
        ...                      "Date de réponse": ""})
        >>> row.status.value, row.column, row.reason
        ('rejete', 'Date de réception', "date impossible : '31/02/2022' (jour/mois/année, jour
        d'abord : 01/05 est le 1er mai)")
    """

    line: int | None
    """The row's line in its file, when known."""
    status: RowStatus
    """The first flow's status, or excluded / rejected."""
    reason: str = ""
    """Why days were not counted, why the row is late, excluded or rejected."""
    column: str | None = None
    """The column at fault, on a rejected row."""
    month: Month | None = None
    """The month of receipt, which the row is counted in."""
    service: str = ""
    """The service or mailbox, as typed."""
    sample: bool = False
    """Whether the receipt falls in a sample window."""
    measures: tuple[MeasuredFlow, ...] = ()
    """Every flow's measure, the first flow's first."""
    exclusion: str = ""
    """Why an excluded row is: ``hors période``, ``après la date d'arrêté``, ``hors champ``."""

    @property
    def day_zero(self) -> dt.date | None:
        """The first flow's day 0."""
        return self.measures[0].day_zero if self.measures else None

    @property
    def due_date(self) -> dt.date | None:
        """The first flow's due date."""
        return self.measures[0].due_date if self.measures else None

    @property
    def elapsed(self) -> int | None:
        """The first flow's délai in jours ouvrés, ``None`` while unanswered."""
        return self.measures[0].elapsed if self.measures else None

    @property
    def indicator(self) -> str | None:
        """The first flow's indicator."""
        return self.measures[0].indicator if self.measures else None


class _Rejected(Exception):  # noqa: N818 - a signal inside the tracker, never raised out
    def __init__(self, column: str, reason: str) -> None:
        self.column = column
        self.reason = reason


@attrs.frozen
class _Active:
    flow: Flow
    deadline: int
    secondaries: tuple[tuple[Flow, int], ...]
    in_scope: bool
    keywords: re.Pattern[str] | None
    services: frozenset[str]

    @property
    def proposal(self) -> bool:
        """Whether a flow measures these rows from the proposal of a meeting."""
        return any(flow.from_proposal for flow, _deadline in self.secondaries)


def _keywords(words: Sequence[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    alternatives = "|".join(re.escape(normalize(word)) for word in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:e?s)?(?!\w)")


@attrs.frozen
class Tracker:
    """Everything needed to measure rows: definitions, settings, calendar, cut-off, day.

    Build one with :meth:`default` or from definitions; :meth:`track` measures one
    record (a mapping of column name to cell); :meth:`for_header` binds a file's header
    once for fast row-by-row use.

    Raises:
        TrackingError: a flow names an unknown indicator or counter, or has no délai.

    Examples:
        >>> import datetime as dt
        >>> tracker = Tracker.default("44", as_of=dt.date(2022, 1, 31), cutoff=dt.time(17, 30))
        >>> row = tracker.track({"Date de réception": "07/01/2022 18:10", "Canal": "Mail",
        ...                      "Date de réponse": "14/01/2022"})
        >>> row.status.value, row.day_zero, row.due_date, row.elapsed
        ('dans_le_delai', datetime.date(2022, 1, 10), datetime.date(2022, 1, 17), 4)
        >>> row.reason
        "reçu le vendredi 07/01/2022 à 18:10, à ou après l'heure limite de 17:30 : jour 0 le
        lundi 10/01/2022"
    """

    definitions: Definitions
    """Indicators (délais) and counters."""
    settings: TrackingSettings
    """Columns, words and flows."""
    calendar: WorkingCalendar
    """The préfecture's calendar, closures included."""
    as_of: dt.date
    """The day unanswered requests are judged on: pending until their due date, then late."""
    cutoff: dt.time | None = None
    """Office-hours cut-off; ``settings.cutoff`` when not given."""
    period: Period | None = None
    """Only receipts in this period are measured; the others are excluded."""
    indicators: frozenset[str] | None = None
    """Only these indicators' flows are measured (every flow when ``None``)."""
    _active: tuple[_Active, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.cutoff is None and self.settings.cutoff is not None:
            object.__setattr__(self, "cutoff", self.settings.cutoff)
        object.__setattr__(self, "_active", tuple(self._activate()))

    @classmethod
    def default(
        cls,
        departement: str,
        *,
        as_of: dt.date,
        cutoff: dt.time | None = None,
        definitions: Definitions | None = None,
        settings: TrackingSettings | None = None,
    ) -> Tracker:
        """A tracker on the shipped catalogue and settings, for a département.

        Examples:
            >>> import datetime as dt
            >>> Tracker.default("57", as_of=dt.date(2026, 1, 1)).calendar.departement.name
            'Moselle'
        """
        definitions = definitions or catalogue_definitions()
        settings = settings or definitions.tracking or default_tracking()
        calendar = WorkingCalendar.for_departement(departement, settings.closure_days())
        return cls(definitions, settings, calendar, as_of, cutoff)

    def _activate(self) -> Iterable[_Active]:
        problems = check_flows(self.settings.flows, self.definitions)
        if problems:
            raise TrackingError(" ; ".join(problems))
        in_scope = {indicator.id for indicator in self.definitions.indicators}
        primaries = [flow for flow in self.settings.flows if flow.rows_of is None]
        for flow in primaries:
            secondaries = tuple(
                (other, self._deadline(other))
                for other in self.settings.flows
                if other.rows_of == flow.indicator and self._wanted(other)
            )
            yield _Active(
                flow=flow,
                deadline=self._deadline(flow),
                secondaries=secondaries,
                in_scope=flow.indicator in in_scope and self._wanted(flow),
                keywords=_keywords(flow.subjects),
                services=frozenset(normalize(s) for s in flow.services),
            )

    def _wanted(self, flow: Flow) -> bool:
        if flow.indicator not in {i.id for i in self.definitions.indicators}:
            return False
        return self.indicators is None or flow.indicator in self.indicators

    def _deadline(self, flow: Flow) -> int:
        if flow.deadline is not None:
            return flow.deadline
        deadline = self.definitions.referentiel.indicator(flow.indicator).deadline
        assert deadline is not None  # noqa: S101 - checked by check_flows
        return deadline

    @property
    def flows(self) -> tuple[Flow, ...]:
        """The flows measured in this run (in scope and wanted), in order.

        Examples:
            >>> import datetime as dt
            >>> tracker = Tracker.default("75", as_of=dt.date(2026, 1, 1))
            >>> [flow.indicator for flow in tracker.flows][:2]
            ['collectivites_rdv_proposition_4j', 'collectivites_rdv_10j']
        """
        found: list[Flow] = []
        for active in self._active:
            if active.in_scope:
                found.append(active.flow)
            found.extend(flow for flow, _ in active.secondaries)
        return tuple(found)

    def for_header(self, header: Sequence[str]) -> RowTracker:
        """A row tracker for a file with this header (column names, in order).

        Raises:
            TrackingError: a required column is missing; the message lists the file's.

        Examples:
            >>> import datetime as dt
            >>> tracker = Tracker.default("75", as_of=dt.date(2025, 6, 30))
            >>> rows = tracker.for_header(["Canal", "Date de réception", "Date de réponse"])
            >>> rows.track(["courrier", "07/05/2025", "22/05/2025"], line=2).status.value
            'dans_le_delai'
        """
        return RowTracker(self, header)

    def track(self, record: Mapping[str, object], line: int | None = None) -> TrackedRow:
        """Measure one record: a mapping of column name to cell value.

        Examples:
            >>> import datetime as dt
            >>> tracker = Tracker.default("75", as_of=dt.date(2025, 5, 20))
            >>> tracker.track({"Date de réception": dt.date(2025, 5, 7), "Canal": "courriel",
            ...                "Date de réponse": None}).status.value
            'en_retard'
        """
        columns = list(record)
        return RowTracker(self, columns).track([record[c] for c in columns], line)


def _find_column(header: Sequence[str], name: str) -> int | None:
    wanted = normalize(name)
    for index, column in enumerate(header):
        if normalize(column) == wanted:
            return index
    return None


class RowTracker:
    """A :class:`Tracker` bound to one file's header: measures rows given as lists of cells.

    Which flow takes a row is remembered by (channel, subject, service), up to
    :attr:`FLOW_CACHE_SIZE` combinations, so that a large file with few distinct values
    matches each combination once.

    Examples:
        >>> import datetime as dt
        >>> tracker = Tracker.default("75", as_of=dt.date(2025, 6, 30))
        >>> rows = tracker.for_header(["Date de réception", "Canal", "Date de réponse",
        ...                            "Type de réponse", "Date de réponse 2",
        ...                            "Type de réponse 2"])
        >>> row = rows.track(["02/06/2025", "courriel", "02/06/2025", "accusé",
        ...                   "12/06/2025", "attente"], line=2)
        >>> row.status.value, row.elapsed, row.measures[0].answered
        ('hors_delai', 7, datetime.date(2025, 6, 12))
    """

    FLOW_CACHE_SIZE = 1 << 16
    """How many (channel, subject, service) combinations are remembered."""

    def __init__(self, tracker: Tracker, header: Sequence[str]) -> None:
        self.tracker = tracker
        self.header = tuple(str(column) for column in header)
        columns = tracker.settings.columns
        found = {name: _find_column(self.header, getattr(columns, name)) for name in _ROLES}
        for required in ("received", "answered"):
            if found[required] is None:
                msg = (
                    f"colonne « {getattr(columns, required)} » absente ; colonnes du fichier : "
                    f"{', '.join(self.header) or '(aucune)'} — renommez-la ou indiquez son nom "
                    "dans [tracking.columns]"
                )
                raise TrackingError(msg)
        if found["channel"] is None and tracker.settings.default_channel is None:
            msg = (
                f"colonne « {columns.channel} » absente : ajoutez-la, ou indiquez le canal de "
                "toutes les lignes (--channel courriel, ou default_channel dans [tracking])"
            )
            raise TrackingError(msg)
        self._received = found["received"]
        self._received_time = found["received_time"]
        self._channel = found["channel"]
        self._service = found["service"]
        self._subject = found["subject"]
        self._proposed = found["proposed_date"]
        self._unavailable = found["unavailable"]
        replies, times = self._reply_columns(found)
        self.replies: tuple[tuple[int, int | None], ...] = replies
        """Each reply's date column and type column, the first reply's first."""
        self.reply_times: tuple[int | None, ...] = times
        """Each reply's time column, if the file has one."""
        self._zone = tracker.calendar.time_zone
        self._due_cache: dict[tuple[dt.date, int], dt.date] = {}
        self._months: dict[tuple[int, int], Month] = {}
        self._flow_cache: dict[tuple[str | None, str, str], _Active | None] = {}
        self._outcomes: dict[object, tuple[tuple[MeasuredFlow, ...], str]] = {}

    def _reply_columns(
        self, found: Mapping[str, int | None]
    ) -> tuple[tuple[tuple[int, int | None], ...], tuple[int | None, ...]]:
        columns = self.tracker.settings.columns
        answered = found["answered"]
        assert answered is not None  # noqa: S101 - checked by the caller
        pairs: list[tuple[int, int | None]] = [(answered, found["reply_kind"])]
        times: list[int | None] = [found["answered_time"]]
        for number in range(2, 10):
            date_column = _find_column(self.header, f"{columns.answered} {number}")
            if date_column is not None:
                pairs.append(
                    (date_column, _find_column(self.header, f"{columns.reply_kind} {number}"))
                )
                times.append(_find_column(self.header, f"{columns.answered_time} {number}"))
        return tuple(pairs), tuple(times)

    @property
    def has_time_columns(self) -> bool:
        """Whether the file gives times in columns of their own (Heure de réception…)."""
        return self._received_time is not None or any(c is not None for c in self.reply_times)

    def track(self, cells: Sequence[object], line: int | None = None) -> TrackedRow:
        r"""Measure one row, given as its cells in the header's order.

        Examples:
            >>> import datetime as dt
            >>> tracker = Tracker.default("75", as_of=dt.date(2025, 6, 30))
            >>> rows = tracker.for_header(["Date de réception", "Canal", "Date de réponse"])
            >>> print(rows.track(["07/05/2025", "fax", ""], line=3).reason.replace(" ; ", "\n"))
            canal inconnu : 'fax' (canaux connus : courriel, mail, e-mail, email, mel, mél, …)
            corrigez la case, ou ajoutez le mot sous [tracking.channels] des définitions
        """
        try:
            return self._track(cells, line)
        except _Rejected as rejected:
            return TrackedRow(line, RowStatus.REJECTED, rejected.reason, rejected.column)

    def _cell(self, cells: Sequence[object], index: int | None) -> object:
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def _text(self, cells: Sequence[object], index: int | None) -> str:
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        if type(value) is str:
            return value.strip()
        return "" if value is None else str(value).strip()

    def _moment(
        self, value: object, column: int, time_column: int | None, cells: Sequence[object]
    ) -> dt.date:
        try:
            moment = parse_moment(value)
        except MomentError as error:
            raise _Rejected(self.header[column], str(error)) from None
        if time_column is not None:
            moment = self._with_time(moment, cells, time_column)
        if isinstance(moment, dt.datetime) and moment.utcoffset() is not None:
            try:
                moment = moment.astimezone(self._zone).replace(tzinfo=None)
            except (OverflowError, ValueError):  # year 1 or 9999 with an offset
                msg = f"date hors de la période connue du calendrier (1950–2100) : {value!r}"
                raise _Rejected(self.header[column], msg) from None
        day = calendar_date(moment)
        if not WorkingCalendar.FIRST_DAY <= day <= WorkingCalendar.LAST_DAY:
            msg = f"date hors de la période connue du calendrier (1950–2100) : {day:%d/%m/%Y}"
            raise _Rejected(self.header[column], msg)
        return moment

    def _with_time(self, moment: dt.date, cells: Sequence[object], column: int) -> dt.date:
        """The date of ``moment`` at the time of the time column, when that one is filled."""
        value = self._cell(cells, column)
        if blank(value):
            return moment
        try:
            time = parse_time_of_day(value)
        except MomentError as error:
            raise _Rejected(self.header[column], str(error)) from None
        if isinstance(moment, dt.datetime):
            if moment.tzinfo is None and moment.time() == time:
                return moment
            msg = (
                f"heure contradictoire : la date porte déjà une heure ({moment_text(moment)}), "
                f"la colonne d'heure dit {time:%H:%M} ; n'en gardez qu'une"
            )
            raise _Rejected(self.header[column], msg)
        return dt.datetime.combine(moment, time)

    def _track(self, cells: Sequence[object], line: int | None) -> TrackedRow:  # noqa: PLR0912, PLR0915 - one linear pass over a row
        tracker = self.tracker
        settings = tracker.settings
        received_cell = self._cell(cells, self._received)
        if blank(received_cell):
            assert self._received is not None  # noqa: S101
            raise _Rejected(self.header[self._received], "date de réception vide")
        assert self._received is not None  # noqa: S101
        received = self._moment(received_cell, self._received, self._received_time, cells)
        received_day = calendar_date(received)

        if self._channel is None:
            channel = settings.default_channel
        else:
            text = self._text(cells, self._channel)
            if text:
                channel = settings.channel_of(text)
                if channel is None:
                    listed = ", ".join(settings.channel_words()[:6])
                    raise _Rejected(
                        self.header[self._channel],
                        f"canal inconnu : {text!r} (canaux connus : {listed}, …) ; corrigez la "
                        "case, ou ajoutez le mot sous [tracking.channels] des définitions",
                    )
            elif settings.default_channel is not None:
                channel = settings.default_channel
            else:
                raise _Rejected(
                    self.header[self._channel],
                    "canal vide : indiquez-le, ou donnez le canal de toutes les lignes "
                    "(--channel, ou default_channel sous [tracking])",
                )

        replies: list[tuple[dt.date, ReplyKind, str]] = []
        for (date_column, kind_column), time_column in zip(
            self.replies, self.reply_times, strict=True
        ):
            value = self._cell(cells, date_column)
            kind_text = self._text(cells, kind_column)
            if blank(value):
                if kind_text:
                    assert kind_column is not None  # noqa: S101
                    raise _Rejected(
                        self.header[kind_column],
                        f"type de réponse {kind_text!r} sans date de réponse",
                    )
                if self._text(cells, time_column):
                    assert time_column is not None  # noqa: S101
                    raise _Rejected(
                        self.header[time_column],
                        f"heure de réponse {self._text(cells, time_column)!r} sans date de réponse",
                    )
                continue
            moment = self._moment(value, date_column, time_column, cells)
            kind = settings.reply_kind_of(kind_text)
            if kind is None:
                assert kind_column is not None  # noqa: S101 - an empty cell has a default
                listed = ", ".join(settings.reply_words()[:8])
                raise _Rejected(
                    self.header[kind_column],
                    f"type de réponse inconnu : {kind_text!r} (types connus : {listed}, …)",
                )
            if _before(moment, received):
                raise _Rejected(
                    self.header[date_column],
                    f"réponse ({moment_text(moment)}) antérieure à la réception "
                    f"({moment_text(received)}) : vérifiez l'ordre des dates et leur format "
                    "(jour/mois/année)",
                )
            replies.append((moment, kind, self.header[date_column]))
        replies.sort(key=lambda reply: _order(reply[0]))

        service = self._text(cells, self._service)
        month_key = (received_day.year, received_day.month)
        month = self._months.get(month_key)
        if month is None:
            month = self._months[month_key] = Month(*month_key)
        if tracker.period is not None and not tracker.period.contains(month):
            return TrackedRow(
                line,
                RowStatus.EXCLUDED,
                f"hors période : reçu le {received_day:%d/%m/%Y}, hors de {tracker.period}",
                month=month,
                service=service,
                exclusion=EXCLUDED_OUT_OF_PERIOD,
            )
        if received_day > tracker.as_of:
            return TrackedRow(
                line,
                RowStatus.EXCLUDED,
                f"reçu le {received_day:%d/%m/%Y}, après la date d'arrêté {tracker.as_of:%d/%m/%Y}",
                month=month,
                service=service,
                exclusion=EXCLUDED_AFTER_AS_OF,
            )
        subject = self._text(cells, self._subject)
        active = self._flow_of(channel, subject, service)
        if active is None:
            what = f"canal {channel}" + (f", objet {subject!r}" if subject else "")
            return TrackedRow(
                line,
                RowStatus.EXCLUDED,
                f"hors champ : aucun indicateur suivi pour ce {what}",
                month=month,
                service=service,
                exclusion=EXCLUDED_OUT_OF_SCOPE,
            )
        if not active.in_scope:
            why = (
                "hors du périmètre"
                if tracker.indicators is None or active.flow.indicator in tracker.indicators
                else "non demandé (--indicator)"
            )
            return TrackedRow(
                line,
                RowStatus.EXCLUDED,
                f"hors champ : {active.flow.indicator} {why}",
                month=month,
                service=service,
                exclusion=EXCLUDED_OUT_OF_SCOPE,
            )
        proposal = self._proposal(cells, received) if active.proposal else (None, False)
        measures, reason = self._outcome(active, received, replies, proposal)
        sample = bool(settings.samples) and any(
            window.covers(received_day, service) for window in settings.samples
        )
        return TrackedRow(
            line,
            measures[0].status,
            reason,
            month=month,
            service=service,
            sample=sample,
            measures=measures,
        )

    def _proposal(self, cells: Sequence[object], received: dt.date) -> tuple[dt.date | None, bool]:
        """The date proposed for a meeting, and whether the requester was unavailable."""
        unavailable = False
        if self._unavailable is not None:
            text = normalize(self._text(cells, self._unavailable))
            if text in _UNAVAILABLE:
                unavailable = True
            elif text not in _AVAILABLE:
                msg = (
                    f"indisponibilité illisible : {self._text(cells, self._unavailable)!r} "
                    "(attendu oui ou non)"
                )
                raise _Rejected(self.header[self._unavailable], msg)
        value = self._cell(cells, self._proposed)
        if blank(value):
            return None, unavailable
        assert self._proposed is not None  # noqa: S101 - a cell was found
        proposed = self._moment(value, self._proposed, None, cells)
        if _before(proposed, received):
            msg = (
                f"rendez-vous proposé le {moment_text(proposed)}, avant la demande du "
                f"{moment_text(received)} : vérifiez les dates (jour/mois/année)"
            )
            raise _Rejected(self.header[self._proposed], msg)
        return proposed, unavailable

    def _outcome(
        self,
        active: _Active,
        received: dt.date,
        replies: list[tuple[dt.date, ReplyKind, str]],
        proposal: tuple[dt.date | None, bool] = (None, False),
    ) -> tuple[tuple[MeasuredFlow, ...], str]:
        """The measures and motif of a receipt, remembered: rows repeat the same few days.

        They depend on the receipt's day (and on whether its time is at or after the
        cut-off: the motif then quotes the time, spliced in afterwards), and on the
        replies' days and kinds (with their time for replies that do not count, which
        the motif quotes too).
        """
        day = calendar_date(received)
        late = (
            self.tracker.cutoff is not None
            and isinstance(received, dt.datetime)
            and received.time() >= self.tracker.cutoff
        )
        key = (
            id(active),
            day,
            late,
            tuple(
                (moment if kind not in active.flow.replies else calendar_date(moment), kind)
                for moment, kind, _column in replies
            ),
            proposal,
        )
        found = self._outcomes.get(key)
        if found is None:
            if len(self._outcomes) >= self.FLOW_CACHE_SIZE:
                self._outcomes.clear()
            primary = self._measure(active.flow, active.deadline, received, replies)
            measures = (
                primary,
                *(
                    self._from_proposal(flow, deadline, primary, replies, proposal)
                    if flow.from_proposal
                    else self._measure(flow, deadline, received, replies)
                    for flow, deadline in active.secondaries
                ),
            )
            reason = self._reason(received, replies, measures[0], _TIME_MARK if late else "")
            reason = " ; ".join(
                part for part in (reason, *map(self._proposal_reason, measures[1:])) if part
            )
            found = self._outcomes[key] = (measures, reason)
        if late:
            assert isinstance(received, dt.datetime)  # noqa: S101 - late means timed
            time = f"{received.hour:02d}:{received.minute:02d}"
            return found[0], found[1].replace(_TIME_MARK, time, 1)
        return found

    def _flow_of(self, channel: str | None, subject: str, service: str) -> _Active | None:
        key = (channel, subject, service)
        try:
            return self._flow_cache[key]
        except KeyError:
            pass
        if len(self._flow_cache) >= self.FLOW_CACHE_SIZE:  # free-text subjects: bounded memory
            self._flow_cache.clear()
        found = self._flow_cache[key] = self._match_flow(channel, subject, service)
        return found

    def _match_flow(self, channel: str | None, subject: str, service: str) -> _Active | None:
        plain_subject = normalize(subject) if subject else ""
        plain_service = normalize(service) if service else ""
        for active in self.tracker._active:
            flow = active.flow
            if flow.channels and channel not in flow.channels:
                continue
            if active.keywords is not None and not active.keywords.search(plain_subject):
                continue
            if active.services and plain_service not in active.services:
                continue
            return active
        return None

    def _day_zero(self, received: dt.date) -> tuple[dt.date, DayZeroReason]:
        return day_zero_on(received, self.tracker.calendar, self.tracker.cutoff)

    def _measure(
        self,
        flow: Flow,
        deadline: int,
        received: dt.date,
        replies: list[tuple[dt.date, ReplyKind, str]],
    ) -> MeasuredFlow:
        calendar = self.tracker.calendar
        day_zero = self._day_zero(received)[0]
        key = (day_zero, deadline)
        due = self._due_cache.get(key)
        if due is None:
            due = self._due_cache[key] = calendar.add_working_days(day_zero, deadline)
        for moment, kind, _column in replies:
            if kind in flow.replies:
                answered = calendar_date(moment)
                elapsed = max(0, calendar.working_days_between(day_zero, answered))
                status = RowStatus.IN_TIME if answered <= due else RowStatus.LATE
                return MeasuredFlow(flow, deadline, day_zero, due, answered, elapsed, status)
        status = RowStatus.PENDING if self.tracker.as_of <= due else RowStatus.OVERDUE
        return MeasuredFlow(flow, deadline, day_zero, due, None, None, status)

    def _from_proposal(
        self,
        flow: Flow,
        deadline: int,
        primary: MeasuredFlow,
        replies: list[tuple[dt.date, ReplyKind, str]],
        proposal: tuple[dt.date | None, bool],
    ) -> MeasuredFlow:
        """The date proposed for a meeting, counted from the proposal (``primary``'s reply).

        Without a proposal yet, the count starts when the proposal was due. The date
        proposed is the column's, or else the first reply of the flow's kinds (the
        meeting itself). A requester unavailable over the period is excluded.
        """
        calendar = self.tracker.calendar
        proposed, unavailable = proposal
        start = primary.answered if primary.answered is not None else primary.due_date
        day_zero = day_zero_on(start, calendar, None)[0]
        due = calendar.add_working_days(day_zero, deadline)
        if unavailable:
            return MeasuredFlow(flow, deadline, day_zero, due, None, None, RowStatus.EXCLUDED)
        if proposed is None:
            proposed = next((m for m, kind, _c in replies if kind in flow.replies), None)
        if proposed is None:
            status = RowStatus.PENDING if self.tracker.as_of <= due else RowStatus.OVERDUE
            return MeasuredFlow(flow, deadline, day_zero, due, None, None, status)
        meeting = calendar_date(proposed)
        elapsed = max(0, calendar.working_days_between(day_zero, meeting))
        status = RowStatus.IN_TIME if meeting <= due else RowStatus.LATE
        return MeasuredFlow(flow, deadline, day_zero, due, meeting, elapsed, status)

    def _proposal_reason(self, measure: MeasuredFlow) -> str:
        """What a row's motif says of a measure from the proposal: excluded, late, overdue."""
        if not measure.flow.from_proposal:
            return ""
        if measure.status is RowStatus.EXCLUDED:
            return f"{measure.indicator} : demandeur indisponible sur la période, exclu"
        if measure.status is RowStatus.LATE:
            assert measure.answered is not None  # noqa: S101
            return (
                f"{measure.indicator} : rendez-vous proposé pour le "
                f"{short_date(measure.answered)}, après l'échéance du "
                f"{short_date(measure.due_date)} ({_days(measure.deadline)} après la proposition)"
            )
        if measure.status is RowStatus.OVERDUE:
            return (
                f"{measure.indicator} : pas de date de rendez-vous au "
                f"{short_date(self.tracker.as_of)}, échéance du {short_date(measure.due_date)} "
                "dépassée"
            )
        return ""

    def _reason(
        self,
        received: dt.date,
        replies: list[tuple[dt.date, ReplyKind, str]],
        measure: MeasuredFlow,
        time_text: str,
    ) -> str:
        parts: list[str] = []
        calendar = self.tracker.calendar
        received_day = calendar_date(received)
        day_zero, reason = self._day_zero(received)
        if reason is DayZeroReason.AFTER_CUTOFF:
            assert self.tracker.cutoff is not None  # noqa: S101
            parts.append(
                f"reçu le {long_date(received_day)} à {time_text}, à ou après l'heure limite "
                f"de {self.tracker.cutoff:%H:%M} : jour 0 le {long_date(day_zero)}"
            )
        elif reason is DayZeroReason.NON_WORKING_DAY:
            parts.append(
                f"reçu le {long_date(received_day)}, jour non ouvré : "
                f"jour 0 le {long_date(day_zero)}"
            )
        last = measure.due_date
        if measure.answered is not None:
            last = max(last, measure.answered)
        elif measure.status is RowStatus.OVERDUE:
            last = max(last, self.tracker.as_of)
        off = [h for h in calendar.holidays_between(received_day, last) if h.date.weekday() < 5]
        if off:
            parts.append("non compté : " + ", ".join(holiday_text(h) for h in off))
        for moment, kind, _column in replies:
            if kind in measure.flow.replies:
                break
            parts.append(
                f"{kind.label} du {moment_text(moment)} non retenu : ne vaut pas réponse pour "
                f"{measure.indicator}"
            )
        if measure.elapsed is not None and measure.elapsed > LONG_DELAY:
            parts.append(
                f"délai de {measure.elapsed} jours ouvrés, au-delà de {LONG_DELAY} : vérifiez la "
                "date de réponse (jour/mois/année)"
            )
        if measure.status is RowStatus.LATE:
            assert measure.answered is not None  # noqa: S101
            late = calendar.working_days_between(measure.due_date, measure.answered)
            parts.append(
                f"répondu {_days(late)} après l'échéance du {short_date(measure.due_date)}"
            )
        elif measure.status is RowStatus.OVERDUE:
            late = calendar.working_days_between(measure.due_date, self.tracker.as_of)
            parts.append(
                f"sans réponse au {short_date(self.tracker.as_of)} : échéance du "
                f"{short_date(measure.due_date)} dépassée de {_days(late)}"
            )
        return " ; ".join(parts)


_TIME_MARK = "\x00"  # where a motif's receipt time goes, in a motif shared by a day's rows
_UNAVAILABLE = frozenset({"oui", "o", "x", "1", "vrai", "true", "yes", "indisponible"})
_AVAILABLE = frozenset({"", "non", "n", "0", "faux", "false", "no", "disponible"})
_ROLES = tuple(Columns.model_fields)  # every column qualepref reads


def _order(moment: dt.date) -> tuple[dt.date, dt.time]:
    if isinstance(moment, dt.datetime):
        return moment.date(), moment.time()
    return moment, dt.time.min


def _before(answer: dt.date, received: dt.date) -> bool:
    if isinstance(answer, dt.datetime) and isinstance(received, dt.datetime):
        return answer < received
    return _order(answer)[0] < _order(received)[0]


def _days(count: int) -> str:
    return f"{count} jour{'s' if count > 1 else ''} ouvré{'s' if count > 1 else ''}"
