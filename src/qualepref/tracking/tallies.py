"""Tracked rows counted into the measurements of the tableau, and the run's summary.

Each measured row counts in the month of its receipt: one request received, one answered
within the délai if it was, and its délai in jours ouvrés added to the sum of délais of
the requests answered. A request still unanswered within its délai counts as received
(the rate is provisional, and the measurement says so in its observation). The
components are written, never the rates, so that quarters and years aggregate exactly.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable, Iterator, Mapping

import attrs

from qualepref.evaluation import Observation
from qualepref.periods import Month, Period
from qualepref.referentiel.tracking_settings import Flow
from qualepref.tracking.tracker import LONG_DELAY, RowStatus, TrackedRow, Tracker
from qualepref.words import normalize

__all__ = ["Summary", "Tally"]

_Key = tuple[str, int, str | None]  # counter or flow, month index, service (None for all)


@attrs.define
class Summary:
    """How many rows were read, and what became of them: nothing goes uncounted.

    ``read == measured + excluded + rejected + summary_rows`` always holds. Summary rows
    (« Total », « Taux »… under the records) are read but are not records; empty rows
    are not counted at all.

    Examples:
        >>> summary = Summary()
        >>> summary.count(TrackedRow(2, RowStatus.IN_TIME))
        >>> summary.count(TrackedRow(3, RowStatus.EXCLUDED, exclusion="hors champ"))
        >>> summary.read, summary.measured, summary.excluded, summary.balanced
        (2, 1, 1, True)
    """

    read: int = 0
    """Rows read (blank lines are not rows)."""
    by_status: collections.Counter[RowStatus] = attrs.field(factory=collections.Counter)
    """Rows by status (the first flow's, for a measured row)."""
    by_exclusion: collections.Counter[str] = attrs.field(factory=collections.Counter)
    """Excluded rows by reason: hors période, hors champ…"""
    by_indicator: collections.Counter[str] = attrs.field(factory=collections.Counter)
    """Measured rows by (first) indicator."""
    summary_rows: int = 0
    """Summary rows read and set apart (« Total », « Taux »…): not records."""
    long_delays: int = 0
    """Measured rows with a délai beyond :data:`LONG_DELAY` jours ouvrés: to check."""

    def count_summary_rows(self, rows: int) -> None:
        """Count ``rows`` summary rows, read but not records.

        Examples:
            >>> summary = Summary()
            >>> summary.count_summary_rows(2)
            >>> summary.read, summary.measured, summary.balanced
            (2, 0, True)
        """
        self.read += rows
        self.summary_rows += rows

    def count(self, row: TrackedRow) -> None:
        """Count one row.

        Examples:
            >>> summary = Summary()
            >>> summary.count(TrackedRow(2, RowStatus.REJECTED, "date vide"))
            >>> summary.rejected, summary.balanced
            (1, True)
        """
        self.read += 1
        self.by_status[row.status] += 1
        if any(m.elapsed is not None and m.elapsed > LONG_DELAY for m in row.measures):
            self.long_delays += 1
        if row.status is RowStatus.EXCLUDED:
            self.by_exclusion[row.exclusion] += 1
        elif row.indicator is not None:
            self.by_indicator[row.indicator] += 1

    def count_measured(self, status: RowStatus, indicator: str, rows: int) -> None:
        """Count ``rows`` measured rows at once, as :meth:`count` counts one.

        Examples:
            >>> summary = Summary()
            >>> summary.count_measured(RowStatus.IN_TIME, "courriels_info_5j", 3)
            >>> summary.read, summary.measured, summary.by_indicator["courriels_info_5j"]
            (3, 3, 3)
        """
        self.read += rows
        self.by_status[status] += rows
        self.by_indicator[indicator] += rows

    @property
    def rejected(self) -> int:
        """Rows rejected."""
        return self.by_status[RowStatus.REJECTED]

    @property
    def excluded(self) -> int:
        """Rows excluded."""
        return self.by_status[RowStatus.EXCLUDED]

    @property
    def measured(self) -> int:
        """Rows measured."""
        return self.read - self.rejected - self.excluded - self.summary_rows

    @property
    def balanced(self) -> bool:
        """Whether rows read = measured + excluded + rejected + summary rows (a self-check)."""
        measured = sum(n for status, n in self.by_status.items() if status.measured)
        return self.read == measured + self.excluded + self.rejected + self.summary_rows

    def lines(self) -> list[str]:
        r"""The summary in French, one line per figure.

        Examples:
            >>> summary = Summary()
            >>> summary.count(TrackedRow(2, RowStatus.LATE))
            >>> print("\n".join(summary.lines()))
            lignes lues : 1 = 1 mesurée(s) + 0 exclue(s) + 0 rejetée(s)
              répondu hors délai : 1
        """
        summary = (
            f" + {self.summary_rows} ligne(s) de synthèse ignorée(s)" if self.summary_rows else ""
        )
        lines = [
            f"lignes lues : {self.read} = {self.measured} mesurée(s) + {self.excluded} "
            f"exclue(s) + {self.rejected} rejetée(s){summary}"
        ]
        lines.extend(
            f"  {status.label} : {self.by_status[status]}"
            for status in RowStatus
            if status.measured and self.by_status[status]
        )
        lines.extend(
            f"  exclues, {reason} : {count}" for reason, count in sorted(self.by_exclusion.items())
        )
        if self.long_delays:
            lines.append(
                f"  délais au-delà de {LONG_DELAY} jours ouvrés, à vérifier (voir le motif) : "
                f"{self.long_delays}"
            )
        return lines


@attrs.frozen
class _Group:
    """The counters one indicator reads, for one flow."""

    indicator: str
    first: str
    second: str
    sample_note: bool


class Tally:
    """Counts tracked rows by counter, month and (optionally) service.

    Examples:
        >>> import datetime as dt
        >>> tracker = Tracker.default("75", as_of=dt.date(2025, 6, 30))
        >>> tally = Tally(tracker)
        >>> for received, answered in [("07/05/2025", "14/05/2025"), ("12/05/2025", "")]:
        ...     tally.add(tracker.track({"Date de réception": received, "Canal": "courriel",
        ...                              "Date de réponse": answered}))
        >>> [(o.component, o.value) for o in tally.observations()][:4]
        [('courriels_info_recus', 2), ('courriels_info_dans_le_delai', 1),
         ('courriels_info_repondus', 1), ('courriels_info_somme_delais', 4)]
    """

    def __init__(self, tracker: Tracker, *, by_service: bool = False) -> None:
        self.tracker = tracker
        self.by_service = by_service
        self.summary = Summary()
        self._counts: collections.Counter[_Key] = collections.Counter()
        self._pending: collections.Counter[_Key] = collections.Counter()
        self._samples: set[_Key] = set()
        self._seen: dict[str, set[str | None]] = collections.defaultdict(set)  # flow → services
        self._service_names: dict[str, str] = {}
        self._months: set[int] = set()  # year * 12 + month - 1: cheaper to hash than Month
        self.skipped: list[str] = []
        """Counters that no indicator in scope reads: counted, but not written."""
        self._groups = self._plan()

    def _plan(self) -> dict[str, list[_Group]]:
        """For each flow, the indicator groups its counters are written under."""
        definitions = self.tracker.definitions
        referentiel = definitions.referentiel
        plans: dict[str, list[_Group]] = {}
        for flow in self.tracker.flows:
            groups = [_Group(flow.indicator, flow.received, flow.in_time, sample_note=True)]
            if flow.answered is not None and flow.delays is not None:
                pair = {flow.answered, flow.delays}
                reader = next(
                    (
                        indicator.id
                        for indicator in definitions.indicators
                        if pair <= referentiel.counters_read_by(indicator)
                    ),
                    None,
                )
                if reader is None:
                    self.skipped.append(
                        f"{flow.answered} et {flow.delays} : aucun indicateur du périmètre "
                        "ne les lit (délai moyen non écrit)"
                    )
                else:
                    groups.append(_Group(reader, flow.answered, flow.delays, sample_note=False))
            plans.setdefault(_flow_key(flow), groups)
        return plans

    def add(self, row: TrackedRow) -> None:
        """Count one row (any status: only measured rows fill counters).

        Examples:
            >>> import datetime as dt
            >>> tracker = Tracker.default("75", as_of=dt.date(2025, 6, 30))
            >>> tally = Tally(tracker)
            >>> tally.add(TrackedRow(2, RowStatus.REJECTED, "date vide"))
            >>> tally.summary.read, list(tally.observations())
            (1, [])
        """
        self.summary.count(row)
        if not row.status.measured or row.month is None:
            return
        month = row.month.year * 12 + row.month.month - 1
        self._months.add(month)
        services: tuple[str | None, ...] = (
            (None, normalize(row.service)) if self.by_service else (None,)
        )
        if self.by_service:
            self._service_names.setdefault(normalize(row.service), row.service)
        values: dict[str, int] = {}
        for measure in row.measures:
            if measure.status is RowStatus.EXCLUDED:
                continue  # out of this indicator (a requester unavailable over the period)
            flow = measure.flow
            key = _flow_key(flow)
            values[flow.received] = 1
            values.setdefault(flow.in_time, 0)
            if measure.status is RowStatus.IN_TIME:
                values[flow.in_time] = 1
            if flow.answered is not None and flow.delays is not None:
                values.setdefault(flow.answered, 0)
                values.setdefault(flow.delays, 0)
                if measure.elapsed is not None:
                    values[flow.answered] = 1
                    values[flow.delays] = measure.elapsed
            for service in services:
                self._seen[key].add(service)
                group_key = (key, month, service)
                if measure.status is RowStatus.PENDING:
                    self._pending[group_key] += 1
                if row.sample:
                    self._samples.add(group_key)
        for counter, value in values.items():
            for service in services:
                self._counts[counter, month, service] += value

    def add_month(  # noqa: PLR0913 - one month of one flow, counted elsewhere
        self,
        flow: Flow,
        month: int,
        *,
        received: Mapping[str, int] | None = None,
        in_time: int = 0,
        pending: int = 0,
        answered: int = 0,
        delays: int = 0,
        sample: bool = False,
    ) -> None:
        """Add what many rows of ``flow`` give in one month (``year * 12 + month - 1``).

        This is :meth:`add` for rows already counted together (by the columnar engine):
        ``received`` gives each "received" counter its number of rows (a row counts once
        in a counter that several of its flows share).

        Examples:
            >>> import datetime as dt
            >>> tracker = Tracker.default("75", as_of=dt.date(2025, 6, 30))
            >>> tally = Tally(tracker)
            >>> flow = tracker.flows[-2]
            >>> tally.add_month(flow, 2025 * 12 + 4, received={flow.received: 3}, in_time=2)
            >>> [(o.component, o.value) for o in tally.observations()][:2]
            [('courriels_info_recus', 3), ('courriels_info_dans_le_delai', 2)]
        """
        key = _flow_key(flow)
        for counter, rows in (received or {}).items():
            self._counts[counter, month, None] += rows
        self._counts[flow.in_time, month, None] += in_time
        if flow.answered is not None and flow.delays is not None:
            self._counts[flow.answered, month, None] += answered
            self._counts[flow.delays, month, None] += delays
        self._seen[key].add(None)
        self._months.add(month)
        if pending:
            self._pending[key, month, None] += pending
        if sample:
            self._samples.add((key, month, None))

    @property
    def services(self) -> list[str]:
        """The services seen (as first typed), when counting by service.

        Examples:
            >>> import datetime as dt
            >>> tally = Tally(Tracker.default("75", as_of=dt.date(2025, 6, 30)), by_service=True)
            >>> tally.services
            []
        """
        return sorted(self._service_names.values(), key=normalize)

    def _months_measured(self) -> list[tuple[int, Month]]:
        period: Period | None = self.tracker.period
        if period is not None:
            return [(m.year * 12 + m.month - 1, m) for m in period.months()]
        return [
            (index, Month(index // 12, index % 12 + 1))
            for index in range(min(self._months), max(self._months) + 1)
        ]

    def observations(self, service: str | None = None) -> Iterator[Observation]:
        """The measurements: components by indicator and month, for one service or all.

        Months of the run (the period, or the first to the last month seen) with no row
        give zeros: nothing was received, so the rate is « sans objet ».

        Examples:
            >>> import datetime as dt
            >>> tracker = Tracker.default("75", as_of=dt.date(2025, 6, 30))
            >>> tally = Tally(tracker, by_service=True)
            >>> tally.add(tracker.track({"Date de réception": "02/06/2025", "Canal": "courrier",
            ...                          "Date de réponse": "", "Service": "Séjour"}))
            >>> [(str(o.period), o.component, o.value) for o in tally.observations("séjour")][:2]
            [('2025-06', 'courriers_info_recus', 1), ('2025-06', 'courriers_info_dans_le_delai', 0)]
        """
        wanted = None if service is None else normalize(service)
        as_of = self.tracker.as_of
        for key, groups in self._groups.items():
            if wanted not in self._seen.get(key, set()):
                continue
            for group in groups:
                for index, month in self._months_measured():
                    group_key = (key, index, wanted)
                    sample = group_key in self._samples
                    pending = self._pending[group_key]
                    note = None
                    if group.sample_note and pending:
                        note = (
                            f"{pending} demande(s) sans réponse et encore dans le délai au "
                            f"{as_of:%d/%m/%Y} : taux provisoire"
                        )
                    for counter, remark in ((group.first, note), (group.second, None)):
                        yield Observation(
                            group.indicator,
                            month,
                            counter,
                            self._counts[counter, index, wanted],
                            sample=sample,
                            note=remark,
                        )

    def add_all(self, rows: Iterable[TrackedRow]) -> None:
        """Count every row of ``rows``.

        Examples:
            >>> import datetime as dt
            >>> tally = Tally(Tracker.default("75", as_of=dt.date(2025, 6, 30)))
            >>> tally.add_all([TrackedRow(2, RowStatus.EXCLUDED, exclusion="hors champ")] * 3)
            >>> tally.summary.by_exclusion
            Counter({'hors champ': 3})
        """
        for row in rows:
            self.add(row)


def _flow_key(flow: Flow) -> str:
    """The key of a flow's counters in a tally."""
    return f"{flow.indicator}:{flow.received}:{flow.in_time}"
