"""The incremental price store: fetched once, lineage kept, failures retried, live windows left open."""

import datetime as dt

import duckdb


from market_claims.price_store import PriceStore
from market_claims.prices import PriceWindow, SnapshotSource, YFinanceSource
from market_claims.settings import PROJECT_ROOT
from market_claims.yahoo import yahoo_session

SNAPSHOT = SnapshotSource(PROJECT_ROOT / "seeds" / "prices")
TODAY = dt.date(2026, 1, 1)


class Counting:
    """The snapshot source, counting what it is asked (the store must ask only for what it lacks)."""

    def __init__(self, inner):
        self.inner, self.name, self.asked = inner, inner.name, []

    def complete_until(self, today):
        return self.inner.complete_until(today)

    def fetch(self, windows):
        self.asked.append(list(windows))
        return self.inner.fetch(windows)


def test_a_window_is_fetched_once_and_only_the_missing_part_later(tmp_path):
    store, source = PriceStore(tmp_path / "prices.duckdb"), Counting(SNAPSHOT)
    first = store.update([PriceWindow("NVDA", dt.date(2025, 1, 17), dt.date(2025, 1, 31))], source, TODAY)
    assert first.bars_fetched == 10 and first.bars.height == 10
    again = store.update([PriceWindow("NVDA", dt.date(2025, 1, 20), dt.date(2025, 1, 28))], source, TODAY)
    assert len(source.asked) == 1, "a covered window is not asked again"
    assert again.bars_fetched == 0 and again.bars.height == 6 and again.fetched == []
    wider = store.update([PriceWindow("NVDA", dt.date(2025, 1, 17), dt.date(2025, 2, 7))], source, TODAY)
    assert source.asked[-1] == [PriceWindow("NVDA", dt.date(2025, 2, 1), dt.date(2025, 2, 7))]
    assert wider.bars_fetched == 5 and wider.bars_reused == 10


def test_every_bar_carries_its_fetch(tmp_path):
    store = PriceStore(tmp_path / "prices.duckdb")
    store.update([PriceWindow("AVGO", dt.date(2025, 1, 17), dt.date(2025, 1, 31))], SNAPSHOT, TODAY)
    with duckdb.connect(str(tmp_path / "prices.duckdb"), read_only=True) as con:
        orphans = con.execute("SELECT count(*) FROM price_bars b LEFT JOIN price_fetches f USING (fetch_id) "
                              "WHERE f.fetch_id IS NULL").fetchone()
        lineage = con.execute("SELECT DISTINCT f.source, f.status FROM price_bars b JOIN price_fetches f USING (fetch_id)").fetchall()
    assert orphans == (0,) and lineage == [("snapshot", "ok")]


def test_an_unknown_ticker_is_a_definite_no_data(tmp_path):
    store, source = PriceStore(tmp_path / "prices.duckdb"), Counting(SNAPSHOT)
    update = store.update([PriceWindow("NOPE", dt.date(2025, 1, 17), dt.date(2025, 1, 31))], source, TODAY)
    assert update.coverage.row(0, named=True)["status"] == "no_data"
    store.update([PriceWindow("NOPE", dt.date(2025, 1, 17), dt.date(2025, 1, 31))], source, TODAY)
    assert len(source.asked) == 1


def test_a_failed_fetch_is_tried_again_and_a_live_window_stays_open_at_today(tmp_path, fake_yahoo):
    store = PriceStore(tmp_path / "prices.duckdb")
    live = YFinanceSource(session=yahoo_session(fake_yahoo.base_url), attempts=1, timeout=10.0, sleep=lambda s: None)
    window = PriceWindow("NVDA", dt.date(2025, 1, 17), dt.date(2025, 1, 31))
    fake_yahoo.down = True
    failed = store.update([window], live, TODAY)
    assert failed.coverage.row(0, named=True)["status"] == "failed" and failed.bars.is_empty()
    fake_yahoo.down = False
    recovered = store.update([window], live, TODAY)
    assert recovered.coverage.row(0, named=True)["status"] == "ok" and recovered.bars.height == 10
    hits = fake_yahoo.hits["history"]
    store.update([window], live, TODAY)
    assert fake_yahoo.hits["history"] == hits, "nothing new needed: no request"
    # A window reaching today: today's unfinished session is not asked for, not even twice.
    open_window = PriceWindow("NVDA", dt.date(2025, 1, 17), dt.date(2025, 2, 3))
    before = fake_yahoo.hits["history"]
    calendars = {"NVDA": "XNYS"}
    first = store.update([open_window], live, today=dt.date(2025, 2, 3), calendars=calendars)
    store.update([open_window], live, today=dt.date(2025, 2, 3), calendars=calendars)
    # 1-2 February is a weekend: nothing to ask Yahoo; Monday 3 February is not final yet.
    assert fake_yahoo.hits["history"] == before
    assert dt.date(2025, 2, 3) not in first.bars["date"].to_list()
    # The next day it is final, and asked for once.
    later = store.update([open_window], live, today=dt.date(2025, 2, 4), calendars=calendars)
    assert later.fetched == [PriceWindow("NVDA", dt.date(2025, 2, 3), dt.date(2025, 2, 3))]
    assert dt.date(2025, 2, 3) in later.bars["date"].to_list()
