"""The columnar engine of ``qualepref track``: a whole CSV file at once, with polars.

The row-by-row engine (:class:`~qualepref.tracking.tracker.RowTracker`) costs tens of
microseconds a row in Python; this engine hands the common rows to polars and gives the
same bytes out. It is used when polars is installed (the ``fast`` extra), the file is a
UTF-8 CSV without line breaks inside its cells, and the output is CSV.

Exactness comes from a split: a row is *simple* when its dates are written
``JJ/MM/AAAA`` or ``JJ/MM/AAAA HH:MM``, its channel and reply kinds are known words, its
replies come in order and after the receipt, and a flow of the run takes it, inside the
period and before the date d'arrêté. Simple rows are computed in columns: day 0, due
date and délai from the calendar's prefix table (a count of jours ouvrés is a difference
of ranks, a due date the jour ouvré of a rank), the motif from the same parts, in the
same order, as the row engine's. Every other row — a rejected or excluded
row, an ISO or Excel date, a time zone — goes through the row engine itself. The tests
compare the two engines byte for byte.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import importlib.util
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import attrs

from qualepref.calendar import WorkingCalendar
from qualepref.french_dates import holiday_text, long_date, short_date
from qualepref.output_files import atomic_path
from qualepref.referentiel.tracking_settings import Flow, ReplyKind
from qualepref.spreadsheet_text import FORMULA_START, NUMBER, header_cells, inert
from qualepref.table_files import is_summary_row
from qualepref.tracking.tallies import Tally
from qualepref.tracking.tracker import LONG_DELAY, RowStatus, TrackedRow, Tracker
from qualepref.tracking.writing import distinct_names
from qualepref.words import normalize

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "ColumnarRun",
    "delais_header",
    "importable",
    "polars_available",
    "run_columnar",
    "track_frame",
    "write_delais_rows",
]

_ORIGIN = dt.date(1950, 1, 1)
_SEPARATOR = "\x1f"  # the ASCII unit separator, between the parts of a key


@functools.cache
def importable(module: str) -> bool:
    """Whether an optional module can be imported (polars, fastexcel: the ``fast`` extra).

    Examples:
        >>> importable("csv"), importable("no_such_module_here")
        (True, False)
    """
    return importlib.util.find_spec(module) is not None


def polars_available() -> bool:
    """Whether polars can be imported (the ``fast`` extra).

    Examples:
        >>> isinstance(polars_available(), bool)
        True
    """
    return importable("polars")


@attrs.define
class ColumnarRun:
    """What a columnar run gives back to the command: the slow rows, for the report."""

    header: tuple[str, ...]
    """The file's column names."""
    rows: int
    """Rows read (blank lines excluded)."""
    blank_lines: int
    """Blank lines skipped."""
    slow: list[tuple[list[Any], TrackedRow]]
    """The rows the row engine handled (rejects among them), in file order."""
    sheet: str | None = None
    """The sheet read, for a workbook."""
    notes: list[str] = attrs.field(factory=list)
    """What the reading did that the report says (sheets, header row, summary rows)."""
    summary_rows: int = 0
    """Summary rows set apart (« Total »…): read, not records."""


def run_columnar(
    tracker: Tracker,
    path: Path,
    output: Path | None,
    tally: Tally,
    *,
    least_share: float = 0.0,
) -> ColumnarRun | None:
    """Track a whole CSV file with polars; ``None`` when the file is not eligible.

    Writes the délais to ``output`` (CSV, as the row engine writes them) and counts
    every row in ``tally``. ``least_share`` is the share of rows it must compute in
    columns to go on (``--engine auto`` asks for half): below it, the row engine,
    which streams, does better than one that holds the file only to hand it rows.
    """
    import polars as pl  # noqa: PLC0415 - optional dependency

    data = path.read_bytes()
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    end = data.find(b"\n", start)
    try:  # the rest is checked by polars, without a decoded copy of the file
        first_line = data[start : end if end >= 0 else len(data)].decode("utf-8")
    except UnicodeDecodeError:
        return None
    first_line = first_line.removesuffix("\r")
    if not first_line.strip() or "\r" in first_line:
        return None  # empty, or lines ended by a lone CR (old Mac): the row engine reads it
    separator, names = header_cells(first_line)
    if len(set(names)) != len(names):
        return None  # polars would rename the second « Canal »; the row engine reads the first
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    try:
        frame = pl.read_csv(
            data,
            separator=separator,
            infer_schema=False,
        )
    except pl.exceptions.PolarsError:
        return None  # not UTF-8, not CSV that polars reads, or cells beyond the header:
        # the row engine reports those
    del data  # the raw copy is parsed: let it go before the work starts
    if frame.height + 1 != lines:
        return None  # line breaks inside cells: line numbers would not match
    return track_frame(tracker, frame, output, tally, least_share=least_share)


def track_frame(  # noqa: PLR0911, PLR0912, PLR0913, PLR0915 - one pass of column operations
    tracker: Tracker,
    frame: pl.DataFrame,
    output: Path | None,
    tally: Tally,
    *,
    least_share: float,
    row_numbers: Sequence[int] | None = None,
    sheet: str | None = None,
    sink: Callable[[pl.DataFrame], None] | None = None,
) -> ColumnarRun | None:
    """Track a frame of text cells, one column per column of the file.

    ``row_numbers`` gives each row's number as a spreadsheet shows it (CSV: the line,
    the header being line 1); ``sheet`` is the sheet the rows come from. The délais go
    to ``output`` as a CSV file, or to ``sink`` as a table of text columns (the file's
    own, made inert, then :data:`~qualepref.tracking.writing.ADDED_COLUMNS`), which
    :func:`write_delais_rows` writes as the row engine would.
    """
    import polars as pl  # noqa: PLC0415 - optional dependency

    header = frame.columns
    try:
        rows = tracker.for_header(header)
    except Exception:
        return None
    if not _counters_distinct(tracker) or rows.has_time_columns:
        return None

    settings = tracker.settings
    calendar = tracker.calendar
    columns = [pl.col(name) for name in header]
    frame = frame.with_row_index("_n")

    def cell(index: int | None) -> pl.Expr:
        if index is None:
            return pl.lit(None, dtype=pl.String)
        return pl.col(header[index])

    zone = str(calendar.time_zone)

    def moment(expr: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
        """(datetime, has a time, written in a simple form or empty).

        Simple forms, within 1950–2100: ``JJ/MM/AAAA`` (10 bytes), ``JJ/MM/AAAA HH:MM``
        (16); ISO ``AAAA-MM-JJ`` (10), ``AAAA-MM-JJ HH:MM`` (16) and
        ``AAAA-MM-JJ HH:MM:SS`` (19), with a space or a ``T``; and mail exports' UTC
        ``AAAA-MM-JJTHH:MM:SSZ`` (20), read on the département's clock. Anything else
        goes to the row engine. The ISO forms are parsed only in a column that has some.
        """
        size = expr.str.len_bytes()
        iso = expr.str.slice(4, 1) == "-"
        padded = pl.when(size == 10).then(pl.concat_str(expr, pl.lit(" 00:00"))).otherwise(expr)
        french = padded.str.strptime(pl.Datetime("us"), "%d/%m/%Y %H:%M", strict=False)
        forms = [pl.when(~iso & ((size == 10) | (size == 16))).then(french)]
        found = frame.select(iso.any().alias("iso"), (iso & (size == 20)).any().alias("utc"))
        has_iso, has_utc = found.row(0)
        if has_iso:
            spaced = expr.str.replace("T", " ", literal=True)
            seconds = (
                pl.when(size == 10)
                .then(pl.concat_str(spaced, pl.lit(" 00:00:00")))
                .when(size == 16)
                .then(pl.concat_str(spaced, pl.lit(":00")))
                .otherwise(spaced)
            )
            local = seconds.str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S", strict=False)
            forms.append(pl.when(iso & ((size == 10) | (size == 16) | (size == 19))).then(local))
        if has_utc:
            utc = (
                expr.str.strptime(pl.Datetime("us", "UTC"), "%Y-%m-%dT%H:%M:%SZ", strict=False)
                .dt.convert_time_zone(zone)
                .dt.replace_time_zone(None)
            )
            forms.append(pl.when(iso & (size == 20)).then(utc))
        parsed = pl.coalesce(forms) if len(forms) > 1 else forms[0]
        parsed = pl.when(parsed.dt.year().is_between(1950, 2100)).then(parsed)
        return parsed, size > 10, expr.is_null() | parsed.is_not_null()

    received, received_timed, received_simple = moment(cell(rows._received))
    exprs: dict[str, pl.Expr] = {
        "_recu": received,
        "_recu_heure": received_timed,
        "_ok": received_simple & received.is_not_null(),
    }
    channel_words = {}
    if rows._channel is not None:
        for value in frame.get_column(header[rows._channel]).unique().to_list():
            text_value = "" if value is None else value.strip()
            found = settings.channel_of(text_value) if text_value else settings.default_channel
            channel_words[value] = found
        exprs["_canal"] = cell(rows._channel).replace_strict(
            channel_words, default=None, return_dtype=pl.String
        )
    else:
        exprs["_canal"] = pl.lit(settings.default_channel, dtype=pl.String)
    kinds: dict[str | None, str | None] = {}
    for number, (date_column, kind_column) in enumerate(rows.replies):
        parsed, timed, simple = moment(cell(date_column))
        kind_cell = cell(kind_column)
        if kind_column is not None:
            for value in frame.get_column(header[kind_column]).unique().to_list():
                found_kind = settings.reply_kind_of("" if value is None else value)
                kinds[value] = None if found_kind is None else found_kind.value
            kind = kind_cell.replace_strict(kinds, default=None, return_dtype=pl.String)
            kind_empty = kind_cell.is_null() | (kind_cell.str.strip_chars() == "")
        else:
            kind = pl.lit(settings.default_reply_kind.value)
            kind_empty = pl.lit(value=True)
        exprs[f"_r{number}"] = parsed
        exprs[f"_r{number}_heure"] = timed
        exprs[f"_k{number}"] = pl.when(parsed.is_not_null()).then(kind)
        exprs["_ok"] = (
            exprs["_ok"]
            & simple
            & (parsed.is_not_null() | kind_empty)
            & (parsed.is_null() | kind.is_not_null())
        )
    frame = frame.lazy().with_columns(**exprs).collect()  # lazy: shared parts computed once

    # Replies: after the receipt, and in chronological order from column to column.
    order_ok = pl.lit(value=True)
    previous: pl.Expr | None = None
    for number in range(len(rows.replies)):
        reply = pl.col(f"_r{number}")
        reply_day = reply.dt.date()
        both_timed = pl.col(f"_r{number}_heure") & pl.col("_recu_heure")
        before = (
            pl.when(both_timed)
            .then(reply < pl.col("_recu"))
            .otherwise(reply_day < pl.col("_recu").dt.date())
        )
        order_ok = order_ok & (reply.is_null() | ~before)
        if previous is not None:
            order_ok = order_ok & (reply.is_null() | previous.is_null() | (previous <= reply))
            previous = pl.coalesce(reply, previous)
        else:
            previous = reply
    known_channel = pl.col("_canal").is_not_null()  # unknown or empty: the row engine rejects it
    frame = frame.lazy().with_columns(_ok=pl.col("_ok") & order_ok & known_channel).collect()

    # Which flow takes the row: once per (channel, subject, service), through one key.
    service = cell(rows._service).fill_null("")
    key = pl.concat_str(
        [pl.col("_canal").fill_null(""), cell(rows._subject).fill_null(""), service],
        separator=_SEPARATOR,
    )
    frame = frame.with_columns(_service=service, _cle_flux=key)
    actives = list(tracker._active)
    flow_of: dict[str, int] = {}
    for value in frame.filter(pl.col("_ok")).get_column("_cle_flux").unique().to_list():
        parts = value.split(_SEPARATOR)
        if len(parts) != 3:  # the separator inside a cell: the row engine takes the row
            continue
        channel, subject_value, service_value = (part.strip() for part in parts)
        active = rows._flow_of(channel, subject_value, service_value)
        if active is not None and active.in_scope and not active.proposal:
            flow_of[value] = actives.index(active)  # (proposals: the row engine's)
    frame = frame.with_columns(
        _flux=pl.col("_cle_flux").replace_strict(flow_of, default=None, return_dtype=pl.Int64)
    )
    day = pl.col("_recu").dt.date()
    in_window = day <= tracker.as_of
    if tracker.period is not None:
        in_window = in_window & (day >= tracker.period.start) & (day <= tracker.period.end)
    frame = frame.with_columns(_ok=pl.col("_ok") & pl.col("_flux").is_not_null() & in_window)
    frame = frame.sort("_n")

    fast = frame.filter(pl.col("_ok"))
    if fast.height < least_share * frame.height:
        return None
    rest = frame.filter(~pl.col("_ok")).with_columns(
        _blank=pl.all_horizontal([c.is_null() | (c.str.strip_chars() == "") for c in columns])
    )
    slow_frame = rest.filter(~pl.col("_blank"))
    blanks = rest.filter(pl.col("_blank")).get_column("_n")
    blank_lines = blanks.len()

    # Fast rows, flow by flow.
    dates = [day.min().alias("_min"), day.max().alias("_max")] + [
        pl.col(f"_r{number}").dt.date().max().alias(f"_max{number}")
        for number in range(len(rows.replies))
    ]
    known: list[dt.date] = [tracker.as_of]
    if fast.height:
        known += [d for d in fast.select(dates).row(0) if d is not None]
    first_day = min(known) - dt.timedelta(days=7)
    last_day = max(known) + dt.timedelta(days=800)  # délais of up to 366 jours ouvrés
    if first_day < calendar.FIRST_DAY or last_day > calendar.LAST_DAY:
        return None
    span = _span(calendar, first_day, last_day)
    results: list[pl.DataFrame] = []
    tallies: list[pl.DataFrame] = []
    for index, active in enumerate(actives):
        part = fast.filter(pl.col("_flux") == index)
        if not part.height:
            continue
        measured = [
            _measure(part, flow, deadline, tracker, span=span, replies=len(rows.replies))
            for flow, deadline in ((active.flow, active.deadline), *active.secondaries)
        ]
        if any((m.get_column("_elapsed").max() or 0) > LONG_DELAY for m in measured):  # type: ignore[operator]
            return None  # the row engine flags such délais in the motif and the summary
        primary = measured[0]
        sample = pl.lit(value=False)
        for window in settings.samples:
            covered = (day >= window.start) & (day <= window.end)
            if window.services:
                sampled = {normalize(name) for name in window.services}
                wanted = [
                    v for v in part.get_column("_service").unique() if normalize(v) in sampled
                ]
                covered = covered & pl.col("_service").is_in(wanted)
            sample = sample | covered
        primary = _with_days_off(primary.with_columns(_sample=sample), tracker)
        motif = _motifs(
            active.flow,
            tracker,
            replies=len(rows.replies),
            span=(first_day, last_day),
        )
        results.append(
            primary.lazy()
            .select(
                "_n",
                _iso(pl.col("_j0"), (first_day, last_day)).alias("jour_zero"),
                _iso(pl.col("_due"), (first_day, last_day)).alias("echeance"),
                pl.lit(pl.Series(_NUMBERS, dtype=pl.String))
                .gather(pl.col("_elapsed"))
                .alias("delai_jours_ouvres"),
                pl.col("_statut").alias("statut"),
                motif.alias("motif"),
                pl.lit(active.flow.indicator).alias("indicateur"),
            )
            .collect()
        )
        months = (day.dt.year() * 12 + day.dt.month() - 1).alias("_mois")
        for position, (frame_of_flow, (flow, _deadline)) in enumerate(
            zip(measured, ((active.flow, active.deadline), *active.secondaries), strict=True)
        ):
            tallies.append(
                frame_of_flow.lazy()
                .with_columns(months, _sample=primary["_sample"], _statut0=primary["_statut"])
                .group_by("_mois", "_statut0")
                .agg(
                    rows=pl.len(),
                    in_time=(pl.col("_statut") == RowStatus.IN_TIME.value).sum(),
                    pending=(pl.col("_statut") == RowStatus.PENDING.value).sum(),
                    answered=pl.col("_elapsed").is_not_null().sum(),
                    delays=pl.col("_elapsed").sum(),
                    sample=pl.col("_sample").any(),
                )
                .with_columns(_flux=pl.lit(index), _position=pl.lit(position))
                .collect()
            )
            del flow

    # Summary rows (« Total »…) are the reader's to set apart: the row engine reads them.
    if any(
        is_summary_row(cells, rows._received) for cells in slow_frame.select(header).iter_rows()
    ):
        return None

    # Slow rows, through the row engine.
    slow: list[tuple[list[Any], TrackedRow]] = []
    slow_results: dict[str, list[Any]] = {
        "_n": [],
        "jour_zero": [],
        "echeance": [],
        "delai_jours_ouvres": [],
        "statut": [],
        "motif": [],
        "indicateur": [],
    }
    for values in slow_frame.select("_n", *header).iter_rows():
        number, cells = values[0], list(values[1:])
        row = rows.track(cells, number + 2 if row_numbers is None else row_numbers[number])
        slow.append((cells, row))
        slow_results["_n"].append(number)
        slow_results["jour_zero"].append(None if row.day_zero is None else row.day_zero.isoformat())
        slow_results["echeance"].append(None if row.due_date is None else row.due_date.isoformat())
        slow_results["delai_jours_ouvres"].append(None if row.elapsed is None else str(row.elapsed))
        slow_results["statut"].append(row.status.value)
        slow_results["motif"].append(row.reason)
        slow_results["indicateur"].append(row.indicator)
        tally.add(row)
    schema = {"_n": pl.UInt32, **{k: pl.String for k in slow_results if k != "_n"}}
    added = pl.concat(
        [
            *(r.with_columns(pl.col("_n").cast(pl.UInt32)) for r in results),
            pl.DataFrame(slow_results, schema=schema),
        ]
    )
    if tallies:
        _count_fast(tally, actives, pl.concat(tallies))
    if output is not None or sink is not None:
        own = frame.filter(~pl.col("_n").is_in(blanks.implode())).select(header)
        own.columns = distinct_names(header)
        results_text = added.sort("_n").drop("_n").with_columns(pl.col("motif").replace("", None))
        table = pl.concat([_inert_columns(own), results_text], how="horizontal")
        if sink is not None:
            sink(table)
        else:
            assert output is not None  # noqa: S101 - one of the two
            with atomic_path(output) as partial, partial.open("wb") as file:
                file.write(delais_header(table.columns))
                write_delais_rows(table, file)
    return ColumnarRun(
        header=tuple(header),
        rows=frame.height - blank_lines,
        blank_lines=blank_lines,
        slow=slow,
        sheet=sheet,
    )


def delais_header(names: Sequence[str]) -> bytes:
    r"""The first bytes of a délais CSV file: the BOM, then the header made inert.

    Examples:
        >>> delais_header(["Réf", "=x"])
        b"\xef\xbb\xbfR\xc3\xa9f;'=x\r\n"
    """
    names_text = io.StringIO()  # by the csv module, as the row engine writes it
    csv.writer(names_text, delimiter=";", lineterminator="\r\n").writerow(map(inert, names))
    return b"\xef\xbb\xbf" + names_text.getvalue().encode("utf-8")


def write_delais_rows(table: pl.DataFrame, file: BinaryIO) -> None:
    """Append a table of text cells to a délais CSV file, as the csv module writes rows."""
    table.write_csv(
        file,
        separator=";",
        line_terminator="\r\n",
        quote_style="necessary",
        null_value="",
        include_header=False,
    )


def _inert_columns(own: pl.DataFrame) -> pl.DataFrame:
    """The file's own cells as :func:`~qualepref.tracking.writing.cell_text` writes them."""
    import polars as pl  # noqa: PLC0415

    header = own.columns
    # Which columns have an empty text, which a text that may need an apostrophe: one
    # pass, so that the columns without either (most of them) are left as they are.
    risky = f"^'*{FORMULA_START[1:]}"
    found = own.select(
        *(pl.col(c).eq("").any().alias(f"e{i}") for i, c in enumerate(header)),
        *(pl.col(c).str.contains(risky).any().alias(f"r{i}") for i, c in enumerate(header)),
    ).row(0)
    emptied = [c for i, c in enumerate(header) if found[i]]
    formulas = [c for i, c in enumerate(header) if found[len(header) + i]]
    # The csv module writes an empty text as nothing; polars would write "".
    if emptied:
        own = own.with_columns(pl.col(c).replace("", None) for c in emptied)
    # Text a spreadsheet would run as a formula is made inert, as cell_text does.
    past = [pl.col(c).str.strip_chars_start("'") for c in formulas]  # past apostrophes
    return own.with_columns(
        pl.when(r.str.contains(FORMULA_START) & ~r.str.contains(NUMBER))
        .then(pl.concat_str(pl.lit("'"), pl.col(c)))
        .otherwise(pl.col(c))
        .alias(c)
        for c, r in zip(formulas, past, strict=True)
    )


def _counters_distinct(tracker: Tracker) -> bool:
    """Whether the flows measuring the same rows share no counter but ``received``."""
    for active in tracker._active:
        flows = [active.flow, *(flow for flow, _ in active.secondaries)]
        seen: set[str] = set()
        for flow in flows:
            names = {name for name in (flow.in_time, flow.answered, flow.delays) if name}
            if seen & names:
                return False
            seen |= names
    return True


@attrs.frozen
class _Span:
    """The calendar over the file's days, as columns: the prefix table, by day offset."""

    first: dt.date
    last: dt.date
    ranks: Any  # pl.Series: jours ouvrés from ``first`` to each day, that day included
    working: Any  # pl.Series: whether each day is a jour ouvré
    nth: Any  # pl.Series: nth[r], the jour ouvré of rank r (nth[0]: the day before ``first``)

    def offset(self, day: pl.Expr) -> pl.Expr:
        return (day - _lit(self.first)).dt.total_days()

    def rank(self, day: pl.Expr) -> pl.Expr:
        return _lit(self.ranks).gather(self.offset(day))

    def is_working(self, day: pl.Expr) -> pl.Expr:
        return _lit(self.working).gather(self.offset(day))

    def day_of_rank(self, rank: pl.Expr) -> pl.Expr:
        return _lit(self.nth).gather(rank)


def _lit(value: object) -> pl.Expr:
    import polars as pl  # noqa: PLC0415

    return pl.lit(value)


def _span(calendar: WorkingCalendar, first: dt.date, last: dt.date) -> _Span:
    import polars as pl  # noqa: PLC0415

    ranks: list[int] = []
    working: list[bool] = []
    nth = [first - dt.timedelta(days=1)]
    count = 0
    day = first
    while day <= last:
        is_working = calendar.is_working_day(day)
        if is_working:
            count += 1
            nth.append(day)
        ranks.append(count)
        working.append(is_working)
        day += dt.timedelta(days=1)
    return _Span(
        first,
        last,
        pl.Series(ranks, dtype=pl.Int64),
        pl.Series(working, dtype=pl.Boolean),
        pl.Series(nth, dtype=pl.Date),
    )


def _measure(  # noqa: PLR0913 - a flow and what its délai depends on
    part: pl.DataFrame,
    flow: Flow,
    deadline: int,
    tracker: Tracker,
    *,
    span: _Span,
    replies: int,
) -> pl.DataFrame:
    """Day 0, due date, first reply that counts, délai and status of one flow's rows.

    With the prefix table: a count of jours ouvrés is a difference of ranks, a due
    date the jour ouvré of a rank, as in :class:`~qualepref.WorkingCalendar`.
    """
    import polars as pl  # noqa: PLC0415

    received = pl.col("_recu")
    received_day = received.dt.date()
    kinds = [kind.value for kind in flow.replies]
    first: pl.Expr = pl.lit(None, dtype=pl.Datetime("us"))
    for number in range(replies - 1, -1, -1):
        counts = pl.col(f"_k{number}").is_in(kinds) & pl.col(f"_r{number}").is_not_null()
        first = pl.when(counts).then(pl.col(f"_r{number}")).otherwise(first)
    rank = span.rank(received_day)
    if tracker.cutoff is None:
        rank_zero = rank
        day_zero = received_day
    else:
        after = pl.col("_recu_heure") & (received.dt.time() >= tracker.cutoff)
        moved = after | ~span.is_working(received_day)
        rank_zero = pl.when(moved).then(rank + 1).otherwise(rank)
        day_zero = pl.when(moved).then(span.day_of_rank(rank + 1)).otherwise(received_day)
    answered = pl.col("_first").dt.date()
    frame = (
        part.lazy()
        .with_columns(_first=first, _j0=day_zero, _rang0=rank_zero)
        .with_columns(
            _due=span.day_of_rank(pl.col("_rang0") + deadline),
            _elapsed=pl.max_horizontal(span.rank(answered) - pl.col("_rang0"), 0),
            _late=span.rank(answered) - pl.col("_rang0") - deadline,
            _overdue=span.rank(pl.lit(tracker.as_of)) - pl.col("_rang0") - deadline,
        )
    )
    return frame.with_columns(
        _elapsed=pl.when(pl.col("_first").is_not_null()).then(pl.col("_elapsed")),
        _statut=pl.when(pl.col("_first").is_not_null())
        .then(
            pl.when(answered <= pl.col("_due"))
            .then(pl.lit(RowStatus.IN_TIME.value))
            .otherwise(pl.lit(RowStatus.LATE.value))
        )
        .when(pl.col("_due") >= tracker.as_of)
        .then(pl.lit(RowStatus.PENDING.value))
        .otherwise(pl.lit(RowStatus.OVERDUE.value)),
    ).collect()


def _with_days_off(frame: pl.DataFrame, tracker: Tracker) -> pl.DataFrame:
    """``_off``: the motif's « non compté : … », found once per (receipt day, last day)."""
    import polars as pl  # noqa: PLC0415

    last = pl.max_horizontal(pl.col("_due"), pl.col("_first").dt.date())
    overdue = pl.max_horizontal(pl.col("_due"), pl.lit(tracker.as_of))
    day = pl.col("_recu").dt.date()
    end = pl.when(pl.col("_statut") == RowStatus.OVERDUE.value).then(overdue).otherwise(last)
    # One integer key per (receipt day, last day): days since 1 January 1950, paired.
    key = (day - pl.lit(_ORIGIN)).dt.total_days() * 100_000 + (
        end - pl.lit(_ORIGIN)
    ).dt.total_days()
    frame = frame.with_columns(_cle=key)
    calendar = tracker.calendar
    texts: dict[int, str] = {}
    for value in frame.get_column("_cle").unique().to_list():
        first = _ORIGIN + dt.timedelta(days=value // 100_000)
        until = _ORIGIN + dt.timedelta(days=value % 100_000)
        found = [h for h in calendar.holidays_between(first, until) if h.date.weekday() < 5]
        if found:
            texts[value] = "non compté : " + ", ".join(holiday_text(h) for h in found)
    return frame.with_columns(
        _off=pl.col("_cle").replace_strict(texts, default=None, return_dtype=pl.String)
    )


@functools.lru_cache(maxsize=4)  # a span a chunk: a national run has hundreds
def _day_texts(first: dt.date, last: dt.date) -> tuple[tuple[str, ...], ...]:
    """Every day from ``first`` to ``last``: ``03/01/2022``, ``lundi 03/01/2022``, ISO."""
    days = [first + dt.timedelta(days=offset) for offset in range((last - first).days + 1)]
    return (
        tuple(map(short_date, days)),
        tuple(map(long_date, days)),
        tuple(day.isoformat() for day in days),
    )


def _text_of(expr: pl.Expr, span: tuple[dt.date, dt.date], which: int) -> pl.Expr:
    """A date column as text, by position in a table of the span's days.

    No strftime: a cast or a strftime formats each row, ten times slower than a look-up.
    """
    import polars as pl  # noqa: PLC0415

    texts = pl.Series(_day_texts(*span)[which], dtype=pl.String)
    offset = (expr - pl.lit(span[0])).dt.total_days()
    return pl.lit(texts).gather(offset)


def _iso(expr: pl.Expr, span: tuple[dt.date, dt.date]) -> pl.Expr:
    return _text_of(expr, span, 2)


def _fr(expr: pl.Expr, span: tuple[dt.date, dt.date]) -> pl.Expr:
    return _text_of(expr, span, 0)


def _long(expr: pl.Expr, span: tuple[dt.date, dt.date]) -> pl.Expr:
    return _text_of(expr, span, 1)


_NUMBERS = tuple(map(str, range(LONG_DELAY + 1)))  # délais beyond: the row engine's
_CLOCK = tuple(f"{hour:02}:{minute:02}" for hour in range(24) for minute in range(60))


def _clock(moment: pl.Expr) -> pl.Expr:
    """A datetime column's time as ``HH:MM``, by position in a table (no strftime)."""
    import polars as pl  # noqa: PLC0415

    minutes = moment.dt.hour().cast(pl.Int64) * 60 + moment.dt.minute().cast(pl.Int64)
    return pl.lit(pl.Series(_CLOCK, dtype=pl.String)).gather(minutes)


def _motifs(
    flow: Flow,
    tracker: Tracker,
    *,
    replies: int,
    span: tuple[dt.date, dt.date],
) -> pl.Expr:
    """The motif, from the same parts and in the same order as the row engine's."""
    import polars as pl  # noqa: PLC0415

    received = pl.col("_recu")
    received_day = received.dt.date()
    parts: list[pl.Expr] = []
    if tracker.cutoff is not None:
        after = pl.col("_recu_heure") & (received.dt.time() >= tracker.cutoff)
        cutoff = f"{tracker.cutoff:%H:%M}"
        parts.append(
            pl.when(after)
            .then(
                pl.concat_str(
                    pl.lit("reçu le "),
                    _long(received_day, span),
                    pl.lit(" à "),
                    _clock(received),
                    pl.lit(f", à ou après l'heure limite de {cutoff} : jour 0 le "),
                    _long(pl.col("_j0"), span),
                )
            )
            .when(pl.col("_j0") != received_day)
            .then(
                pl.concat_str(
                    pl.lit("reçu le "),
                    _long(received_day, span),
                    pl.lit(", jour non ouvré : jour 0 le "),
                    _long(pl.col("_j0"), span),
                )
            )
        )
    parts.append(pl.col("_off"))
    qualifying = [kind.value for kind in flow.replies]
    labels = {kind.value: kind.label for kind in ReplyKind}
    # Replies come in chronological order from column to column (checked): the scalar
    # loop's sort keeps that order, so a reply is quoted when no reply before it counts.
    counted_before: pl.Expr = pl.lit(value=False)
    for number in range(replies):
        reply = pl.col(f"_r{number}")
        kind = pl.col(f"_k{number}")
        shown = (
            pl.when(pl.col(f"_r{number}_heure"))
            .then(pl.concat_str(_fr(reply.dt.date(), span), pl.lit(" "), _clock(reply)))
            .otherwise(_fr(reply.dt.date(), span))
        )
        counts = reply.is_not_null() & kind.is_in(qualifying)
        parts.append(
            pl.when(reply.is_not_null() & ~kind.is_in(qualifying) & ~counted_before).then(
                pl.concat_str(
                    kind.replace_strict(labels, return_dtype=pl.String),
                    pl.lit(" du "),
                    shown,
                    pl.lit(f" non retenu : ne vaut pas réponse pour {flow.indicator}"),
                )
            )
        )
        counted_before = counted_before | counts

    def plural(count: pl.Expr) -> pl.Expr:
        return pl.concat_str(
            count.cast(pl.String),
            pl.when(count > 1).then(pl.lit(" jours ouvrés")).otherwise(pl.lit(" jour ouvré")),
        )

    late = pl.col("_late")
    overdue = pl.col("_overdue")
    parts.append(
        pl.when(pl.col("_statut") == RowStatus.LATE.value)
        .then(
            pl.concat_str(
                pl.lit("répondu "),
                plural(late),
                pl.lit(" après l'échéance du "),
                _fr(pl.col("_due"), span),
            )
        )
        .when(pl.col("_statut") == RowStatus.OVERDUE.value)
        .then(
            pl.concat_str(
                pl.lit(f"sans réponse au {tracker.as_of:%d/%m/%Y} : échéance du "),
                _fr(pl.col("_due"), span),
                pl.lit(" dépassée de "),
                plural(overdue),
            )
        )
    )
    return pl.concat_str(parts, separator=" ; ", ignore_nulls=True)


def _count_fast(tally: Tally, actives: Sequence[Any], counted: pl.DataFrame) -> None:
    """Add the fast rows to ``tally``, as :meth:`Tally.add` would, a month at a time."""
    import polars as pl  # noqa: PLC0415

    groups = (
        counted.group_by("_flux", "_position", "_mois")
        .agg(
            pl.col("rows", "in_time", "pending", "answered", "delays").sum(),
            pl.col("sample").any(),
        )
        .select("_flux", "_position", "_mois", "rows", "in_time", "pending", "answered",
                "delays", "sample")
    )  # fmt: skip
    statuses = (
        counted.filter(pl.col("_position") == 0)
        .group_by("_flux", "_statut0")
        .agg(pl.col("rows").sum())
    )
    for index, status, count in statuses.iter_rows():
        tally.summary.count_measured(RowStatus(status), actives[index].flow.indicator, count)
    for (
        index,
        position,
        month,
        rows,
        in_time,
        pending,
        answered,
        delays,
        sample,
    ) in groups.iter_rows():
        active = actives[index]
        flows = [active.flow, *(flow for flow, _ in active.secondaries)]
        # a row counts once in each "received" counter of its flows: with the first flow
        received = {flow.received: rows for flow in flows} if position == 0 else {}
        tally.add_month(
            flows[position],
            month,
            received=received,
            in_time=in_time,
            pending=pending,
            answered=answered,
            delays=delays or 0,
            sample=sample,
        )
