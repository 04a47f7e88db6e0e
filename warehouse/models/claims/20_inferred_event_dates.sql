-- inferred_event_dates: the trading day of articles whose claims carry no date.
-- Every session inside the article's date bounds is tried; a session fits when it bears out every
-- undated claim of the article at once. The best fit wins: numeric claims by the smallest error
-- (in tolerance units), qualitative ones by the largest move in the claimed direction.
-- No fitting session: event_date stays null and the claims are unverifiable. A date is never invented.
CREATE OR REPLACE TABLE inferred_event_dates AS
WITH undated AS (
    SELECT c.claim_id, c.article_id, c.kind, c.value, c.hedge, c.stated_precision,
           unnest(string_split(c.ticker, '|')) AS ticker, a.date_lower, a.date_upper
    FROM claims AS c
    JOIN articles AS a USING (article_id)
    WHERE c.event_date IS NULL AND c.status = 'ok' AND c.timing <> 'period'
      AND c.kind IN ('price_move', 'direction') AND c.ticker IS NOT NULL
),
candidates AS (
    SELECT
        u.article_id, u.claim_id, u.kind, m.date AS session,
        CASE WHEN u.kind = 'price_move'
             THEN bears_out(u.value, m.move, stated_tolerance(u.stated_precision, u.hedge), u.hedge)
             ELSE sign(m.move) = sign(u.value) END AS fits,
        CASE WHEN u.kind = 'price_move'
             THEN abs(m.move - u.value) / stated_tolerance(u.stated_precision, u.hedge) END AS scaled_error,
        sign(u.value) * m.move AS move_in_claimed_direction
    FROM undated AS u
    JOIN price_moves AS m
      ON m.ticker = u.ticker
     AND m.date BETWEEN coalesce(u.date_lower, DATE '1900-01-01') AND coalesce(u.date_upper, DATE '9999-12-31')
    WHERE m.move IS NOT NULL
),
per_session AS (
    SELECT article_id, session,
           count(*) FILTER (WHERE fits) AS claims_fitting,
           avg(scaled_error) AS mean_scaled_error,
           avg(move_in_claimed_direction) AS mean_move_in_claimed_direction
    FROM candidates
    GROUP BY article_id, session
),
per_article AS (
    SELECT article_id,
           count(*) AS claims_undated,
           count(*) FILTER (WHERE kind = 'price_move') AS numeric_claims
    FROM undated
    GROUP BY article_id
),
ranked AS (
    SELECT s.*,
           row_number() OVER (
               PARTITION BY s.article_id
               ORDER BY s.mean_scaled_error ASC NULLS LAST, s.mean_move_in_claimed_direction DESC, s.session
           ) AS rank
    FROM per_session AS s
    JOIN per_article AS p USING (article_id)
    WHERE s.claims_fitting = p.claims_undated
)
SELECT
    p.article_id,
    best.session AS event_date,
    runner_up.session AS runner_up_date,
    p.claims_undated,
    p.numeric_claims,
    best.mean_scaled_error,
    runner_up.mean_scaled_error AS runner_up_scaled_error,
    (SELECT count(*) FROM ranked AS r WHERE r.article_id = p.article_id) AS sessions_fitting,
    CASE
        WHEN best.session IS NULL THEN 'none'
        WHEN p.numeric_claims = 0 THEN 'low'
        WHEN runner_up.session IS NULL THEN 'high'
        WHEN runner_up.mean_scaled_error >= 2 * best.mean_scaled_error THEN 'medium'
        ELSE 'low'
    END AS confidence,
    CASE
        WHEN best.session IS NULL THEN 'no session in the article''s date bounds bears out all its claims'
        WHEN p.numeric_claims = 0 THEN 'qualitative claims only: the session with the largest move in the claimed direction'
        ELSE 'the session that bears out every figure with the smallest error'
    END AS method
FROM per_article AS p
LEFT JOIN ranked AS best ON best.article_id = p.article_id AND best.rank = 1
LEFT JOIN ranked AS runner_up ON runner_up.article_id = p.article_id AND runner_up.rank = 2;
