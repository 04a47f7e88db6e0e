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
