"""Shared fixtures: the acceptance files from ../shared, and one real materialisation in a temp dir."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import duckdb
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

from market_claims.settings import PROJECT_ROOT  # noqa: E402

from .tally import TRIED  # noqa: E402

SEED_ARTICLES = PROJECT_ROOT / "seeds" / "articles"


def shared_dir() -> Path:
    return Path(os.environ.get("MARKET_CLAIMS_SHARED", PROJECT_ROOT.parent / "shared"))


def read_acceptance_csv(name: str) -> list[dict]:
    path = shared_dir() / "seeds" / name
    if not path.is_file():
        pytest.fail(f"acceptance file {path} is missing: put ../shared beside the clone or set MARKET_CLAIMS_SHARED")
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def expected_claims() -> list[dict]:
    return read_acceptance_csv("expected_claims.csv")


@pytest.fixture(scope="session")
def not_price_claims() -> list[dict]:
    return read_acceptance_csv("not_price_claims.csv")


def pipeline_env(root: Path, articles_dir: Path | None = None) -> dict[str, str]:
    """Environment for build_definitions: its own articles copy and warehouse under `root`."""
    if articles_dir is None:
        articles_dir = root / "articles"
        shutil.copytree(SEED_ARTICLES, articles_dir)
    return {
        "MARKET_CLAIMS_ARTICLES_DIR": str(articles_dir),
        "MARKET_CLAIMS_PRICES_DIR": str(PROJECT_ROOT / "seeds" / "prices"),
        "MARKET_CLAIMS_PRICE_SOURCE": "snapshot",
        "MARKET_CLAIMS_WAREHOUSE_DIR": str(root / "warehouse"),
    }


def materialise(env: dict[str, str], first=None, last=None):
    """Run refresh_all in-process on a throwaway Dagster instance for ingestion days first..last (default today)."""
    from dagster import DagsterInstance

    from assets.partitions import partition_tags
    from market_claims.ingestion import today_utc
    from pipelines.definitions import build_definitions

    first = first or today_utc()
    job = build_definitions(env).resolve_job_def("refresh_all")
    with DagsterInstance.ephemeral() as instance:
        return job.execute_in_process(instance=instance, raise_on_error=False,
                                      tags=partition_tags(first, last or first))


def failed_checks(result) -> dict[str, dict]:
    """Check name -> metadata of every check that did not pass (for assertion messages)."""
    return {e.event_specific_data.check_name: {k: v.value for k, v in e.event_specific_data.metadata.items()}
            for e in result.all_events
            if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.passed}


def published_rows(env: dict[str, str], query: str) -> list[tuple]:
    database = Path(env["MARKET_CLAIMS_WAREHOUSE_DIR"]) / "market_claims.duckdb"
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(query).fetchall()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Order for the parallel run (tests are independent; pytest-randomly shuffles them inside this wrapper):
    the tests reading the seeded run go to one worker (one materialisation, not one per worker), and the
    heavy end-to-end cases start first, longest first, so no worker is left with a long one at the end."""
    for item in items:
        if "seeded_run" in item.fixturenames:
            item.add_marker(pytest.mark.xdist_group("seeded_run"))
    result = yield
    items.sort(key=_start_order)
    return result


def _start_order(item) -> tuple[bool, float]:
    """Heavy cases first, the longest first (`heavy(seconds=…)`, measured with --durations): xdist deals
    the first tests out round-robin, so the longest ones start at once on different workers."""
    heavy = item.get_closest_marker("heavy")
    return heavy is None, -(heavy.kwargs.get("seconds", 0) if heavy else 0)


@pytest.fixture(scope="session")
def seeded_run(tmp_path_factory):
    """The seeds materialised once for the whole session: (env, result)."""
    env = pipeline_env(tmp_path_factory.mktemp("seeded"))
    result = materialise(env)
    assert result.success, "materialising the seeds failed"
    return env, result


@pytest.fixture(scope="session", autouse=True)
def _user_cache_in_a_temp_dir(tmp_path_factory):
    """The user cache (calendars, validations) away from the user's, shared by this session's tests and the
    processes they start — by every xdist worker too: its entries are content-addressed and written atomically,
    so sharing is what a user's warehouses do. Tests of the cache itself give it a folder of their own."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    os.environ["XDG_CACHE_HOME"] = str(root / "user-cache")


@pytest.fixture(scope="session", autouse=True)
def _yfinance_caches_in_a_temp_dir(tmp_path_factory):
    """yfinance keeps a timezone and cookie cache on disk; tests keep theirs away from the user's."""
    from market_claims.yahoo import use_cache_dir

    use_cache_dir(tmp_path_factory.mktemp("yfinance-cache"))


@pytest.fixture
def fake_yahoo(tmp_path):
    """The local Yahoo stand-in on 127.0.0.1. yfinance's process-wide state — its URL cache, its
    cookie and crumb, its on-disk timezone and cookie caches — starts fresh for each test."""
    from yfinance.data import SingletonMeta, YfData

    from market_claims.yahoo import use_cache_dir

    from .yahoo_server import FakeYahoo

    YfData.cache_get.cache_clear()
    SingletonMeta._instances.pop(YfData, None)
    use_cache_dir(tmp_path / "yfinance-cache")
    with FakeYahoo(PROJECT_ROOT / "seeds" / "prices", shares=SHARES_SERIES) as server:
        yield server
    YfData.cache_get.cache_clear()


# What the stand-in serves for get_shares_full: NVIDIA's count around the sell-off (from seeds/shares.csv).
SHARES_SERIES = {"NVDA": [(__import__("datetime").date(2025, 1, 26), 24_477_000_000.0)]}


# --- the reliability tally, across pytest-xdist workers -------------------------------------------------
def pytest_sessionfinish(session):
    if hasattr(session.config, "workeroutput"):  # a worker: hand its counts to the controller
        session.config.workeroutput["reliability_tried"] = dict(TRIED)


def pytest_testnodedown(node, error):
    TRIED.update(getattr(node, "workeroutput", {}).get("reliability_tried", {}))


def pytest_terminal_summary(terminalreporter):
    if TRIED and not hasattr(terminalreporter.config, "workeroutput"):
        terminalreporter.write_sep("-", "reliability: inputs tried")
        for kind, n in sorted(TRIED.items()):
            terminalreporter.write_line(f"{n:>7}  {kind}")
        terminalreporter.write_line(f"{sum(TRIED.values()):>7}  in all")
