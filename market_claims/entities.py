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


class EntityIndex:
    """Case-sensitive alias matching: proper nouns are capitalised, and "Orange" ≠ "orange"."""

    def __init__(self, entities: list[Entity]):
        self.entities = entities
        self.by_ticker = {e.ticker: e for e in entities}
        alias_to_entity: dict[str, Entity] = {}
        for entity in entities:
            for alias in (entity.name, *entity.aliases):
                alias_to_entity.setdefault(alias, entity)
        self._alias_to_entity = alias_to_entity
        alternatives = "|".join(re.escape(a) for a in sorted(alias_to_entity, key=len, reverse=True))
        # Not inside a word; an elided article ("d'ASML", "l'Oréal") may stand before.
        self._pattern = re.compile(rf"(?<![\w&-])(?:{alternatives})(?![\w&-]|'(?!s\b)\w)")

    def find(self, text: str) -> list[Mention]:
        return [
            Mention(m.start(), m.end(), m.group(0), self._alias_to_entity[m.group(0)])
            for m in self._pattern.finditer(text)
        ]


_EXCHANGE_PATTERN = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(EXCHANGE_NAMES, key=len, reverse=True)) + r")(?!\w)"
)


def find_exchange(text: str) -> str | None:
    """The exchange a sentence names (MIC), the longest name first: "Euronext Paris" before "Paris"."""
    m = _EXCHANGE_PATTERN.search(text)
    return EXCHANGE_NAMES[m.group(0)] if m else None
