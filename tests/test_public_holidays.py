"""Holiday tables: snapshots reviewed as diffs, classification, and the two policies.

The snapshots in ``tests/snapshots/`` are the computed tables, committed so that an
upgrade of the ``holidays`` package shows up as a diff to review. After reviewing a
change, regenerate them with ``QUALEPREF_UPDATE_SNAPSHOTS=1 pytest tests/test_public_holidays.py``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from dateutil.easter import easter

from qualepref import Closure, Holiday, HolidayKind, WorkingCalendar
from qualepref.departements import departement, departements
from qualepref.public_holidays import PENTECOST_MONDAY, legal_holidays

SNAPSHOTS = Path(__file__).parent / "snapshots"
WEEKDAYS = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")

# name: (code, options, first year, last year)
CASES: dict[str, tuple[str, dict[str, Any], int, int]] = {
    "75": ("75", {}, 1950, 2100),
    "75-pentecote-travaillee": ("75", {"pentecost_monday_worked": True}, 2004, 2010),
    "57": ("57", {}, 2015, 2035),
    "971": ("971", {}, 2015, 2035),
    "971-usage": ("971", {"include_customary": True}, 2015, 2035),
    "972": ("972", {}, 2015, 2035),
    "972-usage": ("972", {"include_customary": True}, 2015, 2035),
    "973": ("973", {}, 2015, 2035),
    "974": ("974", {}, 2015, 2035),
    "975": ("975", {}, 2015, 2035),
    "976": ("976", {}, 2015, 2035),
    "977": ("977", {}, 2015, 2035),
    "978": ("978", {}, 2015, 2035),
    "978-usage": ("978", {"include_customary": True}, 2015, 2035),
}


def _render(code: str, options: dict[str, Any], first: int, last: int) -> list[str]:
    cal = WorkingCalendar.for_departement(code, **options)
    return [
        f"{h.date.isoformat()}\t{WEEKDAYS[h.date.weekday()]}\t{h.kind.value}\t{h.name}"
        for h in cal.holidays_between(dt.date(first, 1, 1), dt.date(last, 12, 31))
    ]


@pytest.mark.parametrize("name", sorted(CASES))
def test_holiday_tables_match_their_snapshot(name: str) -> None:
    lines = _render(*CASES[name])
    path = SNAPSHOTS / f"{name}.tsv"
    if os.environ.get("QUALEPREF_UPDATE_SNAPSHOTS"):
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.read_text(encoding="utf-8").splitlines() == lines, (
        f"{path.name} differs from the computed table: review the diff, then regenerate with "
        "QUALEPREF_UPDATE_SNAPSHOTS=1"
    )


def test_alsace_is_moselle() -> None:
    for code in ("67", "68"):
        assert legal_holidays(departement(code), 1950, 2100) == legal_holidays(
            departement("57"), 1950, 2100
        )


@pytest.mark.parametrize("dep", [d for d in departements() if d.customary_holidays], ids=str)
def test_declared_customary_days_are_in_our_calendar_on_request(dep: Any) -> None:
    """A declared customary day our calendar never gives would silently do nothing."""
    asked = legal_holidays(dep, 2015, 2035, include_customary=True)
    given = {h.name for h in asked if h.kind is HolidayKind.CUSTOMARY}
    missing = set(dep.customary_holidays) - given
    # Martinique's Good Friday: holidays 0.109 no longer lists it; the entry stays, to
    # classify it as customary under a release that lists it (the snapshots catch either)
    assert missing <= ({"Vendredi saint"} if dep.code == "972" else set())
    plain = legal_holidays(dep, 2015, 2035)
    assert {h.name for h in plain} & given == set()  # only on request


def test_only_overseas_days_are_customary_and_only_on_request() -> None:
    for dep in departements():
        kinds = {h.kind for h in legal_holidays(dep, 2015, 2035)}
        assert HolidayKind.CUSTOMARY not in kinds
        assert HolidayKind.CLOSURE not in kinds
        if dep.holidays_subdivision is None:
            assert kinds == {HolidayKind.NATIONAL}
        elif dep.code != "975":
            assert kinds == {HolidayKind.NATIONAL, HolidayKind.LOCAL}


def test_pentecost_monday_is_a_holiday_every_year_unless_worked() -> None:
    metro = departement("75")
    by_date = {h.date: h for h in legal_holidays(metro, 1950, 2100)}
    worked = {h.date for h in legal_holidays(metro, 1950, 2100, pentecost_monday_worked=True)}
    for year in range(1950, 2101):
        monday = easter(year) + dt.timedelta(days=50)
        assert by_date[monday].name == PENTECOST_MONDAY
        assert monday not in worked
    # 2005-2007 too (loi 2004-626 made it a journée de solidarité, still a fête légale)
    for monday in (dt.date(2005, 5, 16), dt.date(2006, 6, 5), dt.date(2007, 5, 28)):
        assert by_date[monday].kind is HolidayKind.NATIONAL


def test_holiday_and_closure_values() -> None:
    holiday = Holiday(dt.date(2026, 5, 1), "Fête du Travail", HolidayKind.NATIONAL)
    assert holiday < Holiday(dt.date(2026, 5, 8), "Fête de la Victoire", HolidayKind.NATIONAL)
    assert Closure(dt.date(2026, 5, 15)).name == "Fermeture exceptionnelle"
    assert [kind.label for kind in HolidayKind] == [
        "jour férié",
        "jour férié local",
        "jour chômé d'usage",
        "fermeture de la préfecture",
    ]
    with pytest.raises(TypeError, match="datetime"):
        Closure(dt.datetime(2026, 5, 15, 8))
    with pytest.raises(TypeError, match="str"):
        Closure("2026-05-15")  # type: ignore[arg-type]
