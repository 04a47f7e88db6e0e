"""The `market-claims` console command."""

import csv
import datetime as dt
import io
import json

import pytest

from market_claims.cli import main
from market_claims.schemas import unpartitioned_schema

from .conftest import SEED_ARTICLES


def test_extract_prints_the_claims_of_any_files_as_json_csv_and_table(capsys, tmp_path):
    article = next(SEED_ARTICLES.glob("004_*.txt"))
    assert main(["extract", str(article), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert list(rows[0]) == list(unpartitioned_schema("claims"))
    assert {(r["ticker"], r["kind"], r["value"]) for r in rows} >= {("ORCL", "price_move", -0.14), ("CSCO", "price_move", -0.05)}
    assert all(r["source_file"] == str(article) for r in rows)

    assert main(["extract", str(article), "--format", "csv"]) == 0
    assert len(list(csv.DictReader(io.StringIO(capsys.readouterr().out)))) == len(rows)

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00binary")
    assert main(["extract", str(article), str(bad)]) == 2
    out, err = capsys.readouterr()
    assert f"{len(rows)} claims from 1 of 2 files" in out and "bad.txt: not extracted: binary content" in err


def test_run_materialises_publishes_and_prints_the_verdicts(capsys, monkeypatch, tmp_path):
    from .conftest import pipeline_env

    for key, value in pipeline_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    assert main(["run"]) == 0
    out, err = capsys.readouterr()
    assert "verdicts: " in out and "accurate" in out
    assert "warning: prices / no_missing_sessions" in err  # reported, not fatal
    assert (tmp_path / "warehouse" / "market_claims.duckdb").exists()
    assert "ingestion day " in out


@pytest.mark.heavy(seconds=50)
def test_backfill_reruns_a_range_of_days_and_refuses_an_empty_one(capsys, monkeypatch, tmp_path):
    from market_claims.ingestion import today_utc

    from .conftest import pipeline_env, published_rows

    env = pipeline_env(tmp_path)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    today = today_utc()
    assert main(["backfill", "--from", str(today - dt.timedelta(days=3))]) == 0
    out, _ = capsys.readouterr()
    assert f"ingestion days {today - dt.timedelta(days=3)} .. {today}" in out
    verdicts = published_rows(env, "SELECT claim_id, verdict FROM claim_verdicts ORDER BY 1")
    assert main(["backfill"]) == 0  # from the first day ingested: today
    assert published_rows(env, "SELECT claim_id, verdict FROM claim_verdicts ORDER BY 1") == verdicts
    assert main(["backfill", "--from", str(today), "--to", str(today - dt.timedelta(days=1))]) == 2
    with pytest.raises(SystemExit):
        main(["backfill", "--from", "27/01/2025"])


@pytest.mark.heavy(seconds=250)
def test_run_on_the_multiprocess_executor_publishes_the_same_verdicts(monkeypatch, tmp_path):
    """`--processes 2`: the same job on Dagster's multiprocess executor (each step in its own process) —
    configuration only, same publication. Step processes fork from a server that imported the code location."""
    import shutil

    from dagster import DagsterInstance

    from market_claims.settings import PROJECT_ROOT

    from .conftest import materialise, pipeline_env, published_rows

    in_process = pipeline_env(tmp_path / "in_process")  # its own baseline: no wait for the seeded run's worker
    assert materialise(in_process).success
    env = pipeline_env(tmp_path)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / ".dagster" / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    assert main(["run", "--processes", "2"]) == 0
    with DagsterInstance.get() as instance:
        [run] = instance.get_runs()
        multiprocess = run.run_config["execution"]["config"]["multiprocess"]
        assert multiprocess["max_concurrent"] == 2 and "forkserver" in multiprocess["start_method"]
    verdicts = "SELECT claim_id, verdict, round(actual_value, 9) FROM claim_verdicts ORDER BY claim_id"
    assert published_rows(env, verdicts) == published_rows(in_process, verdicts)


@pytest.mark.heavy(seconds=50)
def test_run_judges_again_the_days_whose_bars_were_corrected(capsys, monkeypatch, tmp_path):
    """Seeds judged on an earlier day; NVDA's snapshot file is then corrected: the next `run` reads the file
    again and judges that earlier day again, on the corrected close."""
    import shutil

    from market_claims.ingestion import read_ledger, register_new_files, write_ledger
    from market_claims.settings import PROJECT_ROOT, Settings

    from .conftest import pipeline_env, published_rows

    prices = tmp_path / "prices"
    shutil.copytree(PROJECT_ROOT / "seeds" / "prices", prices)
    env = pipeline_env(tmp_path) | {"MARKET_CLAIMS_PRICES_DIR": str(prices)}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    earlier = dt.date(2026, 11, 20)
    ledger = Settings.from_env(env).ingestion_ledger
    seeds = sorted(path.name for path in SEED_ARTICLES.glob("*.txt"))
    write_ledger(ledger, register_new_files(read_ledger(ledger), seeds, earlier))
    assert main(["backfill", "--from", str(earlier), "--to", str(earlier)]) == 0
    query = ("SELECT DISTINCT close FROM claim_verdicts WHERE ticker = 'NVDA' AND bar_date = '2025-01-27' "
             "AND ingestion_day = '2026-11-20'")
    assert published_rows(env, query) == [(118.41999816894531,)]
    nvda = prices / "NVDA.csv"
    nvda.write_text(nvda.read_text().replace(",118.41999816894531,", ",118.5,", 1))  # 27 January's close
    capsys.readouterr()
    assert main(["run"]) == 0
    assert "judging again 1 day(s) whose verdicts rest on bars since corrected: 2026-11-20" in capsys.readouterr().err
    assert published_rows(env, query) == [(118.5,)]
