"""Join claims with prices in DuckDB (warehouse/models/*.sql) and judge each claim."""


import polars as pl
from dagster import AssetCheckResult, AssetExecutionContext, AssetIn, AssetOut, Output, asset_check, multi_asset

from market_claims.verify import model_files, run_models

from pipelines.resources import MarketClaimsConfig

from . import WAREHOUSE_POOL
from ._quality import markdown_preview, suite_check_result


@multi_asset(
    pool=WAREHOUSE_POOL,
    group_name="verify",
    outs={
        "price_moves": AssetOut(kinds={"duckdb", "sql"}, description="Each bar with the previous close and the day's moves."),
        "inferred_event_dates": AssetOut(kinds={"duckdb", "sql"}, description="The trading day of undated articles, found from prices."),
        "claim_verdicts": AssetOut(kinds={"duckdb", "sql"}, description="One verdict per claim with the bars it used."),
        "event_study": AssetOut(kinds={"duckdb", "sql"}, description="Abnormal return of each share's move against its index."),
        "ambiguous_alignments": AssetOut(kinds={"duckdb", "sql"}, description="Which readings of an ambiguous list the market allows."),
        "claim_disagreements": AssetOut(kinds={"duckdb", "sql"}, description="The same move stated differently by different articles."),
        "outlet_scorecard": AssetOut(kinds={"duckdb", "sql"}, description="How each publication's checkable claims fared."),
    },
)
def verify(context: AssetExecutionContext, claims: pl.DataFrame, articles: pl.DataFrame, prices: pl.DataFrame,
           sessions: pl.DataFrame, price_coverage: pl.DataFrame, shares: pl.DataFrame, entities: pl.DataFrame):
    tables = run_models({"claims": claims, "articles": articles, "prices": prices, "sessions": sessions,
                         "price_coverage": price_coverage, "shares": shares, "entities": entities})
    verdicts = tables["claim_verdicts"]
    yield Output(tables["price_moves"], output_name="price_moves", metadata={"rows": tables["price_moves"].height})
    yield Output(tables["inferred_event_dates"], output_name="inferred_event_dates", metadata={
        "articles": tables["inferred_event_dates"].height,
        "preview": markdown_preview(tables["inferred_event_dates"], ["article_id", "event_date", "runner_up_date", "confidence", "method"]),
    })
    yield Output(verdicts, output_name="claim_verdicts", metadata={
        "claims": verdicts.height,
        "by_verdict": {v: n for v, n in verdicts.group_by("verdict").len().sort("verdict").iter_rows()},
        "models": [p.name for p in model_files()],
        "preview": markdown_preview(verdicts, ["source_file", "ticker", "kind", "claimed_value", "actual_value", "verdict", "explanation"]),
    })
    study = tables["event_study"]
    yield Output(study, output_name="event_study", metadata={
        "moves": study.height,
        "preview": markdown_preview(study.unique("claim_id"), ["ticker", "benchmark", "event_date", "stock_return",
                                                              "benchmark_return", "beta", "abnormal_return", "abnormal_t", "note"]),
    })
    alignments = tables["ambiguous_alignments"]
    yield Output(alignments, output_name="ambiguous_alignments", metadata={
        "readings": alignments.height,
        "fitting": alignments.filter(pl.col("fits_session_ranges")).height,
        "preview": markdown_preview(alignments, ["name_left_out", "fits_session_ranges", "pairing"]),
    })
    disagreements = tables["claim_disagreements"]
    yield Output(disagreements, output_name="claim_disagreements", metadata={
        "disagreements": disagreements.height,
        "preview": markdown_preview(disagreements, ["ticker", "event_date", "kind", "spread", "actual_value", "statements"]),
    })
    scorecard = tables["outlet_scorecard"]
    yield Output(scorecard, output_name="outlet_scorecard", metadata={
        "outlets": scorecard.height,
        "preview": markdown_preview(scorecard, ["outlet", "claims", "checkable", "accurate", "approximately_accurate",
                                                "inaccurate", "accurate_share", "median_abs_error_pp"]),
    })


@asset_check(pool=WAREHOUSE_POOL, asset="claim_verdicts", blocking=True)
def claim_verdicts_suite(context, project: MarketClaimsConfig, claim_verdicts: pl.DataFrame) -> AssetCheckResult:
    """One verdict per claim, from the vocabulary, each citing its bars and explaining itself."""
    return suite_check_result(claim_verdicts, "claim_verdicts", context=context, project=project)


@asset_check(pool=WAREHOUSE_POOL, asset="claim_verdicts", blocking=True, additional_ins={"claims": AssetIn("claims")})
def every_claim_judged(claims: pl.DataFrame, claim_verdicts: pl.DataFrame) -> AssetCheckResult:
    """Claims in = verdicts out."""
    missing = set(claims["claim_id"]) - set(claim_verdicts["claim_id"])
    return AssetCheckResult(passed=not missing and claims.height == claim_verdicts.height,
                            metadata={"claims": claims.height, "verdicts": claim_verdicts.height, "missing": sorted(missing)[:20]})
