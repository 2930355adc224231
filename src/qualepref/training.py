"""Agents' training and tutorat: when each agent is due, and the tables a bilan publishes.

The référentiel's rule (its figures live in ``qualepref/data/training.toml``): an agent
doing accueil work is trained « dans l'année qui suit leur prise de poste, puis tous les 4
ans au minimum. Dans l'attente, du tutorat pourra être mis en place. » The same applies
to the telephone, website and social-network agents; the référent qualité is trained or
shows experience.

One :class:`Assignment` is one agent in one role. At a date d'arrêté its next due date
is the later of « prise de poste + 1 year » and « last training + 4 years » (the first
alone when never trained, the second alone when the prise de poste is unknown), and its
state is:

- ``en_retard``: the due date has passed;
- ``a_former``: due within the year that starts on the date d'arrêté (from 01/01/2022:
  by 31/12/2022);
- ``sous_tutorat``: either of the two, but a tutorat has begun: it covers the wait;
- ``a_jour``: otherwise.

A training dated after the date d'arrêté had not happened yet on that date: it is left
out, and the register keeps no earlier one, so the délai runs from the prise de poste.

Pure functions: no file, no clock. :mod:`qualepref.training_files` reads a register.
"""

from __future__ import annotations

import datetime as dt
import enum
from calendar import monthrange
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import attrs

from qualepref.errors import QualeprefError
from qualepref.french_dates import short_date

__all__ = [
    "Assignment",
    "TrainingError",
    "TrainingReport",
    "TrainingRow",
    "TrainingRule",
    "TrainingState",
    "months_after",
    "next_training_due",
    "training_report",
    "training_state",
    "training_state_text",
    "training_table",
    "tutorat_table",
]


class TrainingError(QualeprefError):
    """An assignment that cannot be (no date at all, a tutorat before the prise de poste)."""


class TrainingState(enum.StrEnum):
    """Where an agent stands at the date d'arrêté, for one role."""

    UP_TO_DATE = "a_jour"
    DUE = "a_former"
    OVERDUE = "en_retard"
    TUTORED = "sous_tutorat"


@attrs.frozen
class TrainingRule:
    """The référentiel's rule: first training within a time of the prise de poste, renewals.

    Examples:
        >>> rule = TrainingRule()
        >>> rule.first_months, rule.renewal_months, rule.notice_months
        (12, 48, 12)
    """

    first_months: int = 12
    """The first training is due this many months after the prise de poste."""
    renewal_months: int = 48
    """Then again at most this many months after the last one."""
    notice_months: int = 12
    """Due within this many months after the date d'arrêté: « à former »."""
    source: str = ""
    """Where the rule is written."""


def months_after(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` calendar months on, the day kept or the month's last.

    A date beyond the calendar's last year is its last day (never an error).

    Examples:
        >>> months_after(dt.date(2020, 2, 29), 48), months_after(dt.date(2021, 1, 31), 1)
        (datetime.date(2024, 2, 29), datetime.date(2021, 2, 28))
        >>> months_after(dt.date(9998, 6, 1), 48)
        datetime.date(9999, 12, 31)
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


@attrs.frozen
class Assignment:
    """One agent in one role, as the training register gives it.

    Raises:
        TrainingError: neither a prise de poste nor a last training (no due date can be
            known), or a tutorat begun before the prise de poste.

    Examples:
        >>> agent = Assignment("A12", "accueil_physique", service="Accueil général",
        ...                    started=dt.date(2021, 9, 1))
        >>> next_training_due(agent, TrainingRule())
        datetime.date(2022, 9, 1)
    """

    agent: str
    """The agent as the register names them (matricule, initials)."""
    role: str
    """The role's id: ``accueil_physique``, ``cert_fraude``…"""
    service: str = ""
    started: dt.date | None = None
    """The prise de poste."""
    last_training: dt.date | None = None
    """The last training for the role."""
    theme: str = ""
    """What that training was."""
    tutorat: dt.date | None = None
    """When a tutorat began, if one did."""
    planned: dt.date | None = None
    """When the next training is planned, if it is."""

    def __attrs_post_init__(self) -> None:
        if self.started is None and self.last_training is None:
            msg = (
                "ni prise de poste ni dernière formation : indiquez au moins la date de prise "
                "de poste, d'où part le délai de la première formation"
            )
            raise TrainingError(msg)
        if self.tutorat is not None and self.started is not None and self.tutorat < self.started:
            msg = (
                f"le tutorat ({self.tutorat:%d/%m/%Y}) commence avant la prise de poste "
                f"({self.started:%d/%m/%Y}) : corrigez l'une ou l'autre"
            )
            raise TrainingError(msg)


def _known_training(assignment: Assignment, as_of: dt.date | None) -> dt.date | None:
    last = assignment.last_training
    return None if last is None or (as_of is not None and last > as_of) else last


def next_training_due(
    assignment: Assignment, rule: TrainingRule, as_of: dt.date | None = None
) -> dt.date:
    """The date by which ``assignment`` must be trained (as known on ``as_of``).

    Examples:
        >>> rule = TrainingRule()
        >>> agent = Assignment("B", "accueil_physique", started=dt.date(2020, 3, 2),
        ...                    last_training=dt.date(2020, 11, 5))
        >>> next_training_due(agent, rule)
        datetime.date(2024, 11, 5)
        >>> next_training_due(agent, rule, as_of=dt.date(2020, 6, 30))  # not trained yet
        datetime.date(2021, 3, 2)
    """
    last = _known_training(assignment, as_of)
    renewal = None if last is None else months_after(last, rule.renewal_months)
    first = (
        None if assignment.started is None else months_after(assignment.started, rule.first_months)
    )
    candidates = [day for day in (renewal, first) if day is not None]
    if not candidates:  # a training after the date d'arrêté, and no prise de poste
        assert as_of is not None  # noqa: S101 - Assignment requires one of the two dates
        return as_of
    return max(candidates)


def training_state(assignment: Assignment, as_of: dt.date, rule: TrainingRule) -> TrainingState:
    """Where ``assignment`` stands on ``as_of``.

    Examples:
        >>> rule, day = TrainingRule(), dt.date(2022, 1, 1)
        >>> late = Assignment("C", "accueil_physique", started=dt.date(2019, 5, 6))
        >>> training_state(late, day, rule)
        <TrainingState.OVERDUE: 'en_retard'>
        >>> training_state(attrs.evolve(late, tutorat=dt.date(2021, 12, 1)), day, rule)
        <TrainingState.TUTORED: 'sous_tutorat'>
    """
    due = next_training_due(assignment, rule, as_of)
    if due >= months_after(as_of, rule.notice_months):  # from 01/01/2022: by 31/12/2022
        return TrainingState.UP_TO_DATE
    if assignment.tutorat is not None and assignment.tutorat <= as_of:
        return TrainingState.TUTORED
    return TrainingState.OVERDUE if due < as_of else TrainingState.DUE


def training_state_text(assignment: Assignment, as_of: dt.date, rule: TrainingRule) -> str:
    """The state in words, with its date: « à former avant le 01/09/2022 ».

    Examples:
        >>> rule, day = TrainingRule(), dt.date(2022, 1, 1)
        >>> agent = Assignment("D", "accueil_physique", started=dt.date(2021, 9, 1),
        ...                    planned=dt.date(2022, 3, 15))
        >>> training_state_text(agent, day, rule)
        'à former avant le 01/09/2022 (prévue le 15/03/2022)'
    """
    due = next_training_due(assignment, rule, as_of)
    state = training_state(assignment, as_of, rule)
    if state is TrainingState.UP_TO_DATE:
        text = f"à jour (prochaine formation avant le {short_date(due)})"
    elif state is TrainingState.DUE:
        text = f"à former avant le {short_date(due)}"
    elif state is TrainingState.OVERDUE:
        text = f"en retard depuis le {short_date(due)}"
    else:
        assert assignment.tutorat is not None  # noqa: S101 - TUTORED has a tutorat
        began = short_date(assignment.tutorat)
        text = f"sous tutorat depuis le {began}, formation due le {short_date(due)}"
    if assignment.planned is not None and state is not TrainingState.UP_TO_DATE:
        text += f" (prévue le {short_date(assignment.planned)})"
    return text


@attrs.frozen
class TrainingRow:
    """A row of the training table: agents concerned, and those to train within the year.

    Examples:
        >>> TrainingRow("accueil_physique", "Accueil physique", 49, 45).share
        0.9183673469387755
    """

    key: str
    label: str
    concerned: int
    """Agents in the role."""
    due: int
    """Of them, to train within the year: overdue, due, or waiting under a tutorat."""

    @property
    def share(self) -> float | None:
        """Due ÷ concerned; ``None`` (sans objet) for a role of no agent."""
        return self.due / self.concerned if self.concerned else None


def training_table(
    assignments: Iterable[Assignment],
    as_of: dt.date,
    rule: TrainingRule,
    *,
    labels: Mapping[str, str],
) -> tuple[tuple[TrainingRow, ...], TrainingRow]:
    """« Agents concernés / devant suivre une formation dans l'année », by role, and total.

    Roles come in ``labels``' order (those with no agent left out), then any other.

    Examples:
        >>> rule, day = TrainingRule(), dt.date(2022, 1, 1)
        >>> team = [Assignment("A", "rq", last_training=dt.date(2021, 6, 1)),
        ...         Assignment("B", "cert", started=dt.date(2021, 3, 1))]
        >>> rows, total = training_table(team, day, rule, labels={"cert": "CERT", "rq": "RQ"})
        >>> [(r.label, r.concerned, r.due) for r in rows], (total.concerned, total.due)
        ([('CERT', 1, 1), ('RQ', 1, 0)], (2, 1))
    """
    states = [(a.role, training_state(a, as_of, rule)) for a in assignments]
    return _table(states, labels)


def _table(
    states: Sequence[tuple[str, TrainingState]], labels: Mapping[str, str]
) -> tuple[tuple[TrainingRow, ...], TrainingRow]:
    concerned = Counter(role for role, _ in states)
    due = Counter(role for role, state in states if state is not TrainingState.UP_TO_DATE)
    order = [key for key in labels if key in concerned]
    order.extend(sorted(key for key in concerned if key not in labels))
    rows = tuple(TrainingRow(key, labels.get(key, key), concerned[key], due[key]) for key in order)
    total = TrainingRow("total", "Total", sum(concerned.values()), sum(due.values()))
    return rows, total


def tutorat_table(assignments: Iterable[Assignment], as_of: dt.date) -> dict[str, int]:
    """Tutorats begun on or before ``as_of``, by service: one per agent and start date.

    An agent in two roles under the same tutorat counts once.

    Examples:
        >>> day = dt.date(2022, 1, 1)
        >>> team = [Assignment("A", "accueil_physique", service="CERT PC",
        ...                    started=dt.date(2021, 9, 1), tutorat=dt.date(2021, 9, 6)),
        ...         Assignment("A", "accueil_telephonique", service="CERT PC",
        ...                    started=dt.date(2021, 9, 1), tutorat=dt.date(2021, 9, 6))]
        >>> tutorat_table(team, day)
        {'CERT PC': 1}
    """
    seen = {
        (a.service, a.agent, a.tutorat)
        for a in assignments
        if a.tutorat is not None and a.tutorat <= as_of
    }
    counts = Counter(service for service, _, _ in seen)
    return dict(sorted(counts.items()))


@attrs.frozen
class TrainingReport:
    """What a bilan says of training at a date d'arrêté: only counts, never a name.

    Examples:
        >>> day = dt.date(2022, 1, 1)
        >>> report = training_report([Assignment("A", "rq", started=dt.date(2021, 6, 1))],
        ...                          day, TrainingRule(), labels={"rq": "RQ"})
        >>> report.total.due, report.states[TrainingState.DUE]
        (1, 1)
    """

    as_of: dt.date
    rows: tuple[TrainingRow, ...]
    """Agents concerned and to train within the year, by role."""
    total: TrainingRow
    states: Mapping[TrainingState, int]
    """How many assignments are in each state."""
    tutorats: Mapping[str, int]
    """Tutorats begun, by service."""
    rule: TrainingRule


def training_report(
    assignments: Iterable[Assignment],
    as_of: dt.date,
    rule: TrainingRule,
    *,
    labels: Mapping[str, str],
) -> TrainingReport:
    """The training table, the states and the tutorats at ``as_of``.

    Examples:
        >>> day = dt.date(2022, 1, 1)
        >>> team = [Assignment("A", "rq", last_training=dt.date(2021, 6, 1)),
        ...         Assignment("B", "rq", started=dt.date(2020, 6, 1))]
        >>> report = training_report(team, day, TrainingRule(), labels={"rq": "RQ"})
        >>> report.total.due, report.states[TrainingState.OVERDUE]
        (1, 1)
    """
    assignments = tuple(assignments)
    pairs = [(a.role, training_state(a, as_of, rule)) for a in assignments]
    rows, total = _table(pairs, labels)
    states = Counter(state for _, state in pairs)
    return TrainingReport(
        as_of=as_of,
        rows=rows,
        total=total,
        states={state: states[state] for state in TrainingState},
        tutorats=tutorat_table(assignments, as_of),
        rule=rule,
    )
