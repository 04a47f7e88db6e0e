"""The run log: one row per finished run (success or failure, with the reason), for people, not just the UI.

Written by the run-status sensors into warehouse/run_log.duckdb, and exported after each write
to warehouse/run_log.parquet (written aside and renamed), which publication copies and readers
can open while a run writes: DuckDB allows no reader beside a writing process.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb

SCHEMA = """
CREATE TABLE IF NOT EXISTS run_log (
    run_id VARCHAR PRIMARY KEY, job_name VARCHAR, status VARCHAR, started_at TIMESTAMPTZ, ended_at TIMESTAMPTZ,
    message VARCHAR, recorded_at TIMESTAMPTZ
)
"""


def record_run(database: Path, run_id: str, job_name: str, status: str, started_at: dt.datetime | None,
               ended_at: dt.datetime | None, message: str | None) -> None:
    database.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(database)) as con:
        con.execute(SCHEMA)
        con.execute("INSERT OR REPLACE INTO run_log VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [run_id, job_name, status, started_at, ended_at, message, dt.datetime.now(dt.timezone.utc)])
        export = database.with_suffix(".parquet")
        staging = export.with_name(f".{export.name}.{os.getpid()}.tmp")
        con.execute(f"COPY (SELECT * FROM run_log ORDER BY recorded_at) TO '{staging}' (FORMAT parquet)")
    os.replace(staging, export)
