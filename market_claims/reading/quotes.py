"""Quote items of US wraps: "Apple (AAPL 244.47, -0.13, -0.1%)" is a level, a change in dollars and a move."""

from __future__ import annotations

from .. import lexicon as lx
from ..entities import Mention
from .clauses import fraction


class QuoteReader:
    """Quote items, read before the clauses so that their figures are not read twice."""

    def _quote_items(self) -> None:
        """ "Apple (AAPL 244.47, -0.13, -0.1%)": a symbol, its price, its change and its move, as US wraps list
        them. Three claims when the symbol is a listing the reference table knows; the figures are theirs."""
        if "%)" not in self.sentence:  # every quote item ends so: most sentences have none
            return
        for m in lx.QUOTE_ITEM.finditer(self.sentence):
            entity = self.entities.by_ticker.get(m.group("symbol"))
            at = {f.start: f for f in self.figures if m.start() < f.start < m.end()}
            level, change, move = at.get(m.start("level")), at.get(m.start("change")), at.get(m.start("move"))
            if entity is None or None in (level, change, move) or any(id(f) in self.consumed for f in (level, change, move)):
                continue
            symbol = Mention(m.start("symbol"), m.end("symbol"), m.group("symbol"), entity)
            start = m.start("name") if m.group("name") else m.start()
            self._emit("price_level", start, level.end, [symbol], level.value, entity.currency, level, level.end)
            self._emit("points_change", start, change.end, [symbol], change.explicit_sign * change.value, entity.currency,
                       change, change.end)
            self._emit("price_move", start, move.end, [symbol], fraction(move.explicit_sign * move.value, move.decimals),
                       "fraction", move, move.end)
            for figure in (level, change, move):
                self.consumed[id(figure)] = None
                self.quoted.add(id(figure))
