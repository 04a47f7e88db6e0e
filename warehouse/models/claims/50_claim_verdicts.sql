-- claim_verdicts: one verdict per claim, with the evidence it rests on and a sentence in the article's language.
-- accurate               the market bears the figure out within its stated precision (00_verdict_rules.sql)
-- approximately_accurate outside that band, but within twice it or 5 % of the figure
-- consistent_intraday    an intraday figure that misses the close but lies inside the session's low..high path,
--                        or an intraday direction the session's path took (it traded above or below the previous close)
-- inaccurate             the market does not bear it out
-- ambiguous              the claim cannot be pinned to one security (e.g. five names, four values)
-- pending_prices         the price source failed for the claim's window: checked again on the next run
-- unverifiable           no security, no date, no price, no share count, no FX rate, an adjusted-only series
--                        for a price level, a period with no known start: `explanation` says which
CREATE OR REPLACE TABLE claim_verdicts AS
WITH judged AS (
    SELECT
        d.*, m.* EXCLUDE (claim_id),
        e.exchange AS exchange_listed,
        CASE
            WHEN m.blocker = 'ambiguous' THEN 'ambiguous'
            WHEN m.blocker = 'prices_pending' THEN 'pending_prices'
            WHEN m.blocker IS NOT NULL THEN 'unverifiable'
            WHEN d.kind = 'direction' AND d.value = 0 THEN CASE
                WHEN abs(m.actual_value) <= flat_band() THEN 'accurate'
                WHEN d.timing = 'intraday' AND m.low_move <= flat_band() AND m.high_move >= -flat_band() THEN 'consistent_intraday'
                ELSE 'inaccurate'
            END
            WHEN d.kind = 'direction' THEN CASE
                WHEN m.actual_value = sign(d.value) THEN 'accurate'
                -- "shares are trading higher" written during the session: its path went that way at some point
                WHEN d.timing = 'intraday' AND (d.value > 0 AND m.high > m.prev_close OR d.value < 0 AND m.low < m.prev_close)
                    THEN 'consistent_intraday'
                ELSE 'inaccurate'
            END
            WHEN d.kind = 'market_cap_comparison' THEN judge_comparison(m.actual_value, d.hedge)
            -- "Nvidia a ainsi bondi de plus de 170 %" in a review of the year that names no period: a move no
            -- session of the security made is over some span the text does not give, not a false day
            WHEN d.kind = 'price_move' AND d.timing IN ('session', 'intraday')
                 AND contains(coalesce(d.flags, ''), 'implausible_daily_move')
                 AND NOT bears_out(d.value, m.actual_value, m.tolerance, d.hedge) THEN 'unverifiable'
            -- A figure written during the session: anywhere on the session's path from the previous close.
            WHEN d.timing = 'intraday' AND d.kind IN ('price_move', 'price_level', 'points_change') THEN CASE
                WHEN bears_out(d.value, m.actual_value, m.tolerance, d.hedge) THEN 'accurate'
                WHEN d.kind = 'price_move' AND d.value BETWEEN m.low_move - m.tolerance AND m.high_move + m.tolerance
                    THEN 'consistent_intraday'
                WHEN d.kind = 'price_level' AND d.value BETWEEN m.low - m.tolerance AND m.high + m.tolerance
                    THEN 'consistent_intraday'
                WHEN d.kind = 'points_change'
                     AND d.value BETWEEN m.low - m.prev_close - m.tolerance AND m.high - m.prev_close + m.tolerance
                    THEN 'consistent_intraday'
                ELSE judge(d.value, m.actual_value, m.tolerance, d.hedge, d.kind)
            END
            ELSE judge(d.value, m.actual_value, m.tolerance, d.hedge, d.kind)
        END AS verdict
    FROM claim_dates AS d
    JOIN claim_measures AS m USING (claim_id)
    LEFT JOIN entities AS e ON e.ticker = d.ticker
)
SELECT
    claim_id, article_id, source_file, outlet, quote, entity, ticker, kind, timing,
    value AS claimed_value, unit, hedge,
    checked_date AS event_date, checked_date_basis AS date_basis, date_confidence,
    verdict,
    -- a claim that could not be judged shows no market figure: it would be about something else
    CASE WHEN blocker IS NULL THEN actual_value END AS actual_value,
    CASE WHEN blocker IS NULL AND kind <> 'market_cap_comparison' THEN actual_value - value END AS difference,
    tolerance,
    bar_date, prev_bar_date, prev_close, close, low, high, close_basis, price_source,
    period_base_date, period_base_close,
    compared_tickers, subject_amount, compared_value, compared_value_known,
    shares_used, fx_used,
    exchange_listed, exchange_claimed,
    exchange_claimed IS NOT NULL AND exchange_listed IS NOT NULL AND exchange_claimed <> exchange_listed AS exchange_mismatch,
    CASE WHEN language = 'en' THEN CASE
        WHEN verdict = 'ambiguous' AND listed_values IS NOT NULL THEN printf(
            'Ambiguous: %d names (%s) for %d values (%s) in a "respectively" list: they cannot be paired; ambiguous_alignments shows the readings the market allows.',
            len(string_split(ticker, '|')), replace(ticker, '|', ', '), len(string_split(listed_values, '|')), replace(listed_values, '|', ', '))
        WHEN verdict = 'ambiguous' THEN 'Ambiguous: ' || coalesce(status_reason, 'the claim names no single security') || '.'
        WHEN blocker = 'prices_pending' THEN printf('Pending: the price source failed for %s (%s); checked again on the next run.',
            coalesce(subjects_unpriced, ticker), coalesce(price_error, 'no answer'))
        WHEN blocker = 'no_security' THEN 'Unverifiable: no listed security is named for this figure.'
        WHEN blocker = 'no_date' THEN 'Unverifiable: the article gives no date and no session in its date bounds bears out its claims.'
        WHEN blocker = 'no_price' THEN printf('Unverifiable: no price for %s around %s%s.', coalesce(subjects_unpriced, ticker),
            checked_date, coalesce(' (' || price_error || ')', ''))
        WHEN blocker = 'no_period_start' THEN 'Unverifiable: the start of the period is not known.'
        WHEN verdict = 'unverifiable' AND blocker IS NULL THEN printf(
            'Unverifiable: %s moved %+.2f%% on %s; a move of %+.0f%% is not one session''s, and the article does not say over what period.',
            ticker, 100 * move, bar_date, 100 * value)
        WHEN blocker = 'adjusted_series' THEN 'Unverifiable: only a dividend-adjusted series is available, which cannot check a quoted price.'
        WHEN blocker = 'no_share_count' THEN printf('Unverifiable: no share count for %s%s.', without_shares,
            coalesce(printf(' (the others add up to %.1f bn %s: %s)', compared_value_known / 1e9, target_currency, value_by_compared), ''))
        WHEN blocker = 'no_fx_rate' THEN printf('Unverifiable: no exchange rate into %s for %s.', target_currency, without_fx)
        WHEN kind = 'market_cap_comparison' THEN printf('%s''s amount (%.1f bn %s) is %.2f times the market value compared with (%.1f bn: %s) on %s: %s.',
            ticker, subject_amount / 1e9, target_currency, actual_value, compared_value / 1e9, value_by_compared, bar_date, verdict_label_en(verdict))
        WHEN kind = 'market_cap_change' THEN printf('%s market value changed by %.1f bn %s on %s (close-to-close change x shares: %s); the article says %.1f bn: %s.',
            ticker, actual_value / 1e9, unit, bar_date, change_by_subject, value / 1e9, verdict_label_en(verdict))
        WHEN kind = 'market_cap_level' THEN printf('%s was worth %.1f bn %s at the close of %s (close x shares); the article says %.1f bn: %s.',
            ticker, actual_value / 1e9, unit, bar_date, value / 1e9, verdict_label_en(verdict))
        WHEN kind IN ('direction', 'points_change') AND timing = 'period' THEN printf(
            '%s moved %+.2f points (%+.2f%%) from the close of %s (%.2f) to that of %s (%.2f); the article says %s: %s.',
            ticker, close - period_base_close, 100 * (close / period_base_close - 1), period_base_date, period_base_close,
            bar_date, close, CASE WHEN kind = 'points_change' THEN printf('%+.2f', value) WHEN value < 0 THEN 'it fell'
                                  WHEN value = 0 THEN 'it was flat' ELSE 'it rose' END, verdict_label_en(verdict))
        WHEN kind = 'direction' THEN printf('%s moved %+.2f%% on %s (close %.2f -> %.2f); the article says it %s: %s.',
            ticker, 100 * move, bar_date, prev_close, close, CASE WHEN value < 0 THEN 'fell' WHEN value = 0 THEN 'was flat' ELSE 'rose' END, verdict_label_en(verdict))
        WHEN kind = 'points_change' THEN printf('%s moved %+.2f points on %s (%.2f -> %.2f); the article says %+.2f: %s.',
            ticker, actual_value, bar_date, prev_close, close, value, verdict_label_en(verdict))
        WHEN kind = 'price_level' THEN printf('%s closed at %.2f on %s; the article says %.2f: %s.',
            ticker, actual_value, bar_date, value, verdict_label_en(verdict))
        WHEN timing = 'period' THEN printf('%s moved %+.2f%% from the close of %s (%.2f) to that of %s (%.2f); the article says %+.2f%%: %s.',
            ticker, 100 * actual_value, period_base_date, period_base_close, bar_date, close, 100 * value, verdict_label_en(verdict))
        ELSE printf('%s moved %+.2f%% on %s (close %.2f -> %.2f, session range %+.2f%% to %+.2f%%); the article says %+.2f%% (+/- %.2f pt): %s.',
            ticker, 100 * move, bar_date, prev_close, close, 100 * low_move, 100 * high_move, 100 * value, 100 * tolerance, verdict_label_en(verdict))
    END
    ELSE CASE
        WHEN verdict = 'ambiguous' AND listed_values IS NOT NULL THEN printf(
            'Ambigu : %d noms (%s) pour %d valeurs (%s) dans une liste « respectivement » : impossible de les apparier ; ambiguous_alignments montre les lectures que le marché permet.',
            len(string_split(ticker, '|')), replace(ticker, '|', ', '), len(string_split(listed_values, '|')), replace(listed_values, '|', ', '))
        WHEN verdict = 'ambiguous' THEN 'Ambigu : ' || coalesce(status_reason, 'aucune valeur unique n''est désignée') || '.'
        WHEN blocker = 'prices_pending' THEN printf('En attente : la source de cours a échoué pour %s (%s) ; nouvelle vérification au prochain passage.',
            coalesce(subjects_unpriced, ticker), coalesce(price_error, 'pas de réponse'))
        WHEN blocker = 'no_security' THEN 'Invérifiable : aucun titre coté n''est nommé pour ce chiffre.'
        WHEN blocker = 'no_date' THEN 'Invérifiable : l''article ne donne pas de date et aucune séance dans ses bornes ne confirme ses chiffres.'
        WHEN blocker = 'no_price' THEN printf('Invérifiable : pas de cours pour %s autour du %s%s.', coalesce(subjects_unpriced, ticker),
            checked_date, coalesce(' (' || price_error || ')', ''))
        WHEN blocker = 'no_period_start' THEN 'Invérifiable : le début de la période n''est pas connu.'
        WHEN verdict = 'unverifiable' AND blocker IS NULL THEN printf(
            'Invérifiable : %s a varié de %+.2f %% le %s ; une variation de %+.0f %% n''est pas celle d''une séance, et l''article ne dit pas sur quelle période.',
            ticker, 100 * move, bar_date, 100 * value)
        WHEN blocker = 'adjusted_series' THEN 'Invérifiable : seule une série ajustée des dividendes est disponible, elle ne vérifie pas un cours coté.'
        WHEN blocker = 'no_share_count' THEN printf('Invérifiable : nombre d''actions inconnu pour %s%s.', without_shares,
            coalesce(printf(' (les autres totalisent %.1f Md %s : %s)', compared_value_known / 1e9, target_currency, value_by_compared), ''))
        WHEN blocker = 'no_fx_rate' THEN printf('Invérifiable : pas de taux de change vers %s pour %s.', target_currency, without_fx)
        WHEN kind = 'market_cap_comparison' THEN printf('Le montant de %s (%.1f Md %s) vaut %.2f fois la valeur comparée (%.1f Md : %s) le %s : %s.',
            ticker, subject_amount / 1e9, target_currency, actual_value, compared_value / 1e9, value_by_compared, bar_date, verdict_label_fr(verdict))
        WHEN kind = 'market_cap_change' THEN printf('La capitalisation de %s a varié de %.1f Md %s le %s (variation du cours x nombre d''actions : %s) ; l''article annonce %.1f Md : %s.',
            ticker, actual_value / 1e9, unit, bar_date, change_by_subject, value / 1e9, verdict_label_fr(verdict))
        WHEN kind = 'market_cap_level' THEN printf('%s valait %.1f Md %s à la clôture du %s (cours x nombre d''actions) ; l''article annonce %.1f Md : %s.',
            ticker, actual_value / 1e9, unit, bar_date, value / 1e9, verdict_label_fr(verdict))
        WHEN kind IN ('direction', 'points_change') AND timing = 'period' THEN printf(
            '%s a varié de %+.2f points (%+.2f %%) entre la clôture du %s (%.2f) et celle du %s (%.2f) ; l''article annonce %s : %s.',
            ticker, close - period_base_close, 100 * (close / period_base_close - 1), period_base_date, period_base_close,
            bar_date, close, CASE WHEN kind = 'points_change' THEN printf('%+.2f', value) WHEN value < 0 THEN 'une baisse'
                                  WHEN value = 0 THEN 'une stabilité' ELSE 'une hausse' END, verdict_label_fr(verdict))
        WHEN kind = 'direction' THEN printf('%s a varié de %+.2f %% le %s (clôture %.2f -> %.2f) ; l''article dit %s : %s.',
            ticker, 100 * move, bar_date, prev_close, close, CASE WHEN value < 0 THEN 'en baisse' WHEN value = 0 THEN 'stable' ELSE 'en hausse' END, verdict_label_fr(verdict))
        WHEN kind = 'points_change' THEN printf('%s a varié de %+.2f points le %s (%.2f -> %.2f) ; l''article annonce %+.2f : %s.',
            ticker, actual_value, bar_date, prev_close, close, value, verdict_label_fr(verdict))
        WHEN kind = 'price_level' THEN printf('%s a clôturé à %.2f le %s ; l''article annonce %.2f : %s.',
            ticker, actual_value, bar_date, value, verdict_label_fr(verdict))
        WHEN timing = 'period' THEN printf('%s a varié de %+.2f %% entre la clôture du %s (%.2f) et celle du %s (%.2f) ; l''article annonce %+.2f %% : %s.',
            ticker, 100 * actual_value, period_base_date, period_base_close, bar_date, close, 100 * value, verdict_label_fr(verdict))
        ELSE printf('%s a varié de %+.2f %% le %s (clôture %.2f -> %.2f, séance entre %+.2f %% et %+.2f %%) ; l''article annonce %+.2f %% (+/- %.2f pt) : %s.',
            ticker, 100 * move, bar_date, prev_close, close, 100 * low_move, 100 * high_move, 100 * value, 100 * tolerance, verdict_label_fr(verdict))
    END END AS explanation
FROM judged
ORDER BY source_file, claim_id;
