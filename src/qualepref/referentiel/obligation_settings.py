"""The rules of the échéancier, from ``qualepref/data/obligations.toml`` and ``[obligations]``.

A definitions file changes a rule under ``[obligations.<id>]``: its periodicity, its
delay after the period or after the label, its label, and more words for a pilotage
register.

Examples:
    >>> settings = default_obligations().merged({"copil": {"every": "semester"}})
    >>> next(r for r in settings.rules.periodic if r.id == "copil").every
    <Frequency.SEMESTER: 'semester'>
    >>> settings.kind_of("Réunion du COPIL"), settings.kind_of("Label obtenu")
    ('copil', 'labellisation')
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from typing import Any

import attrs
import tomli
from pydantic import Field, RootModel

from qualepref.obligations import Frequency, LabelRule, PeriodicRule, Rules
from qualepref.referentiel.base import Id, TableModel, Text, Words
from qualepref.words import normalize

__all__ = [
    "ObligationChange",
    "ObligationSettings",
    "ObligationsTable",
    "default_obligations",
]


class ObligationChange(TableModel):
    """A rule of the échéancier as a definitions file changes it.

    Examples:
        >>> ObligationChange(every="semester").every
        <Frequency.SEMESTER: 'semester'>
    """

    label: Text | None = None
    """How the échéancier names it."""
    every: Frequency | None = None
    """A periodic obligation's period: month, quarter, semester, year."""
    due_months_after: int | None = Field(default=None, ge=0, le=24)
    """A periodic obligation: due this many months after its period ends (0: by its end)."""
    months_after_label: int | None = Field(default=None, ge=1, le=120)
    """An obligation that follows the label: due this many months after the decision."""
    words: Words = ()
    """More words a pilotage register writes for it."""


class ObligationsTable(RootModel[dict[Id, ObligationChange]]):
    """The ``[obligations]`` table: a rule's changes under its id (``[obligations.copil]``).

    Examples:
        >>> ObligationsTable.model_validate({"clu": {"label": "CLU"}}).overrides()
        {'clu': {'label': 'CLU'}}
    """

    def overrides(self) -> dict[str, Any]:
        """What the table sets, to lay over the defaults."""
        return {key: change.model_dump(exclude_unset=True) for key, change in self.root.items()}


@attrs.frozen
class ObligationSettings:
    """The rules of the échéancier, and the words of a pilotage register.

    Examples:
        >>> settings = default_obligations()
        >>> [r.id for r in settings.rules.after_label]
        ['audit_suivi', 'renouvellement']
    """

    rules: Rules
    words: Mapping[str, tuple[str, ...]]
    """Each kind of event (an obligation's id, ``labellisation``, ``audit_externe``…) and
    the words written for it."""

    @functools.cached_property
    def _kinds(self) -> dict[str, str]:
        return {
            normalize(word): kind for kind, words in self.words.items() for word in (kind, *words)
        }

    def kind_of(self, text: str) -> str | None:
        """The kind of event a cell names, or ``None``.

        Examples:
            >>> default_obligations().kind_of("Audit de suivi"), default_obligations().kind_of("x")
            ('audit_suivi', None)
        """
        return self._kinds.get(normalize(text))

    def labels(self) -> dict[str, str]:
        """Each obligation's label, by id.

        Examples:
            >>> default_obligations().labels()["clu"]
            'Comité local des usagers (CLU)'
        """
        found = {rule.id: rule.label for rule in self.rules.periodic}
        return found | {rule.id: rule.label for rule in self.rules.after_label}

    def merged(self, overrides: Mapping[str, Any]) -> ObligationSettings:
        """These rules changed by an ``[obligations]`` table.

        Raises:
            ValueError: an unknown obligation, or a change that does not fit its kind.

        Examples:
            >>> changed = default_obligations().merged({"audit_suivi": {"months_after_label": 12}})
            >>> [r.months_after_label for r in changed.rules.after_label]
            [12, 36]
            >>> default_obligations().merged({"clu": {"months_after_label": 12}})
            Traceback (most recent call last):
            ...
            ValueError: [obligations.clu] : months_after_label ne vaut que pour un audit
        """
        periodic = {rule.id: rule for rule in self.rules.periodic}
        after_label = {rule.id: rule for rule in self.rules.after_label}
        words = {kind: list(found) for kind, found in self.words.items()}
        for key, raw in overrides.items():
            change = ObligationChange.model_validate(raw)
            if key in periodic:
                if change.months_after_label is not None:
                    msg = f"[obligations.{key}] : months_after_label ne vaut que pour un audit"
                    raise ValueError(msg)
                rule = periodic[key]
                periodic[key] = attrs.evolve(
                    rule,
                    label=change.label or rule.label,
                    every=change.every or rule.every,
                    due_months_after=(
                        rule.due_months_after
                        if change.due_months_after is None
                        else change.due_months_after
                    ),
                )
            elif key in after_label:
                if change.every is not None or change.due_months_after is not None:
                    msg = f"[obligations.{key}] : suit le label, sans période (months_after_label)"
                    raise ValueError(msg)
                label_rule = after_label[key]
                after_label[key] = attrs.evolve(
                    label_rule,
                    label=change.label or label_rule.label,
                    months_after_label=change.months_after_label or label_rule.months_after_label,
                )
            else:
                known = ", ".join([*periodic, *after_label])
                msg = f"[obligations.{key}] : obligation inconnue ({known})"
                raise ValueError(msg)
            words[key] = [*words.get(key, []), *change.words]
        return ObligationSettings(
            Rules(tuple(periodic.values()), tuple(after_label.values())),
            {kind: tuple(found) for kind, found in words.items()},
        )


@functools.cache
def default_obligations() -> ObligationSettings:
    """The shipped rules (``qualepref/data/obligations.toml``), read once.

    Examples:
        >>> [rule.id for rule in default_obligations().rules.periodic][:2]
        ['copil', 'affiche_transparence']
    """
    text = resources.files("qualepref").joinpath("data", "obligations.toml").read_text("utf-8")
    raw = tomli.loads(text)
    periodic = tuple(
        PeriodicRule(r["id"], r["label"], Frequency(r["every"]), r["due_months_after"], r["source"])
        for r in raw["periodic"]
    )
    after_label = tuple(
        LabelRule(r["id"], r["label"], r["months_after_label"], r["source"])
        for r in raw["after_label"]
    )
    words = {r["id"]: tuple(r["words"]) for r in (*raw["periodic"], *raw["after_label"])}
    words |= {kind: tuple(found) for kind, found in raw["events"].items()}
    return ObligationSettings(Rules(periodic, after_label), words)
