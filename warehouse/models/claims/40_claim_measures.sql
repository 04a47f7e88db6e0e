-- claim_measures: what the market did, in each claim's own terms, and what stands in the way when it cannot be said.
-- price_move: close-to-close move of the session (or from the close before a period's start);
-- points_change: close minus previous close (or the close before a period's start); direction: the sign of either
-- (for "flat", the move itself); price_level: the close (traded closes only: an
-- adjusted-only series never checks a quoted price); market_cap_change / _level: change of close
-- (or close) times shares, summed over the subjects, in the claim's currency; market_cap_comparison:
-- the subject's amount over the sum of the compared companies' market values; direction: the sign.
CREATE OR REPLACE TABLE claim_measures AS
WITH per_claim AS (
    SELECT
        claim_id,
        count(*) FILTER (WHERE role = 'subject') AS subjects,
        count(*) FILTER (WHERE role = 'subject' AND priced) AS subjects_priced,
        string_agg(ticker, ', ' ORDER BY position) FILTER (WHERE role = 'subject' AND NOT priced) AS subjects_unpriced,
        bool_or(NOT priced AND coverage_status = 'failed') AS prices_pending,
        string_agg(DISTINCT coverage_error, '; ') FILTER (WHERE NOT priced AND coverage_status <> 'ok') AS price_error,
        string_agg(ticker, ', ' ORDER BY role DESC, position) FILTER (WHERE shares_outstanding IS NULL) AS without_shares,
        string_agg(ticker, ', ' ORDER BY role DESC, position) FILTER (WHERE priced AND fx_rate IS NULL) AS without_fx,
        count(*) FILTER (WHERE role = 'compared') AS compared,
        count(*) FILTER (WHERE role = 'compared' AND priced) AS compared_priced,
        sum((close - prev_close) * shares_outstanding * fx_rate) FILTER (WHERE role = 'subject') AS market_cap_change,
        sum(close * shares_outstanding * fx_rate) FILTER (WHERE role = 'subject') AS market_cap_level,
        sum(close * shares_outstanding * fx_rate) FILTER (WHERE role = 'compared') AS compared_value,
        sum(close * shares_outstanding * fx_rate) FILTER (WHERE role = 'compared' AND priced) AS compared_value_known,
        string_agg(printf('%s %.1f', ticker, (close - prev_close) * shares_outstanding * fx_rate / 1e9), ' + ' ORDER BY position)
            FILTER (WHERE role = 'subject' AND priced AND shares_outstanding IS NOT NULL) AS change_by_subject,
        string_agg(printf('%s %.1f', ticker, close * shares_outstanding * fx_rate / 1e9), ' + ' ORDER BY position)
            FILTER (WHERE role = 'compared' AND priced AND shares_outstanding IS NOT NULL AND fx_rate IS NOT NULL) AS value_by_compared,
        string_agg(printf('%s %.4g bn as of %s (%s days %s)', ticker, shares_outstanding / 1e9, shares_as_of,
                          abs(shares_age_days)::VARCHAR, CASE WHEN shares_age_days >= 0 THEN 'before' ELSE 'after' END),
                   '; ' ORDER BY role DESC, position) FILTER (WHERE shares_outstanding IS NOT NULL) AS shares_used,
        string_agg(DISTINCT printf('%s->%s %.4f', currency, target_currency, fx_rate), ', ')
            FILTER (WHERE fx_rate IS NOT NULL AND fx_rate <> 1) AS fx_used
    FROM claim_subjects AS s
    GROUP BY claim_id
),
-- The first subject's session: the evidence a single-security claim rests on.
first_subject AS (
    SELECT claim_id, bar_date, prev_date AS prev_bar_date, prev_close, close, low, high, move, low_move, high_move,
           close_basis, price_source, base_session AS period_base_date, base_close AS period_base_close
    FROM claim_subjects
    WHERE role = 'subject' AND position = 1
)
SELECT
    d.claim_id,
    p.* EXCLUDE (claim_id),
    f.* EXCLUDE (claim_id),
    CASE d.kind
        WHEN 'price_move' THEN CASE WHEN d.timing = 'period' THEN f.close / f.period_base_close - 1 ELSE f.move END
        WHEN 'points_change' THEN CASE WHEN d.timing = 'period' THEN f.close - f.period_base_close ELSE f.close - f.prev_close END
        WHEN 'price_level' THEN f.close
        -- the sign of the move; for "flat" (0) the move itself, to hold against flat_band()
        WHEN 'direction' THEN CASE WHEN d.value = 0 AND d.timing = 'period' THEN f.close / f.period_base_close - 1
                                   WHEN d.value = 0 THEN f.move
                                   WHEN d.timing = 'period' THEN sign(f.close - f.period_base_close) ELSE sign(f.move) END
        WHEN 'market_cap_change' THEN p.market_cap_change
        WHEN 'market_cap_level' THEN p.market_cap_level
        WHEN 'market_cap_comparison' THEN
            abs(CASE WHEN d.compared_measure = 'market_cap_change' THEN p.market_cap_change ELSE p.market_cap_level END)
            / p.compared_value
    END AS actual_value,
    CASE WHEN d.kind = 'market_cap_comparison'
         THEN abs(CASE WHEN d.compared_measure = 'market_cap_change' THEN p.market_cap_change ELSE p.market_cap_level END)
    END AS subject_amount,
    -- the data is known to one unit of its last decimal: a figure one cent off a series that may be a cent off
    -- the official print ("19,764.89" for Yahoo's 19,764.88) is borne out
    claim_tolerance(d.stated_precision, d.hedge, d.kind, f.close,
                    CASE WHEN d.timing = 'period' THEN f.period_base_close ELSE f.prev_close END) AS tolerance,
    -- Why a claim cannot be judged, in the order a checker would ask.
    CASE
        WHEN d.status = 'ambiguous' THEN 'ambiguous'
        WHEN d.ticker IS NULL THEN 'no_security'
        WHEN d.checked_date IS NULL AND EXISTS (
            SELECT 1 FROM price_coverage AS cov
            WHERE cov.status = 'failed' AND list_contains(string_split(d.ticker, '|'), cov.ticker)) THEN 'prices_pending'
        WHEN d.checked_date IS NULL THEN 'no_date'
        WHEN coalesce(p.subjects_priced, 0) < coalesce(p.subjects, 1) OR coalesce(p.compared_priced, 0) < coalesce(p.compared, 0)
            THEN CASE WHEN p.prices_pending THEN 'prices_pending' ELSE 'no_price' END
        WHEN d.kind IN ('price_move', 'points_change', 'direction') AND d.timing = 'period' AND f.period_base_close IS NULL
            THEN 'no_period_start'
        WHEN d.kind = 'price_level' AND f.close_basis = 'adjusted' THEN 'adjusted_series'
        WHEN d.kind LIKE 'market_cap%' AND p.without_shares IS NOT NULL THEN 'no_share_count'
        WHEN d.kind LIKE 'market_cap%' AND p.without_fx IS NOT NULL THEN 'no_fx_rate'
    END AS blocker
FROM claim_dates AS d
LEFT JOIN per_claim AS p USING (claim_id)
LEFT JOIN first_subject AS f USING (claim_id);
