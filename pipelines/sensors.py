"""The inbox sensor: a run when a file in the articles folder is new or changed."""


import hashlib
import json

from dagster import DefaultSensorStatus, RunRequest, SensorEvaluationContext, SkipReason, sensor

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
