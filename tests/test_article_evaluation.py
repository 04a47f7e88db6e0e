"""The evaluation's yardstick (price_truth) on the real price files, and the scoring of labelled articles."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from market_claims.article_evaluation import evaluate_gold, load_gold
from market_claims.calendars import CALENDAR_START, is_session
from market_claims.reference import read_entities
from market_claims.price_truth import PriceFiles, data_step, stated_step, truth
from market_claims.settings import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "tests" / "real_corpus"
CALENDAR_FIRST_DAY = dt.date.fromisoformat(CALENDAR_START)
FILES = PriceFiles(PROJECT_ROOT / "seeds" / "prices")
# AAPL closes: 2024-10-01 226.21, 10-02 226.78 (+0.252 %), 10-04 226.80, 10-07 221.69 (-2.253 %, low 221.33, high 225.69)


def label(**fields):
    return {"t": "AAPL", "k": "price_move", "u": "fraction", "h": "none", "tm": "session", "ps": None} | fields


@pytest.mark.parametrize("fields, status", [
    ({"v": 0.0025, "d": dt.date(2024, 10, 2)}, "true"),
    ({"v": 0.003, "d": dt.date(2024, 10, 2)}, "true"),  # "0.3 %" covers 0.25..0.35 %
    ({"v": 0.0024, "d": dt.date(2024, 10, 2)}, "false"),
    ({"v": -0.0225, "d": dt.date(2024, 10, 7)}, "true"),
    ({"v": -0.022, "d": dt.date(2024, 10, 7)}, "false"),
    ({"v": -0.02, "d": dt.date(2024, 10, 7), "h": "at_least"}, "true"),
    ({"v": -0.025, "d": dt.date(2024, 10, 7), "h": "at_least"}, "false"),
    ({"v": 0.02, "d": dt.date(2024, 10, 7), "h": "approx"}, "false"),  # wrong sign
    ({"v": -0.01, "d": dt.date(2024, 10, 7), "tm": "intraday"}, "true"),  # inside -2.41..-0.49 %
    ({"v": 0.01, "d": dt.date(2024, 10, 7), "tm": "intraday"}, "false"),
    ({"v": -0.02, "d": dt.date(2024, 10, 7), "tm": "period", "ps": dt.date(2024, 10, 2)}, "true"),  # vs 10-01
    ({"k": "direction", "v": -1, "u": "sign", "d": dt.date(2024, 10, 7)}, "true"),
    ({"k": "direction", "v": 1, "u": "sign", "d": dt.date(2024, 10, 7), "tm": "intraday"}, "false"),
    ({"k": "price_level", "v": 221.69, "u": "USD", "d": dt.date(2024, 10, 7)}, "true"),
    ({"k": "price_level", "v": 221.7, "u": "USD", "d": dt.date(2024, 10, 7)}, "true"),
    ({"k": "price_level", "v": 221.6, "u": "USD", "d": dt.date(2024, 10, 7)}, "false"),
    ({"k": "price_level", "v": 224, "u": "USD", "d": dt.date(2024, 10, 7), "tm": "intraday"}, "true"),
    ({"k": "points_change", "v": -5.11, "u": "points", "d": dt.date(2024, 10, 7)}, "true"),
    ({"v": 0.01, "d": dt.date(2024, 10, 5)}, "uncheckable"),  # a Saturday: no bar
    ({"v": 0.01, "d": dt.date(2024, 10, 1)}, "uncheckable"),  # the file's first bar: no previous close
    ({"t": "NOSUCH", "v": 0.01, "d": dt.date(2024, 10, 2)}, "uncheckable"),
    ({"k": "market_cap_level", "v": 3e12, "u": "USD", "d": dt.date(2024, 10, 2)}, "uncheckable"),
])
def test_truth_from_the_raw_price_file(fields, status):
    assert truth(label(**fields), FILES).status == status


def test_the_price_files_own_rounding_is_allowed_for():
    # Yahoo's ^IXIC close on 2024-12-23 is 19,764.88 (a float print of it); the official close, which CNBC
    # quotes, is 19,764.89: one unit of the data's last decimal, not an error of the article.
    assert data_step(19764.880859375) == pytest.approx(0.01) and data_step(8173.0) == 1
    nasdaq = {"t": "^IXIC", "k": "price_level", "u": "points", "d": dt.date(2024, 12, 23)}
    assert truth(label(**nasdaq, v=19764.89), FILES).status == "true"
    assert truth(label(**nasdaq, v=19764.91), FILES).status == "false"
    # The FTSE 100's closes there are whole points (8,121 and 8,173): "52.01 points" cannot be told from 52.
    ftse = {"t": "^FTSE", "k": "points_change", "u": "points", "d": dt.date(2024, 12, 31)}
    assert truth(label(**ftse, v=52.01), FILES).status == "true"
    assert truth(label(**ftse, v=55.0), FILES).status == "false"


def test_stated_step_is_one_unit_of_the_last_written_digit():
    assert stated_step(0.0042, "fraction") == pytest.approx(0.0001)
    assert stated_step(0.17, "fraction") == pytest.approx(0.01)
    assert stated_step(44910.65, "points") == pytest.approx(0.01)
    assert stated_step(600e9, "USD") == pytest.approx(1)


def test_the_corpus_labels_are_well_formed():
    articles = load_gold(*sorted(p for p in CORPUS.iterdir() if p.is_dir()))
    assert len(articles) >= 120 and {a.lang for a in articles} == {"en", "fr"}
    entities = read_entities(PROJECT_ROOT / "seeds" / "entities.csv")
    calendars = dict(zip(entities["ticker"], entities["calendar"]))
    for article in articles:
        text = article.path.read_text(encoding="utf-8")
        for claim in article.claims:
            assert claim["q"] in text, (article.path.name, claim["q"])
            assert claim["k"] in {"price_move", "price_level", "points_change", "direction", "market_cap_level",
                                  "market_cap_change"}
            assert isinstance(claim["d"], dt.date), (article.path.name, claim["q"])
            # the session a figure is about is a session of its market (the DAX's 2024 ended on the 30th)
            if claim.get("t") in calendars and claim["d"] >= CALENDAR_FIRST_DAY:
                assert is_session(calendars[claim["t"]], claim["d"]), (article.path.name, claim["q"], claim["d"])


def test_scoring_an_article_end_to_end(tmp_path):
    """A real article through the product (extraction, price store, verdict models) and the scoring:
    a found claim whose label is moved to another ticker becomes a miss, and nothing else changes."""
    name = "en_001_livemint_2024-11-29"
    shutil.copy(CORPUS / "dev" / f"{name}.txt", tmp_path)
    labels = yaml.safe_load((CORPUS / "dev" / f"{name}.yaml").read_text(encoding="utf-8"))
    (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(labels), encoding="utf-8")
    settings = Settings.from_env()
    before = evaluate_gold([tmp_path], settings)
    found = [i for i, o in enumerate(o for o in before.outcomes if o.label) if o.found]
    assert before.scores("all")["all"].labelled == len(labels["claims"]) and found

    labels["claims"][found[0]]["t"] = "NOSUCH"
    (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(labels), encoding="utf-8")
    after = evaluate_gold([tmp_path], settings)
    moved = [o for o in after.outcomes if o.label][found[0]]
    assert not moved.found and moved.cause == "wrong subject"
    b, a = before.scores("all")["all"], after.scores("all")["all"]
    assert (a.found, a.predicted, a.correct_predictions) == (b.found - 1, b.predicted, b.correct_predictions - 1)
    assert "| all |" in after.report() and "wrong subject" in after.report(details=True)


def test_the_listings_file_is_what_the_installed_package_gives(tmp_path):
    """seeds/listings.csv is generated (`make reference`): a newer pytickersymbols must be regenerated, not drift."""
    from market_claims.listings import LISTINGS_FILE, write_listings

    fresh = tmp_path / "listings.csv"
    assert write_listings(fresh) > 1500
    assert fresh.read_text(encoding="utf-8") == LISTINGS_FILE.read_text(encoding="utf-8")


def test_a_claim_is_matched_to_the_label_of_its_own_words_first():
    from market_claims.article_evaluation import _match
    headline = label(k="direction", v=-1, q="Wall Street chute encore")
    lead = label(k="direction", v=-1, q="La Bourse de New York a fini en forte baisse")
    from_lead = {"kind": "direction", "ticker": "AAPL", "claimed_value": -1.0,
                 "quote": "La Bourse de New York a fini en forte baisse"}
    # Only the lead's claim was read: it is the lead's, and the headline's label is the one missed.
    assert _match([headline, lead], [from_lead]) == [None, from_lead]
    stray = from_lead | {"quote": "New York recule"}
    assert _match([headline, lead], [stray]) == [stray, None]  # no words in common: the first label that says it
