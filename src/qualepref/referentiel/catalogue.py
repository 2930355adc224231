"""The shipped catalogue: the Qual-e-pref référentiel as package data.

``data/referentiel.toml`` is a definitions file of its own (``extends = "none"``): it is
read by the same code, checked by the same rules and models as a préfecture's file.
"""

from __future__ import annotations

import functools
from importlib import resources

from qualepref.referentiel.container import Referentiel
from qualepref.referentiel.loading import parse_definitions

__all__ = ["CATALOGUE_FILE", "load_referentiel"]

CATALOGUE_FILE = "referentiel.toml"
"""The catalogue's file name in ``qualepref/data``."""


@functools.cache
def load_referentiel() -> Referentiel:
    """The shipped Qual-e-pref catalogue, read and checked on first use, then cached.

    Example:
        >>> ref = load_referentiel()
        >>> ref.module(1).name, ref.module(1).mandatory
        ("Relation générale avec l'usager", True)
        >>> [e.number for e in ref.engagements if e.module == 3][:3]
        [24, 25, 26]
        >>> ref.indicator("courriels_info_5j").deadline
        5
    """
    text = resources.files("qualepref").joinpath("data", CATALOGUE_FILE).read_text("utf-8")
    definitions = parse_definitions(text, source=f"qualepref/data/{CATALOGUE_FILE}")
    return definitions.referentiel
