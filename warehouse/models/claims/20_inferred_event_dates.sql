-- inferred_event_dates: the trading day of claims the text does not date for themselves.
-- The candidates follow from what the article says of its date, and never go wider:
-- - a claim whose day comes from elsewhere in the article (date_scope 'earlier_sentence' or 'article': "On Tuesday, …"
--   governs the lines after it), or an undated claim of a dated article: for the claim's security,
--   the last session that had opened by that day (by the publication time, when the page gives it)
--   and the session before it — a morning piece, or Asia's wrap of Wall Street's evening, reports the
--   previous close. `candidate_offset` 0 = the latest, 1 = the one before.
-- - an undated claim of an article bounded to a month (or less): every session in those bounds.
-- Claims of one article on one market (trading calendar) anchored to the same day share their session: a
-- candidate fits when it bears out every claim of the group at once. The best fit wins: for a dated group, the candidate that
-- bears out the most claims (an inaccurate figure must not leave the rest undated), then the smallest
-- error (in tolerance units), then the later one; for a month-bounded group, the candidate must bear out
-- every claim, numeric ones by the smallest error, qualitative ones by the largest move in the claimed
-- direction. No fitting candidate: the latest candidate judges a group with a figure, and a group of directions
-- alone keeps no day (claim_dates): unverifiable. Never invented.

-- When a market's session has begun, in UTC (the earliest of its summer and winter times): a piece
-- published before that cannot speak of that day's session.
CREATE OR REPLACE MACRO session_opens_utc(calendar) AS CASE calendar
    WHEN 'XNYS' THEN INTERVAL '13 hours 30 minutes'
    WHEN 'XNAS' THEN INTERVAL '13 hours 30 minutes'
    WHEN 'CMES' THEN INTERVAL '0 hours'
    WHEN 'XTKS' THEN INTERVAL '0 hours'
    WHEN 'XKRX' THEN INTERVAL '0 hours'
    WHEN 'XASX' THEN INTERVAL '0 hours'
    WHEN 'XHKG' THEN INTERVAL '1 hours 30 minutes'
    WHEN 'XSHG' THEN INTERVAL '1 hours 30 minutes'
    WHEN '24/5' THEN INTERVAL '0 hours'
    WHEN '24/7' THEN INTERVAL '0 hours'
    ELSE INTERVAL '7 hours'  -- the European exchanges
END;

-- When a market's session has surely closed, in UTC (the earliest of its summer and winter closes; a half day's
-- earlier close only makes a piece count as written before it, judged on the path, which holds the close too).
-- NULL: no close (currencies, futures), never "before the close".
CREATE OR REPLACE MACRO session_closes_utc(calendar) AS CASE calendar
    WHEN 'XNYS' THEN INTERVAL '20 hours'
    WHEN 'XNAS' THEN INTERVAL '20 hours'
    WHEN 'XTKS' THEN INTERVAL '6 hours'
    WHEN 'XKRX' THEN INTERVAL '6 hours 30 minutes'
    WHEN 'XASX' THEN INTERVAL '5 hours'
    WHEN 'XHKG' THEN INTERVAL '8 hours'
    WHEN 'XSHG' THEN INTERVAL '7 hours'
    WHEN 'XSHE' THEN INTERVAL '7 hours'
    WHEN 'CMES' THEN NULL
    WHEN '24/5' THEN NULL
    WHEN '24/7' THEN NULL
    ELSE INTERVAL '15 hours 30 minutes'  -- the European exchanges
END;

-- A claim the extractor flagged `written_before_close` (undated, in a page published before its market closed on
-- the day of writing) is, on that day's session, a point on its path: judged on the range, not the close.
CREATE OR REPLACE MACRO written_during(flags, published_at, session, calendar) AS
    coalesce(flags, '') LIKE '%written_before_close%' AND published_at IS NOT NULL
    AND published_at < session + session_closes_utc(calendar);

CREATE OR REPLACE TABLE undated_claim_candidates AS
WITH undated AS (
    SELECT c.claim_id, c.article_id, c.kind, c.value, c.hedge, c.stated_precision, c.timing, c.flags, a.published_at,
           unnest(string_split(c.ticker, '|')) AS ticker,
           CASE WHEN c.date_scope IN ('earlier_sentence', 'article') THEN c.event_date ELSE a.published_date END AS anchor_day,
           CASE WHEN c.date_scope IN ('earlier_sentence', 'article') THEN NULL ELSE a.published_at END AS anchor_at,
           -- claims share a session when they share the day they are anchored to (the publication, or one
           -- "On Tuesday, …" of a wrap): a headline anchored to the publication must not follow the offset that
           -- suits the lines a Tuesday governs
           coalesce(CASE WHEN c.date_scope IN ('earlier_sentence', 'article') THEN c.event_date ELSE a.published_date END,
                    DATE '0001-01-01') AS anchor_key,
           a.date_lower, a.date_upper
    FROM claims AS c
    JOIN articles AS a USING (article_id)
    WHERE (c.event_date IS NULL OR c.date_scope IN ('earlier_sentence', 'article')) AND c.status = 'ok'
      AND c.kind IN ('price_move', 'direction', 'price_level', 'points_change') AND c.ticker IS NOT NULL
),
positioned AS (
    SELECT u.*, s.session, s.calendar,
           CASE WHEN u.anchor_day IS NOT NULL
                THEN row_number() OVER (PARTITION BY u.claim_id, u.ticker ORDER BY s.session DESC) - 1 END AS candidate_offset
    FROM undated AS u
    JOIN sessions AS s
      ON s.ticker = u.ticker
     AND CASE WHEN u.anchor_day IS NOT NULL
              THEN s.session <= u.anchor_day AND s.session >= u.anchor_day - INTERVAL 10 DAY
               AND (u.anchor_at IS NULL OR s.session + session_opens_utc(s.calendar) <= u.anchor_at)
              ELSE s.session BETWEEN coalesce(u.date_lower, DATE '1900-01-01') AND coalesce(u.date_upper, DATE '9999-12-31')
         END
)
SELECT p.*, coalesce(p.candidate_offset::VARCHAR, p.session::VARCHAR) AS candidate
FROM positioned AS p
-- A rate or a future quoted live trades round the clock: it is the publication day's, never the day before's close.
WHERE (p.candidate_offset IS NULL AND p.timing <> 'period')
   OR p.candidate_offset < CASE WHEN p.calendar IN ('24/5', '24/7', 'CMES') AND p.timing = 'intraday' THEN 1 ELSE 2 END;

CREATE OR REPLACE TABLE claim_inferred_sessions AS
WITH measured AS (
    -- each claim against each candidate session: the close's figure, and the session's path (previous close to
    -- low and high) in the claim's terms
    SELECT u.*, m.move, m.close, stated_tolerance(u.stated_precision, u.hedge) AS tol,
           CASE u.kind WHEN 'price_move' THEN m.move WHEN 'points_change' THEN m.close - m.prev_close
                       WHEN 'price_level' THEN m.close END AS at_close,
           CASE u.kind WHEN 'price_move' THEN m.low / m.prev_close - 1 WHEN 'points_change' THEN m.low - m.prev_close
                       WHEN 'price_level' THEN m.low END AS path_low,
           CASE u.kind WHEN 'price_move' THEN m.high / m.prev_close - 1 WHEN 'points_change' THEN m.high - m.prev_close
                       WHEN 'price_level' THEN m.high END AS path_high
    FROM undated_claim_candidates AS u
    LEFT JOIN price_moves AS m ON m.ticker = u.ticker AND m.date = u.session
    -- A move over a period ends on the session found, but says nothing of which one it is.
    WHERE u.timing <> 'period' AND (u.kind IN ('price_move', 'direction') OR m.move IS NOT NULL)
),
candidates AS (
    SELECT
        article_id, calendar, anchor_key, claim_id, kind, candidate, candidate_offset, session,
        CASE WHEN move IS NULL THEN false
             WHEN kind = 'direction' THEN sign(move) = sign(value)
             -- a figure written during the session fits a session whose path passed through it
             WHEN timing = 'intraday' OR written_during(flags, published_at, session, calendar)
             THEN bears_out(value, at_close, tol, hedge) OR value BETWEEN path_low - tol AND path_high + tol
             WHEN kind = 'price_level' THEN bears_out(value, at_close, tol, hedge) OR value BETWEEN path_low AND path_high
             ELSE bears_out(value, at_close, tol, hedge) END AS fits,
        -- a level read off the close to its last digit names the session almost alone: it outweighs moves, which
        -- an article can get wrong ("finished 28.77 points higher" on a day the index fell 28.77)
        kind = 'price_level' AND close IS NOT NULL
            AND bears_out(value, close, tol + data_slack('price_level', close, NULL), hedge) AS fits_close,
        CASE WHEN kind = 'direction' THEN NULL
             WHEN timing = 'intraday' OR written_during(flags, published_at, session, calendar)
             THEN greatest(0, path_low - value, value - path_high) / tol
             ELSE abs(at_close - value) / tol END AS scaled_error,
        sign(value) * move AS move_in_claimed_direction
    FROM measured
),
per_candidate AS (
    SELECT article_id, calendar, anchor_key, candidate, any_value(candidate_offset) AS candidate_offset, min(session) AS session,
           count(DISTINCT claim_id) FILTER (WHERE fits) AS claims_fitting,
           count(DISTINCT claim_id) FILTER (WHERE fits_close) AS closes_fitting,
           count(DISTINCT claim_id) FILTER (WHERE move_in_claimed_direction IS NOT NULL OR scaled_error IS NOT NULL)
               AS claims_priced,
           -- rounded: a float sum's last bits depend on the order DuckDB adds in, and a rerun must not change a row
           round(avg(least(scaled_error, 1e6)), 9) AS mean_scaled_error,
           round(avg(move_in_claimed_direction), 12) AS mean_move_in_claimed_direction
    FROM candidates
    GROUP BY article_id, calendar, anchor_key, candidate
),
per_group AS (
    SELECT article_id, calendar, anchor_key,
           count(DISTINCT claim_id) AS claims_undated,
           count(DISTINCT claim_id) FILTER (WHERE kind = 'price_move') AS numeric_claims,
           bool_or(candidate_offset IS NOT NULL) AS dated,
           -- some candidate had a price to judge the group by
           bool_or(move_in_claimed_direction IS NOT NULL OR scaled_error IS NOT NULL) AS priced
    FROM candidates
    GROUP BY article_id, calendar, anchor_key
),
ranked AS (
    SELECT s.*, p.claims_undated, p.numeric_claims,
           row_number() OVER (
               PARTITION BY s.article_id, s.calendar, s.anchor_key
               ORDER BY CASE WHEN p.dated THEN -s.closes_fitting END, CASE WHEN p.dated THEN -s.claims_fitting END,
                        s.mean_scaled_error ASC NULLS LAST,
                        CASE WHEN p.dated THEN s.candidate_offset END,
                        s.mean_move_in_claimed_direction DESC, s.candidate
           ) AS rank
    FROM per_candidate AS s
    JOIN per_group AS p USING (article_id, calendar, anchor_key)
    -- a candidate that bears out no claim is no evidence for its day (the nearest miss is still a miss): with none
    -- fitting, the group takes its latest candidate, the publication's session
    WHERE CASE WHEN p.dated THEN s.claims_fitting > 0
               ELSE s.claims_fitting = p.claims_undated END
),
groups AS (
    SELECT p.article_id, p.calendar, p.anchor_key, p.claims_undated, p.numeric_claims, p.priced,
           best.candidate, best.candidate_offset, best.session, best.claims_fitting, best.mean_scaled_error,
           runner_up.session AS runner_up_date, runner_up.mean_scaled_error AS runner_up_scaled_error,
           (SELECT count(*) FROM ranked AS r WHERE r.article_id = p.article_id AND r.calendar = p.calendar
                                              AND r.anchor_key = p.anchor_key) AS sessions_fitting,
           CASE
               WHEN best.session IS NULL THEN 'none'
               WHEN p.numeric_claims = 0 THEN 'low'
               WHEN best.claims_fitting < p.claims_undated THEN 'low'
               WHEN runner_up.session IS NULL OR runner_up.claims_fitting < best.claims_fitting THEN 'high'
               WHEN runner_up.mean_scaled_error >= 2 * best.mean_scaled_error THEN 'medium'
               ELSE 'low'
           END AS confidence
    FROM per_group AS p
    LEFT JOIN ranked AS best ON best.article_id = p.article_id AND best.calendar = p.calendar
                            AND best.anchor_key = p.anchor_key AND best.rank = 1
    LEFT JOIN ranked AS runner_up ON runner_up.article_id = p.article_id AND runner_up.calendar = p.calendar
                                 AND runner_up.anchor_key = p.anchor_key AND runner_up.rank = 2
)
-- Each claim's session: its group's best candidate, for its own security. A claim no price decides (no
-- bar for any candidate) takes the latest candidate, unjudged ('none').
SELECT u.claim_id, u.article_id, u.calendar,
       min(u.session) FILTER (WHERE u.candidate = g.candidate) AS inferred_session,
       min(u.session) FILTER (WHERE u.candidate_offset = 0) AS latest_session,
       any_value(g.candidate_offset) AS candidate_offset, any_value(g.confidence) AS confidence,
       any_value(g.session) AS group_session, any_value(g.runner_up_date) AS runner_up_date,
       any_value(g.claims_undated) AS claims_undated, any_value(g.numeric_claims) AS numeric_claims,
       any_value(g.mean_scaled_error) AS mean_scaled_error, any_value(g.runner_up_scaled_error) AS runner_up_scaled_error,
       any_value(g.sessions_fitting) AS sessions_fitting, coalesce(any_value(g.priced), false) AS priced
FROM undated_claim_candidates AS u
LEFT JOIN groups AS g USING (article_id, calendar, anchor_key)
GROUP BY u.claim_id, u.article_id, u.calendar;

-- One row per article: its main market's inference (the group with the most claims), for review.
CREATE OR REPLACE TABLE inferred_event_dates AS
WITH per_group AS (
    SELECT DISTINCT article_id, calendar, group_session, candidate_offset, runner_up_date, claims_undated,
           numeric_claims, mean_scaled_error, runner_up_scaled_error, sessions_fitting, confidence
    FROM claim_inferred_sessions
),
main AS (
    SELECT *, row_number() OVER (PARTITION BY article_id ORDER BY claims_undated DESC NULLS LAST, calendar) AS rank
    FROM per_group
)
SELECT
    article_id, group_session AS event_date, candidate_offset, runner_up_date, claims_undated, numeric_claims,
    mean_scaled_error, runner_up_scaled_error, sessions_fitting, confidence,
    CASE
        WHEN group_session IS NULL THEN 'no candidate session bears out the article''s undated claims'
        WHEN candidate_offset = 0 THEN 'the latest session the article''s day allows, which bears out its figures best'
        WHEN candidate_offset = 1 THEN 'the session before the article''s day, which bears out its figures best'
        WHEN numeric_claims = 0 THEN 'qualitative claims only: the session with the largest move in the claimed direction'
        ELSE 'the session that bears out every figure with the smallest error'
    END AS method
FROM main
WHERE rank = 1;
