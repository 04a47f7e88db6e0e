"""Publishing swaps whole files: a reader keeps its consistent view while a new version lands."""

import datetime as dt
import os

import duckdb
import polars as pl

from market_claims.publish import Table, publish_build


D1, D2 = dt.date(2026, 11, 24), dt.date(2026, 11, 25)
TABLES = [Table("claims"), Table("article_files", source="raw_articles", exclude=("raw_text",)), Table("prices")]


def build(path, claims: list[tuple[str, dt.date]], prices: int = 2):
    """A build database as runs leave it: claims and raw_articles partitioned by ingestion_day, prices not."""
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE OR REPLACE TABLE claims (claim_id VARCHAR, ingestion_day DATE)")
        con.executemany("INSERT INTO claims VALUES (?, ?)", claims)
        con.execute("CREATE OR REPLACE TABLE raw_articles AS "
                    "SELECT claim_id AS source_file, 'secret text' AS raw_text, ingestion_day FROM claims")
        con.execute(f"CREATE OR REPLACE TABLE prices AS SELECT range AS close FROM range({prices})")


def published(database, sql):
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_reader_keeps_its_view_and_new_readers_see_the_new_version(tmp_path):
    source, database, parquet = tmp_path / "build.duckdb", tmp_path / "market_claims.duckdb", tmp_path / "published"
    build(source, [("a", D1), ("b", D2)])
    assert publish_build(source, database, parquet, "run-1", TABLES, (D1, D2)).mode == "full"
    reader = duckdb.connect(str(database), read_only=True)
    try:
        build(source, [("a", D1), ("b", D2), ("c", D2)], prices=3)
        outcome = publish_build(source, database, parquet, "run-2", TABLES, (D2, D2))
        assert (outcome.mode, outcome.row_counts["claims"]) == ("incremental", 3)
        assert reader.execute("SELECT count(*) FROM claims").fetchone() == (2,)
        assert reader.execute("SELECT run_id FROM _publication").fetchone() == ("run-1",)
    finally:
        reader.close()
    assert published(database, "SELECT count(*), (SELECT run_id FROM _publication) FROM claims") == [(3, "run-2")]
    assert published(database, "SELECT count(*) FROM prices") == [(3,)]
    assert "raw_text" not in {row[0] for row in published(database, "DESCRIBE article_files")}
    # Parquet: a folder per day for partitioned tables, read back whole with hive partitioning.
    assert pl.read_parquet(parquet / "claims" / "**" / "*.parquet", hive_partitioning=True).height == 3
    assert pl.read_parquet(parquet / "prices.parquet").height == 3
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_an_incremental_publication_touches_only_the_run_days_and_leaves_the_old_parquet_intact(tmp_path):
    source, database, parquet = tmp_path / "build.duckdb", tmp_path / "market_claims.duckdb", tmp_path / "published"
    build(source, [("a", D1), ("b", D2)])
    publish_build(source, database, parquet, "run-1", TABLES, (D1, D2))
    old_day2 = next((parquet / "claims" / f"ingestion_day={D2}").iterdir())
    kept = tmp_path / "old-day2.parquet"
    os.link(old_day2, kept)  # a reader's handle on the previous version's file
    build(source, [("a", D1), ("b2", D2)])
    assert publish_build(source, database, parquet, "run-2", TABLES, (D2, D2)).mode == "incremental"
    assert published(database, "SELECT claim_id FROM claims ORDER BY 1") == [("a",), ("b2",)]
    assert pl.read_parquet(kept)["claim_id"].to_list() == ["b"], "the previous version's file was written over"
    assert sorted(pl.read_parquet(parquet / "claims" / "**" / "*.parquet")["claim_id"]) == ["a", "b2"]


def test_a_publication_that_disagrees_with_the_build_outside_the_run_days_is_redone_whole(tmp_path):
    source, database, parquet = tmp_path / "build.duckdb", tmp_path / "market_claims.duckdb", tmp_path / "published"
    build(source, [("a", D1), ("b", D2)])
    publish_build(source, database, parquet, "run-1", TABLES, (D1, D2))
    build(source, [("a", D1), ("a2", D1), ("b", D2)])  # day 1 changed, but the run says day 2 only
    outcome = publish_build(source, database, parquet, "run-2", TABLES, (D2, D2))
    assert outcome.mode == "full" and "other days of claims differ" in outcome.reason
    assert published(database, "SELECT count(*) FROM claims") == [(3,)]


def test_a_reader_holds_its_view_and_is_never_blocked_during_a_full_refresh(tmp_path, monkeypatch):
    """A real refresh of the seeds while one connection stays open, another opens, queries and closes in a
    loop, and another process reads the published file at the last moment before the commit."""
    import subprocess
    import sys
    import threading

    import market_claims.publish as publish

    from .conftest import materialise, pipeline_env

    env = pipeline_env(tmp_path)
    assert materialise(env).success
    database = tmp_path / "warehouse" / "market_claims.duckdb"
    held = duckdb.connect(str(database), read_only=True)
    first_run = held.execute("SELECT run_id FROM _publication").fetchone()
    first_counts = held.execute("SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM claim_verdicts)").fetchone()
    (tmp_path / "articles" / "zz_new.txt").write_text(
        "Nouvel article\n\nLundi 27 janvier 2025, Microsoft a reculé de 2,1 % et Apple a gagné 3,2 %.\n", encoding="utf-8")

    # The moment before the commit: the new version is written and flushed, the rename not yet done.
    # Another process opens the published file then, as a user would: its query must come back, with
    # the previous version, before the writer goes on. An ordering, not a time bound.
    before_commit = []
    real_fsync = publish._fsync

    def fsync_then_read(path):
        real_fsync(path)
        if path.name.startswith(f".{database.name}.tmp-"):
            before_commit.append(subprocess.run(
                [sys.executable, "-c", "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
                 "print(con.execute('SELECT run_id FROM _publication').fetchone()[0])", str(database)],
                capture_output=True, text=True, timeout=300))

    monkeypatch.setattr(publish, "_fsync", fsync_then_read)
    reads, errors, done = [], [], threading.Event()

    def poll():
        while not done.wait(0.01):
            try:
                with duckdb.connect(str(database), read_only=True) as con:
                    claims, verdicts = con.execute(
                        "SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM claim_verdicts)").fetchone()
                    assert claims == verdicts, "a half-written publication"
                    reads.append(claims)
            except Exception as exc:  # noqa: BLE001 — any failure to read is what this test looks for
                errors.append(repr(exc))

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
    assert [r.returncode for r in before_commit] == [0], [r.stderr[-2000:] for r in before_commit]
    assert before_commit[0].stdout.strip() == first_run[0], "the reader before the commit saw the new version"
    assert errors == [] and reads and set(reads) <= {first_counts[0], first_counts[0] + 2}
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == first_counts[0] + 2
