from dagster import DefaultScheduleStatus, ScheduleEvaluationContext, schedule

from assets.partitions import run_request_for_days
from market_claims.ingestion import today_utc

from .jobs import refresh_all
from .resources import MarketClaimsConfig
from .sensors import days_to_ingest


# Weekdays after the US close (16:00 New York), once the day's bars are final: today's ingestion
# day, and any earlier day whose files were edited or removed since, in one run.
@schedule(job=refresh_all, cron_schedule="30 18 * * 1-5", execution_timezone="America/New_York",
          default_status=DefaultScheduleStatus.RUNNING)
def weekday_post_close(context: ScheduleEvaluationContext, project: MarketClaimsConfig):
    today = today_utc()
    days, _ = days_to_ingest(project)
    return run_request_for_days(min([today, *days]), today, tags={"market_claims/trigger": "schedule"})
