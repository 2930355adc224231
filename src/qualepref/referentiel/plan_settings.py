"""How ``qualepref plan`` reads a plan d'amélioration: its columns and its words.

The shipped words (``qualepref/data/plan.toml``: statuses, sources and their labels) are
the defaults; the ``[plan]`` table of a definitions file renames columns, adds words to a
status or a source, and adds sources of its own.

Examples:
    >>> settings = default_plan().merged({"columns": {"title": "Intitulé"},
    ...                                   "sources": {"audit_interne": "audit qualité"}})
    >>> settings.columns.title, settings.columns.status
    ('Intitulé', 'Statut')
    >>> settings.source_of("Audit qualité"), settings.status_of("Soldée")
    ('audit_interne', <ActionStatus.DONE: 'fait'>)
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from typing import Any, Self

import tomli
from pydantic import ConfigDict, Field, model_validator

from qualepref.improvement_plan import ActionStatus
from qualepref.referentiel.base import Id, TableModel, Text, Words, add_words
from qualepref.words import normalize

__all__ = ["PlanColumns", "PlanSettings", "PlanTable", "default_plan"]


class PlanColumns(TableModel):
    """The register's column names for each thing qualepref reads.

    Names are compared without regard to case, accents or spacing.

    Examples:
        >>> PlanColumns(title="Intitulé de l'action").status
        'Statut'
    """

    title: Text = "Action"
    """What is to be done (required); its row is the header row."""
    status: Text = "Statut"
    """à faire, en cours, fait, abandonné, reporté (required)."""
    module: Text = "Module"
    """1 to 7, « Module 1 », « M1 », or « Pilotage » (required)."""
    number: Text = "N°"
    """The action's number (optional: the row number stands for it)."""
    source: Text = "Source"
    """Where the action comes from (optional: « non renseignée »)."""
    engagement: Text = "Engagement"
    """The engagement served, a number of the référentiel (optional)."""
    pilot: Text = "Pilote"
    """Who carries it (optional)."""
    created: Text = "Date de création"
    """When it entered the plan (optional: from the start)."""
    due: Text = "Échéance"
    """Its échéance (optional: never overdue)."""
    done: Text = "Date de réalisation"
    """When it was done: required for « fait », refused otherwise."""


class PlanTable(TableModel):
    """A ``[plan]`` table as written in a definitions file, before it meets the defaults.

    Examples:
        >>> PlanTable.model_validate({"sources": {"copil": ["comité de pilotage"]}}).sources
        {'copil': ('comité de pilotage',)}
    """

    model_config = ConfigDict(title="[plan]")

    columns: PlanColumns = PlanColumns()
    """The register's column names."""
    statuses: dict[ActionStatus, Words] = Field(default_factory=dict)
    """Words typed in the status column, added to the shipped ones, by status."""
    sources: dict[Id, Words] = Field(default_factory=dict)
    """Words typed in the source column, by source: added to a shipped source's, or a
    source of the préfecture's own."""
    source_labels: dict[Id, Text] = Field(default_factory=dict)
    """How the tables name a source (a source of its own is named by its id otherwise)."""

    def overrides(self) -> dict[str, Any]:
        """What the table sets, to lay over the defaults (:meth:`PlanSettings.merged`).

        Examples:
            >>> PlanTable.model_validate({"columns": {"title": "Intitulé"}}).overrides()
            {'columns': {'title': 'Intitulé'}}
        """
        return self.model_dump(exclude_unset=True)


class PlanSettings(TableModel):
    """The words and columns ``qualepref plan`` uses: the defaults, or a file's own.

    Examples:
        >>> default_plan().status_of("Réalisée"), default_plan().status_of("peut-être")
        (<ActionStatus.DONE: 'fait'>, None)
    """

    model_config = ConfigDict(title="plan settings")

    columns: PlanColumns = PlanColumns()
    statuses: dict[ActionStatus, Words] = Field(default_factory=dict)
    sources: dict[Id, Words] = Field(default_factory=dict)
    source_labels: dict[Id, Text] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_meaning_per_word(self) -> Self:
        for kind, table in (("statut", self.statuses), ("source", self.sources)):
            seen: dict[str, str] = {}
            for key, words in table.items():
                for word in (key, *words):
                    other = seen.setdefault(normalize(word), key)
                    if other != key:
                        msg = f"le mot {word!r} désigne deux {kind}s : {other} et {key}"
                        raise ValueError(msg)
        return self

    @functools.cached_property
    def _status_words(self) -> Mapping[str, ActionStatus]:
        words = {normalize(status.value): status for status in ActionStatus}
        words |= {normalize(status.label): status for status in ActionStatus}
        for status, spelled in self.statuses.items():
            words |= {normalize(word): status for word in spelled}
        return words

    @functools.cached_property
    def _source_words(self) -> Mapping[str, str]:
        return {
            normalize(word): source
            for source, words in self.sources.items()
            for word in (source, *words, self.source_labels.get(source, source))
        }

    def status_of(self, text: str) -> ActionStatus | None:
        """The status a cell names, or ``None`` when no status has that word.

        Examples:
            >>> default_plan().status_of("Non commencé"), default_plan().status_of("bof")
            (<ActionStatus.TO_DO: 'a_faire'>, None)
        """
        return self._status_words.get(normalize(text))

    def source_of(self, text: str) -> str | None:
        """The source a cell names, or ``None`` when no source has that word.

        Examples:
            >>> default_plan().source_of("Appels mystères"), default_plan().source_of("x")
            ('enquete_mystere', None)
        """
        return self._source_words.get(normalize(text))

    def source_label(self, source: str) -> str:
        """How the tables name ``source``.

        Examples:
            >>> default_plan().source_label("clu"), default_plan().source_label("copil")
            ('Comité local des usagers', 'copil')
        """
        return self.source_labels.get(source, source)

    def status_words(self) -> list[str]:
        """Every word the status column may hold, for messages.

        Examples:
            >>> default_plan().status_words()[:3]
            ['à faire', 'en cours', 'fait']
        """
        return [status.label for status in ActionStatus]

    def merged(self, overrides: Mapping[str, Any]) -> PlanSettings:
        """These settings changed by a ``[plan]`` table: columns renamed, words added.

        Raises:
            pydantic.ValidationError: the result is not valid (a word meaning two things).

        Examples:
            >>> default_plan().merged({"statuses": {"fait": ["OK"]}}).status_of("ok")
            <ActionStatus.DONE: 'fait'>
        """
        data = self.model_dump()
        for key, value in overrides.items():
            if key == "columns":
                data["columns"] = {**data["columns"], **value}
            elif key in {"statuses", "sources"}:
                data[key] = add_words(data[key], value)
            else:
                data[key] = {**data[key], **value}
        return PlanSettings.model_validate(data)


@functools.cache
def default_plan() -> PlanSettings:
    """The shipped settings (``qualepref/data/plan.toml``), read once.

    Examples:
        >>> len(default_plan().sources), default_plan().columns.number
        (11, 'N°')
    """
    text = resources.files("qualepref").joinpath("data", "plan.toml").read_text("utf-8")
    return PlanSettings.model_validate(tomli.loads(text))
