"""Normalise: the reference entities, and every market claim and other figure of the articles."""


import polars as pl
from dagster import (AssetCheckResult, AssetCheckSeverity, AssetExecutionContext, AssetIn, Output, asset,
                     asset_check, multi_asset)

from market_claims.extract import EXTRACTOR_VERSION
from market_claims.extraction_cache import extract_with_cache
from market_claims.quarantine import claim_rules, quarantine_counts, split
from market_claims.reference import entity_index, read_entities
from market_claims.schemas import with_ingestion_day
from pipelines.resources import MarketClaimsConfig

from . import WAREHOUSE_POOL
from .partitions import INGESTION_DAYS, PARTITIONED, partitioned_out
from ._quality import markdown_preview, quarantine_check_result, suite_check_result


@asset(pool=WAREHOUSE_POOL, group_name="reference", kinds={"polars", "duckdb"})
def entities(project: MarketClaimsConfig) -> pl.DataFrame:
    """Companies and indices: names and aliases as articles write them, ticker, exchange, currency."""
    return read_entities(project.settings().entities_file)


@multi_asset(
    pool=WAREHOUSE_POOL,
    group_name="normalise",
    **PARTITIONED,
    outs={
        "claims": partitioned_out("One row per market claim, with its quote and offsets."),
        "figures": partitioned_out("Every other number: kept, never a claim."),
        "quarantine_claims": partitioned_out("Claims that break a row rule, with the rule and the reason."),
    },
)
def extract(context: AssetExecutionContext, project: MarketClaimsConfig, articles: pl.DataFrame, entities: pl.DataFrame):
    # Only new or changed articles are extracted; the rest come from the extraction cache.
    extracted, figures, extracted_now = extract_with_cache(
        articles.filter(pl.col("status") == "ok"), entities, entity_index(entities),
        project.settings().extraction_cache_database, project.settings().extract_workers)
    extracted = with_ingestion_day("claims", extracted, articles)
    figures = with_ingestion_day("figures", figures, articles)
    rules = claim_rules(set(entities["ticker"]), dict(articles.select("article_id", pl.col("text").str.len_chars()).iter_rows()))
    claims, quarantined = split(extracted, rules)
    by_kind = {kind: n for kind, n in claims.group_by("kind").len().iter_rows()}
    yield Output(claims, output_name="claims", metadata={
        "claims": claims.height, "by_kind": by_kind, "extractor_version": EXTRACTOR_VERSION,
        "articles_extracted_now": extracted_now, "articles_from_cache": articles.height - extracted_now,
        "not_ok": claims.filter(pl.col("status") != "ok").height,
        "preview": markdown_preview(claims, ["source_file", "quote", "ticker", "kind", "value", "hedge",
                                             "timing", "event_date", "date_basis", "status"]),
    })
    yield Output(figures, output_name="figures", metadata={"figures": figures.height})
    yield Output(quarantined, output_name="quarantine_claims", metadata={"quarantined": quarantined.height,
                                                                          "by_rule": quarantine_counts(quarantined)})


@asset_check(pool=WAREHOUSE_POOL, partitions_def=INGESTION_DAYS, asset="claims", blocking=True)
def claims_suite(context, project: MarketClaimsConfig, claims: pl.DataFrame) -> AssetCheckResult:
    """Kinds and units in their vocabularies, resolved tickers, ids unique."""
    return suite_check_result(claims, "claims", context=context, project=project)


@asset_check(pool=WAREHOUSE_POOL, partitions_def=INGESTION_DAYS, asset="claims", additional_ins={"quarantine_claims": AssetIn("quarantine_claims")})
def claims_quarantined(claims: pl.DataFrame, quarantine_claims: pl.DataFrame) -> AssetCheckResult:
    """Claims set aside by a row rule (a warning: they are kept, with the reason)."""
    return quarantine_check_result(quarantine_claims, ["source_file", "quote", "ticker", "kind"])


@asset_check(pool=WAREHOUSE_POOL, partitions_def=INGESTION_DAYS, asset="claims")
def implausible_moves(claims: pl.DataFrame) -> AssetCheckResult:
    """Daily moves beyond ±60 % are flagged, not dropped: a checker should look at them."""
    flagged = claims.filter(pl.col("flags").str.contains("implausible_daily_move"))
    return AssetCheckResult(passed=flagged.is_empty(), severity=AssetCheckSeverity.WARN,
                            metadata={"flagged": flagged.height,
                                      "sample": markdown_preview(flagged, ["source_file", "quote", "value"])})
