"""Reference data shipped in seeds/: the entity table and share counts."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import polars as pl

from .dates import parse_date_value
from .lexicon import PLACE_ADJECTIVE_NAMES
from .entities import ENTITY_COLUMNS, Entity, EntityIndex
from .schemas import frame


def _read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = set(ENTITY_COLUMNS) - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: missing columns {sorted(missing)}")
        rows = [{c: row[c] for c in ENTITY_COLUMNS} for row in reader]
    counts = Counter(r["ticker"] for r in rows)
    if duplicated := sorted(t for t, n in counts.items() if n > 1):
        raise ValueError(f"{path}: tickers listed twice: {duplicated}")
    return rows


def read_entities(path: Path, listings: Path | None = None) -> pl.DataFrame:
    """The `entities` table: seeds/entities.csv (companies, hand-written, reviewed) first, then the
    world's main indices, futures and rates with the city and market names that stand for them
    (seeds/indices.csv, hand-written), then the Hang Seng's large companies and the ADRs paired with them
    (seeds/listings_hk.csv, hand-written from HKEX stock codes: pytickersymbols has no Hong Kong index), then the
    FTSE MIB's members (seeds/listings_it.csv, hand-written: nor has it Milan's index), then the
    index constituents of seeds/listings.csv (listings.py) not already held. First rows win where
    names collide (EntityIndex), so the overlay's aliases win. A missing column is a clear error."""
    rows = _read_rows(path)
    listings = listings if listings is not None else path.with_name("listings.csv")
    for more in (path.with_name("indices.csv"), path.with_name("listings_hk.csv"), path.with_name("listings_it.csv"),
                 listings):
        if more.exists():
            known = {r["ticker"] for r in rows}
            rows += [r for r in _read_rows(more) if r["ticker"] not in known]
    return frame("entities", rows)


def entity_index(entities: pl.DataFrame) -> EntityIndex:
    return EntityIndex([
        Entity(
            ticker=row["ticker"], name=row["name"],
            aliases=tuple(a.strip() for a in (row["aliases"] or "").split("|") if a.strip())
            + PLACE_ADJECTIVE_NAMES.get(row["ticker"], ()),
            kind=row["kind"], exchange=row["exchange"], listing=row["listing"],
            primary_ticker=row["primary_ticker"],
            other_listings=tuple(t for t in (row["other_listings"] or "").split("|") if t), calendar=row["calendar"],
            currency=row["currency"], country=row["country"] or "", benchmark=row["benchmark"] or None,
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
                "notes": row["notes"], "source": "snapshot",
            })
    return frame("shares", rows)


def fetch_shares_yfinance(tickers: list[str], start, end, session=None) -> pl.DataFrame:
    """Share counts from Yahoo (yfinance `get_shares_full`), as `shares` rows; a ticker Yahoo has
    nothing for adds no row (the snapshot rows and the verdict's reason cover it)."""
    import warnings

    import yfinance as yf

    rows = []
    for ticker in tickers:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                series = yf.Ticker(ticker, session=session).get_shares_full(start=start.isoformat(), end=end.isoformat())
        except Exception as exc:  # a failed lookup is a missing count, never a crash
            rows.append({"ticker": ticker, "shares_outstanding": None, "as_of": None, "as_of_text": None,
                         "source_document": "yfinance get_shares_full", "notes": f"lookup failed: {exc}",
                         "source": "yfinance"})
            continue
        if series is None or len(series) == 0:
            continue
        for stamp, count in series.items():
            rows.append({"ticker": ticker, "shares_outstanding": float(count), "as_of": stamp.date(),
                         "as_of_text": stamp.date().isoformat(), "source_document": "yfinance get_shares_full",
                         "notes": "Yahoo Finance shares outstanding time series", "source": "yfinance"})
    return frame("shares", rows)
