from dagster import AssetSelection, define_asset_job, in_process_executor

# Everything, checks included: the blocking checks stop publication when they fail.
# In one process: DuckDB takes one writer at a time, and the steps are seconds each,
# so separate step processes would only add start-up cost and lock contention.
refresh_all = define_asset_job(
    "refresh_all",
    selection=AssetSelection.all(),
    executor_def=in_process_executor,
    description="Ingest the articles folder, extract, fetch prices, verify, check and publish.",
)
