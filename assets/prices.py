"""Market data: share counts, and exactly the bars the claims need, from the configured source."""


import datetime as dt

import polars as pl
from dagster import AssetCheckResult, AssetExecutionContext, AssetOut, Output, asset, asset_check, multi_asset

from market_claims.prices import claim_windows, price_source
from market_claims.reference import read_shares
from pipelines.resources import MarketClaimsConfig

from ._quality import markdown_preview, suite_check_result


@asset(group_name="reference", kinds={"polars", "duckdb"})
def shares(project: MarketClaimsConfig) -> pl.DataFrame:
    """Share counts near the events, with their as-of date and filing, for market-value claims."""
    return read_shares(project.settings().shares_file)


@multi_asset(
    group_name="market_data",
    outs={
        "prices": AssetOut(kinds={"polars", "duckdb"}, description="Daily bars for the tickers and windows the claims need."),
        "price_requests": AssetOut(kinds={"polars", "duckdb"}, description="What was asked of the price source and what came back."),
    },
)
def fetch_prices(context: AssetExecutionContext, project: MarketClaimsConfig, claims: pl.DataFrame,
                 articles: pl.DataFrame, entities: pl.DataFrame):
    settings = project.settings()
    windows = claim_windows(claims, articles, today=dt.date.today())
    currencies = dict(entities.select("ticker", "currency").iter_rows())
    result = price_source(settings.price_source, settings.prices_dir, currencies).fetch(windows)
    failed = result.requests.filter(pl.col("status") != "ok")
    yield Output(result.bars, output_name="prices", metadata={
        "source": settings.price_source, "bars": result.bars.height,
        "tickers": result.bars["ticker"].n_unique(),
    })
    yield Output(result.requests, output_name="price_requests", metadata={
        "requests": result.requests.height, "not_ok": failed.height,
        "preview": markdown_preview(result.requests, ["ticker", "window_start", "window_end", "bars", "status", "error"]),
    })


@asset_check(asset="prices", blocking=True)
def prices_suite(prices: pl.DataFrame) -> AssetCheckResult:
    """One bar per ticker and day, low ≤ close ≤ high, volumes ≥ 0, close basis stated."""
    return suite_check_result(prices, "prices")
