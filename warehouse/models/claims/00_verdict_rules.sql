-- Verdict rules: how close the market must be to a stated figure. One place, used by every model.
-- `stated_precision` is one unit of the last digit the writer gave, in the claim's unit: 0.01 for "17 %"
-- (as a fraction), 0.0001 for "14,20 %", 1e9 for "600 milliards", 0.01 for "118,42 dollars".

-- A figure is as precise as it is written: "17 %" covers 16.5..17.5 %, "14,20 %" 14.195..14.205 %,
-- "600 milliards" 599.5..600.5 bn. "près de"/"environ" (hedge = approx) doubles the band.
CREATE OR REPLACE MACRO stated_tolerance(step, hedge) AS
    0.5 * coalesce(step, 0) * (CASE WHEN hedge = 'approx' THEN 2 ELSE 1 END);

-- The data's own rounding: a close is known to one unit of the last decimal its series records, read through
-- the float print (118.41999816 is 118.42, to the cent); some series are whole points (FTSE 100: 8,173 for an
-- official 8,173.02), and a series may be a unit off the official print (Yahoo's 19,764.88 for 19,764.89). A figure
-- is borne out within the data's rounding: one unit for a level, the units of both closes for a move or a points
-- change (claim_measures.tolerance; the evaluation's price_truth allows the same).
CREATE OR REPLACE MACRO data_step(price) AS CASE
    WHEN price IS NULL THEN 0
    WHEN abs(price - round(price, 0)) <= 2e-7 * abs(price) THEN 1
    WHEN abs(price - round(price, 1)) <= 2e-7 * abs(price) THEN 0.1
    WHEN abs(price - round(price, 2)) <= 2e-7 * abs(price) THEN 0.01
    WHEN abs(price - round(price, 3)) <= 2e-7 * abs(price) THEN 0.001
    WHEN abs(price - round(price, 4)) <= 2e-7 * abs(price) THEN 0.0001
    ELSE 0.00001
END;

CREATE OR REPLACE MACRO data_slack(kind, close, base) AS coalesce(CASE kind
    WHEN 'price_level' THEN data_step(close)
    WHEN 'points_change' THEN data_step(close) + data_step(base)
    WHEN 'price_move' THEN data_step(close) / close + data_step(base) / base
END, 0);

-- The band a claim is judged in: its stated precision, or the data's own rounding when that is wider.
CREATE OR REPLACE MACRO claim_tolerance(step, hedge, kind, close, base) AS
    greatest(stated_tolerance(step, hedge), data_slack(kind, close, base));

-- "Little changed", "flat", "stable", "à l'équilibre" (a direction of 0): the close within 0.3 % of the previous one
-- (or of the period's base). Wires write it of moves of a few hundredths to a couple of tenths of a percent.
CREATE OR REPLACE MACRO flat_band() AS 0.003;

-- Outside that band but close: twice the band, or 5 % of the figure if wider — except for a level or a price
-- ("44 910,65 points", "118,42 dollars"): read off the same closing print, it must match to twice its rounding,
-- where 5 % of the figure would let a level pass 2,000 points off. A move or a change keeps the 5 %: it is
-- computed by the writer from a base that may differ from ours by a print.
CREATE OR REPLACE MACRO approximate_band(claimed, tolerance, kind) AS CASE
    WHEN kind = 'price_level' THEN 2 * tolerance + 1e-6 * abs(claimed)  -- + the float print of the data (118.41999816)
    ELSE greatest(2 * tolerance, 0.05 * abs(claimed))
END;

-- Does `actual` bear out `claimed` within `band`? "plus de 17 %" (at_least) is one-sided: a fall of at
-- least 16.5 %; "moins de 1 %" (at_most) likewise.
CREATE OR REPLACE MACRO bears_out(claimed, actual, band, hedge) AS CASE
    WHEN hedge = 'at_least' THEN sign(actual) = sign(claimed) AND abs(actual) >= abs(claimed) - band
    WHEN hedge = 'at_most' THEN sign(actual) = sign(claimed) AND abs(actual) <= abs(claimed) + band
    ELSE abs(actual - claimed) <= band
END;

CREATE OR REPLACE MACRO judge(claimed, actual, tolerance, hedge, kind) AS CASE
    -- (+ the float print of the data: 7357.080078125 is 7,357.08)
    WHEN bears_out(claimed, actual, tolerance + 2e-7 * abs(actual) + 1e-9, hedge) THEN 'accurate'
    WHEN bears_out(claimed, actual, approximate_band(claimed, tolerance, kind), hedge) THEN 'approximately_accurate'
    ELSE 'inaccurate'
END;

-- A comparison of market values ("représente la valeur boursière cumulée de …"): `ratio` is the
-- subject's amount over the sum compared with. Equality (approx) holds within 10 %, roughly within 25 %;
-- "more than" (at_least) holds at 1 or above, roughly from 0.95.
CREATE OR REPLACE MACRO judge_comparison(ratio, hedge) AS CASE
    WHEN hedge = 'at_least' THEN CASE WHEN ratio >= 1 THEN 'accurate' WHEN ratio >= 0.95 THEN 'approximately_accurate'
                                      ELSE 'inaccurate' END
    WHEN abs(ratio - 1) <= 0.10 THEN 'accurate'
    WHEN abs(ratio - 1) <= 0.25 THEN 'approximately_accurate'
    ELSE 'inaccurate'
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

CREATE OR REPLACE MACRO verdict_label_en(verdict) AS replace(verdict, '_', ' ');
