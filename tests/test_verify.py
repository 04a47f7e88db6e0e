"""The verdict models in DuckDB on real snapshot prices, called without Dagster."""

import datetime as dt
import tempfile
from pathlib import Path

import pytest

from market_claims.checking import verify_claims
from market_claims.prices import PriceWindow, SnapshotSource, claim_windows
from market_claims.reference import read_entities, read_shares
from market_claims.schemas import frame
from market_claims.settings import PROJECT_ROOT

SEEDS = PROJECT_ROOT / "seeds"
ARTICLE = {"article_id": "a1", "source_file": "a.txt", "language": "fr", "status": "ok", "text": "..."}


def claim(**fields):
    row = {"claim_id": "c1", "article_id": "a1", "source_file": "a.txt", "quote": "q", "entity": "Nvidia",
           "ticker": "NVDA", "kind": "price_move", "value": -0.17, "unit": "fraction", "hedge": "none",
           "precision_decimals": 0, "timing": "session", "event_date": dt.date(2025, 1, 27),
           "date_basis": "explicit", "status": "ok"}
    row |= fields
    if "stated_precision" not in fields:  # one unit of the last digit written, as the extractor records it
        row["stated_precision"] = (10 ** -row["precision_decimals"] / 100 if row["kind"] == "price_move"
                                   else 1e9 if row["kind"].startswith("market_cap") else None)
    return row


ENTITIES = read_entities(SEEDS / "entities.csv")


def verdicts(claims, article=None, source=None):
    """The verification models on real snapshot bars, served through a fresh price store."""
    with tempfile.TemporaryDirectory() as store_dir:
        return verify_claims(frame("claims", claims), frame("articles", [ARTICLE | (article or {})]), ENTITIES,
                             read_shares(SEEDS / "shares.csv"), source or SnapshotSource(SEEDS / "prices"),
                             Path(store_dir) / "prices.duckdb", today=dt.date(2026, 1, 1))


def one(claims, article=None):
    rows = verdicts(claims, article)["claim_verdicts"].to_dicts()
    assert len(rows) == len(claims)
    return rows[0]


@pytest.mark.parametrize("value, decimals, hedge, verdict", [
    (-0.17, 0, "none", "accurate"),                  # -16.97 % is inside 16.5..17.5 %
    (-0.16, 0, "none", "approximately_accurate"),    # 0.97 pt off: within twice the band (1 pt)
    (-0.14, 0, "none", "inaccurate"),
    (-0.16, 0, "approx", "accurate"),                # "près de 16 %": the band doubles to 15..17 %
    (-0.15, 0, "approx", "approximately_accurate"),  # 1.97 pt off, within 2 pt
    (-0.14, 0, "approx", "inaccurate"),
    (-0.1697, 2, "none", "accurate"),
    (-0.1690, 2, "none", "approximately_accurate"),  # 16,90 % is stated to 0.005 pt; 0.07 pt off is within 5 %
    (-0.1696, 2, "none", "accurate"),                # 0.008 pt off: within the closes' own cents (±0.015 pt)
    (-0.1694, 2, "none", "approximately_accurate"),  # 0.028 pt off: beyond them, within twice the band
    (-0.15, 0, "at_least", "accurate"),              # "plus de 15 %"
    (-0.18, 0, "at_least", "inaccurate"),
    (0.17, 0, "none", "inaccurate"),                 # wrong sign
])
def test_tolerance_follows_the_stated_precision_and_hedge(value, decimals, hedge, verdict):
    row = one([claim(value=value, precision_decimals=decimals, hedge=hedge)])
    assert row["verdict"] == verdict, row["explanation"]
    assert row["actual_value"] == pytest.approx(118.41999816894531 / 142.6199951171875 - 1)
    assert (row["bar_date"], row["prev_bar_date"]) == (dt.date(2025, 1, 27), dt.date(2025, 1, 24))


def test_a_level_must_match_to_its_rounding():
    """A level is read off the same closing print: 5 % of it would let NVDA's 118,42 dollars pass at 124."""
    level = dict(kind="price_level", unit="USD", precision_decimals=2, stated_precision=0.01)
    assert one([claim(value=118.42, **level)])["verdict"] == "accurate"
    # one cent off is within the series' own cent (a print may differ from the official close by that much)
    assert one([claim(value=118.43, **level)])["verdict"] == "accurate"
    assert one([claim(value=118.44, **level)])["verdict"] == "approximately_accurate"
    assert one([claim(value=118.90, **level)])["verdict"] == "inaccurate"


def test_a_level_more_precise_than_the_data_is_judged_to_the_datas_rounding():
    """The FTSE 100's close on 2024-12-31 is a whole 8,173 in the snapshot; PA and Alliance News quote the
    official 8,173.02. That is no error of theirs: it is judged to the point the data knows."""
    level = dict(ticker="^FTSE", entity="FTSE 100", kind="price_level", unit="points", precision_decimals=2,
                 stated_precision=0.01, event_date=dt.date(2024, 12, 31))
    assert one([claim(value=8173.02, **level)])["verdict"] == "accurate"
    assert one([claim(value=8176.02, **level)])["verdict"] == "inaccurate"


def test_a_weekend_claim_is_checked_against_the_last_session_before_it():
    row = one([claim(event_date=dt.date(2025, 2, 1), value=-0.0367, precision_decimals=2)])  # a Saturday
    assert row["bar_date"] == dt.date(2025, 1, 31)


def test_no_price_is_unverifiable_and_says_why():
    row = one([claim(ticker="KER.PA", entity="Kering")])  # the snapshot has KER.PA only for March 2024
    assert row["verdict"] == "unverifiable"
    assert "pas de cours pour KER.PA" in row["explanation"]


def test_an_undated_article_gets_the_session_that_fits_all_its_claims():
    claims = [claim(claim_id="c1", event_date=None, date_basis="inferred"),
              claim(claim_id="c2", ticker="ORCL", value=-0.14, event_date=None, date_basis="inferred")]
    tables = verdicts(claims, {"date_lower": dt.date(2025, 1, 1), "date_upper": dt.date(2025, 2, 28)})
    [inferred] = tables["inferred_event_dates"].to_dicts()
    assert (inferred["event_date"], inferred["confidence"]) == (dt.date(2025, 1, 27), "high")
    assert set(tables["claim_verdicts"]["verdict"]) == {"accurate"}


def test_no_date_is_invented_when_no_session_fits():
    claims = [claim(value=-0.40, event_date=None, date_basis="inferred")]
    tables = verdicts(claims, {"date_lower": dt.date(2025, 1, 1), "date_upper": dt.date(2025, 2, 28)})
    [inferred] = tables["inferred_event_dates"].to_dicts()
    assert inferred["event_date"] is None and inferred["confidence"] == "none"
    [row] = tables["claim_verdicts"].to_dicts()
    assert row["verdict"] == "unverifiable" and row["event_date"] is None


def _real_move(ticker: str, day: dt.date) -> float:
    """The day's close-to-close move, read from the snapshot file itself."""
    from market_claims.price_truth import PriceFiles

    files = PriceFiles(SEEDS / "prices")
    return round(files.on(ticker, day).close / files.before(ticker, day).close - 1, 4)


def test_a_dated_article_is_read_at_its_publication_session_or_the_one_before():
    """Published the morning after, undated: the previous session when it bears the figure out, never a
    session further back (NVDA's -17 % of 27 January is not found from a piece of 30 January)."""
    undated = claim(event_date=None, date_basis="inferred")
    row = one([undated], {"published_date": dt.date(2025, 1, 28), "date_upper": dt.date(2025, 1, 28)})
    assert (row["bar_date"], row["verdict"], row["date_basis"]) == (dt.date(2025, 1, 27), "accurate", "inferred")
    row = one([undated], {"published_date": dt.date(2025, 1, 30), "date_upper": dt.date(2025, 1, 30)})
    assert row["bar_date"] in {dt.date(2025, 1, 29), dt.date(2025, 1, 30)} and row["verdict"] == "inaccurate"


def test_a_publication_time_before_the_open_leaves_that_days_session_out():
    nvda_28 = _real_move("NVDA", dt.date(2025, 1, 28))  # the rebound
    undated = claim(event_date=None, date_basis="inferred", value=nvda_28, precision_decimals=2)
    evening = {"published_date": dt.date(2025, 1, 28), "date_upper": dt.date(2025, 1, 28),
               "published_at": dt.datetime(2025, 1, 28, 22, 0)}
    assert one([undated], evening)["bar_date"] == dt.date(2025, 1, 28)
    morning = evening | {"published_at": dt.datetime(2025, 1, 28, 6, 0)}  # 06:00 UTC: New York has not opened
    row = one([undated], morning)  # the 27th or the 24th, whichever is nearer: the rebound is neither
    assert row["bar_date"] in {dt.date(2025, 1, 24), dt.date(2025, 1, 27)} and row["verdict"] == "inaccurate"


def test_each_market_of_a_wrap_gets_its_own_session():
    """Tokyo's close of the 28th and Wall Street's of the 27th, in one undated piece of the 28th."""
    tokyo = claim(claim_id="c1", ticker="^N225", entity="Nikkei", event_date=None, date_basis="inferred",
                  value=_real_move("^N225", dt.date(2025, 1, 28)), precision_decimals=2)
    wall_street = claim(claim_id="c2", event_date=None, date_basis="inferred")  # NVDA -17 %, the 27th
    rows = {r["ticker"]: r for r in verdicts([tokyo, wall_street], {
        "published_date": dt.date(2025, 1, 28), "date_upper": dt.date(2025, 1, 28)})["claim_verdicts"].to_dicts()}
    assert rows["^N225"]["bar_date"] == dt.date(2025, 1, 28) and rows["^N225"]["verdict"] == "accurate"
    assert rows["NVDA"]["bar_date"] == dt.date(2025, 1, 27) and rows["NVDA"]["verdict"] == "accurate"


def test_claims_anchored_to_different_days_choose_their_sessions_apart():
    """A piece of 19 February 2025: its undated headline (Intel +16 %, the 18th) is anchored to the publication,
    the line "On Tuesday, Broadcom slipped 1.9 %" to the 18th; one offset for both would put Intel on the 19th."""
    headline = claim(claim_id="c1", ticker="INTC", entity="Intel", value=0.16, event_date=None, date_basis="inferred")
    carried = claim(claim_id="c2", ticker="AVGO", entity="Broadcom", value=-0.019, precision_decimals=1,
                    event_date=dt.date(2025, 2, 18), date_basis="earlier_sentence", date_scope="earlier_sentence")
    rows = {r["ticker"]: r for r in verdicts([headline, carried], {
        "published_date": dt.date(2025, 2, 19), "date_upper": dt.date(2025, 2, 19)})["claim_verdicts"].to_dicts()}
    assert (rows["INTC"]["bar_date"], rows["INTC"]["verdict"]) == (dt.date(2025, 2, 18), "accurate")
    assert (rows["AVGO"]["bar_date"], rows["AVGO"]["verdict"]) == (dt.date(2025, 2, 18), "accurate")


def test_a_level_quoted_to_its_close_outweighs_moves_the_article_got_wrong():
    """PA on 30 December 2024: "The FTSE 100 finished 28.77 points, or 0.35%, higher … at 8,121.01": it fell by
    that much. The close names the session; the moves are then inaccurate, not moved to the 27th."""
    anchored = {"ticker": "^FTSE", "entity": "FTSE 100", "event_date": dt.date(2024, 12, 30),
                "date_basis": "earlier_sentence", "date_scope": "earlier_sentence"}
    rows = {r["kind"]: r for r in verdicts([
        claim(claim_id="c1", kind="points_change", value=28.77, unit="points", precision_decimals=2,
              stated_precision=0.01, **anchored),
        claim(claim_id="c2", kind="price_move", value=0.0035, precision_decimals=2, **anchored),
        claim(claim_id="c3", kind="price_level", value=8121.01, unit="points", precision_decimals=2,
              stated_precision=0.01, **anchored),
    ], {"published_date": dt.date(2024, 12, 30), "date_upper": dt.date(2024, 12, 30), "language": "en"})[
        "claim_verdicts"].to_dicts()}
    assert {k: (r["bar_date"], r["verdict"]) for k, r in rows.items()} == {
        "points_change": (dt.date(2024, 12, 30), "inaccurate"), "price_move": (dt.date(2024, 12, 30), "inaccurate"),
        "price_level": (dt.date(2024, 12, 30), "accurate")}


def test_intraday_figure_inside_the_session_path():
    row = one([claim(ticker="AVGO", value=-0.145, precision_decimals=2, timing="intraday")])
    assert row["verdict"] == "consistent_intraday"
    row = one([claim(ticker="AVGO", value=-0.25, precision_decimals=0, timing="intraday")])
    assert row["verdict"] == "inaccurate"  # below the session's low (-19.8 %)


def test_an_intraday_direction_is_judged_against_the_sessions_path():
    # Intel on 2 December 2024: up to 25.48 early after a 24.05 close, then closed at 23.93.
    higher = {"ticker": "INTC", "kind": "direction", "value": 1.0, "unit": "sign", "event_date": dt.date(2024, 12, 2)}
    assert one([claim(**higher, timing="intraday")])["verdict"] == "consistent_intraday"
    assert one([claim(**higher, timing="session")])["verdict"] == "inaccurate"  # it closed lower
    assert one([claim(**higher | {"value": -1.0}, timing="intraday")])["verdict"] == "accurate"


def test_market_cap_change_sums_subjects_and_needs_share_counts():
    row = one([claim(kind="market_cap_change", ticker="NVDA|AVGO", value=-791e9, unit="USD", hedge="approx")])
    assert row["verdict"] == "accurate"  # "près de 791 milliards": 791.2 is within 1 bn
    assert row["actual_value"] == pytest.approx(-791.2e9, rel=1e-3)
    row = one([claim(kind="market_cap_change", ticker="BNP.PA", value=-1e9, unit="EUR")])
    assert row["verdict"] == "unverifiable" and "nombre d'actions inconnu pour BNP.PA" in row["explanation"]


def test_english_articles_get_english_explanations():
    row = one([claim()], {"language": "en"})
    assert row["explanation"].startswith("NVDA moved -16.97% on 2025-01-27")


def test_price_windows_are_merged_per_ticker():
    claims = frame("claims", [claim(claim_id="c1"), claim(claim_id="c2", event_date=dt.date(2025, 2, 3)),
                              claim(claim_id="c3", ticker="NVDA|AVGO", kind="market_cap_change")])
    windows = claim_windows(claims, frame("articles", [ARTICLE]), today=dt.date(2026, 1, 1),
                            benchmarks={"NVDA": "^IXIC"})
    # A share's daily move also needs the half-year before it, and its benchmark, for the event study.
    assert windows == [PriceWindow("AVGO", dt.date(2025, 1, 17), dt.date(2025, 2, 1)),
                       PriceWindow("NVDA", dt.date(2024, 7, 11), dt.date(2025, 2, 8)),
                       PriceWindow("^IXIC", dt.date(2024, 7, 11), dt.date(2025, 2, 8))]


def test_a_ticker_that_could_escape_the_prices_folder_is_refused():
    result = SnapshotSource(SEEDS / "prices").fetch([PriceWindow("../../etc/passwd", dt.date(2025, 1, 1), dt.date(2025, 2, 1))])
    assert result.bars.is_empty()
    assert result.requests.row(0, named=True)["status"] == "failed"


def test_a_claim_on_a_market_holiday_is_checked_against_the_session_before():
    # 9 January 2025: US markets closed (national day of mourning); the claim speaks of the 8th's close.
    row = one([claim(event_date=dt.date(2025, 1, 9), value=-0.0019, precision_decimals=2)])
    assert (row["bar_date"], row["prev_bar_date"]) == (dt.date(2025, 1, 8), dt.date(2025, 1, 7))


def test_market_value_records_the_share_count_and_its_age():
    row = one([claim(kind="market_cap_change", value=-593e9, unit="USD", hedge="approx")])
    assert row["shares_used"] == "NVDA 24.48 bn as of 2025-01-26 (1 days before)"


def test_points_change_and_index_level():
    # Nasdaq Composite, 27 January 2025: 19,954.30 -> 19,341.83
    row = one([claim(ticker="^IXIC", kind="points_change", value=-612.47, unit="points", precision_decimals=2,
                     stated_precision=0.01)])
    assert row["verdict"] == "accurate" and row["actual_value"] == pytest.approx(19341.830078125 - 19954.30078125)
    row = one([claim(ticker="^IXIC", kind="price_level", value=19341.83, unit="points", precision_decimals=2,
                     stated_precision=0.01)])
    assert row["verdict"] == "accurate"


def test_a_price_level_needs_a_traded_close_not_an_adjusted_series():
    row = one([claim(ticker="NVDA", kind="price_level", value=118.42, unit="USD", stated_precision=0.01)])
    assert row["verdict"] == "accurate"
    # SoftBank's bundled series is dividend-adjusted only (seeds/prices/manifest.csv): a quoted price cannot be checked.
    row = one([claim(ticker="9984.T", kind="price_level", value=8000.0, unit="JPY", stated_precision=1.0)])
    assert row["verdict"] == "unverifiable" and "série ajustée" in row["explanation"]


def test_market_value_level_and_a_move_over_a_period():
    # NVDA closed at 118.42 with 24.477 bn shares: about 2,899 bn dollars.
    row = one([claim(kind="market_cap_level", value=2.9e12, unit="USD", stated_precision=1e11, hedge="approx")])
    assert row["verdict"] == "accurate" and row["actual_value"] == pytest.approx(118.42 * 24.477e9, rel=1e-4)
    # From the last close of 2024 (134.29) to 27 January 2025 (118.42): -11.8 %.
    row = one([claim(timing="period", period="year_start", period_start=dt.date(2025, 1, 1), value=-0.12)])
    assert row["period_base_date"] == dt.date(2024, 12, 31)
    assert row["actual_value"] == pytest.approx(118.41999816894531 / row["period_base_close"] - 1)
    assert row["verdict"] == "accurate"
    row = one([claim(timing="period", period="since_peak", period_start=None, value=-0.2)])
    assert row["verdict"] == "unverifiable" and "début de la période" in row["explanation"]


def test_a_comparison_converts_currencies_and_shows_its_partial_sum():
    # Nvidia's loss (~592 bn USD) against Schneider Electric and TotalEnergies (EUR, converted with EURUSD=X).
    row = one([claim(kind="market_cap_comparison", value=None, unit=None, hedge="at_least", stated_precision=None,
                     compared_tickers="SU.PA|TTE.PA", compared_measure="market_cap_change")])
    assert row["verdict"] == "accurate" and row["actual_value"] > 1
    assert "EUR->USD" in row["fx_used"]
    assert row["compared_value"] == pytest.approx(row["subject_amount"] / row["actual_value"])
    row = one([claim(kind="market_cap_comparison", value=None, unit=None, hedge="approx", stated_precision=None,
                     compared_tickers="SU.PA|BNP.PA", compared_measure="market_cap_change")])
    assert row["verdict"] == "unverifiable"
    assert "nombre d'actions inconnu pour BNP.PA" in row["explanation"] and "SU.PA" in row["explanation"]


def test_a_dated_articles_undated_claim_needs_days_not_years_of_prices():
    """Its session is the publication day's or the one before: the window is that fortnight, where an article with
    no date at all is searched three years back."""
    level = claim(kind="price_level", unit="USD", value=118.42, event_date=None, date_basis="inferred")
    dated = frame("articles", [ARTICLE | {"published_date": dt.date(2025, 1, 28), "date_upper": dt.date(2025, 1, 28)}])
    [window] = claim_windows(frame("claims", [level]), dated, today=dt.date(2026, 1, 1))
    assert window.start >= dt.date(2025, 1, 1) and window.end <= dt.date(2025, 2, 2)
    [window] = claim_windows(frame("claims", [level]), frame("articles", [ARTICLE]), today=dt.date(2026, 1, 1))
    assert window.start < dt.date(2023, 2, 1)


def test_a_move_no_session_made_is_unverifiable_not_inaccurate():
    """ "Nvidia a ainsi bondi de plus de 170 %" with no period named: NVDA moved -16.97 % on 27 January 2025, and no
    day's move is near +170 %; the figure is over a span the text does not give, not a false day."""
    row = one([claim(value=1.7, hedge="at_least", flags="implausible_daily_move")])
    assert row["verdict"] == "unverifiable"
    assert "-16.97 %" in row["explanation"] and "sur quelle période" in row["explanation"]
    # The same move, borne out by the day, is judged as any other (NeueHealth's +90.9 % on one day happens).
    row = one([claim(value=-0.17, flags="implausible_daily_move")])
    assert row["verdict"] == "accurate"
    # Without the flag a wrong daily figure stays inaccurate.
    assert one([claim(value=-0.5)])["verdict"] == "inaccurate"
    # Said in the present of a live report ("progresse de 12,5 %"), the same holds.
    assert one([claim(value=1.7, timing="intraday", flags="implausible_daily_move")])["verdict"] == "unverifiable"


def test_an_undated_intraday_figure_dates_its_article_by_the_sessions_path():
    """Written during the session of 26 November 2024, before the close: the S&P 500 "up 0.3%" (it closed +0.57%
    after trading between +0.08% and +0.64%) and the Dow "down 0.3%" (its path went from -0.69% to +0.37%). The
    previous session's close fits the S&P's figure exactly (+0.30%), but only the 26th's path holds both."""
    dated = {"published_date": dt.date(2024, 11, 26), "date_upper": dt.date(2024, 11, 26)}
    live = [claim(claim_id="sp", ticker="^GSPC", entity="S&P 500", value=0.003, precision_decimals=1, timing="intraday",
                  event_date=None, date_basis="inferred"),
            claim(claim_id="dow", ticker="^DJI", entity="Dow Jones", value=-0.003, precision_decimals=1,
                  timing="intraday", event_date=None, date_basis="inferred")]
    rows = {r["claim_id"]: r for r in verdicts(live, dated)["claim_verdicts"].to_dicts()}
    assert {r["event_date"] for r in rows.values()} == {dt.date(2024, 11, 26)}
    assert rows["sp"]["verdict"] == rows["dow"]["verdict"] == "consistent_intraday"


def test_undated_directions_no_candidate_day_bears_out_have_no_day():
    """ "Tesla stock makes largest one-day jump since 2011" headlining a weekly of 31 October 2024: TSLA fell on the
    31st (-2.99 %) and on the 30th (-0.76 %). With only directions in its group and no day bearing them out, the
    day is unknown: unverifiable, not an inaccurate claim about the publication's session. A figure of the same
    group would still be judged on the latest day (an inaccurate figure must not leave the rest undated)."""
    weekly = {"published_date": dt.date(2024, 10, 31), "date_upper": dt.date(2024, 10, 31)}
    headline = claim(claim_id="h", ticker="TSLA", entity="Tesla", kind="direction", value=1.0, unit="sign",
                     stated_precision=None, event_date=None, date_basis="inferred")
    row = one([headline], weekly)
    assert row["verdict"] == "unverifiable" and row["event_date"] is None
    figure = claim(claim_id="f", ticker="TSLA", entity="Tesla", value=0.22, event_date=None, date_basis="inferred")
    rows = {r["claim_id"]: r for r in verdicts([headline, figure], weekly)["claim_verdicts"].to_dicts()}
    assert rows["f"]["verdict"] == "inaccurate" and rows["f"]["event_date"] == dt.date(2024, 10, 31)


def test_a_live_rate_is_the_publication_days_never_the_day_befores():
    """A currency trades round the clock: "the pound was trading 0.12% lower against the dollar at 1.2969" in a piece
    of 22 October 2024 is that day's rate (GBP/USD traded 1.2946..1.3015 then, 1.2980..1.3053 on the 21st), though the
    21st fits the move's figure as well."""
    dated = {"published_date": dt.date(2024, 10, 22), "date_upper": dt.date(2024, 10, 22)}
    live = [claim(claim_id="move", ticker="GBPUSD=X", entity="pound", value=-0.0012, precision_decimals=2,
                  timing="intraday", event_date=None, date_basis="inferred"),
            claim(claim_id="level", ticker="GBPUSD=X", entity="pound", kind="price_level", value=1.2969, unit="USD",
                  stated_precision=0.0001, timing="intraday", event_date=None, date_basis="inferred")]
    rows = {r["claim_id"]: r for r in verdicts(live, dated)["claim_verdicts"].to_dicts()}
    assert {r["event_date"] for r in rows.values()} == {dt.date(2024, 10, 22)}
    assert rows["level"]["verdict"] == "consistent_intraday"


def test_a_change_in_points_or_a_direction_over_a_span_is_measured_from_the_close_before_it():
    """ "the Nikkei advanced sharply on Thursday and Friday to notch a gain of over 1,100 points in total": from the
    close of 25 December 2024 (39,130.43) to that of the 27th (40,281.16), +1,150.73 points; the 27th alone was +713."""
    span = dict(ticker="^N225", entity="Nikkei", timing="period", period="weekday_span",
                period_start=dt.date(2024, 12, 26), event_date=dt.date(2024, 12, 27))
    row = one([claim(kind="points_change", value=1100.0, unit="points", hedge="at_least", stated_precision=1.0, **span)])
    assert row["verdict"] == "accurate" and row["actual_value"] == pytest.approx(40281.16015625 - 39130.4296875)
    assert row["period_base_date"] == dt.date(2024, 12, 25) and "39130.43" in row["explanation"]
    assert one([claim(kind="direction", value=-1.0, unit="sign", **span)])["verdict"] == "inaccurate"
    # With no known start, a direction over a span is not judged by its last day.
    row = one([claim(kind="direction", value=1.0, unit="sign", **(span | {"period_start": None}))])
    assert row["verdict"] == "unverifiable"


def test_flat_is_a_move_within_the_flat_band():
    """ "le CAC 40 est resté stable": on 3 December 2024 it closed +0.26% (7,236.89 -> 7,255.42), within 0.3%; on the
    4th +0.66% (7,303.28), not flat at the close, though it traded at 7,257.43 (+0.03%) at its low."""
    flat = {"ticker": "^FCHI", "entity": "CAC 40", "kind": "direction", "value": 0.0, "unit": "sign"}
    row = one([claim(**flat, event_date=dt.date(2024, 12, 3))])
    assert row["verdict"] == "accurate" and row["actual_value"] == pytest.approx(7255.419921875 / 7236.89013671875 - 1)
    assert one([claim(**flat, event_date=dt.date(2024, 12, 4))])["verdict"] == "inaccurate"
    assert one([claim(**flat, event_date=dt.date(2024, 12, 4), timing="intraday")])["verdict"] == "consistent_intraday"
    # a direction of ±1 keeps its sign: +0.26% is a rise, not "flat"
    assert one([claim(**flat | {"value": 1.0}, event_date=dt.date(2024, 12, 3))])["verdict"] == "accurate"


def test_an_undated_figure_written_before_the_close_is_judged_on_the_days_path_not_its_close():
    """"Dow Jones Suffers 400-Point Drop", undated, in a page published at 16:25 UTC on 21 February 2025: the Dow
    had fallen as far as 827 points and closed 748 down (the 20th's close was 450 down). Written before the close,
    the figure is either the 20th's close or a point on the 21st's path — never the 21st's close."""
    page = {"published_date": dt.date(2025, 2, 21), "date_upper": dt.date(2025, 2, 21),
            "published_at": dt.datetime(2025, 2, 21, 16, 25)}
    drop = claim(ticker="^DJI", entity="Dow Jones", kind="points_change", value=-400.0, unit="points",
                 stated_precision=100.0, event_date=None, date_basis="inferred", flags="written_before_close")
    row = one([drop], page)
    assert (row["bar_date"], row["timing"], row["verdict"]) == (dt.date(2025, 2, 21), "intraday", "consistent_intraday")
    after_the_close = page | {"published_at": dt.datetime(2025, 2, 21, 22, 0)}
    row = one([drop], after_the_close)  # the flag counts only while the clock is before the close: neither close fits
    assert (row["timing"], row["verdict"]) == ("session", "unverifiable")


def test_a_span_so_far_carried_from_an_earlier_sentence_may_end_at_the_close_before():
    """"The market's recovery came after a turbulent period, with the Stoxx 600 losing over 8% in April alone", in a
    piece on Monday 14 April 2025 whose Monday comes from an earlier sentence: to Friday's close the Stoxx 600 had
    lost 8.8% in April; Monday's 2.7% rebound left it 6.4% down. Judged on Monday's close, a correct figure would be
    called inaccurate; the session before bears it out, so it is checked there. Dated by its own sentence, it is not."""
    april = claim(ticker="^STOXX", entity="Stoxx 600", value=-0.08, hedge="at_least", timing="period",
                  period="named_month", period_start=dt.date(2025, 4, 1), event_date=dt.date(2025, 4, 14),
                  date_basis="explicit", date_scope="earlier_sentence")
    row = one([april])
    assert (row["bar_date"], row["verdict"]) == (dt.date(2025, 4, 11), "accurate")
    row = one([april | {"date_scope": "sentence"}])
    assert (row["bar_date"], row["verdict"]) == (dt.date(2025, 4, 14), "inaccurate")


def test_a_level_on_the_first_bar_of_a_price_file_is_checked():
    """The Dow closed at 42,156.97 on 1 October 2024, the first bar of its file: a level needs no close before it
    (a move does, and stays unverifiable)."""
    level = claim(ticker="^DJI", entity="Dow Jones", kind="price_level", value=42156.97, unit="points",
                  precision_decimals=2, stated_precision=0.01, event_date=dt.date(2024, 10, 1))
    assert one([level])["verdict"] == "accurate"
    move = claim(ticker="^DJI", entity="Dow Jones", value=-0.0041, precision_decimals=2, event_date=dt.date(2024, 10, 1))
    assert one([move])["verdict"] == "unverifiable"
