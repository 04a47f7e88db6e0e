"""Columns of every table the pipeline writes: name, type and meaning, in one place.

Assets build their frames through `frame()`, so an empty input still gives a table with
the right columns, and the README's table reference is written from the same docs.
"""

from __future__ import annotations

import polars as pl

Column = tuple[str, pl.DataType | type[pl.DataType], str]

TABLES: dict[str, list[Column]] = {
    "raw_articles": [
        ("article_id", pl.Utf8, "first 16 hex digits of the file's SHA-256 (of path, size and mtime when unreadable)"),
        ("source_file", pl.Utf8, "path of the file inside the articles folder"),
        ("content_hash", pl.Utf8, "SHA-256 of the file's bytes"),
        ("size_bytes", pl.Int64, "file size"),
        ("modified_at", pl.Datetime("us", "UTC"), "file modification time"),
        ("raw_text", pl.Utf8, "decoded text as received (null when it could not be read)"),
        ("load_status", pl.Utf8, "ok | quarantined"),
        ("load_error", pl.Utf8, "why the file could not be read"),
        ("load_rule", pl.Utf8, "the rule it broke: unsupported_file_type | too_large | empty_file | binary_content | "
                               "not_utf8 | unreadable | duplicate_content | removed_from_folder | vanished | outside_folder | "
                               "link_loop | broken_link | sub_folder | special_file | bad_file_name"),
    ],
    "articles": [
        ("article_id", pl.Utf8, "id from raw_articles"),
        ("source_file", pl.Utf8, "path of the file inside the articles folder"),
        ("title", pl.Utf8, "headline, from the header, HTML or first short line"),
        ("outlet", pl.Utf8, "publication, where the page names it"),
        ("url", pl.Utf8, "address of the article, where known"),
        ("language", pl.Utf8, "fr | en (detected unless the header says)"),
        ("published_date", pl.Date, "publication day, when given exactly"),
        ("published_at", pl.Datetime("us"), "publication time in UTC, when the page gives it with its zone"),
        ("updated_date", pl.Date, "last update day shown on the page"),
        ("date_lower", pl.Date, "the article's events happened on or after this day"),
        ("date_upper", pl.Date, "... and on or before this day"),
        ("text", pl.Utf8, "cleaned text without page furniture; claim offsets point into it"),
        ("boilerplate_lines", pl.Int64, "lines removed as page furniture"),
        ("status", pl.Utf8, "ok (quarantined articles are in quarantine_articles)"),
        ("status_reason", pl.Utf8, "why a quarantined article is not used"),
        ("quarantine_rule", pl.Utf8, "the rule a quarantined article broke (its file's load_rule, only_page_furniture, "
                                     "unsupported_language)"),
    ],
    "claims": [
        ("claim_id", pl.Utf8, "stable id of the claim"),
        ("article_id", pl.Utf8, "article it comes from"),
        ("source_file", pl.Utf8, "file it comes from"),
        ("sentence_index", pl.Int64, "sentence number in the cleaned text"),
        ("char_start", pl.Int64, "offset of the quote in articles.text"),
        ("char_end", pl.Int64, "end offset of the quote"),
        ("quote", pl.Utf8, "the words that make the claim"),
        ("sentence", pl.Utf8, "the whole sentence"),
        ("entity", pl.Utf8, "subject as written ('|' between several subjects)"),
        ("ticker", pl.Utf8, "resolved ticker ('|' between several subjects)"),
        ("primary_ticker", pl.Utf8, "primary listing of the subject (differs for an ADR such as ASML)"),
        ("kind", pl.Utf8, "price_move | points_change | price_level | market_cap_change | market_cap_level | "
                          "market_cap_comparison | direction"),
        ("value", pl.Float64, "signed value: a fraction for moves (-0.17), money in `unit`, points, a level, -1/+1 for direction"),
        ("unit", pl.Utf8, "fraction | points | sign | USD | EUR | ... (null for a comparison)"),
        ("hedge", pl.Utf8, "none | approx | at_least | at_most"),
        ("precision_decimals", pl.Int64, "decimals written in the figure"),
        ("stated_precision", pl.Float64, "one unit of the last digit written, in `unit` (0.01 for '17 %', 1e9 for "
                                  "'600 milliards'): the stated precision the tolerance comes from"),
        ("timing", pl.Utf8, "session (close to close) | intraday | period"),
        ("period", pl.Utf8, "for timing = period: year_start | month_start | week_start | named_month (calendar, so far) | week | month | year (rolling) | since_peak | since_year_end | calendar_year | week_streak (the weeks of a streak: 'fifth consecutive week of gains') | since_weekday (from that day's close: 'since Tuesday') | weekday_span | ranked_span (the calendar span of the day: 'its best week') | unspecified (a span the text does not bound)"),
        ("period_start", pl.Date, "first day of the period, when it can be worked out"),
        ("compared_tickers", pl.Utf8, "for market_cap_comparison: the companies compared with ('|'-separated)"),
        ("compared_measure", pl.Utf8, "for market_cap_comparison: what of the subject is compared "
                                      "(market_cap_change: the day's loss or gain; market_cap_level: its value)"),
        ("listed_values", pl.Utf8, "for an ambiguous list: the values as written, in order ('|'-separated)"),
        ("event_date", pl.Date, "trading day the claim is about, when the text gives it"),
        ("date_basis", pl.Utf8, "explicit | relative | inferred (found later from prices)"),
        ("date_evidence", pl.Utf8, "the words or header the event date comes from"),
        ("date_scope", pl.Utf8, "sentence (the sentence dates itself) | earlier_sentence | article (a day read elsewhere: "
                                "an anchor, its session or the one before, chosen with prices) | null (undated)"),
        ("exchange_claimed", pl.Utf8, "exchange named near the claim (MIC)"),
        ("flags", pl.Utf8, "notes for a checker: exchange_named:XNYS, weekday_mismatch:…, implausible_daily_move, …"),
        ("status", pl.Utf8, "ok | ambiguous | unresolved_entity"),
        ("status_reason", pl.Utf8, "why a claim is not ok"),
        ("extractor_version", pl.Utf8, "version of the extractor that found it"),
    ],
    "figures": [
        ("figure_id", pl.Utf8, "stable id"),
        ("article_id", pl.Utf8, "article it comes from"),
        ("source_file", pl.Utf8, "file it comes from"),
        ("sentence_index", pl.Int64, "sentence number"),
        ("char_start", pl.Int64, "offset in articles.text"),
        ("char_end", pl.Int64, "end offset"),
        ("quote", pl.Utf8, "the figure in its context"),
        ("value", pl.Float64, "value (percentages as fractions)"),
        ("unit", pl.Utf8, "fraction | USD | count | ..."),
        ("category", pl.Utf8, "non_market: a number that is not a market claim | not_read: where reading stopped, past the caps"),
        ("reason", pl.Utf8, "why it is not a claim"),
    ],
    "entities": [
        ("ticker", pl.Utf8, "Yahoo Finance ticker"),
        ("name", pl.Utf8, "company or index name"),
        ("aliases", pl.Utf8, "names used in articles, '|'-separated"),
        ("kind", pl.Utf8, "equity | index | etf | fx"),
        ("exchange", pl.Utf8, "listing exchange (MIC) of this ticker"),
        ("listing", pl.Utf8, "primary | adr (an ADR is priced here; the primary listing is recorded)"),
        ("primary_ticker", pl.Utf8, "ticker of the primary listing"),
        ("other_listings", pl.Utf8, "other tickers of the same company ('|'-separated)"),
        ("calendar", pl.Utf8, "trading calendar (exchange_calendars name)"),
        ("currency", pl.Utf8, "quote currency"),
        ("country", pl.Utf8, "country of the issuer"),
        ("benchmark", pl.Utf8, "the market index a move is compared with (event study)"),
    ],
    "shares": [
        ("ticker", pl.Utf8, "ticker"),
        ("shares_outstanding", pl.Float64, "share count (null when not found)"),
        ("as_of", pl.Date, "day the count refers to (first day of the month when only the month is known)"),
        ("as_of_text", pl.Utf8, "as-of as written by the source"),
        ("source_document", pl.Utf8, "filing the count comes from"),
        ("notes", pl.Utf8, "confidence and caveats"),
        ("source", pl.Utf8, "snapshot (seeds/shares.csv) | yfinance (get_shares_full)"),
    ],
    "price_requests": [
        ("ticker", pl.Utf8, "a ticker the claims need (subjects, compared companies, FX pairs)"),
        ("window_start", pl.Date, "first day needed"),
        ("window_end", pl.Date, "last day needed"),
    ],
    "fetch_results": [  # what one call to a price source answered, per window (internal)
        ("ticker", pl.Utf8, "ticker asked for"),
        ("window_start", pl.Date, "first day asked for"),
        ("window_end", pl.Date, "last day asked for"),
        ("source", pl.Utf8, "snapshot | yfinance"),
        ("bars", pl.Int64, "bars returned"),
        ("status", pl.Utf8, "ok | no_data (the source does not know the ticker) | failed"),
        ("error", pl.Utf8, "what went wrong"),
    ],
    "price_fetches": [
        ("fetch_id", pl.Utf8, "id of one fetch (bars carry it: their lineage)"),
        ("ticker", pl.Utf8, "ticker fetched"),
        ("source", pl.Utf8, "snapshot | yfinance"),
        ("window_start", pl.Date, "first day asked for"),
        ("window_end", pl.Date, "last day asked for"),
        ("covered_until", pl.Date, "last final day the fetch covers (today's unfinished session is asked again)"),
        ("fetched_at", pl.Datetime("us", "UTC"), "when"),
        ("status", pl.Utf8, "ok | no_data | failed | superseded (its bars were read again: `error` says why)"),
        ("bars", pl.Int64, "bars received"),
        ("error", pl.Utf8, "what went wrong"),
    ],
    "price_coverage": [
        ("ticker", pl.Utf8, "ticker needed"),
        ("window_start", pl.Date, "first day needed"),
        ("window_end", pl.Date, "last day needed"),
        ("source", pl.Utf8, "snapshot | yfinance"),
        ("status", pl.Utf8, "ok | no_data (claims unverifiable) | failed (claims pending_prices, retried next run)"),
        ("error", pl.Utf8, "the source's last answer when not ok"),
    ],
    "sessions": [
        ("ticker", pl.Utf8, "ticker"),
        ("calendar", pl.Utf8, "its trading calendar"),
        ("session", pl.Date, "a trading session inside a needed window"),
        ("prev_session", pl.Date, "the session before it (what a close-to-close move is measured from)"),
    ],
    "prices": [
        ("ticker", pl.Utf8, "ticker"),
        ("date", pl.Date, "session day (exchange-local)"),
        ("open", pl.Float64, "open"),
        ("high", pl.Float64, "high"),
        ("low", pl.Float64, "low"),
        ("close", pl.Float64, "close, on `close_basis`"),
        ("adj_close", pl.Float64, "dividend/split-adjusted close, when the source has it"),
        ("volume", pl.Float64, "volume"),
        ("close_basis", pl.Utf8, "raw | adjusted | level: adjusted closes are for moves, never for quoted prices"),
        ("currency", pl.Utf8, "quote currency"),
        ("source", pl.Utf8, "snapshot | yfinance"),
        ("fetched_at", pl.Datetime("us", "UTC"), "when the bar was read from the source (lineage: price_fetches)"),
    ],
    # Written by the SQL models (warehouse/models); documented here with the rest.
    "inferred_event_dates": [
        ("article_id", pl.Utf8, "an article with undated claims"),
        ("event_date", pl.Date, "the session that bears out all its claims best (null: none does)"),
        ("candidate_offset", pl.Int64, "for a dated article: 0 = the last session open by the publication time, "
                                       "1 = the one before (each claim takes its own market's session there)"),
        ("runner_up_date", pl.Date, "the next best session"),
        ("claims_undated", pl.Int64, "claims the date was searched for"),
        ("numeric_claims", pl.Int64, "of which with a figure (the rest are qualitative)"),
        ("mean_scaled_error", pl.Float64, "mean |actual - claimed| in tolerance units on event_date"),
        ("runner_up_scaled_error", pl.Float64, "the same on runner_up_date"),
        ("sessions_fitting", pl.Int64, "candidates kept (a dated article's two; a month's sessions that fit every claim)"),
        ("confidence", pl.Utf8, "high (one candidate fits best) | medium | low (a tie, or not every claim fits) | none"),
        ("method", pl.Utf8, "how the date was chosen"),
    ],
    "reconciliation": [
        ("run_id", pl.Utf8, "the Dagster run that last materialised the day"),
        ("stage", pl.Utf8, "articles | claims | price_bars (the bars the day's claims were judged against)"),
        ("rows_in", pl.Int64, "rows that entered the stage"),
        ("rows_ok", pl.Int64, "rows that flowed on"),
        ("rows_quarantined", pl.Int64, "rows in quarantine_<stage> (with the rule and the reason)"),
        ("balanced", pl.Boolean, "rows_in = rows_ok + rows_quarantined"),
    ],
    "event_study": [
        ("claim_id", pl.Utf8, "the price-move claim"),
        ("ticker", pl.Utf8, "the share"),
        ("benchmark", pl.Utf8, "its market index"),
        ("event_date", pl.Date, "the session"),
        ("stock_return", pl.Float64, "the share's close-to-close move"),
        ("benchmark_return", pl.Float64, "the index's move that session"),
        ("estimation_sessions", pl.Int64, "sessions the market model is estimated on (180 to 6 days before)"),
        ("estimation_start", pl.Date, "first of them"),
        ("estimation_end", pl.Date, "last of them"),
        ("alpha", pl.Float64, "market model intercept"),
        ("beta", pl.Float64, "market model slope: how much the share moves with its index"),
        ("r2", pl.Float64, "fit of the market model"),
        ("residual_sd", pl.Float64, "standard deviation of the share's own daily moves"),
        ("expected_return", pl.Float64, "alpha + beta x the index's move: what the market alone explains"),
        ("abnormal_return", pl.Float64, "the move minus the expected one: the share's own part"),
        ("abnormal_t", pl.Float64, "abnormal return over residual_sd"),
        ("note", pl.Utf8, "why figures are missing"),
    ],
    "ambiguous_alignments": [
        ("claim_id", pl.Utf8, "the ambiguous claim"),
        ("name_left_out", pl.Utf8, "the name this reading leaves without a value"),
        ("pairing", pl.Utf8, "each value with its company, the session range and the close-to-close move"),
        ("values_inside_session", pl.Int64, "values inside their company's low..high range"),
        ("values_matching_close", pl.Int64, "values matching the close-to-close move"),
        ("values", pl.Int64, "values in the list"),
        ("fits_session_ranges", pl.Boolean, "every value inside its company's session range"),
    ],
    "claim_disagreements": [
        ("ticker", pl.Utf8, "security"),
        ("event_date", pl.Date, "day"),
        ("kind", pl.Utf8, "claim kind"),
        ("articles", pl.Int64, "articles stating it"),
        ("lowest", pl.Float64, "lowest value stated"),
        ("highest", pl.Float64, "highest value stated"),
        ("spread", pl.Float64, "highest - lowest"),
        ("actual_value", pl.Float64, "what the market did"),
        ("statements", pl.Utf8, "each article: value (timing, hedge) verdict"),
    ],
    "outlet_scorecard": [
        ("outlet", pl.Utf8, "publication (the file when unknown)"),
        ("articles", pl.Int64, "articles"),
        ("claims", pl.Int64, "claims"),
        ("checkable", pl.Int64, "claims the market could judge"),
        ("accurate", pl.Int64, "accurate or consistent with the session"),
        ("approximately_accurate", pl.Int64, "approximately accurate"),
        ("inaccurate", pl.Int64, "inaccurate"),
        ("not_checkable", pl.Int64, "ambiguous, unverifiable or pending"),
        ("accurate_share", pl.Float64, "accurate / checkable"),
        ("median_abs_error_pp", pl.Float64, "median |claimed - actual| of its % moves, in percentage points"),
    ],
    "claim_verdicts": [
        ("claim_id", pl.Utf8, "the claim judged (exactly one verdict per claim)"),
        ("article_id", pl.Utf8, "its article"),
        ("source_file", pl.Utf8, "its file"),
        ("outlet", pl.Utf8, "the publication (the file name when unknown)"),
        ("quote", pl.Utf8, "the words judged"),
        ("entity", pl.Utf8, "subject as written"),
        ("ticker", pl.Utf8, "resolved ticker(s)"),
        ("kind", pl.Utf8, "claim kind"),
        ("timing", pl.Utf8, "session | intraday | period"),
        ("claimed_value", pl.Float64, "what the article says (signed)"),
        ("unit", pl.Utf8, "unit of claimed_value"),
        ("hedge", pl.Utf8, "none | approx | at_least | at_most"),
        ("event_date", pl.Date, "day checked (from the text, or inferred)"),
        ("date_basis", pl.Utf8, "explicit | relative | inferred (chosen with prices)"),
        ("date_confidence", pl.Utf8, "confidence of an inferred date"),
        ("verdict", pl.Utf8, "accurate | approximately_accurate | consistent_intraday | inaccurate | ambiguous | "
                             "unverifiable | pending_prices"),
        ("actual_value", pl.Float64, "what the market did, in the claim's unit (for a comparison: the ratio of the "
                                     "subject's amount to the sum compared with)"),
        ("difference", pl.Float64, "actual_value - claimed_value"),
        ("tolerance", pl.Float64, "allowed difference from the stated precision and hedge"),
        ("bar_date", pl.Date, "session whose close was used"),
        ("prev_bar_date", pl.Date, "previous session"),
        ("prev_close", pl.Float64, "previous close"),
        ("close", pl.Float64, "close on bar_date"),
        ("low", pl.Float64, "session low"),
        ("high", pl.Float64, "session high"),
        ("close_basis", pl.Utf8, "raw | adjusted | level"),
        ("price_source", pl.Utf8, "snapshot | yfinance"),
        ("period_base_date", pl.Date, "for a move over a period: the last session before it began"),
        ("period_base_close", pl.Float64, "... and its close"),
        ("compared_tickers", pl.Utf8, "for a comparison: the companies compared with"),
        ("subject_amount", pl.Float64, "for a comparison: the subject's market value (or the day's change of it)"),
        ("compared_value", pl.Float64, "for a comparison: the compared companies' summed market value"),
        ("compared_value_known", pl.Float64, "the part of that sum that could be computed (the partial sum)"),
        ("shares_used", pl.Utf8, "for market values: each share count used, its as-of date and its distance from the day"),
        ("fx_used", pl.Utf8, "exchange rates used to bring amounts into the claim's currency"),
        ("exchange_listed", pl.Utf8, "where the security is listed (MIC)"),
        ("exchange_claimed", pl.Utf8, "exchange the article names"),
        ("exchange_mismatch", pl.Boolean, "the article names the wrong exchange"),
        ("explanation", pl.Utf8, "one sentence, in the article's language"),
    ],
}


# Tables partitioned by ingestion day (assets/partitions.py) carry the partition as their last column.
INGESTION_DAY: Column = ("ingestion_day", pl.Date, "UTC day the file was first ingested: the partition its rows belong to")
PARTITIONED_TABLES = ["raw_articles", "articles", "claims", "figures", "price_requests", "inferred_event_dates",
                      "claim_verdicts", "event_study", "ambiguous_alignments", "reconciliation"]
for _table in PARTITIONED_TABLES:
    TABLES[_table] = TABLES[_table] + [INGESTION_DAY]

# Rows set aside by a row rule keep their columns and say which rule and why (market_claims/quarantine.py).
_RULE_AND_REASON = [("rule", pl.Utf8, "the row rule it broke"), ("reason", pl.Utf8, "why, in words")]
TABLES["quarantine_claims"] = TABLES["claims"] + _RULE_AND_REASON
TABLES["quarantine_prices"] = TABLES["prices"] + _RULE_AND_REASON


def schema(table: str) -> dict[str, pl.DataType]:
    return {name: dtype for name, dtype, _ in TABLES[table]}


def unpartitioned_schema(table: str) -> dict[str, pl.DataType]:
    """The table's columns without the partition column (what the extractor and its cache produce)."""
    return {name: dtype for name, dtype in schema(table).items() if name != INGESTION_DAY[0]}


def with_ingestion_day(table: str, df: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """`df` (rows keyed by article_id) with each article's ingestion day, in the table's column order."""
    return (df.drop(INGESTION_DAY[0], strict=False)
            .join(articles.select("article_id", INGESTION_DAY[0]), on="article_id", how="left")
            .select(list(schema(table))))


def frame(table: str, rows: list[dict]) -> pl.DataFrame:
    """A DataFrame with exactly the table's columns, in order, whatever the rows hold."""
    columns = schema(table)
    return pl.DataFrame([{name: row.get(name) for name in columns} for row in rows], schema=columns, orient="row")


def table_reference_markdown(tables: list[str]) -> str:
    """The README's table reference, from the docs above."""
    parts = []
    for table in tables:
        rows = "\n".join(f"| `{name}` | {doc.replace('|', chr(92) + '|')} |" for name, _, doc in TABLES[table])
        parts.append(f"#### `{table}`\n\n| column | meaning |\n|---|---|\n{rows}\n")
    return "\n".join(parts)


README_TABLES = ["reconciliation", "articles", "claims", "claim_verdicts", "inferred_event_dates", "event_study", "ambiguous_alignments",
                 "claim_disagreements", "outlet_scorecard", "figures", "prices", "price_requests", "price_coverage",
                 "price_fetches", "sessions", "entities", "shares"]
START, END = "<!-- table-reference:start -->\n", "<!-- table-reference:end -->"


def update_readme(path) -> None:
    """Rewrite the README's table reference from TABLES (`make docs`)."""
    from pathlib import Path

    text = Path(path).read_text(encoding="utf-8")
    head, rest = text.split(START)
    _, tail = rest.split(END)
    Path(path).write_text(head + START + table_reference_markdown(README_TABLES) + END + tail, encoding="utf-8")


if __name__ == "__main__":
    import sys

    update_readme(sys.argv[1] if len(sys.argv) > 1 else "README.md")
