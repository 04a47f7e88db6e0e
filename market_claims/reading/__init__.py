"""The readers of market claims, one module per construction, over one immutable sentence context.

`extract._ArticleReader` walks an article sentence by sentence: it builds a `SentenceContext` (sentence.py: the
text, the names found in it, its figures, the exchange it names, whether it is live) and hands each construction
to its reader. The words each reader looks for are data (market_claims/lexicons/<lang>.yaml); a reader either
emits a claim or leaves the figure with the reason it is not one.

- clauses.py: the pieces every reader shares: the movement word before a figure, the names standing before it,
  what a figure measures, the claim a clause just made (`Said`).
- moves.py: percentages of movement, "respectivement" lists, list items, elliptic second subjects.
- levels.py: points and levels.
- market_values.py: market values and comparisons of them.
- directions.py: claims with no figure.
- quotes.py: US quote items "Apple (AAPL 244.47, -0.13, -0.1%)".
- subjects.py: who a figure is about beyond the names found: currency pairs, index groups, definite descriptions,
  the listing the context names, the article's home market.
- dating.py: the session a claim is about and its time window (session, intraday, period).

The readers are mixins of `_ArticleReader`: they read the sentence context (`self.ctx`, with `self.sentence`,
`self.mentions`, `self.figures` as shorthands) and the article-level state the reader keeps (the names seen so far,
the day carried from an earlier sentence), and write only through `_emit` and the sentence's ledger (the figures
consumed, the reasons a figure was not read).
"""
