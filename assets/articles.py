"""Ingest: every file of the articles folder, then the cleaned articles."""


from dataclasses import asdict

import polars as pl
from dagster import AssetCheckResult, AssetIn, AssetExecutionContext, Failure, asset, asset_check

from market_claims.articles import RawArticle, article_record, read_article_folder
from market_claims.schemas import frame
from pipelines.resources import MarketClaimsConfig

from ._quality import markdown_preview, suite_check_result


@asset(group_name="ingest", kinds={"polars", "duckdb"})
def raw_articles(context: AssetExecutionContext, project: MarketClaimsConfig) -> pl.DataFrame:
    """Every file in the articles folder with a content-hash id; unreadable files are kept with the reason."""
    folder = project.settings().articles_dir
    if not folder.is_dir():
        raise Failure(f"articles folder {folder} does not exist (set MARKET_CLAIMS_ARTICLES_DIR)")
    df = frame("raw_articles", [asdict(row) for row in read_article_folder(folder)])
    context.add_output_metadata({
        "folder": str(folder),
        "files": df.height,
        "quarantined": df.filter(pl.col("load_status") != "ok").height,
    })
    return df


@asset(group_name="ingest", kinds={"polars", "duckdb"})
def articles(context: AssetExecutionContext, raw_articles: pl.DataFrame) -> pl.DataFrame:
    """Cleaned text without page furniture, with title, outlet, dates and language."""
    df = frame("articles", [article_record(RawArticle(**row)) for row in raw_articles.to_dicts()])
    context.add_output_metadata({
        "articles": df.height,
        "ok": df.filter(pl.col("status") == "ok").height,
        "quarantined": df.filter(pl.col("status") != "ok").height,
        "preview": markdown_preview(df, ["source_file", "title", "outlet", "language", "published_date",
                                         "date_lower", "date_upper", "status", "status_reason"]),
    })
    return df


@asset_check(asset=articles, blocking=True)
def articles_suite(articles: pl.DataFrame) -> AssetCheckResult:
    """Unique ids, text present, supported language, no page furniture left."""
    return suite_check_result(articles, "articles")


@asset_check(asset=articles, blocking=True, additional_ins={"raw_articles": AssetIn("raw_articles")})
def every_file_accounted_for(raw_articles: pl.DataFrame, articles: pl.DataFrame) -> AssetCheckResult:
    """Files in = articles ok + articles quarantined: nothing that entered disappears."""
    ok = articles.filter(pl.col("status") == "ok").height
    quarantined = articles.filter(pl.col("status") == "quarantined").height
    missing = set(raw_articles["article_id"]) - set(articles["article_id"])
    return AssetCheckResult(
        passed=raw_articles.height == ok + quarantined and not missing,
        metadata={"files_in": raw_articles.height, "articles_ok": ok, "articles_quarantined": quarantined,
                  "missing_ids": sorted(missing)[:20]},
    )
