"""The DuckDB IO manager for the build database: dagster-duckdb-polars, keeping empty tables and
following schema changes.

dagster-duckdb-polars skips writing an empty DataFrame ("An empty table will not be created"),
so a run with no claims, or a price source that is down, leaves the next asset nothing to read
and fails it; and it inserts into an existing table, so a new version of the product that adds a
column fails on the old build database. Here an empty frame still creates (or empties) its
table, with its columns, and a table whose columns changed is recreated — or, when it is
partitioned, migrated so that the other days' rows stay.
"""

from collections.abc import Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

import polars as pl
from dagster import InitResourceContext, OutputContext
from dagster._core.storage.db_io_manager import DbIOManager, DbTypeHandler, TableSlice
from dagster_duckdb.io_manager import DuckDbClient
from dagster_duckdb_polars import DuckDBPolarsIOManager, DuckDBPolarsTypeHandler

from assets import WAREHOUSE_POOL
from market_claims.locking import alive, exclusive, held
from market_claims.warehouse_db import BUILD_CONFIG, build_connection


class EmptySafePolarsTypeHandler(DuckDBPolarsTypeHandler):
    def handle_output(self, context: OutputContext, table_slice: TableSlice, obj: pl.DataFrame, connection):
        existing = [row[0] for row in connection.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
            "ORDER BY ordinal_position", [table_slice.schema, table_slice.table]).fetchall()]
        if existing and existing != obj.columns:
            if table_slice.partition_dimensions:
                _migrate_partitioned_table(context, table_slice, obj, existing, connection)
            else:
                context.log.info(f"columns of {table_slice.table} changed: recreating it")
                connection.execute(f'DROP TABLE "{table_slice.schema}"."{table_slice.table}"')
        if not obj.is_empty():
            return super().handle_output(context, table_slice, obj, connection)
        empty = obj.to_arrow()  # noqa: F841  # read by name in the SQL below
        connection.execute(f"create schema if not exists {table_slice.schema};")
        connection.execute(f"create table if not exists {table_slice.schema}.{table_slice.table} as select * from empty;")
        context.add_output_metadata({"row_count": 0})


def _migrate_partitioned_table(context: OutputContext, table_slice: TableSlice, obj: pl.DataFrame,
                               existing: list[str], connection) -> None:
    """New columns: the other partitions' rows are kept, with nulls in the new columns until those days are re-run.

    Dropping the table would silently lose every other partition.
    """
    table = f'"{table_slice.schema}"."{table_slice.table}"'
    shape = obj.head(0).to_arrow()  # noqa: F841  # read by name in the SQL below
    types = dict(connection.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM shape)").fetchall())
    select = ", ".join(f'"{c}"' if c in existing else f'CAST(NULL AS {types[c]}) AS "{c}"' for c in obj.columns)
    connection.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT {select} FROM {table}")
    added = [c for c in obj.columns if c not in existing]
    context.log.warning(f"columns of {table_slice.table} changed (new: {added or 'none'}): other days keep their rows, "
                        "with nulls in new columns until they are re-run (`market-claims backfill`)")


class BuildDatabaseClient(DuckDbClient):
    @staticmethod
    def delete_table_slice(context: OutputContext, table_slice: TableSlice, connection) -> None:
        """Before a partition is written: a table from before partitioning has rows of no day, so it is dropped."""
        for dimension in table_slice.partition_dimensions:
            columns = {row[0] for row in connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?",
                [table_slice.schema, table_slice.table]).fetchall()}
            if columns and dimension.partition_expr not in columns:
                context.log.warning(f"{table_slice.table} predates its partitions: recreating it")
                connection.execute(f'DROP TABLE "{table_slice.schema}"."{table_slice.table}"')
        DuckDbClient.delete_table_slice(context, table_slice, connection)


RUN_ALIVE_TAG = "market_claims/alive"  # a liveness file the launching process holds (the CLI's multiprocess runs)


def run_alive_file(runs_dir: Path, run_id: str) -> Path:
    return runs_dir / f"{run_id}.alive"


def _release_dead_runs(context: InitResourceContext, run_id: str, runs_dir: Path) -> None:
    """Free what other runs left in the warehouse pool — claimed slots and steps still waiting for one —
    when their processes are gone.

    Every process working for a run holds that run's liveness file (market_claims.locking.alive) and
    the kernel lets go of it when the process dies, even by kill -9. A run killed between two steps
    leaves its next step waiting in the pool, assigned the free slot but never claiming it: without
    this, every later run waits behind it forever.
    """
    storage = context.instance.event_log_storage
    info = storage.get_concurrency_info(WAREHOUSE_POOL)
    others = ({slot.run_id for slot in info.claimed_slots} | {step.run_id for step in info.pending_steps}) - {run_id}
    for other in sorted(others):
        run = context.instance.get_run_by_id(other)
        launcher_file = (run.tags.get(RUN_ALIVE_TAG) if run else None)
        if held(run_alive_file(runs_dir, other)) or (launcher_file and held(runs_dir / Path(launcher_file).name)):
            continue
        storage.free_concurrency_slots_for_run(other)
        if run is not None and not run.is_finished:
            context.instance.report_run_failed(run, "its process died while it held or waited for the warehouse (killed?)")
        if context.log:
            context.log.warning(f"released what run {other}, whose process died, held or waited for in the warehouse pool")
    for leftover in runs_dir.glob("*.alive"):  # liveness files of finished or dead runs
        if not held(leftover):
            leftover.unlink(missing_ok=True)


class BuildDatabaseIOManager(DuckDBPolarsIOManager):
    """Also holds the warehouse's refresh lock for the whole run (market_claims/locking.py)."""

    @contextmanager
    def yield_for_execution(self, context: InitResourceContext):
        build = Path(self.database).parent
        run_id = context.dagster_run.run_id if context.dagster_run is not None else None
        with ExitStack() as stack:
            if run_id:  # before waiting for the lock: a run waiting its turn is alive
                stack.enter_context(alive(run_alive_file(build / "runs", run_id)))
            waited = stack.enter_context(exclusive(build / "refresh.lock",
                                                   on_wait=context.log.warning if context.log else None))
            if waited > 1 and context.log:
                context.log.warning(f"waited {waited:.0f} s for another refresh of this warehouse")
            if context.instance is not None and run_id:
                _release_dead_runs(context, run_id, build / "runs")
            # DuckDB shares one database instance between connections of a process to the same file while one
            # is open: holding this one makes each of the run's ~90 connects cheap (0.2 ms instead of 15 ms).
            stack.enter_context(build_connection(Path(self.database)))
            yield stack.enter_context(super().yield_for_execution(context))

    @staticmethod
    def type_handlers() -> Sequence[DbTypeHandler]:
        return [EmptySafePolarsTypeHandler()]

    connection_config: dict = BUILD_CONFIG

    def create_io_manager(self, context) -> DbIOManager:
        return DbIOManager(db_client=BuildDatabaseClient(), database=self.database, schema=self.schema_,
                           type_handlers=self.type_handlers(), default_load_type=self.default_load_type(),
                           io_manager_name="BuildDatabaseIOManager")
