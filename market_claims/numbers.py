"""Numbers as the press writes them: French and English digits, scales and hedges."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# A number: digits with optional thousands groups (space, dot or comma) and a decimal part.
# Thousands apart by a space, a point, a comma, or the Swiss apostrophe ("38'142,37", AWP).
NUMBER = r"(?:[-−+]?\d{1,3}(?:[ .,'’]\d{3})+(?:[.,]\d+)?(?![\d])|[-−+]?\d+(?:[.,]\d+)?)"

SCALES_FR = {
    "mille milliards": 1e12,
    "milliards": 1e9,
    "milliard": 1e9,
    "mds": 1e9,
    "md": 1e9,
    "millions": 1e6,
    "million": 1e6,
    "m": 1e6,
    "billions": 1e12,  # French "billion" is 10^12
    "billion": 1e12,
}
SCALES_EN = {
    "trillion": 1e12,
    "tn": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
}

CURRENCIES = {
    "dollars": "USD",
    "dollar": "USD",
    "$": "USD",
    "usd": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "€": "EUR",
    "eur": "EUR",
    "livres": "GBP",
    "£": "GBP",
    "gbp": "GBP",
    "yens": "JPY",
    "yen": "JPY",
    "¥": "JPY",
    "jpy": "JPY",
    "us$": "USD",
    "yuans": "CNY",
    "yuan": "CNY",
    "cny": "CNY",
    "francs suisses": "CHF",
    "chf": "CHF",
}


def currency_code(word: str) -> str:
    """ISO code of a currency as written ("dollars américains", "€", "livres sterling", "USD")."""
    key = re.sub(r"\s+(?:américains|us|sterling)$", "", word.strip().lower())
    return CURRENCIES.get(key) or CURRENCIES.get(key.rstrip("s")) or key.upper()

# Hedge words before a figure, longest first so "plus de" does not shadow "un peu plus de".
HEDGES = [
    ("un peu plus de", "at_least"),
    ("un peu moins de", "at_most"),
    ("pas moins de", "at_least"),
    ("à peine", "at_most"),  # "à peine 0,1 %": barely
    ("quasiment", "approx"),
    ("près de", "approx"),
    ("pres de", "approx"),
    ("presque", "approx"),
    ("environ", "approx"),
    ("quelque", "approx"),
    ("autour de", "approx"),
    ("approximativement", "approx"),
    ("plus de", "at_least"),
    ("au moins", "at_least"),
    ("moins de", "at_most"),
    ("jusqu'à", "at_most"),
    ("nearly", "approx"),
    ("almost", "approx"),
    ("about", "approx"),
    ("around", "approx"),
    ("roughly", "approx"),
    ("some", "approx"),
    ("more than", "at_least"),
    ("larger than", "at_least"),
    ("greater than", "at_least"),
    ("better than", "at_least"),
    ("as much as", "at_most"),  # "worth as much as"; before a move's figure it is the session's peak (extract: PEAK_BEFORE_FIGURE)
    ("as little as", "at_least"),
    ("over", "at_least"),
    ("at least", "at_least"),
    ("less than", "at_most"),
    ("under", "at_most"),
]


@dataclass(frozen=True)
class ParsedNumber:
    value: float
    decimals: int  # digits after the decimal mark as written: the stated precision


def parse_number(text: str, lang: str = "fr") -> ParsedNumber:
    """Parse one written number. French: ',' decimal, space/dot thousands; English: the reverse.

    Raises ValueError for anything that is not a number, so callers never guess.
    """
    raw = text.strip().replace("−", "-").replace(" ", "").replace("'", "").replace("’", "")
    if not re.fullmatch(r"[-+]?[\d.,]+", raw) or not re.search(r"\d", raw):
        raise ValueError(f"not a number: {text!r}")
    decimal_mark = _decimal_mark(raw, lang)
    digits = raw.replace("," if decimal_mark == "." else ".", "")
    if decimal_mark is None:
        digits = raw.replace(",", "").replace(".", "")
    raw = digits
    integer, _, fraction = raw.rpartition(decimal_mark) if decimal_mark else (raw, "", "")
    integer = integer.replace(decimal_mark, "") if decimal_mark else integer  # "2.784.92": a slip, the last mark decimal
    if not integer.strip("+-"):
        integer += "0"
    value = float(f"{integer}.{fraction}" if fraction else integer)
    if not math.isfinite(value):  # hundreds of digits: no market figure, and inf would poison every sum
        raise ValueError(f"not a finite number: {text[:40]!r}…")
    return ParsedNumber(value=value, decimals=len(fraction))


# A threshold crossed or stayed under: "closed above the key threshold of 20,000", "a franchi la barre des 20 000
# points", "sous les 7 000 points" — the figure is a bound, not the level itself.
THRESHOLD_BEFORE = re.compile(
    # ("over" and "under" alone are hedges, "over 1,100 points": only "over the …" is a threshold)
    r"(?:(?P<up>above|over(?=\s+the\b)|topped|tops|surpassed|beyond|au-dessus|au-delà|franchi|franchit|franchissant|dépassé|dépasse|dépassant|passé|accroché|accroche)"
    r"|(?P<down>below|under(?=\s+the\b)|beneath|sous|en dessous|en deçà|enfoncé))\s+"
    r"(?:(?:de|du|des|d['’])\s*)?(?:(?:the|le|la|les|l['’])\s*)?"
    r"(?:(?:key|symbolic|psychological|closely watched|symbolique|psychologique|fatidique)\s+)?"
    r"(?:(?:threshold|mark|level|barrier|line|barre|seuil|cap|niveau|limite)s?\s+)?"
    r"(?:(?:symbolique|psychologique|fatidique)\s+)?(?:(?:of|de|des|du|d['’])\s*)?$", re.IGNORECASE)


def hedge_before(text: str, index: int, lang: str = "fr") -> str:
    """The hedge written just before position `index` ('none' if there is none)."""
    window = text[max(0, index - 25) : index].lower().rstrip()
    for phrase, hedge in HEDGES:
        if window.endswith(phrase):
            return hedge
    if m := THRESHOLD_BEFORE.search(text, max(0, index - 70), index):
        return "at_least" if m.group("up") else "at_most"
    return "none"


def scale_of(word: str, lang: str = "fr") -> float | None:
    """10^n for a scale word; the article's language decides "billion" (10^12 in French)."""
    first, second = (SCALES_FR, SCALES_EN) if lang == "fr" else (SCALES_EN, SCALES_FR)
    key = word.lower().strip(".")
    return first.get(key, second.get(key))


def _decimal_mark(raw: str, lang: str) -> str | None:
    """Which of '.' and ',' is the decimal mark in `raw` (None: it has only thousands marks)."""
    marks = [c for c in raw if c in ".,"]
    if not marks:
        return None
    if len(set(marks)) == 2:  # "1,234.5" or "1.234,5": the last mark is the decimal one
        return marks[-1]
    mark = marks[0]
    if len(marks) > 1:  # "1,234,567": a repeated mark separates thousands; before two digits it is the
        # decimal mark of a slip ("to 2.784.92", "at 37,705,74": one mark typed for the other)
        return None if re.search(rf"\{mark}\d{{3}}$", raw) else mark
    language_thousands = "." if lang == "fr" else ","
    if mark == language_thousands and re.search(rf"\{mark}\d{{3}}$", raw):
        return None
    return mark
