"""Concurrency: two refreshes started at once (one waits, none corrupts), the sensor during a run,
and a reader held through a refresh (tests/test_publish.py holds one through a full refresh)."""

from __future__ import annotations

import time

import pytest

from dagster import RunRequest, SkipReason, build_sensor_context

from market_claims.locking import held
from pipelines.resources import MarketClaimsConfig
from pipelines.sensors import articles_inbox_sensor

from ..tally import TRIED
from .test_faults import published_state, refresh, refresh_env, start_refresh


@pytest.mark.heavy(seconds=50)
def test_two_refreshes_at_once_one_waits_and_nothing_is_corrupted(tmp_path):
    env = refresh_env(tmp_path)
    first, second = start_refresh(env), start_refresh(env)
    outputs = [p.communicate(timeout=600) for p in (first, second)]
    TRIED["concurrency: two refreshes at once"] += 1
    assert first.returncode == 0 and second.returncode == 0, [err[-2000:] for _, err in outputs]
    assert any("waiting for it to finish" in err for _, err in outputs), "neither refresh waited for the other"
    run_id, counts = published_state(tmp_path)
    assert counts[0] == 5


@pytest.mark.heavy(seconds=65)
def test_the_sensor_answers_while_a_refresh_is_running(tmp_path):
    """Not a time bound: a tick that starts and ends while the run holds its lock did not wait for the run."""
    env = refresh_env(tmp_path)
    project = MarketClaimsConfig(articles_dir=env["MARKET_CLAIMS_ARTICLES_DIR"], warehouse_dir=env["MARKET_CLAIMS_WAREHOUSE_DIR"])
    lock = tmp_path / "warehouse" / "build" / "refresh.lock"
    process = start_refresh(env)
    try:
        while not (lock.exists() and lock.read_text().startswith("pid")):
            assert process.poll() is None, process.stderr.read()[-2000:]
            time.sleep(0.01)
        answers, inside_the_run = [], 0
        while process.poll() is None:  # a tick every 200 ms for the whole run
            held_before = held(lock)
            answers.append(articles_inbox_sensor(build_sensor_context(resources={"project": project})))
            inside_the_run += held_before and held(lock)
            TRIED["concurrency: sensor ticks during a run"] += 1
            time.sleep(0.2)
        assert process.returncode == 0, process.stderr.read()[-2000:]
        assert answers and all(isinstance(a, (RunRequest, SkipReason)) for a in answers)
        assert inside_the_run > 0, "no tick both started and ended while the run held the lock"
    finally:
        if process.poll() is None:
            process.kill()
    # The run has ingested the seeds: the sensor now has nothing to ask.
    assert isinstance(articles_inbox_sensor(build_sensor_context(resources={"project": project})), SkipReason)
    assert refresh(env).returncode == 0
