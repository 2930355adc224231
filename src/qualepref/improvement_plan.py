"""The plan d'amélioration: its actions, and what a bilan reports of it at a date d'arrêté.

Each action has a status (à faire, en cours, fait, abandonné, reporté), a module (or the
pilotage), a source (audit, enquête, agents…) and its dates. At a date d'arrêté, each
action counts as **faite**, **en cours** or **non faite** — the three columns of the
bilan's « taux de réalisation » table:

- « fait » with its date of realisation on or before the date: faite; done after it: en
  cours at that date (the register knows when it was done, not when it began);
- « en cours »: en cours; « à faire », « reporté », « abandonné »: non faite;
- an action created after the date is not yet in the plan: left out, and counted.

The taux de réalisation is faites ÷ all actions (en cours count as not done); a table
with no action is « sans objet ». What is not done and not abandoned carries over to the
next year; what is also past its échéance is overdue.

Pure functions: no file, no clock. :mod:`qualepref.plan_files` reads a register.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

import attrs

from qualepref.errors import QualeprefError

__all__ = [
    "DONE_COUNTER",
    "IN_PROGRESS_COUNTER",
    "NOT_DONE_COUNTER",
    "PLAN_INDICATOR",
    "Action",
    "ActionStatus",
    "PlanError",
    "PlanReport",
    "PlanRow",
    "Progress",
    "RealisationTable",
    "module_key",
    "plan_counters",
    "plan_report",
    "progress_on",
    "realisation_table",
    "source_key",
]

PLAN_INDICATOR = "plan_amelioration_realisation"
"""The indicator whose counters the plan gives, unless the definitions name another."""
DONE_COUNTER = "actions_faites"
IN_PROGRESS_COUNTER = "actions_en_cours"
NOT_DONE_COUNTER = "actions_non_faites"


class PlanError(QualeprefError):
    """An action that cannot be (a « fait » without its date, an échéance before creation…)."""


class ActionStatus(enum.StrEnum):
    """An action's status, as its register says it today."""

    TO_DO = "a_faire"
    IN_PROGRESS = "en_cours"
    DONE = "fait"
    ABANDONED = "abandonne"
    POSTPONED = "reporte"

    @property
    def label(self) -> str:
        """The status in French.

        Examples:
            >>> ActionStatus.POSTPONED.label
            'reporté'
        """
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    ActionStatus.TO_DO: "à faire",
    ActionStatus.IN_PROGRESS: "en cours",
    ActionStatus.DONE: "fait",
    ActionStatus.ABANDONED: "abandonné",
    ActionStatus.POSTPONED: "reporté",
}


class Progress(enum.StrEnum):
    """What an action counts as at a date: the columns of the realisation table."""

    DONE = "faites"
    IN_PROGRESS = "en_cours"
    NOT_DONE = "non_faites"


@attrs.frozen
class Action:
    """One action of the plan d'amélioration.

    Raises:
        PlanError: « fait » without its date of realisation, a date of realisation on an
            action not « fait », an échéance or a realisation before the creation.

    Examples:
        >>> action = Action("12", "Installer une boucle auditive", ActionStatus.DONE,
        ...                 module=1, source="audit_externe",
        ...                 created=dt.date(2022, 3, 1), done=dt.date(2022, 9, 30))
        >>> progress_on(action, dt.date(2022, 6, 30)), progress_on(action, dt.date(2022, 12, 31))
        (<Progress.IN_PROGRESS: 'en_cours'>, <Progress.DONE: 'faites'>)
        >>> Action("13", "x", ActionStatus.DONE)
        Traceback (most recent call last):
        ...
        qualepref.improvement_plan.PlanError: « fait » sans date de réalisation : indiquez-la
    """

    number: str
    """Its number in the register (or its row, when the register numbers none)."""
    title: str
    """What is to be done."""
    status: ActionStatus
    """Its status today."""
    module: int | None = None
    """The module it improves; ``None`` for the pilotage of the démarche."""
    source: str | None = None
    """Where it comes from (a source id: ``audit_externe``…); ``None`` when not given."""
    engagement: int | None = None
    """The engagement it serves, when given."""
    pilot: str = ""
    """Who carries it."""
    created: dt.date | None = None
    """When it entered the plan; ``None``: from the start."""
    due: dt.date | None = None
    """Its échéance."""
    done: dt.date | None = None
    """When it was done (« fait » only)."""

    def __attrs_post_init__(self) -> None:
        if self.status is ActionStatus.DONE and self.done is None:
            raise PlanError("« fait » sans date de réalisation : indiquez-la")
        if self.status is not ActionStatus.DONE and self.done is not None:
            msg = (
                f"date de réalisation ({self.done:%d/%m/%Y}) sur une action « "
                f"{self.status.label} » : mettez le statut à « fait », ou videz la date"
            )
            raise PlanError(msg)
        for name, day in (("l'échéance", self.due), ("la date de réalisation", self.done)):
            if day is not None and self.created is not None and day < self.created:
                msg = (
                    f"{name} ({day:%d/%m/%Y}) précède la date de création "
                    f"({self.created:%d/%m/%Y}) : corrigez l'une ou l'autre"
                )
                raise PlanError(msg)


def progress_on(action: Action, day: dt.date) -> Progress | None:
    """What ``action`` counts as on ``day``; ``None`` when it was created after it.

    Examples:
        >>> late = Action("1", "x", ActionStatus.TO_DO, created=dt.date(2023, 1, 5))
        >>> progress_on(late, dt.date(2022, 12, 31)) is None
        True
        >>> progress_on(late, dt.date(2023, 1, 5))
        <Progress.NOT_DONE: 'non_faites'>
    """
    if action.created is not None and action.created > day:
        return None
    if action.status is ActionStatus.DONE:
        assert action.done is not None  # noqa: S101 - Action refuses « fait » without a date
        return Progress.DONE if action.done <= day else Progress.IN_PROGRESS
    if action.status is ActionStatus.IN_PROGRESS:
        return Progress.IN_PROGRESS
    return Progress.NOT_DONE


@attrs.frozen
class PlanRow:
    """A row of a realisation table: faites, en cours, non faites, and the rate.

    Examples:
        >>> row = PlanRow("1", "Module 1", 65, 14, 14)
        >>> row.total, round(row.rate, 3)
        (93, 0.699)
        >>> PlanRow("2", "Module 2", 0, 0, 0).rate is None
        True
    """

    key: str
    """What the row groups by: a module's number, ``pilotage``, a source id, ``total``."""
    label: str
    """The row's name as the table prints it."""
    done: int
    in_progress: int
    not_done: int

    @property
    def total(self) -> int:
        """Every action of the row."""
        return self.done + self.in_progress + self.not_done

    @property
    def rate(self) -> float | None:
        """Faites ÷ total; ``None`` (sans objet) for a row of no action."""
        return self.done / self.total if self.total else None

    def share(self, of: int) -> float | None:
        """The row's part of ``of`` actions; ``None`` (sans objet) when ``of`` is 0.

        Examples:
            >>> PlanRow("agents", "Agents", 10, 5, 4).share(135)
            0.14074074074074075
        """
        return self.total / of if of else None


@attrs.frozen
class RealisationTable:
    """The realisation table: a row per module (or source), and the total row.

    Examples:
        >>> row = PlanRow("4", "Module 4", 1, 0, 3)
        >>> table = RealisationTable((row,), PlanRow("total", "Total", 1, 0, 3))
        >>> table.total.rate
        0.25
    """

    rows: tuple[PlanRow, ...]
    total: PlanRow


def realisation_table(
    actions: Iterable[Action],
    day: dt.date,
    *,
    by: Callable[[Action], str],
    labels: Mapping[str, str],
) -> RealisationTable:
    """The realisation table on ``day``, with a row per value of ``by`` in ``labels``' order.

    Rows for keys of ``labels`` with no action are left out; a key missing from
    ``labels`` comes last, under its own name. The total row is the sum of the rows.

    Examples:
        >>> day = dt.date(2022, 12, 31)
        >>> plan = [Action("1", "x", ActionStatus.DONE, module=1, done=day),
        ...         Action("2", "y", ActionStatus.TO_DO, module=1),
        ...         Action("3", "z", ActionStatus.IN_PROGRESS)]
        >>> table = realisation_table(plan, day, by=module_key, labels={"1": "Module 1",
        ...                           "pilotage": "Pilotage"})
        >>> [(r.label, r.done, r.in_progress, r.not_done) for r in table.rows]
        [('Module 1', 1, 0, 1), ('Pilotage', 0, 1, 0)]
        >>> table.total.total, table.total.rate
        (3, 0.3333333333333333)
    """
    counts: dict[str, Counter[Progress]] = {}
    for action in actions:
        progress = progress_on(action, day)
        if progress is not None:
            counts.setdefault(by(action), Counter())[progress] += 1
    order = [key for key in labels if key in counts]
    order.extend(sorted(key for key in counts if key not in labels))
    rows = tuple(
        PlanRow(
            key,
            labels.get(key, key),
            counts[key][Progress.DONE],
            counts[key][Progress.IN_PROGRESS],
            counts[key][Progress.NOT_DONE],
        )
        for key in order
    )
    total = PlanRow(
        "total",
        "Total",
        sum(row.done for row in rows),
        sum(row.in_progress for row in rows),
        sum(row.not_done for row in rows),
    )
    return RealisationTable(rows, total)


def module_key(action: Action) -> str:
    """The key an action's module row has: its number, or ``pilotage``.

    Examples:
        >>> module_key(Action("1", "x", ActionStatus.TO_DO, module=4))
        '4'
    """
    return "pilotage" if action.module is None else str(action.module)


def source_key(action: Action) -> str:
    """The key an action's source row has: the source id, or ``non_renseignee``.

    Examples:
        >>> source_key(Action("1", "x", ActionStatus.TO_DO))
        'non_renseignee'
    """
    return action.source or "non_renseignee"


@attrs.frozen
class PlanReport:
    """What a bilan says of the plan at a date d'arrêté (built by :func:`plan_report`).

    Examples:
        >>> day = dt.date(2022, 12, 31)
        >>> report = plan_report([Action("1", "x", ActionStatus.POSTPONED)], day,
        ...                      module_labels={}, source_labels={})
        >>> report.by_module.total.not_done, len(report.carried_over)
        (1, 1)
    """

    as_of: dt.date
    """The date d'arrêté."""
    by_module: RealisationTable
    """Faites, en cours, non faites and the rate, by module then pilotage."""
    by_source: RealisationTable
    """The same by source; each row's share of the plan is ``row.share(total)``."""
    overdue: tuple[Action, ...]
    """Not done at the date, not abandoned, and past their échéance."""
    carried_over: tuple[Action, ...]
    """Not done at the date and not abandoned: what the next year inherits."""
    abandoned: tuple[Action, ...]
    """Abandoned: counted as non faites, never carried over."""
    not_yet: tuple[Action, ...]
    """Created after the date: not in the plan yet, left out of every table."""


def plan_report(
    actions: Iterable[Action],
    as_of: dt.date,
    *,
    module_labels: Mapping[str, str],
    source_labels: Mapping[str, str],
) -> PlanReport:
    """Everything a bilan reports of the plan at ``as_of``.

    Examples:
        >>> day = dt.date(2022, 12, 31)
        >>> plan = [Action("1", "x", ActionStatus.DONE, module=1, done=day),
        ...         Action("2", "y", ActionStatus.TO_DO, module=1, due=dt.date(2022, 6, 30)),
        ...         Action("3", "z", ActionStatus.ABANDONED, source="agents")]
        >>> report = plan_report(plan, day, module_labels={}, source_labels={})
        >>> [a.number for a in report.overdue], [a.number for a in report.carried_over]
        (['2'], ['2'])
        >>> report.by_source.total.total, [r.key for r in report.by_source.rows]
        (3, ['agents', 'non_renseignee'])
    """
    actions = tuple(actions)
    in_plan = [(a, p) for a in actions if (p := progress_on(a, as_of)) is not None]
    waiting = tuple(
        a for a, p in in_plan if p is not Progress.DONE and a.status is not ActionStatus.ABANDONED
    )
    return PlanReport(
        as_of=as_of,
        by_module=realisation_table(actions, as_of, by=module_key, labels=module_labels),
        by_source=realisation_table(actions, as_of, by=source_key, labels=source_labels),
        overdue=tuple(a for a in waiting if a.due is not None and a.due < as_of),
        carried_over=waiting,
        abandoned=tuple(a for a, _ in in_plan if a.status is ActionStatus.ABANDONED),
        not_yet=tuple(a for a in actions if progress_on(a, as_of) is None),
    )


def plan_counters(actions: Iterable[Action], year: int, as_of: dt.date) -> dict[str, int]:
    """The counters of the plan for ``year``: at its end, or at ``as_of`` if earlier.

    Examples:
        >>> plan = [Action("1", "x", ActionStatus.DONE, done=dt.date(2023, 2, 1)),
        ...         Action("2", "y", ActionStatus.IN_PROGRESS)]
        >>> plan_counters(plan, 2022, dt.date(2023, 3, 31))
        {'actions_faites': 0, 'actions_en_cours': 2, 'actions_non_faites': 0}
    """
    day = min(as_of, dt.date(year, 12, 31))
    total = realisation_table(actions, day, by=lambda _: "plan", labels={}).total
    return {
        DONE_COUNTER: total.done,
        IN_PROGRESS_COUNTER: total.in_progress,
        NOT_DONE_COUNTER: total.not_done,
    }
