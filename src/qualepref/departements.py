"""Départements (and overseas collectivités with a préfecture) as package data.

The list lives in ``data/departements.toml``; this module validates it with the
:class:`Departement` model and looks codes up. A département decides three things
about a working-day calendar: which local public holidays apply (Alsace-Moselle,
each overseas département's abolition-of-slavery day), which time zone a receipt is
read in, and which days the ``holidays`` package adds that are customary rather than
legal.
"""

from __future__ import annotations

import difflib
import functools
from enum import StrEnum
from importlib import resources
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tomli
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter

from qualepref.errors import UnknownDepartementError

__all__ = ["Departement", "DepartementKind", "departement", "departements"]


class DepartementKind(StrEnum):
    """Which body of holiday law a département follows."""

    METROPOLE = "metropole"
    """Metropolitan France, Corsica included: the national fêtes légales only."""
    ALSACE_MOSELLE = "alsace-moselle"
    """Moselle, Bas-Rhin, Haut-Rhin: also Vendredi saint and 26 décembre (art. L3134-13)."""
    OUTRE_MER = "outre-mer"
    """A département et région d'outre-mer: also its abolition-of-slavery day (art. L3422-2)."""
    COLLECTIVITE = "collectivite"
    """A collectivité d'outre-mer with a préfecture (Saint-Pierre-et-Miquelon, Saint-Barthélemy,
    Saint-Martin)."""


def _check_time_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        msg = f"fuseau horaire IANA inconnu : {name!r}"
        raise ValueError(msg) from error
    return name


class Departement(BaseModel):
    """One département: its code, name, holiday rules and time zone.

    Examples:
        >>> from qualepref.departements import departement
        >>> moselle = departement("57")
        >>> moselle.name, moselle.kind.value, moselle.time_zone
        ('Moselle', 'alsace-moselle', 'Europe/Paris')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^(0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|97[1-8])$")
    """INSEE code: ``"01"``..``"95"``, ``"2A"``, ``"2B"``, ``"971"``..``"978"``."""
    name: str = Field(min_length=1)
    """Official name, e.g. ``"Loire-Atlantique"``."""
    kind: DepartementKind
    """Which body of holiday law applies."""
    time_zone: Annotated[str, AfterValidator(_check_time_zone)] = "Europe/Paris"
    """IANA time zone in which receipts are dated."""
    holidays_subdivision: str | None = None
    """Subdivision of ``holidays.France`` holding the local holidays; ``None`` = metropolitan."""
    customary_holidays: tuple[str, ...] = ()
    """Names of days the ``holidays`` package adds here that the Code du travail does not list."""
    legal_basis: str | None = None
    """The legal text behind the local holidays, if any."""

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


_FILE = "departements.toml"


@functools.cache
def departements() -> tuple[Departement, ...]:
    """Every known département, in INSEE order, loaded once from the package data.

    Examples:
        >>> len(departements())
        104
        >>> departements()[0].name
        'Ain'
    """
    text = resources.files("qualepref").joinpath("data", _FILE).read_text(encoding="utf-8")
    raw = tomli.loads(text)["departement"]
    return TypeAdapter(tuple[Departement, ...]).validate_python(raw)


@functools.cache
def _by_code() -> dict[str, Departement]:
    return {item.code: item for item in departements()}


def normalize_code(code: str | int) -> str:
    """Spell a département code the INSEE way: ``5`` → ``"05"``, ``"2a"`` → ``"2A"``.

    Examples:
        >>> normalize_code(5), normalize_code(" 2b "), normalize_code("974")
        ('05', '2B', '974')
    """
    text = str(code).strip().upper()
    if text.isdigit() and len(text) == 1:
        text = "0" + text
    return text


def departement(code: str | int) -> Departement:
    """The département with INSEE code ``code``.

    Raises:
        UnknownDepartementError: ``code`` is not a département with a préfecture.

    Examples:
        >>> departement("2A").name
        'Corse-du-Sud'
        >>> departement("20")
        Traceback (most recent call last):
        ...
        qualepref.errors.UnknownDepartementError: département inconnu : '20'. La Corse ...
    """
    key = normalize_code(code)
    found = _by_code().get(key)
    if found is not None:
        return found
    if key == "20":
        hint = (
            "La Corse a deux départements depuis 1976 : '2A' (Corse-du-Sud) et '2B' (Haute-Corse)."
        )
    else:
        close = difflib.get_close_matches(key, list(_by_code()), n=3, cutoff=0.5)
        by_name = [item.code for item in departements() if item.name.upper() == key]
        suggestions = by_name or close
        hint = "Codes attendus : '01' à '95', '2A', '2B', '971' à '978'."
        if suggestions:
            hint += " Vouliez-vous dire " + " ou ".join(repr(s) for s in suggestions) + " ?"
    msg = f"département inconnu : {str(code)!r}. {hint}"
    raise UnknownDepartementError(msg)
