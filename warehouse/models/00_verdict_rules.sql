-- Verdict rules: how close the market must be to a stated figure. One place, used by every model.
-- Inputs are fractions (-0.17 for "-17 %"); `decimals` is how many decimals the writer gave.

-- A percentage is as precise as it is written: "17 %" covers 16.5..17.5 %, "14,20 %" 14.195..14.205 %.
-- "près de"/"environ" (hedge = approx) doubles the band.
CREATE OR REPLACE MACRO percent_tolerance(decimals, hedge) AS
    0.5 * pow(10, -coalesce(decimals, 0)) / 100 * (CASE WHEN hedge = 'approx' THEN 2 ELSE 1 END);

-- Amounts of money are rounded to two or three figures: 2.5 % of the amount, doubled for approx.
CREATE OR REPLACE MACRO money_tolerance(amount, hedge) AS
    abs(amount) * 0.025 * (CASE WHEN hedge = 'approx' THEN 2 ELSE 1 END);

-- Does `actual` bear out `claimed`? "plus de 17 %" (at_least) is one-sided: a fall of at least 16.5 %.
CREATE OR REPLACE MACRO bears_out(claimed, actual, tolerance, hedge) AS CASE
    WHEN hedge = 'at_least' THEN sign(actual) = sign(claimed) AND abs(actual) >= abs(claimed) - tolerance
    WHEN hedge = 'at_most' THEN sign(actual) = sign(claimed) AND abs(actual) <= abs(claimed) + tolerance
    ELSE abs(actual - claimed) <= tolerance
END;

-- Verdicts as a French reader reads them.
CREATE OR REPLACE MACRO verdict_label_fr(verdict) AS CASE verdict
    WHEN 'accurate' THEN 'exact'
    WHEN 'approximately_accurate' THEN 'approximativement exact'
    WHEN 'inaccurate' THEN 'inexact'
    WHEN 'consistent_intraday' THEN 'cohérent avec la séance'
    WHEN 'ambiguous' THEN 'ambigu'
    WHEN 'pending_prices' THEN 'en attente des cours'
    ELSE 'invérifiable'
END;
