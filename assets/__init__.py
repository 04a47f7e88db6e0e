"""Dagster assets, one module per stage. Thin: they load, call market_claims, record metadata."""
