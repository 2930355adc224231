"""How ``qualepref formations`` reads a training register: its columns, roles and rule.

The shipped settings (``qualepref/data/training.toml``: the référentiel's rule, the roles
and their words) are the defaults; the ``[training]`` table of a definitions file renames
columns, adds words to a role, and adds roles of its own.

Examples:
    >>> settings = default_training().merged({"columns": {"agent": "Matricule"},
    ...                                       "roles": {"instruction_titres": "titres"}})
    >>> settings.columns.agent, settings.role_of("Titres"), settings.role_of("RQ")
    ('Matricule', 'instruction_titres', 'referent_qualite')
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from typing import Any, Self

import tomli
from pydantic import ConfigDict, Field, model_validator

from qualepref.referentiel.base import Id, TableModel, Text, Words, add_words
from qualepref.training import TrainingRule
from qualepref.words import normalize

__all__ = [
    "RuleTable",
    "TrainingColumns",
    "TrainingSettings",
    "TrainingTable",
    "default_training",
]


class TrainingColumns(TableModel):
    """The register's column names for each thing qualepref reads.

    Names are compared without regard to case, accents or spacing.

    Examples:
        >>> TrainingColumns(agent="Matricule").role
        'Rôle'
    """

    agent: Text = "Agent"
    """Who (matricule, initials…) (required); its row is the header row."""
    role: Text = "Rôle"
    """Accueil physique, accueil téléphonique, CERT fraude… (required)."""
    started: Text = "Prise de poste"
    """When the agent took the post (required unless the last training is given)."""
    last_training: Text = "Dernière formation"
    """The date of the last training for the role (optional: never trained)."""
    service: Text = "Service"
    """The agent's service (optional)."""
    theme: Text = "Thème"
    """What the last training was (optional)."""
    tutorat: Text = "Début du tutorat"
    """When a tutorat began (optional)."""
    planned: Text = "Formation prévue"
    """When the next training is planned (optional)."""


class RuleTable(TableModel):
    """The training rule in months (the référentiel's: 12, 48, 12).

    Examples:
        >>> RuleTable().to_rule().renewal_months
        48
    """

    first_months: int = Field(default=12, ge=1, le=120)
    """The first training is due this many months after the prise de poste."""
    renewal_months: int = Field(default=48, ge=1, le=240)
    """Then again at most this many months after the last one."""
    notice_months: int = Field(default=12, ge=0, le=60)
    """« à former »: due within this many months after the date d'arrêté."""
    source: str = ""
    """Where the rule is written."""

    def to_rule(self) -> TrainingRule:
        """The rule as :mod:`qualepref.training` applies it.

        Examples:
            >>> RuleTable(first_months=6).to_rule().first_months
            6
        """
        return TrainingRule(self.first_months, self.renewal_months, self.notice_months, self.source)


class TrainingTable(TableModel):
    """A ``[training]`` table as written in a definitions file, before it meets the defaults.

    Examples:
        >>> TrainingTable.model_validate({"roles": {"titres": "instruction"}}).roles
        {'titres': ('instruction',)}
    """

    model_config = ConfigDict(title="[training]")

    columns: TrainingColumns = TrainingColumns()
    """The register's column names."""
    rule: RuleTable = RuleTable()
    """The rule, in months, when the préfecture's differs (it should not)."""
    roles: dict[Id, Words] = Field(default_factory=dict)
    """Words typed in the role column, by role: added to a shipped role's, or a role of
    the préfecture's own."""
    role_labels: dict[Id, Text] = Field(default_factory=dict)
    """How the tables name a role (a role of its own is named by its id otherwise)."""

    def overrides(self) -> dict[str, Any]:
        """What the table sets, to lay over the defaults (:meth:`TrainingSettings.merged`).

        Examples:
            >>> TrainingTable.model_validate({"columns": {"agent": "Nom"}}).overrides()
            {'columns': {'agent': 'Nom'}}
        """
        return self.model_dump(exclude_unset=True)


class TrainingSettings(TableModel):
    """The columns, rule and roles ``qualepref formations`` uses.

    Examples:
        >>> default_training().role_of("Standard"), default_training().role_of("cuisine")
        ('accueil_telephonique', None)
    """

    model_config = ConfigDict(title="training settings")

    columns: TrainingColumns = TrainingColumns()
    rule: RuleTable = RuleTable()
    roles: dict[Id, Words] = Field(default_factory=dict)
    role_labels: dict[Id, Text] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_meaning_per_word(self) -> Self:
        seen: dict[str, str] = {}
        for role, words in self.roles.items():
            for word in (role, *words, self.role_labels.get(role, role)):
                other = seen.setdefault(normalize(word), role)
                if other != role:
                    msg = f"le mot {word!r} désigne deux rôles : {other} et {role}"
                    raise ValueError(msg)
        return self

    @functools.cached_property
    def _role_words(self) -> Mapping[str, str]:
        return {
            normalize(word): role
            for role, words in self.roles.items()
            for word in (role, *words, self.role_labels.get(role, role))
        }

    def role_of(self, text: str) -> str | None:
        """The role a cell names, or ``None`` when no role has that word.

        Examples:
            >>> default_training().role_of("Référente qualité")
            'referent_qualite'
        """
        return self._role_words.get(normalize(text))

    def role_label(self, role: str) -> str:
        """How the tables name ``role``.

        Examples:
            >>> default_training().role_label("cert_fraude")
            'CERT (fraude)'
        """
        return self.role_labels.get(role, role)

    def labels(self) -> dict[str, str]:
        """Every role's label, in the order the tables list them.

        Examples:
            >>> list(default_training().labels())[:2]
            ['accueil_physique', 'accueil_telephonique']
        """
        return {role: self.role_label(role) for role in self.roles}

    def merged(self, overrides: Mapping[str, Any]) -> TrainingSettings:
        """These settings changed by a ``[training]`` table: columns renamed, words added.

        Raises:
            pydantic.ValidationError: the result is not valid (a word meaning two roles).

        Examples:
            >>> default_training().merged({"rule": {"notice_months": 6}}).rule.notice_months
            6
        """
        data = self.model_dump()
        for key, value in overrides.items():
            if key == "roles":
                data[key] = add_words(data[key], value)
            else:
                data[key] = {**data[key], **value}
        return TrainingSettings.model_validate(data)


@functools.cache
def default_training() -> TrainingSettings:
    """The shipped settings (``qualepref/data/training.toml``), read once.

    Examples:
        >>> default_training().rule.renewal_months, len(default_training().roles)
        (48, 5)
    """
    text = resources.files("qualepref").joinpath("data", "training.toml").read_text("utf-8")
    return TrainingSettings.model_validate(tomli.loads(text))
