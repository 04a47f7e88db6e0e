"""Checking articles end to end without the pipeline: extract, fetch what is missing, verify.

The same steps as the assets (claims -> price_requests -> prices -> sessions -> verification
models), composed for one or a few files: what `market-claims check FILE…` runs.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import duckdb
import polars as pl

from .articles import article_record, clean_article_from_record, read_raw_article
from .calendars import sessions_for
from .extract import extract_claims
from .price_store import PriceStore
from .prices import PriceWindow, claim_windows, price_source
from .reference import entity_index, read_entities, read_shares
from .schemas import frame
from .settings import Settings
from .verify import run_models
from .yahoo import yahoo_session


def check_files(paths: list[Path], settings: Settings, today: dt.date | None = None) -> tuple[dict[str, pl.DataFrame], list[str]]:
    """Verification tables for the claims of `paths`, and the problems met (unreadable files, a busy store)."""
    today = today or dt.date.today()
    entities = read_entities(settings.entities_file)
    index = entity_index(entities)
    records, claim_rows, problems = [], [], []
    from tqdm import tqdm

    # A bar on long work, on a terminal only (tqdm stays quiet when stderr is not one).
    for path in tqdm(paths, desc="extracting", unit="file", disable=None, leave=False):
        raw = read_raw_article(path, path.parent)
        record = article_record(raw) | {"source_file": str(path)}
        if record["status"] != "ok":
            problems.append(f"{path}: not checked: {record['status_reason']}")
            continue
        records.append(record)
        claim_rows += extract_claims(raw.article_id, str(path), clean_article_from_record(record), index).claim_rows()
    articles, claims = frame("articles", records), frame("claims", claim_rows)
    currencies = dict(entities.select("ticker", "currency").iter_rows())
    source = price_source(settings.price_source, settings.prices_dir, currencies, session=yahoo_session(settings.yahoo_base_url))
    tables = verify_claims(claims, articles, entities, read_shares(settings.shares_file), source,
                           settings.price_store_database, today, problems)
    return tables, problems


def verify_claims(claims: pl.DataFrame, articles: pl.DataFrame, entities: pl.DataFrame, shares: pl.DataFrame, source,
                  store_path: Path, today: dt.date, problems: list[str] | None = None) -> dict[str, pl.DataFrame]:
    """Windows the claims need -> the price store -> trading sessions -> the verification models."""
    currencies = dict(entities.select("ticker", "currency").iter_rows())
    benchmarks = {t: b for t, b in entities.select("ticker", "benchmark").iter_rows() if b}
    calendars = dict(entities.select("ticker", "calendar").iter_rows())
    windows = claim_windows(claims, articles, today=today, currencies=currencies, benchmarks=benchmarks)
    update = _update_store(store_path, windows, source, today, calendars, problems if problems is not None else [])
    return run_models({
        "claims": claims, "articles": articles, "prices": update.bars, "sessions": sessions_for(windows, calendars),
        "price_coverage": update.coverage, "shares": shares, "entities": entities,
    })


def _update_store(path: Path, windows: list[PriceWindow], source, today, calendars, problems: list[str]):
    """Through the shared price store; if a pipeline run holds it (DuckDB has one writer), through a
    temporary one, so a check never waits for a run."""
    try:
        return PriceStore(path).update(windows, source, today, calendars)
    except duckdb.IOException:
        problems.append(f"the price store {path} is busy (a run is writing it): prices read into a temporary store")
        with tempfile.TemporaryDirectory() as scratch:
            return PriceStore(Path(scratch) / "prices.duckdb").update(windows, source, today, calendars)
