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
from dataclasses import dataclass, field, fields

from . import lexicon as lx
from .articles import CleanArticle
from .entities import Entity, EntityIndex, Mention, find_exchange
from .figures import Figure, find_figures
from .numbers import hedge_before
from .reading.clauses import Said, clauses, fraction, unique_mentions
from .reading.currencies import CurrencyReader
from .reading.dating import ANCHOR_SCOPES, DateReader, market_date
from .reading.directions import DirectionReader
from .reading.levels import LevelReader
from .reading.market_values import MarketValueReader
from .reading.moves import MoveReader
from .reading.quotes import QuoteReader
from .reading.sentence import SentenceContext
from .reading.subjects import SubjectReader
from .text import split_sentences

EXTRACTOR_VERSION = "0.4.0"


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


# --- the extractor --------------------------------------------------------------------------------
class _ArticleReader(MoveReader, LevelReader, MarketValueReader, DirectionReader, QuoteReader, CurrencyReader,
                     SubjectReader, DateReader):
    """One article, sentence by sentence: each sentence's context is built once (`SentenceContext`), then every
    construction reader (market_claims/reading) reads it; the claims and figures go to one `Extraction`."""

    ctx: SentenceContext

    def __init__(self, article_id: str, source_file: str, article: CleanArticle, entities: EntityIndex):
        self.article_id, self.source_file, self.article, self.entities = article_id, source_file, article, entities
        self.lang = article.language if article.language in {"fr", "en"} else "fr"
        self.result = Extraction()
        self.sentences = split_sentences(article.text)
        self.market_day, self.market_day_evidence = market_date(article, self.sentences)
        self.carried: tuple | None = None  # the date the last self-dated sentence gave (_carry_date)
        self._own_date_of: tuple[int, tuple | None] = (-1, None)
        self._framing_of: tuple[int, list] = (-1, [])
        self._distant_of: tuple[int, list] = (-1, [])
        self._dates_of: tuple[int, list] = (-1, [])  # the current sentence's dates (_dates_here)
        self._timings: dict[tuple[int, int], tuple] = {}
        self.recent: list[Mention] = []  # names seen so far, for definite descriptions
        self.claimed_subjects: list[tuple[int, Mention]] = []  # (sentence, subject) of each claim, in order
        self.claim_ids: set[str] = set()
        self._live_tense_paragraphs: dict[int, bool] = {}
        self._cue_paragraph, self._cue = -1, None  # the time cue last seen in the paragraph being read
        text = article.text
        self.paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text)]
        self._paragraph_starts = [a for a, _ in self.paragraphs]
        self._heading = (-1, "")  # (paragraph, the heading line its next lines come under)
        self._live_article: str | None = None
        self._lead_names_close: bool | None = None  # (DateReader._written_before_close)
        self._home: tuple[Entity | None] | None = None  # the article's market, on first need (_home_index)

    # -- the sentence being read --
    @property
    def sentence(self) -> str:
        return self.ctx.text

    @property
    def sentence_index(self) -> int:
        return self.ctx.index

    @property
    def s_start(self) -> int:
        return self.ctx.start

    @property
    def mentions(self) -> tuple[Mention, ...]:
        return self.ctx.mentions

    @property
    def places(self) -> tuple[Mention, ...]:
        return self.ctx.places

    @property
    def figures(self) -> tuple[Figure, ...]:
        return self.ctx.figures

    @property
    def exchange(self) -> str | None:
        return self.ctx.exchange

    @property
    def paragraph_intraday(self) -> str:
        return self.ctx.live

    def _context(self, index: int, s_start: int, s_end: int) -> SentenceContext:
        sentence = self.article.text[s_start:s_end]
        spans = tuple(clauses(sentence))
        self.ctx = SentenceContext(index, s_start, sentence, (), (), (), None, "", spans)  # what the subject readers read
        mentions = self._currency_pairs(self._index_groups(unique_mentions(self.entities.find(sentence))))
        places = tuple(m for m in mentions  # where, not who: "cotée à Paris", "A la Bourse de Paris, Renault perd"
                       if not lx.GENERIC_STOCKS_IN_PLACE.search(sentence[:m.start])  # "Shares in Hong Kong rallied"
                       and ((m.surface in lx.PLACE_NAMES and lx.PLACE_PREPOSITION.search(sentence[:m.start])
                             and not lx.MARKET_OF_PLACE.search(sentence[:m.start]))
                            or (m.entity.kind == "index" and lx.LOCATIVE_BEFORE.search(sentence[:m.start]))
                            or _place_before_company(sentence, m, mentions)))
        mentions = tuple(m for m in mentions if m not in places and not (
            m.entity.kind == "index" and lx.SUB_INDEX_AFTER.match(sentence, m.end)))
        figures = find_figures(sentence, self.lang, [(m.start, m.end) for m in mentions])
        codes = [f for f in figures if f.kind == "number" and lx.STOCK_CODE.fullmatch(sentence, f.start - 1, f.end + 1)]
        for code in codes:  # "Alibaba (09988) fell by 9.1%": Hong Kong's stock code, not a figure
            self._figure_row(code, "a stock code in brackets, not a figure")
        figures = [f for f in figures if f not in codes]
        for figure in figures[MAX_FIGURES_PER_SENTENCE:]:  # a table flattened into one "sentence", a number dump
            self._figure_row(figure, f"over the {MAX_FIGURES_PER_SENTENCE} figures one sentence may hold: not interpreted")
        return SentenceContext(index, s_start, sentence, mentions, places, tuple(figures[:MAX_FIGURES_PER_SENTENCE]),
                               find_exchange(sentence), self._live_context(s_start, s_end), spans,
                               self._section_heading(s_start, s_end))

    # -- per sentence --
    def read(self) -> Extraction:
        text = self.article.text
        for index, (s_start, s_end) in enumerate(self.sentences):
            if len(self.result.claims) >= MAX_CLAIMS_PER_ARTICLE or len(self.result.figures) >= MAX_FIGURES_PER_ARTICLE:
                self._not_read(text)
                break
            self.ctx = self._context(index, s_start, s_end)
            self._date = None  # worked out on the first claim of the sentence: most sentences have none
            # the sentence's ledger: what its readers consumed, and why the rest was not read
            self.consumed: dict[int, None] = {}
            self.quoted: set[int] = set()  # figures a quote item read (_quote_items)
            self.reasons: dict[int, str] = {}
            self.claimed_spans: list[tuple[int, int]] = []
            self.moved_spans: list[tuple[int, int]] = []  # of the claimed spans, those that say a move (not a level)
            self.first_claim = len(self.result.claims)  # where the sentence's claims start (sentence_claims)
            question = self.sentence.rstrip().endswith("?")
            # "Intel Stock Is Moving Higher Monday: What's Going On?": the words before the colon assert, the question
            # after them does not
            asserted = self.sentence.rfind(": ") if question else -1
            if question and PRESUPPOSING_QUESTION.match(self.sentence):
                question = False  # "Pourquoi Nvidia chute-t-il ?": the move is given
            if question and (asserted <= 0 or "?" in self.sentence[:asserted]):
                # "NVIDIA, un rebond en vue ?", "Nvidia va-t-il chuter de 20 % ?": a question asserts nothing.
                self.reasons.update({id(f): "in a question" for f in self.figures})
            else:
                self._comparisons()
                self._quote_items()
                self._currency_moves()
                for seg_start, seg_end in self.ctx.clauses:
                    self._clause(seg_start, seg_end)
                self._directions()
                self._moves_named_after_noun()
                self._currency_directions()
                self._as_did()
                if question:
                    self._drop_the_question(asserted)
            for figure in self.figures:
                if id(figure) not in self.consumed:
                    self._figure_row(figure, self.reasons.get(id(figure), "no movement or market-value word governs it"))
            self.recent.extend(self.mentions)
            self._carry_date()
        return self.result


    @property
    def sentence_claims(self) -> list[Claim]:
        """The claims read from the sentence being read so far (the article's claims are kept in reading order)."""
        return self.result.claims[self.first_claim:]

    def _drop_the_question(self, asserted: int) -> None:
        """The sentence's claims past its colon were asked, not said: they go, and their figures with a reason."""
        if PRESUPPOSING_QUESTION.match(self.sentence, asserted + 1):
            return  # "Stellantis : pourquoi le groupe plonge-t-il ?", "Why Intel shares are falling": the move is given
        cut = self.s_start + asserted
        kept = [c for c in self.sentence_claims if c.char_end <= cut]
        del self.result.claims[self.first_claim:]
        self.result.claims.extend(kept)
        for figure in self.figures:
            if figure.start >= asserted:
                self.consumed.pop(id(figure), None)
                self.reasons[id(figure)] = "in a question"

    # -- one clause: each figure to the reader of its kind --
    def _clause(self, seg_start: int, seg_end: int) -> None:
        # not the figures a construction read first (a quote item: "Apple (AAPL 244.47, -0.13, -0.1%)")
        figures = [f for f in self.figures if seg_start <= f.start < seg_end and id(f) not in self.quoted]
        said: Said | None = None
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
            if isinstance(outcome, Said):
                said = outcome
            elif isinstance(outcome, str):
                self.reasons[id(figure)] = outcome
            previous_end = figure.end
            i += 1

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
        flags = []
        if self.exchange and resolved and all(m.entity.exchange != self.exchange for m in resolved):
            flags.append(f"exchange_named:{self.exchange}")
        if any(m.start < 0 for m in subjects):
            flags.append("subject_from_earlier_sentence")
        timing, period, period_start, hedge, event_date, basis, evidence, when_flags = self._when(
            kind, figure, start, quote_end, resolved, hedge)
        flags += when_flags
        if kind == "price_move" and value is not None and timing != "period" and abs(value) > (
                IMPLAUSIBLE_INDEX_DAY if resolved and all(m.entity.kind == "index" and "volatil" not in m.entity.name.lower()
                                                          for m in resolved) else IMPLAUSIBLE_DAY):
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
        self.claimed_subjects.extend((self.sentence_index, m) for m in resolved)
        if kind not in LEVEL_KINDS:
            # from the last comma before its figure: "The FTSE 100 was treading water, closing just 5.75 points
            # higher" leaves "was treading water" to be read as a direction of its own
            comma = sentence.rfind(",", start, figure.start) if figure is not None else -1
            self.moved_spans.append((comma + 1 if comma >= 0 else start, quote_end))

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
        value = fraction(figure.value * (figure.explicit_sign or 1), figure.decimals) if figure.kind == "percent" else figure.value
        self.result.figures.append(FigureRow(
            figure_id=_stable_id(self.article_id, s_start + figure.start, s_start + figure.end),
            article_id=self.article_id, source_file=self.source_file, sentence_index=self.sentence_index,
            char_start=s_start + figure.start, char_end=s_start + figure.end,
            quote=sentence[max(0, figure.start - 60):min(len(sentence), figure.end + 60)].strip(),
            value=value, unit=figure.unit, category="non_market", reason=reason,
        ))


# Past these a move said of one session is more likely a longer span's the text leaves unsaid ("L'indice phare
# milanais progresse de 12,5 %", "Ni Londres (+5,7 %)" in a review of the year): not borne out, it is unverifiable,
# not inaccurate.
IMPLAUSIBLE_DAY = 0.6
IMPLAUSIBLE_INDEX_DAY = 0.05  # a market index (the VIX, an index of volatility, moves more than that in a day)


# A question that takes its move as given: "pourquoi le groupe plonge-t-il ?", "why is the stock falling?".
PRESUPPOSING_QUESTION = re.compile(r"\s*(?:pourquoi|why|how come|comment expliquer)\b", re.IGNORECASE)


# Claims of where a price stood, not of how it moved: the movement word beside them is a claim of its own
# ("Le brut Brent a grimpé, dépassant les 81 dollars").
LEVEL_KINDS = frozenset({"price_level", "market_cap_level"})


# What one article may produce: a wire story has tens of claims, a long market wrap a few hundred. Past this a
# file is a data dump or an attack, and reading on would cost minutes and gigabytes (a 4.9 MB file once gave
# 143,000 claims in 98 s and 1.8 GB).
MAX_CLAIMS_PER_ARTICLE = 1_000
MAX_FIGURES_PER_ARTICLE = 5_000
MAX_FIGURES_PER_SENTENCE = 200


# "(À) Paris, Trigano chute", "In London, Rio Tinto fell": a place, a comma, then a company — where, not who.
# (A list of places stays a list: "Paris, Francfort et Londres ont reculé".)
_COMMA_BEFORE_NAME = re.compile(r",\s*(?:(?:le|la|les|the)\s+|l['’])?")


def _place_before_company(sentence: str, place: Mention, mentions: list[Mention]) -> bool:
    if place.surface not in lx.PLACE_NAMES:
        return False
    after = next((m for m in mentions if m.start >= place.end), None)
    return (after is not None and after.entity.kind == "equity"
            and _COMMA_BEFORE_NAME.fullmatch(sentence, place.end, after.start) is not None)


def extract_claims(article_id: str, source_file: str, article: CleanArticle, entities: EntityIndex) -> Extraction:
    """All market claims and other figures of one cleaned article."""
    return _ArticleReader(article_id, source_file, article, entities).read()
