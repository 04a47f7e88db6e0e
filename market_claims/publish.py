"""Publishing: the tables users query, replaced whole and at once.

A run never opens the published database. It writes a new file beside it, flushes it to
disk and renames it over the old one, so a reader sees either the previous version or
the new one, never half of each. Parquet copies are swapped the same way.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from pathlib import Path

import duckdb
import polars as pl

PUBLICATION_TABLE = "_publication"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_atomically(path: Path, write, token: str | None = None) -> None:
    """Call `write(staging_path)`, flush the file to disk and rename it over `path`: readers see old or new, whole."""
    staging = path.with_name(f".{path.name}.tmp-{token or uuid.uuid4().hex[:8]}")
    try:
        write(staging)
        _fsync(staging)
        os.replace(staging, path)
        _fsync(path.parent)
    finally:
        staging.unlink(missing_ok=True)
        Path(f"{staging}.wal").unlink(missing_ok=True)


def _write_database(tables: dict[str, pl.DataFrame], run_id: str, published_at: dt.datetime):
    def write(staging: Path) -> None:
        with duckdb.connect(str(staging)) as con:
            for name, df in tables.items():
                con.register("incoming", df.to_arrow())
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
                con.unregister("incoming")
            con.execute(
                f"CREATE TABLE {PUBLICATION_TABLE} AS SELECT * FROM (VALUES (?, ?)) AS t(run_id, published_at)",
                [run_id, published_at],
            )
            con.execute("CHECKPOINT")
    return write


def remove_leftovers(database: Path, parquet_dir: Path) -> list[Path]:
    """Staging files of a publication that was killed half-way. Only the refresh holding the warehouse
    lock publishes, so any staging file found here belongs to a dead run."""
    leftovers = [*database.parent.glob(f".{database.name}.tmp-*"),
                 *parquet_dir.parent.glob(f".{parquet_dir.name}.tmp-*"), *parquet_dir.parent.glob(f".{parquet_dir.name}.old-*")]
    for path in leftovers:
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    return leftovers


def publish_tables(tables: dict[str, pl.DataFrame], database: Path, parquet_dir: Path, run_id: str) -> dict[str, int]:
    """Write `tables` to a fresh DuckDB file and Parquet folder, then swap both in. Returns row counts."""
    database.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(database, parquet_dir)
    token = uuid.uuid4().hex[:8]
    published_at = dt.datetime.now(dt.timezone.utc)
    counts = {name: df.height for name, df in tables.items()}
    replace_atomically(database, _write_database(tables, run_id, published_at), token)

    staging_dir = parquet_dir.with_name(f".{parquet_dir.name}.tmp-{token}")
    staging_dir.mkdir(parents=True)
    for name, df in tables.items():
        df.write_parquet(staging_dir / f"{name}.parquet")
    retired = parquet_dir.with_name(f".{parquet_dir.name}.old-{token}")
    if parquet_dir.exists():
        os.replace(parquet_dir, retired)
    os.replace(staging_dir, parquet_dir)
    shutil.rmtree(retired, ignore_errors=True)
    return counts
