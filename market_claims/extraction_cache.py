"""Extraction results kept across runs, so a refresh only extracts new or changed articles.

Keyed by a fingerprint of what extraction reads — the cleaned article (text, language, dates),
the extractor (its version and a hash of its code and lexicons) and the reference table — so an edited article, a new extractor or a
new alias table is extracted again, and nothing else is. A DuckDB file beside the price store.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from .articles import clean_article_from_record, content_hash
from .entities import EntityIndex
from .extract import EXTRACTOR_VERSION, extract_claims
from .schemas import unpartitioned_schema


# What extraction is made of, beside the article and the reference table: a change to any of these files is a new
# extractor, whether or not its version was bumped.
_EXTRACTOR_FILES = ("extract.py", "lexicon.py", "figures.py", "numbers.py", "dates.py", "entities.py", "text.py",
                    "calendars.py", "reading/*.py", "lexicons/*.yaml")


@lru_cache(maxsize=1)
def extractor_hash() -> str:
    package = Path(__file__).parent
    return content_hash(b"".join(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes()
                                 for pattern in _EXTRACTOR_FILES for path in sorted(package.glob(pattern))))[:16]


def fingerprint(record: dict, reference_hash: str) -> str:
    what = [record["article_id"], record["source_file"], record["text"], record["language"],
            *(str(record.get(k)) for k in ("published_date", "published_at", "updated_date", "date_lower", "date_upper")),
            EXTRACTOR_VERSION, extractor_hash(), reference_hash]
    return hashlib.sha256(json.dumps(what, ensure_ascii=False).encode()).hexdigest()[:32]


def reference_hash(entities: pl.DataFrame) -> str:
    return hashlib.sha256(entities.sort("ticker").write_csv().encode()).hexdigest()[:16]


# Below this many articles, starting worker processes (about a second each) costs more than it saves.
PARALLEL_FROM = 400
CHUNK = 100
_worker_index: EntityIndex | None = None


def _start_worker(entities: pl.DataFrame) -> None:
    global _worker_index
    from .reference import entity_index

    _worker_index = entity_index(entities)


def _extract_chunk(chunk: list[tuple[str, dict]], index: EntityIndex | None = None) -> list[tuple[str, list, list]]:
    index = index or _worker_index
    out = []
    for key, record in chunk:
        result = extract_claims(record["article_id"], record["source_file"], clean_article_from_record(record), index)
        out.append((key, result.claim_rows(), result.figure_rows()))
    return out


def extract_records(todo: list[tuple[str, dict]], entities: pl.DataFrame, index: EntityIndex,
                    workers: int = 0) -> Iterator[tuple[str, list, list]]:
    """(key, claim rows, figure rows) per article; on `workers` processes (0: one per core) when there are many."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(todo) < PARALLEL_FROM:
        yield from _extract_chunk(todo, index)
        return
    chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
    # spawn, not fork: the parent holds DuckDB connections and Dagster threads that must not be copied.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_start_worker, initargs=(entities,)) as pool:
        for done in pool.map(_extract_chunk, chunks):
            yield from done


def extract_with_cache(articles: pl.DataFrame, entities: pl.DataFrame, index: EntityIndex,
                       database: Path, workers: int = 0) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """(claims, figures, articles extracted now) for `articles`, reusing what the cache holds."""
    ref = reference_hash(entities)
    keyed = {fingerprint(r, ref): r for r in articles.iter_rows(named=True)}
    database.parent.mkdir(parents=True, exist_ok=True)
    claims_schema, figures_schema = unpartitioned_schema("claims"), unpartitioned_schema("figures")
    with duckdb.connect(str(database)) as con:
        for table, schema in (("cached_claims", claims_schema), ("cached_figures", figures_schema)):
            con.register("empty", pl.DataFrame(schema=schema).with_columns(pl.lit("").alias("fingerprint")).to_arrow())
            con.execute(f"CREATE TABLE IF NOT EXISTS {table} AS SELECT * FROM empty LIMIT 0")
            con.unregister("empty")
        con.execute("CREATE TABLE IF NOT EXISTS cached_articles (fingerprint VARCHAR PRIMARY KEY)")
        done = {row[0] for row in con.execute("SELECT fingerprint FROM cached_articles").fetchall()}
        todo = {key: record for key, record in keyed.items() if key not in done}
        new_claims, new_figures = [], []
        for key, claim_rows, figure_rows in extract_records(list(todo.items()), entities, index, workers):
            new_claims += [row | {"fingerprint": key} for row in claim_rows]
            new_figures += [row | {"fingerprint": key} for row in figure_rows]
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
    return claims.cast(claims_schema), figures.cast(figures_schema), len(todo)
