"""Every figure in a sentence: percentages, money, index points, prices and plain numbers.

A figure knows where it stands (offsets), its value as written, its stated precision, an
explicit sign ("-3,2 %") and whether it was a range ("entre 5 et 6 millions"). What it
means — a claim or not — is decided by the grammar in extract.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import find_dates
from .numbers import NUMBER, currency_code, parse_number, scale_of

FR_NUMBER_WORDS = (
    "zéro", "un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
    "treize", "quatorze", "quinze", "seize", "vingt", "vingts", "trente", "quarante", "cinquante", "soixante",
    "cent", "cents", "mille",
)
EN_NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
    "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand",
)
_WORD = "|".join(sorted(FR_NUMBER_WORDS + EN_NUMBER_WORDS, key=len, reverse=True))
# "dix-sept", "trois", "vingt et un", "seventeen", "twenty-five": words only, joined by - or "et"/"and".
NUMBER_WORDS = rf"(?:{_WORD})(?:(?:-|\s+(?:et|and)\s+|\s+|-et-)(?:{_WORD}))*"

_SCALE = r"mille milliards|milliards?|billions?|millions?|trillions?|mds?|md|bn|tn|mn|m|b"
_CURRENCY_WORD = (r"dollars?(?: américains| us)?|euros?|livres?(?: sterling)?|yens?|yuans?|francs suisses|"
                  r"usd|eur|gbp|jpy|chf|cny|\$|€|£|¥")
_NUM = rf"(?P<num>{NUMBER})"
_SIGN = r"(?P<sign>[+\-−](?=\d))?"
# Patterns that start with a number: the lookahead skips every other position at once (Python's
# regex engine would otherwise try the whole pattern at each character).
_AT_NUMBER = r"(?=[-−+\d])"

PERCENT = re.compile(rf"{_AT_NUMBER}{_SIGN}{_NUM}\s*(?:%|pour\s*cent|percent|per\s*cent|pc\b|pct\b)", re.IGNORECASE)
# "$600 billion", "US$1.2 trillion", "€3bn", "$212bn"; and the wires' "USD1.2535", "JPY156.74" (ISO code, capitals)
MONEY_PREFIX = re.compile(
    rf"(?P<cur>US\$|\$|€|£|¥|USD\s|EUR\s|(?-i:USD|EUR|GBP|JPY|CHF|CNY)(?=\d))\s?(?P<num>{NUMBER})(?:\s?(?P<scale>{_SCALE})\b)?", re.IGNORECASE)
# "600 milliards de dollars", "5 Md$", "118,42 dollars", "2.5 trillion dollars", "1 200 milliards d'euros"
MONEY_SUFFIX = re.compile(
    rf"{_AT_NUMBER}{_NUM}\s*(?P<scale>{_SCALE})?\b\.?\s*(?:de\s+|d')?(?P<cur>{_CURRENCY_WORD})(?![\w])", re.IGNORECASE)
# A scale with no currency: "600 milliards" (currency may follow elsewhere, or it is a count)
SCALED = re.compile(rf"{_AT_NUMBER}{_NUM}\s*(?P<scale>mille milliards|milliards?|millions?|billions?|trillions?|mds?|bn|tn)\b",
                    re.IGNORECASE)
POINTS = re.compile(rf"{_AT_NUMBER}{_SIGN}{_NUM}(?:\s*|-)(?:points?|pts?)\b(?!\s*de base|\s*basis)", re.IGNORECASE)
BASIS_POINTS = re.compile(rf"{_AT_NUMBER}{_NUM}\s*(?:points? de base|basis points?|bps?|pb)\b", re.IGNORECASE)
# Number words only before a unit ("trois pour cent", "seventeen percent", "deux milliards de dollars"):
# "un"/"une" are everywhere else. Scanned only when such a unit is in the sentence.
WORD_FIGURE = re.compile(
    rf"(?<![\w])(?<!at )(?P<num>{NUMBER_WORDS})\s+(?P<unit>pour\s*cent|percent|per\s*cent|points?|"  # not "at one point"
    rf"(?P<scale>milliards?|millions?|billions?|trillions?))\b(?:\s*(?:de\s+|d')?(?P<cur>{_CURRENCY_WORD})(?![\w]))?",
    re.IGNORECASE,
)
_WORD_FIGURE_UNIT = re.compile(r"pour\s*cent|percent|per\s*cent|points?\b|milliard|million|billion|trillion", re.IGNORECASE)
BARE = re.compile(rf"{_AT_NUMBER}(?<![\w.,/-]){_SIGN}(?P<num>{NUMBER})(?![\w/-]|[.,]\d)(?P<times>\s+(?:fois|times))?",
                  re.IGNORECASE)
# "entre 5 et 6 millions", "between $60 billion and $65 billion", "de 3 à 4 %"
_LOW = rf"(?P<low>[$€£]?\s?{NUMBER})\s*(?:{_SCALE})?\s*(?:%|{_CURRENCY_WORD})?\s*"
RANGE_START = re.compile(rf"(?P<open>entre|between|de|from)\s+{_LOW}(?P<glue>et|and|à|to)\s*$", re.IGNORECASE)
# "entre … et …", "between … and …", "de … à …", "from … to …": the words go in pairs.
RANGE_PAIRS = {"entre": "et", "between": "and", "de": "à", "from": "to"}


# A figure needs a digit, or a number word before one of these units.
_MAY_HOLD_A_FIGURE = re.compile(r"\d|%|pour\s*cent|percent|per\s*cent|points?\b|milli|billion|trillion",
                                re.IGNORECASE)


@dataclass
class Figure:
    start: int  # offsets in the sentence, sign and unit included
    end: int
    value: float  # as written: 17.0 for "17 %", money in currency units, points
    decimals: int  # digits after the decimal mark: the stated precision
    kind: str  # percent | money | points | basis_points | price | number
    unit: str  # fraction | USD | EUR | ... | points | count | times
    explicit_sign: int | None = None  # +1 / -1 when written "+2,1 %" / "-3,2 %"
    low: float | None = None  # the lower bound of a range
    scale: float = 1.0  # what a scale word multiplies by (1e9 for "milliards"); 1 for a price or a plain number
    unit_from_next: bool = False  # "de 1,86 et 1,57 %": the unit written once, after the next figure

    @property
    def step(self) -> float:
        """One unit of the last digit written, in the figure's unit: its stated precision.

        "17 %" -> 0.01 (as a fraction), "14,20 %" -> 0.0001, "600 milliards" -> 1e9, "118,42" -> 0.01.
        """
        return 10 ** -self.decimals * self.scale / (100 if self.kind == "percent" else 1)


def parse_value(written: str, lang: str) -> tuple[float, int]:
    """A number in digits or in words; raises ValueError when it is neither."""
    written = written.strip()
    if re.search(r"\d", written):
        parsed = parse_number(written, lang)
        return parsed.value, parsed.decimals
    from text_to_num import text2num

    for language in (("fr", "en") if lang == "fr" else ("en", "fr")):
        try:
            return float(text2num(written.replace("-et-", " et "), language)), 0
        except ValueError:
            continue
    raise ValueError(f"not a number: {written!r}")


def _sign(match: re.Match) -> int | None:
    sign = match.groupdict().get("sign")
    return None if not sign else (1 if sign == "+" else -1)


def find_figures(sentence: str, lang: str, protected: list[tuple[int, int]]) -> list[Figure]:
    """All figures of a sentence, left to right, none overlapping another or a protected span.

    `protected` holds spans that are not figures even though they hold digits: entity names
    ("CAC 40", "S&P 500") and dates.
    """
    if not _MAY_HOLD_A_FIGURE.search(sentence):
        return []  # most sentences: no digit and no unit a number word could stand before
    taken: list[tuple[int, int]] = list(protected) + [(d.start, d.end) for d in find_dates(sentence)]
    found: list[Figure] = []

    def free(start: int, end: int) -> bool:
        return not any(start < b and a < end for a, b in taken)

    def add(figure: Figure) -> None:
        taken.append((figure.start, figure.end))
        found.append(figure)

    def value_of(match: re.Match) -> tuple[float, int] | None:
        try:
            return parse_value(match.group("num"), lang)
        except ValueError:
            return None

    for match in PERCENT.finditer(sentence):
        if free(match.start(), match.end()) and (parsed := value_of(match)):
            add(Figure(match.start(), match.end(), parsed[0], parsed[1], "percent", "fraction", _sign(match)))
    for match in BASIS_POINTS.finditer(sentence):
        if free(match.start(), match.end()) and (parsed := value_of(match)):
            add(Figure(match.start(), match.end(), parsed[0], parsed[1], "basis_points", "basis_points"))
    for pattern in (MONEY_PREFIX, MONEY_SUFFIX):
        for match in pattern.finditer(sentence):
            if not free(match.start(), match.end()) or not (parsed := value_of(match)):
                continue
            currency = currency_code(match.group("cur"))
            scale = scale_of(match.group("scale"), lang) if match.group("scale") else None
            if match.group("scale") and scale is None:
                continue
            kind = "money" if scale else "price"
            add(Figure(match.start(), match.end(), parsed[0] * (scale or 1), parsed[1], kind, currency,
                              scale=scale or 1.0))
    for match in SCALED.finditer(sentence):
        if free(match.start(), match.end()) and (parsed := value_of(match)):
            scale = scale_of(match.group("scale"), lang)
            if scale:
                add(Figure(match.start(), match.end(), parsed[0] * scale, parsed[1], "money", "count",
                                  scale=scale))
    for match in POINTS.finditer(sentence):
        if free(match.start(), match.end()) and (parsed := value_of(match)):
            add(Figure(match.start(), match.end(), parsed[0], parsed[1], "points", "points", _sign(match)))
    if _WORD_FIGURE_UNIT.search(sentence):
        for match in WORD_FIGURE.finditer(sentence):
            if not free(match.start(), match.end()) or not (parsed := value_of(match)):
                continue
            unit_word = match.group("unit").lower()
            if match.group("scale"):
                scale = scale_of(match.group("scale"), lang) or 1
                currency = currency_code(match.group("cur")) if match.group("cur") else "count"
                figure = Figure(match.start(), match.end(), parsed[0] * scale, 0, "money", currency, scale=scale)
            elif unit_word.startswith("point"):
                figure = Figure(match.start(), match.end(), parsed[0], 0, "points", "points")
            else:
                figure = Figure(match.start(), match.end(), parsed[0], 0, "percent", "fraction")
            add(figure)
    for match in BARE.finditer(sentence):
        if not free(match.start(), match.end()) or not (parsed := value_of(match)):
            continue
        if re.fullmatch(r"(?:19|20)\d\d", match.group("num")):
            continue  # a year
        unit = "times" if match.group("times") else "count"
        if unit == "count" and (shared := _unit_shared_with(sentence, match.end(), parsed[1], found)) is not None:
            add(Figure(match.start(), match.end(), parsed[0], parsed[1], shared.kind, shared.unit, _sign(match),
                       unit_from_next=True))
            continue
        add(Figure(match.start(), match.end(), parsed[0], parsed[1], "number", unit, _sign(match)))
    found.sort(key=lambda f: f.start)
    return _merge_ranges(sentence, found, lang)


# "des reculs de 1,86 et 1,57 %", "rose 1.2 and 0.8 per cent respectively": the unit written once, after the last.
_UNIT_SHARED_GLUE = re.compile(r"\s*(?:et|and)\s+", re.IGNORECASE)


def _unit_shared_with(sentence: str, end: int, decimals: int, found: list[Figure]) -> Figure | None:
    """The percentage right after a bare number and "et"/"and" that lends it its unit, written to the same
    precision (so "les 40 et 1,2 %" keeps its 40 a number)."""
    glue = _UNIT_SHARED_GLUE.match(sentence, end)
    if glue is None:
        return None
    return next((f for f in found if f.start == glue.end() and f.kind == "percent" and f.decimals == decimals), None)


def _merge_ranges(sentence: str, figures: list[Figure], lang: str) -> list[Figure]:
    """ "entre 5 et 6 millions de dollars" is one figure from 5 to 6 million, not two."""
    merged: list[Figure] = []
    for figure in figures:
        match = RANGE_START.search(sentence[: figure.start])
        previous = merged[-1] if merged else None
        paired = match and RANGE_PAIRS[match.group("open").lower()] == match.group("glue").lower()
        if paired and previous and previous.start >= match.start("low") and previous.kind in ("number", figure.kind):
            merged.pop()
            # A bare low end takes the high end's scale: "entre 5 et 6 millions" -> 5 million.
            scale = figure.value / _written_value(sentence[figure.start : figure.end], lang) if previous.kind == "number" else 1.0
            figure.low = previous.value * scale
            figure.start = match.start()
        merged.append(figure)
    return merged


def _written_value(text: str, lang: str) -> float:
    """The number as written at the head of `text`, without its scale."""
    match = re.search(NUMBER, text)
    try:
        return parse_number(match.group(0), lang).value or 1.0 if match else 1.0
    except ValueError:
        return 1.0
