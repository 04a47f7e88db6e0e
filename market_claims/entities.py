"""The company/index reference table and finding its names in text."""

from __future__ import annotations

import re
from dataclasses import dataclass

ENTITY_COLUMNS = ["ticker", "name", "aliases", "kind", "exchange", "listing", "primary_ticker", "other_listings", "calendar",
                  "currency", "country", "benchmark"]

# Exchange names as articles write them, to flag claims that name the wrong market.
EXCHANGE_NAMES = {
    "NYSE": "XNYS", "New York Stock Exchange": "XNYS", "Nasdaq": "XNAS", "NASDAQ": "XNAS",
    "Euronext Paris": "XPAR", "Bourse de Paris": "XPAR", "London Stock Exchange": "XLON",
    "Bourse de Tokyo": "XTKS", "Tokyo Stock Exchange": "XTKS", "Francfort": "XETR", "Frankfurt": "XETR",
}


@dataclass(frozen=True)
class Entity:
    ticker: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    exchange: str
    listing: str  # primary | adr: an ADR's price is checked, and the primary listing recorded
    primary_ticker: str
    other_listings: tuple[str, ...]
    calendar: str
    currency: str
    country: str
    benchmark: str | None  # the index a move is compared with in the event study


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    entity: Entity


def _word_char(char: str) -> bool:
    return char.isalnum() or char in "_&-"


def _joins_word(text: str, i: int, step: int) -> bool:
    """Whether text[i] carries on the word beside a name: a letter, "&", or one hyphen between letters
    ("Air France-KLM"); a wire's dash ("(Jiji Press)--Tokyo stocks") does not."""
    if not 0 <= i < len(text) or not _word_char(text[i]):
        return False
    return text[i] != "-" or (0 <= i + step < len(text) and text[i + step].isalnum())


class EntityIndex:
    """Case-sensitive alias matching: proper nouns are capitalised, and "Orange" ≠ "orange".

    Thousands of names (the index constituents) are found in one Aho-Corasick pass; of names that
    overlap, the longest wins ("Super Micro Computer" over "Super Micro", "FTSE 250" over "FTSE").
    """

    def __init__(self, entities: list[Entity]):
        import ahocorasick

        self.entities = entities
        self.by_ticker = {e.ticker: e for e in entities}
        alias_to_entity: dict[str, Entity] = {}
        for entity in entities:
            for alias in (entity.name, *entity.aliases):
                alias_to_entity.setdefault(alias, entity)
        for alias, entity in list(alias_to_entity.items()):
            if alias[0].islower():  # "l'indice parisien" opens a sentence as "L'indice…"
                alias_to_entity.setdefault(alias[0].upper() + alias[1:], entity)
            first, space, rest = alias.partition(" ")
            if space and len(first) > 2 and first[0].isupper():  # a wire's capitalised lead: "EUROPEAN shares rose…"
                alias_to_entity.setdefault(first.upper() + space + rest, entity)
        self._alias_to_entity = alias_to_entity
        self._automaton = ahocorasick.Automaton()
        for alias in alias_to_entity:
            self._automaton.add_word(alias, alias)
        self._automaton.make_automaton()

    def find(self, text: str) -> list[Mention]:
        candidates = []
        for last, alias in self._automaton.iter(text):
            start, end = last - len(alias) + 1, last + 1
            if _joins_word(text, start - 1, -1):
                continue  # not inside a word; an elided article ("d'ASML", "l'Oréal") may stand before
            following = text[end:end + 1]
            if _joins_word(text, end, 1):
                continue
            if following in "'’" and following and _word_char(text[end + 1:end + 2]) and not (
                    text[end + 1:end + 2] == "s" and not _word_char(text[end + 2:end + 3])):
                continue  # "Orange's" yes, "Arm'x" no
            candidates.append((start, -len(alias), alias))
        kept: list[tuple[int, int, str]] = []
        for start, negative_length, alias in sorted(candidates, key=lambda c: (c[1], c[0])):  # longest first
            end = start - negative_length
            if all(end <= a or start >= b for a, b, _ in kept):
                kept.append((start, end, alias))
        return [Mention(a, b, alias, self._alias_to_entity[alias]) for a, b, alias in sorted(kept)]


_EXCHANGE_PATTERN = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(EXCHANGE_NAMES, key=len, reverse=True)) + r")(?!\w)"
)


def find_exchange(text: str) -> str | None:
    """The exchange a sentence names (MIC), the longest name first: "Euronext Paris" before "Paris"."""
    m = _EXCHANGE_PATTERN.search(text)
    return EXCHANGE_NAMES[m.group(0)] if m else None
