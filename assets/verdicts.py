"""Join claims with prices in DuckDB (warehouse/models/*/*.sql) and judge each claim.

Verdicts are partitioned like the claims: a run judges its ingestion days only, so a refresh
costs what its new articles cost, not what the warehouse holds."""


import polars as pl
from dagster import (AssetCheckResult, AssetExecutionContext, AssetIn, AssetSpec, MaterializeResult, Output, asset,
                     asset_check, multi_asset)

from market_claims.verify import day_tagged, model_files, run_stage, run_stage_in

from pipelines.resources import MarketClaimsConfig

from . import WAREHOUSE_POOL
from ._quality import markdown_preview, suite_check_result
from .partitions import INGESTION_DAYS, PARTITIONED, partitioned_out

SQL = {"duckdb", "sql"}


@asset(pool=WAREHOUSE_POOL, group_name="verify", kinds={"duckdb", "sql"})
def price_moves(prices: pl.DataFrame, sessions: pl.DataFrame) -> pl.DataFrame:
    """Each bar with the previous close and the day's moves (warehouse/models/market)."""
    return run_stage("market", {"prices": prices, "sessions": sessions})["price_moves"]


@multi_asset(
    pool=WAREHOUSE_POOL,
    group_name="verify",
    **PARTITIONED,
    # Subsettable, though one SQL pass makes all four: as a non-subsettable multi-asset, Dagster's UI
    # rejected a backfill of all assets over a range of days ("Targeted subset must match between every
    # key…") although every key targets the same days (tests/test_ui.py).
    can_subset=True,
    outs={
        "inferred_event_dates": partitioned_out("The trading day of undated articles, found from prices.", SQL),
        "claim_verdicts": partitioned_out("One verdict per claim with the bars it used.", SQL),
        "event_study": partitioned_out("Abnormal return of each share's move against its index.", SQL),
        "ambiguous_alignments": partitioned_out("Which readings of an ambiguous list the market allows.", SQL),
    },
)
def verify(context: AssetExecutionContext, claims: pl.DataFrame, articles: pl.DataFrame, prices: pl.DataFrame,
           sessions: pl.DataFrame, price_coverage: pl.DataFrame, shares: pl.DataFrame, entities: pl.DataFrame,
           price_moves: pl.DataFrame):
    """The run's ingestion days only (warehouse/models/claims): a verdict depends on its own claim and article."""
    tables = day_tagged(run_stage("claims", {
        "claims": claims, "articles": articles, "prices": prices, "sessions": sessions, "price_coverage": price_coverage,
        "shares": shares, "entities": entities, "price_moves": price_moves}), claims, articles)
    verdicts, study, alignments = tables["claim_verdicts"], tables["event_study"], tables["ambiguous_alignments"]
    metadata = {
        "inferred_event_dates": lambda: {
            "articles": tables["inferred_event_dates"].height,
            "preview": markdown_preview(tables["inferred_event_dates"], ["article_id", "event_date", "runner_up_date",
                                                                        "confidence", "method"])},
        "claim_verdicts": lambda: {
            "claims": verdicts.height,
            "by_verdict": {v: n for v, n in verdicts.group_by("verdict").len().sort("verdict").iter_rows()},
            "models": [f"{p.parent.name}/{p.name}" for p in model_files("claims")],
            "preview": markdown_preview(verdicts, ["source_file", "ticker", "kind", "claimed_value", "actual_value",
                                                   "verdict", "explanation"])},
        "event_study": lambda: {
            "moves": study.height,
            "preview": markdown_preview(study.unique("claim_id"), ["ticker", "benchmark", "event_date", "stock_return",
                                                                  "benchmark_return", "beta", "abnormal_return",
                                                                  "abnormal_t", "note"])},
        "ambiguous_alignments": lambda: {
            "readings": alignments.height,
            "fitting": alignments.filter(pl.col("fits_session_ranges")).height,
            "preview": markdown_preview(alignments, ["name_left_out", "fits_session_ranges", "pairing"])},
    }
    for name in metadata:
        if name in context.op_execution_context.selected_output_names:
            yield Output(tables[name], output_name=name, metadata=metadata[name]())


@multi_asset(
    pool=WAREHOUSE_POOL,
    group_name="verify",
    specs=[
        AssetSpec("claim_disagreements", kinds=SQL, deps=["claim_verdicts"],
                  description="The same move stated differently by different articles."),
        AssetSpec("outlet_scorecard", kinds=SQL, deps=["claim_verdicts"],
                  description="How each publication's checkable claims fared."),
    ],
)
def verdict_summaries(project: MarketClaimsConfig):
    """Across every ingestion day (warehouse/models/summaries): articles of different days disagree too.

    Run inside the build database on every day's verdicts — hundreds of thousands of rows in — and
    written there, rather than loaded into Python and back."""
    tables = run_stage_in("summaries", project.settings().build_database)
    rows, head = tables["claim_disagreements"]
    yield MaterializeResult(asset_key="claim_disagreements", metadata={
        "disagreements": rows,
        "preview": markdown_preview(head, ["ticker", "event_date", "kind", "spread", "actual_value", "statements"]),
    })
    rows, head = tables["outlet_scorecard"]
    yield MaterializeResult(asset_key="outlet_scorecard", metadata={
        "outlets": rows,
        "preview": markdown_preview(head, ["outlet", "claims", "checkable", "accurate", "approximately_accurate",
                                           "inaccurate", "accurate_share", "median_abs_error_pp"]),
    })


@asset_check(pool=WAREHOUSE_POOL, asset="claim_verdicts", blocking=True, partitions_def=INGESTION_DAYS)
def claim_verdicts_suite(context, project: MarketClaimsConfig, claim_verdicts: pl.DataFrame) -> AssetCheckResult:
    """One verdict per claim, from the vocabulary, each citing its bars and explaining itself."""
    return suite_check_result(claim_verdicts, "claim_verdicts", context=context, project=project)


@asset_check(pool=WAREHOUSE_POOL, asset="claim_verdicts", blocking=True, additional_ins={"claims": AssetIn("claims")},
             partitions_def=INGESTION_DAYS)
def every_claim_judged(claims: pl.DataFrame, claim_verdicts: pl.DataFrame) -> AssetCheckResult:
    """Claims in = verdicts out."""
    missing = set(claims["claim_id"]) - set(claim_verdicts["claim_id"])
    return AssetCheckResult(passed=not missing and claims.height == claim_verdicts.height,
                            metadata={"claims": claims.height, "verdicts": claim_verdicts.height, "missing": sorted(missing)[:20]})
