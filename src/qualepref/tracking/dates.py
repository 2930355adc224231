"""Dates and times as referents type them in tracking files, always day first.

Understood: ``03/01/2022``, ``3/1/2022 17:45``, ``03-01-2022 17h45``, ISO 8601
(``2022-01-03``, ``2022-01-03T17:45:00+01:00``, ``…Z``), Excel serial numbers
(``44564``, ``44564.75``), mail headers (``Mon, 03 Jan 2022 17:45:00 +0100``) and
French words (``3 janvier 2022 à 17h45``). A time zone makes an aware datetime; without
one the time is local. ``01/05/2022`` is always 1 May: there is no month-first reading.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import re

from dateutil import parser as dateutil_parser

__all__ = ["parse_moment"]

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


_WORDS = _FrenchWords()
_NO_YEAR = dt.datetime(1, 1, 1)  # noqa: DTZ001 - a sentinel: year 1 means "no year typed"


def parse_moment(value: object) -> dt.date:
    """A receipt or reply as found in a tracking file: a date, or a datetime.

    Strings are read day first; spreadsheet cells may already be dates or datetimes,
    or Excel serial numbers. Results are cached, so a file full of repeated dates
    reads fast.

    Raises:
        ValueError: the value is not a date; the message says what was expected.

    Example:
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
    """
    if isinstance(value, dt.date):  # a spreadsheet cell (datetime is a date too)
        return value
    if isinstance(value, bool):
        raise ValueError(f"date illisible : {value!r} (attendu {_EXPECTED})")  # noqa: TRY004 - a bad cell is a bad value
    if isinstance(value, int | float):
        return _from_serial(float(value), str(value))
    if not isinstance(value, str):
        raise ValueError(f"date illisible : {value!r} (attendu {_EXPECTED})")  # noqa: TRY004 - a bad cell is a bad value
    return _parse_text(value.strip())


@functools.lru_cache(maxsize=1 << 16)
def _parse_text(text: str) -> dt.date:
    if not text:
        raise ValueError("date vide")
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
            raise ValueError(msg) from None
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    return _with_words(text)


def _from_french(text: str, found: re.Match[str]) -> dt.date:
    day, month, year, hour, minute, second = found.groups()
    if len(year) != 4:
        msg = f"année sur {len(year)} chiffres dans {text!r} : écrivez-la sur 4 (JJ/MM/AAAA)"
        raise ValueError(msg)
    try:
        if hour is None:
            return dt.date(int(year), int(month), int(day))
        return dt.datetime(  # noqa: DTZ001 - no zone typed: local time
            int(year), int(month), int(day), int(hour), int(minute or 0), int(second or 0)
        )
    except ValueError:
        msg = f"date impossible : {text!r} (jour/mois/année, jour d'abord : 01/05 est le 1er mai)"
        raise ValueError(msg) from None


def _iso(text: str) -> dt.date:
    if len(text) == 10:
        return dt.date.fromisoformat(text)
    return dt.datetime.fromisoformat(text)


def _from_serial(serial: float, text: str) -> dt.date:
    # 18264 is 1 January 1950, 73415 is 31 December 2100: the calendar's span.
    if not 18264 <= serial < 73416:
        msg = f"numéro de série Excel hors de 1950–2100 : {text!r}"
        raise ValueError(msg)
    moment = _EXCEL_EPOCH + dt.timedelta(seconds=round(serial * 86400))
    return moment.date() if serial == int(serial) else moment


def _with_words(text: str) -> dt.date:
    try:
        moment = dateutil_parser.parse(text, parserinfo=_WORDS, default=_NO_YEAR)
    except (ValueError, OverflowError):
        msg = f"date illisible : {text!r} (attendu {_EXPECTED})"
        raise ValueError(msg) from None
    if moment.year == 1:
        msg = f"date sans année : {text!r} (attendu {_EXPECTED})"
        raise ValueError(msg)
    has_time = any(ch.isdigit() for ch in text.split(str(moment.year), 1)[-1]) or ":" in text
    return moment if has_time else moment.date()
