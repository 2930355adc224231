"""The échéancier: every obligation of the démarche with its due date and its state.

Two kinds of rules (their figures and sources live in ``qualepref/data/obligations.toml``):

- **periodic**: one per period (the COPIL each quarter, the CLU each year, the poster
  updated each quarter, the bilan annuel three months after its year). An occurrence is
  done by the first event of its kind in its window — the period itself, or, when it is
  due after the period ends, from the period's end to the due date;
- **after the label**: the follow-up audit 18 months after the label's decision, the
  renewal before its 3 years end; done by an event of its kind after the decision.

At a date d'arrêté each occurrence is ``fait`` (with its date), ``en_retard`` (due date
passed), ``a_faire`` (its window is open) or ``a_venir``. A due date falling on a day off
moves to the last jour ouvré before it (``due_day``, given by the caller's calendar): the
préfecture must be ready by then.

Pure functions: no file, no clock. :mod:`qualepref.pilotage_files` reads the events.
"""

from __future__ import annotations

import datetime as dt
import enum
from calendar import monthrange
from collections.abc import Callable, Iterable, Mapping

import attrs

from qualepref.improvement_plan import Action, ActionStatus, Progress, progress_on
from qualepref.periods import Month, Period, Quarter, Semester, Year
from qualepref.training import (
    Assignment,
    TrainingRule,
    TrainingState,
    months_after,
    next_training_due,
    training_state,
)

__all__ = [
    "DueState",
    "Event",
    "Frequency",
    "LabelRule",
    "Obligation",
    "PeriodicRule",
    "Rules",
    "plan_obligations",
    "schedule",
    "training_obligations",
]


class Frequency(enum.StrEnum):
    """How often a periodic obligation falls due."""

    MONTH = "month"
    QUARTER = "quarter"
    SEMESTER = "semester"
    YEAR = "year"

    def periods(self, year: int) -> tuple[Period, ...]:
        """The periods of ``year`` at this frequency.

        Examples:
            >>> [str(p) for p in Frequency.QUARTER.periods(2022)]
            ['2022-T1', '2022-T2', '2022-T3', '2022-T4']
        """
        if self is Frequency.MONTH:
            return tuple(Month(year, month) for month in range(1, 13))
        if self is Frequency.QUARTER:
            return tuple(Quarter(year, quarter) for quarter in range(1, 5))
        if self is Frequency.SEMESTER:
            return (Semester(year, 1), Semester(year, 2))
        return (Year(year),)


class DueState(enum.StrEnum):
    """Where an obligation stands at the date d'arrêté."""

    DONE = "fait"
    UPCOMING = "a_venir"
    TO_DO = "a_faire"
    OVERDUE = "en_retard"

    @property
    def label(self) -> str:
        """The state in French.

        Examples:
            >>> DueState.OVERDUE.label
            'en retard'
        """
        return _STATE_LABELS[self]


_STATE_LABELS = {
    DueState.DONE: "fait",
    DueState.UPCOMING: "à venir",
    DueState.TO_DO: "à faire",
    DueState.OVERDUE: "en retard",
}


@attrs.frozen
class PeriodicRule:
    """An obligation that comes back every period.

    Examples:
        >>> PeriodicRule("copil", "COPIL", Frequency.QUARTER).due_months_after
        0
    """

    id: str
    label: str
    every: Frequency
    due_months_after: int = 0
    """0: due by the end of the period; n: n months after it ends."""
    source: str = ""


@attrs.frozen
class LabelRule:
    """An obligation due a number of months after the label's decision.

    Examples:
        >>> LabelRule("audit_suivi", "Audit de suivi", 18).months_after_label
        18
    """

    id: str
    label: str
    months_after_label: int
    source: str = ""


LABEL = "labellisation"
"""The kind of the event that is the label's decision."""


@attrs.frozen
class Event:
    """Something that happened: a COPIL held, the poster updated, the label granted.

    Examples:
        >>> Event("copil", dt.date(2022, 3, 15), "revue des indicateurs du T4").kind
        'copil'
    """

    kind: str
    """The obligation's id (``copil``), or ``labellisation``, ``audit_externe``…"""
    day: dt.date
    note: str = ""
    where: str = ""
    """Where it is written (``pilotage.xlsx:4``), for messages."""


@attrs.frozen
class Obligation:
    """One occurrence of an obligation: when it is due, and where it stands.

    Examples:
        >>> rule = PeriodicRule("copil", "COPIL", Frequency.QUARTER)
        >>> (first, *_) = schedule(Rules((rule,)), [], dt.date(2022, 2, 1), year=2022)
        >>> first.key, first.due, first.state.label
        ('copil-2022-T1', datetime.date(2022, 3, 31), 'à faire')
    """

    key: str
    """Stable across exports: the rule and the period (``copil-2022-T1``), or the item."""
    kind: str
    """The rule's id, or ``plan`` / ``formation`` for a register's item."""
    label: str
    due: dt.date
    state: DueState
    done_on: dt.date | None = None
    opens: dt.date | None = None
    """When the obligation can be met: its window's first day."""
    source: str = ""
    note: str = ""


def _state(due: dt.date, opens: dt.date | None, done: dt.date | None, as_of: dt.date) -> DueState:
    if done is not None:
        return DueState.DONE
    if due < as_of:
        return DueState.OVERDUE
    if opens is None or opens <= as_of:
        return DueState.TO_DO
    return DueState.UPCOMING


@attrs.frozen
class Rules:
    """The rules of an échéancier: the periodic ones, and those that follow the label.

    Examples:
        >>> Rules((PeriodicRule("clu", "CLU", Frequency.YEAR),)).after_label
        ()
    """

    periodic: tuple[PeriodicRule, ...] = ()
    after_label: tuple[LabelRule, ...] = ()


def schedule(
    rules: Rules,
    events: Iterable[Event],
    as_of: dt.date,
    *,
    year: int,
    due_day: Callable[[dt.date], dt.date] = lambda day: day,
) -> tuple[Obligation, ...]:
    """The obligations of ``year`` with their state on ``as_of``, by due date.

    The periodic ones falling due in ``year``, and those of the latest label (whatever
    their year: the follow-up audit and the renewal are prepared long before). Events
    after ``as_of`` had not happened yet: they are left out. ``due_day`` moves a due date
    (to the last jour ouvré before a day off).

    Examples:
        >>> bilan = PeriodicRule("bilan_annuel", "Bilan annuel", Frequency.YEAR, 3)
        >>> audit = LabelRule("audit_suivi", "Audit de suivi", 18)
        >>> events = [Event("labellisation", dt.date(2022, 10, 27)),
        ...           Event("bilan_annuel", dt.date(2023, 3, 20))]
        >>> rules = Rules((bilan,), (audit,))
        >>> for item in schedule(rules, events, dt.date(2023, 6, 1), year=2023):
        ...     print(item.key, item.due, item.state.label, item.done_on)
        bilan_annuel-2022 2023-03-31 fait 2023-03-20
        audit_suivi-2022-10-27 2024-04-27 à faire None
    """
    known = sorted((e for e in events if e.day <= as_of), key=lambda e: e.day)
    found: list[Obligation] = []
    for rule in rules.periodic:
        own = [e.day for e in known if e.kind == rule.id]
        for period in (*rule.every.periods(year - 1), *rule.every.periods(year)):
            due = due_day(
                _month_end(months_after(period.end.replace(day=1), rule.due_months_after))
            )
            if due.year != year:
                continue
            opens = period.start if rule.due_months_after == 0 else period.end + _DAY
            done = next((day for day in own if opens <= day <= due), None)
            found.append(
                Obligation(
                    key=f"{rule.id}-{period}",
                    kind=rule.id,
                    label=f"{rule.label} — {_period_text(period)}",
                    due=due,
                    state=_state(due, opens, done, as_of),
                    done_on=done,
                    opens=opens,
                    source=rule.source,
                )
            )
    labels = [e.day for e in known if e.kind == LABEL]
    if labels:
        granted = labels[-1]
        for label_rule in rules.after_label:
            due = due_day(months_after(granted, label_rule.months_after_label))
            done = next((e.day for e in known if e.kind == label_rule.id and e.day > granted), None)
            found.append(
                Obligation(
                    key=f"{label_rule.id}-{granted.isoformat()}",
                    kind=label_rule.id,
                    label=f"{label_rule.label} (label du {granted:%d/%m/%Y})",
                    due=due,
                    state=_state(due, granted, done, as_of),
                    done_on=done,
                    opens=granted,
                    source=label_rule.source,
                )
            )
    return tuple(sorted(found, key=lambda o: (o.due, o.key)))


_DAY = dt.timedelta(days=1)


def _month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month (a period's obligations fall due at a month's end)."""
    return day.replace(day=monthrange(day.year, day.month)[1])


def _period_text(period: Period) -> str:
    if isinstance(period, Quarter):
        return f"{period.quarter}{'er' if period.quarter == 1 else 'e'} trimestre {period.year}"
    if isinstance(period, Semester):
        return f"{period.semester}{'er' if period.semester == 1 else 'd'} semestre {period.year}"
    if isinstance(period, Month):
        return f"{period.month:02d}/{period.year}"
    return f"année {period.year}"


def plan_obligations(actions: Iterable[Action], as_of: dt.date) -> tuple[Obligation, ...]:
    """The open actions of the plan d'amélioration that have an échéance, as obligations.

    An action done or abandoned on ``as_of``, created after it, or without an échéance is
    not one.

    Examples:
        >>> plan = [Action("12", "Boucle auditive", ActionStatus.TO_DO, module=1,
        ...                pilot="Accueil", due=dt.date(2022, 6, 30)),
        ...         Action("13", "SVI", ActionStatus.DONE, due=dt.date(2022, 6, 30),
        ...                done=dt.date(2022, 5, 2))]
        >>> [(o.key, o.state.value) for o in plan_obligations(plan, dt.date(2022, 7, 1))]
        [('plan-12', 'en_retard')]
    """
    found = []
    for action in actions:
        progress = progress_on(action, as_of)
        if (
            action.due is None
            or progress in {None, Progress.DONE}
            or action.status is ActionStatus.ABANDONED
        ):
            continue
        pilot = f" (pilote : {action.pilot})" if action.pilot else ""
        found.append(
            Obligation(
                key=f"plan-{action.number}",
                kind="plan",
                label=f"Plan d'amélioration, n° {action.number} : {action.title}{pilot}",
                due=action.due,
                state=_state(action.due, action.created, None, as_of),
                opens=action.created,
            )
        )
    return tuple(found)


def training_obligations(
    assignments: Iterable[Assignment],
    as_of: dt.date,
    rule: TrainingRule,
    *,
    labels: Mapping[str, str],
) -> tuple[Obligation, ...]:
    """The trainings due within the year or overdue, one per agent and role.

    Examples:
        >>> agent = Assignment("M0102", "accueil_physique", started=dt.date(2021, 9, 1),
        ...                    tutorat=dt.date(2021, 9, 6))
        >>> (due,) = training_obligations([agent], dt.date(2022, 1, 1), TrainingRule(),
        ...                               labels={"accueil_physique": "accueil physique"})
        >>> due.key, due.due, due.state.value, due.note
        ('formation-M0102-accueil_physique', datetime.date(2022, 9, 1), 'a_faire', \
'sous tutorat depuis le 06/09/2021')
    """
    found = []
    for assignment in assignments:
        state = training_state(assignment, as_of, rule)
        if state is TrainingState.UP_TO_DATE:
            continue
        due = next_training_due(assignment, rule, as_of)
        role = labels.get(assignment.role, assignment.role)
        note = ""
        if state is TrainingState.TUTORED and assignment.tutorat is not None:
            note = f"sous tutorat depuis le {assignment.tutorat:%d/%m/%Y}"
        found.append(
            Obligation(
                key=f"formation-{assignment.agent}-{assignment.role}",
                kind="formation",
                label=f"Formation de {assignment.agent} ({role})",
                due=due,
                state=DueState.OVERDUE if due < as_of else DueState.TO_DO,
                note=note,
            )
        )
    return tuple(found)
