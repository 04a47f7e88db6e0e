"""Hostile inputs for the extractor, and how long they take: the worst seconds per 10,000 characters.

The reliability tests (tests/reliability/test_bad_input.py) feed the same pieces to the extractor and
check what comes out; the time is measured here, in `make bench`, because a time bound inside a test
fails on a busy machine. A catastrophic regex (a 44,000-character sentence once took 88 s) shows up
as a worst figure far above the target.
"""

from __future__ import annotations

import random
import time

# Pieces real and hostile articles are made of; the tests' hypothesis strategies recombine them.
WORDS = ["Nvidia", "NVIDIA", "Broadcom", "Oracle", "Cisco", "le CAC 40", "le Nasdaq", "l'action", "Apple", "ASML",
         "a chuté de", "a perdu", "recule de", "gagne", "s'est effondré de", "fell", "rose", "plunged", "soit",
         "respectivement", "et", ",", ";", ":", "(", ")", "«", "»", '"', "'", "…", "?", ".", "\n", "\n\n",
         "lundi", "27 janvier 2025", "hier", "Monday", "milliards de dollars", "de capitalisation", "points",
         "%", " %", "\u00a0%", "\u202f%", "1e308 %", "−0 %", "-0 %", "NaN %", "∞ %", "17", "17,5", "0,65", "600",
         "9" * 60, "1.234,5", "4,127.5", "−3,5", "dix-sept", "près de", "plus de", "environ", "NVDA'; DROP TABLE claims;--",
         "<script>", "</script>", "中文", "Привет", "🙂", "\u200b", "\ufeff", "\x00", "\t"]

ABSURD_TEXTS = [
    "Nvidia a chuté de 1e308 %.", "Nvidia a chuté de −0 %.", "Nvidia a chuté de " + "9" * 400 + " %.",
    "Nvidia a chuté de 17 % " * 2000,                                   # a 44,000-character sentence
    "« Nvidia a chuté de 17 %, " * 500,                                 # unbalanced quotes
    "(" * 5000 + "Nvidia a chuté de 17 %" + ")" * 10,                   # unbalanced brackets
    "Nvidia, " * 3000 + "ont respectivement cédé " + "1 %, " * 3000,    # a list no regex should explore
    "Nvidia a chuté de 17 % lundi. Die Aktie fiel um 3 %. 英伟达下跌17%. Nvidia fell 17% on Monday.",
]

TARGET_SECONDS_PER_10K = 2.0


def recombined(count: int, seed: int = 20250127) -> list[str]:
    """`count` texts of up to 80 pieces each, reproducible from the seed."""
    rng = random.Random(seed)
    return [" ".join(rng.choices(WORDS, k=rng.randint(1, 80))) for _ in range(count)]


def worst_seconds_per_10k(texts: list[str]) -> tuple[float, int]:
    """(worst seconds per 10,000 characters, length of that text), over both languages."""
    from market_claims.articles import CleanArticle
    from market_claims.extract import extract_claims
    from market_claims.reference import entity_index, read_entities
    from market_claims.settings import PROJECT_ROOT

    index = entity_index(read_entities(PROJECT_ROOT / "seeds" / "entities.csv"))
    worst, worst_length = 0.0, 0
    for text in texts:
        for language in ("fr", "en"):
            started = time.perf_counter()
            extract_claims("hostile", "hostile.txt", CleanArticle(text=text, language=language), index)
            per_10k = (time.perf_counter() - started) / max(1, len(text) / 10_000)
            if per_10k > worst:
                worst, worst_length = per_10k, len(text)
    return worst, worst_length
