"""Users' queries on the published database: read it, and nothing else.

`market-claims sql` takes SQL from whoever types it. A read-only connection alone still lets a query
read any file (`read_text('/etc/shadow')`), write one (`COPY … TO`), attach and write the build
database, load extensions or change settings. So the connection has no file system access beyond
its own database, no extension loading, and a locked configuration; and only queries are let
through (SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN), as DuckDB's own parser classifies them,
so a `PRAGMA` that changes a setting or a `CALL` is refused before it runs.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

LOCKED_DOWN = {
    "enable_external_access": False,   # no file but the database itself: read_text, COPY, ATTACH, replacement scans
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
    "lock_configuration": True,        # last: no SET or RESET can undo the above
}
QUERY_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


class RefusedQuery(ValueError):
    """A statement that is not a query, or a query the locked-down connection refused; the message is one line."""


def connect_published(database: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(database), read_only=True, config=dict(LOCKED_DOWN))


def query_published(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyRelation | None:
    """Run one or more queries (the last one's result is returned), or raise RefusedQuery before running any."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise RefusedQuery(_first_line(exc)) from None
    if not statements:
        raise RefusedQuery("no statement given")
    for statement in statements:
        if statement.type not in QUERY_STATEMENTS:
            kind = statement.type.name
            raise RefusedQuery(f"only queries are allowed on the published database (SELECT, WITH, DESCRIBE, SHOW, "
                               f"SUMMARIZE, EXPLAIN): a {kind} statement is refused")
    try:
        result = None
        for statement in statements:
            result = con.sql(statement.query)
        return result
    except duckdb.Error as exc:
        raise RefusedQuery(_first_line(exc)) from None


def _first_line(exc: Exception) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
