"""The inbox sensor requests a run for the ingestion days with new, edited or removed files, and none otherwise."""

import datetime as dt
import os


from dagster import RunRequest, SkipReason, build_sensor_context

from market_claims.ingestion import ingest_days, today_utc
from pipelines.resources import MarketClaimsConfig
from pipelines.sensors import articles_inbox_sensor


def _evaluate(folder, warehouse):
    project = MarketClaimsConfig(articles_dir=str(folder), warehouse_dir=str(warehouse))
    return articles_inbox_sensor(build_sensor_context(resources={"project": project})), project


def _ingest(project, day):
    """What a run over every day up to `day` does to the ledger (as if `day` were today)."""
    settings = project.settings()
    ingest_days(settings.articles_dir, settings.ingestion_ledger, dt.date(2025, 1, 1), day, today=day)


def test_new_files_go_to_today_and_an_edited_file_to_its_own_day(tmp_path):
    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    inbox.mkdir()
    (inbox / "a.txt").write_text("premier")
    request, project = _evaluate(inbox, warehouse)
    assert isinstance(request, RunRequest) and request.partition_key == today_utc().isoformat()
    again, _ = _evaluate(inbox, warehouse)
    assert again.run_key == request.run_key, "a pending change is requested once (same run key) until a run ingests it"

    _ingest(project, dt.date(2025, 3, 3))  # as if a run had ingested a.txt on 3 March
    assert isinstance(_evaluate(inbox, warehouse)[0], SkipReason)

    (inbox / "b.txt").write_text("second")
    request, _ = _evaluate(inbox, warehouse)
    assert request.partition_key == today_utc().isoformat() and request.tags["market_claims/new_files"] == "1"
    _ingest(project, today_utc())
    assert isinstance(_evaluate(inbox, warehouse)[0], SkipReason)

    stat = (inbox / "a.txt").stat()
    os.utime(inbox / "a.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    request, _ = _evaluate(inbox, warehouse)
    assert request.partition_key == "2025-03-03", "an edited file is re-run on its own day, not moved to today"
    (inbox / "c.txt").write_text("troisième")
    request, _ = _evaluate(inbox, warehouse)
    assert (request.tags["dagster/asset_partition_range_start"], request.tags["dagster/asset_partition_range_end"]) == (
        "2025-03-03", today_utc().isoformat()), "both days in one run"
    _ingest(project, today_utc())
    (inbox / "b.txt").unlink()
    request, _ = _evaluate(inbox, warehouse)
    assert request.partition_key == today_utc().isoformat(), "a removed file is re-run on its day, to record it"
    assert request.tags["market_claims/changed_files"] == "1"


def test_a_file_written_in_the_same_clock_tick_is_not_missed(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("a")
    _, project = _evaluate(tmp_path, tmp_path / "warehouse")
    _ingest(project, today_utc())
    second.write_text("b")
    mtime = first.stat().st_mtime_ns
    os.utime(second, ns=(mtime, mtime))
    assert isinstance(_evaluate(tmp_path, tmp_path / "warehouse")[0], RunRequest)


def test_hidden_files_and_a_missing_folder_request_nothing(tmp_path):
    (tmp_path / ".partial.txt").write_text("en cours de copie")
    assert isinstance(_evaluate(tmp_path, tmp_path / "warehouse")[0], SkipReason)
    assert isinstance(_evaluate(tmp_path / "absent", tmp_path / "warehouse")[0], SkipReason)


def test_a_failed_run_is_written_to_the_run_log(tmp_path):
    import duckdb
    from dagster import DagsterEventType, DagsterInstance, build_run_status_sensor_context

    from pipelines.definitions import build_definitions
    from pipelines.sensors import run_failure_alert

    from .conftest import pipeline_env

    env = pipeline_env(tmp_path, tmp_path / "no-such-folder")
    job = build_definitions(env).resolve_job_def("refresh_all")
    with DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
        assert not result.success
        [record] = instance.all_logs(result.run_id, of_type=DagsterEventType.RUN_FAILURE)
        failure = record.dagster_event
        context = build_run_status_sensor_context(
            sensor_name="run_failure_alert", dagster_instance=instance, dagster_run=result.dagster_run,
            dagster_event=failure, resources={"project": MarketClaimsConfig(warehouse_dir=env["MARKET_CLAIMS_WAREHOUSE_DIR"])},
        ).for_run_failure()
        run_failure_alert(context)
    with duckdb.connect(str(tmp_path / "warehouse" / "run_log.duckdb"), read_only=True) as con:
        [(run_id, status, message)] = con.execute("SELECT run_id, status, message FROM run_log").fetchall()
    assert (run_id, status) == (result.run_id, "failure")
    assert "raw_articles" in message
    assert (tmp_path / "warehouse" / "run_log.parquet").exists()
