-- price_moves: every bar with the previous session's close, and the moves a claim can be checked against.
-- move      = close / previous close - 1            (close-to-close: what "a chuté de 17 %" means)
-- low_move  = low / previous close - 1, high_move likewise: the session's path, for intraday figures.
CREATE OR REPLACE TABLE price_moves AS
WITH ordered AS (
    SELECT
        ticker, date, open, high, low, close, adj_close, close_basis, currency, source,
        lag(date) OVER by_ticker AS prev_date,
        lag(close) OVER by_ticker AS prev_close
    FROM prices
    WINDOW by_ticker AS (PARTITION BY ticker ORDER BY date)
)
SELECT
    * REPLACE (
        CASE WHEN date - prev_date <= max_session_gap_days() THEN prev_date END AS prev_date,
        CASE WHEN date - prev_date <= max_session_gap_days() THEN prev_close END AS prev_close
    ),
    CASE WHEN date - prev_date <= max_session_gap_days() THEN close / prev_close - 1 END AS move,
    CASE WHEN date - prev_date <= max_session_gap_days() THEN low / prev_close - 1 END AS low_move,
    CASE WHEN date - prev_date <= max_session_gap_days() THEN high / prev_close - 1 END AS high_move
FROM ordered;
