"""Market data: what the claims need, the incremental price store, trading sessions and share counts."""

import datetime as dt

import polars as pl
from dagster import (AssetCheckResult, AssetCheckSeverity, AssetExecutionContext, AssetIn, AssetOut, MetadataValue, Output,
                     asset, asset_check, multi_asset)

from market_claims.calendars import calendar_of, missing_sessions, sessions_for
from market_claims.price_store import PriceStore
from market_claims.prices import PriceWindow, claim_windows, merge_windows
from market_claims.quarantine import quarantine_counts
from market_claims.reference import fetch_shares_yfinance, read_shares
from market_claims.schemas import frame
from market_claims.yahoo import yahoo_session
from pipelines.resources import MarketClaimsConfig

from . import WAREHOUSE_POOL
from ._quality import markdown_preview, quarantine_check_result, suite_check_result
from .partitions import PARTITION_EXPR, PARTITIONED

# A run with this tag reads every needed ticker from the source again (`market-claims run --refetch`).
REFETCH_TAG = "market_claims/refetch_prices"

SPARK = "▁▂▃▄▅▆▇█"


def _windows(price_requests: pl.DataFrame) -> list[PriceWindow]:
    """Every day's windows, overlapping ones merged: one request per ticker and stretch of days."""
    return merge_windows([PriceWindow(t, a, b) for t, a, b in
                          price_requests.select("ticker", "window_start", "window_end").unique().iter_rows()])


def _calendars(entities: pl.DataFrame) -> dict[str, str]:
    return dict(entities.select("ticker", "calendar").iter_rows())


@asset(pool=WAREHOUSE_POOL, group_name="market_data", kinds={"polars", "duckdb"}, metadata=PARTITION_EXPR, **PARTITIONED)
def price_requests(context: AssetExecutionContext, claims: pl.DataFrame, articles: pl.DataFrame,
                   entities: pl.DataFrame) -> pl.DataFrame:
    """Exactly the tickers and date windows the claims of each ingestion day need (subjects, compared
    companies, FX pairs)."""
    currencies = dict(entities.select("ticker", "currency").iter_rows())
    benchmarks = {t: b for t, b in entities.select("ticker", "benchmark").iter_rows() if b}
    rows = []
    for (day,), day_claims in claims.group_by("ingestion_day"):
        windows = claim_windows(day_claims, articles, today=dt.date.today(), currencies=currencies, benchmarks=benchmarks)
        rows += [{"ticker": w.ticker, "window_start": w.start, "window_end": w.end, "ingestion_day": day} for w in windows]
    df = frame("price_requests", rows)
    context.add_output_metadata({
        "windows": df.height, "tickers": df["ticker"].n_unique(),
        "date_range": f"{df['window_start'].min()} .. {df['window_end'].max()}" if df.height else "none",
    })
    return df


@multi_asset(
    pool=WAREHOUSE_POOL,
    group_name="market_data",
    outs={
        "prices": AssetOut(kinds={"polars", "duckdb"}, description="Daily bars for the requested windows, from the store."),
        "price_coverage": AssetOut(kinds={"polars", "duckdb"}, description="Per requested window: ok, no_data or failed."),
        "price_fetches": AssetOut(kinds={"polars", "duckdb"}, description="The store's fetch log: the lineage of every bar."),
        "quarantine_prices": AssetOut(kinds={"polars", "duckdb"}, description="Bars that break a row rule, with the rule and the reason."),
    },
)
def fetch_prices(context: AssetExecutionContext, project: MarketClaimsConfig, price_requests: pl.DataFrame,
                 entities: pl.DataFrame):
    """Ask the source only for what the store lacks; serve every requested window from the store."""
    settings = project.settings()
    source = project.open_price_source(dict(entities.select("ticker", "currency").iter_rows()))
    store = PriceStore(settings.price_store_database)
    refetch = context.run.tags.get(REFETCH_TAG) == "true"
    update = store.update(_windows(price_requests), source, today=dt.date.today(), calendars=_calendars(entities),
                          refetch=refetch)
    bars, quarantined, coverage = update.bars, update.quarantined, update.coverage
    yield Output(bars, output_name="prices", metadata={
        "source": settings.price_source,
        "store": MetadataValue.path(str(settings.price_store_database)),
        "windows_requested": len(update.requested),
        "windows_fetched": len(update.fetched),
        "bars_fetched": update.bars_fetched,
        "bars_reused": update.bars_reused,
        "tickers": bars["ticker"].n_unique(),
        "date_range": f"{bars['date'].min()} .. {bars['date'].max()}" if bars.height else "none",
        "closes": MetadataValue.md(_sparklines(bars)),
    })
    yield Output(coverage, output_name="price_coverage", metadata={
        "not_ok": coverage.filter(pl.col("status") != "ok").height,
        "preview": markdown_preview(coverage.filter(pl.col("status") != "ok"),
                                    ["ticker", "window_start", "window_end", "status", "error"]),
    })
    yield Output(store.fetches(), output_name="price_fetches")
    yield Output(quarantined, output_name="quarantine_prices", metadata={"quarantined": quarantined.height,
                                                                          "by_rule": quarantine_counts(quarantined)})


def _sparklines(bars: pl.DataFrame, limit: int = 40) -> str:
    """A small chart per ticker: its closes across the window, as a line of block characters."""
    lines = ["| ticker | first | last | closes |", "|---|---|---|---|"]
    for (ticker,), group in list(bars.sort("date").group_by("ticker", maintain_order=True))[:limit]:
        closes = group["close"].to_list()[-60:]
        low, high = min(closes), max(closes)
        spark = "".join(SPARK[int((c - low) / (high - low) * (len(SPARK) - 1)) if high > low else 0] for c in closes)
        lines.append(f"| {ticker} | {group['date'][0]} | {group['date'][-1]} | {spark} |")
    return "\n".join(lines)


@asset(pool=WAREHOUSE_POOL, group_name="market_data", kinds={"polars", "duckdb"})
def sessions(price_requests: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """The trading sessions of each requested window and the session before each (exchange_calendars)."""
    return sessions_for(_windows(price_requests), _calendars(entities))


@asset(pool=WAREHOUSE_POOL, group_name="reference", kinds={"polars", "duckdb"})
def shares(context: AssetExecutionContext, project: MarketClaimsConfig, price_requests: pl.DataFrame,
           entities: pl.DataFrame) -> pl.DataFrame:
    """Share counts with their as-of date and filing: the snapshot, plus Yahoo's series when live."""
    settings = project.settings()
    table = read_shares(settings.shares_file)
    if settings.price_source == "yfinance" and price_requests.height:
        equities = set(entities.filter(pl.col("kind") == "equity")["ticker"])
        tickers = sorted(set(price_requests["ticker"]) & equities)
        start = price_requests["window_start"].min() - dt.timedelta(days=400)
        live = fetch_shares_yfinance(tickers, start, price_requests["window_end"].max(),
                                     session=yahoo_session(settings.yahoo_base_url))
        table = pl.concat([table, live])
    context.add_output_metadata({"counts": table.filter(pl.col("shares_outstanding").is_not_null()).height,
                                 "by_source": dict(table.group_by("source").len().iter_rows())})
    return table


@asset_check(pool=WAREHOUSE_POOL, asset="prices", blocking=True)
def prices_suite(context, project: MarketClaimsConfig, prices: pl.DataFrame) -> AssetCheckResult:
    """One bar per ticker and day, low ≤ close ≤ high, volumes ≥ 0, close basis stated."""
    return suite_check_result(prices, "prices", context=context, project=project)


@asset_check(pool=WAREHOUSE_POOL, asset="prices", additional_ins={"quarantine_prices": AssetIn("quarantine_prices")})
def prices_quarantined(prices: pl.DataFrame, quarantine_prices: pl.DataFrame) -> AssetCheckResult:
    """Bars set aside by a row rule (a warning: the store keeps them as fetched; they do not reach a verdict)."""
    return quarantine_check_result(quarantine_prices, ["ticker", "date", "open", "high", "low", "close", "volume"])


@asset_check(pool=WAREHOUSE_POOL, asset="prices", blocking=False, additional_ins={"price_requests": AssetIn("price_requests"),
                                                             "entities": AssetIn("entities")})
def no_missing_sessions(prices: pl.DataFrame, price_requests: pl.DataFrame, entities: pl.DataFrame) -> AssetCheckResult:
    """Every session of the exchange's calendar inside the span a ticker's bars cover has a bar."""
    calendars = _calendars(entities)
    spans = prices.group_by("ticker").agg(pl.col("date").min().alias("first"), pl.col("date").max().alias("last"))
    first_last = {t: (a, b) for t, a, b in spans.iter_rows()}
    windows = []
    for w in _windows(price_requests):
        if w.ticker in first_last:
            start, end = max(w.start, first_last[w.ticker][0]), min(w.end, first_last[w.ticker][1])
            if start <= end:
                windows.append((w.ticker, calendar_of(w.ticker, calendars), start, end))
    gaps = missing_sessions(prices, windows)
    return AssetCheckResult(
        passed=gaps.is_empty(), severity=AssetCheckSeverity.WARN,
        description=f"{gaps.height} sessions without a bar inside the span the bars cover "
                    f"({gaps['ticker'].n_unique()} tickers)" if gaps.height else "no session missing",
        metadata={"missing_sessions": gaps.height,
                  # the most recent first: those are the ones claims are about
                  "sample": markdown_preview(gaps.sort("session", descending=True), ["ticker", "calendar", "session"])},
    )
