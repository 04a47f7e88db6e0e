"""Publish: the checked tables, swapped into warehouse/market_claims.duckdb and Parquet at once."""


import datetime as dt

import duckdb
import polars as pl
from dagster import AssetCheckResult, AssetExecutionContext, AssetIn, MaterializeResult, MetadataValue, asset, asset_check

from market_claims.publish import Table, publish_build
from market_claims.report import build_report
from market_claims.schemas import frame
from pipelines.resources import MarketClaimsConfig

from . import WAREHOUSE_POOL
from .partitions import INGESTION_DAYS, PARTITION_EXPR, PARTITIONED

PUBLISHED = ["articles", "claims", "figures", "claim_verdicts", "inferred_event_dates", "event_study",
             "ambiguous_alignments", "claim_disagreements", "outlet_scorecard", "prices", "price_requests",
             "price_coverage", "price_fetches", "sessions", "entities", "shares", "quarantine_articles",
             "quarantine_claims", "quarantine_prices", "reconciliation"]


@asset(pool=WAREHOUSE_POOL, group_name="verify", kinds={"polars", "duckdb"}, metadata=PARTITION_EXPR, **PARTITIONED)
def reconciliation(context: AssetExecutionContext, raw_articles: pl.DataFrame, articles: pl.DataFrame,
                   quarantine_articles: pl.DataFrame, claims: pl.DataFrame, quarantine_claims: pl.DataFrame,
                   prices: pl.DataFrame, quarantine_prices: pl.DataFrame) -> pl.DataFrame:
    """Per ingestion day and stage: rows in = rows that flowed on + rows quarantined. Nothing disappears."""
    window = context.partition_time_window
    first, last = window.start.date(), window.end.date() - dt.timedelta(days=1)
    rows = []
    for n in range((last - first).days + 1):
        day = first + dt.timedelta(days=n)
        of_day = (lambda df: df.filter(pl.col("ingestion_day") == day).height)
        stages = [
            ("articles", of_day(raw_articles), of_day(articles), of_day(quarantine_articles)),
            ("claims", of_day(claims) + of_day(quarantine_claims), of_day(claims), of_day(quarantine_claims)),
            ("price_bars", prices.height + quarantine_prices.height, prices.height, quarantine_prices.height),
        ]
        if not of_day(raw_articles):
            continue  # a day nothing was ingested on has nothing to account for
        rows += [{"run_id": context.run.run_id, "stage": stage, "rows_in": rows_in, "rows_ok": ok,
                  "rows_quarantined": bad, "balanced": rows_in == ok + bad, "ingestion_day": day}
                 for stage, rows_in, ok, bad in stages]
    return frame("reconciliation", rows)


@asset_check(pool=WAREHOUSE_POOL, asset=reconciliation, blocking=True, partitions_def=INGESTION_DAYS,
             additional_ins={"articles": AssetIn("articles"), "claims": AssetIn("claims")})
def nothing_lost(reconciliation: pl.DataFrame, articles: pl.DataFrame, claims: pl.DataFrame) -> AssetCheckResult:
    """Every stage balances, and every claim comes from an article that flowed on."""
    orphans = set(claims["article_id"]) - set(articles["article_id"])
    return AssetCheckResult(
        passed=bool(reconciliation["balanced"].all()) and not orphans,
        metadata={"stages": {f"{r['ingestion_day']} {r['stage']}": f"{r['rows_in']} in = {r['rows_ok']} ok + "
                             f"{r['rows_quarantined']} quarantined" for r in reconciliation.iter_rows(named=True)},
                  "claims_without_article": sorted(orphans)[:20]},
    )


@asset(
    pool=WAREHOUSE_POOL,
    group_name="publish",
    kinds={"duckdb", "parquet"},
    deps=["raw_articles", *PUBLISHED],
    **PARTITIONED,
)
def published_warehouse(context: AssetExecutionContext, project: MarketClaimsConfig) -> MaterializeResult:
    """The database users query: the run's days replaced in a copy of it, swapped in at once.

    Runs only after every blocking check upstream has passed. Copies from the build database in
    DuckDB (nothing passes through Python), so its cost follows the run's days, not the warehouse."""
    settings = project.settings()
    window = context.partition_time_window
    days = (window.start.date(), window.end.date() - dt.timedelta(days=1))
    # The file inventory without the raw text: which files came in and what became of them.
    tables = [Table("article_files", source="raw_articles", exclude=("raw_text",)), *map(Table, PUBLISHED)]
    # The run-status sensors' export: earlier runs and why any failed.
    extra = {"run_log": settings.run_log_database.with_suffix(".parquet")}
    publication = publish_build(settings.build_database, settings.published_database, settings.published_parquet_dir,
                                context.run_id, tables, days, extra)
    report = settings.quality_dir / context.run_id / "index.html"
    page = build_report(settings.published_database, settings.reports_dir)
    with duckdb.connect(str(settings.published_database), read_only=True) as con:
        by_verdict = dict(con.execute("SELECT verdict, count(*) FROM claim_verdicts GROUP BY 1 ORDER BY 1").fetchall())
    return MaterializeResult(metadata={
        "database": MetadataValue.path(str(settings.published_database)),
        "parquet": MetadataValue.path(str(settings.published_parquet_dir)),
        "publication": publication.mode,
        "why": publication.reason,
        "row_counts": publication.row_counts,
        **({"quality_report": MetadataValue.url(report.as_uri())} if report.exists() else {}),
        "report": MetadataValue.url(page.as_uri()),
        "by_verdict": by_verdict,
    })
