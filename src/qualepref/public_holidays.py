"""Public holidays and prefecture closures, as dated and named values.

The dates and names come from the ``holidays`` package (``holidays.France``, always
with ``language="fr"``: without it the names follow the machine's locale and come out
in English on a ``LANG=C`` server). This module only *classifies* them (national,
local, customary) and applies the two policies the package cannot know: whether the
lundi de Pentecôte is worked, and whether customary overseas days are days off.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from typing import TYPE_CHECKING, Any

import attrs
from dateutil.easter import easter

from qualepref.departements import Departement

if TYPE_CHECKING:
    from holidays.countries.france import France

__all__ = ["Closure", "Holiday", "HolidayKind", "HolidayRule", "legal_holidays"]

PENTECOST_MONDAY = "Lundi de Pentecôte"
"""The name ``holidays.France`` gives the lundi de Pentecôte with ``language="fr"``."""


class HolidayKind(enum.Enum):
    """Why a weekday is not a jour ouvré.

    Examples:
        >>> HolidayKind.LOCAL.label
        'jour férié local'
    """

    NATIONAL = "national"
    """A fête légale of the whole country (Code du travail, art. L3133-1)."""
    LOCAL = "local"
    """A fête légale of the département only (Alsace-Moselle, abolition de l'esclavage)."""
    CUSTOMARY = "customary"
    """A day off by custom, not law (Mi-Carême, 21 juillet…): only when asked for."""
    CLOSURE = "closure"
    """A day the préfecture decided to close (pont, fermeture exceptionnelle)."""

    @property
    def label(self) -> str:
        """The French label shown in reports."""
        return _KIND_LABELS[self]

    @property
    def nature(self) -> str:
        """The ``nature`` column of the calendar table: légal, coutumier or fermeture.

        Examples:
            >>> [kind.nature for kind in HolidayKind]
            ['légal', 'légal', 'coutumier', 'fermeture']
        """
        return _NATURES[self]


_NATURES = {
    HolidayKind.NATIONAL: "légal",
    HolidayKind.LOCAL: "légal",
    HolidayKind.CUSTOMARY: "coutumier",
    HolidayKind.CLOSURE: "fermeture",
}

_KIND_LABELS = {
    HolidayKind.NATIONAL: "jour férié",
    HolidayKind.LOCAL: "jour férié local",
    HolidayKind.CUSTOMARY: "jour chômé d'usage",
    HolidayKind.CLOSURE: "fermeture de la préfecture",
}


@attrs.frozen(order=True)
class Holiday:
    """A dated, named day off: a public holiday or a prefecture closure.

    Holidays sort by date. Several names on one date are joined with ``"; "``.

    Examples:
        >>> import datetime as dt
        >>> Holiday(dt.date(2026, 12, 26), "Saint-Étienne", HolidayKind.LOCAL)
        Holiday(date=datetime.date(2026, 12, 26), name='Saint-Étienne',
                kind=<HolidayKind.LOCAL: 'local'>)
    """

    date: dt.date
    name: str = attrs.field(order=False)
    kind: HolidayKind = attrs.field(order=False)


def _check_date(_instance: object, _attribute: object, value: Any) -> None:
    if type(value) is not dt.date:
        msg = (
            f"une fermeture se donne par une date (datetime.date), pas {type(value).__name__} : "
            f"{value!r}"
        )
        raise TypeError(msg)


@attrs.frozen(order=True)
class Closure:
    """A day a préfecture is closed although it is neither a weekend nor a public holiday.

    Ponts, the afternoon of 24 December made a full day, an exceptional closure: each is
    decided locally, every year, so it is the caller's data.

    Examples:
        >>> import datetime as dt
        >>> Closure(dt.date(2026, 5, 15), "Pont de l'Ascension").name
        "Pont de l'Ascension"
    """

    date: dt.date = attrs.field(validator=_check_date)
    name: str = attrs.field(default="Fermeture exceptionnelle", order=False)


@attrs.frozen
class HolidayRule:
    """What decides a département's public holidays, shared by every département under it.

    The holidays package's subdivision for the département, and the customary days it
    lists there: the 101 départements and 3 collectivités have 11 rules (métropole,
    Alsace, Moselle, each overseas one), and calendars are cached by rule.

    Examples:
        >>> from qualepref.departements import departement
        >>> HolidayRule.of(departement("44")) == HolidayRule.of(departement("75"))
        True
        >>> HolidayRule.of(departement("67"))
        HolidayRule(subdivision='6AE', customary=())
    """

    subdivision: str | None
    customary: tuple[str, ...] = ()

    @classmethod
    def of(cls, departement: Departement) -> HolidayRule:
        """The rule of ``departement``."""
        return cls(departement.holidays_subdivision, tuple(departement.customary_holidays))


def legal_holidays(
    departement: Departement | HolidayRule,
    first_year: int,
    last_year: int,
    *,
    include_customary: bool = False,
    pentecost_monday_worked: bool = False,
) -> tuple[Holiday, ...]:
    """The public holidays of ``departement`` from ``first_year`` to ``last_year``, by date.

    Args:
        departement: whose local holidays to include, or its :class:`HolidayRule`.
        first_year: first year, included.
        last_year: last year, included.
        include_customary: also return the customary days the ``holidays`` package adds
            in this département (``Departement.customary_holidays``).
        pentecost_monday_worked: leave the lundi de Pentecôte out (it is then the
            journée de solidarité, worked). When ``False`` it is a holiday every year,
            2005–2007 included, which the package leaves out (see ``docs/calendar.md``).

    The result is cached by rule: it is immutable and depends on its arguments only.

    Examples:
        >>> from qualepref.departements import departement
        >>> days = legal_holidays(departement("67"), 2026, 2026)
        >>> [(h.date.isoformat(), h.name) for h in days if h.kind is HolidayKind.LOCAL]
        [('2026-04-03', 'Vendredi saint'), ('2026-12-26', 'Saint-Étienne')]
    """
    rule = departement if isinstance(departement, HolidayRule) else HolidayRule.of(departement)
    return _legal_holidays(rule, first_year, last_year, include_customary, pentecost_monday_worked)


@functools.cache
def _legal_holidays(
    rule: HolidayRule,
    first_year: int,
    last_year: int,
    include_customary: bool,
    pentecost_monday_worked: bool,
) -> tuple[Holiday, ...]:
    years = range(first_year, last_year + 1)
    national = _france(None, years)
    local = _france(rule.subdivision, years)
    customary = frozenset(rule.customary)
    skipped = set() if include_customary else set(customary)
    if pentecost_monday_worked:
        skipped.add(PENTECOST_MONDAY)
    found: dict[dt.date, Holiday] = {}
    for day in sorted(local):
        kept = [
            (name, _kind(name, national.get_list(day), customary))
            for name in local.get_list(day)
            if name not in skipped
        ]
        if kept:
            # The most binding kind names the day: a fête légale beats a custom.
            kind = min((kind for _, kind in kept), key=_KIND_ORDER.index)
            found[day] = Holiday(day, "; ".join(name for name, _ in kept), kind)
    if not pentecost_monday_worked:
        _add_missing_pentecost_mondays(found, years)
    return tuple(found[day] for day in sorted(found))


def _france(subdivision: str | None, years: range) -> France:
    # language="fr" always: without it the names follow the machine's locale.
    # France.__init__ takes untyped *args, **kwargs in holidays 0.109. Importing it costs
    # holidays' every country, about 0.1 s (its countries package imports them all,
    # whichever way France is reached: holidays.France and country_holidays do too), so
    # it is imported here, when a calendar is first built, not by whoever reads a
    # closure or a definitions file.
    from holidays.constants import PUBLIC  # noqa: PLC0415 - see above
    from holidays.countries.france import France  # noqa: PLC0415

    return France(  # type: ignore[no-untyped-call]
        subdiv=subdivision, years=years, language="fr", categories=(PUBLIC,)
    )


def _kind(name: str, national_names: list[str], customary: frozenset[str]) -> HolidayKind:
    if name in customary:
        return HolidayKind.CUSTOMARY
    if name in national_names:
        return HolidayKind.NATIONAL
    return HolidayKind.LOCAL


def _add_missing_pentecost_mondays(found: dict[dt.date, Holiday], years: range) -> None:
    """Put back the lundis de Pentecôte the package leaves out (2005–2007).

    No local holiday falls on those three Mondays, so the day is simply added.
    """
    for year in years:
        monday = easter(year) + dt.timedelta(days=50)
        found.setdefault(monday, Holiday(monday, PENTECOST_MONDAY, HolidayKind.NATIONAL))


_KIND_ORDER = list(HolidayKind)
