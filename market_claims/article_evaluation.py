"""Scoring the product on labelled real articles: extraction, event dates and verdicts.

A gold folder holds `<id>.txt` (the article, with url/published/lang/outlet headers) beside `<id>.yaml`
(its labelled claims and figures; format in tests/real_corpus/README.md). The product reads each article
as `market-claims check` does (extraction, price store, verification models); its claims are matched to
the labels, and each labelled claim's truth is computed from the raw price files by price_truth.py, which
shares no code with the verdict SQL.

A prediction matches a label when ticker, kind and value agree (the claim is found); the event date,
timing and period are then scored on the found claims. Verdict agreement is over the checkable labels
(truth known): the product agrees when it judges the label's claim true (accurate, approximately accurate,
consistent with the session) where the prices say true, inaccurate where they say false. A claim not found
has no verdict, so it disagrees. A false alarm: a true figure the product calls inaccurate.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .price_truth import PriceFiles, Truth, truth

JUDGED_TRUE = {"accurate", "approximately_accurate", "consistent_intraday"}


@dataclass
class GoldArticle:
    path: Path
    slice: str
    outlet: str
    lang: str
    claims: list[dict]
    figures: list[dict]


@dataclass
class Outcome:
    """One labelled claim, or one prediction no label matched."""
    article: GoldArticle
    label: dict | None
    predicted: dict | None
    found: bool = False
    cause: str = ""  # why it went wrong ("" when right)
    truth: Truth | None = None
    verdict_agrees: bool | None = None  # None: not checkable
    false_alarm: bool = False
    date_right: bool | None = None


def load_gold(*folders: Path) -> list[GoldArticle]:
    articles = []
    for folder in folders:
        for labels in sorted(Path(folder).glob("*.yaml")):
            data = yaml.safe_load(labels.read_text(encoding="utf-8"))
            text = labels.with_name(data["article"])
            lang = next((line.split(":", 1)[1].strip() for line in text.read_text(encoding="utf-8").splitlines()[:6]
                         if line.startswith("lang:")), "?")
            articles.append(GoldArticle(text, Path(folder).name, str(data.get("outlet") or "?"), lang,
                                        data.get("claims") or [], data.get("figures") or []))
    return articles


def predictions(articles: list[GoldArticle], settings) -> dict[Path, list[dict]]:
    """The product's judged claims per article, read as `market-claims check` reads files (in a
    scratch warehouse, so the user's price store and tables are untouched)."""
    from .checking import check_files

    with tempfile.TemporaryDirectory() as scratch:
        tables, _ = check_files([a.path for a in articles], dataclasses.replace(settings, warehouse_dir=Path(scratch)))
    by_file: dict[Path, list[dict]] = defaultdict(list)
    for row in tables["claim_verdicts"].iter_rows(named=True):
        by_file[Path(row["source_file"])].append(row)
    return by_file


def _same_value(label: dict, row: dict) -> bool:
    if label.get("v") is None or row["claimed_value"] is None:
        return False
    return math.isclose(float(label["v"]), row["claimed_value"], rel_tol=1e-6, abs_tol=1e-9)


def _overlaps(label: dict, row: dict) -> bool:
    quote, words = label["q"], row["quote"] or ""
    return bool(words) and (words in quote or quote in words)


def _same_claim(label: dict, row: dict) -> bool:
    return row["kind"] == label["k"] and row["ticker"] == label.get("t") and _same_value(label, row)


def _match(labels: list[dict], rows: list[dict]) -> list[dict | None]:
    """Each label's claim: first the claims read from the label's own words, then, for the labels left, any claim
    left that says the same thing ("Wall Street chute" in the headline and again in the lead are two labels and
    two claims; a claim from the lead must not take the headline's label while the lead's own goes unmatched)."""
    unmatched = list(rows)
    matched: list[dict | None] = [None] * len(labels)
    for by_words in (True, False):
        for i, label in enumerate(labels):
            if matched[i] is None:
                row = next((r for r in unmatched if _same_claim(label, r) and (not by_words or _overlaps(label, r))), None)
                if row is not None:
                    matched[i] = row
                    unmatched.remove(row)
    return matched


def score_article(article: GoldArticle, rows: list[dict], files: PriceFiles) -> list[Outcome]:
    matched = _match(article.claims, rows)
    unmatched = [r for r in rows if not any(r is m for m in matched)]
    outcomes = []
    for label, row in zip(article.claims, matched):
        outcome = Outcome(article, label, row, found=row is not None)
        if row is not None:
            outcome.date_right = judged_session(row) == label.get("d")
            if not outcome.date_right:
                outcome.cause = "wrong event date"
            elif row["timing"] != label.get("tm", "session"):
                outcome.cause = "wrong timing"
        else:
            outcome.cause = _miss_cause(label, unmatched)
        outcome.truth = truth(label, files)
        if outcome.truth.status != "uncheckable":
            judged = row["verdict"] if row else None
            said_true = judged in JUDGED_TRUE
            outcome.verdict_agrees = (said_true if outcome.truth.status == "true" else judged == "inaccurate")
            outcome.false_alarm = outcome.truth.status == "true" and judged == "inaccurate"
            if not outcome.verdict_agrees and not outcome.cause:
                outcome.cause = f"verdict {judged} where prices say {outcome.truth.status}"
        outcomes.append(outcome)
    for row in unmatched:
        figure = any((row["quote"] or "") and (row["quote"] in f["q"] or f["q"] in row["quote"]) for f in article.figures)
        outcomes.append(Outcome(article, None, row, cause="a figure read as a claim" if figure else "claim not labelled"))
    return outcomes


def judged_session(row: dict) -> dt.date | None:
    """The session the product judged the claim on (a Saturday's article date is checked on Friday's bar);
    the claim's own date when no bar was found."""
    return row["bar_date"] or row["event_date"]


def _miss_cause(label: dict, rows: list[dict]) -> str:
    if any(r["kind"] == label["k"] and _same_value(label, r) for r in rows):
        return "wrong subject"
    if any(r["ticker"] == label.get("t") and _same_value(label, r) for r in rows):
        return "wrong kind"
    if any(_overlaps(label, r) for r in rows):
        return "wrong value or kind"
    return "not found"


@dataclass
class Score:
    labelled: int = 0
    found: int = 0
    predicted: int = 0
    correct_predictions: int = 0
    date_right: int = 0
    checkable: int = 0
    agree: int = 0
    false_alarms: int = 0
    causes: Counter = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        if outcome.label is not None:
            self.labelled += 1
            self.found += outcome.found
            self.date_right += bool(outcome.date_right)
            if outcome.verdict_agrees is not None:
                self.checkable += 1
                self.agree += outcome.verdict_agrees
                self.false_alarms += outcome.false_alarm
        if outcome.predicted is not None:
            self.predicted += 1
            self.correct_predictions += outcome.label is not None
        if outcome.cause:
            self.causes[outcome.cause] += 1

    def ratio(self, part: int, whole: int) -> str:
        return f"{part / whole:.2f}" if whole else "–"

    def row(self, name: str) -> str:
        alarms = f"{100 * self.false_alarms / self.checkable:.1f}" if self.checkable else "–"
        return (f"| {name} | {self.labelled} | {self.ratio(self.found, self.labelled)} | "
                f"{self.ratio(self.correct_predictions, self.predicted)} | {self.ratio(self.date_right, self.found)} | "
                f"{self.checkable} | {self.ratio(self.agree, self.checkable)} | {alarms} |")


HEADER = ("| set | labelled claims | recall | precision | event date (of found) | checkable | verdict agreement "
          "| false alarms /100 checkable |\n|---|---|---|---|---|---|---|---|")


@dataclass
class Evaluation:
    articles: list[GoldArticle]
    outcomes: list[Outcome]

    def scores(self, key: str) -> dict[str, Score]:
        """Scores grouped by 'slice', 'lang' or 'outlet'; key 'all' gives one group."""
        groups: dict[str, Score] = defaultdict(Score)
        for outcome in self.outcomes:
            groups["all" if key == "all" else getattr(outcome.article, key)].add(outcome)
        return dict(sorted(groups.items()))

    def report(self, details: bool = False) -> str:
        lines = [f"# Accuracy on labelled articles ({len(self.articles)} articles)", "", HEADER]
        lines += [s.row("all") for s in self.scores("all").values()]
        lines += [s.row(f"{key} {name}") for key in ("slice", "lang") for name, s in self.scores(key).items()]
        lines += ["", "## By outlet", "", HEADER] + [s.row(name) for name, s in self.scores("outlet").items()]
        causes = sum((s.causes for s in self.scores("all").values()), Counter())
        lines += ["", "## By cause", "", "| cause | count |", "|---|---|"]
        lines += [f"| {cause} | {n} |" for cause, n in causes.most_common()]
        if details:
            lines += ["", "## Every error", ""] + [_describe(o) for o in self.outcomes if o.cause]
        return "\n".join(lines) + "\n"


def _describe(o: Outcome) -> str:
    label, got = o.label or {}, o.predicted or {}
    alarm = " **FALSE ALARM**" if o.false_alarm else ""
    return (f"- {o.article.path.name}:{alarm} **{o.cause}** — label {label.get('t')} {label.get('k')} {label.get('v')} "
            f"d={label.get('d')} tm={label.get('tm')} «{label.get('q', '')}»; got {got.get('ticker')} {got.get('kind')} "
            f"{got.get('claimed_value')} d={got and judged_session(got)} tm={got.get('timing')} [{got.get('verdict')}] "
            f"«{got.get('quote', '')}»" + (f"; truth {o.truth.status} ({o.truth.reason})" if o.truth else ""))


def evaluate_gold(folders: list[Path], settings) -> Evaluation:
    articles = load_gold(*folders)
    predicted = predictions(articles, settings)
    files = PriceFiles(settings.prices_dir)
    return Evaluation(articles, [o for a in articles for o in score_article(a, predicted.get(a.path, []), files)])
