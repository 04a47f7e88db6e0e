"""Market-claim extraction: a grammar over sentences, clauses, names and figures.

Each sentence is cut into clauses ("…, tandis que …", "; ", "while"). In a clause, every
figure (figures.py) is read with what stands before it: the names of listed securities
(the gazetteer, entities.py), the words of movement and of market value (lexicon.py), a
sign written on the figure, a definite description standing for a company named before
("l'action du géant américain"), or the claim just made ("…, soit 0,65 %", "… et Cisco de
4 %"). A figure becomes a claim only when a movement or market-value word governs it and a
security is its subject; every other number is kept as a figure with the reason it is not
a claim. Nothing is dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, fields
from functools import lru_cache

from . import lexicon as lx
from .articles import CleanArticle
from .calendars import session_close_utc, session_on_or_before
from .dates import MONTHS, WEEKDAYS, find_dates, relative_days
from .entities import Entity, EntityIndex, Mention, find_exchange
from .figures import Figure, find_figures
from .numbers import hedge_before
from .text import split_sentences

EXTRACTOR_VERSION = "0.3.0"


@dataclass
class Claim:
    claim_id: str
    article_id: str
    source_file: str
    sentence_index: int
    char_start: int
    char_end: int
    quote: str
    sentence: str
    entity: str | None
    ticker: str | None
    primary_ticker: str | None
    kind: str
    value: float | None
    unit: str | None
    hedge: str
    precision_decimals: int | None
    stated_precision: float | None
    timing: str
    period: str | None
    period_start: dt.date | None
    compared_tickers: str | None
    compared_measure: str | None
    listed_values: str | None
    event_date: dt.date | None
    date_basis: str
    date_evidence: str | None
    date_scope: str | None  # sentence | earlier_sentence | article: where the day was read (null: undated)
    exchange_claimed: str | None
    flags: str | None
    status: str
    status_reason: str | None
    extractor_version: str = EXTRACTOR_VERSION


@dataclass
class FigureRow:
    figure_id: str
    article_id: str
    source_file: str
    sentence_index: int
    char_start: int
    char_end: int
    quote: str
    value: float | None
    unit: str
    category: str
    reason: str


@dataclass
class Extraction:
    claims: list[Claim] = field(default_factory=list)
    figures: list[FigureRow] = field(default_factory=list)

    # Shallow rows: the fields are scalars, and asdict's deep copy was a fifth of the extraction time.
    def claim_rows(self) -> list[dict]:
        return [{name: getattr(c, name) for name in _CLAIM_FIELDS} for c in self.claims]

    def figure_rows(self) -> list[dict]:
        return [{name: getattr(f, name) for name in _FIGURE_FIELDS} for f in self.figures]


_CLAIM_FIELDS = [f.name for f in fields(Claim)]
_FIGURE_FIELDS = [f.name for f in fields(FigureRow)]


def _stable_id(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]


def _fraction(percent: float, decimals: int) -> float:
    """17 -> 0.17, 14,20 -> 0.142: exactly the written digits, without binary noise."""
    return round(percent / 100, decimals + 2)


# --- reading a clause ---------------------------------------------------------------------------
@dataclass
class Cue:
    start: int
    end: int
    sign: int


def _last_cue(text: str, offset: int = 0) -> Cue | None:
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


_BOUND_AFTER = re.compile(r"\s+(?:to|from)\b")
# "ended 0.6% higher", and past the same move said again: "finished 28.77 points, or 0.35%, higher".
_SIGN_AFTER = re.compile(r"^\s*(?:,\s*(?:or|soit)\s+[+-]?\d[\d.,]*\s*(?:%|pct|points?)\s*,?\s*)?"
                         r"(?P<word>lower|higher|down|up|en baisse|en hausse)\b", re.IGNORECASE)


def _cue_after(sentence: str, figure: Figure) -> int | None:
    """ "Nvidia's 17% drop", "ended 1.2% lower": the word after the figure gives the sign."""
    after = sentence[figure.end:]
    if m := lx.NOUN_AFTER_FIGURE.match(after):
        return -1 if lx.DOWN.fullmatch(m.group("noun")) else 1
    if m := _SIGN_AFTER.match(after):
        if m.group("word").lower() in {"up", "down"} and _BOUND_AFTER.match(after, m.end()):
            return None  # "up to", "down from": a bound or a reference, not the move's sign
        return -1 if m.group("word").lower() in {"lower", "down", "en baisse"} else 1
    return None


def _subject_group(sentence: str, mentions: list[Mention], start: int, end: int) -> list[Mention]:
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


def _mentions_after(sentence: str, mentions: list[Mention], start: int, window: int = 45) -> list[Mention]:
    """Names just after a figure: "une chute de 5 % pour Tesla", "off Nvidia's market value"."""
    after = [m for m in mentions if start <= m.start <= start + window]
    if not after:
        return []
    gap = sentence[start:after[0].start]
    if not re.search(r"(?:pour|for|de|du|des|d'|d’|chez|of|off|from|in|à|aux?|to)\s*(?:l'|l’|la|le|les|the)?\s*$", gap, re.IGNORECASE):
        return []
    group = [after[0]]
    for mention in after[1:]:
        if lx.LIST_GLUE.match(sentence[group[-1].end:mention.start]):
            group.append(mention)
    return group


# What stands between a non-price noun and the name it governs: "chiffre d'affaires de", "ventes mondiales d'".
_GENITIVE_TAIL = re.compile(r"(?:\s+[\w'-]+){0,2}\s+(?:de|d'|du|des|of)\s*(?:la\s+|le\s+|l')?|\s*(?:d')", re.IGNORECASE)


# What joins the names of one list: "Nvidia, Broadcom et le Nasdaq", "the Dow and the S&P 500".
_LIST_JOIN = re.compile(r"\s*(?:,|,?\s*(?:et|and|&))?\s*(?:(?:le|la|les|the)\s+|l['’])?", re.IGNORECASE)


def _non_price(sentence: str, subject_start: int, subject_end: int, anchor: int) -> str | None:
    """A noun that makes the figure measure something other than the share price, or None.

    Either between the subject and the movement word ("Tesla's deliveries fell", "Stellantis a vu
    ses livraisons reculer") or governing the subject ("le chiffre d'affaires de LVMH a reculé").
    """
    if m := lx.NON_PRICE_SUBJECTS.search(sentence, subject_end, max(subject_end, anchor)):
        return m.group(0)
    before = sentence[max(0, subject_start - 45):subject_start]
    for m in lx.NON_PRICE_SUBJECTS.finditer(before):
        if _GENITIVE_TAIL.fullmatch(before[m.end():]):
            return m.group(0)
    return None


@dataclass
class _Said:
    """The last claim of a clause, for figures that continue it ("…, soit 0,65 %, à 44 713,58 points")."""
    subjects: list[Mention]
    sign: int


# --- the extractor --------------------------------------------------------------------------------
class _ArticleReader:
    def __init__(self, article_id: str, source_file: str, article: CleanArticle, entities: EntityIndex):
        self.article_id, self.source_file, self.article, self.entities = article_id, source_file, article, entities
        self.lang = article.language if article.language in {"fr", "en"} else "fr"
        self.result = Extraction()
        self.sentences = split_sentences(article.text)
        self.market_day, self.market_day_evidence = _market_date(article, self.sentences)
        self.carried: tuple | None = None  # the date the last self-dated sentence gave (_carry_date)
        self._own_date_of: tuple[int, tuple | None] = (-1, None)
        self._framing_of: tuple[int, list] = (-1, [])
        self._timings: dict[tuple[int, int], tuple] = {}
        self.recent: list[Mention] = []  # names seen so far, for definite descriptions
        self.claim_ids: set[str] = set()
        self._live_tense_paragraphs: dict[int, bool] = {}
        self._cue_paragraph, self._cue = -1, None  # the time cue last seen in the paragraph being read
        text = article.text
        self.paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text)]
        self._live_article: str | None = None
        self._home: tuple[Entity | None] | None = None  # the article's market, on first need (_home_index)

    # -- per sentence --
    def read(self) -> Extraction:
        text = self.article.text
        for index, (s_start, s_end) in enumerate(self.sentences):
            self.sentence_index, self.s_start = index, s_start
            self.sentence = text[s_start:s_end]
            if len(self.result.claims) >= MAX_CLAIMS_PER_ARTICLE or len(self.result.figures) >= MAX_FIGURES_PER_ARTICLE:
                self._not_read(text)
                break
            mentions = self._currency_pairs(self._index_groups(_unique_mentions(self.entities.find(self.sentence))))
            self.places = [m for m in mentions  # where, not who: "cotée à Paris", "A la Bourse de Paris, Renault perd"
                           if (m.surface in lx.PLACE_NAMES and lx.PLACE_PREPOSITION.search(self.sentence[:m.start])
                               and not lx.MARKET_OF_PLACE.search(self.sentence[:m.start]))
                           or (m.entity.kind == "index" and lx.LOCATIVE_BEFORE.search(self.sentence[:m.start]))]
            self.mentions = [m for m in mentions if m not in self.places]
            self.paragraph_intraday = self._live_context(s_start, s_end)
            self._date = None  # worked out on the first claim of the sentence: most sentences have none
            self.exchange = find_exchange(self.sentence)
            self.figures = find_figures(self.sentence, self.lang, [(m.start, m.end) for m in self.mentions])
            for figure in self.figures[MAX_FIGURES_PER_SENTENCE:]:  # a table flattened into one "sentence", a number dump
                self._figure_row(figure, f"over the {MAX_FIGURES_PER_SENTENCE} figures one sentence may hold: not interpreted")
            self.figures = self.figures[:MAX_FIGURES_PER_SENTENCE]
            self.consumed: dict[int, None] = {}
            self.quoted: set[int] = set()  # figures a quote item read (_quote_items)
            self.reasons: dict[int, str] = {}
            self.claimed_spans: list[tuple[int, int]] = []
            if self.sentence.rstrip().endswith("?"):
                # "NVIDIA, un rebond en vue ?", "Nvidia va-t-il chuter de 20 % ?": a question asserts nothing.
                self.reasons.update({id(f): "in a question" for f in self.figures})
            else:
                self._comparisons()
                self._quote_items()
                for seg_start, seg_end in _clauses(self.sentence):
                    self._clause(seg_start, seg_end)
                self._directions()
            for figure in self.figures:
                if id(figure) not in self.consumed:
                    self._figure_row(figure, self.reasons.get(id(figure), "no movement or market-value word governs it"))
            self.recent.extend(self.mentions)
            self._carry_date()
        return self.result

    def _currency_pairs(self, mentions: list[Mention]) -> list[Mention]:
        """ "The euro was up at USD1.0402", "the dollar was down at JPY156.74": a currency named before a rate quoted
        in another is the pair (Yahoo's EURUSD=X; a dollar base is written JPY=X)."""
        if not (rate := lx.QUOTED_RATE.search(self.sentence)):
            return mentions
        quote = rate.group("code")
        # the currency named last before the rate, in another currency ("Against the yen, the dollar … at JPY156.74")
        word = next((w for w in reversed(list(lx.CURRENCY_WORD.finditer(self.sentence, 0, rate.start())))
                     if lx.CURRENCY_CODES[w.group(0).lower()] != quote), None)
        if word is None:
            return mentions
        base = lx.CURRENCY_CODES[word.group(0).lower()]
        pair = self.entities.by_ticker.get(f"{quote}=X" if base == "USD" else f"{base}{quote}=X")
        if pair is None or any(m.start < word.end() and word.start() < m.end for m in mentions):
            return mentions
        return sorted(mentions + [Mention(word.start(), word.end(), word.group(0), pair)], key=lambda m: m.start)

    def _index_groups(self, mentions: list[Mention]) -> list[Mention]:
        """ "Les trois principaux indices de Wall Street": a name of several indices is each of them, at the same
        place (one claim per member); the names inside it ("Wall Street") are part of it."""
        groups = [Mention(m.start(), m.end(), m.group(0), entity)
                  for m in lx.INDEX_GROUP.finditer(self.sentence)
                  for ticker in lx.INDEX_GROUP_MEMBERS[m.group(0).lower()]
                  if (entity := self.entities.by_ticker.get(ticker)) is not None]
        if not groups:
            return mentions
        outside = [m for m in mentions if all(m.end <= g.start or m.start >= g.end for g in groups)]
        return sorted(outside + groups, key=lambda m: m.start)

    def _live_context(self, s_start: int, s_end: int) -> str:
        """Whether the sentence at s_start..s_end speaks of the session in progress. "marker": the latest time
        cue of its paragraph so far, its own included, says when ("à la mi-séance", "Eurozone at 06:00 AM ET")
        and no close was named since; "tense": the paragraph is written in the present of a live dispatch
        ("Le CAC 40 perd 0,39 % […] Stellantis (-4,58 %)") and names no close."""
        # Sentences come in text order: the paragraph holding this one is the current one or a later one.
        number = self._cue_paragraph if self._cue_paragraph >= 0 else 0
        while number < len(self.paragraphs) and self.paragraphs[number][1] <= s_start:
            number += 1
        if number == len(self.paragraphs) or self.paragraphs[number][0] > s_start:
            return ""
        a, b = self.paragraphs[number]
        if number != self._cue_paragraph:
            self._cue_paragraph, self._cue = number, None
        text = self.article.text
        if lx.INTRADAY.search(text, s_start, s_end):
            self._cue = "marker"
        elif lx.SESSION.search(text, s_start, s_end):
            self._cue = "session"
        if self._cue == "marker":
            return "marker"
        if number not in self._live_tense_paragraphs:
            self._live_tense_paragraphs[number] = bool(lx.LIVE_TENSE.search(text, a, b) and not lx.SESSION.search(text, a, b))
        if self._cue is None and self._is_live_article() == "marker":
            return "marker"  # a time of day named, no close anywhere: "climbed 3.16 percent" is the afternoon's
        if self._cue is None and (self._live_tense_paragraphs[number] or self._is_live_article()):
            return "tense"
        return ""

    def _is_live_article(self) -> str:
        """A piece written during the session: no close named anywhere, and live somewhere — "marker" by a time
        of day, "tense" by the present of a move; "" otherwise. Its paragraphs that name no time are live too
        ("Trigano (-8,05 % à 108,50 euros) …"). Worked out once, on first need, the close first: most wraps name one."""
        if self._live_article is None:
            text = self.article.text
            self._live_article = "" if lx.SESSION.search(text) else (
                "marker" if lx.INTRADAY.search(text) else "tense" if lx.LIVE_TENSE.search(text) else "")
        return self._live_article

    def _clause(self, seg_start: int, seg_end: int) -> None:
        # not the figures a construction read first (a quote item: "Apple (AAPL 244.47, -0.13, -0.1%)")
        figures = [f for f in self.figures if seg_start <= f.start < seg_end and id(f) not in self.quoted]
        said: _Said | None = None
        previous_end = seg_start
        i = 0
        while i < len(figures):
            figure = figures[i]
            group = self._respectively_group(figures, i)
            if len(group) > 1:
                said = self._respectively(group, previous_end, seg_start) or said
                previous_end = group[-1].end
                i += len(group)
                continue
            handler = {"percent": self._percent, "points": self._points, "money": self._money,
                       "price": self._level, "number": self._level}.get(figure.kind)
            outcome = handler(figure, previous_end, seg_start, seg_end, said) if handler else None
            if isinstance(outcome, _Said):
                said = outcome
            elif isinstance(outcome, str):
                self.reasons[id(figure)] = outcome
            previous_end = figure.end
            i += 1

    # -- percentages --
    def _respectively_group(self, figures: list[Figure], i: int) -> list[Figure]:
        group = [figures[i]]
        if figures[i].kind != "percent":
            return group
        for nxt in figures[i + 1:]:
            if nxt.kind == "percent" and re.fullmatch(r"\s*(?:,|et|and|,\s*et|,\s*and)\s*", self.sentence[group[-1].end:nxt.start], re.IGNORECASE):
                group.append(nxt)
            else:
                break
        after = self.sentence[group[-1].end:group[-1].end + 20]
        before = self.sentence[max(0, group[0].start - 40):group[0].start]
        return group if len(group) > 1 and (lx.RESPECTIVELY.search(before) or lx.RESPECTIVELY.search(after)) else [group[0]]

    def _respectively(self, group: list[Figure], previous_end: int, seg_start: int) -> _Said | None:
        sentence = self.sentence
        cue = _last_cue(sentence[seg_start:group[0].start], seg_start)
        subjects = [m for m in self.mentions if seg_start <= m.start < group[0].start]
        if cue is None or not subjects:
            for f in group:
                self.reasons[id(f)] = "a list of values with no movement word or no names"
            return None
        signs = [f.explicit_sign or cue.sign for f in group]
        if len(subjects) > len(group) and self._closing_list(subjects[-len(group) - 1:]):
            # "Wall Street évolue en ordre dispersé, le S&P 500 et le Nasdaq 100 progressent respectivement de +0,3 %
            # et +0,5 %": the names listed last, after a clause of their own, are the ones the values pair with
            subjects = subjects[-len(group):]
        start = subjects[0].start
        if len(subjects) == len(group):
            for subject, figure, sign in zip(subjects, group, signs):
                self._emit("price_move", start, group[-1].end, [subject], _fraction(sign * abs(figure.value), figure.decimals),
                           "fraction", figure, group[-1].end)
        else:
            values = "|".join(f"{_fraction(s * abs(f.value), f.decimals):.4f}" for s, f in zip(signs, group))
            self._emit("price_move", start, group[-1].end, subjects, None, "fraction", group[0], group[-1].end,
                       status="ambiguous", reason=f"{len(subjects)} names but {len(group)} values in a 'respectivement' list "
                       f"({values}): they cannot be paired", listed_values=values)
        for figure in group:
            self.consumed[id(figure)] = None
        return _Said(subjects, cue.sign)

    def _closing_list(self, mentions: list[Mention]) -> bool:
        """Whether mentions[1:] are one list ("le S&P 500 et le Nasdaq 100") that a clause of its own, ended by a
        comma, sets apart from mentions[0] ("Wall Street évolue en ordre dispersé, …"; not "Nvidia, AMD et ARM")."""
        gaps = [self.sentence[a.end:b.start] for a, b in zip(mentions, mentions[1:])]
        return ("," in gaps[0] and not _LIST_JOIN.fullmatch(gaps[0])
                and all(_LIST_JOIN.fullmatch(gap) for gap in gaps[1:]))

    def _percent(self, figure: Figure, previous_end: int, seg_start: int, seg_end: int, said: _Said | None):
        sentence = self.sentence
        after = sentence[figure.end:]
        noun_first = self._noun_first_subjects(figure, previous_end)
        if lx.SHARE_OF_SOMETHING.match(after) and not noun_first:  # "5 % du capital", not "une chute de 0,6 % du Stoxx 600"
            return "a share of something, not a move"
        if governing := lx.NON_PRICE_BEFORE_FIGURE.search(sentence, max(0, figure.start - 60), figure.start):
            return f"measures {governing.group('noun')!r}, not the share price"  # "des droits de douane de 25 %"
        subjects, cue, sign = self._subjects_and_sign(figure, previous_end, seg_start, said, noun_first)
        if sign is None:
            return "no movement word governs it"
        if isinstance(subjects, str):
            return subjects
        if figure.low is not None:
            value = _fraction(sign * (abs(figure.value) + abs(figure.low)) / 2, figure.decimals + 1)
        else:
            value = _fraction(sign * abs(figure.value), figure.decimals)
        start = min([m.start for m in subjects if m.start >= 0] + [cue.start if cue else figure.start, figure.start])
        # "entre 2,6 % et 4,78 %": the middle of the range, judged to its half-width (every name lies inside it).
        width = (abs(figure.value) - abs(figure.low)) / 100 + figure.step if figure.low is not None else None
        self._emit("price_move", start, figure.end, subjects, value, "fraction", figure, figure.end,
                   stated_precision=abs(width) if width is not None else None)
        self.consumed[id(figure)] = None
        return _Said(subjects, sign)

    def _noun_first_subjects(self, figure: Figure, previous_end: int) -> list[Mention]:
        """ "une chute de 0,6 % du Stoxx 600": a move named by its noun before the figure, its subject after."""
        if not lx.NOUN_BEFORE_FIGURE.search(self.sentence[previous_end:figure.start]):
            return []
        return _mentions_after(self.sentence, self.mentions, figure.end, window=25)

    def _subjects_and_sign(self, figure: Figure, previous_end: int, seg_start: int, said: _Said | None,
                           noun_first: list[Mention] | None = None):
        """(subjects or the reason there are none, the governing cue, the sign) for a move figure."""
        sentence = self.sentence
        left = sentence[previous_end:figure.start]
        item = self._list_item(figure, previous_end)
        if item is not None:  # "Renault (-3,2 %)", "Atos : -12 %"
            segment_cue = _last_cue(sentence[seg_start:], seg_start)
            sign = figure.explicit_sign or (segment_cue.sign if segment_cue else None)
            return ([item], None, sign) if sign else ("a list item with no sign and no movement word", None, None)
        cue = _last_cue(left, previous_end)
        # A direction written right after the figure is the figure's own ("shook off an early loss and ended
        # 0.6% higher"): it wins over a word further back.
        after = _cue_after(sentence, figure)
        sign = after if after is not None else cue.sign if cue else None
        if sign is None and said is not None:
            # The clause's claim goes on: "…, soit 0,65 %", "… et Cisco de 4 %", "…, Super Micro de 12,6 %".
            elliptic = self._elliptic(previous_end, figure.start)
            if elliptic or lx.APPOSITION.match(left):
                return (elliptic or said.subjects), None, said.sign
        if sign is None and said is None:
            cue = _last_cue(sentence[seg_start:figure.start], seg_start)
            sign = cue.sign if cue else None
        sign = sign if sign is not None else figure.explicit_sign
        if sign is None:
            return "no movement word governs it", None, None
        anchor = cue.start if cue else figure.start
        subjects = noun_first or _subject_group(sentence, self.mentions, previous_end, figure.start)
        inherited = False
        if not subjects and (unknown := lx.UNKNOWN_NAME_ITEM.search(left)):
            # "Richemont (-0,77 %), Moncler (-1,21 %)" with Moncler not in the reference table: Moncler's move,
            # kept as an unresolved claim, never given to the name before it.
            start = previous_end + unknown.start("name")
            subjects = [Mention(start, start + len(unknown.group("name")), unknown.group("name"), None)]
        if not subjects and said is not None:
            subjects, inherited = said.subjects, True
        if not subjects:
            subjects = _subject_group(sentence, self.mentions, seg_start, figure.start)
        if not subjects:
            subjects = _mentions_after(sentence, self.mentions, figure.end)
        subject_start = subjects[0].start if subjects else anchor
        subject_end = subjects[-1].end if subjects else anchor
        if not subjects and (anaphor := self._anaphor(seg_start, anchor)) is not None:
            resolved, subject_start, subject_end = anaphor
            subjects = [resolved or Mention(-1, -1, "", None)]  # a price with no company it refers to
        if not subjects and lx.PRICE_NOUNS.search(sentence, seg_start, anchor):
            subjects = [Mention(-1, -1, "", None)]
        if not subjects:
            return "no listed security is named", cue, sign
        if inherited:
            noun = _non_price(sentence, previous_end, previous_end, anchor)
        else:
            noun = _non_price(sentence, subject_start, subject_end, anchor) if subject_start >= 0 else None
            if noun is None and all(m.entity is None for m in subjects):
                # no name: a noun the unnamed subject is, or is part of ("The consumer price index rose 0.5%")
                noun = next((m.group(0) for m in lx.NON_PRICE_SUBJECTS.finditer(
                    sentence, max(seg_start, subject_start - 45), max(subject_end, subject_start))
                    if m.end() >= subject_start - 1), None)
        if noun:
            return f"measures {noun!r}, not the share price", cue, sign
        if lx.FORECAST.search(sentence, max(seg_start, min(subject_start, anchor) if subject_start >= 0 else seg_start), figure.start):
            return "a forecast or a condition, not a reported move", cue, sign
        return subjects, cue, sign

    def _list_item(self, figure: Figure, previous_end: int) -> Mention | None:
        """ "Renault (-3,2 %)", "Atos : -12 %": a name, then its figure in brackets or after a colon."""
        for mention in reversed(self.mentions):
            if previous_end <= mention.end <= figure.start and lx.LIST_ITEM_FIGURE.match(self.sentence[mention.end:figure.start]):
                return mention
        return None

    def _elliptic(self, previous_end: int, figure_start: int) -> list[Mention] | None:
        """ "… et Cisco de 4 %", "…, Super Micro de 12,6 %", "… et l'Eurostoxx 50, 0,96 %", "… et l'indice élargi
        Topix de 0,30 %": a new name, the verb understood."""
        gap = self.sentence[previous_end:figure_start]
        names = [m for m in self.mentions if previous_end <= m.start and m.end <= figure_start]
        if not names:
            return None
        before = gap[: names[0].start - previous_end]
        after = gap[names[-1].end - previous_end:]
        if (_GAP_BEFORE_NAME.fullmatch(before) and _GAP_AFTER_NAME.fullmatch(after)):
            return names
        return None

    def _anaphor(self, start: int, end: int) -> tuple[Mention | None, int, int] | None:
        """ "l'action du géant américain", "its shares": the company named most recently before; "the index",
        "l'indice": the index named most recently before.

        Returns (the company or None when none was named, where the description starts and ends),
        or None when [start, end) holds no such description.
        """
        found = None
        for pattern, kind in ((lx.ANAPHORA, "equity"), (lx.INDEX_ANAPHORA, "index"), (lx.PRONOUN_SUBJECT, None)):
            for m in pattern.finditer(self.sentence, start, end):
                if found is None or m.start() > found[0].start():
                    found = (m, kind)
        if found is None:
            return None
        m, kind = found
        for mention in reversed(self.recent + [x for x in self.mentions if x.end <= m.start()]):
            if kind is None or mention.entity.kind == kind:
                return Mention(-1, -1, mention.surface, mention.entity), m.start(), m.end()
        return None, m.start(), m.end()

    # -- points, levels and money --
    def _points(self, figure: Figure, previous_end: int, seg_start: int, seg_end: int, said: _Said | None):
        before = self.sentence[previous_end:figure.start]
        if lx.LEVEL_PREPOSITION.search(before) and (said or lx.LEVEL_VERBS.search(self.sentence, seg_start, figure.start)):
            return self._level(figure, previous_end, seg_start, seg_end, said, unit="points")
        subjects, cue, sign = self._subjects_and_sign(figure, previous_end, seg_start, said,
                                                      self._noun_first_subjects(figure, previous_end))
        if sign is None or isinstance(subjects, str):
            return subjects if isinstance(subjects, str) else "no movement word governs it"
        start = min([m.start for m in subjects if m.start >= 0] + [figure.start])
        self._emit("points_change", start, figure.end, subjects, sign * abs(figure.value), "points", figure, figure.end)
        self.consumed[id(figure)] = None
        return _Said(subjects, sign)

    def _level(self, figure: Figure, previous_end: int, seg_start: int, seg_end: int, said: _Said | None,
               unit: str | None = None):
        sentence = self.sentence
        before = sentence[previous_end:figure.start]
        if figure.kind == "number" and figure.decimals and lx.BARE_POINTS_AFTER.match(sentence[figure.end:]):
            verb = _last_cue(before, previous_end)
            subjects = _subject_group(sentence, self.mentions, previous_end, figure.start)
            if verb and verb.sign and subjects and subjects[0].entity.kind == "index" and verb.end >= figure.start - 4:
                # "the Nikkei 225 fell 68.57 to 37,608.49": a change in points, then the level it reached.
                self._emit("points_change", subjects[0].start, figure.end, subjects, verb.sign * figure.value, "points",
                           figure, figure.end)
                self.consumed[id(figure)] = None
                return _Said(subjects, verb.sign)
        if lx.PER_SHARE.match(sentence[figure.end:]):
            return "an amount per share (dividend or earnings), not a price"
        if reference := lx.REFERENCE_LEVEL.search(before):
            if not (said and said.subjects and all(m.entity is not None for m in said.subjects)) or self.date[0] is None:
                return "a reference level ('down from …'), not the day's price"
            # "The euro was up at USD1.0402 against USD1.0384", "fell to $130, down from $142.62": the level of the
            # session before, for the subject just quoted
            self._emit("price_level", figure.start, figure.end, said.subjects, figure.value, unit or figure.unit, figure,
                       figure.end, reference=reference.group(0).strip())
            self.consumed[id(figure)] = None
            return said
        if not lx.LEVEL_PREPOSITION.search(before):
            return "a count or plain number, not a market figure" if figure.kind == "number" else "not written as a price or level"
        level_verb = lx.LEVEL_VERBS.search(sentence, seg_start, figure.start)
        if not (said or level_verb):
            return "a level with no close or move around it"
        subjects = _subject_group(sentence, self.mentions, previous_end, figure.start) or (said.subjects if said else [])
        if not subjects:
            subjects = _subject_group(sentence, self.mentions, seg_start, figure.start)
        if not subjects and (anaphor := self._anaphor(seg_start, figure.start)) and anaphor[0]:
            subjects = [anaphor[0]]
        if not subjects or subjects[0].entity is None:
            return "no listed security is named"
        if subjects[0].start >= 0 and _non_price(sentence, subjects[0].start, subjects[-1].end, figure.start):
            return "not the price of the security"
        if figure.kind == "number":
            if subjects[0].entity.kind != "index" or figure.decimals == 0 and figure.value < 100:
                return "a plain number"
            unit = "points"
        elif figure.kind == "price" and all(m.entity.kind == "index" for m in subjects):
            return "a price in a currency is no index's level"  # "… de l'indice CAC 40 perdant 3,95 % à 96,24 euros"
        start = min([m.start for m in subjects if m.start >= 0] + [figure.start])
        self._emit("price_level", start, figure.end, subjects, figure.value, unit or figure.unit, figure, figure.end)
        self.consumed[id(figure)] = None
        if not (said and said.sign) and (moved := lx.DIRECTION_AT_LEVEL.search(before)):
            # "The euro was up at USD1.0402": a direction as well as the level it stood at
            sign = -1 if moved.group("word").lower() in {"down", "lower"} else 1
            self._emit("direction", start, previous_end + moved.end("word"), subjects, float(sign), "sign", None,
                       previous_end + moved.end("word"))
        return _Said(subjects, said.sign if said else 0)

    def _money(self, figure: Figure, previous_end: int, seg_start: int, seg_end: int, said: _Said | None):
        sentence = self.sentence
        if lx.PER_SHARE.match(sentence[figure.end:]):
            return "an amount per share, not a market value"
        window_start = max(seg_start, figure.start - 70)
        value_word = lx.MARKET_VALUE.search(sentence, window_start, min(seg_end, figure.end + 45))
        left = sentence[max(previous_end, window_start):figure.start]
        offset = max(previous_end, window_start)
        cues = []
        for pattern, kind, sign in ((lx.VALUE_LOSS, "change", -1), (lx.VALUE_GAIN, "change", 1), (lx.VALUE_LEVEL, "level", 0)):
            cues += [(m.start() + offset, kind, sign) for m in pattern.finditer(left)]
        threshold = None
        for pattern, hedge in ((lx.THRESHOLD_ABOVE, "at_least"), (lx.THRESHOLD_BELOW, "at_most")):
            for m in pattern.finditer(left):
                if not left[m.end():].strip(" $€£"):
                    threshold = (m.start() + offset, hedge)
        if threshold is not None:  # "a franchi la barre des 3 000 milliards", "fell below $1 trillion": a bound
            cues.append((threshold[0], "level", 0))
        if not cues:
            return "no market-value word governs it" if value_word else "an amount, not a market value"
        _, kind, sign = max(cues)
        if value_word is None and not (kind == "level" and re.search(r"worth|valued|valoris|vaut|pèse", left, re.IGNORECASE)):
            return "an amount, not a market value"
        if lx.FORECAST.search(sentence, seg_start, figure.start):
            return "a forecast or a condition, not a market value"
        subjects = _subject_group(sentence, self.mentions, previous_end, figure.start)
        if not subjects and said:
            subjects = said.subjects
        if not subjects:
            subjects = _subject_group(sentence, self.mentions, seg_start, figure.start)
        if not subjects:
            subjects = _mentions_after(sentence, self.mentions, figure.end, window=60)
        if not subjects and (anaphor := self._anaphor(seg_start, figure.start)) and anaphor[0]:
            subjects = [anaphor[0]]
        if not subjects or subjects[0].entity is None:
            return "a market value with no listed security named"
        if subjects[0].start >= 0 and _non_price(sentence, subjects[0].start, subjects[0].start, subjects[0].start):
            return "the value of something other than a listed company"
        unit = figure.unit if figure.unit != "count" else subjects[0].entity.currency
        quote_start = min([m.start for m in subjects if m.start >= 0 and m.start >= previous_end] + [max(cues)[0], figure.start])
        quote_end = figure.end
        if value_word and value_word.start() >= figure.end:
            quote_end = value_word.end()
        if kind == "change":
            self._emit("market_cap_change", quote_start, quote_end, subjects, sign * figure.value, unit, figure, quote_end)
        else:
            self._emit("market_cap_level", quote_start, quote_end, subjects, figure.value, unit, figure, quote_end,
                       hedge=threshold[1] if threshold else None)
        self.consumed[id(figure)] = None
        return _Said(subjects, sign)

    # -- claims without a figure --
    def _comparisons(self) -> None:
        """ "la capitalisation perdue par Nvidia représente la valeur boursière cumulée de A, B et C"."""
        sentence = self.sentence
        if not (lx.MARKET_VALUE.search(sentence) or re.search(r"\b(?:vaut|pèse|worth)\b", sentence, re.IGNORECASE)):
            return
        for m in lx.COMPARISON.finditer(sentence):
            if any(f.kind in {"percent", "money"} and f.start > m.start() for f in self.figures):
                continue  # "représente 7 % de la capitalisation": a share, not a comparison
            compared = [x for x in self.mentions if x.start >= m.end()]
            subjects = [x for x in self.mentions if x.end <= m.start()]
            if not subjects and (anaphor := self._anaphor(0, m.start())) and anaphor[0]:
                subjects = [anaphor[0]]
            if not compared or not subjects:
                continue
            subject = subjects[-1]
            start = subject.start if subject.start >= 0 else 0
            value_phrase = lx.MARKET_VALUE.search(sentence, 0, start if start else m.start())
            if value_phrase and value_phrase.start() < start:
                start = value_phrase.start()
            hedge = "approx" if m.group("approx") else "at_least"
            # "la capitalisation perdue par Nvidia représente …", "Nvidia's loss in market value was larger than …":
            # the day's loss is compared; otherwise the company's whole market value.
            lost = re.search(r"perdu|perte|effac|lost|loss|wiped|erased|shed", sentence[:m.start()], re.IGNORECASE)
            self._emit("market_cap_comparison", start, compared[-1].end, [subject], None, None, None, compared[-1].end,
                       hedge=hedge, compared=compared, measure="market_cap_change" if lost else "market_cap_level")
            return

    def _quote_items(self) -> None:
        """ "Apple (AAPL 244.47, -0.13, -0.1%)": a symbol, its price, its change and its move, as US wraps list
        them. Three claims when the symbol is a listing the reference table knows; the figures are theirs."""
        if "%)" not in self.sentence:  # every quote item ends so: most sentences have none
            return
        for m in lx.QUOTE_ITEM.finditer(self.sentence):
            entity = self.entities.by_ticker.get(m.group("symbol"))
            at = {f.start: f for f in self.figures if m.start() < f.start < m.end()}
            level, change, move = at.get(m.start("level")), at.get(m.start("change")), at.get(m.start("move"))
            if entity is None or None in (level, change, move) or any(id(f) in self.consumed for f in (level, change, move)):
                continue
            symbol = Mention(m.start("symbol"), m.end("symbol"), m.group("symbol"), entity)
            start = m.start("name") if m.group("name") else m.start()
            self._emit("price_level", start, level.end, [symbol], level.value, entity.currency, level, level.end)
            self._emit("points_change", start, change.end, [symbol], change.explicit_sign * change.value, entity.currency,
                       change, change.end)
            self._emit("price_move", start, move.end, [symbol], _fraction(move.explicit_sign * move.value, move.decimals),
                       "fraction", move, move.end)
            for figure in (level, change, move):
                self.consumed[id(figure)] = None
                self.quoted.add(id(figure))

    def _directions(self) -> None:
        sentence = self.sentence
        for m in lx.CAUSATIVE.finditer(sentence):
            objects, end = [], m.end()
            for mention in self.mentions:
                if mention.start >= end and lx.LIST_GLUE.match(sentence[end:mention.start]):
                    objects.append(mention)
                    end = mention.end
            if not objects:
                continue
            if m.group("object_en") is not None:
                tail = lx.EN_CAUSATIVE_TAIL.match(sentence[end:])
                if not tail:
                    continue
                sign = -1 if tail.group("verb").lower() in {"tumbling", "plunging", "sliding", "falling", "lower", "down"} else 1
                end += tail.end()
            else:
                sign = -1 if lx.DOWN.fullmatch(m.group("verb")) else 1
            for obj in objects:
                self._emit("direction", m.start(), end, [obj], float(sign), "sign", None, end)
        # "Nvidia a fortement chuté lundi": a movement verb, a named subject, no figure in the clause.
        for seg_start, seg_end in _clauses(sentence):
            # Past what the clause already claimed: "The S&P 500 surged 2.5%, with tech giants like Amazon, Nvidia,
            # and Apple leading the gains".
            seg_start = max([seg_start] + [b for a, b in self.claimed_spans if a < seg_end and seg_start < b]
                            + [f.end for f in self.figures if seg_start <= f.start < seg_end and id(f) in self.consumed])
            # A figure left in the clause comes before the verb ("Nvidia, qui pèse près de 7 % du S&P 500, a entraîné
            # l'indice dans sa chute"): the clause is about it; one after it is about something else ("ont reculé
            # après l'annonce de droits de douane de 25 %").
            firsts = [(m, sign, pattern) for sign, pattern in ((-1, lx.INTRANSITIVE_DOWN), (1, lx.INTRANSITIVE_UP),
                                                                (-1, lx.PRESENT_DOWN), (1, lx.PRESENT_UP))
                      if (m := pattern.search(sentence, seg_start, seg_end))]
            if not firsts:  # most clauses: one search per pattern
                continue
            first_verb = min(m.start() for m, _, _ in firsts)
            if any(seg_start <= f.start < first_verb and f.kind in {"percent", "points", "money"} for f in self.figures):
                continue
            # Each verb's subject is the names since the last verb that had one: "La Bourse de Paris a fini en net
            # recul, Schneider Electric accusant le plus fort recul" is two claims.
            verbs = sorted(((m, sign, pattern in (lx.PRESENT_DOWN, lx.PRESENT_UP)) for first, sign, pattern in firsts
                            for m in (first, *pattern.finditer(sentence, first.end(), seg_end))), key=lambda v: v[0].start())
            since = seg_start
            for verb, sign, adjacent in verbs:
                if verb.start() < since:
                    continue  # overlaps the verb just read
                subjects = _subject_group(sentence, self.mentions, since, verb.start())
                if adjacent and not (subjects and lx.ADJACENT_SUBJECT.fullmatch(sentence[subjects[-1].end:verb.start()])):
                    if not (since == seg_start and self._market_of_stocks(seg_start, seg_end, verb)):
                        continue
                if not subjects and since == seg_start and (market := self._market_of_stocks(seg_start, seg_end, verb)):
                    end = max(market.end, verb.end())  # "Stocks closed higher on Wall Street", "Stocks rose"
                    self._emit("direction", seg_start, end, [market], float(sign), "sign", None, end)
                    since = end
                    continue
                if not subjects or verb.start() - subjects[-1].end > 45:
                    continue
                if (_non_price(sentence, subjects[0].start, subjects[-1].end, verb.start())
                        or lx.FORECAST.search(sentence, max(since, subjects[0].start - 35), verb.start())):
                    continue
                if re.search(r"[.,;:]\s*$|^['’]s\b|\b(?:qui|que|dont|which|that|when|quand|lorsque|après|after)\b",
                             sentence[subjects[-1].end:verb.start()], re.IGNORECASE):
                    continue  # (not "Apple's rise": a noun)
                for subject in subjects:
                    self._emit("direction", subjects[0].start, verb.end(), [subject], float(sign), "sign", None, verb.end())
                since = verb.end()

    def _market_of_stocks(self, seg_start: int, seg_end: int, verb: re.Match) -> Mention | None:
        """"Stocks closed higher on Wall Street": stocks in general moved, on the market the place after the verb
        stands for (its main index)."""
        subject = self.sentence[seg_start:verb.start()].strip(" ,;:")
        if not lx.GENERIC_STOCKS_SUBJECT.fullmatch(subject):
            return None
        place = next((place for place in self.places
                      if verb.end() <= place.start < seg_end and place.entity.kind == "index"
                      and lx.PLACE_AFTER_VERB.fullmatch(self.sentence[verb.end():place.start])), None)
        if place is not None:
            return place
        # "Stocks rose on Monday", no place named: the market the article is about, whose main index is the
        # first listed for the country of the first index the article names.
        home = self._home_index()
        if home is None:
            return None
        start = self.sentence.index(subject, seg_start)
        return Mention(start, start + len(subject), subject, home)

    def _home_index(self) -> Entity | None:
        if self._home is None:
            first = next((m.entity for m in self.entities.find(self.article.text) if m.entity.kind == "index"), None)
            main = next((e for e in self.entities.entities if first is not None and e.kind == "index"
                         and e.country == first.country), None)
            self._home = (main,)
        return self._home[0]

    # -- output --
    def _emit(self, kind: str, start: int, end: int, subjects: list[Mention], value: float | None, unit: str | None,
              figure: Figure | None, quote_end: int, hedge: str | None = None, status: str = "ok",
              reason: str | None = None, compared: list[Mention] | None = None, measure: str | None = None,
              listed_values: str | None = None, stated_precision: float | None = None,
              reference: str | None = None) -> None:
        if len(subjects) > 1 and status == "ok" and kind != "market_cap_change":
            # "Nvidia et Broadcom ont enregistré une baisse de 17 %": one claim per subject.
            # A market value lost by several companies is one claim about their sum.
            for subject in subjects:
                self._emit(kind, start, end, [subject], value, unit, figure, quote_end, hedge, status, reason, compared,
                           measure, listed_values, stated_precision, reference)
            return
        sentence, s_start = self.sentence, self.s_start
        start = max(0, start)
        # One company named twice in a list ("l'action Nvidia, … Nvidia") is one subject.
        seen: set[str] = set()
        subjects = [m for m in subjects
                    if m.entity is None or not (m.entity.ticker in seen or seen.add(m.entity.ticker))]
        subjects = [self._listing_in_context(m, start) for m in subjects]
        resolved = [m for m in subjects if m.entity is not None]
        ticker = "|".join(m.entity.ticker for m in resolved) or None
        if not resolved and status == "ok":
            status, reason = "unresolved_entity", "a price is named but no company it refers to"
        primary = "|".join(m.entity.primary_ticker for m in resolved) or None
        timing, period, period_start = self._timing(start, quote_end)
        if figure is not None and kind != "price_level" and lx.OPENED_BEFORE_FIGURE.search(
                sentence, max(0, figure.start - 40), figure.start):
            timing, period, period_start = "intraday", None, None
        if (figure is not None and timing != "period" and kind in {"price_move", "points_change"}
                and lx.PEAK_BEFORE_FIGURE.search(sentence, max(0, figure.start - 20), figure.start)):
            # "rose as much as 14.7%", "a grimpé jusqu'à 5 %": the session's peak, a point on its path, not its close
            timing, hedge = "intraday", "none"
        if (timing == "session" and resolved and all(m.entity.kind == "fx" for m in resolved)
                and not lx.SESSION.search(sentence)):
            # A currency trades round the clock: a rate quoted with no close named is a moment of the day.
            timing = "intraday"
        flags = []
        if self.exchange and resolved and all(m.entity.exchange != self.exchange for m in resolved):
            flags.append(f"exchange_named:{self.exchange}")
        if any(m.start < 0 for m in subjects):
            flags.append("subject_from_earlier_sentence")
        event_date, basis, evidence, date_flag = self._date_at(figure.start if figure is not None else start)
        if date_flag:
            flags.append(date_flag)
        if (period == "calendar_year" and period_start is not None and resolved and kind in PERIOD_KINDS
                and period_start.year < (event_date or self.article.published_date or period_start).year):
            # "In 2023, it had gained 28%": the move ends at that year's last close, not on the day of writing
            event_date = _last_session_of_year(resolved[0].entity.calendar, period_start.year)
            basis, evidence = "explicit", f"the year {period_start.year}, to its last session"
        if (timing == "intraday" and basis in {"explicit", "relative"} and event_date is not None
                and self.article.published_date is not None and event_date < self.article.published_date
                and not self._clause_is_live(start)):
            # "Mardi, il a grappillé 0,26 %" in Wednesday's live piece: an earlier day it names has closed
            timing = "session"
        if timing == "session" and event_date is not None and self._written_before_close(resolved, event_date):
            # "LONDON MARKET OPEN … opened up 7.27 points, 0.1%, at 8,666.25", published at 08:58: no close yet
            timing = "intraday"
            flags.append("published_before_close")
        if kind == "price_move" and value is not None and abs(value) > 0.6 and timing != "period":
            flags.append("implausible_daily_move")
        if kind == "price_level" and figure is not None and event_date is not None and reference is None and (
                previous_close := lx.PREVIOUS_CLOSE.search(self._around(figure))):
            reference = previous_close.group(0)
        if kind == "price_level" and event_date is not None and reference is not None:
            # The session before the day: its close is the last bar before the day (claim_subjects).
            event_date -= dt.timedelta(days=1)
            evidence = f"{evidence}; '{reference}': the session before"
            flags.append("previous_session")
        # The figure is part of the identity: "X et X ont respectivement cédé 3,5 % et 0,9 %" is two claims
        # about X. The same subject named twice for one figure ("Danone, Danone et Hermès … 3 %") is one.
        claim_id = _stable_id(self.article_id, s_start + start, s_start + quote_end, ticker, kind,
                              s_start + figure.start if figure else None)
        if claim_id in self.claim_ids:
            return
        self.claim_ids.add(claim_id)
        self.result.claims.append(Claim(
            claim_id=claim_id,
            article_id=self.article_id, source_file=self.source_file, sentence_index=self.sentence_index,
            char_start=s_start + start, char_end=s_start + quote_end, quote=sentence[start:quote_end],
            sentence=sentence, entity="|".join(m.surface for m in subjects if m.surface) or None,
            ticker=ticker, primary_ticker=primary, kind=kind, value=value, unit=unit,
            hedge=hedge or (hedge_before(sentence, figure.start, self.lang) if figure else "none"),
            precision_decimals=figure.decimals if figure else None,
            stated_precision=(round(stated_precision or figure.step, 12) if figure else None) if kind != "direction" else None,
            timing=timing, period=period, period_start=period_start,
            compared_tickers="|".join(m.entity.ticker for m in compared) if compared else None,
            compared_measure=measure, listed_values=listed_values,
            event_date=event_date, date_basis="explicit" if basis in ANCHOR_SCOPES else basis, date_evidence=evidence,
            date_scope=basis if basis in ANCHOR_SCOPES else "sentence" if event_date else None,
            exchange_claimed=self.exchange,
            flags=",".join(flags) or None, status=status, status_reason=reason,
        ))
        self.claimed_spans.append((start, quote_end))

    def _written_before_close(self, resolved: list[Mention], day: dt.date) -> bool:
        """Whether the page was published before the session of `day` closed on every subject's market (its
        time with its zone known, and no later update that could have brought the close)."""
        published = self.article.published_at
        if published is None or (self.article.updated_date is not None and self.article.updated_date >= day):
            return False
        closes = [session_close_utc(m.entity.calendar, day) for m in resolved if m.entity.calendar != "24/5"]
        return bool(closes) and all(c is not None and published < c.replace(tzinfo=None) for c in closes)

    def _listing_in_context(self, mention: Mention, position: int) -> Mention:
        """The listing the context names: ASML quoted "à 574 euros", or in a sentence about the AEX, is ASML.AS,
        not the Nasdaq ADR. A price in another currency in the claim's clause decides; else an index named in the
        sentence that is another listing's benchmark."""
        entity = mention.entity
        if entity is None or entity.kind != "equity":
            return mention
        others = [e for t in dict.fromkeys((entity.primary_ticker, *entity.other_listings))
                  if t != entity.ticker and (e := self.entities.by_ticker.get(t)) is not None and e.kind == "equity"]
        if not others:
            return mention
        clause = next(((a, b) for a, b in _clauses(self.sentence) if a <= position < b), (0, len(self.sentence)))
        currencies = {f.unit for f in self.figures if clause[0] <= f.start < clause[1] and f.kind in {"price", "money"}}
        indices = {m.entity.ticker for m in self.mentions + self.places  # "à Amsterdam": the AEX's place
                   if m.entity is not None and m.entity.kind == "index"}
        if entity.currency in currencies or entity.benchmark in indices:
            return mention
        home = self._home_index()
        chosen = (next((e for e in others if e.currency in currencies), None)
                  or next((e for e in others if e.benchmark and e.benchmark in indices), None)
                  # nothing in the sentence: the market the article is about ("Alibaba s'envolait de 5,44 %" in a
                  # Hong Kong wrap is 9988.HK)
                  or (next((e for e in others if e.benchmark == home.ticker and e.calendar != entity.calendar), None)
                      if home is not None and entity.benchmark != home.ticker and not currencies else None))
        return Mention(mention.start, mention.end, mention.surface, chosen) if chosen else mention

    def _around(self, figure: Figure, reach: int = 45) -> str:
        """The words beside a figure, up to the figures next to it."""
        before = max([f.end for f in self.figures if f.end <= figure.start] + [figure.start - reach, 0])
        after = min([f.start for f in self.figures if f.start >= figure.end] + [figure.end + reach])
        return self.sentence[before:figure.start] + " " + self.sentence[figure.end:after]

    def _not_read(self, text: str) -> None:
        """The rest of an article past the caps: one row that says where reading stopped and why."""
        start = self.s_start
        self.result.figures.append(FigureRow(
            figure_id=_stable_id(self.article_id, start, "not_read"), article_id=self.article_id,
            source_file=self.source_file, sentence_index=self.sentence_index, char_start=start, char_end=len(text),
            quote=text[start:start + 120].strip(), value=None, unit="", category="not_read",
            reason=(f"the article reached {len(self.result.claims):,} claims and {len(self.result.figures):,} figures, the most "
                    f"one article may give ({MAX_CLAIMS_PER_ARTICLE:,} / {MAX_FIGURES_PER_ARTICLE:,}): the text from "
                    f"character {start:,} on was not read"),
        ))

    def _figure_row(self, figure: Figure, reason: str) -> None:
        sentence, s_start = self.sentence, self.s_start
        value = _fraction(figure.value * (figure.explicit_sign or 1), figure.decimals) if figure.kind == "percent" else figure.value
        self.result.figures.append(FigureRow(
            figure_id=_stable_id(self.article_id, s_start + figure.start, s_start + figure.end),
            article_id=self.article_id, source_file=self.source_file, sentence_index=self.sentence_index,
            char_start=s_start + figure.start, char_end=s_start + figure.end,
            quote=sentence[max(0, figure.start - 60):min(len(sentence), figure.end + 60)].strip(),
            value=value, unit=figure.unit, category="non_market", reason=reason,
        ))

    def _timing(self, start: int, end: int) -> tuple[str, str | None, dt.date | None]:
        sentence = self.sentence
        for seg_start, seg_end in _clauses(sentence):
            if seg_start <= start < seg_end:
                break
        else:
            seg_start, seg_end = 0, len(sentence)
        key = (self.sentence_index, seg_start)
        if key not in self._timings:  # every claim of a clause shares its time window
            self._timings[key] = self._clause_timing(sentence, seg_start, seg_end)
        return self._timings[key]

    @staticmethod
    def _speaks_live(text: str) -> bool:
        """A time of day or the tense of a live dispatch, and no finished move."""
        return bool((lx.INTRADAY.search(text) or lx.LIVE_TENSE.search(text)) and not lx.PAST_MOVE.search(text)
                    and not lx.SESSION.search(text))

    def _clause_is_live(self, position: int) -> bool:
        """Whether the clause at `position` says for itself that it is live (a time of day, a present tense)."""
        seg_start, seg_end = next(((a, b) for a, b in _clauses(self.sentence) if a <= position < b),
                                  (0, len(self.sentence)))
        clause = self.sentence[seg_start:seg_end]
        return bool(lx.INTRADAY.search(clause) or lx.INTRADAY_IN_CLAUSE.search(clause) or lx.LIVE_TENSE.search(clause))

    def _clause_timing(self, sentence: str, seg_start: int, seg_end: int) -> tuple[str, str | None, dt.date | None]:
        clause = sentence[seg_start:seg_end]
        for pattern, period in lx.PERIODS:
            if said := pattern.search(clause):
                return "period", period, self._period_start(period, said)
        live = lx.LIVE_TENSE.search(clause) and not lx.SESSION.search(lx.AFTER_ANOTHER_CLOSE.sub(" ", clause))
        # In a paragraph live by its tense, a clause in a past tense keeps it ("a dévissé" is the close).
        in_live_paragraph = (self.paragraph_intraday and not lx.SESSION.search(sentence)
                             and not (self.paragraph_intraday == "tense" and lx.PAST_MOVE.search(clause)))
        if lx.INTRADAY.search(clause) or lx.INTRADAY_IN_CLAUSE.search(clause) or live or in_live_paragraph:
            return "intraday", None, None
        if seg_start > 0 and not lx.PAST_MOVE.search(clause) and not lx.SESSION.search(clause):
            # "the S&P 500 was trading down 0.27%, while the Dow Jones was 0.11% lower": a clause with no verb
            # of its own tells its time by the clause before it
            before = max(((a, b) for a, b in _clauses(sentence) if b <= seg_start), default=None)
            if before is not None and self._timing(before[0], before[1])[0] == "intraday":
                return "intraday", None, None
        return "session", None, None

    def _period_start(self, period: str, said: re.Match | None = None) -> dt.date | None:
        reference = self.date[0] or self.article.published_date
        if reference is None:
            return None
        if period == "named_month":
            # Only the day's own month is "so far"; an earlier month ended before the day: unknown here.
            month = MONTHS[said.group("month").lower()]
            return reference.replace(day=1) if month == reference.month else None
        # The period starts the day after the close it is measured from: "over the past week" on a Friday is
        # measured from the Friday before, "this week" from the close before its Monday.
        if period == "year_start":
            return reference.replace(month=1, day=1)
        if period == "since_year_end":  # "from the end of 2023", "depuis fin 2023", "from the end of last year"
            year = re.search(r"\d{4}", said.group(0)) if said is not None else None
            return dt.date((int(year.group(0)) if year else reference.year - 1) + 1, 1, 1)
        if period == "calendar_year":  # "in 2023", "ended 2024 up 5.7%": a whole year, ended by the day
            year = re.search(r"\d{4}", said.group(0)) if said is not None else None
            if year is None or int(year.group(0)) > reference.year:
                return None
            # the day's own year only when its end is the subject ("ended 2024 up 5.7%"); "en 2025" in a 2025
            # piece is as likely a plan's year ("des dépenses colossales en 2025") as the move's
            if int(year.group(0)) == reference.year and not re.match(r"(?:end|finish|close|wrap)", said.group(0), re.I):
                return None
            return dt.date(int(year.group(0)), 1, 1)
        if period == "month_start":
            return reference.replace(day=1)
        if period == "week_start":
            return reference - dt.timedelta(days=reference.weekday())
        if period == "week":
            return reference - dt.timedelta(days=6)
        if period == "month":
            return _months_back(reference, 1) + dt.timedelta(days=1)
        if period == "year":
            return _months_back(reference, 12) + dt.timedelta(days=1)
        return None

    @property
    def date(self) -> tuple[dt.date | None, str, str | None, str | None]:
        if self._date is None:
            self._date = self._claim_date()
        return self._date

    def _date_at(self, position: int) -> tuple[dt.date | None, str, str | None, str | None]:
        """The day of a claim at `position` in the sentence: the date of the framing clause it sits in
        ("After closing at $258.20 on December 24"), else the sentence's."""
        for start, end, day, words in self._framing_dates(self.sentence):
            if start <= position < end:
                return day, "explicit", f"'{words}' in the clause", None
        return self.date

    def _framing_dates(self, sentence: str) -> list[tuple[int, int, dt.date, str]]:
        if self._framing_of[0] != self.sentence_index:
            spans = []
            for mention in find_dates(sentence):
                day = mention.resolve(self.article.date_upper)
                frame = _framing_clause_start(sentence, mention.start)
                if day is not None and frame is not None:
                    end = lx.CLAUSE_END.search(sentence, mention.end)
                    spans.append((frame, end.start() if end else len(sentence), day,
                                  sentence[mention.start:mention.end]))
            self._framing_of = (self.sentence_index, spans)
        return self._framing_of[1]

    def _claim_date(self) -> tuple[dt.date | None, str, str | None, str | None]:
        """(event day, basis, evidence, flag) for claims in the current sentence.

        In order: a date in the sentence; a relative word ("hier", "lundi") against the publication
        day (never against an update day); the last date an earlier sentence gave itself (a wrap's
        "On Tuesday, …" governs the lines after it, until the next "On Wednesday, …"); the market day
        named elsewhere in the article; else unknown, to be inferred from prices (among the sessions
        the publication day allows).
        """
        own = self._own_date(self.sentence)
        if own is not None:
            return own
        # A day from another sentence is an anchor, not a certainty: the claim may be about that day's
        # session or the one before (inferred_event_dates decides with prices, market by market).
        published = self.article.published_date
        if self.carried is not None and not (
                published is not None and self.carried[0] < published and self._speaks_live(self.sentence)):
            # (not to a live line: "Mercredi, il a terminé en baisse. […] Renault gagne plus de 6 %" is today's)
            day, _, evidence, _ = self.carried
            return day, "earlier_sentence", f"{evidence}, in an earlier sentence", None
        if self.market_day is not None:
            return self.market_day, "article", self.market_day_evidence, None
        if published is not None:
            # Undated: the publication day's session or the one before (a morning piece reports the
            # previous close); inferred_event_dates chooses between the two with prices.
            return None, "inferred", f"undated; published {published}: its session or the one before", None
        return None, "inferred", None, None

    def _own_date(self, sentence: str) -> tuple[dt.date, str, str, str | None] | None:
        """The day a sentence names for itself: a date, or a relative word against the publication day."""
        if self._own_date_of[0] != self.sentence_index:  # asked by the claims and by _carry_date: worked out once
            self._own_date_of = (self.sentence_index, self._own_date_uncached(sentence))
        return self._own_date_of[1]

    def _own_date_uncached(self, sentence: str) -> tuple[dt.date, str, str, str | None] | None:
        article = self.article
        published = article.published_date
        distant = None  # a date out of the article's reach ("reaffirming the April 2 deadline", "its 2021 record")
        for mention in find_dates(sentence):
            day = mention.resolve(article.date_upper)
            if day is None or _frames_or_starts(sentence, mention):
                continue
            flag = None
            if mention.weekday is not None and mention.year is not None and day.weekday() != mention.weekday:
                flag = f"weekday_mismatch:{sentence[mention.start:mention.end]} is a {day.strftime('%A')}"
            own = day, "explicit", f"'{sentence[mention.start:mention.end]}' in the sentence", flag
            if _within_reach(published, day):
                return own
            distant = distant or own
        if published is not None:
            # A day named relative to publication ("On Friday, …") wins over a date out of reach in passing.
            # "après l'annonce hier soir d'un repli des ventes": the word dates the event it follows, not the move.
            offset = next((o for o, at in relative_days(sentence) if not lx.EVENT_BEFORE_DAY_WORD.search(
                sentence, max(0, at - 40), at)), None)
            if offset is not None:
                return published + dt.timedelta(days=offset), "relative", f"relative word, published {published}", None
            if (weekday := _weekday_named(sentence)) is not None:
                back = (published.weekday() - weekday) % 7
                if back and lx.PRESENT_MOVE.search(sentence) and not lx.PAST_MOVE.search(sentence):
                    # the present tense can only tell the day it is written: the weekday is the slip
                    return published, "relative", f"move in the present, published {published}", (
                        f"weekday_mismatch:a weekday in the present tense of a piece published on a "
                        f"{published.strftime('%A')}")
                return published - dt.timedelta(days=back), "relative", f"weekday named, published {published}", None
        return distant

    def _carry_date(self) -> None:
        """After a sentence: the date it gave itself governs the undated sentences that follow, unless it
        is a date in passing (a launch, a publication, a record years before)."""
        own = self._own_date(self.sentence)  # first: most sentences name no day, and the checks below cost more
        if own is None or lx.NOT_MARKET_DATE.search(self.sentence) or lx.FLASHBACK.search(self.sentence):
            return
        # Only a sentence about the market dates the next ones ("des droits de douane imposés mardi" does not).
        if not (self.mentions or lx.DOWN.search(self.sentence) or lx.UP.search(self.sentence)
                or lx.MARKET_WORDS.search(self.sentence)):
            return
        published = self.article.published_date
        if own is not None and _within_reach(published, own[0]):
            self.carried = own


# Around the new name of a gapped clause: a conjunction, an article, at most two words describing it ("l'indice
# élargi"); after it, "de", "of", "by", or a comma.
_GAP_BEFORE_NAME = re.compile(r"[\s,]*(?:et|and)?\s*(?:le|la|les|l'|l’|the)?\s*(?:(?-i:[a-zéèêàâîôûç-]+)\s+){0,2}",
                              re.IGNORECASE)
_GAP_AFTER_NAME = re.compile(r"\s*,?\s*(?:de|d'|d’|of|by|:)?\s*", re.IGNORECASE)


PERIOD_KINDS = {"price_move", "points_change", "direction"}  # what moves over a period (a value is at a moment)


def _last_session_of_year(calendar_name: str, year: int) -> dt.date:
    try:
        last = session_on_or_before(calendar_name, dt.date(year, 12, 31))
    except ValueError:  # a calendar exchange_calendars does not know (24/5)
        return dt.date(year, 12, 31)
    return last if last.year == year else dt.date(year, 12, 31)  # before the calendar's first year


def _months_back(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return day.replace(year=year, month=month, day=min(day.day, last))


_WEEKDAY = re.compile(r"(?<![\w'])(?:ce |this |on |last )?(?P<d>" + "|".join(WEEKDAYS) + r")(?![\w'])", re.IGNORECASE)


def _weekday_named(sentence: str) -> int | None:
    """The weekday a sentence is dated by; not one a change is measured from ("gave up 386 points from Friday")."""
    for m in _WEEKDAY.finditer(sentence):
        if not lx.BASE_DAY_BEFORE.search(sentence, max(0, m.start() - 24), m.start()):
            return WEEKDAYS[m.group("d").lower()]
    return None


@lru_cache(maxsize=64)
def _clauses(sentence: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in lx.CLAUSE_BREAK.finditer(sentence):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(sentence)))
    return [(a, b) for a, b in spans if b > a]


def _unique_mentions(mentions: list[Mention]) -> list[Mention]:
    """Longest names first, none overlapping ("Super Micro Computer" over "Super Micro")."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


# A day read in another sentence is written in the text (basis explicit) but is an anchor, not a
# certainty: the claim may speak of that day's session or of the one before (inferred_event_dates).
ANCHOR_SCOPES = ("earlier_sentence", "article")
MARKET_DAY_REACH = dt.timedelta(days=7)  # how far before its publication an article's market day may lie


def _within_reach(published: dt.date | None, day: dt.date) -> bool:
    """Whether `day` can be the market day of an article published on `published` (unknown: any day)."""
    return published is None or dt.timedelta(0) <= published - day <= MARKET_DAY_REACH


def _frames_or_starts(sentence: str, mention) -> bool:
    """A date that does not date its sentence: where a period starts or ends ("depuis le 14 août", "until
    December 24"), or inside a clause framing the main one ("After closing at a record on December 24, …":
    it dates that clause only, _date_at)."""
    return bool(lx.SINCE_DATE.search(sentence, max(0, mention.start - 24), mention.start)
                or _framing_clause_start(sentence, mention.start) is not None)


def _framing_clause_start(sentence: str, position: int) -> int | None:
    """Where the framing clause holding `position` starts ("After …", ", which …"), or None when the clause
    there is not one. The clause runs from the last comma, semicolon or opening bracket before `position`."""
    mark = max(sentence.rfind(c, 0, position) for c in lx.CLAUSE_MARKS)
    if mark >= 0 and sentence[mark] == ")":
        return None
    return mark if lx.FRAMING_CLAUSE.match(sentence, mark + 1, position) else None


def _market_date(article: CleanArticle, sentences: list[tuple[int, int]]) -> tuple[dt.date | None, str | None]:
    """The day the article's market events happened, when the text names it.

    Dates in sentences about launches or publications ("mis en ligne le 20 janvier") are
    not market days, nor, in a dated article, dates more than a week before it ("its record of
    March 2021"): those belong to their own clause. Of the rest, the most often named wins.
    """
    reference = article.date_upper
    published = article.published_date
    counts: Counter[dt.date] = Counter()
    evidence: dict[dt.date, str] = {}
    for start, end in sentences:
        sentence = article.text[start:end]
        if lx.NOT_MARKET_DATE.search(sentence):
            continue
        for mention in find_dates(sentence):
            if (day := mention.resolve(reference)) is not None:
                if not _within_reach(published, day) or _frames_or_starts(sentence, mention):
                    continue
                counts[day] += 1
                evidence.setdefault(day, f"'{sentence[mention.start:mention.end]}' named elsewhere in the article")
    if not counts:
        return None, None
    day = counts.most_common(1)[0][0]
    return day, evidence[day]


# What one article may produce: a wire story has tens of claims, a long market wrap a few hundred. Past this a
# file is a data dump or an attack, and reading on would cost minutes and gigabytes (a 4.9 MB file once gave
# 143,000 claims in 98 s and 1.8 GB).
MAX_CLAIMS_PER_ARTICLE = 1_000
MAX_FIGURES_PER_ARTICLE = 5_000
MAX_FIGURES_PER_SENTENCE = 200


def extract_claims(article_id: str, source_file: str, article: CleanArticle, entities: EntityIndex) -> Extraction:
    """All market claims and other figures of one cleaned article."""
    return _ArticleReader(article_id, source_file, article, entities).read()
