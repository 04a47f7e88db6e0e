"""Row-level rules: rows that break one go to a quarantine table with the rule and the reason; the rest flow on.

Table-level expectations (the Great Expectations suites in quality.py) then guard the clean rows
and block publication if anything slipped through. Nothing is dropped: every row that came in is
either in its table or in `quarantine_<table>`, and the `reconciliation` table proves it per run.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class RowRule:
    name: str
    reason: str
    failing: pl.Expr  # true for a row that breaks the rule


def split(df: pl.DataFrame, rules: list[RowRule]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows that pass every rule, rows that fail one with `rule` and `reason` of the first they fail)."""
    rule_of = pl.lit(None, dtype=pl.Utf8)
    reason_of = pl.lit(None, dtype=pl.Utf8)
    for rule in reversed(rules):  # the first rule listed wins
        failing = rule.failing.fill_null(False)
        rule_of = pl.when(failing).then(pl.lit(rule.name)).otherwise(rule_of)
        reason_of = pl.when(failing).then(pl.lit(rule.reason)).otherwise(reason_of)
    marked = df.with_columns(rule_of.alias("rule"), reason_of.alias("reason"))
    clean = marked.filter(pl.col("rule").is_null()).drop("rule", "reason")
    return clean, marked.filter(pl.col("rule").is_not_null())


def _fx(ticker: pl.Expr) -> pl.Expr:
    return ticker.str.ends_with("=X")


PRICE_RULES = [
    RowRule("duplicate_bar", "a second bar for the same ticker and day (the first one is kept)",
            pl.int_range(pl.len()).over(["ticker", "date"]) > 0),
    RowRule("missing_close", "no close", pl.col("close").is_null()),
    # A cell the source could not give as a number arrives as NaN (SnapshotSource reads text leniently).
    RowRule("not_a_number", "a price or the volume is not a number in the source (text, or NaN)",
            pl.any_horizontal(pl.col(c).is_nan() for c in ("open", "high", "low", "close", "volume"))),
    RowRule("non_positive_price", "a close at or below zero, or a negative open, high or low: no traded price is",
            (pl.col("close") <= 0) | pl.any_horizontal(pl.col(c) < 0 for c in ("open", "high", "low"))),
    RowRule("high_below_low", "the session's high is below its low", pl.col("high") < pl.col("low")),
    RowRule("close_outside_range", "the close lies outside the session's low..high range",
            ~_fx(pl.col("ticker")) & ((pl.col("close") > pl.col("high") * (1 + 1e-6))
                                      | (pl.col("close") < pl.col("low") * (1 - 1e-6)))),
    RowRule("negative_volume", "a negative volume", pl.col("volume") < 0),
]

CLAIM_KINDS = ("price_move", "points_change", "price_level", "market_cap_change", "market_cap_level",
               "market_cap_comparison", "direction")


def claim_rules(known_tickers: set[str], article_lengths: dict[str, int]) -> list[RowRule]:
    """Rules that need the reference table and the articles: a ticker must exist, a quote must lie in its article."""
    known = sorted(known_tickers)
    length = pl.col("article_id").replace_strict(article_lengths, default=None, return_dtype=pl.Int64)
    return [
        RowRule("unknown_kind", f"kind not one of {', '.join(CLAIM_KINDS)}", ~pl.col("kind").is_in(CLAIM_KINDS)),
        RowRule("unknown_unit", "unit is not fraction, points, sign or an ISO currency code",
                pl.col("unit").is_not_null() & ~pl.col("unit").str.contains(r"^(?:fraction|points|sign|[A-Z]{3})$")),
        RowRule("unknown_ticker", "a ticker that is not in the reference table (seeds/entities.csv)",
                pl.col("ticker").is_not_null()
                & ~pl.col("ticker").str.split("|").list.eval(pl.element().is_in(known)).list.all()),
        RowRule("quote_outside_article", "the quote's offsets do not lie inside the article's text",
                length.is_null() | (pl.col("char_start") < 0) | (pl.col("char_end") > length)
                | (pl.col("char_end") <= pl.col("char_start"))),
    ]


def quarantine_counts(quarantined: pl.DataFrame) -> dict[str, int]:
    return dict(quarantined.group_by("rule").len().sort("rule").iter_rows()) if quarantined.height else {}
