"""Dates as the press writes them ("lundi 27 janvier", "Ce 27 janvier 2025", "January 27, 2025")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
# The wires' abbreviations ("Dec. 29, 1989", "Nov. 5"), with or without the dot; their dot ends no sentence (text.py).
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                       "oct": 10, "nov": 11, "dec": 12}
MONTHS |= MONTH_ABBREVIATIONS
WEEKDAYS = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)

# The leading lookaheads only skip positions where no date can start (a digit, a weekday's or a
# month's first letter): without them every position tries every weekday and month name.
_DAY_MONTH = re.compile(
    rf"\b(?=[\dlmjvsdtwf])(?:(?P<wd>{_WEEKDAY})\s+)?\b(?P<d>[0-3]?\d)(?:er)?\s+(?P<m>{_MONTH})\b\.?(?:\s+(?P<y>(?:19|20)\d\d))?",
    re.IGNORECASE,
)
_MONTH_DAY_EN = re.compile(
    rf"\b(?=[adfjlmnostvw])(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<m>{_MONTH})\b\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y>(?:19|20)\d\d))?\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
_NUMERIC_FR = re.compile(r"\b(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)\b")
_YEAR_MONTH = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)\b(?!-\d)")
_MONTH_YEAR = re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)

_DIGIT = re.compile(r"\d")
EVE_WORDS = {"la veille", "the day before"}  # "la veille de l'élection" is an eve, not yesterday
RELATIVE_DAYS = {"hier": -1, "yesterday": -1, "la veille": -1, "the day before": -1, "aujourd'hui": 0, "today": 0,
                 "avant-hier": -2}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    day: int
    month: int
    year: int | None
    weekday: int | None

    def resolve(self, reference: dt.date | None) -> dt.date | None:
        """The calendar date, taking a missing year from the weekday or the reference date."""
        if self.year is not None:
            return _safe_date(self.year, self.month, self.day)
        if reference is None:
            return None
        candidates = [
            d
            for y in (reference.year, reference.year - 1)
            if (d := _safe_date(y, self.month, self.day)) is not None and d <= reference
        ]
        if self.weekday is not None:
            candidates = [d for d in candidates if d.weekday() == self.weekday]
        return max(candidates) if candidates else None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=256)
def find_dates(text: str) -> tuple[DateMention, ...]:
    """Every full day mention in `text` (month names, ISO, dd/mm/yyyy).

    Cached: the extractor asks for the dates of each sentence several times (market day, figures,
    claim date)."""
    if not _DIGIT.search(text):
        return ()  # every form below has a day number
    found: list[DateMention] = []
    for pattern in (_DAY_MONTH, _MONTH_DAY_EN):
        for m in pattern.finditer(text):
            wd = m.group("wd")
            found.append(
                DateMention(
                    m.start(), m.end(), int(m.group("d")), MONTHS[m.group("m").lower()],
                    int(m.group("y")) if m.group("y") else None,
                    WEEKDAYS[wd.lower()] if wd else None,
                )
            )
    for pattern in (_ISO, _NUMERIC_FR):
        for m in pattern.finditer(text):
            found.append(
                DateMention(m.start(), m.end(), int(m.group("d")), int(m.group("m")), int(m.group("y")), None)
            )
    found.sort(key=lambda d: d.start)
    # Overlapping matches ("lundi 27 janvier" by both patterns): keep the longest.
    kept: list[DateMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            if mention.end - mention.start > kept[-1].end - kept[-1].start:
                kept[-1] = mention
            continue
        kept.append(mention)
    return tuple(d for d in kept if 1 <= d.day <= 31 and 1 <= d.month <= 12)


def parse_date_value(value: str) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    """A header date: (exact day, first day of bounds, last day of bounds).

    "2025-01-27" is exact; "2025-01" or "janvier 2025" only bounds the day to that month.
    """
    value = value.strip()
    mentions = find_dates(value)
    if mentions and (day := mentions[0].resolve(None)) is not None:
        return day, day, day
    m = _YEAR_MONTH.search(value) or _MONTH_YEAR.search(value)
    if m:
        month = m.group("m")
        month_number = int(month) if month.isdigit() else MONTHS[month.lower()]
        year = int(m.group("y"))
        if 1 <= month_number <= 12:
            first = dt.date(year, month_number, 1)
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            return None, first, last
    return None, None, None


def _relative_day_pattern() -> re.Pattern:
    """Every relative word in one pattern, the longest first ("avant-hier" before "hier")."""
    alternatives = []
    for word in sorted(RELATIVE_DAYS, key=len, reverse=True):
        # "à la veille de l'élection", "the day before the vote": the eve of an event, not the day before publication
        eve = r"(?!\s+(?:de|du|des|d'|d’|of|the)\b)" if word in EVE_WORDS else ""
        alternatives.append(re.escape(word) + eve)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")


_RELATIVE_DAY = _relative_day_pattern()


def relative_days(sentence: str) -> list[tuple[int, int]]:
    """(offset, position) of each relative day named, in text order: -1 for "hier"/"yesterday", 0 for
    "aujourd'hui"/"today"."""
    return [(RELATIVE_DAYS[m.group(0)], m.start()) for m in _RELATIVE_DAY.finditer(sentence.lower())]
