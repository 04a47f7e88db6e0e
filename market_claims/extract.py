"""Market-claim extraction from cleaned article text.

A sentence is read left to right: entity mentions, then figures (percentages,
money amounts with a scale). A percentage is a price move only when a verb or
noun of market movement governs it and it does not measure something else
("80 % du marché"); its subjects are the entities named since the previous
figure. Every number that is not a claim is kept as a `figure`, never dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from .articles import CleanArticle
from .dates import find_dates, relative_day_offset
from .entities import EntityIndex, Mention, find_exchange
from .numbers import CURRENCIES, NUMBER, hedge_before, parse_number, scale_of
from .text import split_sentences

EXTRACTOR_VERSION = "0.1.0"

DOWN_STEMS = (
    "chut", "perd", "perdu", "recul", "baiss", "céd", "plong", "dégringol", "déviss", "décroch",
    "effondr", "lâch", "abandonn", "s'effondr", "replié", "se replie", "glissé", "gliss", "fond",
    "fell", "drop", "slid", "slump", "lost", "lose", "plung", "tumbl", "sank", "sink", "declin", "tank",
)
UP_STEMS = (
    "gagn", "progress", "grimp", "bond", "augment", "mont", "rebond", "s'envol", "envol",
    "rose", "rise", "gain", "jump", "climb", "surg", "soar", "rall", "advanc",
)
DOWN_NOUNS = ("baisse", "chute", "recul", "repli", "plongeon", "dégringolade", "perte", "pertes", "décrochage", "fall", "drop", "decline", "loss")
UP_NOUNS = ("hausse", "progression", "envolée", "rebond", "bond", "rise", "gain", "jump", "rally")

_PERCENT = re.compile(rf"(?P<num>{NUMBER})\s*(?:%|pour\s*cent|percent|per\s*cent)", re.IGNORECASE)
_SCALES = r"mille milliards|milliards?|billions?|millions?|trillions?|mds?|bn|tn"
_MONEY = re.compile(
    rf"(?P<cur1>\$|€|£)?\s?(?P<num>{NUMBER})\s*(?P<scale>{_SCALES})\b\.?\s*(?:de |d')?\s*(?P<cur2>dollars?|euros?|livres|yens?|USD|EUR|GBP|JPY|\$|€|£)?",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(rf"(?<![\w.,/-])(?P<num>{NUMBER})(?![\w/-]|[.,]\d)(?P<times>\s+(?:fois|times))?", re.IGNORECASE)
_MARKET_VALUE = re.compile(r"capitalisation|valeur boursière|valorisation boursière|market (?:value|cap)", re.IGNORECASE)
_VALUE_LOSS = re.compile(r"effaç|efface|perte|perdu|perd|envol|fondu|wip|lost|erase|shed|détruit|évapor", re.IGNORECASE)
_VALUE_GAIN = re.compile(r"gagn|ajout|added|gain|pris", re.IGNORECASE)
# After a percentage, these words say it measures a share of something, not a price move.
_PERCENT_OF_SOMETHING = re.compile(
    r"^\s*(?:du|de la|des|de l'|d'|de ses|de leurs?|de son|de sa|of (?:the )?|of its )\s*(?!(?:sa|leur|son|ses|its|their)?\s*(?:valeur|capitalisation|value|cours)\b)",
    re.IGNORECASE,
)
_RESPECTIVELY = re.compile(r"respectivement|respectively", re.IGNORECASE)
_CAUSATIVE = re.compile(
    r"fait (?P<verb>chuter|plonger|reculer|baisser|dévisser|décrocher|grimper|monter|bondir|s'envoler)\s+"
    r"(?:les actions|l'action|le titre|les titres|le cours|les cours)\s+(?:de|d'|du|des)",
    re.IGNORECASE,
)
# A definite description standing for the article's main company ("l'action du géant américain").
_ANAPHORA = re.compile(
    r"\b(?:l'action|le titre|le cours|le groupe|la société|l'entreprise|le géant|le fabricant|son action|ses actions|"
    r"the stock|the company|the group|its shares)\b",
    re.IGNORECASE,
)
_INTRADAY = re.compile(
    r"à l'ouverture|en début de séance|en cours de séance|en milieu de séance|en fin de matinée|"
    r"vers \d{1,2} ?h|in early trading|at the open|in morning trading|intraday|en matinée",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"depuis le début de l'année|depuis janvier|sur la semaine|en une semaine|sur un an|en un mois|"
    r"depuis son record|year to date|since the start of the year|over the week|this year",
    re.IGNORECASE,
)
_NOT_MARKET_DATE = re.compile(r"mis en ligne|lancé|publié|annoncé|dévoilé|sorti|released|launched|announced|unveiled", re.IGNORECASE)
_LIST_GLUE = re.compile(r"^\s*(?:,|et|and|,\s*et|,\s*and)\s*$", re.IGNORECASE)


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
    kind: str
    value: float | None
    unit: str
    hedge: str
    precision_decimals: int | None
    timing: str
    event_date: dt.date | None
    date_basis: str
    exchange_claimed: str | None
    status: str
    status_reason: str | None
    extractor_version: str = EXTRACTOR_VERSION


@dataclass
class Figure:
    figure_id: str
    article_id: str
    source_file: str
    sentence_index: int
    char_start: int
    char_end: int
    quote: str
    value: float | None
    unit: str
    category: str = "non_market"


@dataclass
class Extraction:
    claims: list[Claim] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    def claim_rows(self) -> list[dict]:
        return [asdict(c) for c in self.claims]

    def figure_rows(self) -> list[dict]:
        return [asdict(f) for f in self.figures]


def _stable_id(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]


def _fraction(percent: float, decimals: int) -> float:
    """17 -> 0.17, 14,20 -> 0.142: exactly the written digits, without binary noise."""
    return round(percent / 100, decimals + 2)


def _direction(text: str) -> int | None:
    """-1/+1 from the last movement verb or noun in `text` (None if none)."""
    lowered = text.lower()
    best: tuple[int, int] | None = None
    for sign, stems in ((-1, DOWN_STEMS + DOWN_NOUNS), (1, UP_STEMS + UP_NOUNS)):
        for stem in stems:
            for m in re.finditer(rf"(?<!\w){re.escape(stem)}", lowered):
                if best is None or m.start() > best[0]:
                    best = (m.start(), sign)
    return best[1] if best else None


@dataclass
class _Figure:
    start: int
    end: int
    value: float
    decimals: int
    kind: str  # percent | money
    unit: str


def _figures_in(sentence: str, lang: str) -> list[_Figure]:
    found: list[_Figure] = []
    for m in _PERCENT.finditer(sentence):
        try:
            parsed = parse_number(m.group("num"), lang)
        except ValueError:
            continue
        found.append(_Figure(m.start("num"), m.end(), parsed.value, parsed.decimals, "percent", "fraction"))
    for m in _MONEY.finditer(sentence):
        scale = scale_of(m.group("scale"), lang)
        currency_word = (m.group("cur1") or m.group("cur2") or "").lower()
        if scale is None or any(f.start <= m.start("num") < f.end for f in found):
            continue
        try:
            parsed = parse_number(m.group("num"), lang)
        except ValueError:
            continue
        unit = CURRENCIES.get(currency_word, "count")
        found.append(_Figure(m.start("num"), m.end(), parsed.value * scale, parsed.decimals, "money", unit))
    # Every other number (head counts, ratios...) is a figure too, except dates, years and
    # digits inside names ("GPT-4", "H800", "DeepSeek-V3").
    dates = [(d.start, d.end) for d in find_dates(sentence)]
    for m in _BARE_NUMBER.finditer(sentence):
        if any(a <= m.start() < b for a, b in dates) or any(f.start <= m.start() < f.end for f in found):
            continue
        try:
            parsed = parse_number(m.group("num"), lang)
        except ValueError:
            continue
        if parsed.decimals == 0 and 1900 <= parsed.value <= 2100:
            continue
        unit = "times" if m.group("times") else "count"
        found.append(_Figure(m.start(), m.end("num"), parsed.value, parsed.decimals, "number", unit))
    return sorted(found, key=lambda f: f.start)


def _market_date(article: CleanArticle) -> dt.date | None:
    """The day the article's market events happened, when the text names it.

    Dates in sentences about launches or publications ("mis en ligne le 20 janvier")
    are not market days; of the rest the most often named wins.
    """
    reference = article.date_upper
    counts: Counter[dt.date] = Counter()
    for start, end in split_sentences(article.text):
        sentence = article.text[start:end]
        if _NOT_MARKET_DATE.search(sentence):
            continue
        for mention in find_dates(sentence):
            if (day := mention.resolve(reference)) is not None:
                counts[day] += 1
    return counts.most_common(1)[0][0] if counts else None


def extract_claims(article_id: str, source_file: str, article: CleanArticle, entities: EntityIndex) -> Extraction:
    """All market claims and other figures of one cleaned article."""
    lang = article.language if article.language in {"fr", "en"} else "fr"
    text = article.text
    result = Extraction()
    market_day = _market_date(article)
    seen_mentions: Counter[str] = Counter()
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text)]

    for sentence_index, (s_start, s_end) in enumerate(split_sentences(text)):
        sentence = text[s_start:s_end]
        mentions = entities.find(sentence)
        paragraph = next((text[a:b] for a, b in paragraphs if a <= s_start < b), sentence)
        timing = "intraday" if _INTRADAY.search(paragraph) else "period" if _PERIOD.search(sentence) else "session"
        event_date, date_basis = _claim_date(sentence, article, market_day)
        exchange = find_exchange(sentence)
        context_entity = _main_entity(seen_mentions, entities)

        def emit(kind: str, start: int, end: int, subject: Mention | None, value: float | None, unit: str,
                 hedge: str, decimals: int | None, status: str = "ok", reason: str | None = None,
                 entity_surface: str | None = None, ticker: str | None = None) -> None:
            ticker = ticker if ticker is not None else (subject.entity.ticker if subject else None)
            surface = entity_surface if entity_surface is not None else (subject.surface if subject else None)
            if ticker is None and status == "ok":
                status, reason = "unresolved_entity", "no company or index named for this figure"
            result.claims.append(Claim(
                claim_id=_stable_id(article_id, s_start + start, s_start + end, ticker, kind),
                article_id=article_id, source_file=source_file, sentence_index=sentence_index,
                char_start=s_start + start, char_end=s_start + end, quote=sentence[start:end],
                sentence=sentence, entity=surface, ticker=ticker, kind=kind, value=value, unit=unit,
                hedge=hedge, precision_decimals=decimals, timing=timing, event_date=event_date,
                date_basis=date_basis, exchange_claimed=exchange, status=status, status_reason=reason,
            ))

        figures = _figures_in(sentence, lang)
        consumed: set[int] = set()
        last_move_subjects: list[Mention] = []
        previous_end = 0
        index = 0
        while index < len(figures):
            fig = figures[index]
            if fig.kind != "percent":
                index += 1
                continue
            # A "respectivement" list: consecutive percentages joined by commas and "et".
            group = [fig]
            while index + len(group) < len(figures):
                nxt = figures[index + len(group)]
                if nxt.kind == "percent" and _LIST_GLUE.match(sentence[group[-1].end : nxt.start]):
                    group.append(nxt)
                else:
                    break
            before = sentence[previous_end : fig.start]
            after = sentence[group[-1].end :]
            sign = _direction(before)
            subjects = [m for m in mentions if previous_end <= m.start < fig.start]
            is_move = sign is not None and not _PERCENT_OF_SOMETHING.match(after)
            if is_move:
                clause_start = subjects[0].start if subjects else _anaphora_start(before, previous_end)
                hedge = hedge_before(sentence, fig.start, lang)
                if len(group) > 1 or _RESPECTIVELY.search(before):
                    values = [_fraction(sign * abs(f.value), f.decimals) for f in group]
                    if len(group) == len(subjects):
                        for subject, f, value in zip(subjects, group, values):
                            emit("price_move", clause_start, group[-1].end, subject, value, "fraction", hedge, f.decimals)
                    else:
                        emit("price_move", clause_start, group[-1].end, None, None, "fraction", hedge,
                             min(f.decimals for f in group), status="ambiguous",
                             reason=f"{len(subjects)} subjects but {len(group)} values in a 'respectively' list: "
                             f"values {'|'.join(f'{v:.4f}' for v in values)} cannot be aligned",
                             entity_surface="|".join(m.surface for m in subjects),
                             ticker="|".join(m.entity.ticker for m in subjects))
                elif subjects:
                    for subject in subjects:
                        emit("price_move", clause_start, fig.end, subject, _fraction(sign * abs(fig.value), fig.decimals),
                             "fraction", hedge, fig.decimals)
                elif clause_start is not None and context_entity is not None:
                    emit("price_move", clause_start, fig.end, context_entity, _fraction(sign * abs(fig.value), fig.decimals),
                         "fraction", hedge, fig.decimals)
                else:
                    emit("price_move", 0, fig.end, None, _fraction(sign * abs(fig.value), fig.decimals), "fraction", hedge, fig.decimals)
                last_move_subjects = subjects or ([context_entity] if context_entity and clause_start is not None else [])
                consumed.update(id(f) for f in group)
            previous_end = group[-1].end
            index += len(group)

        for fig in figures:
            if fig.kind != "money" or fig.unit == "count":
                continue
            window_after = sentence[fig.end : fig.end + 40]
            window_before = sentence[max(0, fig.start - 60) : fig.start]
            if not _MARKET_VALUE.search(window_after):
                continue
            sign = -1 if _VALUE_LOSS.search(window_before) else 1 if _VALUE_GAIN.search(window_before) else None
            if sign is None:
                continue
            subjects = last_move_subjects or [m for m in mentions if m.start < fig.start][-1:]
            quote_end = fig.end + _MARKET_VALUE.search(window_after).end()
            quote_start = max(0, fig.start - len(window_before) + _VALUE_LOSS.search(window_before).start()) if sign < 0 else fig.start
            hedge = hedge_before(sentence, fig.start, lang)
            if len(subjects) > 1:
                emit("market_cap_change", quote_start, quote_end, None, sign * fig.value, fig.unit, hedge, fig.decimals,
                     entity_surface="|".join(m.surface for m in subjects),
                     ticker="|".join(m.entity.ticker for m in subjects))
            else:
                emit("market_cap_change", quote_start, quote_end, subjects[0] if subjects else None,
                     sign * fig.value, fig.unit, hedge, fig.decimals)
            consumed.add(id(fig))

        for m in _CAUSATIVE.finditer(sentence):
            verb_sign = _direction(m.group("verb"))
            objects = [mention for mention in mentions if mention.start >= m.end() and
                       re.fullmatch(r"[\s,]*(?:et|and)?\s*(?:de|d'|du|des)?\s*", sentence[m.end():mention.start]) is not None
                       or (mention.start >= m.end() and _only_list_between(sentence, m.end(), mention.start, mentions))]
            end = max((o.end for o in objects), default=m.end())
            for obj in objects:
                emit("direction", m.start(), end, obj, float(verb_sign or -1), "sign", "none", None)

        for fig in figures:
            if id(fig) not in consumed:
                result.figures.append(Figure(
                    figure_id=_stable_id(article_id, s_start + fig.start, s_start + fig.end),
                    article_id=article_id, source_file=source_file, sentence_index=sentence_index,
                    char_start=s_start + fig.start, char_end=s_start + fig.end,
                    quote=sentence[max(0, fig.start - 60) : min(len(sentence), fig.end + 60)].strip(),
                    value=_fraction(fig.value, fig.decimals) if fig.kind == "percent" else fig.value, unit=fig.unit,
                ))
        for mention in mentions:
            seen_mentions[mention.entity.ticker] += 1
    return result


def _only_list_between(sentence: str, start: int, end: int, mentions: list[Mention]) -> bool:
    """True when only other mentions and list glue (", ", "et", "de") lie between start and end."""
    gap = sentence[start:end]
    for mention in mentions:
        if start <= mention.start and mention.end <= end:
            gap = gap.replace(mention.surface, " ", 1)
    return re.fullmatch(r"(?:[\s,]|\bet\b|\band\b|\bde\b|\bd'|\bdu\b|\bdes\b)*", gap) is not None


def _anaphora_start(before: str, offset: int) -> int | None:
    m = None
    for m in _ANAPHORA.finditer(before):
        pass
    return offset + m.start() if m else None


def _main_entity(seen: Counter[str], entities: EntityIndex) -> Mention | None:
    """The company the article has named most so far: what "le géant américain" refers back to."""
    if not seen:
        return None
    ticker, _ = seen.most_common(1)[0]
    entity = entities.by_ticker[ticker]
    return Mention(-1, -1, entity.aliases[0] if entity.aliases else entity.name, entity)


def _claim_date(sentence: str, article: CleanArticle, market_day: dt.date | None) -> tuple[dt.date | None, str]:
    """The claim's day and how it was known: explicit (named in the text), relative, or inferred later."""
    reference = article.date_upper
    in_sentence = [d for m in find_dates(sentence) if (d := m.resolve(reference)) is not None]
    if in_sentence:
        return in_sentence[0], "explicit"
    if market_day is not None:
        return market_day, "explicit"
    offset = relative_day_offset(sentence)
    if offset is not None and article.published_date is not None:
        return article.published_date + dt.timedelta(days=offset), "relative"
    return None, "inferred"
