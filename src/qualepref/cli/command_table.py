"""The commands of ``qualepref``: for each, the module that runs it and its help line.

``qualepref --help`` lists every command from this table alone; a command being run
imports its own module only, so that ``qualepref validate`` does not load the calendar
and ``qualepref --version`` loads nothing.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["COMMANDS", "Command", "chosen_command"]


class Command(NamedTuple):
    """A command's module (in ``qualepref.cli``) and its one-line help."""

    module: str
    help: str


COMMANDS: dict[str, Command] = {
    "calendar": Command("calendar_commands", "jours fériés et fermetures d'une année"),
    "delay": Command("calendar_commands", "échéance et délai écoulé d'une demande"),
    "validate": Command("referentiel_commands", "vérifie des fichiers de définitions (pour la CI)"),
    "check": Command(
        "referentiel_commands",
        "vérifie ensemble des définitions et leurs fichiers de mesures (pour la CI)",
    ),
    "init": Command("referentiel_commands", "écrit un premier fichier de définitions, commenté"),
    "catalogue": Command("referentiel_commands", "le référentiel livré : tableau, TOML ou JSON"),
    "schema": Command("referentiel_commands", "le schéma JSON des fichiers de définitions"),
    "dashboard": Command(
        "dashboard_commands", "le tableau de bord d'une année, depuis un fichier de mesures"
    ),
    "track": Command(
        "track_command", "délais d'un tableau de suivi, et mesures pour le tableau de bord"
    ),
    "plan": Command(
        "plan_command", "le plan d'amélioration : réalisation par module et par source"
    ),
    "formations": Command(
        "training_command", "la formation des agents : échéances, états, tutorats"
    ),
    "enquete": Command(
        "grid_commands", "une enquête de satisfaction : taux, intervalles, évolution"
    ),
    "mystere": Command("grid_commands", "une enquête mystère : chaque critère, et l'ensemble"),
    "bilan": Command("review_command", "le bilan annuel, en document Word à compléter"),
    "affiche": Command("poster_command", "l'affiche du programme transparence d'un trimestre"),
    "echeancier": Command(
        "schedule_command", "chaque obligation de la démarche, son échéance et son état"
    ),
    "national": Command(
        "national_command", "plusieurs préfectures comparées : rangs, médianes, chiffre national"
    ),
}
"""Every command, in the order ``qualepref --help`` lists them."""


def chosen_command(argv: list[str]) -> str | None:
    """The command that ``argv`` runs: its first word not starting with « - », if known.

    The top-level options (``--help``, ``--version``) take no value, so the first
    other word is the command.

    Examples:
        >>> chosen_command(["validate", "a.toml"]), chosen_command(["--version"])
        ('validate', None)
        >>> chosen_command(["valider"]) is None
        True
    """
    word = next((word for word in argv if not word.startswith("-")), None)
    return word if word in COMMANDS else None
