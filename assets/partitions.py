"""Articles, claims and verdicts are partitioned by ingestion day (UTC); market data and summaries are not.

One partition per day, not per article: a day holds whatever arrived, and a backfill over a
range runs as one run (single-run policy), so a month of days costs one extraction pass and one
verification, not thirty.
"""

import datetime as dt

from dagster import AssetOut, BackfillPolicy, DailyPartitionsDefinition, RunRequest

# end_offset=1: today's partition exists while today is still filling up.
INGESTION_DAYS = DailyPartitionsDefinition(start_date="2025-01-01", timezone="UTC", end_offset=1)
PARTITIONED = {
    "partitions_def": INGESTION_DAYS,
    "backfill_policy": BackfillPolicy.single_run(),
}
PARTITION_EXPR = {"partition_expr": "ingestion_day"}  # the DuckDB IO manager replaces exactly these rows


def partitioned_out(description: str, kinds: set[str] | None = None) -> AssetOut:
    """An output of a partitioned multi-asset: a frame stored in DuckDB, one day's rows at a time."""
    return AssetOut(kinds=kinds or {"polars", "duckdb"}, metadata=PARTITION_EXPR, description=description)


def partition_tags(first: dt.date, last: dt.date) -> dict[str, str]:
    """Run tags for ingestion days first..last: one partition, or a range run as one (single-run policy)."""
    if first == last:
        return {"dagster/partition": first.isoformat()}
    return {"dagster/asset_partition_range_start": first.isoformat(),
            "dagster/asset_partition_range_end": last.isoformat()}


def run_request_for_days(first: dt.date, last: dt.date, run_key: str | None = None, tags: dict | None = None) -> RunRequest:
    """A RunRequest of refresh_all for ingestion days first..last."""
    if first == last:
        return RunRequest(run_key=run_key, partition_key=first.isoformat(), tags=tags or {})
    return RunRequest(run_key=run_key, tags=partition_tags(first, last) | (tags or {}))
