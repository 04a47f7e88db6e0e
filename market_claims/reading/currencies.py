"""Currency moves quoted against another currency: "the pound was trading 0.12% lower against the dollar at 1.2969
and had dropped 0.04% against the euro at 1.2001", "the dollar was last down 0.01% on sterling", "The yen was last
down 0.65% at 143.56 against the dollar".

The pair is the currency the move is about (the last one named before the figure, not a quote already used) and the
one it is measured against. Yahoo quotes each pair one way (GBPUSD=X, GBPEUR=X, EURUSD=X; the dollar first as JPY=X):
a move quoted the other way round ("the yen down 0.65% against the dollar" is USD/JPY up) changes sign, and a level
is kept as written, since wires quote the market's convention (143.56 yen a dollar).
"""

from __future__ import annotations

import re

from .. import lexicon as lx
from ..entities import Entity, Mention
from ..figures import Figure
from .clauses import cue_after, fraction, last_cue

# Right after a move's figure (and its direction word): what it is measured against.
_AGAINST = re.compile(r"\s*(?:(?:higher|lower|up|down)\s+)?(?:against|versus|vs\.?|on|face|contre|par rapport)\s+"
                      r"(?:the\s+|au\s+|à\s+l['’]|à\s+la\s+|le\s+|la\s+|l['’])?(?P<currency>" + lx.CURRENCY_NAMES + r")\b",
                      re.IGNORECASE)
# A level right after: "at 1.2969", "to trade at $1.2700", ", changing hands at €1.2022".
_LEVEL_AFTER = re.compile(r"^[\s,]*(?:to\s+)?(?:(?:trade|changing hands|trading|standing)\s+)?(?:at|à)\s*$", re.IGNORECASE)
# …or right before the currency phrase: "The yen was last down 0.65% at 143.56 against the dollar".
_LEVEL_BETWEEN = re.compile(r"^\s*(?:at|à)\s*$", re.IGNORECASE)


# "a weaker yen", "Weaker Yen", "un euro plus faible" is not read (the adjective comes after): before the name only.
_STRENGTH_BEFORE = re.compile(r"\b(?:weaker|softer|stronger|firmer)\s+$", re.IGNORECASE)
# Between the currency and its verb: an auxiliary, an adverb ("the yen was sharply weaker" is read by the words).
_VERB_AFTER_CURRENCY = re.compile(r"\s*(?:(?:was|is|has|had|were|a|est)\s+)?(?:\w+ly\s+)?", re.IGNORECASE)


class CurrencyReader:
    """A currency's move against another, and the rate it stood at; read before the clauses."""

    def _currency_moves(self) -> None:
        sentence = self.sentence
        if not lx.CURRENCY_NAME.search(sentence):
            return
        used: list[tuple[int, int]] = []  # the quote currencies already read: not the subject of the next move
        figures = [f for f in self.figures if id(f) not in self.consumed]
        for i, figure in enumerate(figures):
            if figure.kind != "percent":
                continue
            nxt = figures[i + 1] if i + 1 < len(figures) else None
            level = None
            against = _AGAINST.match(sentence, figure.end)
            if against is None and nxt is not None and _LEVEL_BETWEEN.match(sentence[figure.end:nxt.start]):
                against, level = _AGAINST.match(sentence, nxt.end), nxt  # "down 0.65% at 143.56 against the dollar"
            if against is None:
                continue
            quote = lx.CURRENCY_CODES[against.group("currency").lower()]
            base = next((w for w in reversed(list(lx.CURRENCY_NAME.finditer(sentence, 0, figure.start)))
                         if lx.CURRENCY_CODES[w.group(0).lower()] != quote
                         and not any(a <= w.start() < b for a, b in used)), None)
            used.append((against.start("currency"), against.end("currency")))
            if base is None:
                continue
            pair, inverted = self._pair(lx.CURRENCY_CODES[base.group(0).lower()], quote)
            if pair is None:
                continue
            sign = figure.explicit_sign or cue_after(sentence, figure) or (
                cue.sign if (cue := last_cue(sentence[base.end():figure.start], base.end())) else None)
            if sign is None:
                continue
            subject = [Mention(base.start(), base.end(), base.group(0), pair)]
            move = fraction(-sign * abs(figure.value) if inverted else sign * abs(figure.value), figure.decimals)
            self._emit("price_move", base.start(), against.end(), subject, move, "fraction", figure, against.end())
            self._read(figure)
            if level is None and nxt is not None and nxt.kind in {"number", "price"} and _LEVEL_AFTER.match(
                    sentence[against.end():nxt.start]):
                level = nxt
            if level is not None and id(level) not in self.consumed:
                if level.kind == "price" and level.unit != pair.currency:
                    # "the dollar … slipped 0.3% against the euro, changing hands at €1.1917": a rate in euros is
                    # no dollar-euro quote (EURUSD is in dollars): another pair's, not this one's
                    self._figure_row(level, f"a rate in {level.unit}, not the {pair.ticker} quote")
                    self._read(level)
                    continue
                self._emit("price_level", base.start(), level.end, subject, level.value, pair.currency, level,
                           max(level.end, against.end()))
                self._read(level)

    def _currency_directions(self) -> None:
        """ "the yen weakened", "pound weakens", "a weaker yen": a currency's direction with no figure and no other
        currency named, against the dollar (USD/JPY up when the yen weakens)."""
        sentence = self.sentence
        if not lx.CURRENCY_NAME.search(sentence):
            return
        for base in lx.CURRENCY_NAME.finditer(sentence):
            code = lx.CURRENCY_CODES[base.group(0).lower()]
            if code == "USD" or any(a <= base.start() < b for a, b in self.claimed_spans):
                continue
            start, end = self.ctx.clause_at(base.start())
            if any(start <= f.start < end and f.kind == "percent" for f in self.figures) or _AGAINST.search(
                    sentence, base.end(), end):
                continue  # a figure or another currency: the moves above read it
            sign, quote_start, quote_end = None, base.start(), base.end()
            if adjective := _STRENGTH_BEFORE.search(sentence, max(0, base.start() - 12), base.start()):
                sign, quote_start = (-1 if adjective.group(0).lower().startswith(("weak", "soft", "faibl")) else 1,
                                     adjective.start())
            else:
                for verb_sign, pattern in ((-1, lx.INTRANSITIVE_DOWN), (1, lx.INTRANSITIVE_UP)):
                    if (verb := pattern.search(sentence, base.end(), min(end, base.end() + 30))) and \
                            _VERB_AFTER_CURRENCY.fullmatch(sentence, base.end(), verb.start()):
                        sign, quote_end = verb_sign, verb.end()
                        break
            if sign is None:
                continue
            pair, inverted = self._pair(code, "USD")
            if pair is None:
                continue
            self._emit("direction", quote_start, quote_end, [Mention(base.start(), base.end(), base.group(0), pair)],
                       float(-sign if inverted else sign), "sign", None, quote_end)

    def _pair(self, base: str, quote: str) -> tuple[Entity | None, bool]:
        """The pair as Yahoo quotes it, and whether the text quotes it the other way round."""
        def symbol(first: str, second: str) -> str:
            return f"{second}=X" if first == "USD" else f"{first}{second}=X"
        if (pair := self.entities.by_ticker.get(symbol(base, quote))) is not None:
            return pair, False
        return self.entities.by_ticker.get(symbol(quote, base)), True

    def _read(self, figure: Figure) -> None:
        self.consumed[id(figure)] = None
        self.quoted.add(id(figure))
