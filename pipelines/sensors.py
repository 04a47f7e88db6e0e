"""The inbox sensor: a run when a file in the articles folder is new or changed."""


import hashlib
import json

import datetime as dt

from dagster import (DagsterRunStatus, DefaultSensorStatus, RunFailureSensorContext, RunRequest, RunStatusSensorContext,
                     SensorEvaluationContext, SkipReason, run_failure_sensor, run_status_sensor, sensor)

from market_claims.run_log import record_run

from .jobs import refresh_all
from .resources import MarketClaimsConfig


def changed_files(folder, cursor: str | None) -> tuple[list[str], str]:
    """Files modified after the cursor, and the new cursor.

    The cursor is the newest mtime seen plus the names at exactly that mtime, so a file written
    in the same clock tick as the last one is not missed, and the cursor stays small.
    """
    state = json.loads(cursor) if cursor else {"mtime_ns": 0, "names": []}
    seen_names = set(state["names"])
    changed, newest, at_newest = [], state["mtime_ns"], set(seen_names)
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not path.is_file() or path.name.startswith("."):
            continue
        mtime = path.stat().st_mtime_ns
        if mtime > state["mtime_ns"] or (mtime == state["mtime_ns"] and path.name not in seen_names):
            changed.append(path.name)
        if mtime > newest:
            newest, at_newest = mtime, {path.name}
        elif mtime == newest:
            at_newest.add(path.name)
    return changed, json.dumps({"mtime_ns": newest, "names": sorted(at_newest)})


@sensor(job=refresh_all, minimum_interval_seconds=30, default_status=DefaultSensorStatus.RUNNING)
def articles_inbox_sensor(context: SensorEvaluationContext, project: MarketClaimsConfig):
    folder = project.settings().articles_dir
    changed, cursor = changed_files(folder, context.cursor)
    context.update_cursor(cursor)
    if not changed:
        return SkipReason(f"no new or changed file in {folder}")
    run_key = hashlib.sha1(cursor.encode() + "|".join(changed).encode()).hexdigest()[:16]
    return RunRequest(run_key=run_key, tags={"market_claims/new_files": str(len(changed))})


def _record(context: RunStatusSensorContext, project: MarketClaimsConfig, status: str, message: str | None) -> None:
    run = context.dagster_run
    record = context.instance.get_run_record_by_id(run.run_id)
    stamp = (lambda t: dt.datetime.fromtimestamp(t, dt.timezone.utc) if t else None)
    record_run(project.settings().run_log_database, run.run_id, run.job_name, status,
               stamp(record.start_time) if record else None, stamp(record.end_time) if record else None, message)


@run_failure_sensor(monitored_jobs=[refresh_all], default_status=DefaultSensorStatus.RUNNING)
def run_failure_alert(context: RunFailureSensorContext, project: MarketClaimsConfig):
    """A failed refresh is written to the run log with the reason (and shows in the UI as this sensor's tick)."""
    failed_steps = ", ".join(e.step_key for e in context.get_step_failure_events() if e.step_key)
    message = context.failure_event.message or "run failed"
    _record(context, project, "failure", f"{message}" + (f" (steps: {failed_steps})" if failed_steps else ""))


@run_status_sensor(run_status=DagsterRunStatus.SUCCESS, monitored_jobs=[refresh_all],
                   default_status=DefaultSensorStatus.RUNNING)
def run_success_log(context: RunStatusSensorContext, project: MarketClaimsConfig):
    """A successful refresh is written to the run log too, so the log is complete."""
    _record(context, project, "success", None)
