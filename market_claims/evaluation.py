"""Precision and recall of the extractor on a labelled set of sentences.

A predicted claim is right when it matches an expected one on ticker, kind and value and on
every other field the label states (hedge, timing, unit, status, event date, period,
compared tickers). Defaults: hedge none, timing session, status ok.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .articles import CleanArticle, read_publication
from .entities import EntityIndex
from .extract import Claim, extract_claims

DEFAULT_UNITS = {"price_move": "fraction", "direction": "sign", "points_change": "points"}


@dataclass
class Case:
    id: str
    lang: str
    text: str
    published: dt.date | dt.datetime | str | None  # a time with its zone when the case needs the moment of publication
    claims: list[dict]


@dataclass
class Report:
    expected: int = 0
    predicted: int = 0
    correct: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)  # (case id, what went wrong)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def load_cases(*paths: Path) -> list[Case]:
    cases = []
    for path in paths:
        lang = "en" if path.stem.endswith("_en") else "fr"
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(Case(item["id"], item.get("lang", lang), item["text"], item.get("published"), item["claims"]))
    return cases


def predict(case: Case, entities: EntityIndex) -> list[Claim]:
    published, published_at = case.published, None
    if isinstance(published, dt.datetime):  # "2025-02-25T08:58:00+00:00" (YAML reads it as a time)
        published = published.isoformat()
    if isinstance(published, str):  # and "2025-01-10 1:57 pm ET": read as an article's header is
        published, _, _, published_at = read_publication(published)
    article = CleanArticle(text=case.text, language=case.lang, published_date=published,
                           date_upper=published, published_at=published_at)
    return extract_claims(case.id, f"{case.id}.txt", article, entities).claims


def _same_value(expected, predicted) -> bool:
    if expected is None or predicted is None:
        return expected is None and predicted is None
    return math.isclose(float(expected), float(predicted), rel_tol=1e-9, abs_tol=1e-12)


def _differences(label: dict, claim: Claim) -> list[str]:
    """What in `claim` disagrees with `label` (empty: the claim is right)."""
    wanted = {
        "ticker": label.get("t"), "kind": label["k"], "hedge": label.get("h", "none"),
        "timing": label.get("tm", "session"), "status": label.get("s", "ok"),
    }
    got = {"ticker": claim.ticker, "kind": claim.kind, "hedge": claim.hedge, "timing": claim.timing, "status": claim.status}
    diffs = [f"{k}={got[k]!r} (want {v!r})" for k, v in wanted.items() if got[k] != v]
    if not _same_value(label.get("v"), claim.value):
        diffs.append(f"value={claim.value!r} (want {label.get('v')!r})")
    unit = label.get("u", DEFAULT_UNITS.get(label["k"]))
    if unit is not None and label.get("s", "ok") == "ok" and claim.unit != unit:
        diffs.append(f"unit={claim.unit!r} (want {unit!r})")
    if "d" in label and claim.event_date != label["d"]:
        diffs.append(f"event_date={claim.event_date} (want {label['d']})")
    if "ps" in label and claim.period != label["ps"]:
        diffs.append(f"period={claim.period!r} (want {label['ps']!r})")
    if "pd" in label and claim.period_start != label["pd"]:
        diffs.append(f"period_start={claim.period_start} (want {label['pd']})")
    if "cmp" in label and claim.compared_tickers != label["cmp"]:
        diffs.append(f"compared={claim.compared_tickers!r} (want {label['cmp']!r})")
    return diffs


def evaluate(cases: list[Case], entities: EntityIndex) -> Report:
    report = Report()
    for case in cases:
        predicted = predict(case, entities)
        report.expected += len(case.claims)
        report.predicted += len(predicted)
        unmatched = list(predicted)
        for label in case.claims:
            exact = next((c for c in unmatched if not _differences(label, c)), None)
            if exact is not None:
                unmatched.remove(exact)
                report.correct += 1
                continue
            near = next((c for c in unmatched if c.kind == label["k"] and c.ticker == label.get("t")), None)
            detail = "; ".join(_differences(label, near)) if near else "not found"
            report.misses.append((case.id, f"{label.get('t')} {label['k']} {label.get('v')}: {detail}"))
            if near is not None:
                unmatched.remove(near)
        for claim in unmatched:
            report.misses.append((case.id, f"extra claim {claim.ticker} {claim.kind} {claim.value} ({claim.quote!r})"))
    return report
