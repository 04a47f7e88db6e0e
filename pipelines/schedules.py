from dagster import DefaultScheduleStatus, ScheduleEvaluationContext, schedule

from assets.partitions import run_request_for_days
from market_claims.ingestion import pending_days, today_utc

from .jobs import refresh_all
from .resources import MarketClaimsConfig


# Weekdays after the US close (16:00 New York), once the day's bars are final: today's ingestion
# day, any earlier day whose files were edited or removed since, and any day whose verdicts still
# wait for final bars, in one run.
@schedule(job=refresh_all, cron_schedule="30 18 * * 1-5", execution_timezone="America/New_York",
          default_status=DefaultScheduleStatus.RUNNING)
def weekday_post_close(context: ScheduleEvaluationContext, project: MarketClaimsConfig):
    today = today_utc()
    settings = project.settings()
    days, _ = pending_days(settings.articles_dir, settings.ingestion_ledger, today, settings.published_database)
    return run_request_for_days(min([today, *days]), today, tags={"market_claims/trigger": "schedule"})
