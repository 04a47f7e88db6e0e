"""Turning a Great Expectations suite run into a Dagster AssetCheckResult."""


import polars as pl
from dagster import AssetCheckResult, AssetCheckSeverity, MetadataValue

from market_claims.quality import SUITES, validate, validate_cached
from market_claims.quality_report import record
from market_claims.quarantine import quarantine_counts


def suite_check_result(df: pl.DataFrame, suite: str, severity=AssetCheckSeverity.ERROR, context=None,
                       project=None) -> AssetCheckResult:
    """The suite's outcome as a check result; with a run context, also written to the run's HTML report."""
    report, reused = None, False
    if context is not None and project is not None:
        settings = project.settings()
        outcomes, reused = validate_cached(df, SUITES[suite], suite)
        report = record(settings.quality_dir, context.run.run_id, suite, df.height, outcomes)
    else:
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
            # the very same rows were validated by the same rules before: their outcomes are reused
            "outcomes_reused": reused,
            "failed_expectations": len(failed),
            "failing_rows": sum(o.unexpected_count for o in failed),
            "failures": [f"{o.rule.expectation}: {o.rule.reason} ({o.unexpected_count} rows)" for o in failed],
            "results": MetadataValue.md("\n".join(lines)),
            **({"report": MetadataValue.url(report.as_uri())} if report else {}),
        },
    )


def quarantine_check_result(quarantined: pl.DataFrame, columns: list[str]) -> AssetCheckResult:
    """A warning that lists the rows set aside, by rule: they did not flow on, and say why."""
    counts = quarantine_counts(quarantined)
    return AssetCheckResult(
        passed=quarantined.is_empty(), severity=AssetCheckSeverity.WARN,
        description=(f"{quarantined.height} rows quarantined: " + ", ".join(f"{n} {rule}" for rule, n in counts.items()))
        if quarantined.height else "no row quarantined",
        metadata={"quarantined": quarantined.height, "by_rule": counts,
                  "sample": markdown_preview(quarantined, ["rule", "reason", *columns])},
    )


def markdown_preview(df: pl.DataFrame, columns: list[str], limit: int = 20) -> MetadataValue:
    """A few rows as a Markdown table for the asset's page in the UI."""
    rows = df.select([c for c in columns if c in df.columns]).head(limit)
    header = "| " + " | ".join(rows.columns) + " |\n|" + "---|" * len(rows.columns)
    body = "\n".join("| " + " | ".join(str(v).replace("|", "/").replace("\n", " ")[:80] for v in row) + " |"
                     for row in rows.iter_rows())
    return MetadataValue.md(f"{header}\n{body}")
