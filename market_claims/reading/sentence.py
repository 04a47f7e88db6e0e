"""The sentence being read, as every construction reader sees it: built once per sentence, never changed."""

from __future__ import annotations

from dataclasses import dataclass

from ..entities import Mention
from ..figures import Figure


@dataclass(frozen=True)
class SentenceContext:
    index: int  # the sentence's place in the article
    start: int  # where it starts in the article's text
    text: str
    mentions: tuple[Mention, ...]  # the names that can be subjects, in order
    places: tuple[Mention, ...]  # names that say where, not who ("cotée à Paris", "A la Bourse de Paris, …")
    figures: tuple[Figure, ...]
    exchange: str | None  # the exchange the sentence names (MIC), to flag a claim that names the wrong market
    live: str  # "marker" | "tense" | "": whether its paragraph speaks of the session in progress (dating.py)
    clauses: tuple[tuple[int, int], ...]  # its statements: "Oracle a chuté de 14 %, tandis que Cisco a perdu 5 %"
    heading: str = ""  # the heading line its lines come under ("For the week:"), to the next one or the paragraph's end

    def clause_at(self, position: int) -> tuple[int, int]:
        """The clause holding `position` (the whole sentence if none does)."""
        return next(((a, b) for a, b in self.clauses if a <= position < b), (0, len(self.text)))
