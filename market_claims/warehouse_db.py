"""Connections to the build database, all with one configuration.

DuckDB keeps one database instance per file and process while a connection to it is open, and hands
it to later connections only when their configuration is the same; a file attached from another
instance is refused ("Unique file handle conflict"). So every connection of the product to the build
database opens it through here.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

# dagster-duckdb sets its own user agent unless the IO manager's connection_config names one.
BUILD_CONFIG = {"custom_user_agent": "market-claims"}


def build_connection(database: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(database), config=dict(BUILD_CONFIG))
