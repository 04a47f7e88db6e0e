"""The DuckDB IO manager for the build database: dagster-duckdb-polars, keeping empty tables and
following schema changes.

dagster-duckdb-polars skips writing an empty DataFrame ("An empty table will not be created"),
so a run with no claims, or a price source that is down, leaves the next asset nothing to read
and fails it; and it inserts into an existing table, so a new version of the product that adds a
column fails on the old build database. Here an empty frame still creates (or empties) its
table, with its columns, and a table whose columns changed is recreated.
"""

from collections.abc import Sequence

import polars as pl
from dagster import OutputContext
from dagster._core.storage.db_io_manager import DbTypeHandler, TableSlice
from dagster_duckdb_polars import DuckDBPolarsIOManager, DuckDBPolarsTypeHandler


class EmptySafePolarsTypeHandler(DuckDBPolarsTypeHandler):
    def handle_output(self, context: OutputContext, table_slice: TableSlice, obj: pl.DataFrame, connection):
        existing = [row[0] for row in connection.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
            "ORDER BY ordinal_position", [table_slice.schema, table_slice.table]).fetchall()]
        if existing and existing != obj.columns:
            context.log.info(f"columns of {table_slice.table} changed: recreating it")
            connection.execute(f'DROP TABLE "{table_slice.schema}"."{table_slice.table}"')
        if not obj.is_empty():
            return super().handle_output(context, table_slice, obj, connection)
        empty = obj.to_arrow()  # noqa: F841  # read by name in the SQL below
        connection.execute(f"create schema if not exists {table_slice.schema};")
        connection.execute(f"create table if not exists {table_slice.schema}.{table_slice.table} as select * from empty;")
        context.add_output_metadata({"row_count": 0})


class BuildDatabaseIOManager(DuckDBPolarsIOManager):
    @staticmethod
    def type_handlers() -> Sequence[DbTypeHandler]:
        return [EmptySafePolarsTypeHandler()]
