"""Turning a Great Expectations suite run into a Dagster AssetCheckResult."""


import polars as pl
from dagster import AssetCheckResult, AssetCheckSeverity, MetadataValue

from market_claims.quality import SUITES, validate


def suite_check_result(df: pl.DataFrame, suite: str, severity=AssetCheckSeverity.ERROR) -> AssetCheckResult:
    outcomes = validate(df, SUITES[suite])
    failed = [o for o in outcomes if not o.success]
    lines = ["| rule | why | passed | failing rows | sample |", "|---|---|---|---|---|"]
    for o in outcomes:
        args = ", ".join(f"{k}={v}" for k, v in o.rule.kwargs.items() if k not in {"condition_parser"})
        sample = "; ".join(o.sample).replace("|", "/")[:120]
        lines.append(f"| {o.rule.expectation}({args}) | {o.rule.reason} | {'yes' if o.success else 'NO'} | {o.unexpected_count} | {sample} |")
    return AssetCheckResult(
        passed=not failed,
        severity=severity,
        description=f"{len(outcomes) - len(failed)}/{len(outcomes)} expectations of the {suite} suite passed",
        metadata={
            "rows": df.height,
            "expectations": len(outcomes),
            "failed_expectations": len(failed),
            "failing_rows": sum(o.unexpected_count for o in failed),
            "failures": [f"{o.rule.expectation}: {o.rule.reason} ({o.unexpected_count} rows)" for o in failed],
            "results": MetadataValue.md("\n".join(lines)),
        },
    )


def markdown_preview(df: pl.DataFrame, columns: list[str], limit: int = 20) -> MetadataValue:
    """A few rows as a Markdown table for the asset's page in the UI."""
    rows = df.select([c for c in columns if c in df.columns]).head(limit)
    header = "| " + " | ".join(rows.columns) + " |\n|" + "---|" * len(rows.columns)
    body = "\n".join("| " + " | ".join(str(v).replace("|", "/").replace("\n", " ")[:80] for v in row) + " |"
                     for row in rows.iter_rows())
    return MetadataValue.md(f"{header}\n{body}")
