"""Data quality: each suite fed bad data fails; bad rows are quarantined with their reason; nothing is lost."""

import datetime as dt
import shutil

import polars as pl

from market_claims.articles import article_record, read_article_folder
from market_claims.prices import PriceWindow, SnapshotSource
from market_claims.quality import SUITES, validate, validate_cached
from market_claims.quarantine import PRICE_RULES, claim_rules, split
from market_claims.settings import PROJECT_ROOT

from .conftest import materialise, pipeline_env, published_rows

SEED_PRICES = PROJECT_ROOT / "seeds" / "prices"


def _bars():
    return SnapshotSource(SEED_PRICES).fetch([PriceWindow("NVDA", dt.date(2025, 1, 21), dt.date(2025, 1, 28))]).bars


def _failed(df, suite):
    return {o.rule.reason for o in validate(df, SUITES[suite]) if not o.success}


def test_a_duplicated_bar_and_high_below_low_fail_the_suite_and_are_quarantined():
    bars = _bars()
    bad = pl.concat([bars, bars.head(1),                                             # a duplicated bar
                     bars.slice(2, 1).with_columns(high=pl.col("low") - 1, date=pl.lit(dt.date(2025, 1, 18)))])
    assert {"one bar per ticker and day", "a session's high is not below its low"} <= _failed(bad, "prices")
    clean, quarantined = split(bad, PRICE_RULES)
    assert clean.height == bars.height and not _failed(clean, "prices")
    assert dict(quarantined.select("rule", "reason").iter_rows()) == {
        "duplicate_bar": "a second bar for the same ticker and day (the first one is kept)",
        "high_below_low": "the session's high is below its low"}


def test_a_claim_with_an_unknown_ticker_or_a_quote_outside_its_article_is_quarantined():
    claims = pl.DataFrame({"claim_id": ["a", "b", "c"], "article_id": ["x", "x", "x"], "kind": ["price_move"] * 3,
                           "unit": ["fraction"] * 3, "ticker": ["NVDA", "ZZZZ", "NVDA|AVGO"],
                           "char_start": [0, 0, 90], "char_end": [10, 10, 120]})
    clean, quarantined = split(claims, claim_rules({"NVDA", "AVGO"}, {"x": 100}))
    assert clean["claim_id"].to_list() == ["a"]
    assert dict(quarantined.select("claim_id", "rule").iter_rows()) == {"b": "unknown_ticker", "c": "quote_outside_article"}


def test_an_article_with_only_page_furniture_is_quarantined(tmp_path):
    (tmp_path / "furniture.txt").write_text("Soutenez-nous\n\nFaire un don\n\nVous souhaitez être contacté par notre rédaction ?\n")
    [record] = [article_record(raw) for raw in read_article_folder(tmp_path)]
    assert (record["status"], record["quarantine_rule"]) == ("quarantined", "only_page_furniture")


def test_each_suite_fails_on_bad_rows():
    articles = pl.DataFrame({"article_id": ["a", "a"], "text": ["Soutenez-nous et qrcode", ""], "language": ["fr", "de"],
                             "status": ["ok", "ok"], "date_upper": [None, None]})
    assert {"one row per article: ids come from content hashes", "a usable article has text",
            "the extractor reads French and English"} <= _failed(articles, "articles")
    verdicts = pl.DataFrame({"claim_id": ["c", "c"], "verdict": ["accurate", "sure"], "bar_date": [None, None],
                             "explanation": ["x", None]})
    assert len(_failed(verdicts, "claim_verdicts")) == 4


def test_bad_bars_and_a_missing_session_through_the_pipeline(tmp_path):
    prices = tmp_path / "prices"
    shutil.copytree(SEED_PRICES, prices)
    nvda = (prices / "NVDA.csv").read_text().splitlines()
    row_0124 = next(line for line in nvda if line.startswith("2025-01-24"))
    row_0123 = next(line for line in nvda if line.startswith("2025-01-23"))
    broken_0123 = row_0123.split(",")
    broken_0123[2] = "1.0"  # high below low
    kept = [line for line in nvda if line not in (row_0124, row_0123)]
    # 24 January is missing; 23 January's bar is broken; 22 January's appears twice.
    dup = next(line for line in nvda if line.startswith("2025-01-22"))
    (prices / "NVDA.csv").write_text("\n".join(kept + [",".join(broken_0123), dup]) + "\n")
    env = pipeline_env(tmp_path) | {"MARKET_CLAIMS_PRICES_DIR": str(prices)}
    result = materialise(env)
    assert result.success, "bad rows are set aside; the clean ones flow on"
    assert published_rows(env, "SELECT date::VARCHAR, rule FROM quarantine_prices WHERE ticker = 'NVDA' ORDER BY 1") == [
        ("2025-01-22", "duplicate_bar"), ("2025-01-23", "high_below_low")]
    assert published_rows(env, "SELECT count(*) FROM prices WHERE ticker = 'NVDA' AND date = '2025-01-23'") == [(0,)]
    warnings = {e.event_specific_data.check_name: e.event_specific_data for e in result.all_events
                if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.passed}
    assert warnings["prices_quarantined"].severity.value == "WARN"
    assert "| NVDA | XNYS | 2025-01-24 |" in warnings["no_missing_sessions"].metadata["sample"].value
    # Without the 24th, Nvidia's move on the 27th has no previous close: unverifiable, not guessed.
    assert published_rows(env, "SELECT DISTINCT verdict FROM claim_verdicts WHERE ticker = 'NVDA' AND kind = 'price_move' "
                               "AND source_file LIKE '003%'") == [("unverifiable",)]
    assert published_rows(env, "SELECT stage, balanced FROM reconciliation ORDER BY stage") == [
        ("articles", True), ("claims", True), ("price_bars", True)]


def test_on_the_seeds_every_blocking_check_passes_and_a_report_is_written(seeded_run):
    env, result = seeded_run
    evaluations = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    assert all(e.passed for e in evaluations if e.severity.value == "ERROR")
    report = (PROJECT_ROOT / env["MARKET_CLAIMS_WAREHOUSE_DIR"]) / "quality" / result.run_id / "index.html"
    page = report.read_text()
    for suite in ("articles", "claims", "prices", "claim_verdicts"):
        assert f"<h2 id='{suite}'>" in page
    assert "expectations met across 4 suites" in page


def test_a_validation_is_reused_for_the_same_rows_only_and_a_broken_cache_only_costs_time(tmp_path, monkeypatch):
    """Outcomes are memoised on the rows and the rules: the same bars validated again (another warehouse, the
    same user cache) reuse them, failures included, whatever the columns no rule reads; other rows are validated;
    the newest entries are kept."""
    cache = tmp_path / "validations" / "prices"
    bars = _bars()
    broken = pl.concat([bars, bars.head(1)])  # a duplicated bar: the suite fails
    first, reused = validate_cached(broken, SUITES["prices"], "prices", tmp_path)
    assert not reused and not all(o.success for o in first)
    again, reused = validate_cached(broken, SUITES["prices"], "prices", tmp_path)
    assert reused and [(o.success, o.unexpected_count) for o in again] == [(o.success, o.unexpected_count) for o in first]
    restamped = broken.with_columns(pl.lit("2026-12-01 09:00").alias("fetched_at"))  # a column no rule reads
    assert validate_cached(restamped, SUITES["prices"], "prices", tmp_path)[1]
    assert not validate_cached(bars, SUITES["prices"], "prices", tmp_path)[1]
    [entry.write_text("not json") for entry in cache.glob("*.json")]
    outcomes, reused = validate_cached(bars, SUITES["prices"], "prices", tmp_path)
    assert not reused and all(o.success for o in outcomes)  # an unreadable entry is validated again

    monkeypatch.setattr("market_claims.quality.VALIDATIONS_KEPT", 1)
    validate_cached(broken, SUITES["prices"], "prices", tmp_path)
    assert len(list(cache.glob("*.json"))) == 1
    unwritable = tmp_path / "file"
    unwritable.write_text("")
    assert not validate_cached(bars, SUITES["prices"], "prices", unwritable)[1]


def test_bad_prices_are_set_aside_and_a_corrected_snapshot_replaces_them(tmp_path):
    """Negative closes and a text cell are quarantined bars with their rule (the run goes on); once the file is
    corrected, the next run reads it again — the store's old bars superseded, with why — and publishes the
    corrected closes."""
    prices = tmp_path / "prices"
    shutil.copytree(SEED_PRICES, prices)
    original = (prices / "NVDA.csv").read_text()
    header, *rows = original.splitlines()
    close = header.split(",").index("Close")

    def negated(line: str) -> str:
        cells = line.split(",")
        cells[close] = f"-{cells[close]}"
        return ",".join(cells)

    (prices / "NVDA.csv").write_text("\n".join([header, *map(negated, rows)]) + "\n")
    avgo_header, *avgo_rows = (prices / "AVGO.csv").read_text().splitlines()
    text_row = next(i for i, line in enumerate(avgo_rows) if line.startswith("2025-01-23"))
    cells = avgo_rows[text_row].split(",")
    cells[avgo_header.split(",").index("Open")] = "n/a"
    avgo_rows[text_row] = ",".join(cells)
    (prices / "AVGO.csv").write_text("\n".join([avgo_header, *avgo_rows]) + "\n")
    env = pipeline_env(tmp_path) | {"MARKET_CLAIMS_PRICES_DIR": str(prices)}

    assert materialise(env).success, "bad bars are set aside; one text cell does not fail the run"
    assert published_rows(env, "SELECT count(*) FROM prices WHERE close <= 0") == [(0,)]
    rules = dict(published_rows(env, "SELECT ticker, list(DISTINCT rule) FROM quarantine_prices GROUP BY 1"))
    assert rules == {"NVDA": ["non_positive_price"], "AVGO": ["not_a_number"]}
    assert published_rows(env, "SELECT count(*) FROM claim_verdicts WHERE close <= 0 OR prev_close <= 0") == [(0,)]

    (prices / "NVDA.csv").write_text(original)  # the correction
    assert materialise(env).success
    assert published_rows(env, "SELECT close FROM prices WHERE ticker = 'NVDA' AND date = '2025-01-27'") == [(118.41999816894531,)]
    assert published_rows(env, "SELECT count(*) FROM quarantine_prices WHERE ticker = 'NVDA'") == [(0,)]
    superseded = published_rows(env, "SELECT DISTINCT error FROM price_fetches WHERE ticker = 'NVDA' AND status = 'superseded'")
    assert len(superseded) == 1 and "the source file changed" in superseded[0][0]
    assert published_rows(env, "SELECT verdict FROM claim_verdicts WHERE ticker = 'NVDA' AND kind = 'price_move' "
                               "AND source_file LIKE '000%'") == [("accurate",)]


def test_days_judged_on_bars_that_were_since_replaced_are_run_again(tmp_path):
    import datetime as dt

    import duckdb

    from market_claims.ingestion import days_judged_on_replaced_bars

    database = tmp_path / "published.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("CREATE TABLE prices AS SELECT * FROM (VALUES ('NVDA', DATE '2025-01-27', 118.42), "
                    "('AVGO', DATE '2025-01-27', 199.0)) t(ticker, date, close)")
        con.execute("CREATE TABLE claim_verdicts AS SELECT * FROM (VALUES "
                    "('NVDA', DATE '2025-01-27', 118.42, DATE '2026-11-01'), "        # judged on the bar as it is
                    "('NVDA|AVGO', DATE '2025-01-27', -118.42, DATE '2026-11-02'), "  # on a bar since corrected
                    "('AVGO', DATE '2025-01-24', 210.0, DATE '2026-11-03'), "         # on a bar since set aside
                    "('MSFT', NULL, NULL, DATE '2026-11-04')"                         # judged on nothing
                    ") t(ticker, bar_date, close, ingestion_day)")
    assert days_judged_on_replaced_bars(database) == [dt.date(2026, 11, 2), dt.date(2026, 11, 3)]
