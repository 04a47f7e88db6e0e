-- claim_disagreements: the same security, day and kind of claim, stated differently by different
-- articles (values further apart than the looser of their stated precisions), with what the market did.
CREATE OR REPLACE TABLE claim_disagreements AS
WITH stated AS (
    SELECT v.ticker, v.event_date, v.kind, v.claim_id, v.article_id, v.outlet, v.claimed_value, v.timing, v.hedge,
           v.verdict, v.actual_value, v.tolerance
    FROM claim_verdicts AS v
    WHERE v.ticker IS NOT NULL AND v.event_date IS NOT NULL AND v.claimed_value IS NOT NULL
      AND v.kind IN ('price_move', 'points_change', 'price_level', 'market_cap_change', 'market_cap_level')
      AND v.timing <> 'period'
),
groups AS (
    SELECT ticker, event_date, kind,
           count(DISTINCT article_id) AS articles,
           min(claimed_value) AS lowest, max(claimed_value) AS highest,
           max(tolerance) AS looser_tolerance,
           any_value(actual_value) AS actual_value,
           string_agg(printf('%s: %s (%s, %s) %s', outlet, claimed_value::VARCHAR, timing, hedge, verdict), ' | '
                      ORDER BY claimed_value, outlet) AS statements
    FROM stated
    GROUP BY ticker, event_date, kind
)
SELECT ticker, event_date, kind, articles, lowest, highest, highest - lowest AS spread, actual_value, statements
FROM groups
WHERE articles > 1 AND highest - lowest > looser_tolerance
ORDER BY ticker, event_date, kind;
