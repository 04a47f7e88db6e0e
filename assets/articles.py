"""Ingest: every file of the articles folder, then the cleaned articles and the ones set aside."""

import datetime as dt
from dataclasses import asdict

import polars as pl
from dagster import (AssetCheckResult, AssetExecutionContext, AssetIn, Failure, Output, asset, asset_check,
                     multi_asset)

from market_claims.articles import RawArticle, article_record
from market_claims.ingestion import ingest_days, today_utc
from market_claims.schemas import frame
from pipelines.resources import MarketClaimsConfig

from . import WAREHOUSE_POOL
from .partitions import INGESTION_DAYS, PARTITION_EXPR, PARTITIONED, partitioned_out
from ._quality import markdown_preview, quarantine_check_result, suite_check_result


@asset(pool=WAREHOUSE_POOL, group_name="ingest", kinds={"polars", "duckdb"}, metadata=PARTITION_EXPR, **PARTITIONED)
def raw_articles(context: AssetExecutionContext, project: MarketClaimsConfig) -> pl.DataFrame:
    """The files ingested on the run's days, with a content-hash id; unreadable or removed files say why.

    Files new to the folder are ingested on today's partition; a file keeps its day when edited.
    """
    settings = project.settings()
    folder = settings.articles_dir
    if not folder.is_dir():
        raise Failure(f"articles folder {folder} does not exist (set MARKET_CLAIMS_ARTICLES_DIR)")
    window = context.partition_time_window
    first, last = window.start.date(), window.end.date() - dt.timedelta(days=1)
    ingested = ingest_days(folder, settings.ingestion_ledger, first, last, today_utc())
    df = frame("raw_articles", [asdict(row) for row in ingested.rows])
    context.add_output_metadata({
        "folder": str(folder),
        "days": f"{first} .. {last}",
        "files": df.height,
        "new_files": ingested.new_files,
        "new_files_waiting_for_today": ingested.waiting,
        "unreadable_or_removed": df.filter(pl.col("load_status") != "ok").height,
    })
    return df


@multi_asset(
    pool=WAREHOUSE_POOL,
    group_name="ingest",
    **PARTITIONED,
    outs={
        "articles": partitioned_out("Cleaned text without page furniture, with title, outlet, dates and language."),
        "quarantine_articles": partitioned_out("Files that are not usable articles, with the rule and the reason."),
    },
)
def clean_articles(context: AssetExecutionContext, raw_articles: pl.DataFrame):
    records = frame("articles", [article_record(RawArticle(**row)) for row in raw_articles.to_dicts()])
    articles = records.filter(pl.col("status") == "ok")
    quarantined = records.filter(pl.col("status") != "ok")
    yield Output(articles, output_name="articles", metadata={
        "articles": articles.height,
        "preview": markdown_preview(articles, ["source_file", "title", "outlet", "language", "published_date",
                                               "date_lower", "date_upper"]),
    })
    yield Output(quarantined, output_name="quarantine_articles", metadata={
        "quarantined": quarantined.height,
        "by_rule": dict(quarantined.group_by("quarantine_rule").len().iter_rows()) if quarantined.height else {},
    })


@asset_check(pool=WAREHOUSE_POOL, partitions_def=INGESTION_DAYS, asset="articles", blocking=True)
def articles_suite(context, project: MarketClaimsConfig, articles: pl.DataFrame) -> AssetCheckResult:
    """Unique ids, text present, supported language, no page furniture left."""
    return suite_check_result(articles, "articles", context=context, project=project)


@asset_check(pool=WAREHOUSE_POOL, partitions_def=INGESTION_DAYS, asset="articles", additional_ins={"quarantine_articles": AssetIn("quarantine_articles")})
def articles_quarantined(articles: pl.DataFrame, quarantine_articles: pl.DataFrame) -> AssetCheckResult:
    """Files set aside (a warning: they are accounted for, and say why)."""
    return quarantine_check_result(quarantine_articles.rename({"quarantine_rule": "rule", "status_reason": "reason"}),
                                   ["source_file"])


@asset_check(pool=WAREHOUSE_POOL, partitions_def=INGESTION_DAYS, asset="articles", blocking=True,
             additional_ins={"raw_articles": AssetIn("raw_articles"), "quarantine_articles": AssetIn("quarantine_articles")})
def every_file_accounted_for(raw_articles: pl.DataFrame, articles: pl.DataFrame,
                             quarantine_articles: pl.DataFrame) -> AssetCheckResult:
    """Files in = articles ok + articles quarantined: nothing that entered disappears."""
    ids_in = set(raw_articles["article_id"])
    ids_out = set(articles["article_id"]) | set(quarantine_articles["article_id"])
    both = set(articles["article_id"]) & set(quarantine_articles["article_id"])
    return AssetCheckResult(
        passed=raw_articles.height == articles.height + quarantine_articles.height and ids_in == ids_out and not both,
        metadata={"files_in": raw_articles.height, "articles_ok": articles.height,
                  "articles_quarantined": quarantine_articles.height, "missing_ids": sorted(ids_in - ids_out)[:20]},
    )
