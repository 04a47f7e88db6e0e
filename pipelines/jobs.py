from dagster import AssetSelection, define_asset_job, multi_or_in_process_executor


def executor_config(processes: int = 1) -> dict:
    """Run config choosing how steps execute: all in the run's process (1), or each step in its own
    process, at most `processes` at once (Dagster's multiprocess executor)."""
    if processes <= 1:
        return {"execution": {"config": {"in_process": {}}}}
    # Step processes fork from a server that has imported the code location once: a step then costs a
    # fork, not the seconds of importing Dagster, polars, DuckDB and the definitions again.
    start = {"forkserver": {"preload_modules": list(STEP_PRELOAD)}}
    return {"execution": {"config": {"multiprocess": {"max_concurrent": processes, "start_method": start}}}}


# Great Expectations too: each check step that validates new rows would otherwise import it (~4 s) itself.
STEP_PRELOAD = ("dagster._core.executor.multiprocess", "pipelines.definitions", "great_expectations")


# Everything, checks included: the blocking checks stop publication when they fail.
# In one process by default: every step reads or writes the build database, which DuckDB lets one
# process open at a time, so step processes run one after another anyway (the `warehouse` pool) and
# only add start-up cost — measured in bench/results.md. The executor is configuration: the
# multiprocess executor here, or dagster-k8s / dagster-celery executors in production (docs/scaling.md).
refresh_all = define_asset_job(
    "refresh_all",
    selection=AssetSelection.all(),
    executor_def=multi_or_in_process_executor,
    config=executor_config(1),
    description="Ingest the articles folder, extract, fetch prices, verify, check and publish.",
)
