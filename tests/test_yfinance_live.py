"""The live path, offline: yfinance's real request and parsing code against a Yahoo stand-in on 127.0.0.1."""

import datetime as dt

import polars as pl
import pytest

from market_claims.prices import PriceWindow, SnapshotSource, YFinanceSource
from market_claims.reference import fetch_shares_yfinance
from market_claims.settings import PROJECT_ROOT
from market_claims.yahoo import use_cache_dir, yahoo_session

SEED_PRICES = PROJECT_ROOT / "seeds" / "prices"
JAN = (dt.date(2025, 1, 17), dt.date(2025, 1, 31))


def source(fake, **options):
    sleeps = []
    # A timeout long enough for a loaded machine.
    options = {"backoff_seconds": 0.01, "timeout": 10.0, "sleep": sleeps.append} | options
    return YFinanceSource(session=yahoo_session(fake.base_url), currencies={"NVDA": "USD", "AVGO": "USD"}, **options), sleeps


def test_one_batched_call_returns_what_the_snapshot_holds(fake_yahoo):
    live, _ = source(fake_yahoo)
    windows = [PriceWindow("NVDA", *JAN), PriceWindow("AVGO", *JAN), PriceWindow("AIR.PA", *JAN)]
    result = live.fetch(windows)
    assert set(result.requests["status"]) == {"ok"}
    expected = SnapshotSource(SEED_PRICES).fetch(windows).bars
    joined = result.bars.join(expected, on=["ticker", "date"], suffix="_snapshot")
    assert joined.height == expected.height == result.bars.height
    for column in ("open", "high", "low", "close", "adj_close", "volume"):
        assert (joined[column] - joined[f"{column}_snapshot"]).abs().max() < 1e-6, column
    # auto_adjust=False: the traded close and the adjusted close both arrive, and differ for a dividend payer.
    air = result.bars.filter(pl.col("ticker") == "AIR.PA")
    assert (air["close"] != air["adj_close"]).all()
    assert fake_yahoo.hits["history"] == 3  # one history request per ticker, all in one yf.download call


def test_rate_limit_is_retried_with_backoff(fake_yahoo):
    # yfinance answers a 4xx by asking once more itself, so each of our attempts meets two 429s.
    fake_yahoo.inject("NVDA", "429", "429", "429", "429")
    live, sleeps = source(fake_yahoo)
    result = live.fetch([PriceWindow("NVDA", *JAN)])
    assert result.requests.row(0, named=True)["status"] == "ok"
    assert result.bars.height == 10
    assert sleeps == [0.01, 0.02]  # exponential backoff between the three attempts


def test_a_429_storm_ends_as_failed_with_the_reason(fake_yahoo):
    fake_yahoo.inject("NVDA", *["429"] * 20)
    live, sleeps = source(fake_yahoo, attempts=3)
    row = live.fetch([PriceWindow("NVDA", *JAN)]).requests.row(0, named=True)
    assert row["status"] == "failed" and "rate_limited" in row["error"] and "after 3 attempts" in row["error"]
    assert len(sleeps) == 2


def test_timeouts_and_empty_answers_are_failures_not_missing_moves(fake_yahoo):
    # Each test starts with empty yfinance caches. A first fetch caches the timezones, so the faults
    # below meet the price requests only, not yfinance's timezone lookups.
    warm = source(fake_yahoo)[0].fetch([PriceWindow("NVDA", *JAN), PriceWindow("AVGO", *JAN)])
    assert set(warm.requests["status"]) == {"ok"}
    fake_yahoo.timeout_seconds = 1.0
    fake_yahoo.inject("NVDA", "timeout", "timeout")
    fake_yahoo.inject("AVGO", "empty", "empty")
    live, _ = source(fake_yahoo, attempts=2, timeout=0.5)
    rows = {r["ticker"]: r for r in live.fetch([PriceWindow("NVDA", *JAN), PriceWindow("AVGO", *JAN)]).requests.iter_rows(named=True)}
    assert rows["NVDA"]["status"] == "failed" and rows["NVDA"]["bars"] == 0
    assert rows["AVGO"]["status"] == "failed"
    # A third attempt would have been answered: with enough attempts both come back.
    fake_yahoo.inject("NVDA", "timeout")
    live, _ = source(fake_yahoo, attempts=3, timeout=0.5)
    assert set(live.fetch([PriceWindow("NVDA", *JAN)]).requests["status"]) == {"ok"}


def test_a_ticker_yahoo_does_not_know_is_no_data(fake_yahoo):
    live, sleeps = source(fake_yahoo)
    result = live.fetch([PriceWindow("NOPE.PA", *JAN), PriceWindow("NVDA", *JAN)])
    rows = {r["ticker"]: r for r in result.requests.iter_rows(named=True)}
    assert rows["NOPE.PA"]["status"] == "no_data" and "does not know NOPE.PA" in rows["NOPE.PA"]["error"]
    assert rows["NVDA"]["status"] == "ok"
    assert sleeps == []  # a definite answer is not retried


def test_a_cache_folder_removed_after_use_does_not_break_the_next_fetch(fake_yahoo, tmp_path):
    # yfinance's timezone cache used to keep the database it opened first: once that folder was gone
    # (another warehouse, a cleaned store), every fetch of the process failed, and a ticker Yahoo does
    # not know came back as "failed" instead of "no_data".
    import shutil

    first, second = tmp_path / "first", tmp_path / "second"
    use_cache_dir(first)
    live, _ = source(fake_yahoo)
    assert set(live.fetch([PriceWindow("NVDA", *JAN)]).requests["status"]) == {"ok"}
    assert (first / "tkr-tz.db").exists()
    shutil.rmtree(first)
    use_cache_dir(second)
    rows = {r["ticker"]: r["status"] for r in live.fetch([PriceWindow("NOPE.PA", *JAN), PriceWindow("AVGO", *JAN)])
            .requests.iter_rows(named=True)}
    assert rows == {"NOPE.PA": "no_data", "AVGO": "ok"}
    assert (second / "tkr-tz.db").exists()


def test_shares_through_get_shares_full(fake_yahoo):
    shares = fetch_shares_yfinance(["NVDA", "AVGO"], dt.date(2024, 6, 1), dt.date(2025, 3, 1),
                                   session=yahoo_session(fake_yahoo.base_url))
    assert shares.select("ticker", "shares_outstanding", "as_of", "source").rows() == [
        ("NVDA", 24_477_000_000.0, dt.date(2025, 1, 26), "yfinance")]


@pytest.mark.parametrize("bad", ["../etc/passwd", "NVDA'; DROP TABLE claims;--"])
def test_a_ticker_that_is_not_a_ticker_never_reaches_yahoo(fake_yahoo, bad):
    live, _ = source(fake_yahoo)
    row = live.fetch([PriceWindow(bad, *JAN)]).requests.row(0, named=True)
    assert row["status"] == "failed" and "not a valid ticker" in row["error"]
    assert fake_yahoo.hits["history"] == 0


def test_an_errors_url_is_not_read_as_a_rate_limit():
    # The fake server's random port once was 42993: "429" inside the URL made a 404 look like a rate limit,
    # and the unknown ticker was retried and ended "failed".
    from market_claims.yahoo import classify

    not_found = ("HTTPError('404 Client Error: Not Found for url: http://127.0.0.1:42993/v10/finance/quoteSummary/"
                 "NOPE.PA?modules=financialData&crumb=fakecrumb')")
    assert classify(not_found) == "unknown_ticker"
    assert classify("HTTPError('429 Client Error: Too Many Requests for url: http://127.0.0.1:8080/v8/finance/chart/X')") \
        == "rate_limited"
    assert classify("YFRateLimitError('Too Many Requests. Rate limited. Try after a while.')") == "rate_limited"
