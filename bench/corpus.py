"""Synthetic article corpora for the benchmarks: reproducible from a seed, recombined from real-style sentences.

    .venv/bin/python bench/corpus.py OUT_DIR --articles 10000 [--seed 20250127]

SYNTHETIC. Each article is assembled from the labelled sentences (tests/labelled: written in the
styles of AFP, Reuters, Les Echos…, every market claim labelled) and the seed articles' sentences,
with the company or index swapped for another of the same kind from seeds/entities.csv, the
percentages and amounts redrawn, and a publication day drawn from the trading days the bundled
prices cover. Article i depends only on (seed, i): the 1k corpus is the first thousand of the 10k
one, which is the first ten thousand of the 100k one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from market_claims.articles import article_record, read_article_folder  # noqa: E402
from market_claims.reference import read_entities  # noqa: E402
from market_claims.text import split_sentences  # noqa: E402

LABELLED = ROOT / "tests" / "labelled"
FIRST_DAY, LAST_DAY = dt.date(2024, 10, 1), dt.date(2025, 4, 15)  # what seeds/prices covers
_PERCENT = re.compile(r"(?P<int>\d{1,2})(?:(?P<sep>[,.])(?P<dec>\d{1,2}))?(?P<sp>\s?)%")
OUTLETS = ["Dépêche Synthétique", "Le Courrier des Marchés", "Synthetic Wire", "La Lettre de la Bourse",
           "Market Notes Daily", "L'Écho des Valeurs"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]


@dataclass(frozen=True)
class Material:
    claim_sentences: dict[str, list[str]]  # language -> sentences that make claims
    other_sentences: dict[str, list[str]]  # language -> sentences without claims (context, non-price figures)
    aliases: dict[str, list[str]]          # entity kind -> names as articles write them
    kind_of: dict[str, str]                # name -> entity kind
    alias_pattern: re.Pattern


def load_material() -> Material:
    claim, other = {"fr": [], "en": []}, {"fr": [], "en": []}
    for path in sorted(LABELLED.glob("*.yaml")):
        lang = "en" if path.stem.endswith("_en") else "fr"
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            (claim if case["claims"] else other)[lang].append(case["text"])
    for record in (article_record(raw) for raw in read_article_folder(ROOT / "seeds" / "articles")):
        if record["status"] == "ok":
            text = record["text"]
            other[record["language"]] += [text[s:e] for s, e in split_sentences(text)
                                          if 40 < e - s < 400 and not re.search(r"\d", text[s:e])]
    entities = read_entities(ROOT / "seeds" / "entities.csv")
    aliases: dict[str, list[str]] = {}
    for row in entities.iter_rows(named=True):
        names = [row["name"], *(a for a in (row["aliases"] or "").split("|") if a)]
        aliases.setdefault(row["kind"], []).extend(n for n in names if len(n) > 3 and not n.isupper())
    every = sorted({a for names in aliases.values() for a in names}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in every) + r")\b")
    kind_of = {a: kind for kind, names in aliases.items() for a in names}
    return Material(claim, other, {k: sorted(set(v)) for k, v in aliases.items()}, kind_of, pattern)


def _vary(sentence: str, rng: random.Random, material: Material) -> str:
    """The sentence with its subjects swapped for others of the same kind and its percentages redrawn."""
    sentence = material.alias_pattern.sub(lambda m: rng.choice(material.aliases[material.kind_of[m.group()]]), sentence)

    def percent(m: re.Match) -> str:
        whole = str(rng.randint(0, 19))
        if m.group("dec") is None:
            return f"{max(1, int(whole))}{m.group('sp')}%"
        return f"{whole}{m.group('sep')}{rng.randint(0, 10 ** len(m.group('dec')) - 1):0{len(m.group('dec'))}d}{m.group('sp')}%"

    return _PERCENT.sub(percent, sentence)


def _trading_day(rng: random.Random) -> dt.date:
    while True:
        day = FIRST_DAY + dt.timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
        if day.weekday() < 5:
            return day


def article(material: Material, seed: int, i: int) -> tuple[str, str]:
    """(file name, text) of article i: a header, then 3-6 paragraphs of 2-5 sentences, about 40 % of them claims."""
    rng = random.Random(f"{seed}:{i}")
    lang = "fr" if rng.random() < 0.8 else "en"
    day = _trading_day(rng)
    paragraphs = []
    for _ in range(rng.randint(3, 6)):
        sentences = []
        for _ in range(rng.randint(2, 5)):
            pool = material.claim_sentences if rng.random() < 0.4 else material.other_sentences
            sentences.append(_vary(rng.choice(pool[lang]), rng, material))
        paragraphs.append(" ".join(sentences))
    headline = paragraphs[0].split(". ")[0][:90].rstrip(" ,.")
    dateline = (f"Publié le {day.day} {MONTHS_FR[day.month - 1]} {day.year}" if lang == "fr"
                else f"Published on {day:%B} {day.day}, {day.year}")
    header = f"title: {headline}\npublished: {day.isoformat()}\nlang: {lang}\noutlet: {rng.choice(OUTLETS)}\n\n"
    return f"synthetic_{seed}_{i:06d}.txt", header + dateline + "\n\n" + "\n\n".join(paragraphs) + "\n"


def articles(count: int, seed: int = 20250127, start: int = 0) -> Iterator[tuple[str, str]]:
    material = load_material()
    for i in range(start, start + count):
        yield article(material, seed, i)


def write_corpus(folder: Path, count: int, seed: int = 20250127, start: int = 0) -> int:
    """Write the corpus to `folder` (files already there with the same name are left as they are)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for name, text in articles(count, seed, start):
        path = folder / name
        if not path.exists():
            path.write_text(text, encoding="utf-8")
            written += 1
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20250127)
    args = parser.parse_args()
    written = write_corpus(args.out, args.articles, args.seed)
    print(f"{args.articles} synthetic articles in {args.out} ({written} written now)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
