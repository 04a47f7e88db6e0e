"""Extraction results kept across runs, so a refresh only extracts new or changed articles.

Keyed by a fingerprint of what extraction reads — the cleaned article (text, language, dates),
the extractor's version and the reference table — so an edited article, a new extractor or a
new alias table is extracted again, and nothing else is. A DuckDB file beside the price store.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import polars as pl

from .articles import clean_article_from_record
from .entities import EntityIndex
from .extract import EXTRACTOR_VERSION, extract_claims
from .schemas import frame


def fingerprint(record: dict, reference_hash: str) -> str:
    what = [record["article_id"], record["source_file"], record["text"], record["language"],
            *(str(record[k]) for k in ("published_date", "updated_date", "date_lower", "date_upper")),
            EXTRACTOR_VERSION, reference_hash]
    return hashlib.sha256(json.dumps(what, ensure_ascii=False).encode()).hexdigest()[:32]


def reference_hash(entities: pl.DataFrame) -> str:
    return hashlib.sha256(entities.sort("ticker").write_csv().encode()).hexdigest()[:16]


def extract_with_cache(articles: pl.DataFrame, entities: pl.DataFrame, index: EntityIndex,
                       database: Path) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """(claims, figures, articles extracted now) for `articles`, reusing what the cache holds."""
    ref = reference_hash(entities)
    keyed = {fingerprint(r, ref): r for r in articles.iter_rows(named=True)}
    database.parent.mkdir(parents=True, exist_ok=True)
    claims_schema, figures_schema = frame("claims", []).schema, frame("figures", []).schema
    with duckdb.connect(str(database)) as con:
        for table, schema in (("cached_claims", claims_schema), ("cached_figures", figures_schema)):
            con.register("empty", pl.DataFrame(schema=schema).with_columns(pl.lit("").alias("fingerprint")).to_arrow())
            con.execute(f"CREATE TABLE IF NOT EXISTS {table} AS SELECT * FROM empty LIMIT 0")
            con.unregister("empty")
        con.execute("CREATE TABLE IF NOT EXISTS cached_articles (fingerprint VARCHAR PRIMARY KEY)")
        done = {row[0] for row in con.execute("SELECT fingerprint FROM cached_articles").fetchall()}
        todo = {key: record for key, record in keyed.items() if key not in done}
        new_claims, new_figures = [], []
        for key, record in todo.items():
            result = extract_claims(record["article_id"], record["source_file"], clean_article_from_record(record), index)
            new_claims += [row | {"fingerprint": key} for row in result.claim_rows()]
            new_figures += [row | {"fingerprint": key} for row in result.figure_rows()]
        if todo:
            con.execute("BEGIN TRANSACTION")
            for table, rows, schema in (("cached_claims", new_claims, claims_schema), ("cached_figures", new_figures, figures_schema)):
                if rows:
                    con.register("incoming", pl.DataFrame(rows, schema=schema | {"fingerprint": pl.Utf8}, orient="row").to_arrow())
                    con.execute(f"INSERT INTO {table} SELECT * FROM incoming")
                    con.unregister("incoming")
            con.register("keys", pl.DataFrame({"fingerprint": list(todo)}).to_arrow())
            con.execute("INSERT INTO cached_articles SELECT fingerprint FROM keys")
            con.execute("COMMIT")
        con.register("wanted", pl.DataFrame({"fingerprint": list(keyed)}, schema={"fingerprint": pl.Utf8}).to_arrow())
        claims = con.execute("SELECT c.* EXCLUDE (fingerprint) FROM cached_claims c JOIN wanted USING (fingerprint) "
                             "ORDER BY source_file, char_start, claim_id").pl()
        figures = con.execute("SELECT f.* EXCLUDE (fingerprint) FROM cached_figures f JOIN wanted USING (fingerprint) "
                              "ORDER BY source_file, char_start, figure_id").pl()
    return (frame("claims", []).vstack(claims.cast(claims_schema)) if claims.height else frame("claims", []),
            frame("figures", []).vstack(figures.cast(figures_schema)) if figures.height else frame("figures", []),
            len(todo))
