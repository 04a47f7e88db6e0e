from dagster import AssetSelection, define_asset_job

# Everything, checks included: the blocking checks stop publication when they fail.
refresh_all = define_asset_job(
    "refresh_all",
    selection=AssetSelection.all(),
    description="Ingest the articles folder, extract, fetch prices, verify, check and publish.",
)
