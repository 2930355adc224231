"""Benchmark: counting jours ouvrés and computing due dates, against the alternatives.

Run by hand, from the repository root, after ``pip install -e '.[benchmark]'``::

    python benchmarks/calendar.py            # about a minute
    python benchmarks/calendar.py --quick    # a few seconds, for a smoke run

On the same fixed-seed (start, end) pairs and (start, n) due-date cases, all in the
metropolitan calendar, it times qualepref against workalendar, the ``holidays``
package's own working-day helpers and numpy's ``busday_count``/``busday_offset`` (one
call per pair, and vectorised), checks that every method agrees with qualepref on every
case (after shifting each to the "(start, end]" convention), and prints the cost per
call with ratios. The floor is a trivial Python function of two dates
(``b.toordinal() - a.toordinal()``): no Python-level call can beat it.
Figures are recorded in ``docs/performance.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from report import Report  # before the folder leaves sys.path

# Run as a script, this file's folder comes first on sys.path and its name would shadow
# the standard library's calendar module (imported by email, http, ...): drop the folder.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

import argparse
import datetime as dt
import gc
import random
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

import holidays
import numpy as np
from workalendar.europe import France as WorkalendarFrance

from qualepref import Deadline, WorkingCalendar

SEED = 20261122
ONE_DAY = dt.timedelta(days=1)


def make_pairs(count: int, max_span: int, rng: random.Random) -> list[tuple[dt.date, dt.date]]:
    """(start, end) pairs, starts uniform in 2015-2035, spans uniform in 0..max_span days."""
    first, last = dt.date(2015, 1, 1).toordinal(), dt.date(2035, 12, 31).toordinal()
    pairs = []
    for _ in range(count):
        start = rng.randint(first, last)
        pairs.append(
            (dt.date.fromordinal(start), dt.date.fromordinal(start + rng.randint(0, max_span)))
        )
    return pairs


def make_adds(count: int, rng: random.Random) -> list[tuple[dt.date, int]]:
    """(start, n) due-date cases, n uniform in 1..20 (n = 0 has different meanings)."""
    first, last = dt.date(2015, 1, 1).toordinal(), dt.date(2035, 11, 30).toordinal()
    return [
        (dt.date.fromordinal(rng.randint(first, last)), rng.randint(1, 20)) for _ in range(count)
    ]


def timed(function: Callable[[], Any], repeat: int) -> float:
    """Median wall time of ``repeat`` runs, garbage collector off."""
    function()  # warm-up
    runs = []
    for _ in range(repeat):
        gc.disable()
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
        gc.enable()
    return statistics.median(runs)


def run_pairs(
    method: Callable[[dt.date, dt.date], Any], pairs: Sequence[tuple[dt.date, dt.date]]
) -> list[Any]:
    """``method`` called on every pair."""
    return [method(a, b) for a, b in pairs]


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few cases, one repeat: a smoke run")
    parser.add_argument("--markdown", action="store_true", help="Markdown, for docs/performance.md")
    args = parser.parse_args(argv)
    report = Report(markdown=args.markdown)
    n_fast = 2_000 if args.quick else 100_000
    n_slow = 500 if args.quick else 10_000
    repeat = 1 if args.quick else 5
    rng = random.Random(SEED)
    pairs = make_pairs(n_fast, 30, rng)
    adds = make_adds(n_fast, rng)

    cal = WorkingCalendar.for_departement("75")
    years = range(2014, 2038)
    holiday_dates = [
        h.date for h in cal.holidays_between(dt.date(2014, 1, 1), dt.date(2037, 12, 31))
    ]
    busdaycal = np.busdaycalendar(holidays=np.array(holiday_dates, dtype="datetime64[D]"))
    workalendar = WorkalendarFrance()
    fr = holidays.France(years=years, language="fr")
    five = Deadline(5, cal)

    report.machine(("qualepref", "holidays", "workalendar", "numpy"))
    report.note(
        f"Metropolitan calendar, spans of 0–30 days: {n_fast:,} pairs for the fast methods, "
        f"the first {n_slow:,} for the slow ones; seed {SEED}; median of {repeat} run(s)."
    )

    def floor(a: dt.date, b: dt.date) -> int:
        return b.toordinal() - a.toordinal()

    def holidays_count(a: dt.date, b: dt.date) -> int:
        if a == b:
            return 0
        return fr.get_working_days_count(a + ONE_DAY, b)

    def numpy_count(a: dt.date, b: dt.date) -> int:
        return int(np.busday_count(a + ONE_DAY, b + ONE_DAY, busdaycal=busdaycal))

    starts = np.array([a.toordinal() for a, _ in pairs], dtype=np.int64)
    ends = np.array([b.toordinal() for _, b in pairs], dtype=np.int64)
    epoch = dt.date(1970, 1, 1).toordinal()
    # busday_count counts [begin, end): shifting both ends by one day gives (start, end].
    starts64 = (starts - epoch + 1).astype("datetime64[D]")
    ends64 = (ends - epoch + 1).astype("datetime64[D]")

    def numpy_vector_kernel() -> list[int]:
        return np.busday_count(starts64, ends64, busdaycal=busdaycal).tolist()  # type: ignore[no-any-return]

    def numpy_vector_with_conversion() -> list[int]:
        a = np.fromiter((x.toordinal() for x, _ in pairs), dtype=np.int64, count=len(pairs))
        b = np.fromiter((y.toordinal() for _, y in pairs), dtype=np.int64, count=len(pairs))
        a64 = (a - epoch + 1).astype("datetime64[D]")
        b64 = (b - epoch + 1).astype("datetime64[D]")
        return np.busday_count(a64, b64, busdaycal=busdaycal).tolist()  # type: ignore[no-any-return]

    reference = run_pairs(cal.working_days_between, pairs)
    count_methods: list[tuple[str, Callable[[], list[Any]], int]] = [
        ("floor: b.toordinal() - a.toordinal()", lambda: run_pairs(floor, pairs), n_fast),
        (
            "qualepref working_days_between",
            lambda: run_pairs(cal.working_days_between, pairs),
            n_fast,
        ),
        ("numpy busday_count, one call per pair", lambda: run_pairs(numpy_count, pairs), n_fast),
        ("numpy busday_count, vectorised kernel", numpy_vector_kernel, n_fast),
        ("numpy busday_count, vectorised incl. conversion", numpy_vector_with_conversion, n_fast),
        (
            "holidays get_working_days_count",
            lambda: run_pairs(holidays_count, pairs[:n_slow]),
            n_slow,
        ),
        (
            "workalendar get_working_days_delta",
            lambda: run_pairs(workalendar.get_working_days_delta, pairs[:n_slow]),
            n_slow,
        ),
    ]
    report.section("Count jours ouvrés in (start, end]")
    results = measure(count_methods, reference, repeat, report)

    def floor_add(a: dt.date, n: int) -> int:
        return a.toordinal() + n

    def holidays_add(a: dt.date, n: int) -> dt.date:
        return fr.get_nth_working_day(a, n)

    def numpy_add(a: dt.date, n: int) -> dt.date:
        return np.busday_offset(a, n, roll="backward", busdaycal=busdaycal).item()  # type: ignore[no-any-return]

    add_starts64 = (np.array([a.toordinal() for a, _ in adds], dtype=np.int64) - epoch).astype(
        "datetime64[D]"
    )
    offsets = np.array([n for _, n in adds], dtype=np.int64)

    def numpy_add_kernel() -> list[dt.date]:
        return np.busday_offset(
            add_starts64, offsets, roll="backward", busdaycal=busdaycal
        ).tolist()  # type: ignore[no-any-return]

    def run_adds(
        method: Callable[[dt.date, int], Any], cases: Sequence[tuple[dt.date, int]]
    ) -> list[Any]:
        return [method(a, n) for a, n in cases]

    def due_dates(cases: Sequence[tuple[dt.date, int]]) -> list[dt.date]:
        return [five.due_date(a) for a, _ in cases]

    add_reference = run_adds(cal.add_working_days, adds)
    add_methods: list[tuple[str, Callable[[], list[Any]], int]] = [
        ("floor: a.toordinal() + n", lambda: run_adds(floor_add, adds), n_fast),
        ("qualepref add_working_days", lambda: run_adds(cal.add_working_days, adds), n_fast),
        (
            "numpy busday_offset(roll='backward'), one call per case",
            lambda: run_adds(numpy_add, adds),
            n_fast,
        ),
        ("numpy busday_offset(roll='backward'), vectorised kernel", numpy_add_kernel, n_fast),
        ("holidays get_nth_working_day", lambda: run_adds(holidays_add, adds[:n_slow]), n_slow),
        (
            "workalendar add_working_days",
            lambda: run_adds(workalendar.add_working_days, adds[:n_slow]),
            n_slow,
        ),
    ]
    report.section("Due date: the n-th jour ouvré after start, n in 1..20")
    add_results = measure(add_methods, add_reference, repeat, report)

    stamped = [dt.datetime.combine(a, dt.time(n % 24, 30), tzinfo=dt.UTC) for a, n in adds]
    five_cutoff = Deadline(5, cal, cutoff=dt.time(17, 30))

    def due_dates_stamped() -> list[dt.date]:
        return [five_cutoff.due_date(moment) for moment in stamped]

    report.section("Deadline(5).due_date(received), the whole call")
    plain = timed(lambda: due_dates(adds), repeat) / n_fast * 1e9
    stamped_cost = timed(due_dates_stamped, repeat) / n_fast * 1e9
    report.table(
        ("received", "ns per receipt"),
        [
            ("a date, no cut-off", f"{plain:,.0f}"),
            ("a UTC datetime, 17:30 cut-off, on Paris's clock", f"{stamped_cost:,.0f}"),
        ],
    )

    ours_count = results["qualepref working_days_between"]
    ours_add = add_results["qualepref add_working_days"]
    report.section("Against the goals (0–30-day spans)")
    goals = [
        (
            "count vs workalendar",
            results["workalendar get_working_days_delta"] / ours_count,
            ">= 80x",
        ),
        (
            "count vs numpy per pair",
            results["numpy busday_count, one call per pair"] / ours_count,
            ">= 20x",
        ),
        ("count vs floor", ours_count / results["floor: b.toordinal() - a.toordinal()"], "<= 3x"),
        (
            "due date vs workalendar",
            add_results["workalendar add_working_days"] / ours_add,
            ">= 50x",
        ),
    ]
    report.table(
        ("measure", "measured", "goal"),
        [(label, f"{ratio:.1f}×", goal.replace("x", "×")) for label, ratio, goal in goals],
    )


def measure(
    methods: list[tuple[str, Callable[[], list[Any]], int]],
    reference: list[Any],
    repeat: int,
    report: Report,
) -> dict[str, float]:
    """Time each method, check it against ``reference``, print a table; ns per call by name.

    Row 0 is the floor (a trivial function, not checked), row 1 is qualepref.
    """
    costs: dict[str, float] = {}
    rows = []
    for index, (name, function, count) in enumerate(methods):
        disagree = None
        if index > 0:
            got = function()
            disagree = sum(1 for x, y in zip(got, reference, strict=False) if x != y)
        costs[name] = timed(function, repeat) / count * 1e9
        rows.append((name, count, disagree))
    ours = costs[methods[1][0]]
    report.table(
        ("method", "cases", "disagreements", "ns per call", "× qualepref"),
        [
            (
                f"**{name}**" if index == 1 and report.markdown else name,
                f"{count:,}",
                "–" if disagree is None else f"{disagree:,}",
                f"{costs[name]:,.0f}",
                f"{costs[name] / ours:.2f}",
            )
            for index, (name, count, disagree) in enumerate(rows)
        ],
    )
    return costs


if __name__ == "__main__":
    main()
