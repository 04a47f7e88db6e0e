"""Extraction speed and accuracy, without Dagster.

    .venv/bin/python bench/extraction.py [--seconds 3] [--runs 5]

Speed: the five seed articles (cleaned once, as the pipeline does) extracted over and over on
one core; the median of several timed runs, in articles per second. Accuracy: precision and
recall on the labelled sentences (tests/labelled). The issue on performance (#8) builds the
large synthetic corpora and the multi-core figures on top of this.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from market_claims.articles import article_record, clean_article_from_record, read_article_folder  # noqa: E402
from market_claims.evaluation import evaluate, load_cases  # noqa: E402
from market_claims.extract import EXTRACTOR_VERSION, extract_claims  # noqa: E402
from market_claims.reference import entity_index, read_entities  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0, help="length of one timed run")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    index = entity_index(read_entities(ROOT / "seeds" / "entities.csv"))
    records = [article_record(raw) for raw in read_article_folder(ROOT / "seeds" / "articles")]
    articles = [(r["article_id"], r["source_file"], clean_article_from_record(r)) for r in records if r["status"] == "ok"]
    chars = sum(len(a.text) for _, _, a in articles)

    rates, latencies = [], []
    for _ in range(args.runs):
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < args.seconds:
            for article_id, source_file, article in articles:
                t0 = time.perf_counter()
                extract_claims(article_id, source_file, article, index)
                latencies.append(time.perf_counter() - t0)
                done += 1
        rates.append(done / (time.perf_counter() - started))
    latencies.sort()

    labelled = ROOT / "tests" / "labelled"
    dev = evaluate(load_cases(labelled / "sentences_fr.yaml", labelled / "sentences_en.yaml"), index)
    holdout = evaluate(load_cases(labelled / "holdout_fr.yaml", labelled / "holdout_en.yaml"), index)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"extractor {EXTRACTOR_VERSION}")
    print("| measure | value |\n|---|---|")
    print(f"| extraction, 1 core (median of {args.runs} runs of {args.seconds:.0f} s) | "
          f"{statistics.median(rates):,.0f} articles/s ({statistics.median(rates) * chars / len(articles) / 1e6:.2f} MB/s) |")
    print(f"| latency per seed article, p50 / p95 | {latencies[len(latencies) // 2] * 1e3:.2f} ms / "
          f"{latencies[int(len(latencies) * 0.95)] * 1e3:.2f} ms |")
    print(f"| labelled dev set ({dev.expected} claims) | precision {dev.precision:.3f}, recall {dev.recall:.3f} |")
    print(f"| labelled held-out set ({holdout.expected} claims) | precision {holdout.precision:.3f}, "
          f"recall {holdout.recall:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
