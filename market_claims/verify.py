"""Claims joined with prices in DuckDB: the SQL models under warehouse/models, run in order.

The models read tables named claims, articles, prices, sessions, price_coverage, shares and
entities, and create
price_moves, inferred_event_dates and claim_verdicts. Plain Python: tests call it directly.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from .settings import PROJECT_ROOT

MODELS_DIR = PROJECT_ROOT / "warehouse" / "models"
INPUT_TABLES = ("claims", "articles", "prices", "sessions", "price_coverage", "shares", "entities")
OUTPUT_TABLES = ("price_moves", "inferred_event_dates", "claim_verdicts", "event_study", "ambiguous_alignments",
                 "claim_disagreements", "outlet_scorecard")


def model_files(models_dir: Path = MODELS_DIR) -> list[Path]:
    """The models, in the order their numeric prefixes give."""
    return sorted(models_dir.glob("*.sql"))


def run_models(inputs: dict[str, pl.DataFrame], models_dir: Path = MODELS_DIR) -> dict[str, pl.DataFrame]:
    missing = set(INPUT_TABLES) - set(inputs)
    if missing:
        raise ValueError(f"verification needs the tables {sorted(missing)}")
    with duckdb.connect(":memory:") as con:
        for name in INPUT_TABLES:
            con.register(f"{name}_input", inputs[name].to_arrow())
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_input")
        for path in model_files(models_dir):
            try:
                con.execute(path.read_text(encoding="utf-8"))
            except duckdb.Error as exc:
                raise RuntimeError(f"SQL model {path.name} failed: {exc}") from exc
        return {name: con.sql(f"SELECT * FROM {name}").pl() for name in OUTPUT_TABLES}
