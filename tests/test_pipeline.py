"""A real materialisation of the seeds in a temporary directory, read back from the published DuckDB file."""

import shutil
from pathlib import Path

import duckdb
import pytest

from market_claims.schemas import TABLES
from market_claims.text import normalise

from .conftest import SEED_ARTICLES, materialise, pipeline_env, published_rows

SEED_PRICES = SEED_ARTICLES.parent / "prices"

CLAIMS_REQUIRED_COLUMNS = ["claim_id", "article_id", "source_file", "quote", "entity", "ticker", "kind", "value",
                           "unit", "hedge", "event_date", "date_basis", "status"]
VERDICTS_REQUIRED_COLUMNS = ["claim_id", "verdict", "actual_value", "difference", "explanation"]


def _columns(env, table):
    return [r[0] for r in published_rows(env, f"SELECT column_name FROM information_schema.columns "
                                              f"WHERE table_name = '{table}' ORDER BY ordinal_position")]


def test_published_tables_have_the_documented_columns(seeded_run):
    env, _ = seeded_run
    for table in ("articles", "claims", "figures", "prices", "price_requests", "price_coverage", "price_fetches",
                  "sessions", "entities", "shares", "claim_verdicts", "inferred_event_dates", "event_study",
                  "ambiguous_alignments", "claim_disagreements", "outlet_scorecard"):
        assert _columns(env, table) == [name for name, _, _ in TABLES[table]], table
    assert _columns(env, "article_files") == [name for name, _, _ in TABLES["raw_articles"] if name != "raw_text"]
    assert set(CLAIMS_REQUIRED_COLUMNS) <= set(_columns(env, "claims"))
    assert set(VERDICTS_REQUIRED_COLUMNS) <= set(_columns(env, "claim_verdicts"))


def test_every_seed_article_is_accounted_for(seeded_run):
    env, _ = seeded_run
    files = sorted(p.name for p in SEED_ARTICLES.iterdir())
    rows = published_rows(env, "SELECT source_file, status FROM articles ORDER BY source_file")
    assert [r[0] for r in rows] == files
    assert {r[1] for r in rows} == {"ok"}
    texts = published_rows(env, "SELECT text FROM articles")
    for (text,) in texts:
        assert "qrcode" not in text.lower() and "Soutenez-nous" not in text and "Vous souhaitez être contacté" not in text


def _key(row):
    return (row["article_file"], row["kind"], row["ticker"])


def test_expected_seed_claims_are_found_with_their_values(seeded_run, expected_claims):
    env, _ = seeded_run
    found = {}
    for row in published_rows(env, """
            SELECT c.source_file, c.kind, c.ticker, c.value, c.unit, c.hedge, c.status, c.timing,
                   v.event_date, v.date_basis
            FROM claims c JOIN claim_verdicts v USING (claim_id)"""):
        found[(row[0], row[1], row[2])] = row[3:]
    for expected in expected_claims:
        key = _key(expected)
        assert key in found, f"missing claim {key}: {expected['quote']}"
        value, unit, hedge, status, timing, event_date, date_basis = found[key]
        assert str(event_date) == expected["event_date"], key
        assert timing == expected["timing"], key
        assert date_basis == expected["date_basis"], key
        assert hedge == expected["hedge"], key
        if "|" in expected["value"]:  # five names, four values: kept and flagged, never paired
            assert status == "ambiguous" and value is None, key
        elif expected["value"] == "":  # a comparison: no value of its own
            assert status == "ok" and value is None and unit is None, key
        else:
            assert status == "ok", key
            assert value == pytest.approx(float(expected["value"])), key
            assert unit == expected["unit"], key


def test_seed_flags_and_comparison(seeded_run):
    env, _ = seeded_run
    rows = published_rows(env, "SELECT kind, flags, compared_tickers FROM claims WHERE source_file LIKE '003%'")
    by_kind = {kind: (flags, compared) for kind, flags, compared in rows}
    # "effaçant près de 600 milliards de dollars de capitalisation au NYSE": Nvidia is listed on NASDAQ.
    assert "exchange_named:XNYS" in by_kind["market_cap_change"][0]
    assert by_kind["market_cap_comparison"][1] == "SU.PA|TTE.PA|AIR.PA|SAF.PA|BNP.PA"
    primary = published_rows(env, "SELECT ticker, primary_ticker FROM claims WHERE ticker = 'ASML'")
    assert primary == [("ASML", "ASML.AS")]  # the ADR is checked; the primary listing is recorded


def test_no_extra_claims_and_non_market_numbers_stay_figures(seeded_run, expected_claims, not_price_claims):
    env, _ = seeded_run
    claims = published_rows(env, "SELECT source_file, kind, ticker FROM claims")
    assert set(claims) <= {_key(e) for e in expected_claims}
    texts = dict(published_rows(env, "SELECT source_file, text FROM articles"))
    claim_spans = published_rows(env, "SELECT source_file, char_start, char_end FROM claims")
    figure_starts = published_rows(env, "SELECT source_file, char_start FROM figures")
    for number in not_price_claims:
        file, quote = number["article_file"], normalise(number["quote"])
        at = texts[file].find(quote)
        assert at >= 0, f"quote not found in the cleaned text: {quote}"
        digit = at + next(i for i, ch in enumerate(quote) if ch.isdigit())
        assert not any(f == file and a <= digit < b for f, a, b in claim_spans), f"became a claim: {quote}"
        assert any(f == file and at <= a < at + len(quote) for f, a in figure_starts), f"not kept as a figure: {quote}"


def test_verdicts_against_real_prices(seeded_run):
    """The Verification issue's acceptance list, from a real materialisation of the seeds."""
    env, _ = seeded_run
    rows = published_rows(env, "SELECT source_file, ticker, kind, verdict, actual_value, date_basis, event_date "
                               "FROM claim_verdicts")
    verdicts = {(f[:3], t, k): (v, a) for f, t, k, v, a, _, _ in rows}

    def move(ticker, before, after):
        return pytest.approx(after / before - 1, abs=1e-6)

    assert verdicts[("000", "NVDA", "price_move")] == ("accurate", move("NVDA", 142.6199951171875, 118.41999816894531))
    assert verdicts[("004", "ORCL", "price_move")] == ("accurate", move("ORCL", 183.60000610351562, 158.27999877929688))
    assert verdicts[("004", "CSCO", "price_move")] == ("accurate", move("CSCO", 62.22999954223633, 59.08000183105469))
    assert verdicts[("004", "AVGO", "price_move")] == ("accurate", move("AVGO", 244.6999969482422, 202.1300048828125))
    # Written at the open: -14,50 % is inside Broadcom's session path, not its close-to-close -17.40 %.
    assert verdicts[("002", "AVGO", "price_move")][0] == "consistent_intraday"
    # Nvidia alone lost ~592 bn USD: "près de 600 milliards" is approximately right ...
    assert verdicts[("003", "NVDA", "market_cap_change")][0] == "approximately_accurate"
    assert verdicts[("003", "NVDA", "market_cap_change")][1] == pytest.approx(-592.3e9, rel=1e-3)
    # ... but read as Nvidia and Broadcom together (~791 bn) it is not.
    assert verdicts[("004", "NVDA|AVGO", "market_cap_change")][0] == "inaccurate"
    assert verdicts[("002", "NVDA|AMD|MSFT|GOOGL|ARM", "price_move")][0] == "ambiguous"
    # BNP Paribas has no sourced share count: the comparison cannot be judged, and says how far it got.
    assert verdicts[("003", "NVDA", "market_cap_comparison")][0] == "unverifiable"
    inferred = {f[:3]: (b, str(d)) for f, t, k, v, a, b, d in rows if f.startswith("004")}
    assert inferred["004"] == ("inferred", "2025-01-27")
    assert published_rows(env, "SELECT count(*) FROM claim_verdicts WHERE verdict NOT IN ('unverifiable', 'ambiguous', "
                               "'pending_prices') AND bar_date IS NULL") == [(0,)]
    exchange = published_rows(env, "SELECT exchange_claimed, exchange_listed FROM claim_verdicts "
                                   "WHERE kind = 'market_cap_change' AND exchange_mismatch")
    assert exchange == [("XNYS", "XNAS")]


def test_event_study_alignments_disagreements_and_scorecard(seeded_run):
    env, _ = seeded_run
    [(beta, abnormal, t)] = published_rows(env, "SELECT DISTINCT round(beta, 6), round(abnormal_return, 6), round(abnormal_t, 3) "
                                                "FROM event_study WHERE ticker = 'NVDA'")
    # Nvidia -16.97 % on a day the Nasdaq lost 3.07 %: with its beta of ~1.5, most of the fall was Nvidia's own.
    assert 1.0 < beta < 2.0 and -0.14 < abnormal < -0.11 and t < -3
    fitting = published_rows(env, "SELECT name_left_out FROM ambiguous_alignments WHERE fits_session_ranges")
    assert fitting == [("ARM",)], "only leaving ARM out puts every value inside its session's range"
    assert published_rows(env, "SELECT ticker, kind, articles FROM claim_disagreements") == [("AVGO", "price_move", 2)]
    scores = dict(published_rows(env, "SELECT outlet, accurate_share FROM outlet_scorecard"))
    assert scores["Liberté Actus"] == 0.5 and scores["004_ebd176fb8b50725a.txt"] == 0.8


def test_all_checks_passed_in_the_run(seeded_run):
    _, result = seeded_run
    evaluations = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    assert len(evaluations) >= 6
    failed = {e.check_name: e for e in evaluations if not e.passed}
    # The one warning: the bundled NVDA history is sparse before October 2024 (see seeds/prices/SOURCES.md),
    # and the undated seed 004 makes the pipeline look three years back.
    assert set(failed) == {"no_missing_sessions"}, set(failed)
    gaps = failed["no_missing_sessions"]
    assert gaps.severity.value == "WARN"
    assert "| NVDA | XNYS | 2024-" in gaps.metadata["sample"].value


def _snapshot(env):
    """Every published table's rows, except what changes every run by design: when each bar was read, the run id."""
    database = Path(env["MARKET_CLAIMS_WAREHOUSE_DIR"]) / "market_claims.duckdb"
    with duckdb.connect(str(database), read_only=True) as con:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_name <> '_publication'").fetchall()]
        snapshot = {}
        for table in tables:
            exclude = {"prices": " EXCLUDE (fetched_at)", "reconciliation": " EXCLUDE (run_id)"}.get(table, "")
            snapshot[table] = sorted(map(str, con.execute(f'SELECT *{exclude} FROM "{table}"').fetchall()))
        return snapshot


def test_second_run_with_no_new_input_changes_no_row(tmp_path):
    env = pipeline_env(tmp_path)
    assert materialise(env).success
    first = _snapshot(env)
    assert materialise(env).success
    assert _snapshot(env) == first


def test_failed_blocking_check_keeps_the_previous_publication(tmp_path):
    prices = tmp_path / "prices"
    shutil.copytree(SEED_PRICES, prices)
    env = pipeline_env(tmp_path) | {"MARKET_CLAIMS_PRICES_DIR": str(prices)}
    assert materialise(env).success
    before = published_rows(env, "SELECT run_id FROM _publication")
    # A broken manifest (a close basis nobody knows) is a configuration error, not a bad row: it blocks.
    manifest = prices / "manifest.csv"
    manifest.write_text(manifest.read_text().replace("NVDA,equity,raw", "NVDA,equity,weird"))
    shutil.rmtree(Path(env["MARKET_CLAIMS_WAREHOUSE_DIR"]) / "store")  # make the next run read the snapshot again
    result = materialise(env)
    assert not result.success
    failed = [e.event_specific_data.check_name for e in result.all_events
              if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.passed
              and e.event_specific_data.severity.value == "ERROR"]
    assert failed == ["prices_suite"]
    assert published_rows(env, "SELECT run_id FROM _publication") == before


def test_bad_files_are_quarantined_not_dropped(tmp_path):
    articles = tmp_path / "articles"
    shutil.copytree(SEED_ARTICLES, articles)
    (articles / "empty.txt").write_bytes(b"")
    (articles / "latin1.txt").write_bytes("Le CAC 40 a reculé de 1,5 % à Paris.".encode("latin-1"))
    (articles / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0binary")
    shutil.copy(articles / "004_ebd176fb8b50725a.txt", articles / "copy_of_004.txt")
    env = pipeline_env(tmp_path, articles)
    assert materialise(env).success
    rows = dict(published_rows(env, "SELECT source_file, status_reason FROM quarantine_articles"))
    assert rows["empty.txt"] == "empty file"
    assert rows["latin1.txt"].startswith("not valid UTF-8")
    assert rows["photo.jpg"].startswith("unsupported file type")
    assert rows["copy_of_004.txt"] == "duplicate: same content as 004_ebd176fb8b50725a.txt"
    assert published_rows(env, "SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM quarantine_articles)") == [(9,)]
    assert published_rows(env, "SELECT rows_in, rows_ok, rows_quarantined FROM reconciliation WHERE stage = 'articles'") == [
        (9, 5, 4)]


VERDICT_ROWS = "SELECT claim_id, verdict, round(actual_value, 9) FROM claim_verdicts ORDER BY claim_id"


def test_live_source_through_yfinance_gives_the_same_verdicts_and_refetches_nothing(tmp_path, seeded_run, fake_yahoo):
    env = pipeline_env(tmp_path) | {"MARKET_CLAIMS_PRICE_SOURCE": "yfinance", "MARKET_CLAIMS_YAHOO_BASE_URL": fake_yahoo.base_url}
    assert materialise(env).success
    assert published_rows(env, VERDICT_ROWS) == published_rows(seeded_run[0], VERDICT_ROWS)
    assert published_rows(env, "SELECT DISTINCT source FROM prices") == [("yfinance",)]
    assert published_rows(env, "SELECT count(*) FROM price_fetches WHERE status = 'ok'")[0][0] > 0
    history_requests = fake_yahoo.hits["history"]
    assert history_requests > 0
    assert materialise(env).success
    assert fake_yahoo.hits["history"] == history_requests, "a refresh that needs nothing new asks Yahoo nothing"


def test_source_down_makes_claims_pending_then_verified_on_the_next_run(tmp_path, fake_yahoo):
    env = pipeline_env(tmp_path) | {"MARKET_CLAIMS_PRICE_SOURCE": "yfinance", "MARKET_CLAIMS_YAHOO_BASE_URL": fake_yahoo.base_url,
                                    "MARKET_CLAIMS_PRICE_ATTEMPTS": "2", "MARKET_CLAIMS_PRICE_BACKOFF_SECONDS": "0.05"}
    fake_yahoo.down = True
    assert materialise(env).success, "an outage does not fail the run"
    pending = published_rows(env, "SELECT count(*) FROM claim_verdicts WHERE verdict = 'pending_prices'")[0][0]
    assert pending >= 10
    reason = published_rows(env, "SELECT explanation FROM claim_verdicts WHERE verdict = 'pending_prices' LIMIT 1")[0][0]
    assert "nouvelle vérification au prochain passage" in reason
    fake_yahoo.down = False
    assert materialise(env).success
    assert published_rows(env, "SELECT count(*) FROM claim_verdicts WHERE verdict = 'pending_prices'") == [(0,)]
    assert published_rows(env, "SELECT verdict FROM claim_verdicts WHERE source_file LIKE '000%' AND kind = 'price_move'") == [("accurate",)]


def test_an_empty_articles_folder_publishes_empty_tables(tmp_path):
    empty = tmp_path / "inbox"
    empty.mkdir()
    env = pipeline_env(tmp_path, empty)
    assert materialise(env).success
    for table in ("articles", "claims", "figures", "prices", "claim_verdicts"):
        assert published_rows(env, f'SELECT count(*) FROM "{table}"') == [(0,)], table


def test_a_build_database_from_an_older_version_is_upgraded(tmp_path):
    """A table whose columns changed between versions is recreated, not appended to."""
    env = pipeline_env(tmp_path)
    build = Path(env["MARKET_CLAIMS_WAREHOUSE_DIR"]) / "build" / "build.duckdb"
    build.parent.mkdir(parents=True)
    with duckdb.connect(str(build)) as con:
        con.execute("CREATE TABLE main.entities AS SELECT 'X' AS ticker, 'old' AS name")
    assert materialise(env).success
    assert published_rows(env, "SELECT count(*) FROM entities WHERE ticker = 'NVDA'") == [(1,)]


def test_a_refresh_extracts_only_new_or_changed_articles(tmp_path):
    env = pipeline_env(tmp_path)
    first = materialise(env)
    assert _extraction_counts(first) == (5, 0)
    assert _extraction_counts(materialise(env)) == (0, 5)
    article = Path(env["MARKET_CLAIMS_ARTICLES_DIR"]) / "004_ebd176fb8b50725a.txt"
    article.write_text(article.read_text().replace("Cisco a perdu 5 %", "Cisco a perdu 4 %"))
    changed = materialise(env)
    assert _extraction_counts(changed) == (1, 4)
    assert published_rows(env, "SELECT value FROM claims WHERE ticker = 'CSCO'") == [(-0.04,)]


def _extraction_counts(result):
    [materialization] = [e.event_specific_data.materialization for e in result.all_events
                         if e.event_type_value == "ASSET_MATERIALIZATION"
                         and e.event_specific_data.materialization.asset_key.to_user_string() == "claims"]
    metadata = materialization.metadata
    return metadata["articles_extracted_now"].value, metadata["articles_from_cache"].value
