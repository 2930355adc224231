"""The plan d'amélioration's core: what an action counts as at a date, and the tables."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualepref.improvement_plan import (
    Action,
    ActionStatus,
    PlanError,
    Progress,
    module_key,
    plan_counters,
    plan_report,
    progress_on,
    realisation_table,
    source_key,
)

END = dt.date(2022, 12, 31)


def test_a_done_action_counts_from_its_date_of_realisation() -> None:
    action = Action(
        "1", "SVI", ActionStatus.DONE, created=dt.date(2022, 1, 3), done=dt.date(2022, 7, 1)
    )
    assert progress_on(action, dt.date(2022, 1, 2)) is None  # not in the plan yet
    assert progress_on(action, dt.date(2022, 6, 30)) is Progress.IN_PROGRESS
    assert progress_on(action, dt.date(2022, 7, 1)) is Progress.DONE


@pytest.mark.parametrize(
    ("status", "progress"),
    [
        (ActionStatus.TO_DO, Progress.NOT_DONE),
        (ActionStatus.IN_PROGRESS, Progress.IN_PROGRESS),
        (ActionStatus.ABANDONED, Progress.NOT_DONE),
        (ActionStatus.POSTPONED, Progress.NOT_DONE),
    ],
)
def test_each_status_counts_in_one_column(status: ActionStatus, progress: Progress) -> None:
    assert progress_on(Action("1", "x", status), END) is progress


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": ActionStatus.DONE}, "« fait » sans date de réalisation"),
        (
            {"status": ActionStatus.IN_PROGRESS, "done": END},
            "date de réalisation (31/12/2022) sur une action « en cours »",
        ),
        (
            {"status": ActionStatus.TO_DO, "created": END, "due": dt.date(2022, 6, 1)},
            "l'échéance (01/06/2022) précède la date de création (31/12/2022)",
        ),
        (
            {"status": ActionStatus.DONE, "created": END, "done": dt.date(2022, 6, 1)},
            "la date de réalisation (01/06/2022) précède la date de création",
        ),
    ],
)
def test_impossible_actions_are_refused(fields: dict[str, object], message: str) -> None:
    with pytest.raises(PlanError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Action("1", "x", **fields)  # type: ignore[arg-type]


def test_the_loire_atlantique_module_rows() -> None:
    # The bilan 2022's table (seed 003): each row's rate as it prints it.
    plan = []
    for module, done, in_progress, not_done in ((1, 65, 14, 14), (2, 4, 0, 0), (4, 1, 0, 3)):
        plan += [Action("d", "x", ActionStatus.DONE, module=module, done=END)] * done
        plan += [Action("e", "x", ActionStatus.IN_PROGRESS, module=module)] * in_progress
        plan += [Action("n", "x", ActionStatus.TO_DO, module=module)] * not_done
    plan += [Action("p", "x", ActionStatus.DONE, done=END)] * 25
    plan += [Action("p", "x", ActionStatus.IN_PROGRESS)] * 4
    plan += [Action("p", "x", ActionStatus.POSTPONED)] * 5
    table = realisation_table(plan, END, by=module_key, labels={"1": "M1", "2": "M2"})
    rates = [(row.key, round(row.rate * 100)) for row in table.rows if row.rate is not None]
    assert rates == [("1", 70), ("2", 100), ("4", 25), ("pilotage", 74)]
    total = table.total
    # the columns sum to 95/18/22; the bilan's « Total » row prints 95/15/25
    assert (total.done, total.in_progress, total.not_done, total.total) == (95, 18, 22, 135)
    assert round(total.rate * 100) == 70


def test_a_table_of_no_action_is_sans_objet() -> None:
    table = realisation_table([], END, by=module_key, labels={"1": "M1"})
    assert table.rows == ()
    assert table.total.rate is None
    assert table.total.share(0) is None


def test_overdue_carried_over_abandoned_and_not_yet() -> None:
    plan = [
        Action("1", "a", ActionStatus.TO_DO, due=dt.date(2022, 6, 30)),
        Action("2", "b", ActionStatus.IN_PROGRESS, due=dt.date(2023, 3, 1)),
        Action("3", "c", ActionStatus.ABANDONED, due=dt.date(2022, 6, 30)),
        Action("4", "d", ActionStatus.DONE, due=dt.date(2022, 6, 30), done=dt.date(2023, 1, 9)),
        Action("5", "e", ActionStatus.TO_DO, created=dt.date(2023, 1, 2)),
    ]
    report = plan_report(plan, END, module_labels={}, source_labels={})
    assert [a.number for a in report.overdue] == ["1", "4"]  # « 4 » was done late, in 2023
    assert [a.number for a in report.carried_over] == ["1", "2", "4"]
    assert [a.number for a in report.abandoned] == ["3"]
    assert [a.number for a in report.not_yet] == ["5"]
    assert report.by_module.total.total == 4


def test_the_counters_are_taken_at_the_end_of_the_year_or_earlier() -> None:
    plan = [
        Action("1", "a", ActionStatus.DONE, done=dt.date(2022, 11, 2)),
        Action("2", "b", ActionStatus.DONE, done=dt.date(2023, 2, 1)),
        Action("3", "c", ActionStatus.TO_DO),
    ]
    assert plan_counters(plan, 2022, dt.date(2023, 6, 30)) == {
        "actions_faites": 1,
        "actions_en_cours": 1,
        "actions_non_faites": 1,
    }
    assert plan_counters(plan, 2022, dt.date(2022, 10, 31))["actions_faites"] == 0
    assert plan_counters(plan, 2023, dt.date(2023, 6, 30))["actions_faites"] == 2


days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2025, 12, 31))


@st.composite
def actions(draw: st.DrawFn) -> Action:
    status = draw(st.sampled_from(ActionStatus))
    created = draw(st.none() | days)
    later = st.dates(min_value=created or dt.date(2020, 1, 1), max_value=dt.date(2026, 12, 31))
    return Action(
        str(draw(st.integers(1, 500))),
        "x",
        status,
        module=draw(st.none() | st.integers(1, 7)),
        source=draw(st.none() | st.sampled_from(["agents", "audit_interne", "clu"])),
        created=created,
        due=draw(st.none() | later),
        done=draw(later) if status is ActionStatus.DONE else None,
    )


@given(st.lists(actions(), max_size=60), days)
def test_the_tables_always_sum_to_the_actions_in_the_plan(plan: list[Action], day: dt.date) -> None:
    report = plan_report(plan, day, module_labels={"1": "M1"}, source_labels={"clu": "CLU"})
    in_plan = sum(1 for a in plan if a.created is None or a.created <= day)
    for table in (report.by_module, report.by_source):
        assert sum(row.total for row in table.rows) == table.total.total == in_plan
        assert all(row.total > 0 for row in table.rows)
        assert all(0 <= row.rate <= 1 for row in table.rows if row.rate is not None)
    assert in_plan + len(report.not_yet) == len(plan)
    assert {module_key(a) for a in plan if a not in report.not_yet} == {
        row.key for row in report.by_module.rows
    }
    assert {source_key(a) for a in plan if a not in report.not_yet} == {
        row.key for row in report.by_source.rows
    }
    assert set(report.overdue) <= set(report.carried_over)
    counters = plan_counters(plan, day.year, day)
    assert sum(counters.values()) == in_plan
