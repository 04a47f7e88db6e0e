"""Who a figure is about beyond the names the gazetteer finds: currency pairs from quoted rates, index groups
("all three major U.S. indexes"), definite descriptions ("l'action du géant américain"), the listing the
context names (ASML.AS or the ADR), and the article's home market.
"""

from __future__ import annotations

import re
from collections import Counter

from .. import lexicon as lx
from ..entities import Entity, Mention


OTHERS = re.compile(r"\b(?:other|autres)\b", re.IGNORECASE)


# A description that heads a relative clause is that clause's subject, whatever preposition comes before it.
RELATIVE_AFTER = re.compile(r"\s*,?\s*(?:that|which|qui)\b", re.IGNORECASE)


class SubjectReader:
    """Names beyond the gazetteer's: what a description, a rate or a group of indices stands for."""

    def _currency_pairs(self, mentions: list[Mention]) -> list[Mention]:
        """ "The euro was up at USD1.0402", "the dollar was down at JPY156.74": a currency named before a rate quoted
        in another is the pair (Yahoo's EURUSD=X; a dollar base is written JPY=X)."""
        if not (rate := lx.QUOTED_RATE.search(self.sentence)):
            return mentions
        quote = rate.group("code")
        # the currency named last before the rate, in another currency ("Against the yen, the dollar … at JPY156.74")
        word = next((w for w in reversed(list(lx.CURRENCY_WORD.finditer(self.sentence, 0, rate.start())))
                     if lx.CURRENCY_CODES[w.group(0).lower()] != quote), None)
        if word is None:
            return mentions
        base = lx.CURRENCY_CODES[word.group(0).lower()]
        pair = self.entities.by_ticker.get(f"{quote}=X" if base == "USD" else f"{base}{quote}=X")
        if pair is None or any(m.start < word.end() and word.start() < m.end for m in mentions):
            return mentions
        return sorted(mentions + [Mention(word.start(), word.end(), word.group(0), pair)], key=lambda m: m.start)

    def _index_groups(self, mentions: list[Mention]) -> list[Mention]:
        """ "Les trois principaux indices de Wall Street": a name of several indices is each of them, at the same
        place (one claim per member); the names inside it ("Wall Street") are part of it. "The other …" are the
        members not named on their own before it ("the Dow and the other main U.S. indexes")."""
        groups = [Mention(m.start(), m.end(), m.group(0), entity)
                  for members, pattern in lx.INDEX_GROUPS
                  for m in pattern.finditer(self.sentence)
                  for ticker in members
                  if (entity := self.entities.by_ticker.get(ticker)) is not None]
        if not groups:
            return mentions
        outside = [m for m in mentions if all(m.end <= g.start or m.start >= g.end for g in groups)]
        return sorted(outside + [g for g in groups if not (OTHERS.search(g.surface) and any(
            m.entity.ticker == g.entity.ticker and m.end <= g.start for m in outside))], key=lambda m: m.start)

    def _anaphor(self, start: int, end: int) -> tuple[Mention | None, int, int] | None:
        """ "l'action du géant américain", "its shares": the company named most recently before; "the index",
        "l'indice": the index named most recently before.

        Returns (the company or None when none was named, where the description starts and ends),
        or None when [start, end) holds no such description.
        """
        found = None
        for pattern, kind in ((lx.ANAPHORA, "equity"), (lx.INDEX_ANAPHORA, "index"), (lx.PRONOUN_SUBJECT, None),
                              (lx.SHARES_SUBJECT, "salient")):
            for m in pattern.finditer(self.sentence, start, end):
                if lx.PREPOSITION_BEFORE.search(self.sentence, max(0, m.start() - 8), m.start()) and not \
                        RELATIVE_AFTER.match(self.sentence, m.end()):
                    continue  # "the top mover in the index": a complement (not "on the index that rose 20%")
                if found is None or m.start() > found[0].start():
                    found = (m, kind)
        if found is None:
            return None
        m, kind = found
        seen = self.recent + [x for x in self.mentions if x.end <= m.start()]
        if kind == "salient":
            # "Shares are still down 37%": the company the article is about — named most, the first of a tie —
            # not the one named last in passing ("…, beyond Molina Healthcare, which is up 21%")
            counts = Counter(x.entity.ticker for x in seen if x.entity.kind == "equity")
            if not counts:
                return None, m.start(), m.end()
            best = max(counts.values())
            mention = next(x for x in seen if x.entity.kind == "equity" and counts[x.entity.ticker] == best)
            return Mention(-1, -1, mention.surface, mention.entity), m.start(), m.end()
        if kind == "equity" and (last := self._last_claimed(kind)) is not None:
            # "Intel jumped 16.1% after a report that Broadcom and TSMC […]. The stock closed at $27.39": the
            # company the copy is making claims about, not one named in passing since
            return Mention(-1, -1, last.surface, last.entity), m.start(), m.end()
        if kind is None and (topic := self._topic_of_previous_sentence()) is not None:
            # "Vers 9h45, le titre perdait 7,41 %, … de l'indice CAC 40, lui-même en recul de 0,96 %. Peu avant
            # 14 heures, il atteignait -8,71 %": a sentence opening on a pronoun goes on about the last one's first
            # subject, not about the name it ended on
            return Mention(-1, -1, topic.surface, topic.entity), m.start(), m.end()
        for mention in reversed(seen):
            if kind is None or mention.entity.kind == kind:
                return Mention(-1, -1, mention.surface, mention.entity), m.start(), m.end()
        return None, m.start(), m.end()

    def _topic_of_previous_sentence(self) -> Mention | None:
        """The subject of the first claim of the sentence just before, when it made one."""
        previous = [mention for index, mention in self.claimed_subjects if index == self.sentence_index - 1]
        return previous[0] if previous and previous[0].entity is not None else None

    def _last_claimed(self, kind: str) -> Mention | None:
        """The security of that kind the latest claim was about, in this sentence or the one just before."""
        for sentence_index, mention in reversed(self.claimed_subjects):
            if sentence_index < self.sentence_index - 1:
                return None
            if mention.entity.kind == kind:
                return mention
        return None

    def _listing_in_context(self, mention: Mention, position: int) -> Mention:
        """The listing the context names: ASML quoted "à 574 euros", or in a sentence about the AEX, is ASML.AS,
        not the Nasdaq ADR. A price in another currency in the claim's clause decides; else an index named in the
        sentence that is another listing's benchmark."""
        entity = mention.entity
        if entity is None or entity.kind != "equity":
            return mention
        others = [e for t in dict.fromkeys((entity.primary_ticker, *entity.other_listings))
                  if t != entity.ticker and (e := self.entities.by_ticker.get(t)) is not None and e.kind == "equity"]
        if not others:
            return mention
        clause = self.ctx.clause_at(position)
        currencies = {f.unit for f in self.figures if clause[0] <= f.start < clause[1] and f.kind in {"price", "money"}}
        indices = {m.entity.ticker for m in self.mentions + self.places  # "à Amsterdam": the AEX's place
                   if m.entity is not None and m.entity.kind == "index"}
        if entity.currency in currencies or entity.benchmark in indices:
            return mention
        home = self._home_index()
        chosen = (next((e for e in others if e.currency in currencies), None)
                  or next((e for e in others if e.benchmark and e.benchmark in indices), None)
                  # nothing in the sentence: the market the article is about ("Alibaba s'envolait de 5,44 %" in a
                  # Hong Kong wrap is 9988.HK)
                  or (next((e for e in others if e.benchmark == home.ticker and e.calendar != entity.calendar), None)
                      if home is not None and entity.benchmark != home.ticker and not currencies else None))
        return Mention(mention.start, mention.end, mention.surface, chosen) if chosen else mention

    def _home_index(self) -> Entity | None:
        if self._home is None:
            first = next((m.entity for m in self.entities.find(self.article.text) if m.entity.kind == "index"), None)
            main = next((e for e in self.entities.entities if first is not None and e.kind == "index"
                         and e.country == first.country), None)
            self._home = (main,)
        return self._home[0]
