-- price_moves: every bar with the close of the session before it (from the exchange calendar, table
-- `sessions`), and the moves a claim is checked against.
-- move      = close / previous session's close - 1     (close-to-close: what "a chuté de 17 %" means)
-- low_move  = low / previous close - 1, high_move likewise: the session's path, for intraday figures.
-- When the previous session's bar is missing the move is null: a gap is never bridged.
CREATE OR REPLACE TABLE price_moves AS
SELECT
    b.ticker, b.date, b.open, b.high, b.low, b.close, b.adj_close, b.close_basis, b.currency, b.source,
    s.prev_session AS prev_date,
    p.close AS prev_close,
    b.close / p.close - 1 AS move,
    b.low / p.close - 1 AS low_move,
    b.high / p.close - 1 AS high_move
FROM prices AS b
LEFT JOIN sessions AS s ON s.ticker = b.ticker AND s.session = b.date
LEFT JOIN prices AS p ON p.ticker = b.ticker AND p.date = s.prev_session;
