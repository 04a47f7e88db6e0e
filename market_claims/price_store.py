"""The incremental price store: every bar fetched once, kept with where and when it came from.

A DuckDB file of its own (warehouse/store/prices.duckdb), separate from the build database:
the build can be thrown away, the store is what saves a trip to the source. Bars are keyed
(ticker, date, source). Each fetch is logged in `price_fetches` (the lineage). A window is
covered when a fetch of it succeeded (bars, or a definite "no such ticker"); only the parts of
a request that no fetch covers go to the source, so a refresh that needs nothing new makes no
request. Failed fetches cover nothing: they are tried again on the next run.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from .calendars import calendar_of, sessions_between
from .prices import FetchResult, PriceWindow, merge_windows
from .quarantine import PRICE_RULES, split
from .schemas import frame

SCHEMA = """
CREATE TABLE IF NOT EXISTS price_bars (
    ticker VARCHAR NOT NULL, date DATE NOT NULL, source VARCHAR NOT NULL,
    open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, adj_close DOUBLE, volume DOUBLE,
    close_basis VARCHAR, currency VARCHAR, fetched_at TIMESTAMPTZ, fetch_id VARCHAR,
    PRIMARY KEY (ticker, date, source)
);
CREATE TABLE IF NOT EXISTS price_rejects (
    ticker VARCHAR, date DATE, source VARCHAR,
    open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, adj_close DOUBLE, volume DOUBLE,
    close_basis VARCHAR, currency VARCHAR, fetched_at TIMESTAMPTZ, fetch_id VARCHAR, rule VARCHAR, reason VARCHAR
);
CREATE TABLE IF NOT EXISTS price_fetches (
    fetch_id VARCHAR PRIMARY KEY, ticker VARCHAR, source VARCHAR, window_start DATE, window_end DATE,
    covered_until DATE, fetched_at TIMESTAMPTZ, status VARCHAR, bars BIGINT, error VARCHAR
);
CREATE TABLE IF NOT EXISTS source_versions (
    ticker VARCHAR NOT NULL, source VARCHAR NOT NULL, version VARCHAR NOT NULL, seen_at TIMESTAMPTZ,
    PRIMARY KEY (ticker, source)
);
"""


@dataclass
class StoreUpdate:
    requested: list[PriceWindow]  # what the claims need
    fetched: list[PriceWindow]  # what had to be asked of the source
    bars_fetched: int
    bars_reused: int
    coverage: pl.DataFrame  # one row per requested window: its status and the source's last answer
    bars: pl.DataFrame  # every stored bar inside the requested windows
    quarantined: pl.DataFrame  # bars the source sent that broke a row rule, with the rule and the reason


def _subtract(window: PriceWindow, covered: list[tuple[dt.date, dt.date]]) -> list[PriceWindow]:
    """The parts of `window` no covered interval contains."""
    parts = [(window.start, window.end)]
    for start, end in covered:
        next_parts = []
        for a, b in parts:
            if end < a or start > b:
                next_parts.append((a, b))
                continue
            if a < start:
                next_parts.append((a, start - dt.timedelta(days=1)))
            if end < b:
                next_parts.append((end + dt.timedelta(days=1), b))
        parts = next_parts
    return [PriceWindow(window.ticker, a, b) for a, b in parts if a <= b]


class PriceStore:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute(SCHEMA)

    def _connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.path))

    def coverage(self, source: str) -> dict[str, list[tuple[dt.date, dt.date]]]:
        with self._connect() as con:
            rows = con.execute(
                "SELECT ticker, window_start, covered_until FROM price_fetches "
                "WHERE source = ? AND status IN ('ok', 'no_data') AND covered_until >= window_start",
                [source],
            ).fetchall()
        covered: dict[str, list[tuple[dt.date, dt.date]]] = {}
        for ticker, start, until in rows:
            covered.setdefault(ticker, []).append((start, until))
        return covered

    def missing(self, windows: list[PriceWindow], source: str) -> list[PriceWindow]:
        covered = self.coverage(source)
        gaps = [part for w in windows for part in _subtract(w, covered.get(w.ticker, []))]
        return merge_windows(gaps)

    def update(self, windows: list[PriceWindow], source, today: dt.date,
               calendars: dict[str, str] | None = None, refetch: bool = False) -> StoreUpdate:
        """Fetch what the store lacks for `windows` from `source`, store it, return the windows' bars.

        A ticker whose source file changed since its bars were read (a corrected snapshot), or every
        ticker with `refetch`, is read again: its old bars and rejects are removed and its old fetches
        marked `superseded` (kept as lineage), so nothing judged later rests on the old numbers.

        The source says up to which day its answers are final (`complete_until`); a window
        reaching past that stays open there, so an unfinished session is asked for again.
        """
        complete_until = source.complete_until(today)
        windows = merge_windows(windows)
        self._supersede_changed({w.ticker for w in windows}, source, refetch)
        # Days that are not final yet are not asked for: they would have to be asked again.
        final = [PriceWindow(w.ticker, w.start, min(w.end, complete_until)) for w in windows if w.start <= complete_until]
        to_fetch = self.missing(final, source.name)
        # A window with no trading session (a weekend, a holiday) has nothing to ask for: it is
        # recorded as covered, and an empty answer from the source stays a failure.
        closed = [w for w in to_fetch if calendars is not None
                  and not sessions_between(calendar_of(w.ticker, calendars), w.start, w.end)]
        to_fetch = [w for w in to_fetch if w not in closed]
        result = source.fetch(to_fetch) if to_fetch else FetchResult(frame("prices", []), frame("fetch_results", []))
        no_session = frame("fetch_results", [{"ticker": w.ticker, "window_start": w.start, "window_end": w.end,
                                              "source": source.name, "bars": 0, "status": "ok",
                                              "error": "no trading session in the window"} for w in closed])
        self._record(FetchResult(result.bars, pl.concat([result.requests, no_session])), source.name, complete_until)
        bars = self.bars(windows, source.name)
        quarantined = self.rejects(windows, source.name)
        fetched = result.bars.height
        return StoreUpdate(
            requested=windows, fetched=to_fetch, bars_fetched=fetched, bars_reused=max(0, bars.height - fetched),
            coverage=self._coverage_rows(windows, source.name, complete_until),
            bars=bars, quarantined=quarantined,
        )

    def _supersede_changed(self, tickers: set[str], source, refetch: bool) -> None:
        # A source may have no versions to compare (a plain fetcher): then only --refetch reads bars again.
        current = source.versions(tickers) if hasattr(source, "versions") else {}
        with self._connect() as con:
            stored = dict(con.execute("SELECT ticker, version FROM source_versions WHERE source = ?",
                                      [source.name]).fetchall())
            changed = {t: f"the source file changed (content {stored[t]} -> {v}): its bars were read again"
                       for t, v in current.items() if t in stored and stored[t] != v}
            if refetch:
                changed |= {t: "read again on request (--refetch)" for t in tickers if t not in changed}
            con.execute("BEGIN TRANSACTION")
            for ticker, why in sorted(changed.items()):
                con.execute("UPDATE price_fetches SET status = 'superseded', error = ? "
                            "WHERE ticker = ? AND source = ? AND status <> 'superseded'", [why, ticker, source.name])
                con.execute("DELETE FROM price_bars WHERE ticker = ? AND source = ?", [ticker, source.name])
                con.execute("DELETE FROM price_rejects WHERE ticker = ? AND source = ?", [ticker, source.name])
            for ticker, version in current.items():
                con.execute("INSERT OR REPLACE INTO source_versions VALUES (?, ?, ?, now())", [ticker, source.name, version])
            con.execute("COMMIT")

    def _record(self, result: FetchResult, source: str, complete_until: dt.date) -> None:
        if result.requests.is_empty():
            return
        fetch_ids = {}
        rows = []
        for request in result.requests.iter_rows(named=True):
            fetch_id = uuid.uuid4().hex[:16]
            fetch_ids[request["ticker"]] = fetch_id
            rows.append({**request, "fetch_id": fetch_id,
                         "covered_until": min(request["window_end"], complete_until),
                         "fetched_at": dt.datetime.now(dt.timezone.utc)})
        fetches = pl.DataFrame(rows).select(
            "fetch_id", "ticker", "source", "window_start", "window_end", "covered_until", "fetched_at", "status",
            "bars", "error")
        bars = result.bars.with_columns(
            pl.col("ticker").replace_strict(fetch_ids, default=None).alias("fetch_id"))
        # Bars of today's unfinished session are not kept: they would never be asked for again.
        bars = bars.filter(pl.col("date") <= complete_until)
        # Bars that break a row rule (a duplicate, high below low…) are set aside with the reason.
        bars, rejected = split(bars, PRICE_RULES)
        with self._connect() as con:
            con.register("new_fetches", fetches.to_arrow())
            con.register("new_bars", bars.to_arrow())
            con.register("new_rejects", rejected.to_arrow())
            con.execute("BEGIN TRANSACTION")
            con.execute("INSERT INTO price_fetches SELECT * FROM new_fetches")
            con.execute("""
                INSERT INTO price_rejects
                SELECT ticker, date, source, open, high, low, close, adj_close, volume, close_basis, currency,
                       fetched_at, fetch_id, rule, reason
                FROM new_rejects""")
            con.execute("""
                INSERT OR REPLACE INTO price_bars
                SELECT ticker, date, source, open, high, low, close, adj_close, volume, close_basis, currency,
                       fetched_at, fetch_id
                FROM new_bars""")
            con.execute("COMMIT")

    def fetches(self) -> pl.DataFrame:
        """The whole fetch log: where and when every stored bar came from."""
        with self._connect() as con:
            log = con.execute("SELECT * FROM price_fetches ORDER BY fetched_at, ticker").pl()
        return frame("price_fetches", log.to_dicts())

    def rejects(self, windows: list[PriceWindow], source: str) -> pl.DataFrame:
        """The quarantined bars inside `windows`, as `quarantine_prices` rows."""
        empty = frame("quarantine_prices", [])
        if not windows:
            return empty
        wanted = pl.DataFrame({"ticker": [w.ticker for w in windows], "start": [w.start for w in windows],
                               "end": [w.end for w in windows]})
        with self._connect() as con:
            con.register("wanted", wanted.to_arrow())
            rows = con.execute("""
                SELECT DISTINCT r.ticker, r.date, r.open, r.high, r.low, r.close, r.adj_close, r.volume, r.close_basis,
                       r.currency, r.source, r.fetched_at, r.rule, r.reason
                FROM price_rejects r JOIN wanted w ON r.ticker = w.ticker AND r.date BETWEEN w.start AND w."end"
                WHERE r.source = ? ORDER BY r.ticker, r.date, r.rule""", [source]).pl()
        return empty.vstack(rows.select(empty.columns).cast(empty.schema)) if rows.height else empty

    def bars(self, windows: list[PriceWindow], source: str) -> pl.DataFrame:
        if not windows:
            return frame("prices", [])
        wanted = pl.DataFrame({"ticker": [w.ticker for w in windows], "start": [w.start for w in windows],
                               "end": [w.end for w in windows]})
        with self._connect() as con:
            con.register("wanted", wanted.to_arrow())
            bars = con.execute("""
                SELECT DISTINCT b.ticker, b.date, b.open, b.high, b.low, b.close, b.adj_close, b.volume,
                       b.close_basis, b.currency, b.source, b.fetched_at
                FROM price_bars b JOIN wanted w ON b.ticker = w.ticker AND b.date BETWEEN w.start AND w."end"
                WHERE b.source = ?
                ORDER BY b.ticker, b.date""", [source]).pl()
        return frame("prices", []).vstack(bars.cast(frame("prices", []).schema)) if bars.height else frame("prices", [])

    def _coverage_rows(self, windows: list[PriceWindow], source: str, complete_until: dt.date) -> pl.DataFrame:
        """Per requested window: ok (all of its final days covered), no_data (the source has no such
        ticker), failed (some part could not be fetched: its claims wait for the next run)."""
        covered = self.coverage(source)
        with self._connect() as con:
            last_status = dict(con.execute("""
                SELECT ticker, arg_max(status || coalesce(': ' || error, ''), fetched_at)
                FROM price_fetches WHERE source = ? GROUP BY ticker""", [source]).fetchall())
            no_data = {t for (t,) in con.execute(
                "SELECT DISTINCT ticker FROM price_fetches WHERE source = ? AND status = 'no_data'", [source]).fetchall()}
        rows = []
        for window in windows:
            final = PriceWindow(window.ticker, window.start, min(window.end, complete_until))
            gaps = _subtract(final, covered.get(window.ticker, [])) if final.start <= final.end else []
            if window.ticker in no_data and not gaps:
                status, error = "no_data", last_status.get(window.ticker, "").removeprefix("no_data: ")
            elif gaps:
                status, error = "failed", last_status.get(window.ticker, "not fetched")
            else:
                status, error = "ok", None
            rows.append({"ticker": window.ticker, "window_start": window.start, "window_end": window.end,
                         "source": source, "status": status, "error": error})
        return frame("price_coverage", rows)
