"""The inbox sensor (a run when a file of the articles folder is new, edited or removed) and the run log sensors."""


import hashlib
import json

import datetime as dt

from dagster import (DagsterRunStatus, DefaultSensorStatus, RunFailureSensorContext, RunStatusSensorContext,
                     SensorEvaluationContext, SkipReason, run_failure_sensor, run_status_sensor, sensor)

from assets.partitions import run_request_for_days
from market_claims.ingestion import IngestionPlan, pending_days, today_utc
from market_claims.run_log import record_run

from .jobs import refresh_all
from .resources import MarketClaimsConfig


def days_to_ingest(project: MarketClaimsConfig) -> tuple[list[dt.date], IngestionPlan]:
    settings = project.settings()
    return pending_days(settings.articles_dir, settings.ingestion_ledger, today_utc())


@sensor(job=refresh_all, minimum_interval_seconds=30, default_status=DefaultSensorStatus.RUNNING)
def articles_inbox_sensor(context: SensorEvaluationContext, project: MarketClaimsConfig):
    """A run when the folder differs from the ingestion ledger.

    The ledger, not a cursor, says what is new: a file that arrives while a run is going, or in
    the same clock tick as another, is still new afterwards. The run key is the pending change
    itself, so a change is requested once, however many ticks pass before its run updates the ledger.
    """
    folder = project.settings().articles_dir
    if not folder.is_dir():
        return SkipReason(f"articles folder {folder} does not exist")
    days, plan = days_to_ingest(project)
    if not days:
        return SkipReason(f"no new, edited or removed file in {folder}")
    run_key = hashlib.sha1(json.dumps(plan.pending).encode()).hexdigest()[:16]
    return run_request_for_days(days[0], days[-1], run_key, tags={
        "market_claims/trigger": "inbox", "market_claims/new_files": str(len(plan.new_files)),
        "market_claims/changed_files": str(len(plan.changed) + len(plan.removed))})


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
