-- claim_dates: each claim with the day it is checked on: its own date, or the one inferred for its article.
CREATE OR REPLACE TABLE claim_dates AS
WITH dated AS (
SELECT
    c.*,
    -- A day the sentence gives itself is checked as is; a day carried from an earlier sentence, or none,
    -- is the session inferred_event_dates chose for the claim's market (Tokyo's today, Wall Street's
    -- the evening before); with no price to choose by, the latest candidate. An undated group of directions alone
    -- that no candidate bears out has no day ("Tesla stock makes largest one-day jump" headlining a weekly: not the
    -- publication's session): unverifiable, not inaccurate.
    -- A claim that takes no part in the choice (a market value) takes its article's main market's session.
    CASE WHEN own.priced AND own.inferred_session IS NULL AND coalesce(own.numeric_claims, 0) = 0
              AND c.event_date IS NULL THEN NULL  -- directions only, borne out by no candidate day: the day is unknown
         ELSE coalesce(CASE WHEN coalesce(c.date_scope, 'sentence') = 'sentence' THEN c.event_date END,
                       own.inferred_session, own.latest_session, c.event_date, i.event_date) END AS checked_date,
    CASE WHEN c.event_date IS NULL AND coalesce(own.inferred_session, i.event_date) IS NOT NULL THEN 'inferred'
         ELSE c.date_basis END AS checked_date_basis,
    coalesce(own.confidence, CASE WHEN c.event_date IS NULL THEN i.confidence END) AS date_confidence,
    coalesce(a.language, 'fr') AS language,
    coalesce(a.outlet, c.source_file) AS outlet,
    -- Money is compared in the claim's currency; a comparison, in its subject's.
    CASE WHEN regexp_full_match(coalesce(c.unit, ''), '[A-Z]{3}') THEN c.unit ELSE e.currency END AS target_currency
FROM claims AS c
LEFT JOIN (SELECT claim_id, min(inferred_session) AS inferred_session, min(latest_session) AS latest_session,
                  min(confidence) AS confidence, bool_or(priced) AS priced, max(numeric_claims) AS numeric_claims
           FROM claim_inferred_sessions GROUP BY claim_id) AS own USING (claim_id)
LEFT JOIN inferred_event_dates AS i USING (article_id)
LEFT JOIN articles AS a USING (article_id)
LEFT JOIN entities AS e ON e.ticker = split_part(c.ticker, '|', 1)
),
-- A span so far whose day the sentence does not give ("…, with the Stoxx 600 losing over 8% in April alone" under
-- a Monday the article named earlier) may have been measured to that day's close or to the one before: written
-- before the day's move, a correct figure would be judged on a close it never saw. When the day's close does not
-- bear it out and the one before does (still inside the span), the claim is checked on the session before.
span_ends AS (
    SELECT d.claim_id, m.date AS at_day, m.prev_date AS day_before, m.close AS at_close, m.prev_close AS before_close,
           base.close AS base_close,
           claim_tolerance(d.stated_precision, d.hedge, d.kind, m.close, base.close) AS tol
    FROM dated AS d
    ASOF JOIN sessions AS s ON s.ticker = d.ticker AND d.checked_date >= s.session
    ASOF JOIN sessions AS b ON b.ticker = d.ticker AND d.period_start > b.session
    JOIN price_moves AS m ON m.ticker = d.ticker AND m.date = s.session
    JOIN prices AS base ON base.ticker = d.ticker AND base.date = b.session
    WHERE d.timing = 'period' AND d.period_start IS NOT NULL AND d.kind IN ('price_move', 'points_change')
      AND coalesce(d.date_scope, 'sentence') <> 'sentence' AND d.status = 'ok' AND d.ticker NOT LIKE '%|%'
      AND m.prev_date >= d.period_start
),
span_end_choice AS (
    SELECT x.claim_id, x.day_before
    FROM span_ends AS x JOIN dated AS d USING (claim_id)
    WHERE NOT bears_out(d.value, CASE d.kind WHEN 'price_move' THEN x.at_close / x.base_close - 1
                                             ELSE x.at_close - x.base_close END, x.tol, d.hedge)
      AND bears_out(d.value, CASE d.kind WHEN 'price_move' THEN x.before_close / x.base_close - 1
                                         ELSE x.before_close - x.base_close END, x.tol, d.hedge)
)
-- An undated claim of a page written before its market closed, found to be about the day of writing, is a point
-- on that session's path (inferred_event_dates.written_during): judged on the range, not on a close not yet made.
SELECT d.* REPLACE (
    CASE WHEN d.timing = 'session' AND d.checked_date IS NOT NULL
              AND written_during(d.flags, a.published_at, d.checked_date, e.calendar) THEN 'intraday'
         ELSE d.timing END AS timing,
    coalesce(se.day_before, d.checked_date) AS checked_date,
    CASE WHEN se.day_before IS NOT NULL THEN 'inferred' ELSE d.checked_date_basis END AS checked_date_basis)
FROM dated AS d
LEFT JOIN span_end_choice AS se USING (claim_id)
LEFT JOIN articles AS a USING (article_id)
LEFT JOIN entities AS e ON e.ticker = split_part(d.ticker, '|', 1);

-- claim_subjects: one row per security a claim involves — its subjects, and for a comparison the
-- companies compared with — with the session the claim speaks of (the last session of the ticker's
-- exchange on or before the day), that session's bar, the bar before a period's start, the share
-- count nearest before the day, the FX rate into the claim's currency, and what the price source said.
CREATE OR REPLACE TABLE claim_subjects AS
WITH roles AS (
    SELECT claim_id, kind, checked_date, period_start, target_currency, 'subject' AS role,
           unnest(string_split(ticker, '|')) AS ticker,
           unnest(range(1, len(string_split(ticker, '|')) + 1)) AS position
    FROM claim_dates
    WHERE ticker IS NOT NULL AND checked_date IS NOT NULL
    UNION ALL
    SELECT claim_id, kind, checked_date, period_start, target_currency, 'compared' AS role,
           unnest(string_split(compared_tickers, '|')) AS ticker,
           unnest(range(1, len(string_split(compared_tickers, '|')) + 1)) AS position
    FROM claim_dates
    WHERE compared_tickers IS NOT NULL AND checked_date IS NOT NULL
),
on_session AS (
    SELECT r.*, s.session
    FROM roles AS r
    ASOF LEFT JOIN sessions AS s ON s.ticker = r.ticker AND r.checked_date >= s.session
),
period_base AS (
    -- A move "depuis le début de l'année" runs from the last close before the period starts.
    SELECT r.claim_id, r.ticker, s.session AS base_session
    FROM roles AS r
    ASOF JOIN sessions AS s ON s.ticker = r.ticker AND r.period_start > s.session
    WHERE r.period_start IS NOT NULL
)
SELECT
    o.claim_id, o.role, o.ticker, o.position, o.checked_date, o.session, o.target_currency,
    m.date AS bar_date, m.prev_date, m.prev_close, m.close, m.low, m.high, m.move, m.low_move, m.high_move,
    m.close_basis, m.source AS price_source,
    -- a level needs the day's close only: the first bar of a price file quotes it ("to 42,156.97" on 1 October)
    (m.date IS NOT NULL AND (m.prev_close IS NOT NULL
                             OR (o.role = 'subject' AND o.kind IN ('price_level', 'market_cap_level')))) AS priced,
    pb.base_session, base.close AS base_close,
    e.currency,
    sh.shares_outstanding, sh.as_of AS shares_as_of, o.checked_date - sh.as_of AS shares_age_days,
    CASE WHEN e.currency = o.target_currency THEN 1.0 ELSE fx.close END AS fx_rate,
    cov.status AS coverage_status, cov.error AS coverage_error
FROM on_session AS o
LEFT JOIN price_moves AS m ON m.ticker = o.ticker AND m.date = o.session
LEFT JOIN period_base AS pb ON pb.claim_id = o.claim_id AND pb.ticker = o.ticker
LEFT JOIN prices AS base ON base.ticker = o.ticker AND base.date = pb.base_session
LEFT JOIN entities AS e ON e.ticker = o.ticker
-- "EURUSD=X" is dollars per euro: a euro amount times it is dollars.
ASOF LEFT JOIN prices AS fx ON fx.ticker = e.currency || o.target_currency || '=X' AND o.session >= fx.date
LEFT JOIN price_coverage AS cov ON cov.ticker = o.ticker AND o.checked_date BETWEEN cov.window_start AND cov.window_end
LEFT JOIN LATERAL (
    SELECT shares_outstanding, as_of FROM shares
    WHERE shares.ticker = o.ticker AND shares_outstanding IS NOT NULL
    ORDER BY (as_of > o.checked_date), abs(as_of - o.checked_date), as_of LIMIT 1
) AS sh ON TRUE;
