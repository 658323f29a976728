"""Embargo lines in wire copy → the instant the embargo ends. Pure functions: no database.

Agencies write the end of an embargo in their own words and languages:
"EMBARGOED UNTIL 0001 GMT 3 March", "Embargo: 00:01 GMT Tuesday 3 March 2027",
"Sperrfrist 03.03.2027 10 Uhr", "Embargo : 3 mars 2027 à 00h01".
``is_embargo_line()`` recognises such a line and ``parse_time()`` reads it.
"""

import datetime
import re
import zoneinfo

from django.conf import settings
from django.utils import timezone

_LINE = re.compile(
    r"^[\s*#\[(<-]*"
    r"(?:embargo(?:ed)?\s+(?:until|till)\b|embargo\s*[:–—-]|sperrfrist\b|"
    r"(?:sous\s+)?embargo\s+jusqu)",
    re.IGNORECASE,
)
LINE_MAX = 120

# Offsets of the zones agencies name; CET/CEST in German as MEZ/MESZ.
ZONES = {"gmt": 0, "utc": 0, "z": 0, "bst": 1, "cet": 1, "mez": 1, "cest": 2, "mesz": 2}

MONTHS = {
    **{
        name: number
        for number, names in enumerate(
            [
                ("january", "januar", "janvier", "jan", "janv"),
                ("february", "februar", "février", "fevrier", "feb", "févr", "fevr"),
                ("march", "märz", "maerz", "mars", "mar", "mrz"),
                ("april", "avril", "apr", "avr"),
                ("may", "mai"),
                ("june", "juni", "juin", "jun"),
                ("july", "juli", "juillet", "jul", "juil"),
                ("august", "août", "aout", "aug"),
                ("september", "septembre", "sep", "sept"),
                ("october", "oktober", "octobre", "oct", "okt"),
                ("november", "novembre", "nov"),
                ("december", "dezember", "décembre", "decembre", "dec", "dez", "déc"),
            ],
            start=1,
        )
        for name in names
    }
}
_MONTH = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))

_ZONE = re.compile(r"\b(" + "|".join(ZONES) + r")\b", re.IGNORECASE)
_TIMES = [
    # 00:01, 00h01, 10.00 Uhr
    re.compile(r"\b(?P<h>[01]?\d|2[0-3])\s*(?::|h|\.(?=\d\d\s*uhr))\s*(?P<m>[0-5]\d)\b", re.I),
    # 10 Uhr
    re.compile(r"\b(?P<h>[01]?\d|2[0-3])\s*uhr\b", re.IGNORECASE),
    # 0001 GMT, 1400 hrs
    re.compile(
        r"\b(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)(?=\s*(?:hrs?\b|" + "|".join(ZONES) + r")\b)", re.I
    ),
    # 9am, 10.30 pm
    re.compile(r"\b(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ampm>[ap])\.?m\b\.?", re.I),
]
_DATES = [
    re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.(?P<y>\d{4}|\d{2})?"),
    re.compile(
        r"\b(?P<d>\d{1,2})(?:st|nd|rd|th|er|\.)?\s+(?P<month>"
        + _MONTH
        + r")\.?(?:,?\s+(?P<y>\d{4}))?(?!\w)",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?<!\w)(?P<month>"
        + _MONTH
        + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?\b",
        re.IGNORECASE,
    ),
]


def is_embargo_line(line):
    """True when ``line`` is an embargo notice ("EMBARGOED UNTIL …", "Sperrfrist …")."""
    return len(line) <= LINE_MAX and bool(_LINE.match(line))


def parse_time(line, now=None):
    """Return the aware datetime an embargo ``line`` ends at, or None when it cannot be read.

    A named zone (GMT, UTC, BST, CET, CEST) is that offset; without one the
    site's time zone. Without a year, the next such date from ``now`` (a date
    passed within the last day is this year's: the copy came after its
    embargo ended). Without a time, midnight; without a date, the next such time.
    """
    now = now or timezone.now()
    text = _LINE.sub("", line, count=1)
    zone = _zone(text)
    hour, minute, text = _time(text)
    day = _date(_ZONE.sub(" ", text))
    if hour is None and day is None:
        return None
    local_now = now.astimezone(zone)
    if day is None:
        candidate = local_now.replace(hour=hour, minute=minute, second=0, microsecond=0)
        return candidate if candidate > now else candidate + datetime.timedelta(days=1)
    year, month, dom = day
    hour, minute = hour or 0, minute or 0
    try:
        if year is not None:
            return datetime.datetime(year, month, dom, hour, minute, tzinfo=zone)
        candidate = datetime.datetime(local_now.year, month, dom, hour, minute, tzinfo=zone)
        if candidate < now - datetime.timedelta(days=1):
            candidate = candidate.replace(year=local_now.year + 1)
        return candidate
    except ValueError:  # 31 February, 29 February of a year without one.
        return None


def _zone(text):
    match = _ZONE.search(text)
    if match is None:
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.timezone(datetime.timedelta(hours=ZONES[match.group(1).lower()]))


def _time(text):
    """``(hour, minute, text without the time)``; the hour is None when no time is written."""
    for pattern in _TIMES:
        if match := pattern.search(text):
            hour, minute = int(match.group("h")), int(match.groupdict().get("m") or 0)
            ampm = (match.groupdict().get("ampm") or "").lower()
            if ampm:
                hour = hour % 12 + (12 if ampm == "p" else 0)
            return hour, minute, text[: match.start()] + " " + text[match.end() :]
    return None, None, text


def _date(text):
    """``(year or None, month, day)`` written in ``text``, or None."""
    for pattern in _DATES:
        if match := pattern.search(text):
            parts = match.groupdict()
            month = int(parts["mo"]) if parts.get("mo") else MONTHS[parts["month"].lower()]
            year = parts.get("y")
            if year is not None:
                year = int(year) + (2000 if len(year) == 2 else 0)
            return year, month, int(parts["d"])
    return None
