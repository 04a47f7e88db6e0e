"""Great Expectations 1.x suites, kept as plain data, validated against pandas frames.

A suite is a list of `Rule`s: an expectation's class name, its arguments, and why it
matters in words a reader understands. GX is imported only when a suite runs (it is slow
to import and the extractor does not need it).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path

import polars as pl

from .user_cache import UserCache

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

BOILERPLATE_MARKERS = r"(?i)(?:qr ?code|soutenez-nous|faire un don|vous souhaitez être contacté|message d'abonnement)"
CLAIM_KINDS = ["price_move", "points_change", "price_level", "market_cap_change", "market_cap_level",
               "market_cap_comparison", "direction"]
CLAIM_UNIT_PATTERN = r"^(?:fraction|points|sign|[A-Z]{3})$"
VERDICTS = ["accurate", "approximately_accurate", "inaccurate", "consistent_intraday", "ambiguous",
            "unverifiable", "pending_prices"]


@dataclass(frozen=True)
class Rule:
    expectation: str
    kwargs: dict
    reason: str


@dataclass
class RuleOutcome:
    rule: Rule
    success: bool
    unexpected_count: int
    sample: list = field(default_factory=list)


# Rows of securities traded on an exchange (not FX pairs such as EURUSD=X).
EXCHANGE_TRADED = {"row_condition": 'not ticker.str.endswith("=X")', "condition_parser": "pandas"}


def _ok_rows(column: str) -> dict:
    return {"row_condition": 'status=="ok"', "condition_parser": "pandas"} | {"column": column}


SUITES: dict[str, list[Rule]] = {
    "articles": [
        Rule("ExpectColumnValuesToBeUnique", {"column": "article_id"}, "one row per article: ids come from content hashes"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "status", "value_set": ["ok"]},
             "quarantined articles are in quarantine_articles, not here"),
        Rule("ExpectColumnPairValuesAToBeGreaterThanB",
             {"column_A": "date_upper", "column_B": "date_lower", "or_equal": True, "ignore_row_if": "either_value_is_missing"},
             "an article's date bounds are in order (a date is parsed or left unknown, never guessed)"),
        Rule("ExpectColumnValueLengthsToBeBetween", _ok_rows("text") | {"min_value": 1}, "a usable article has text"),
        Rule("ExpectColumnValuesToBeInSet", _ok_rows("language") | {"value_set": ["fr", "en"]}, "the extractor reads French and English"),
        Rule("ExpectColumnValuesToNotMatchRegex", _ok_rows("text") | {"regex": BOILERPLATE_MARKERS},
             "page furniture (QR codes, donation appeals, contact forms) is removed before extraction"),
    ],
    "claims": [
        Rule("ExpectColumnValuesToBeUnique", {"column": "claim_id"}, "one row per claim"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "kind", "value_set": CLAIM_KINDS}, "kinds come from one vocabulary"),
        Rule("ExpectColumnValuesToMatchRegex", {"column": "unit", "regex": CLAIM_UNIT_PATTERN},
             "units are fraction, points, sign or an ISO currency code"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "status", "value_set": ["ok", "ambiguous", "unresolved_entity"]}, "statuses come from one vocabulary"),
        Rule("ExpectColumnValuesToNotBeNull", _ok_rows("ticker"), "a claim marked ok names a listed security"),
        Rule("ExpectColumnValuesToBeBetween", {"column": "value", "min_value": -0.6, "max_value": 0.6,
             "row_condition": 'kind=="price_move" and timing!="period" and flags.isnull()', "condition_parser": "pandas"},
             "a daily move beyond ±60 % carries the implausible_daily_move flag (flagged, not dropped)"),
        Rule("ExpectColumnValuesToNotBeNull", {"column": "quote"}, "every claim shows the words it comes from"),
    ],
    "prices": [
        Rule("ExpectCompoundColumnsToBeUnique", {"column_list": ["ticker", "date"]}, "one bar per ticker and day"),
        Rule("ExpectColumnPairValuesAToBeGreaterThanB", {"column_A": "high", "column_B": "low", "or_equal": True}, "a session's high is not below its low"),
        Rule("ExpectColumnPairValuesAToBeGreaterThanB", {"column_A": "high", "column_B": "close", "or_equal": True} | EXCHANGE_TRADED,
             "the close lies inside the session's range (FX rates excepted: Yahoo's daily FX close is a snapshot "
             "taken apart from the day's high and low)"),
        Rule("ExpectColumnPairValuesAToBeGreaterThanB", {"column_A": "close", "column_B": "low", "or_equal": True} | EXCHANGE_TRADED,
             "the close lies inside the session's range (FX rates excepted, as above)"),
        Rule("ExpectColumnValuesToBeBetween", {"column": "volume", "min_value": 0}, "volumes are never negative"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "close_basis", "value_set": ["raw", "adjusted", "level"]}, "every bar says which close it carries"),
    ],
    "claim_verdicts": [
        Rule("ExpectColumnValuesToBeUnique", {"column": "claim_id"}, "every claim has exactly one verdict"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "verdict", "value_set": VERDICTS}, "verdicts come from one vocabulary"),
        Rule("ExpectColumnValuesToNotBeNull", {"column": "bar_date", "row_condition": 'verdict in ["accurate", "inaccurate", "consistent_intraday"]',
             "condition_parser": "pandas"}, "a verdict on the market cites the bar it used"),
        Rule("ExpectColumnValuesToNotBeNull", {"column": "explanation"}, "every verdict explains itself"),
    ],
}


def validate(df: pl.DataFrame, rules: list[Rule]) -> list[RuleOutcome]:
    """Run the rules on `df` with an ephemeral GX context; one outcome per rule."""
    import great_expectations as gx

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    batch = (
        context.data_sources.add_pandas("frames")
        .add_dataframe_asset("frame")
        .add_batch_definition_whole_dataframe("whole")
        .get_batch(batch_parameters={"dataframe": df.to_pandas()})
    )
    outcomes = []
    for rule in rules:
        result = batch.validate(getattr(gx.expectations, rule.expectation)(**rule.kwargs))
        detail = result.result or {}
        outcomes.append(RuleOutcome(
            rule=rule, success=bool(result.success),
            unexpected_count=int(detail.get("unexpected_count") or 0),
            sample=[str(v) for v in (detail.get("partial_unexpected_list") or [])[:5]],
        ))
    return outcomes


def columns_read(rules: list[Rule], columns: list[str]) -> list[str]:
    """The frame's columns the rules look at: named as arguments or in a row condition. The others
    (when a bar was fetched, say) cannot change an outcome, so they do not make a validation new."""
    words: set[str] = set()
    for rule in rules:
        for value in rule.kwargs.values():
            words.update(value if isinstance(value, list) else [value] if isinstance(value, str) else [])
        words.update(re.findall(r"[A-Za-z_]\w*", rule.kwargs.get("row_condition", "")))
    return [c for c in columns if c in words]


def fingerprint(df: pl.DataFrame, rules: list[Rule]) -> str:
    """Identifies a validation: the rows and types of the columns the rules read, the rules, and the versions
    that judge them."""
    df = df.select(columns_read(rules, df.columns))
    digest = hashlib.sha256(repr((rules, df.schema, version("great_expectations"), pl.__version__)).encode())
    digest.update(repr(df.height).encode() + (df.hash_rows().to_numpy().tobytes() if df.height and df.width else b""))
    return digest.hexdigest()[:32]


VALIDATIONS_KEPT = 64  # per suite: enough for several warehouses and scratch runs side by side


def validate_cached(df: pl.DataFrame, rules: list[Rule], suite: str, cache_root: Path | None = None
                    ) -> tuple[list[RuleOutcome], bool]:
    """`validate`, memoised on `fingerprint` in the user cache (`cache_root`: another root, for tests): the same
    rows under the same rules give the same outcomes, so a refresh that rewrote identical rows — or a new
    warehouse built from the same inputs — does not pay GX's import and run again (~5 s of CPU).
    Returns (outcomes, reused)."""
    cache = UserCache(f"validations/{suite}", keep=VALIDATIONS_KEPT, root=cache_root)
    name = f"{fingerprint(df, rules)}.json"
    try:
        saved = json.loads(cache.get(name) or "")
        return [RuleOutcome(rule=rule, success=o["success"], unexpected_count=o["unexpected_count"], sample=o["sample"])
                for rule, o in zip(rules, saved, strict=True)], True
    except (ValueError, KeyError, TypeError):
        pass  # not validated yet, or an entry from an unreadable or older layout: validate again
    outcomes = validate(df, rules)
    cache.put(name, json.dumps([{k: v for k, v in asdict(o).items() if k != "rule"} for o in outcomes]))
    return outcomes, False
