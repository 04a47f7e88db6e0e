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
