"""Precision and recall on the labelled sentences (tests/labelled), beyond the seeds."""

from collections import Counter

import pytest

from market_claims.evaluation import evaluate, load_cases
from market_claims.reference import entity_index, read_entities
from market_claims.settings import PROJECT_ROOT

LABELLED = PROJECT_ROOT / "tests" / "labelled"
INDEX = entity_index(read_entities(PROJECT_ROOT / "seeds" / "entities.csv"))
DEV = load_cases(LABELLED / "sentences_fr.yaml", LABELLED / "sentences_en.yaml")
HOLDOUT = load_cases(LABELLED / "holdout_fr.yaml", LABELLED / "holdout_en.yaml")


def test_the_labelled_set_is_large_and_covers_every_kind_in_both_languages():
    assert len(DEV) + len(HOLDOUT) >= 150
    assert len({c.id for c in DEV + HOLDOUT}) == len(DEV) + len(HOLDOUT)
    kinds = Counter((c.lang, claim["k"]) for c in DEV for claim in c.claims)
    for lang in ("fr", "en"):
        for kind in ("price_move", "points_change", "price_level", "market_cap_change", "market_cap_level",
                     "market_cap_comparison", "direction"):
            assert kinds[(lang, kind)] >= 1, (lang, kind)
    negatives = [c for c in DEV if not c.claims]
    assert len(negatives) >= 25, "sentences whose numbers must all stay figures"


def test_every_development_sentence_is_read_as_labelled():
    """The sentences the grammar is developed beside: each is a phrasing's own test, so one miss fails."""
    report = evaluate(DEV, INDEX)
    assert not report.misses, "\n".join(f"{case}: {what}" for case, what in report.misses)


def test_held_out_precision_and_recall_meet_the_targets():
    report = evaluate(HOLDOUT, INDEX)
    misses = "\n".join(f"{case}: {what}" for case, what in report.misses)
    assert report.precision >= 0.95, f"holdout precision {report.precision:.3f}\n{misses}"
    assert report.recall >= 0.90, f"holdout recall {report.recall:.3f}\n{misses}"


def test_a_wrong_label_is_counted_as_a_miss():
    """The scorer can fail: a case whose label disagrees with the extractor lowers both figures."""
    from market_claims.evaluation import Case

    case = Case("x", "fr", "Oracle a chuté de 14 %.", None, [{"t": "ORCL", "k": "price_move", "v": -0.15}])
    report = evaluate([case], INDEX)
    assert (report.correct, report.precision, report.recall) == (0, 0.0, 0.0)
    assert "value=-0.14 (want -0.15)" in report.misses[0][1]
