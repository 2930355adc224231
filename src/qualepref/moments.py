"""Dates and times as referents type them, always day first: the project's one parser.

Tracking files, ``qualepref delay``, ``--as-of``, closure files and measurements files
all read dates here, so that they accept the same forms.

Understood: ``03/01/2022``, ``3/1/2022 17:45``, ``03-01-2022 17h45``, ISO 8601
(``2022-01-03``, ``2022-01-03T17:45:00+01:00``, ``…Z``), Excel serial numbers
(``44564``, ``44564.75``), mail headers (``Mon, 03 Jan 2022 17:45:00 +0100``) and
French words (``3 janvier 2022 à 17h45``). A time zone makes an aware datetime; without
one the time is local. ``01/05/2022`` is always 1 May: there is no month-first reading.

A spreadsheet cell holding a datetime whose time is exactly 00:00:00 is a date without
a time: that is how Excel stores a cell where only a date was typed.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import re

from dateutil import parser as dateutil_parser

from qualepref.errors import QualeprefError

__all__ = [
    "MomentError",
    "calendar_date",
    "parse_day",
    "parse_moment",
    "parse_time_of_day",
]

_FRENCH = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?:[ T]+(\d{1,2})[:hH](\d{2})?(?::(\d{2}))?)?$"
)
_SERIAL = re.compile(r"^\d{5}([.,]\d+)?$")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # noqa: DTZ001 - Excel serials are local
_EXPECTED = "JJ/MM/AAAA [HH:MM], AAAA-MM-JJ[THH:MM[+01:00]] ou un numéro de série Excel"


class _FrenchWords(dateutil_parser.parserinfo):
    """French month and day names for dateutil, day first."""

    JUMP = [*dateutil_parser.parserinfo.JUMP, "à", "le", "h", "er"]  # noqa: RUF012 - read by dateutil
    WEEKDAYS = [  # noqa: RUF012 - read by dateutil
        ("lun", "lundi"),
        ("mar", "mardi"),
        ("mer", "mercredi"),
        ("jeu", "jeudi"),
        ("ven", "vendredi"),
        ("sam", "samedi"),
        ("dim", "dimanche"),
    ]
    MONTHS = [  # noqa: RUF012 - read by dateutil
        ("janv", "janvier"),
        ("févr", "février", "fevrier"),
        ("mars", "mars"),
        ("avr", "avril"),
        ("mai", "mai"),
        ("juin", "juin"),
        ("juil", "juillet"),
        ("août", "aout"),
        ("sept", "septembre"),
        ("oct", "octobre"),
        ("nov", "novembre"),
        ("déc", "décembre", "decembre"),
    ]

    def __init__(self) -> None:
        super().__init__(dayfirst=True)


class MomentError(QualeprefError, ValueError):
    """A value that is not a date or a time; the message says what was expected.

    Examples:
        >>> try:
        ...     parse_moment("demain")
        ... except MomentError as error:
        ...     print(error)
        date illisible : 'demain' (attendu JJ/MM/AAAA [HH:MM], AAAA-MM-JJ[THH:MM[+01:00]] ou
        un numéro de série Excel)
    """


_WORDS = _FrenchWords()
_NO_YEAR = dt.datetime(1, 1, 1)  # noqa: DTZ001 - a sentinel: year 1 means "no year typed"


def parse_moment(value: object) -> dt.date:
    """A receipt or reply as found in a tracking file: a date, or a datetime.

    Strings are read day first; spreadsheet cells may already be dates or datetimes,
    or Excel serial numbers. Results are cached, so a file full of repeated dates
    reads fast.

    Raises:
        MomentError: the value is not a date; the message says what was expected (a
            :class:`ValueError` too).

    Examples:
        >>> parse_moment("01/05/2022")
        datetime.date(2022, 5, 1)
        >>> parse_moment("3/1/2022 17h45")
        datetime.datetime(2022, 1, 3, 17, 45)
        >>> parse_moment("2022-01-03T16:45:00Z")
        datetime.datetime(2022, 1, 3, 16, 45, tzinfo=datetime.timezone.utc)
        >>> parse_moment(44564.75), parse_moment("44564")
        (datetime.datetime(2022, 1, 3, 18, 0), datetime.date(2022, 1, 3))
        >>> parse_moment("lundi 3 janvier 2022 à 17h45")
        datetime.datetime(2022, 1, 3, 17, 45)
        >>> parse_moment(dt.datetime(2022, 1, 3, 0, 0))  # an Excel date-only cell
        datetime.date(2022, 1, 3)
    """
    if isinstance(value, dt.datetime):  # a spreadsheet cell
        if value.tzinfo is None and value.time() == dt.time.min:
            return value.date()
        return value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise MomentError(f"date illisible : {value!r} (attendu {_EXPECTED})")
    if isinstance(value, int | float):
        return _from_serial(float(value), str(value))
    if not isinstance(value, str):
        raise MomentError(f"date illisible : {value!r} (attendu {_EXPECTED})")
    return _parse_text(value.strip())


def parse_day(value: object) -> dt.date:
    """A calendar day (a closure, a date of reference), in any form :func:`parse_moment` reads.

    A time of exactly 00:00 is accepted as no time at all.

    Raises:
        MomentError: not a date, or a date with a time of day.

    Examples:
        >>> parse_day("01/05/2026"), parse_day("2026-05-01"), parse_day("1er mai 2026")
        (datetime.date(2026, 5, 1), datetime.date(2026, 5, 1), datetime.date(2026, 5, 1))
    """
    moment = parse_moment(value)
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is None and moment.time() == dt.time.min:
            return moment.date()
        msg = f"une date sans heure est attendue : {value!r} (JJ/MM/AAAA)"
        raise MomentError(msg)
    return moment


_TIME = re.compile(r"^(\d{1,2})\s*(?:[:hH]\s*(\d{2})?(?:\s*:\s*(\d{2}))?)$")
_TIME_EXPECTED = "HH:MM, 14h30, 14 h 30 ou 14h"


def parse_time_of_day(value: object) -> dt.time:
    """A time of day from a separate time column: an Excel time cell, ``14:30``, ``14h30``.

    Accepted: a ``datetime.time`` (or a datetime, from which the time is taken), an Excel
    time (a fraction of a day, ``0.5`` is noon), and the texts ``14:30``, ``14:30:15``,
    ``14h30``, ``14 h 30``, ``14h``.

    Raises:
        MomentError: anything else; the message says what was expected.

    Examples:
        >>> parse_time_of_day("14 h 30"), parse_time_of_day("9h"), parse_time_of_day(0.75)
        (datetime.time(14, 30), datetime.time(9, 0), datetime.time(18, 0))
    """
    if isinstance(value, dt.time):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1:
        seconds = round(value * 86400)
        if seconds < 86400:
            return dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60)
    if isinstance(value, str):
        found = _TIME.match(value.strip())
        if found is not None:
            hour, minute, second = (int(part or 0) for part in found.groups())
            if hour < 24 and minute < 60 and second < 60:
                return dt.time(hour, minute, second)
            msg = f"heure impossible : {value!r} (attendu {_TIME_EXPECTED})"
            raise MomentError(msg)
    msg = f"heure illisible : {value!r} (attendu {_TIME_EXPECTED})"
    raise MomentError(msg)


@functools.lru_cache(maxsize=1 << 16)
def _parse_text(text: str) -> dt.date:
    if not text:
        raise MomentError("date vide")
    found = _FRENCH.match(text)
    if found is not None:
        return _from_french(text, found)
    if _SERIAL.match(text):
        return _from_serial(float(text.replace(",", ".")), text)
    if text[:4].isdigit() and text[4:5] == "-":
        try:
            return _iso(text)
        except ValueError:
            msg = f"date ISO impossible : {text!r} (attendu AAAA-MM-JJ[THH:MM[:SS][+01:00]])"
            raise MomentError(msg) from None
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    return _with_words(text)


def _from_french(text: str, found: re.Match[str]) -> dt.date:
    day, month, year, hour, minute, second = found.groups()
    if len(year) != 4:
        msg = f"année sur {len(year)} chiffres dans {text!r} : écrivez-la sur 4 (JJ/MM/AAAA)"
        raise MomentError(msg)
    try:
        if hour is None:
            return dt.date(int(year), int(month), int(day))
        return dt.datetime(  # noqa: DTZ001 - no zone typed: local time
            int(year), int(month), int(day), int(hour), int(minute or 0), int(second or 0)
        )
    except ValueError:
        msg = f"date impossible : {text!r} (jour/mois/année, jour d'abord : 01/05 est le 1er mai)"
        raise MomentError(msg) from None


def _iso(text: str) -> dt.date:
    if len(text) == 10:
        return dt.date.fromisoformat(text)
    return dt.datetime.fromisoformat(text)


def _from_serial(serial: float, text: str) -> dt.date:
    # 18264 is 1 January 1950, 73415 is 31 December 2100: the calendar's span.
    if not 18264 <= serial < 73416:
        msg = f"numéro de série Excel hors de 1950–2100 : {text!r}"
        raise MomentError(msg)
    moment = _EXCEL_EPOCH + dt.timedelta(seconds=round(serial * 86400))
    return moment.date() if serial == int(serial) else moment


def _with_words(text: str) -> dt.date:
    try:
        moment = dateutil_parser.parse(text, parserinfo=_WORDS, default=_NO_YEAR)
    except (ValueError, OverflowError):
        msg = f"date illisible : {text!r} (attendu {_EXPECTED})"
        raise MomentError(msg) from None
    if moment.year == 1:
        msg = f"date sans année : {text!r} (attendu {_EXPECTED})"
        raise MomentError(msg)
    has_time = any(ch.isdigit() for ch in text.split(str(moment.year), 1)[-1]) or ":" in text
    return moment if has_time else moment.date()


def calendar_date(moment: dt.date) -> dt.date:
    """The calendar date of ``moment`` on its own clock (a date is its own).

    Examples:
        >>> calendar_date(dt.datetime(2022, 1, 3, 23, 59)), calendar_date(dt.date(2022, 1, 3))
        (datetime.date(2022, 1, 3), datetime.date(2022, 1, 3))
    """
    return moment.date() if isinstance(moment, dt.datetime) else moment
