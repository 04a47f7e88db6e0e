"""Publish: the checked tables, swapped into warehouse/market_claims.duckdb and Parquet at once."""


import polars as pl
from dagster import AssetExecutionContext, AssetIn, MaterializeResult, MetadataValue, asset

from market_claims.publish import publish_tables
from pipelines.resources import MarketClaimsConfig

PUBLISHED = ["articles", "claims", "figures", "claim_verdicts", "inferred_event_dates", "event_study",
             "ambiguous_alignments", "claim_disagreements", "outlet_scorecard", "prices", "price_requests",
             "price_coverage", "price_fetches", "sessions", "entities", "shares"]


@asset(
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
    counts = publish_tables(tables, settings.published_database, settings.published_parquet_dir, context.run_id)
    verdicts = tables["claim_verdicts"]
    return MaterializeResult(metadata={
        "database": MetadataValue.path(str(settings.published_database)),
        "parquet": MetadataValue.path(str(settings.published_parquet_dir)),
        "row_counts": counts,
        "by_verdict": {v: n for v, n in verdicts.group_by("verdict").len().sort("verdict").iter_rows()},
    })
