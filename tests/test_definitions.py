"""The code location loads, and holds what the product promises."""

import subprocess
import sys

from dagster import AssetKey, Definitions

from market_claims.settings import PROJECT_ROOT
from pipelines.definitions import build_definitions

from .conftest import pipeline_env


def test_code_location_loads_and_validates(tmp_path):
    defs = build_definitions(pipeline_env(tmp_path))
    Definitions.validate_loadable(defs)
    keys = {k.to_user_string() for k in defs.resolve_all_asset_keys()}
    assert {"raw_articles", "articles", "claims", "prices", "claim_verdicts", "published_warehouse"} <= keys


def test_workspace_loads_with_the_dagster_cli(tmp_path):
    env = {"DAGSTER_HOME": str(tmp_path), "PATH": str(PROJECT_ROOT / ".venv" / "bin") + ":/usr/bin:/bin",
           "MARKET_CLAIMS_WAREHOUSE_DIR": str(tmp_path / "warehouse"), "GX_ANALYTICS_ENABLED": "false"}
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    done = subprocess.run(
        [sys.executable, "-m", "dagster", "definitions", "validate", "-w", "workspace.yaml"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_checks_guard_articles_claims_prices_and_verdicts(tmp_path):
    graph = build_definitions(pipeline_env(tmp_path)).resolve_asset_graph()
    checked = {key.asset_key.to_user_string() for key in graph.asset_check_keys}
    assert {"articles", "claims", "prices", "claim_verdicts"} <= checked
    # Warnings by design: a missing session only matters for the claims on it, which then say so.
    warnings = {"no_missing_sessions", "articles_quarantined", "claims_quarantined", "prices_quarantined",
                "implausible_moves"}
    for check_key in graph.asset_check_keys:
        assert graph.get_check_spec(check_key).blocking == (check_key.name not in warnings), check_key


def test_weekday_schedule_after_the_us_close(tmp_path):
    defs = build_definitions(pipeline_env(tmp_path))
    schedule = defs.resolve_schedule_def("weekday_post_close")
    assert schedule.cron_schedule == "30 18 * * 1-5"
    assert schedule.execution_timezone == "America/New_York"
    assert schedule.job_name == "refresh_all"
    assert defs.resolve_sensor_def("articles_inbox_sensor").job_name == "refresh_all"
    assert AssetKey("published_warehouse") in defs.resolve_job_def("refresh_all").asset_layer.asset_graph.get_all_asset_keys()


def test_every_step_that_touches_duckdb_is_in_the_one_writer_pool(tmp_path):
    import yaml

    graph = build_definitions(pipeline_env(tmp_path)).resolve_asset_graph()
    nodes = {graph.get(key).assets_def for key in graph.get_all_asset_keys()}
    assert {node.op.pool for node in nodes} == {"warehouse"}
    instance = yaml.safe_load((PROJECT_ROOT / ".dagster" / "dagster.yaml").read_text())
    assert instance["concurrency"]["pools"]["default_limit"] == 1
    assert instance["telemetry"]["enabled"] is False
