"""A first definitions file for a préfecture, commented, that validates as it is.

``qualepref init`` writes it: the préfecture's département and perimeter, then every
indicator of the perimeter with the catalogue's cible, commented out, ready to be changed,
an example of the préfecture's own counter and indicator, and of the registers' tables
([plan], [training], [[survey.question]], [[mystery.criterion]]), also commented out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from qualepref.departements import departement as departement_of
from qualepref.referentiel.container import Referentiel
from qualepref.referentiel.loading import parse_definitions

__all__ = ["starter_definitions"]

_OWN_EXAMPLE = """\
# --- Les indicateurs propres à la préfecture (exemple à décommenter et adapter) ---------
#
# [[counter]]
# id = "boite_service_recus"
# label = "Courriels reçus par la boîte du service"
#
# [[counter]]
# id = "boite_service_dans_le_delai"
# label = "Courriels de la boîte du service répondus dans le délai"
#
# [[indicator]]
# id = "boite_service_5j"
# label = "Taux de réponse aux courriels de la boîte du service dans le délai de 5 jours ouvrés"
# engagement = 17
# unit = "taux"
# direction = "plus haut est mieux"
# periodicity = "mensuelle"
# deadline = 5
# formula = "boite_service_dans_le_delai / boite_service_recus"

# --- Les registres du cycle qualité (exemples à décommenter et adapter) -----------------
#
# Le plan d'amélioration (qualepref plan, docs/plan.md) : des colonnes d'autres noms.
# [plan.columns]
# title = "Intitulé de l'action"
#
# La formation des agents (qualepref formations, docs/formations.md) : un rôle propre.
# [training.roles]
# instruction_titres = ["instruction des titres"]
#
# L'enquête de satisfaction (qualepref enquete, docs/enquetes.md) : une colonne par
# question, et l'indicateur qu'elle remplit.
# [[survey.question]]
# column = "La courtoisie des agents en contact avec le public"
# id = "courtoisie"
# indicator = "satisfaction_courtoisie"
#
# Les appels mystères (qualepref mystere, docs/enquetes.md) : une colonne par critère.
# [[mystery.criterion]]
# column = "Prise en charge en moins de 5 sonneries"
# id = "sonneries"
"""


def starter_definitions(
    departement: str,
    modules: Iterable[int],
    *,
    name: str | None = None,
    catalogue: Referentiel | None = None,
) -> str:
    """The text of a first definitions file, commented in French, that validates.

    Raises:
        UnknownDepartementError: ``departement`` is not a département's code.
        DefinitionError: a module is not in the référentiel.

    Examples:
        >>> text = starter_definitions("44", [1, 4], name="Préfecture de la Loire-Atlantique")
        >>> print(text.split("[perimeter]")[0].splitlines()[-2])
        departement = "44"
        >>> "# appels_aboutis = 0.9" in text
        True
    """
    where = departement_of(departement)
    chosen = sorted(set(modules))
    perimeter = f"[perimeter]\nmodules = {json.dumps(chosen)}\n"
    definitions = parse_definitions(perimeter, catalogue=catalogue)
    referentiel = definitions.referentiel
    named = (
        f"name = {json.dumps(name, ensure_ascii=False)}"
        if name
        else ('# name = "Préfecture de …"  # le nom affiché en titre du tableau de bord')
    )
    lines = [
        f"# Définitions Qual-e-pref de la préfecture : {where.name} ({where.code}).",
        "#",
        "# Écrit par « qualepref init ». Le vérifier : qualepref validate FICHIER",
        "# Le catalogue livré (modules, engagements, indicateurs) : qualepref catalogue",
        "# Les valeurs s'écrivent en français ou en anglais (« mensuelle » ou « monthly »).",
        "",
        "[prefecture]",
        named,
        f'departement = "{where.code}"',
        "",
        perimeter.rstrip("\n"),
        "",
        "# Cibles de la préfecture, quand elles diffèrent de celles du catalogue : décommentez",
        "# la ligne et changez la valeur. Un taux s'écrit en fraction (0.9 pour 90 %) ; une",
        "# cible par année s'écrit { 2025 = 0.9, 2026 = 1.0 }.",
        "[targets]",
    ]
    group = None
    for indicator in definitions.indicators:
        if indicator.programme is not None:
            heading = f"Programme {indicator.programme}"
        elif indicator.module is None:
            heading = "Suivi et pilotage"
        else:
            module = referentiel.module(indicator.module)
            heading = (
                f"Module {module.number} — {module.name}"
                if module.name
                else (f"Module {module.number}")
            )
        if heading != group:
            lines.extend(["", f"# {heading}"])
            group = heading
        target = definitions.target(indicator.id, None)
        value = json.dumps(target) if target is not None else "…"
        known = "cible du catalogue" if target is not None else "pas de cible au catalogue"
        lines.append(f"# {indicator.id} = {value}  # {indicator.label} ({known})")
    lines.extend(["", _OWN_EXAMPLE])
    return "\n".join(lines)
