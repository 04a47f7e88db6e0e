-- outlet_scorecard: per publication (per file when the outlet is unknown), how its checkable claims fared.
-- checkable: claims the market could judge (not ambiguous, unverifiable or pending);
-- accurate_share: accurate or consistent with the session, over checkable; median_abs_error: the
-- median distance between claim and market for its % moves, in percentage points.
CREATE OR REPLACE TABLE outlet_scorecard AS
SELECT
    outlet,
    count(DISTINCT article_id) AS articles,
    count(*) AS claims,
    count(*) FILTER (WHERE verdict IN ('accurate', 'approximately_accurate', 'consistent_intraday', 'inaccurate')) AS checkable,
    count(*) FILTER (WHERE verdict IN ('accurate', 'consistent_intraday')) AS accurate,
    count(*) FILTER (WHERE verdict = 'approximately_accurate') AS approximately_accurate,
    count(*) FILTER (WHERE verdict = 'inaccurate') AS inaccurate,
    count(*) FILTER (WHERE verdict IN ('unverifiable', 'ambiguous', 'pending_prices')) AS not_checkable,
    round(count(*) FILTER (WHERE verdict IN ('accurate', 'consistent_intraday'))
          / nullif(count(*) FILTER (WHERE verdict IN ('accurate', 'approximately_accurate', 'consistent_intraday', 'inaccurate')), 0), 3)
        AS accurate_share,
    round(100 * median(abs(difference)) FILTER (WHERE kind = 'price_move' AND difference IS NOT NULL), 2) AS median_abs_error_pp
FROM claim_verdicts
GROUP BY outlet
ORDER BY outlet;
