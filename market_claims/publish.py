"""Publishing: the tables users query, copied from the build database and swapped in at once.

A run never opens the published database for writing. It prepares a new file beside it, flushes it
to disk and renames it over the old one, so a reader sees either the previous version or the new
one, never half of each. The Parquet copies are swapped the same way, as a folder.

Publication is incremental: the new file starts as a copy of the published one (a file copy), in
which only the run's ingestion days of the partitioned tables are replaced, and the small
unpartitioned tables rewritten. When the copy cannot be trusted — no previous version, other
columns, or other days whose row counts differ from the build database — every day is copied.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from .warehouse_db import build_connection

PUBLICATION_TABLE = "_publication"
DAY = "ingestion_day"


@dataclass(frozen=True)
class Table:
    """A published table: its name, the build table it comes from, the columns left out.
    Tables with an ingestion_day column are partitioned by it."""

    name: str
    source: str = ""
    exclude: tuple[str, ...] = ()

    @property
    def build_relation(self) -> str:
        return f'build.main."{self.source or self.name}"'

    @property
    def select(self) -> str:
        columns = f" EXCLUDE ({', '.join(self.exclude)})" if self.exclude else ""
        return f"SELECT *{columns} FROM {self.build_relation}"


@dataclass
class Publication:
    mode: str                      # "incremental" (the run's days replaced) or "full" (every day copied)
    reason: str                    # why that mode
    row_counts: dict[str, int] = field(default_factory=dict)


def literal(path: Path) -> str:
    """A path as a SQL string literal (ATTACH and COPY take no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


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


def remove_leftovers(database: Path, parquet_dir: Path) -> list[Path]:
    """Staging files of a publication that was killed half-way. Only the refresh holding the warehouse
    lock publishes, so any staging file found here belongs to a dead run."""
    leftovers = [*database.parent.glob(f".{database.name}.tmp-*"),
                 *parquet_dir.parent.glob(f".{parquet_dir.name}.tmp-*"), *parquet_dir.parent.glob(f".{parquet_dir.name}.old-*")]
    for path in leftovers:
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    return leftovers


def _columns(con, catalog: str, table: str) -> list[tuple[str, str]]:
    return con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = ? "
                       "AND table_name = ? ORDER BY ordinal_position", [catalog, table]).fetchall()


def _day_counts(con, relation: str, days: tuple[dt.date, dt.date]) -> dict:
    return dict(con.execute(f"SELECT ingestion_day, count(*) FROM {relation} WHERE ingestion_day NOT BETWEEN ? AND ? GROUP BY 1",
                            list(days)).fetchall())


def _partitioned(con, catalog: str, table: str) -> bool:
    return any(name == DAY for name, _ in _columns(con, catalog, table))


def _why_not_incremental(con, tables: list[Table], partitioned: set[str], days: tuple[dt.date, dt.date]) -> str | None:
    """None when the copy of the published file holds, outside the run's days, exactly what the build holds."""
    published = {row[0] for row in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'published'").fetchall()}
    for table in (t for t in tables if t.name in partitioned):
        if table.name not in published:
            return f"{table.name} is new"
        build_columns = [c for c in _columns(con, "build", table.source or table.name) if c[0] not in table.exclude]
        if _columns(con, "published", table.name) != build_columns:
            return f"the columns of {table.name} changed"
        if _day_counts(con, f'published.main."{table.name}"', days) != _day_counts(con, table.build_relation, days):
            return f"other days of {table.name} differ from the build database"
    return None


def _write_database(staging: Path, build: Path, tables: list[Table], days: tuple[dt.date, dt.date],
                    has_previous: bool, extra: dict[str, Path], run_id: str, outcome: Publication) -> None:
    """Fill `staging` (a copy of the published file, or a new one) from the build database."""
    # On the build database's own instance (the run holds it open): attaching the file from another is refused.
    if build.stem != "build":  # its tables are read as build.main.<table>: DuckDB names a file's catalog after it
        raise ValueError(f"the build database must be a file named build.duckdb, not {build.name}")
    with build_connection(build) as con:
        con.execute(f"ATTACH {literal(staging)} AS published")
        partitioned = {t.name for t in tables if _partitioned(con, "build", t.source or t.name)}
        reason = _why_not_incremental(con, tables, partitioned, days) if has_previous else "no previous publication"
        outcome.mode, outcome.reason = ("full", reason) if reason else ("incremental", f"days {days[0]} .. {days[1]}")
        con.execute("BEGIN")
        for table in tables:
            target = f'published.main."{table.name}"'
            if not reason and table.name in partitioned:
                con.execute(f"DELETE FROM {target} WHERE ingestion_day BETWEEN ? AND ?", list(days))
                con.execute(f"INSERT INTO {target} {table.select} WHERE ingestion_day BETWEEN ? AND ?", list(days))
            else:
                con.execute(f"CREATE OR REPLACE TABLE {target} AS {table.select}")
        for name, parquet in extra.items():
            con.execute(f'CREATE OR REPLACE TABLE published.main."{name}" AS SELECT * FROM read_parquet(?)', [str(parquet)])
        con.execute(f"CREATE OR REPLACE TABLE published.main.{PUBLICATION_TABLE} AS "
                    "SELECT * FROM (VALUES (?, ?)) AS t(run_id, published_at)", [run_id, dt.datetime.now(dt.timezone.utc)])
        con.execute("COMMIT")
        con.execute("CHECKPOINT published")  # everything in the file itself, no WAL beside it
        for name in [*(t.name for t in tables), *extra]:
            outcome.row_counts[name] = con.execute(f'SELECT count(*) FROM published.main."{name}"').fetchone()[0]
        con.execute("DETACH published")


def _write_parquet(database: Path, staging_dir: Path, previous_dir: Path | None, names: list[str],
                   days: tuple[dt.date, dt.date], incremental: bool) -> None:
    """One file per unpartitioned table; partitioned tables as `<table>/ingestion_day=<day>/*.parquet`.

    Incremental: the previous folder's files are hard-linked into the staging folder (no copy) and only
    the run's days are written anew — after unlinking, never in place, since the old version shares them.
    """
    if incremental and previous_dir is not None and previous_dir.is_dir():
        shutil.copytree(previous_dir, staging_dir, copy_function=os.link)
    staging_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(database), read_only=True) as con:
        catalog = con.execute("SELECT current_database()").fetchone()[0]
        for name in names:
            if _partitioned(con, catalog, name):
                folder = staging_dir / name
                (staging_dir / f"{name}.parquet").unlink(missing_ok=True)  # a single file from before partitioning
                if incremental and folder.is_dir():
                    day_count = (days[1] - days[0]).days + 1
                    for day in (days[0] + dt.timedelta(days=n) for n in range(day_count)):
                        shutil.rmtree(folder / f"{DAY}={day}", ignore_errors=True)
                    query = f'SELECT * FROM "{name}" WHERE ingestion_day BETWEEN ? AND ?'
                    params = list(days)
                else:
                    shutil.rmtree(folder, ignore_errors=True)
                    query, params = f'SELECT * FROM "{name}"', []
                if con.execute(f"SELECT count(*) FROM ({query})", params).fetchone()[0]:
                    con.execute(f"COPY ({query}) TO {literal(folder)} (FORMAT parquet, PARTITION_BY (ingestion_day), "
                                "OVERWRITE_OR_IGNORE, FILENAME_PATTERN 'part-{uuid}')", params)
            else:
                path = staging_dir / f"{name}.parquet"
                path.unlink(missing_ok=True)
                con.execute(f'COPY "{name}" TO {literal(path)} (FORMAT parquet)')


def publish_build(build: Path, database: Path, parquet_dir: Path, run_id: str, tables: list[Table],
                  days: tuple[dt.date, dt.date], extra: dict[str, Path] | None = None) -> Publication:
    """Publish `tables` of the `build` database (and `extra` Parquet files as tables): the run's `days`
    of the partitioned ones replaced in a copy of the published file, or every day when the copy
    cannot be trusted. Then the Parquet folder. Returns the mode, why, and the published row counts."""
    database.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(database, parquet_dir)
    extra = {name: path for name, path in (extra or {}).items() if path.exists()}
    token = uuid.uuid4().hex[:8]
    outcome = Publication("full", "")
    has_previous = database.exists()
    staging_dir = parquet_dir.with_name(f".{parquet_dir.name}.tmp-{token}")

    def write(staging: Path) -> None:
        if has_previous:
            shutil.copyfile(database, staging)
        _write_database(staging, build, tables, days, has_previous, extra, run_id, outcome)
        # From the staging file, not the published path: a process holding the old version open would be
        # handed that cached instance by DuckDB.
        _write_parquet(staging, staging_dir, parquet_dir, [*(t.name for t in tables), *extra, PUBLICATION_TABLE],
                       days, outcome.mode == "incremental")

    replace_atomically(database, write, token)
    retired = parquet_dir.with_name(f".{parquet_dir.name}.old-{token}")
    if parquet_dir.exists():
        os.replace(parquet_dir, retired)
    os.replace(staging_dir, parquet_dir)
    shutil.rmtree(retired, ignore_errors=True)
    return outcome
