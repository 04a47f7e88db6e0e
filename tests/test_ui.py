"""`make ui`: the real `dagster dev` serves the asset graph, and a run launched through it (as the UI does) succeeds."""

import datetime as dt
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from dagster import DagsterInstance, RunsFilter

from market_claims.ingestion import today_utc
from market_claims.settings import PROJECT_ROOT

from .conftest import pipeline_env, published_rows
from .waiting import wait_for

ASSET_NODES = "{ assetNodes { assetKey { path } } }"
LAUNCH_BACKFILL = """mutation($params: LaunchBackfillParams!) { launchPartitionBackfill(backfillParams: $params) {
    __typename ... on LaunchBackfillSuccess { backfillId } ... on PythonError { message } } }"""
BACKFILL_STATUS = """query($id: String!) { partitionBackfillOrError(backfillId: $id) {
    ... on PartitionBackfill { status } } }"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def dagster_dev(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / ".dagster" / "dagster.yaml", home / "dagster.yaml")
    env = os.environ | pipeline_env(tmp_path) | {"DAGSTER_HOME": str(home), "GX_ANALYTICS_ENABLED": "false"}
    port = _free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("dagster")), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            return requests.get(f"{url}/server_info", timeout=30).ok
        except requests.ConnectionError:
            return False

    try:
        wait_for(answers, "dagster dev answered", process)
        yield url, port, env
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.mark.heavy(seconds=330)
def test_ui_serves_the_graph_a_backfill_over_days_succeeds_and_the_sensor_publishes_a_dropped_file(dagster_dev):
    """One `dagster dev` for the three things a user does in it (starting one costs a minute of CPU here):
    the asset graph loads, a backfill over days launched as the UI does completes, and a file dropped in the
    inbox while the UI runs is published through the daemon's sensor."""
    url, port, env = dagster_dev

    def asset_keys() -> set[str]:  # the code location loads in the background after the server answers
        answer = requests.post(f"{url}/graphql", json={"query": ASSET_NODES}, timeout=60).json()
        return {"/".join(node["assetKey"]["path"]) for node in answer.get("data", {}).get("assetNodes", [])}

    keys = wait_for(asset_keys, "the code location loaded")
    assert {"raw_articles", "articles", "claims", "prices", "claim_verdicts", "published_warehouse"} <= keys

    # What the UI's "Materialize all" → backfill dialog sends: every asset, a range of ingestion days.
    days = [(today_utc() - dt.timedelta(days=n)).isoformat() for n in (2, 1, 0)]
    answer = requests.post(f"{url}/graphql", timeout=30, json={"query": LAUNCH_BACKFILL, "variables": {"params": {
        "assetSelection": [{"path": [key]} for key in sorted(keys)], "partitionNames": days}}}).json()
    launched = answer["data"]["launchPartitionBackfill"]
    assert launched["__typename"] == "LaunchBackfillSuccess", launched

    def finished_status() -> str | None:
        status = requests.post(f"{url}/graphql", timeout=60, json={
            "query": BACKFILL_STATUS, "variables": {"id": launched["backfillId"]}}).json()["data"]["partitionBackfillOrError"]["status"]
        return None if status in {"REQUESTED", "CANCELING", "FAILING"} else status

    status = wait_for(finished_status, "the backfill finished", poll_seconds=2)
    assert status in {"COMPLETED", "COMPLETED_SUCCESS"}, status
    assert published_rows(env, "SELECT count(*) FROM articles") == [(5,)]
    assert published_rows(env, "SELECT DISTINCT ingestion_day::VARCHAR FROM articles") == [(days[-1],)]
    with DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
        runs = instance.get_runs(filters=RunsFilter(tags={"dagster/backfill": launched["backfillId"]}))
    said = re.search(r"The UI's\s+backfill is \*\*(\d+) runs\*\*", (PROJECT_ROOT / "README.md").read_text(encoding="utf-8"))
    assert said and len(runs) == int(said.group(1)), f"{len(runs)} runs; the README says {said and said.group(1)}"

    # The daemon's inbox sensor: a file dropped in the folder ends up in the published tables.
    (Path(env["MARKET_CLAIMS_ARTICLES_DIR"]) / "zz_dropped.txt").write_text(
        "Dépêche\n\nLundi 27 janvier 2025, Microsoft a reculé de 2,1 % tandis qu'Apple a gagné 3,2 %.\n", encoding="utf-8")

    def dropped_verdicts() -> list[tuple]:
        try:
            return published_rows(env, "SELECT ticker, verdict FROM claim_verdicts WHERE source_file = 'zz_dropped.txt' "
                                       "ORDER BY ticker")
        except Exception:  # noqa: BLE001 — the file is being replaced: try again
            return []

    rows = wait_for(dropped_verdicts, "the dropped article was published", poll_seconds=2)
    assert rows == [("AAPL", "accurate"), ("MSFT", "accurate")]
    assert published_rows(env, "SELECT count(*) FROM articles") == [(6,)]
