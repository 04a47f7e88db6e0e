"""Injected faults: kill -9 at several points of a refresh, a full disk, an unwritable warehouse.

Invariant after every fault: the published database is the previous consistent version and opens;
the next refresh completes with no duplicate row; errors are one clear line, not a traceback.
The price-source faults (outage, 429 storms, timeouts, empty answers) are in tests/test_pipeline.py
and tests/test_yfinance_live.py: the run completes on cached bars and pending claims are verified next run.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from market_claims.extraction_cache import PARALLEL_FROM
from market_claims.settings import PROJECT_ROOT

from ..conftest import SEED_ARTICLES
from ..tally import TRIED
from ..waiting import wait_for

sys.path.insert(0, str(PROJECT_ROOT / "bench"))
from corpus import write_corpus  # noqa: E402

CLI = str(Path(sys.executable).with_name("market-claims"))


def refresh_env(root: Path) -> dict[str, str]:
    home = root / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_ROOT / ".dagster" / "dagster.yaml", home / "dagster.yaml")
    if not (root / "articles").exists():
        shutil.copytree(SEED_ARTICLES, root / "articles")
    return os.environ | {"MARKET_CLAIMS_ARTICLES_DIR": str(root / "articles"), "MARKET_CLAIMS_WAREHOUSE_DIR": str(root / "warehouse"),
                         "MARKET_CLAIMS_PRICE_SOURCE": "snapshot", "DAGSTER_HOME": str(home), "GX_ANALYTICS_ENABLED": "false"}


def start_refresh(env) -> subprocess.Popen:
    return subprocess.Popen([CLI, "run"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def refresh(env) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, "run"], env=env, capture_output=True, text=True, timeout=600)


def published_state(root: Path) -> tuple:
    """(publication run id, row counts) of the published database, opened read-only as a user would."""
    with duckdb.connect(str(root / "warehouse" / "market_claims.duckdb"), read_only=True) as con:
        run_id = con.execute("SELECT run_id FROM _publication").fetchone()[0]
        counts = tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                       for t in ("articles", "claims", "claim_verdicts", "figures"))
        for table, key in (("articles", "article_id"), ("claims", "claim_id"), ("claim_verdicts", "claim_id"),
                           ("figures", "figure_id")):
            assert con.execute(f"SELECT count(*) - count(DISTINCT {key}) FROM {table}").fetchone()[0] == 0, table
    return run_id, counts


def kill_when(process: subprocess.Popen, ready, what: str) -> None:
    wait_for(ready, what, process, poll_seconds=0.002)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _workers_running(process: subprocess.Popen) -> bool:
    import psutil

    try:
        return any("multiprocessing" in " ".join(c.cmdline()) for c in psutil.Process(process.pid).children(recursive=True))
    except psutil.Error:
        return False


FAULT_POINTS = ("extraction", "a DuckDB write", "publication")


def _stat(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def start_refresh_until(env, warehouse: Path, point: str):
    """A refresh started now, and a test of whether it has reached `point` — recognised by what it changes on
    disk or in the process tree (a killed refresh leaves its write-ahead log and staging file behind)."""
    wal = warehouse / "build" / "build.duckdb.wal"
    wal_at_start = _stat(wal)
    staging_at_start = set(warehouse.glob(".market_claims.duckdb.tmp-*"))
    process = start_refresh(env)
    reached = {
        # enough new articles that extraction runs on worker processes for seconds
        "extraction": lambda: _workers_running(process),
        "a DuckDB write": lambda: (now := _stat(wal)) is not None and now != wal_at_start,
        "publication": lambda: bool(set(warehouse.glob(".market_claims.duckdb.tmp-*")) - staging_at_start),
    }[point]
    return process, reached


def _signal_refreshes(tmp_path: Path, cases: list[tuple[str, signal.Signals]], articles: int = 600) -> None:
    """SIGTERM (what a scheduler or `systemctl stop` sends) and SIGINT (Ctrl-C) end the run — the wait has
    no time bound, pytest-timeout guards a hang — and the next refresh completes."""
    env = refresh_env(tmp_path)
    if not (tmp_path / "warehouse" / "market_claims.duckdb").exists():
        assert refresh(env).returncode == 0
    for n, (point, signum) in enumerate(cases):
        write_corpus(tmp_path / "articles", articles, seed=100 + n, start=50_000 + 5000 * n)
        process, reached = start_refresh_until(env, tmp_path / "warehouse", point)
        wait_for(reached, point, process, poll_seconds=0.002)
        process.send_signal(signum)
        process.communicate()
        TRIED[f"fault: {signum.name} during {point}"] += 1
        done = refresh(env)
        assert done.returncode == 0, f"the refresh after {signum.name} during {point} failed: {done.stderr[-3000:]}"
        published_state(tmp_path)


@pytest.mark.slow
def test_sigterm_and_sigint_at_every_point(tmp_path):
    _signal_refreshes(tmp_path, [(point, signum) for point in FAULT_POINTS for signum in (signal.SIGTERM, signal.SIGINT)])


@pytest.mark.heavy(seconds=240)
def test_kill_9_during_extraction_a_write_and_publication_leaves_the_previous_version(tmp_path):
    """Killed one after the other: each killed refresh is also the refresh after the previous kill, so it had
    to get past that point (extraction, then the writes, then publication) on what the kills left behind."""
    env = refresh_env(tmp_path)
    assert refresh(env).returncode == 0
    warehouse = tmp_path / "warehouse"
    before = published_state(tmp_path)
    added = 0
    for n, point in enumerate(FAULT_POINTS):
        # New work for the refresh we kill: enough that extraction runs on worker processes (PARALLEL_FROM)
        # for the extraction point; a write and a publication happen with any new article.
        new = PARALLEL_FROM + 100 if point == "extraction" else 100
        added += write_corpus(tmp_path / "articles", new, seed=n, start=10_000 * n)
        process, reached = start_refresh_until(env, warehouse, point)
        kill_when(process, reached, point)
        TRIED[f"fault: kill -9 during {point}"] += 1
        assert published_state(tmp_path) == before, f"the published version changed after a kill during {point}"
    done = refresh(env)
    assert done.returncode == 0, f"the refresh after the kills failed: {done.stderr[-3000:]}"
    after = published_state(tmp_path)
    assert after[0] != before[0] and after[1][0] == before[1][0] + added
    assert not list(warehouse.glob(".market_claims.duckdb.tmp-*")), "a killed publication's staging file was left"
    # And SIGTERM, on the same warehouse (every point × SIGTERM and SIGINT: test_sigterm_and_sigint_at_every_point).
    _signal_refreshes(tmp_path, [("a DuckDB write", signal.SIGTERM)], articles=100)


def test_a_full_disk_is_a_clear_error_and_the_published_version_stays(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    # A 30 MB disk for the warehouse only: the seeds fit (about 24 MB at the peak of a publication).
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=30m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root): the disk-full case is not exercised")
    try:
        env = refresh_env(tmp_path) | {"MARKET_CLAIMS_WAREHOUSE_DIR": str(mount / "warehouse")}
        first = refresh(env)
        assert first.returncode == 0, first.stderr[-2000:]
        before = published_state(mount)
        # The disk nearly full (a ballast file leaves 1 MB) and new work: the refresh's next writes do not fit.
        disk = os.statvfs(mount)
        with (mount / "ballast").open("wb") as ballast:
            for _ in range(max(0, disk.f_bavail * disk.f_frsize - 2**20) // 2**20):
                ballast.write(b"\0" * 2**20)
        write_corpus(tmp_path / "articles", 100)
        TRIED["fault: disk full"] += 1
        failed = refresh(env)
        assert failed.returncode == 1
        assert "No space left on device" in failed.stderr, failed.stderr[-2000:]
        assert published_state(mount) == before
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_an_unwritable_warehouse_is_one_clear_line(tmp_path):
    TRIED["fault: unwritable warehouse"] += 1
    env = refresh_env(tmp_path) | {"MARKET_CLAIMS_WAREHOUSE_DIR": "/proc/market-claims-warehouse"}
    done = refresh(env)
    assert done.returncode == 1
    assert "error: cannot write /proc/market-claims-warehouse" in done.stderr
    assert "Traceback" not in done.stderr


def _leave_a_dead_runs_pending_step(home: Path) -> str:
    """The state a kill -9 between two steps leaves: the dead run's next step waits in the warehouse pool,
    assigned the free slot but never claiming it. Made through Dagster's own storage, as a run would."""
    from dagster import DagsterInstance, DagsterRunStatus

    from assets import WAREHOUSE_POOL

    from dagster._core.storage.dagster_run import DagsterRun

    with DagsterInstance.from_config(str(home)) as instance:  # a run record only: no process ever runs it
        run = instance.add_run(DagsterRun(job_name="refresh_all", run_id="dead0000-0000-0000-0000-000000000000",
                                          status=DagsterRunStatus.STARTED))
        storage = instance.event_log_storage
        storage.claim_concurrency_slot(WAREHOUSE_POOL, "holder00-0000-0000-0000-000000000000", "a_step")
        assert not storage.claim_concurrency_slot(WAREHOUSE_POOL, run.run_id, "claims").is_claimed
        storage.free_concurrency_slot_for_step("holder00-0000-0000-0000-000000000000", "a_step")
        info = storage.get_concurrency_info(WAREHOUSE_POOL)
        assert [p.run_id for p in info.pending_steps] == [run.run_id] and not info.claimed_slots
        return run.run_id


def test_a_dead_runs_step_waiting_in_the_pool_does_not_hang_the_next_run(tmp_path):
    """A kill -9 between two steps (the issue's hang): the next run frees the dead run's pending step."""
    from dagster import DagsterInstance

    env = refresh_env(tmp_path)
    dead = _leave_a_dead_runs_pending_step(tmp_path / "dagster_home")
    TRIED["fault: a dead run's step left waiting in the pool"] += 1
    try:
        done = subprocess.run([CLI, "run"], env=env, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        pytest.fail("the run after a dead run's pending step hung")
    assert done.returncode == 0, done.stderr[-3000:]
    with DagsterInstance.from_config(str(tmp_path / "dagster_home")) as instance:
        assert instance.get_run_by_id(dead).is_finished, "the dead run was not marked failed"


def _random_kills(tmp_path: Path, kills: int, seed: int) -> None:
    """Kill -9 a refresh at a random moment, then run a normal refresh: it completes, the published database
    opens, no id is duplicated — wherever the kill landed (a step, between two steps, publication)."""
    import random

    rng = random.Random(seed)
    env = refresh_env(tmp_path)
    started = time.monotonic()
    assert refresh(env).returncode == 0
    span = max(2.0, time.monotonic() - started)  # how long a refresh takes here: the kills land inside one
    for n in range(kills):
        write_corpus(tmp_path / "articles", 40, seed=1000 + n, start=1000 * (n + 1))  # new work for the victim
        process = start_refresh(env)
        wait_for(lambda: (tmp_path / "warehouse" / "build" / "refresh.lock").exists(), "the refresh started", process)
        time.sleep(rng.uniform(0, span))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        TRIED["fault: kill -9 at a random moment"] += 1
        done = refresh(env)
        assert done.returncode == 0, f"the refresh after kill {n + 1} failed: {done.stderr[-3000:]}"
        published_state(tmp_path)  # opens, and no duplicate ids


@pytest.mark.slow
def test_twenty_random_kills(tmp_path):
    _random_kills(tmp_path, kills=20, seed=20251201)


def test_a_read_only_warehouse_is_one_clear_line(tmp_path):
    env = refresh_env(tmp_path)
    assert refresh(env).returncode == 0
    mount = tmp_path / "read-only"
    mount.mkdir()
    if subprocess.run(["mount", "--bind", "-o", "ro", str(tmp_path / "warehouse"), str(mount)], capture_output=True).returncode:
        pytest.skip("cannot bind-mount read-only here (needs root): the read-only case is not exercised")
    try:
        TRIED["fault: read-only warehouse"] += 1
        done = refresh(env | {"MARKET_CLAIMS_WAREHOUSE_DIR": str(mount)})
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1, done.stderr[-2000:]
    assert lines[0].startswith(f"error: cannot write {mount}") and lines[0].endswith("Read-only file system"), lines


def test_bad_settings_are_one_clear_line(tmp_path, monkeypatch, capsys):
    from market_claims.cli import main

    for key, value in refresh_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    for variable, value in (("MARKET_CLAIMS_PRICE_SOURCE", "bogus"), ("MARKET_CLAIMS_PRICE_ATTEMPTS", "abc"),
                            ("MARKET_CLAIMS_PRICE_BACKOFF_SECONDS", "-1"), ("MARKET_CLAIMS_EXTRACT_WORKERS", "2.5")):
        TRIED["fault: a bad setting"] += 1
        with monkeypatch.context() as setting:
            setting.setenv(variable, value)
            assert main(["run"]) == 2
        lines = capsys.readouterr().err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {variable}="), lines


def test_a_live_run_with_no_route_to_yahoo_warns_and_names_the_network(tmp_path):
    """Every fetch fails (Yahoo's address refuses connections): the run completes, says so in a warning, and
    every ticker's error names the connection failure, not yfinance's "possibly delisted"."""
    import socket

    with socket.socket() as s:  # a port nobody listens on: connections are refused
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    env = refresh_env(tmp_path) | {"MARKET_CLAIMS_PRICE_SOURCE": "yfinance",
                                   "MARKET_CLAIMS_YAHOO_BASE_URL": f"http://127.0.0.1:{closed}",
                                   "MARKET_CLAIMS_PRICE_ATTEMPTS": "1"}
    TRIED["fault: no route to the price source"] += 1
    done = refresh(env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "price windows could not be fetched" in done.stderr and "Connection refused" in done.stderr
    with duckdb.connect(str(tmp_path / "warehouse" / "market_claims.duckdb"), read_only=True) as con:
        errors = [e for (e,) in con.execute("SELECT error FROM price_coverage WHERE status = 'failed'").fetchall()]
    assert len(errors) > 2 and all("Connection refused" in e or "Max retries" in e for e in errors), errors[:3]
