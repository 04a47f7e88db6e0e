-- claim_verdicts: one verdict per claim, with the bars it rests on and a sentence in the article's language.
-- accurate            the market bears the figure out within its stated precision (00_verdict_rules.sql)
-- consistent_intraday an intraday figure outside the close-to-close move but inside the session's low..high path
-- inaccurate          the market does not bear it out
-- ambiguous           the claim cannot be pinned to one security (e.g. five names, four values)
-- pending_prices      the price source failed for this claim's window: it is checked again on the next run
-- unverifiable        no security, no trading day, no price, no share count: `explanation` says which
CREATE OR REPLACE TABLE claim_verdicts AS
WITH dated AS (
    SELECT
        c.*,
        coalesce(c.event_date, i.event_date) AS checked_date,
        CASE WHEN c.event_date IS NULL AND i.event_date IS NOT NULL THEN 'inferred' ELSE c.date_basis END AS checked_date_basis,
        i.confidence AS date_confidence,
        coalesce(a.language, 'fr') AS language
    FROM claims AS c
    LEFT JOIN inferred_event_dates AS i USING (article_id)
    LEFT JOIN articles AS a USING (article_id)
),
-- Claims whose securities the price source failed to serve this run: their verdict waits.
waiting AS (
    SELECT DISTINCT d.claim_id
    FROM dated AS d, unnest(string_split(d.ticker, '|')) AS t(subject)
    JOIN price_coverage AS cov ON cov.ticker = t.subject AND cov.status = 'failed'
),
-- One row per (claim, subject): a market-value claim about "Nvidia et Broadcom" has two.
subjects AS (
    SELECT claim_id, checked_date,
           unnest(string_split(ticker, '|')) AS subject,
           unnest(range(1, len(string_split(ticker, '|')) + 1)) AS position  -- order as written
    FROM dated
    WHERE ticker IS NOT NULL AND checked_date IS NOT NULL
),
-- The session a claim speaks of: the last session of the ticker's exchange on or before its day
-- (a Saturday claim is Friday's close), and that session's bar.
claim_sessions AS (
    SELECT s.claim_id, s.subject, s.position, s.checked_date, cs.session
    FROM subjects AS s
    ASOF LEFT JOIN sessions AS cs ON cs.ticker = s.subject AND s.checked_date >= cs.session
),
usable_bars AS (
    SELECT cs.claim_id, cs.subject, cs.position, cs.session, m.* EXCLUDE (ticker),
           (m.date IS NOT NULL AND m.prev_close IS NOT NULL) AS usable,
           cov.status AS coverage_status, cov.error AS coverage_error,
           sh.shares_outstanding, sh.as_of AS shares_as_of, cs.checked_date - sh.as_of AS shares_age_days
    FROM claim_sessions AS cs
    LEFT JOIN price_moves AS m ON m.ticker = cs.subject AND m.date = cs.session
    LEFT JOIN (
        SELECT ticker, window_start, window_end, status, error FROM price_coverage
    ) AS cov ON cov.ticker = cs.subject AND cs.checked_date BETWEEN cov.window_start AND cov.window_end
    -- The share count nearest before the day (else the nearest after), from the snapshot or Yahoo.
    LEFT JOIN LATERAL (
        SELECT shares_outstanding, as_of FROM shares
        WHERE shares.ticker = cs.subject AND shares_outstanding IS NOT NULL
        ORDER BY (as_of > cs.checked_date), abs(as_of - cs.checked_date), as_of LIMIT 1
    ) AS sh ON TRUE
),
per_claim AS (
    SELECT
        claim_id,
        count(*) AS subjects,
        count(*) FILTER (WHERE usable) AS subjects_priced,
        string_agg(subject, ', ' ORDER BY position) FILTER (WHERE NOT usable) AS subjects_unpriced,
        bool_or(NOT usable AND coverage_status = 'failed') AS prices_pending,
        string_agg(DISTINCT coverage_error, '; ') FILTER (WHERE NOT usable AND coverage_status <> 'ok') AS price_error,
        string_agg(printf('%s %.4g bn as of %s (%s days %s)', subject, shares_outstanding / 1e9, shares_as_of,
                          abs(shares_age_days)::VARCHAR, CASE WHEN shares_age_days >= 0 THEN 'before' ELSE 'after' END),
                   '; ' ORDER BY position) FILTER (WHERE usable AND shares_outstanding IS NOT NULL) AS shares_used,
        string_agg(subject, ', ' ORDER BY position) FILTER (WHERE usable AND shares_outstanding IS NULL) AS subjects_without_shares,
        string_agg(DISTINCT currency, ',' ORDER BY currency) FILTER (WHERE usable) AS currencies,
        -- single-subject facts (the only subject when there is one)
        first(date ORDER BY position) FILTER (WHERE usable) AS bar_date,
        first(prev_date ORDER BY position) FILTER (WHERE usable) AS prev_bar_date,
        first(prev_close ORDER BY position) FILTER (WHERE usable) AS prev_close,
        first(close ORDER BY position) FILTER (WHERE usable) AS close,
        first(low ORDER BY position) FILTER (WHERE usable) AS low,
        first(high ORDER BY position) FILTER (WHERE usable) AS high,
        first(move ORDER BY position) FILTER (WHERE usable) AS move,
        first(low_move ORDER BY position) FILTER (WHERE usable) AS low_move,
        first(high_move ORDER BY position) FILTER (WHERE usable) AS high_move,
        first(close_basis ORDER BY position) FILTER (WHERE usable) AS close_basis,
        first(source ORDER BY position) FILTER (WHERE usable) AS price_source,
        -- market value gained or lost: change of price times shares, summed over the subjects
        sum((close - prev_close) * shares_outstanding) FILTER (WHERE usable) AS market_cap_change,
        string_agg(printf('%s %.1f', subject, (close - prev_close) * shares_outstanding / 1e9), ' + ' ORDER BY position)
            FILTER (WHERE usable) AS market_cap_change_by_subject
    FROM usable_bars
    GROUP BY claim_id
),
measured AS (
    SELECT
        d.*, p.* EXCLUDE (claim_id),
        CASE d.kind
            WHEN 'price_move' THEN p.move
            WHEN 'direction' THEN sign(p.move)
            WHEN 'market_cap_change' THEN p.market_cap_change
        END AS actual_value,
        CASE d.kind
            WHEN 'price_move' THEN percent_tolerance(d.precision_decimals, d.hedge)
            WHEN 'market_cap_change' THEN money_tolerance(d.value, d.hedge)
            WHEN 'direction' THEN 0
        END AS tolerance,
        e.exchange AS exchange_listed
    FROM dated AS d
    LEFT JOIN per_claim AS p USING (claim_id)
    LEFT JOIN entities AS e ON e.ticker = d.ticker
),
judged AS (
    SELECT
        *,
        CASE
            WHEN status = 'ambiguous' THEN 'ambiguous'
            WHEN ticker IS NULL THEN 'unverifiable'
            WHEN checked_date IS NULL AND claim_id IN (SELECT claim_id FROM waiting) THEN 'pending_prices'
            WHEN checked_date IS NULL THEN 'unverifiable'
            WHEN kind NOT IN ('price_move', 'direction', 'market_cap_change') THEN 'unverifiable'
            WHEN timing = 'period' THEN 'unverifiable'
            WHEN coalesce(subjects_priced, 0) < coalesce(subjects, 1) AND prices_pending THEN 'pending_prices'
            WHEN coalesce(subjects_priced, 0) < coalesce(subjects, 1) THEN 'unverifiable'
            WHEN kind = 'market_cap_change' AND subjects_without_shares IS NOT NULL THEN 'unverifiable'
            WHEN kind = 'market_cap_change' AND currencies <> unit THEN 'unverifiable'
            WHEN kind = 'direction' THEN CASE WHEN sign(actual_value) = sign(value) THEN 'accurate' ELSE 'inaccurate' END
            WHEN bears_out(value, actual_value, tolerance, hedge) THEN 'accurate'
            WHEN kind = 'price_move' AND timing = 'intraday'
                 AND value BETWEEN low_move - tolerance AND high_move + tolerance THEN 'consistent_intraday'
            ELSE 'inaccurate'
        END AS verdict
    FROM measured
)
SELECT
    claim_id, article_id, source_file, quote, entity, ticker, kind, timing,
    value AS claimed_value, unit, hedge,
    checked_date AS event_date, checked_date_basis AS date_basis, date_confidence,
    verdict,
    actual_value,
    actual_value - value AS difference,
    tolerance,
    bar_date, prev_bar_date, prev_close, close, low, high, close_basis, price_source,
    shares_used,
    exchange_listed, exchange_claimed,
    exchange_claimed IS NOT NULL AND exchange_listed IS NOT NULL AND exchange_claimed <> exchange_listed
        AS exchange_mismatch,
    CASE WHEN language = 'en' THEN
        CASE
            WHEN verdict = 'ambiguous' THEN 'Ambiguous: ' || coalesce(status_reason, 'the claim names no single security') || '.'
            WHEN ticker IS NULL THEN 'Unverifiable: no listed security is named for this figure.'
            WHEN verdict = 'pending_prices' THEN printf('Pending: the price source failed for %s (%s); checked again on the next run.', coalesce(subjects_unpriced, ticker), coalesce(price_error, 'no answer'))
            WHEN checked_date IS NULL THEN 'Unverifiable: the article gives no date and no session in its date bounds bears out its claims.'
            WHEN timing = 'period' THEN 'Unverifiable: moves over a period are not checked yet.'
            WHEN kind NOT IN ('price_move', 'direction', 'market_cap_change') THEN 'Unverifiable: claims of kind ' || kind || ' are not checked yet.'
            WHEN coalesce(subjects_priced, 0) < coalesce(subjects, 1) THEN printf('Unverifiable: no price for %s around %s%s.', coalesce(subjects_unpriced, ticker), checked_date, coalesce(' (' || price_error || ')', ''))
            WHEN kind = 'market_cap_change' AND subjects_without_shares IS NOT NULL THEN printf('Unverifiable: no share count for %s.', subjects_without_shares)
            WHEN kind = 'market_cap_change' AND currencies <> unit THEN printf('Unverifiable: prices are in %s, the claim in %s (currency conversion not applied yet).', currencies, unit)
            WHEN kind = 'market_cap_change' THEN printf('%s market value changed by %.1f bn %s on %s (close-to-close change x shares: %s); the article says %.1f bn: %s.',
                ticker, actual_value / 1e9, unit, bar_date, market_cap_change_by_subject, value / 1e9, replace(verdict, '_', ' '))
            WHEN kind = 'direction' THEN printf('%s moved %+.2f%% on %s (close %.2f -> %.2f); the article says it %s: %s.',
                ticker, 100 * move, bar_date, prev_close, close, CASE WHEN value < 0 THEN 'fell' ELSE 'rose' END, replace(verdict, '_', ' '))
            ELSE printf('%s moved %+.2f%% on %s (close %.2f -> %.2f, session range %+.2f%% to %+.2f%%); the article says %+.2f%% (+/- %.2f pt): %s.',
                ticker, 100 * move, bar_date, prev_close, close, 100 * low_move, 100 * high_move, 100 * value, 100 * tolerance, replace(verdict, '_', ' '))
        END
    ELSE
        CASE
            WHEN verdict = 'ambiguous' THEN 'Ambigu : ' || coalesce(status_reason, 'aucune valeur unique n''est désignée') || '.'
            WHEN ticker IS NULL THEN 'Invérifiable : aucun titre coté n''est nommé pour ce chiffre.'
            WHEN verdict = 'pending_prices' THEN printf('En attente : la source de cours a échoué pour %s (%s) ; nouvelle vérification au prochain passage.', coalesce(subjects_unpriced, ticker), coalesce(price_error, 'pas de réponse'))
            WHEN checked_date IS NULL THEN 'Invérifiable : l''article ne donne pas de date et aucune séance dans ses bornes ne confirme ses chiffres.'
            WHEN timing = 'period' THEN 'Invérifiable : les variations sur une période ne sont pas encore vérifiées.'
            WHEN kind NOT IN ('price_move', 'direction', 'market_cap_change') THEN 'Invérifiable : les affirmations de type ' || kind || ' ne sont pas encore vérifiées.'
            WHEN coalesce(subjects_priced, 0) < coalesce(subjects, 1) THEN printf('Invérifiable : pas de cours pour %s autour du %s%s.', coalesce(subjects_unpriced, ticker), checked_date, coalesce(' (' || price_error || ')', ''))
            WHEN kind = 'market_cap_change' AND subjects_without_shares IS NOT NULL THEN printf('Invérifiable : nombre d''actions inconnu pour %s.', subjects_without_shares)
            WHEN kind = 'market_cap_change' AND currencies <> unit THEN printf('Invérifiable : cours en %s, affirmation en %s (conversion de devises pas encore appliquée).', currencies, unit)
            WHEN kind = 'market_cap_change' THEN printf('La capitalisation de %s a varié de %.1f Md %s le %s (variation du cours x nombre d''actions : %s) ; l''article annonce %.1f Md : %s.',
                ticker, actual_value / 1e9, unit, bar_date, market_cap_change_by_subject, value / 1e9, verdict_label_fr(verdict))
            WHEN kind = 'direction' THEN printf('%s a varié de %+.2f %% le %s (clôture %.2f -> %.2f) ; l''article dit %s : %s.',
                ticker, 100 * move, bar_date, prev_close, close, CASE WHEN value < 0 THEN 'en baisse' ELSE 'en hausse' END, verdict_label_fr(verdict))
            ELSE printf('%s a varié de %+.2f %% le %s (clôture %.2f -> %.2f, séance entre %+.2f %% et %+.2f %%) ; l''article annonce %+.2f %% (+/- %.2f pt) : %s.',
                ticker, 100 * move, bar_date, prev_close, close, 100 * low_move, 100 * high_move, 100 * value, 100 * tolerance, verdict_label_fr(verdict))
        END
    END AS explanation
FROM judged
ORDER BY source_file, claim_id;
