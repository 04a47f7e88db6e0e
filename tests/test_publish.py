"""Publishing swaps whole files: a reader keeps its consistent view while a new version lands."""

import duckdb
import polars as pl

from market_claims.publish import publish_tables


def test_reader_keeps_its_view_and_new_readers_see_the_new_version(tmp_path):
    database, parquet = tmp_path / "market_claims.duckdb", tmp_path / "published"
    publish_tables({"claims": pl.DataFrame({"x": [1, 2]})}, database, parquet, "run-1")
    reader = duckdb.connect(str(database), read_only=True)
    try:
        publish_tables({"claims": pl.DataFrame({"x": [1, 2, 3]})}, database, parquet, "run-2")
        assert reader.execute("SELECT count(*) FROM claims").fetchone() == (2,)
        assert reader.execute("SELECT run_id FROM _publication").fetchone() == ("run-1",)
    finally:
        reader.close()
    with duckdb.connect(str(database), read_only=True) as fresh:
        assert fresh.execute("SELECT count(*), (SELECT run_id FROM _publication) FROM claims").fetchone() == (3, "run-2")
    assert pl.read_parquet(parquet / "claims.parquet").height == 3
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_a_reader_holds_its_view_and_is_never_blocked_during_a_full_refresh(tmp_path):
    """A real refresh of the seeds while one connection stays open and another opens, queries and closes in a loop."""
    import threading
    import time

    from .conftest import materialise, pipeline_env

    env = pipeline_env(tmp_path)
    assert materialise(env).success
    database = tmp_path / "warehouse" / "market_claims.duckdb"
    held = duckdb.connect(str(database), read_only=True)
    first_run = held.execute("SELECT run_id FROM _publication").fetchone()
    first_counts = held.execute("SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM claim_verdicts)").fetchone()
    (tmp_path / "articles" / "zz_new.txt").write_text(
        "Nouvel article\n\nLundi 27 janvier 2025, Microsoft a reculé de 2,1 % et Apple a gagné 3,2 %.\n", encoding="utf-8")
    latencies, errors, done = [], [], threading.Event()

    def poll():
        while not done.is_set():
            started = time.perf_counter()
            try:
                with duckdb.connect(str(database), read_only=True) as con:
                    claims, verdicts = con.execute(
                        "SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM claim_verdicts)").fetchone()
                    assert claims == verdicts, "a half-written publication"
            except Exception as exc:  # noqa: BLE001 — any failure to read is what this test looks for
                errors.append(repr(exc))
            latencies.append(time.perf_counter() - started)
            time.sleep(0.02)

    reader = threading.Thread(target=poll)
    reader.start()
    try:
        assert materialise(env).success
    finally:
        done.set()
        reader.join()
    try:
        # The held connection still sees the version it opened, whole.
        assert held.execute("SELECT run_id FROM _publication").fetchone() == first_run
        assert held.execute("SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM claim_verdicts)").fetchone() == first_counts
    finally:
        held.close()
    assert errors == []
    assert len(latencies) > 20 and max(latencies) < 1.0, f"slowest read {max(latencies):.3f} s"
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == first_counts[0] + 2
