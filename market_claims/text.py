"""Text normalisation shared by the article cleaner and the extractor."""

from __future__ import annotations

import re
import unicodedata

from .dates import MONTH_ABBREVIATIONS

# Typographic spaces that French typesetting puts before % ; : ? ! and inside numbers.
_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u200a": " "}
_QUOTES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'"}
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def normalise(text: str) -> str:
    """NFC, one kind of space and apostrophe, no zero-width characters.

    The result has the same meaning as the input; offsets into it are what
    claims record, so every later stage works on this form.
    """
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    for src, dst in {**_SPACES, **_QUOTES}.items():
        text = text.replace(src, dst)
    return text.replace("\r\n", "\n").replace("\r", "\n")


# An omission mark "[…]" (quoted excerpts) also ends a sentence: what stood around it is not one sentence.
# A full stop with the space left out between two words ("over the past year.In 2024, …") ends one too: a lower-case
# word, then a capitalised one (not "Amazon.com", "U.S.", "3.5").
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"'(\[]?[A-ZÀ-ÖØ-Þ0-9–—-])|\n+|\s*\[(?:…|\.\.\.)\]\s*"
                           r"|(?<=[a-zà-ÿ]{3}\.)(?=[A-ZÀ-ÖØ-Þ][a-zà-ÿ]{1,}\s)")
# A period after these does not end a sentence: "M. Dupont", "Nvidia Corp. said", "U.S. Steel".
_ABBREVIATION = re.compile(
    r"(?:\b(?:M|MM|Mme|Mmes|Dr|St|Inc|Corp|Co|Cos|Bros|Ltd|Cie|Sté|Jr|Sr|Mr|Mrs|Ms|No|vs|etc|av|apr|J\.-C|"
    + "|".join(m.capitalize() for m in MONTH_ABBREVIATIONS) + r")|"  # the wires' months: "on Dec. 29, 1989"
    r"\b(?:[A-Z]\.){1,3}[A-Z]?) ?\.$"  # a space before the period is a slip of the keyboard: "Intel Corp . (INTC)"
)


# "12:52 p.m. ET": a time of day and its zone are one sentence.
_CLOCK_BEFORE_ZONE = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)
_ZONE = re.compile(r"(?:ET|EST|EDT|CT|PT|GMT|BST|CET|UTC|HKT|JST|local)\b")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of sentences: split at . ! ? followed by a capital, and at line breaks.

    Decimal points and commas never split because they are not followed by white space.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group(0).strip(" \t") == "" and _ABBREVIATION.search(text, max(0, match.start() - 8), match.start()):
            continue
        if _CLOCK_BEFORE_ZONE.search(text, max(0, match.start() - 5), match.start()) and _ZONE.match(text, match.end()):
            continue
        if text[start : match.start()].strip():
            spans.append(_strip_span(text, start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append(_strip_span(text, start, len(text)))
    return [piece for span in spans for piece in _bounded(text, *span)]


# Journalism's longest sentences are a few hundred characters. Anything far longer is a table,
# a list or garbage, and reading it whole costs time that grows faster than its length.
MAX_SENTENCE_CHARS = 1000
_CUT = re.compile(r"[;,:)\]]\s|\s")


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span cut into pieces of at most MAX_SENTENCE_CHARS, each at the last separator before the limit."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cuts = [m.end() for m in _CUT.finditer(text, start + MAX_SENTENCE_CHARS // 2, limit)]
        cut = cuts[-1] if cuts else limit
        if text[start:cut].strip():
            pieces.append(_strip_span(text, start, cut))
        start = cut
    if text[start:end].strip():
        pieces.append(_strip_span(text, start, end))
    return pieces


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
