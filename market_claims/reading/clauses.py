"""Reading one clause: the cue of a movement word, the names that stand before a figure, what a figure measures.

Plain functions over a sentence's text, its names (Mention) and its figures (Figure): every construction reader uses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import lexicon as lx
from ..entities import Mention
from ..figures import Figure


# --- reading a clause ---------------------------------------------------------------------------
@dataclass
class Cue:
    start: int
    end: int
    sign: int


def last_cue(text: str, offset: int = 0) -> Cue | None:
    """The movement word nearest the end of `text` ("Après trois séances de baisse, Nvidia a rebondi")."""
    best: Cue | None = None
    for sign, pattern in ((-1, lx.DOWN), (1, lx.UP)):
        for m in pattern.finditer(text):
            word = m.group(0).lower()
            tail = text[m.end():m.end() + 6].lower()
            if word in {"up", "down"} and (tail.startswith(" to") or tail.startswith(" from")):
                continue  # "up to $500 billion" is a bound, "down from $142" a reference
            # The word ending last wins; of two ending together, the longer ("gave up" over "up").
            if best is None or (offset + m.end(), m.end() - m.start()) >= (best.end, best.end - best.start):
                best = Cue(offset + m.start(), offset + m.end(), sign)
    return best


BOUND_AFTER = re.compile(r"\s+(?:to|from)\b")


# "ended 0.6% higher", and past the same move said again: "finished 28.77 points, or 0.35%, higher".
SIGN_AFTER = re.compile(r"^\s*(?:,\s*(?:or|soit)\s+[+-]?\d[\d.,]*\s*(?:%|pct|points?)\s*,?\s*)?"
                         r"(?P<word>lower|higher|down|up|en baisse|en hausse)\b", re.IGNORECASE)


# "to finish more than 10% below its record", "se trouve à environ 14 % de son record de clôture": a distance under
# the peak, a fall since it (lexicon periods: since_peak).
BELOW_PEAK_AFTER = re.compile(r"^\s*(?:below|under|off|short of|de|sous|en dessous de)\s+(?:its|their|the|son|leur|sa)\s+"
                              r"(?:(?:all-time|record|closing|historic|historique)\s+)*(?:record|peak|high|sommet|plus haut|pic)\b",
                              re.IGNORECASE)


def cue_after(sentence: str, figure: Figure) -> int | None:
    """ "Nvidia's 17% drop", "ended 1.2% lower", "10% below its record": the words after the figure give the sign."""
    after = sentence[figure.end:]
    if BELOW_PEAK_AFTER.match(after):
        return -1
    if m := lx.NOUN_AFTER_FIGURE.match(after):
        return -1 if lx.DOWN.fullmatch(m.group("noun")) else 1
    if m := SIGN_AFTER.match(after):
        if m.group("word").lower() in {"up", "down"} and BOUND_AFTER.match(after, m.end()):
            return None  # "up to", "down from": a bound or a reference, not the move's sign
        return -1 if m.group("word").lower() in {"lower", "down", "en baisse"} else 1
    return None


def subject_group(sentence: str, mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """The names in [start, end) that can be a subject: the last list of names joined by glue.

    A name right after "la plus forte hausse du", "à", "at" is a complement or a place, not
    the subject, unless it is the only name there.
    """
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    subjects = [m for m in inside if not lx.COMPLEMENT_BEFORE_NAME.search(sentence[max(start, m.start - 40):m.start])
                and not (m.entity is not None and m.entity.kind == "index" and lx.MEMBER_AFTER_INDEX.match(sentence, m.end))]
    subjects = subjects or inside
    if not subjects:
        return []
    group = [subjects[-1]]
    for mention in reversed(subjects[:-1]):
        if lx.LIST_GLUE.match(sentence[mention.end:group[0].start]):
            group.insert(0, mention)
        else:
            break
    return group


# "a 3% decline for AI chipmaker Nvidia", "une hausse de 4 % pour le géant Nvidia": what the company is, between the
# preposition and its name (lower-case words or an acronym, three at most)
DESCRIBED_AFTER_FOR = re.compile(r"\b(?:for|pour)\s+(?:(?:the|le|la|l['’])\s*)?(?:(?:[a-zé-]+|[A-Z]{2,4})\s+){1,3}$")


def mentions_after(sentence: str, mentions: list[Mention], start: int, window: int = 45) -> list[Mention]:
    """Names just after a figure: "une chute de 5 % pour Tesla", "off Nvidia's market value"."""
    after = [m for m in mentions if start <= m.start <= start + window]
    if not after:
        return []
    gap = sentence[start:after[0].start]
    if not re.search(r"(?:pour|for|de|du|des|d'|d’|chez|of|off|from|in|à|aux?|to)\s*(?:l'|l’|la|le|les|the)?\s*$", gap, re.IGNORECASE) \
            and not DESCRIBED_AFTER_FOR.search(gap):
        return []
    group = [after[0]]
    for mention in after[1:]:
        if lx.LIST_GLUE.match(sentence[group[-1].end:mention.start]):
            group.append(mention)
    return group


# What stands between a non-price noun and the name it governs: "chiffre d'affaires de", "ventes mondiales d'".
GENITIVE_TAIL = re.compile(r"(?:\s+[\w'-]+){0,2}\s+(?:de|d'|du|des|of)\s*(?:la\s+|le\s+|l')?|\s*(?:d')", re.IGNORECASE)


# What joins the names of one list: "Nvidia, Broadcom et le Nasdaq", "the Dow and the S&P 500".
LIST_JOIN = re.compile(r"\s*(?:,|,?\s*(?:et|and|&))?\s*(?:(?:le|la|les|the)\s+|l['’])?", re.IGNORECASE)


def non_price(sentence: str, subject_start: int, subject_end: int, anchor: int) -> str | None:
    """A noun that makes the figure measure something other than the share price, or None.

    Either between the subject and the movement word ("Tesla's deliveries fell", "Stellantis a vu
    ses livraisons reculer") or governing the subject ("le chiffre d'affaires de LVMH a reculé").
    """
    if m := lx.NON_PRICE_SUBJECTS.search(sentence, subject_end, max(subject_end, anchor)):
        return m.group(0)
    before = sentence[max(0, subject_start - 45):subject_start]
    for m in lx.NON_PRICE_SUBJECTS.finditer(before):
        if GENITIVE_TAIL.fullmatch(before[m.end():]):
            return m.group(0)
    return None


@dataclass
class Said:
    """The last claim of a clause, for figures that continue it ("…, soit 0,65 %, à 44 713,58 points")."""
    subjects: list[Mention]
    sign: int


# A fronted concession is a clause of its own: "Despite last year's sharp 60% decline, Intel shares have rebounded
# nearly 31% in 2025", "Malgré une ouverture en hausse, Wall Street a terminé dans le rouge".
FRONTED_CONCESSION = re.compile(r"\s*(?:despite|in spite of|malgré|en dépit d['’]?[a-z]*)\b[^,;]{1,120},", re.IGNORECASE)


@lru_cache(maxsize=64)
def clauses(sentence: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    if fronted := FRONTED_CONCESSION.match(sentence):
        spans.append((0, fronted.end() - 1))
        start = fronted.end()
    for m in lx.CLAUSE_BREAK.finditer(sentence, start):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(sentence)))
    return [(a, b) for a, b in spans if b > a]


def unique_mentions(mentions: list[Mention]) -> list[Mention]:
    """Longest names first, none overlapping ("Super Micro Computer" over "Super Micro")."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


# Around the new name of a gapped clause: a conjunction, an article, at most two words describing it ("l'indice
# élargi"); after it, "de", "of", "by", or a comma.
GAP_BEFORE_NAME = re.compile(r"[\s,]*(?:et|and)?\s*(?:le|la|les|l'|l’|the)?\s*(?:(?-i:[a-zéèêàâîôûç-]+)\s+){0,2}",
                              re.IGNORECASE)


GAP_AFTER_NAME = re.compile(r"\s*,?\s*(?:de|d'|d’|of|by|:)?\s*(?:(?:plus|près|moins) de|more than|nearly|about)?\s*",
                            re.IGNORECASE)  # "… et le Nasdaq plus de 2,3 %"


def fraction(percent: float, decimals: int) -> float:
    """17 -> 0.17, 14,20 -> 0.142: exactly the written digits, without binary noise."""
    return round(percent / 100, decimals + 2)
