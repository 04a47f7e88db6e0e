"""The DuckDB IO manager for the build database: dagster-duckdb-polars, keeping empty tables.

dagster-duckdb-polars skips writing an empty DataFrame ("An empty table will not be created"),
so a run with no claims, or a price source that is down, leaves the next asset nothing to read
and fails it. Here an empty frame still creates (or empties) its table, with its columns.
"""

from collections.abc import Sequence

import polars as pl
from dagster import OutputContext
from dagster._core.storage.db_io_manager import DbTypeHandler, TableSlice
from dagster_duckdb_polars import DuckDBPolarsIOManager, DuckDBPolarsTypeHandler


class EmptySafePolarsTypeHandler(DuckDBPolarsTypeHandler):
    def handle_output(self, context: OutputContext, table_slice: TableSlice, obj: pl.DataFrame, connection):
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
