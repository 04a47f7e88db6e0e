"""Articles partitioned by ingestion day: range runs, idempotent re-runs, edited/removed/duplicate files, past days.

The ledger is written once by hand to place three seeds on an earlier day (a run can only ingest
new files on today's partition); everything after that is real runs of refresh_all.
"""

import pytest
import datetime as dt
import shutil
from pathlib import Path

import duckdb

from market_claims.ingestion import read_ledger, register_new_files, today_utc, write_ledger
from market_claims.settings import Settings

from .conftest import SEED_ARTICLES, failed_checks, materialise, pipeline_env, published_rows

EARLIER = dt.date(2026, 11, 20)


def _build(env, query):
    with duckdb.connect(str(Settings.from_env(env).build_database), read_only=True) as con:
        return con.execute(query).fetchall()


def _state(env):
    """Everything the partitioned tables hold, sorted, to compare runs."""
    return {table: _build(env, f"SELECT * EXCLUDE (ingestion_day), ingestion_day FROM {table} ORDER BY ALL")
            for table in ["raw_articles", "articles", "quarantine_articles", "claims", "figures", "quarantine_claims"]}


@pytest.mark.heavy(seconds=85)
def test_days_are_partitions_and_rerunning_one_changes_nothing(tmp_path):
    env = pipeline_env(tmp_path)
    folder = Path(env["MARKET_CLAIMS_ARTICLES_DIR"])
    seeds = sorted(p.name for p in folder.iterdir())
    ledger_path = Settings.from_env(env).ingestion_ledger
    write_ledger(ledger_path, register_new_files(read_ledger(ledger_path), seeds[:3], EARLIER))
    today = today_utc()

    result = materialise(env, EARLIER, today)  # a backfill over the range, in one run
    assert result.success, failed_checks(result)
    by_day = dict(_build(env, "SELECT ingestion_day, count(*) FROM articles GROUP BY 1"))
    assert by_day == {EARLIER: 3, today: 2}
    assert {d for (d,) in published_rows(env, "SELECT DISTINCT ingestion_day FROM claims")} == {EARLIER, today}
    before, published_before = _state(env), published_rows(env, "SELECT claim_id, verdict FROM claim_verdicts ORDER BY 1")

    assert materialise(env, EARLIER).success
    assert _state(env) == before, "re-running a day is idempotent"
    assert published_rows(env, "SELECT claim_id, verdict FROM claim_verdicts ORDER BY 1") == published_before

    # An edited file stays on its day: re-running that day replaces its rows, no copy elsewhere.
    edited = folder / seeds[1]
    edited.write_text(edited.read_text(encoding="utf-8")
                      + "\nLundi 27 janvier 2025, Apple a gagné 3,2 % à Wall Street.\n", encoding="utf-8")
    assert materialise(env, EARLIER).success
    rows = _build(env, f"SELECT ingestion_day, count(*) FROM claims WHERE source_file = '{seeds[1]}' AND ticker = 'AAPL' GROUP BY 1")
    assert rows == [(EARLIER, 1)]
    assert _build(env, "SELECT count(*) - count(DISTINCT claim_id) FROM claims") == [(0,)]
    assert _build(env, "SELECT count(*) FROM articles") == [(5,)]

    # A removed file is accounted for on its day; a copy of an earlier day's file is a duplicate.
    (folder / seeds[4]).unlink()
    shutil.copy(SEED_ARTICLES / seeds[0], folder / "zz_copy.txt")
    result = materialise(env, today)
    assert result.success, failed_checks(result)
    quarantined = dict(published_rows(env, "SELECT source_file, quarantine_rule FROM quarantine_articles"))
    assert quarantined == {seeds[4]: "removed_from_folder", "zz_copy.txt": "duplicate_content"}
    assert published_rows(env, f"SELECT count(*) FROM claims WHERE source_file = '{seeds[4]}'") == [(0,)]
    assert published_rows(env, "SELECT count(*) FROM article_files") == [(6,)]


def test_a_new_file_waits_for_todays_partition_when_a_past_day_is_run(tmp_path):
    env = pipeline_env(tmp_path)
    result = materialise(env, EARLIER)
    assert result.success
    assert _build(env, "SELECT count(*) FROM raw_articles") == [(0,)]
    [materialization] = [m for m in result.asset_materializations_for_node("raw_articles")]
    assert materialization.metadata["new_files_waiting_for_today"].value == 5
    assert read_ledger(Settings.from_env(env).ingestion_ledger).is_empty()

    assert materialise(env).success
    assert _build(env, "SELECT DISTINCT ingestion_day FROM raw_articles") == [(today_utc(),)]


def test_a_new_column_keeps_the_other_days_rows(tmp_path):
    """A table written by an older version (a column fewer) is migrated, not dropped: other days stay."""
    env = pipeline_env(tmp_path)
    ledger_path = Settings.from_env(env).ingestion_ledger
    first_seed = sorted(p.name for p in Path(env["MARKET_CLAIMS_ARTICLES_DIR"]).iterdir())[0]
    write_ledger(ledger_path, register_new_files(read_ledger(ledger_path), [first_seed], EARLIER))
    assert materialise(env, EARLIER, today_utc()).success
    with duckdb.connect(str(Settings.from_env(env).build_database)) as con:  # as an older version left it
        con.execute("ALTER TABLE claims DROP COLUMN sentence")
    earlier = _build(env, f"SELECT count(*) FROM claims WHERE ingestion_day = DATE '{EARLIER}'")[0][0]
    assert earlier > 0

    result = materialise(env)  # today only
    assert result.success, failed_checks(result)
    assert _build(env, f"SELECT count(*), count(sentence) FROM claims WHERE ingestion_day = DATE '{EARLIER}'") == [(earlier, 0)]
    today = _build(env, f"SELECT count(*), count(sentence) FROM claims WHERE ingestion_day = DATE '{today_utc()}'")[0]
    assert today[0] > 0 and today[0] == today[1]
