from dagster import DefaultScheduleStatus, ScheduleDefinition

from .jobs import refresh_all

# Weekdays after the US close (16:00 New York), once the day's bars are final.
weekday_post_close = ScheduleDefinition(
    name="weekday_post_close",
    job=refresh_all,
    cron_schedule="30 18 * * 1-5",
    execution_timezone="America/New_York",
    default_status=DefaultScheduleStatus.RUNNING,
)
