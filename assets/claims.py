"""Normalise: the reference entities, and every market claim and other figure of the articles."""


import polars as pl
from dagster import AssetCheckResult, AssetExecutionContext, AssetOut, Output, asset, asset_check, multi_asset

from market_claims.articles import clean_article_from_record
from market_claims.extract import EXTRACTOR_VERSION, extract_claims
from market_claims.reference import entity_index, read_entities
from market_claims.schemas import frame
from pipelines.resources import MarketClaimsConfig

from ._quality import markdown_preview, suite_check_result


@asset(group_name="reference", kinds={"polars", "duckdb"})
def entities(project: MarketClaimsConfig) -> pl.DataFrame:
    """Companies and indices: names and aliases as articles write them, ticker, exchange, currency."""
    return read_entities(project.settings().entities_file)


@multi_asset(
    group_name="normalise",
    outs={
        "claims": AssetOut(kinds={"polars", "duckdb"}, description="One row per market claim, with its quote and offsets."),
        "figures": AssetOut(kinds={"polars", "duckdb"}, description="Every other number: kept, never a claim."),
    },
)
def extract(context: AssetExecutionContext, articles: pl.DataFrame, entities: pl.DataFrame):
    index = entity_index(entities)
    claim_rows, figure_rows = [], []
    for record in articles.filter(pl.col("status") == "ok").iter_rows(named=True):
        result = extract_claims(record["article_id"], record["source_file"], clean_article_from_record(record), index)
        claim_rows += result.claim_rows()
        figure_rows += result.figure_rows()
    claims, figures = frame("claims", claim_rows), frame("figures", figure_rows)
    by_kind = {kind: n for kind, n in claims.group_by("kind").len().iter_rows()}
    yield Output(claims, output_name="claims", metadata={
        "claims": claims.height, "by_kind": by_kind, "extractor_version": EXTRACTOR_VERSION,
        "not_ok": claims.filter(pl.col("status") != "ok").height,
        "preview": markdown_preview(claims, ["source_file", "quote", "ticker", "kind", "value", "hedge",
                                             "timing", "event_date", "date_basis", "status"]),
    })
    yield Output(figures, output_name="figures", metadata={"figures": figures.height})


@asset_check(asset="claims", blocking=True)
def claims_suite(claims: pl.DataFrame) -> AssetCheckResult:
    """Kinds and units in their vocabularies, resolved tickers, plausible moves."""
    return suite_check_result(claims, "claims")
