"""Publish: the checked tables, swapped into warehouse/market_claims.duckdb and Parquet at once."""


import polars as pl
from dagster import AssetCheckResult, AssetExecutionContext, AssetIn, MaterializeResult, MetadataValue, asset, asset_check

from market_claims.publish import publish_tables
from market_claims.report import build_report
from market_claims.schemas import frame
from pipelines.resources import MarketClaimsConfig

from . import WAREHOUSE_POOL

PUBLISHED = ["articles", "claims", "figures", "claim_verdicts", "inferred_event_dates", "event_study",
             "ambiguous_alignments", "claim_disagreements", "outlet_scorecard", "prices", "price_requests",
             "price_coverage", "price_fetches", "sessions", "entities", "shares", "quarantine_articles",
             "quarantine_claims", "quarantine_prices", "reconciliation"]


@asset(pool=WAREHOUSE_POOL, group_name="verify", kinds={"polars", "duckdb"})
def reconciliation(context: AssetExecutionContext, raw_articles: pl.DataFrame, articles: pl.DataFrame,
                   quarantine_articles: pl.DataFrame, claims: pl.DataFrame, quarantine_claims: pl.DataFrame,
                   prices: pl.DataFrame, quarantine_prices: pl.DataFrame) -> pl.DataFrame:
    """Per run and stage: rows in = rows that flowed on + rows quarantined. Nothing disappears."""
    stages = [
        ("articles", raw_articles.height, articles.height, quarantine_articles.height),
        ("claims", claims.height + quarantine_claims.height, claims.height, quarantine_claims.height),
        ("price_bars", prices.height + quarantine_prices.height, prices.height, quarantine_prices.height),
    ]
    return frame("reconciliation", [
        {"run_id": context.run.run_id, "stage": stage, "rows_in": rows_in, "rows_ok": ok, "rows_quarantined": bad,
         "balanced": rows_in == ok + bad} for stage, rows_in, ok, bad in stages])


@asset_check(pool=WAREHOUSE_POOL, asset=reconciliation, blocking=True,
             additional_ins={"articles": AssetIn("articles"), "claims": AssetIn("claims")})
def nothing_lost(reconciliation: pl.DataFrame, articles: pl.DataFrame, claims: pl.DataFrame) -> AssetCheckResult:
    """Every stage balances, and every claim comes from an article that flowed on."""
    orphans = set(claims["article_id"]) - set(articles["article_id"])
    return AssetCheckResult(
        passed=bool(reconciliation["balanced"].all()) and not orphans,
        metadata={"stages": {r["stage"]: f"{r['rows_in']} in = {r['rows_ok']} ok + {r['rows_quarantined']} quarantined"
                             for r in reconciliation.iter_rows(named=True)},
                  "claims_without_article": sorted(orphans)[:20]},
    )


@asset(
    pool=WAREHOUSE_POOL,
    group_name="publish",
    kinds={"duckdb", "parquet"},
    ins={name: AssetIn(name) for name in ["raw_articles", *PUBLISHED]},
)
def published_warehouse(context: AssetExecutionContext, project: MarketClaimsConfig, raw_articles: pl.DataFrame,
                        **tables: pl.DataFrame) -> MaterializeResult:
    """The database users query. Runs only after every blocking check upstream has passed."""
    settings = project.settings()
    # The file inventory without the raw text: which files came in and what became of them.
    tables = {"article_files": raw_articles.drop("raw_text"), **{name: tables[name] for name in PUBLISHED}}
    run_log = settings.run_log_database.with_suffix(".parquet")
    if run_log.exists():  # the run-status sensors' export: earlier runs and why any failed
        tables["run_log"] = pl.read_parquet(run_log)
    counts = publish_tables(tables, settings.published_database, settings.published_parquet_dir, context.run_id)
    report = settings.quality_dir / context.run_id / "index.html"
    page = build_report(settings.published_database, settings.reports_dir)
    verdicts = tables["claim_verdicts"]
    return MaterializeResult(metadata={
        "database": MetadataValue.path(str(settings.published_database)),
        "parquet": MetadataValue.path(str(settings.published_parquet_dir)),
        "row_counts": counts,
        **({"quality_report": MetadataValue.url(report.as_uri())} if report.exists() else {}),
        "report": MetadataValue.url(page.as_uri()),
        "by_verdict": {v: n for v, n in verdicts.group_by("verdict").len().sort("verdict").iter_rows()},
    })
