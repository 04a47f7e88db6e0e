"""`market-claims`: run the pipeline, query the published tables."""

from __future__ import annotations

import argparse
import os
import sys

from .settings import PROJECT_ROOT, Settings


def _dagster_home() -> None:
    """Runs go to the project's Dagster instance (.dagster/), so `make ui` shows them."""
    os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster"))
    os.makedirs(os.environ["DAGSTER_HOME"], exist_ok=True)


def _instance():
    """The Dagster instance. Two first runs at once would both create its SQLite storage and one would
    fail on the other's schema stamp, so creating it is serialised by a lock file in DAGSTER_HOME."""
    from pathlib import Path

    from dagster import DagsterInstance

    from .locking import exclusive

    with exclusive(Path(os.environ["DAGSTER_HOME"]) / ".instance.lock"):
        return DagsterInstance.get()


def cmd_run(args: argparse.Namespace) -> int:
    _dagster_home()
    from assets.partitions import partition_tags

    from .ingestion import days_judged_on_replaced_bars

    settings = Settings.from_env()
    if problem := _unwritable(settings.warehouse_dir):
        print(f"error: {problem}", file=sys.stderr)
        return 1
    first, last = args.days if getattr(args, "days", None) else _days_to_run(args, settings)
    if first > last:
        print(f"nothing to backfill: --from {first} is after --to {last}", file=sys.stderr)
        return 2
    from assets.prices import REFETCH_TAG

    tags = partition_tags(first, last) | ({REFETCH_TAG: "true"} if getattr(args, "refetch", False) else {})
    print(f"ingestion days {first} .. {last}" if first != last else f"ingestion day {first}")
    try:
        from pipelines.definitions import refresh_all_job
        from pipelines.jobs import executor_config

        loggers = {"loggers": {"console": {"config": {"log_level": args.log_level}}}}
        with _instance() as instance:
            if args.processes <= 1:
                # Built now, from the environment as it is now (the module-level `defs` was built at import).
                result = refresh_all_job().execute_in_process(
                    instance=instance, raise_on_error=False, tags=tags,
                    run_config=loggers | executor_config(1))
            else:
                import uuid

                from dagster import execute_job, reconstructable

                from pipelines.io_managers import RUN_ALIVE_TAG

                from .locking import alive

                # This process orchestrates the run and waits in the warehouse pool for its steps: it holds a
                # liveness file, named in a tag, so another run can tell its waiting steps from a dead run's.
                launcher = settings.build_database.parent / "runs" / f"launcher-{uuid.uuid4().hex}.alive"
                with alive(launcher):
                    result = execute_job(reconstructable(refresh_all_job), instance,
                                         tags=tags | {RUN_ALIVE_TAG: launcher.name},
                                         run_config=loggers | executor_config(args.processes), raise_on_error=False)
    except OSError as exc:  # an unwritable or full disk before the run could start
        print(f"error: cannot write {exc.filename or 'the warehouse'}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for event in result.all_events:
        check = event.event_specific_data
        if event.event_type_value == "ASSET_CHECK_EVALUATION" and not check.passed:
            level = "warning" if check.severity.value == "WARN" else "check failed"
            print(f"{level}: {check.asset_key.to_user_string()} / {check.check_name} ({check.description or ''})",
                  file=sys.stderr)
    if not result.success:
        for event in result.all_events:
            if event.event_type_value == "STEP_FAILURE":
                error = event.event_specific_data.error
                cause = error.cause or error
                print(f"error in {event.step_key}: {cause.message.strip().splitlines()[-1]}", file=sys.stderr)
        print(f"run {result.run_id} failed; see `make ui` for the logs", file=sys.stderr)
        return 1
    print(f"run {result.run_id} succeeded")
    if failed := _failed_price_windows(settings.published_database):
        count, total, error = failed
        print(f"warning: {count} of {total} price windows could not be fetched (their claims are pending_prices and "
              f"are asked for again next run): {error[:300]}", file=sys.stderr)
    rerun = [day for day in days_judged_on_replaced_bars(settings.published_database) if not first <= day <= last]
    if rerun and not getattr(args, "days", None):
        # This run read corrected bars (or set bad ones aside) that other days' verdicts rest on: judge those
        # days again now, in one run, rather than leave their verdicts on numbers the tables no longer hold.
        print(f"judging again {len(rerun)} day(s) whose verdicts rest on bars since corrected: "
              f"{', '.join(map(str, rerun))}", file=sys.stderr)
        return cmd_run(argparse.Namespace(**{**vars(args), "days": (rerun[0], rerun[-1]), "refetch": False}))
    return print_summary(settings, (first, last))


def _failed_price_windows(database) -> tuple[int, int, str] | None:
    """(failed, all, the first error) of the published price coverage, when some window failed."""
    import duckdb

    try:
        with duckdb.connect(str(database), read_only=True) as con:
            failed, total, error = con.execute(
                "SELECT count(*) FILTER (WHERE status = 'failed'), count(*), min(error) FILTER (WHERE status = 'failed') "
                "FROM price_coverage").fetchone()
    except duckdb.Error:
        return None
    return (failed, total, error or "") if failed else None


def _unwritable(warehouse) -> str | None:
    """Why the warehouse cannot be written (a read-only mount, a full disk, no permission), before a run
    fails on it half-way with Dagster's traceback; None when it can."""
    probe = warehouse / "build" / f".write-probe-{os.getpid()}"
    try:
        probe.parent.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        return f"cannot write {exc.filename or warehouse}: {exc.strerror or exc}"
    return None


def _days_to_run(args: argparse.Namespace, settings: Settings):
    """`run`: today, plus any earlier day whose files were edited or removed or whose verdicts wait for prices.
    `backfill`: the days asked for."""

    from .ingestion import pending_days, read_ledger, today_utc

    today = today_utc()
    if args.command == "backfill":
        ledger = read_ledger(settings.ingestion_ledger)
        first = args.first or (ledger["ingestion_day"].min() if ledger.height else today)
        return first, args.last or today
    days, _ = pending_days(settings.articles_dir, settings.ingestion_ledger, today, settings.published_database)
    return min([today, *days]), today


def _day(value: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a day (YYYY-MM-DD)") from None


DETAIL_LINES = 40  # the run's verdicts shown after a run; the rest is one `market-claims sql` away


def print_summary(settings: Settings, days=None) -> int:
    """Counts over everything published, then the verdicts of the run's days (at most DETAIL_LINES)."""
    import datetime as dt

    import duckdb

    days = list(days or (dt.date.min, dt.date.max))
    with duckdb.connect(str(settings.published_database), read_only=True) as con:
        rows = con.execute(
            "SELECT verdict, count(*) FROM claim_verdicts GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()
        articles = con.execute("SELECT 'ok', count(*) FROM articles UNION ALL "
                               "SELECT 'quarantined', count(*) FROM quarantine_articles").fetchall()
        run_claims = con.execute("SELECT count(*) FROM claim_verdicts WHERE ingestion_day BETWEEN ? AND ?", days).fetchone()[0]
        detail = con.execute(
            "SELECT source_file, coalesce(ticker, '-'), kind, verdict, explanation FROM claim_verdicts "
            "WHERE ingestion_day BETWEEN ? AND ? ORDER BY source_file, claim_id LIMIT ?", [*days, DETAIL_LINES]).fetchall()
    print(f"published {settings.published_database}")
    print("articles: " + ", ".join(f"{n} {status}" for status, n in articles))
    print("verdicts: " + ", ".join(f"{n} {verdict}" for verdict, n in rows))
    for source_file, ticker, kind, verdict, explanation in detail:
        print(f"  {source_file[:24]:24} {ticker:24.24} {kind:18} {verdict:20} {explanation}")
    if run_claims > len(detail):
        print(f"  … and {run_claims - len(detail)} more verdicts of these days: "
              "market-claims sql \"SELECT * FROM claim_verdicts\"")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Write the HTML report of the published tables."""
    from .report import build_report

    settings = Settings.from_env()
    if not settings.published_database.exists():
        print(f"{settings.published_database} does not exist yet: run `make run` first", file=sys.stderr)
        return 1
    page = build_report(settings.published_database, settings.reports_dir)
    print(f"report written: {page}\nlatest: {settings.reports_dir / 'latest.html'}")
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    from .querying import RefusedQuery, connect_published, query_published

    database = Settings.from_env().published_database
    if not database.exists():
        print(f"{database} does not exist yet: run `make run` first", file=sys.stderr)
        return 1
    with connect_published(database) as con:
        try:
            result = query_published(con, args.query)
        except RefusedQuery as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if result is not None:
            result.show(max_width=250, max_rows=args.max_rows)
    return 0


EXTRACT_TABLE_COLUMNS = ["source_file", "ticker", "kind", "value", "unit", "hedge", "timing", "event_date",
                         "date_basis", "status", "quote"]


def cmd_extract(args: argparse.Namespace) -> int:
    """Claims of article files, printed without running the pipeline."""
    import csv
    import json
    from pathlib import Path

    from .articles import article_record, clean_article_from_record, read_raw_article
    from .extract import extract_claims
    from .reference import entity_index, read_entities
    from .schemas import unpartitioned_schema

    index = entity_index(read_entities(Settings.from_env().entities_file))
    from tqdm import tqdm

    rows, unreadable = [], 0
    for name in tqdm(args.files, desc="extracting", unit="file", disable=None, leave=False):
        path = Path(name)
        if not path.is_file():
            print(f"{name}: no such file", file=sys.stderr)
            unreadable += 1
            continue
        raw = read_raw_article(path, path.parent)
        record = article_record(raw)
        if record["status"] != "ok":
            print(f"{name}: not extracted: {record['status_reason']}", file=sys.stderr)
            unreadable += 1
            continue
        record["source_file"] = name
        rows += extract_claims(raw.article_id, name, clean_article_from_record(record), index).claim_rows()
    columns = list(unpartitioned_schema("claims"))
    if args.format == "json":
        print(json.dumps([{c: row[c] for c in columns} for row in rows], ensure_ascii=False, indent=2, default=str))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    else:
        _print_table(rows, EXTRACT_TABLE_COLUMNS)
        print(f"{len(rows)} claims from {len(args.files) - unreadable} of {len(args.files)} files")
    return 2 if unreadable else 0


def cmd_check(args: argparse.Namespace) -> int:
    """Extract and verify article files against the current prices, with the evidence."""
    from pathlib import Path

    from .checking import check_files

    paths = [Path(name) for name in args.files]
    missing = [p for p in paths if not p.is_file()]
    for path in missing:
        print(f"{path}: no such file", file=sys.stderr)
    tables, problems = check_files([p for p in paths if p.is_file()], Settings.from_env())
    for problem in problems:
        print(problem, file=sys.stderr)
    verdicts = tables["claim_verdicts"]
    for (source_file,), rows in verdicts.group_by("source_file", maintain_order=True):
        print(f"\n{source_file}")
        for row in rows.iter_rows(named=True):
            print(f"  [{row['verdict']}] {row['quote']}")
            print(f"      {row['explanation']}")
    counts = ", ".join(f"{n} {v}" for v, n in verdicts.group_by("verdict").len().sort("verdict").iter_rows())
    print(f"\n{verdicts.height} claims: {counts or 'none'}")
    return 2 if missing or any("not checked" in p for p in problems) else 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Score extraction and verdicts on labelled article folders (tests/real_corpus/README.md)."""
    from pathlib import Path

    from .article_evaluation import evaluate_gold

    folders = [Path(name) for name in args.folders]
    if missing := [f for f in folders if not any(f.glob("*.yaml"))]:
        print(f"no labelled articles (*.yaml) in {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    report = evaluate_gold(folders, Settings.from_env()).report(details=args.details)
    if args.out:
        Path(args.out).write_text(report, encoding="utf-8")
    print(report, end="")
    return 0


def _print_table(rows: list[dict], columns: list[str]) -> None:
    widths = {c: min(60, max([len(c)] + [len(str(r.get(c) if r.get(c) is not None else "")) for r in rows])) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        cells = (str(row.get(c) if row.get(c) is not None else "")[: widths[c]].ljust(widths[c]) for c in columns)
        print("  ".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="market-claims", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="materialise every asset and publish, then print a verdict summary")
    run.add_argument("--log-level", default="WARNING", help="Dagster console log level (DEBUG shows every step)")
    run.add_argument("--refetch", action="store_true",
                     help="read every needed ticker from the price source again (after a correction at the source)")
    run.add_argument("--processes", type=int, default=1,
                     help="run each step in its own process, at most this many at once (Dagster's multiprocess "
                          "executor; default 1: every step in this process, the fastest with one DuckDB writer)")
    run.set_defaults(func=cmd_run)
    backfill = commands.add_parser(
        "backfill", help="re-run ingestion days FIRST..LAST (inclusive) in one run, then verify and publish")
    backfill.add_argument("--from", dest="first", type=_day, help="first day (default: the first day ingested)")
    backfill.add_argument("--to", dest="last", type=_day, help="last day (default: today, UTC)")
    backfill.add_argument("--log-level", default="WARNING", help="Dagster console log level")
    backfill.add_argument("--processes", type=int, default=1, help="as for `run`")
    backfill.add_argument("--refetch", action="store_true", help="as for `run`")
    backfill.set_defaults(func=cmd_run)
    extract = commands.add_parser("extract", help="print the claims of article files (no pipeline run)")
    extract.add_argument("files", nargs="+", metavar="FILE")
    extract.add_argument("--format", choices=["table", "json", "csv"], default="table")
    extract.set_defaults(func=cmd_extract)
    check = commands.add_parser("check", help="extract and verify article files against current prices (no pipeline run)")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.set_defaults(func=cmd_check)
    evaluate = commands.add_parser("evaluate", help="score extraction and verdicts on labelled article folders")
    evaluate.add_argument("folders", nargs="+", metavar="GOLD")
    evaluate.add_argument("--details", action="store_true", help="list every error")
    evaluate.add_argument("--out", help="also write the report to this file")
    evaluate.set_defaults(func=cmd_evaluate)
    commands.add_parser("report", help="write the HTML report of the published tables").set_defaults(func=cmd_report)
    sql = commands.add_parser("sql", help="query the published database (read-only)")
    sql.add_argument("query")
    sql.add_argument("--max-rows", type=int, default=100)
    sql.set_defaults(func=cmd_sql)
    args = parser.parse_args(argv)
    from .settings import ConfigurationError

    try:
        return args.func(args)
    except ConfigurationError as exc:  # a user's setting: one line, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
