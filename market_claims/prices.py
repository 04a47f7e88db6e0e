"""Daily bars: which windows the claims need, and the two sources that serve them.

`snapshot` reads the bundled CSV files (offline default); `yfinance` asks Yahoo in one
batched call. Both return the `prices` and `price_requests` tables, so a missing bar is
always explained by a request row, never silently absent.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import logging
import re
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from .schemas import frame
from .yahoo import DownloadErrors, classify

# Bars around a dated claim: the previous close can be a long weekend plus a holiday away.
DAYS_BEFORE_EVENT = 10
DAYS_AFTER_EVENT = 5
# The event study's market model is estimated on the daily moves of the half-year before the event.
ESTIMATION_DAYS = 190
# An article with no date at all: search this far back from when it was received.
UNDATED_LOOKBACK_DAYS = 3 * 365
PUBLICATION_CANDIDATE_DAYS = 10  # the session before a publication day lies within this, holidays included
# Windows of one ticker closer than this are fetched as one, so moves never span a hole.
MERGE_GAP_DAYS = 30
# By this hour (UTC) the day's sessions of every market we check have closed: New York closes at 21:00 UTC
# in winter, 20:00 in summer.
FINAL_AFTER_UTC_HOUR = 22
# Tickers become file names and URL parts: nothing else may get through.
TICKER_PATTERN = re.compile(r"^[A-Za-z0-9^][A-Za-z0-9.^=\-]{0,19}$")


@dataclass(frozen=True, order=True)
class PriceWindow:
    ticker: str
    start: dt.date
    end: dt.date


def claim_windows(claims: pl.DataFrame, articles: pl.DataFrame, today: dt.date,
                  currencies: dict[str, str] | None = None, benchmarks: dict[str, str] | None = None) -> list[PriceWindow]:
    """The (ticker, window) pairs the claims need: around the event day, or the article's date bounds.

    Subjects and compared companies alike; back to the period's start for a move over a period; the
    event study's estimation window for a share's daily move, and its benchmark index; and, where a
    market value is stated in another currency than a company's quotes (or two companies quote in
    different ones), the FX pair ("EURUSD=X").
    """
    currencies, benchmarks = currencies or {}, benchmarks or {}
    columns = [c for c in ("article_id", "date_lower", "date_upper", "published_date") if c in articles.columns]
    bounds = {row["article_id"]: row for row in articles.select(columns).iter_rows(named=True)}
    windows = []
    for claim in claims.filter(pl.col("ticker").is_not_null()).iter_rows(named=True):
        if claim["event_date"] is not None:
            start, end = claim["event_date"], claim["event_date"]
        else:
            article = bounds.get(claim["article_id"], {})
            end = article.get("date_upper") or today
            # A dated article's undated claim is about its publication session or the one before
            # (inferred_event_dates); an article with no date at all is searched three years back.
            lookback = PUBLICATION_CANDIDATE_DAYS if article.get("published_date") else UNDATED_LOOKBACK_DAYS
            start = article.get("date_lower") or end - dt.timedelta(days=lookback)
        if claim.get("period_start") is not None:
            start = min(start, claim["period_start"])
        start, end = start - dt.timedelta(days=DAYS_BEFORE_EVENT), min(end + dt.timedelta(days=DAYS_AFTER_EVENT), today)
        subjects = claim["ticker"].split("|")
        if claim["kind"] == "price_move" and claim.get("timing") == "session":
            estimation_start = start - dt.timedelta(days=ESTIMATION_DAYS)
            for ticker in subjects:
                windows.append(PriceWindow(ticker, estimation_start, end))
                if benchmarks.get(ticker):
                    windows.append(PriceWindow(benchmarks[ticker], estimation_start, end))
        compared = (claim.get("compared_tickers") or "").split("|") if claim.get("compared_tickers") else []
        tickers = subjects + compared
        windows += [PriceWindow(ticker, start, end) for ticker in tickers]
        target = claim["unit"] if claim["unit"] and len(claim["unit"]) == 3 and claim["unit"].isupper() else currencies.get(subjects[0])
        for ticker in tickers:
            currency = currencies.get(ticker)
            if target and currency and currency != target:
                windows.append(PriceWindow(f"{currency}{target}=X", start, end))
    return merge_windows(windows)


def merge_windows(windows: list[PriceWindow]) -> list[PriceWindow]:
    merged: list[PriceWindow] = []
    for window in sorted(set(windows)):
        last = merged[-1] if merged else None
        if last and last.ticker == window.ticker and (window.start - last.end).days <= MERGE_GAP_DAYS:
            merged[-1] = PriceWindow(last.ticker, last.start, max(last.end, window.end))
        else:
            merged.append(window)
    return merged


@dataclass
class FetchResult:
    bars: pl.DataFrame
    requests: pl.DataFrame


def _request_row(window: PriceWindow, source: str, bars: int, status: str, error: str | None = None) -> dict:
    return {"ticker": window.ticker, "window_start": window.start, "window_end": window.end,
            "source": source, "bars": bars, "status": status, "error": error}


def _number(text: pl.Expr) -> pl.Expr:
    """A cell read as a number; one that is not (a stray word) becomes NaN, and a price rule sets its bar
    aside with the reason, instead of one text cell failing the whole fetch."""
    number = text.cast(pl.Float64, strict=False)
    return pl.when(text.is_not_null() & (text.str.strip_chars() != "") & number.is_null()).then(float("nan")).otherwise(number)


class SnapshotSource:
    """Bars from a folder of `<TICKER>.csv` files plus `manifest.csv` (close basis, currency)."""

    name = "snapshot"

    def complete_until(self, today: dt.date) -> dt.date:
        """A snapshot never changes: what it lacks today it will lack tomorrow."""
        return dt.date.max

    def __init__(self, folder: Path):
        self.folder = folder
        manifest = folder / "manifest.csv"
        if not manifest.is_file():
            raise FileNotFoundError(f"price snapshot {folder} has no manifest.csv")
        with manifest.open(encoding="utf-8", newline="") as fh:
            self.manifest = {row["ticker"]: row for row in csv.DictReader(fh)}

    def versions(self, tickers: set[str]) -> dict[str, str]:
        """What each ticker's bars are read from, as a content hash (its CSV file and manifest row): a
        corrected file has a new one, and the store reads its bars again."""
        versions = {}
        for ticker in tickers:
            path = self.folder / f"{ticker}.csv"
            if TICKER_PATTERN.match(ticker) and ticker in self.manifest and path.is_file():
                digest = hashlib.sha256(path.read_bytes())
                digest.update(repr(sorted(self.manifest[ticker].items())).encode())
                versions[ticker] = digest.hexdigest()[:16]
        return versions

    def fetch(self, windows: list[PriceWindow]) -> FetchResult:
        fetched_at = dt.datetime.now(dt.timezone.utc)
        frames, requests = [], []
        for window in windows:
            path = self.folder / f"{window.ticker}.csv"
            if not TICKER_PATTERN.match(window.ticker):
                requests.append(_request_row(window, self.name, 0, "failed", f"not a valid ticker: {window.ticker!r}"))
                continue
            if window.ticker not in self.manifest or not path.is_file():
                requests.append(_request_row(window, self.name, 0, "no_data", f"{window.ticker} is not in the snapshot"))
                continue
            info = self.manifest[window.ticker]
            raw = pl.read_csv(path, infer_schema_length=0)  # all text: types are set below, not guessed
            adj_close = _number(pl.col("Adj Close")) if "Adj Close" in raw.columns else pl.lit(None, pl.Float64)
            bars = (
                raw.filter(pl.col("Date").str.to_date("%Y-%m-%d", strict=False).is_not_null())
                .select(
                    pl.lit(window.ticker).alias("ticker"),
                    pl.col("Date").str.to_date("%Y-%m-%d").alias("date"),
                    *(_number(pl.col(src)).alias(dst) for src, dst in
                      (("Open", "open"), ("High", "high"), ("Low", "low"), ("Close", "close"), ("Volume", "volume"))),
                    adj_close.alias("adj_close"),
                )
                .filter(pl.col("date").is_between(window.start, window.end))
                .with_columns(
                    close_basis=pl.lit(info["close_basis"]), currency=pl.lit(info["currency"]),
                    source=pl.lit(self.name), fetched_at=pl.lit(fetched_at),
                )
            )
            requests.append(_request_row(window, self.name, bars.height, "ok" if bars.height else "no_data",
                                         None if bars.height else "the snapshot has no bar in this window"))
            frames.append(bars)
        return _result(frames, requests)


class YFinanceSource:
    """Live bars from Yahoo through yfinance: one batched download for every ticker and the union of
    their windows, retried with exponential backoff on rate limits and network errors.

    `auto_adjust=False` keeps the traded Close and the Adj Close apart. yf.download swallows errors
    and returns empty columns, so an empty answer is a failure (retried, then `failed`), never
    "no move"; a ticker Yahoo does not know is `no_data`, a definite answer.
    """

    name = "yfinance"

    def versions(self, tickers: set[str]) -> dict[str, str]:
        """Yahoo's answers carry no version: a correction there is fetched again with `--refetch`."""
        return {}

    def complete_until(self, today: dt.date) -> dt.date:
        """The last day whose bars are final: today once every major market has closed (22:00 UTC,
        after New York's close), else yesterday. Later days are not asked for yet."""
        now = dt.datetime.now(dt.timezone.utc)
        if today == now.date() and now.hour >= FINAL_AFTER_UTC_HOUR:
            return today
        return today - dt.timedelta(days=1)

    def __init__(self, session=None, currencies: dict[str, str] | None = None, attempts: int = 4,
                 backoff_seconds: float = 1.0, timeout: float = 10.0, sleep=time.sleep):
        self.session = session
        self.currencies = currencies or {}
        self.attempts, self.backoff_seconds, self.timeout, self.sleep = attempts, backoff_seconds, timeout, sleep

    def fetch(self, windows: list[PriceWindow]) -> FetchResult:
        valid = [w for w in windows if TICKER_PATTERN.match(w.ticker)]
        requests_ = [_request_row(w, self.name, 0, "failed", f"not a valid ticker: {w.ticker!r}")
                     for w in windows if w not in valid]
        frames: list[pl.DataFrame] = []
        pending = sorted({w.ticker for w in valid})
        last_error: dict[str, str] = {}
        for attempt in range(self.attempts):
            if not pending:
                break
            asked = [w for w in valid if w.ticker in pending]
            data, errors = self._download(pending, min(w.start for w in asked), max(w.end for w in asked))
            retry = []
            for ticker in pending:
                ticker_windows = [w for w in asked if w.ticker == ticker]
                got = [_yfinance_bars(data, w) for w in ticker_windows]
                if any(not bars.is_empty() for bars in got):
                    fetched_at = dt.datetime.now(dt.timezone.utc)
                    for window, bars in zip(ticker_windows, got):
                        if not bars.is_empty():
                            frames.append(bars.with_columns(
                                close_basis=pl.lit("raw"), currency=pl.lit(self.currencies.get(ticker)),
                                source=pl.lit(self.name), fetched_at=pl.lit(fetched_at)))
                        requests_.append(_request_row(window, self.name, bars.height, "ok"))
                    continue
                error = errors.get(ticker) or "yfinance returned no rows (an empty answer)"
                kind = classify(errors.get(ticker))
                last_error[ticker] = f"{kind}: {error}"
                if kind == "unknown_ticker":
                    requests_ += [_request_row(w, self.name, 0, "no_data", f"Yahoo does not know {ticker}: {error}")
                                  for w in ticker_windows]
                else:
                    retry.append(ticker)
            if retry and attempt + 1 < self.attempts:
                self.sleep(self.backoff_seconds * 2 ** attempt)
            pending = retry
        for ticker in pending:  # still failing after every attempt
            requests_ += [_request_row(w, self.name, 0, "failed", f"{last_error[ticker]} (after {self.attempts} attempts)")
                          for w in valid if w.ticker == ticker]
        return _result(frames, requests_)

    def _download(self, tickers: list[str], start: dt.date, end: dt.date):
        import yfinance as yf

        from yfinance.data import SingletonMeta, YfData

        # yfinance keeps answers, failures included, in an in-memory URL cache, and a cookie and crumb
        # in a process-wide singleton (an outage's error page can end up as the crumb). Each attempt
        # starts clean, so a retry is not served the failure it is retrying.
        YfData.cache_get.cache_clear()
        SingletonMeta._instances.pop(YfData, None)
        # yfinance asks Yahoo's quote endpoint for a timezone only twice per process; that answer is what
        # tells an unknown ticker from an outage, so each attempt may ask again.
        import yfinance.base

        yfinance.base._tz_info_fetch_ctr = 0
        errors = DownloadErrors()
        logger = logging.getLogger("yfinance")
        logger.addHandler(errors)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # pandas deprecation notices from inside yfinance
                data = yf.download(
                    tickers, start=start.isoformat(), end=(end + dt.timedelta(days=1)).isoformat(),  # end is exclusive
                    auto_adjust=False, actions=False, group_by="ticker", progress=False, threads=False,
                    session=self.session, timeout=self.timeout, multi_level_index=True,
                )
        except Exception as exc:  # yfinance raises its own errors and requests' alike
            return None, {t: f"{type(exc).__name__}: {exc}" for t in tickers}
        finally:
            logger.removeHandler(errors)
        return data, errors.by_ticker


def _yfinance_bars(data, window: PriceWindow) -> pl.DataFrame:
    if data is None or data.empty:
        return pl.DataFrame()
    if data.columns.nlevels > 1:
        if window.ticker not in data.columns.get_level_values(0):
            return pl.DataFrame()
        data = data[window.ticker]
    data = data.dropna(subset=["Close"])
    if data.empty:
        return pl.DataFrame()
    index = data.index.tz_localize(None) if getattr(data.index, "tz", None) else data.index
    bars = pl.DataFrame({
        "ticker": [window.ticker] * len(data),
        "date": [ts.date() for ts in index],
        "open": data["Open"].astype(float).to_list(), "high": data["High"].astype(float).to_list(),
        "low": data["Low"].astype(float).to_list(), "close": data["Close"].astype(float).to_list(),
        "adj_close": data["Adj Close"].astype(float).to_list() if "Adj Close" in data else [None] * len(data),
        "volume": data["Volume"].astype(float).to_list(),
    })
    return bars.filter(pl.col("date").is_between(window.start, window.end))


def _result(frames: list[pl.DataFrame], requests: list[dict]) -> FetchResult:
    bars = frame("prices", [])
    if frames:
        bars = pl.concat([bars, *(f.select(bars.columns).cast(bars.schema) for f in frames)], how="vertical")
    # Duplicates are kept: the store sets them aside with the reason (quarantine), never silently.
    bars = bars.sort("ticker", "date", maintain_order=True)
    return FetchResult(bars=bars, requests=frame("fetch_results", requests))


def price_source(name: str, prices_dir: Path, currencies: dict[str, str] | None = None, session=None, **options):
    if name == "snapshot":
        return SnapshotSource(prices_dir)
    if name == "yfinance":
        return YFinanceSource(session=session, currencies=currencies, **options)
    raise ValueError(f"unknown price source {name!r}: expected snapshot or yfinance")
