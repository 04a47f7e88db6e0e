"""The inbox sensor requests one run per new or changed file, and none otherwise."""

import os

from dagster import RunRequest, SkipReason, build_sensor_context

from pipelines.resources import MarketClaimsConfig
from pipelines.sensors import articles_inbox_sensor


def _evaluate(folder, cursor):
    context = build_sensor_context(cursor=cursor, resources={"project": MarketClaimsConfig(articles_dir=str(folder))})
    result = articles_inbox_sensor(context)
    return result, context.cursor


def test_fires_once_per_new_file_and_again_when_a_file_changes(tmp_path):
    (tmp_path / "a.txt").write_text("premier")
    result, cursor = _evaluate(tmp_path, None)
    assert isinstance(result, RunRequest)

    result, cursor = _evaluate(tmp_path, cursor)
    assert isinstance(result, SkipReason)

    new = tmp_path / "b.txt"
    new.write_text("second")
    result, cursor = _evaluate(tmp_path, cursor)
    assert isinstance(result, RunRequest) and result.tags["market_claims/new_files"] == "1"
    result, cursor = _evaluate(tmp_path, cursor)
    assert isinstance(result, SkipReason)

    stat = new.stat()
    os.utime(new, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    result, cursor = _evaluate(tmp_path, cursor)
    assert isinstance(result, RunRequest)


def test_a_file_written_in_the_same_clock_tick_is_not_missed(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("a")
    _, cursor = _evaluate(tmp_path, None)
    second.write_text("b")
    mtime = first.stat().st_mtime_ns
    os.utime(second, ns=(mtime, mtime))
    result, _ = _evaluate(tmp_path, cursor)
    assert isinstance(result, RunRequest)


def test_hidden_files_and_a_missing_folder_request_nothing(tmp_path):
    (tmp_path / ".partial.txt").write_text("en cours de copie")
    assert isinstance(_evaluate(tmp_path, None)[0], SkipReason)
    assert isinstance(_evaluate(tmp_path / "absent", None)[0], SkipReason)


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
