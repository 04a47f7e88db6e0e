-- event_study: how much of a share's move on the day was the share, and how much the market.
-- Market model: the share's daily moves regressed on its benchmark index's (entities.benchmark:
-- ^IXIC, ^GSPC, ^FCHI …) over the estimation window — sessions from 180 to 6 days before the event —
-- gives alpha and beta; the abnormal return is the day's move minus alpha + beta × the index's move,
-- and its t statistic divides it by the residuals' standard deviation. Fewer than 40 sessions to
-- estimate on: no figures, and the reason.
CREATE OR REPLACE TABLE event_study AS
WITH events AS (
    SELECT DISTINCT v.claim_id, v.ticker, e.benchmark, v.bar_date AS event_date
    FROM claim_verdicts AS v
    JOIN entities AS e ON e.ticker = v.ticker
    WHERE v.kind = 'price_move' AND v.timing IN ('session', 'intraday') AND v.bar_date IS NOT NULL
      AND e.kind = 'equity' AND e.benchmark IS NOT NULL
),
pairs AS (
    SELECT ev.claim_id, s.date, s.move AS stock_move, b.move AS index_move
    FROM events AS ev
    JOIN price_moves AS s ON s.ticker = ev.ticker AND s.date BETWEEN ev.event_date - INTERVAL 180 DAY AND ev.event_date - INTERVAL 6 DAY
    JOIN price_moves AS b ON b.ticker = ev.benchmark AND b.date = s.date
    WHERE s.move IS NOT NULL AND b.move IS NOT NULL
),
fit AS (
    SELECT claim_id,
           count(*) AS estimation_sessions,
           min(date) AS estimation_start, max(date) AS estimation_end,
           regr_intercept(stock_move, index_move) AS alpha,
           regr_slope(stock_move, index_move) AS beta,
           regr_r2(stock_move, index_move) AS r2,
           sqrt(greatest(regr_syy(stock_move, index_move)
                         - regr_sxy(stock_move, index_move) ^ 2 / nullif(regr_sxx(stock_move, index_move), 0), 0)
                / nullif(count(*) - 2, 0)) AS residual_sd
    FROM pairs
    GROUP BY claim_id
)
SELECT
    ev.claim_id, ev.ticker, ev.benchmark, ev.event_date,
    s.move AS stock_return, b.move AS benchmark_return,
    f.estimation_sessions, f.estimation_start, f.estimation_end, f.alpha, f.beta, f.r2, f.residual_sd,
    CASE WHEN f.estimation_sessions >= 40 THEN f.alpha + f.beta * b.move END AS expected_return,
    CASE WHEN f.estimation_sessions >= 40 THEN s.move - (f.alpha + f.beta * b.move) END AS abnormal_return,
    CASE WHEN f.estimation_sessions >= 40 THEN (s.move - (f.alpha + f.beta * b.move)) / nullif(f.residual_sd, 0) END AS abnormal_t,
    CASE
        WHEN b.move IS NULL THEN 'no bar for the benchmark on the event day'
        WHEN coalesce(f.estimation_sessions, 0) < 40 THEN printf('only %d sessions to estimate the market model on (40 needed)',
                                                                  coalesce(f.estimation_sessions, 0))
    END AS note
FROM events AS ev
LEFT JOIN price_moves AS s ON s.ticker = ev.ticker AND s.date = ev.event_date
LEFT JOIN price_moves AS b ON b.ticker = ev.benchmark AND b.date = ev.event_date
LEFT JOIN fit AS f USING (claim_id)
ORDER BY ev.claim_id;
