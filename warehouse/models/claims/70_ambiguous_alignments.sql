-- ambiguous_alignments: for a "respectivement" list with more names than values (seed 002: five names,
-- four percentages), every way to pair the values with the names in order, leaving names out, and
-- whether each value lies inside its company's session range (low..high from the previous close,
-- since such lists are often written during the session) and near its close-to-close move.
-- The claim stays ambiguous: this shows a checker which reading, if any, the market allows.
CREATE OR REPLACE TABLE ambiguous_alignments AS
WITH lists AS (
    SELECT claim_id, checked_date, string_split(ticker, '|') AS names,
           list_transform(string_split(listed_values, '|'), x -> x::DOUBLE) AS listed,
           stated_tolerance(stated_precision, hedge) AS tolerance
    FROM claim_dates
    WHERE status = 'ambiguous' AND listed_values IS NOT NULL AND checked_date IS NOT NULL
      AND len(string_split(ticker, '|')) = len(string_split(listed_values, '|')) + 1
),
-- Leaving out one name: the values go, in order, to the names before and after it.
readings AS (
    SELECT l.claim_id, l.checked_date, l.tolerance, skipped, l.names[skipped] AS name_left_out,
           unnest(range(1, len(l.listed) + 1)) AS value_position, l.listed, l.names
    FROM lists AS l, range(1, len(l.names) + 1) AS r(skipped)
),
paired AS (
    SELECT r.claim_id, r.skipped, r.name_left_out, r.value_position, r.tolerance, r.checked_date,
           r.names[CASE WHEN r.value_position < r.skipped THEN r.value_position ELSE r.value_position + 1 END] AS ticker,
           r.listed[r.value_position] AS value
    FROM readings AS r
),
checked AS (
    SELECT p.*, s.session, m.move, m.low_move, m.high_move,
           p.value BETWEEN m.low_move - p.tolerance AND m.high_move + p.tolerance AS inside_session,
           abs(p.value - m.move) <= p.tolerance AS matches_close
    FROM paired AS p
    ASOF LEFT JOIN sessions AS s ON s.ticker = p.ticker AND p.checked_date >= s.session
    LEFT JOIN price_moves AS m ON m.ticker = p.ticker AND m.date = s.session
)
SELECT
    claim_id,
    name_left_out,
    string_agg(printf('%s %+.2f%% (session %+.2f%%..%+.2f%%, close %+.2f%%)', ticker, 100 * value, 100 * low_move,
                      100 * high_move, 100 * move), '; ' ORDER BY value_position) AS pairing,
    count(*) FILTER (WHERE inside_session) AS values_inside_session,
    count(*) FILTER (WHERE matches_close) AS values_matching_close,
    count(*) AS values,
    bool_and(coalesce(inside_session, false)) AS fits_session_ranges
FROM checked
GROUP BY claim_id, skipped, name_left_out
ORDER BY claim_id, fits_session_ranges DESC, values_inside_session DESC, skipped;
