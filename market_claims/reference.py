"""Reference data shipped in seeds/: the entity table and share counts."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl

from .dates import parse_date_value
from .entities import ENTITY_COLUMNS, Entity, EntityIndex
from .schemas import frame


def read_entities(path: Path) -> pl.DataFrame:
    """seeds/entities.csv as the `entities` table; a missing column is a clear error."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = set(ENTITY_COLUMNS) - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: missing columns {sorted(missing)}")
        rows = list(reader)
    duplicated = {r["ticker"] for r in rows if sum(o["ticker"] == r["ticker"] for o in rows) > 1}
    if duplicated:
        raise ValueError(f"{path}: tickers listed twice: {sorted(duplicated)}")
    return frame("entities", rows)


def entity_index(entities: pl.DataFrame) -> EntityIndex:
    return EntityIndex([
        Entity(
            ticker=row["ticker"], name=row["name"],
            aliases=tuple(a.strip() for a in (row["aliases"] or "").split("|") if a.strip()),
            kind=row["kind"], exchange=row["exchange"], listing=row["listing"],
            primary_ticker=row["primary_ticker"], calendar=row["calendar"],
            currency=row["currency"], country=row["country"] or "",
        )
        for row in entities.iter_rows(named=True)
    ])


def read_shares(path: Path) -> pl.DataFrame:
    """seeds/shares.csv as the `shares` table. Rows without a count stay, so a verdict can say so."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            exact, lower, _ = parse_date_value(row["as_of"] or "")
            count = (row["shares_outstanding"] or "").strip()
            rows.append({
                "ticker": row["ticker"], "shares_outstanding": float(count) if count else None,
                "as_of": exact or lower, "as_of_text": row["as_of"], "source_document": row["source_document"],
                "notes": row["notes"],
            })
    return frame("shares", rows)
