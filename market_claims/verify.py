"""Claims joined with prices in DuckDB: the SQL models under warehouse/models, run in order.

The models come in three stages, one folder each, so that a refresh verifies only what is new:
- market/    prices, sessions            -> price_moves                       (all bars; small)
- claims/    one ingestion day's claims and articles, with the market tables
             -> inferred_event_dates, claim_verdicts, event_study, ambiguous_alignments
             (each row depends only on its own claim or article: days are independent)
- summaries/ every day's claim_verdicts  -> claim_disagreements, outlet_scorecard (across days)
Plain Python: tests and `market-claims check` call `run_models`, which runs the three in a row.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from .settings import PROJECT_ROOT
from .warehouse_db import build_connection

MODELS_DIR = PROJECT_ROOT / "warehouse" / "models"
STAGES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # stage: (tables it reads, tables it creates)
    "market": (("prices", "sessions"), ("price_moves",)),
    "claims": (("claims", "articles", "prices", "sessions", "price_coverage", "shares", "entities", "price_moves"),
               ("inferred_event_dates", "claim_verdicts", "event_study", "ambiguous_alignments")),
    "summaries": (("claim_verdicts",), ("claim_disagreements", "outlet_scorecard")),
}
INPUT_TABLES = ("claims", "articles", "prices", "sessions", "price_coverage", "shares", "entities")
OUTPUT_TABLES = tuple(t for _, created in STAGES.values() for t in created)


def model_files(stage: str | None = None, models_dir: Path = MODELS_DIR) -> list[Path]:
    """The models of a stage (or of all, stage by stage), in the order their numeric prefixes give."""
    stages = [stage] if stage else list(STAGES)
    return [path for s in stages for path in sorted((models_dir / s).glob("*.sql"))]


def run_stage(stage: str, inputs: dict[str, pl.DataFrame], models_dir: Path = MODELS_DIR) -> dict[str, pl.DataFrame]:
    """One stage's models over `inputs` in an in-memory DuckDB; the tables the stage creates."""
    reads, creates = STAGES[stage]
    return _run(reads, creates, model_files(stage, models_dir), inputs)


def run_stage_in(stage: str, database: Path, models_dir: Path = MODELS_DIR, preview: int = 20) -> dict[str, tuple[int, pl.DataFrame]]:
    """One stage's models run inside `database` itself: they read its tables and create theirs there,
    so nothing large passes through Python. Returns each created table's row count and first rows."""
    _, creates = STAGES[stage]
    with build_connection(database) as con:
        _execute(con, model_files(stage, models_dir), ())
        return {name: (con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0],
                       con.execute(f'SELECT * FROM "{name}" LIMIT ?', [preview]).pl()) for name in creates}


def run_models(inputs: dict[str, pl.DataFrame], models_dir: Path = MODELS_DIR) -> dict[str, pl.DataFrame]:
    """Every stage in a row, from the claims, articles and market tables to the summaries."""
    return _run(INPUT_TABLES, OUTPUT_TABLES, model_files(models_dir=models_dir), inputs)


def _run(reads, creates, files: list[Path], inputs: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    missing = set(reads) - set(inputs)
    if missing:
        raise ValueError(f"verification needs the tables {sorted(missing)}")
    with duckdb.connect(":memory:") as con:
        for name in reads:
            con.register(f"{name}_input", inputs[name].to_arrow())
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_input")
        return _execute(con, files, creates)


def _execute(con, files: list[Path], creates) -> dict[str, pl.DataFrame]:
    for path in files:
        try:
            con.execute(path.read_text(encoding="utf-8"))
        except duckdb.Error as exc:
            raise RuntimeError(f"SQL model {path.parent.name}/{path.name} failed: {exc}") from exc
    return {name: con.sql(f"SELECT * FROM {name}").pl() for name in creates}


def day_tagged(tables: dict[str, pl.DataFrame], claims: pl.DataFrame, articles: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The claims stage's tables with each row's ingestion day (from its article, else its claim), last."""
    by_article = articles.select("article_id", "ingestion_day")
    by_claim = claims.select("claim_id", "ingestion_day")
    return {name: df.join(by_article, on="article_id", how="left") if "article_id" in df.columns
            else df.join(by_claim, on="claim_id", how="left") for name, df in tables.items()}
