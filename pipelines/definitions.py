"""The code location: every asset, check, job, schedule, sensor and resource, assembled here."""

from __future__ import annotations

import warnings

from dagster import Definitions, in_process_executor, load_asset_checks_from_modules, load_assets_from_modules
from dagster._utils.warnings import BetaWarning, PreviewWarning

# Chosen on purpose, so said once here rather than on every load: single-run backfills of the
# partitioned assets, and checks partitioned like their assets (they validate the run's days only).
warnings.filterwarnings("ignore", "Parameter `backfill_policy`", BetaWarning)
warnings.filterwarnings("ignore", "Specifying a partitions_def on an AssetCheckSpec", PreviewWarning)

from .io_managers import BuildDatabaseIOManager

from market_claims.settings import Settings

from assets import articles, claims, prices, publish, verdicts

from .jobs import refresh_all
from .resources import MarketClaimsConfig
from .schedules import weekday_post_close
from .sensors import articles_inbox_sensor, run_failure_alert, run_success_log

ASSET_MODULES = [articles, claims, prices, verdicts, publish]


def build_definitions(env: dict[str, str] | None = None) -> Definitions:
    """`env` replaces os.environ (tests point the pipeline at temporary folders this way)."""
    config = MarketClaimsConfig.from_env(env)
    settings = Settings.from_env(env)
    settings.build_database.parent.mkdir(parents=True, exist_ok=True)
    return Definitions(
        assets=load_assets_from_modules(ASSET_MODULES),
        asset_checks=load_asset_checks_from_modules(ASSET_MODULES),
        jobs=[refresh_all],
        # Runs the UI launches (Materialize, backfills) too: in one process, as refresh_all does. Dagster's
        # default would start a process per step, each importing the code location, though DuckDB lets
        # one process at a time open the build database (the warehouse pool runs them one by one anyway).
        executor=in_process_executor,
        schedules=[weekday_post_close],
        sensors=[articles_inbox_sensor, run_failure_alert, run_success_log],
        resources={
            "project": config,
            # Runs write here; users read the published copy (assets/publish.py).
            "io_manager": BuildDatabaseIOManager(database=str(settings.build_database), schema="main"),
        },
    )


defs = build_definitions()


def refresh_all_job():
    """refresh_all with its resources, rebuilt from the environment in each step process (multiprocess runs)."""
    return build_definitions().resolve_job_def("refresh_all")
