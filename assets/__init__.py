"""Dagster assets, one module per stage. Thin: they load, call market_claims, record metadata."""

# Every step that touches the build database or the price store runs in this concurrency pool,
# limited to one at a time in .dagster/dagster.yaml: DuckDB takes a single writer process.
WAREHOUSE_POOL = "warehouse"
