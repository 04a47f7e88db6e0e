"""When a claim happened and over what window: the session a sentence dates itself to (a date, a weekday, "hier"),
the day carried from an earlier sentence or named by the article, a live dispatch's intraday figures, and the
periods ("depuis le début de l'année", "in 2023") with the day each starts.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections import Counter

from .. import lexicon as lx
from ..articles import CleanArticle
from ..calendars import previous_session, session_close_utc, session_on_or_before
from ..dates import MONTHS, WEEKDAYS, find_dates, relative_days
from ..entities import Mention
from ..figures import Figure
from .clauses import BELOW_PEAK_AFTER


ROUND_THE_CLOCK = {"24/5", "24/7", "CMES"}  # calendars of markets that trade nearly all day: currencies, crypto, futures
NO_CLOSE = {"24/5", "24/7"}  # no session close at all: currencies, crypto
# A span written on the move's noun: "a 1.3% weekly gain".
SPAN_OF_ADJECTIVE = {"weekly": "week_start", "monthly": "month_start", "annual": "year_start", "yearly": "year_start"}
RECORD_NOT_SESSION = re.compile(r"historique|all-time|record(?! de séance| intraday)", re.IGNORECASE)
RANKING_APPOSITION = re.compile(r",\s+(?:one|two|three|four|five|l['’]une?|deux|trois|quatre|cinq)\s+(?:of|des|d['’])\b[^,]{0,100},",
                                re.IGNORECASE)
ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
            "tenth": 10, "deuxième": 2, "troisième": 3, "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7,
            "huitième": 8}
ORDINAL_WEEKS = re.compile(r"(?P<n>\d+)(?:st|nd|rd|th|e)\b|(?P<word>" + "|".join(ORDINALS) + r")", re.IGNORECASE)
# A participle's aside between a subject and its verb, with no figure of its own: "Atos, suspendu de cotation depuis
# mardi, a rechuté de 11 %", "la scission, effective depuis lundi, …". Its span is that state's, not the move's.
STATE_APPOSITION = re.compile(r",\s+(?:[\w'’-]{3,}(?:é|ée|és|ées|ie|is|ise|u|ue|us)|effective?s?|listed|suspended|delisted|"
                              r"quoted|traded)\s[^,.;%\d]{0,60},", re.IGNORECASE)


def _without_asides(words: str) -> str:
    """The words with their ranking and state appositions blanked (offsets kept): those name their own time."""
    for aside in (RANKING_APPOSITION, STATE_APPOSITION):
        words = aside.sub(lambda m: " " * len(m.group(0)), words)
    return words


FIGURE_JUST_BEFORE = re.compile(r"(?:%|percent|per cent|points?)\s*$", re.IGNORECASE)
PERIOD_KINDS = {"price_move", "points_change", "direction", "market_cap_change"}  # what moves over a period (a value is at a moment)


def last_session_of_span(calendar_name: str, last_day: dt.date) -> dt.date:
    """The last session of a month or a year that ends on `last_day` (the day itself for a calendar
    exchange_calendars does not know, or before the calendar's first year)."""
    try:
        last = session_on_or_before(calendar_name, last_day)
    except ValueError:  # a calendar exchange_calendars does not know (24/5)
        return last_day
    return last if (last.year, last.month) == (last_day.year, last_day.month) else last_day


# "its best week", "sa pire semaine", "sa plus forte baisse hebdomadaire": the calendar span in progress on the day,
# once enough of it has gone by for the claim to be about it (on a Monday, "worst week" is the week before, whose
# end is not worked out here: left without a start, unverifiable rather than judged on one session).
RANKED_SPANS = (("week", re.compile(r"week|semaine|hebdomadaire", re.I), 4),
                ("month", re.compile(r"month|mois|mensuel", re.I), 10),
                ("quarter", re.compile(r"quarter|trimestr", re.I), 20),
                ("year", re.compile(r"year|année|annuel", re.I), 20))


def ranked_span_start(reference: dt.date, words: str) -> dt.date | None:
    """The first day of the week, month, quarter or year the words rank, counted from the last weekday on or
    before `reference`; None when fewer of its weekdays than the span's minimum have gone by."""
    day = reference - dt.timedelta(days=max(0, reference.weekday() - 4))
    for span, pattern, minimum in RANKED_SPANS:
        if pattern.search(words):
            break
    else:
        return None
    if span == "week":
        start = day - dt.timedelta(days=day.weekday())
    elif span == "month":
        start = day.replace(day=1)
    elif span == "quarter":
        start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    else:
        start = dt.date(day.year, 1, 1)
    elapsed = sum(1 for n in range((day - start).days + 1) if (start + dt.timedelta(days=n)).weekday() < 5)
    return start if elapsed >= minimum else None


def months_back(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return day.replace(year=year, month=month, day=min(day.day, last))


WEEKDAY_SPAN = re.compile(r"(?P<first>" + "|".join(WEEKDAYS) + r")\s+(?:and|et|to|through|à)\s+(?:on\s+)?(?P<last>"
                          + "|".join(WEEKDAYS) + r")(?![\w'])", re.IGNORECASE)
WEEKDAY = re.compile(r"(?<![\w'])(?:ce |this |on |last )?(?P<d>" + "|".join(WEEKDAYS) + r")(?![\w'])", re.IGNORECASE)


def last_weekday(day: dt.date, weekday: int) -> dt.date:
    """The latest date on or before `day` that falls on `weekday` ("lundi" in a Wednesday piece is two days back)."""
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


SINCE_BEFORE = re.compile(r"\b(?:since|depuis)\s+(?:last\s+)?$", re.IGNORECASE)


def weekday_named(sentence: str, today: int | None = None) -> int | None:
    """The weekday a sentence is dated by; not one a change is measured from ("gave up 386 points from Friday",
    "has gained 5% since Tuesday"), unless it is the day of writing ("effective depuis lundi" in Monday's piece);
    of a span of two ("advanced on Thursday and Friday"), the later, whose close ends it."""
    for m in WEEKDAY.finditer(sentence):
        base = lx.BASE_DAY_BEFORE.search(sentence, max(0, m.start() - 24), m.start())
        if base and WEEKDAYS[m.group("d").lower()] == today and SINCE_BEFORE.search(base.group(0)):
            base = None
        if not base:
            if span := WEEKDAY_SPAN.match(sentence, m.start("d")):
                return WEEKDAYS[span.group("last").lower()]
            return WEEKDAYS[m.group("d").lower()]
    return None


# A day read in another sentence is written in the text (basis explicit) but is an anchor, not a
# certainty: the claim may speak of that day's session or of the one before (inferred_event_dates).
ANCHOR_SCOPES = ("earlier_sentence", "article")


MARKET_DAY_REACH = dt.timedelta(days=7)  # how far before its publication an article's market day may lie


DISTANT_DATE_REACH = 60  # characters from a figure to a date out of reach that still dates it
DISTANT_DATE_BEFORE_REACH = 40  # the same, for a date just before the figure
WHEN_AFTER_DATE = re.compile(r",?\s*(?:when|lorsque|lorsqu['’]|quand)\b", re.IGNORECASE)


def within_reach(published: dt.date | None, day: dt.date) -> bool:
    """Whether `day` can be the market day of an article published on `published` (unknown: any day)."""
    return published is None or dt.timedelta(0) <= published - day <= MARKET_DAY_REACH


def frames_or_starts(sentence: str, mention) -> bool:
    """A date that does not date its sentence: where a period starts or ends ("depuis le 14 août", "until
    December 24"), or inside a clause framing the main one ("After closing at a record on December 24, …":
    it dates that clause only, _date_at)."""
    return bool(lx.SINCE_DATE.search(sentence, max(0, mention.start - 24), mention.start)
                or framing_clause_start(sentence, mention.start) is not None)


def framing_clause_start(sentence: str, position: int) -> int | None:
    """Where the framing clause holding `position` starts ("After …", ", which …"), or None when the clause
    there is not one. The clause runs from the last comma, semicolon or opening bracket before `position`."""
    mark = max(sentence.rfind(c, 0, position) for c in lx.CLAUSE_MARKS)
    if mark >= 0 and sentence[mark] == ")":
        return None
    return mark if lx.FRAMING_CLAUSE.match(sentence, mark + 1, position) else None


def market_date(article: CleanArticle, sentences: list[tuple[int, int]]) -> tuple[dt.date | None, str | None]:
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
                if not within_reach(published, day) or frames_or_starts(sentence, mention):
                    continue
                counts[day] += 1
                evidence.setdefault(day, f"'{sentence[mention.start:mention.end]}' named elsewhere in the article")
    if not counts:
        return None, None
    day = counts.most_common(1)[0][0]
    return day, evidence[day]


# A heading line: a few words and a colon, nothing after it ("For the week:", "Depuis le 1er janvier :").
HEADING = re.compile(r"\s*[^\n:]{2,40}:\s*")
# The end of a main clause that a "with …" clause hangs on.
WITH_CLAUSE = re.compile(r",\s+with\s+$", re.IGNORECASE)
# A contrast that goes on about the same span: "The S&P 500 has rallied almost 4% since Trump's victory last Tuesday,
# while the Nasdaq has gained almost 5%", "Le CAC a pris 2 % sur la semaine, tandis que le DAX a gagné 3 %".
CONTRAST_CLAUSE = re.compile(r",?\s+(?:while|whereas|tandis qu(?:e|')|alors qu(?:e|'))\s*$", re.IGNORECASE)
# A comma, then a present participle: the phrase of "…, effaçant les gains", "…, erasing earlier gains".
PARTICIPLE_TAIL = re.compile(r",\s+(?=" + lx.PARTICIPLE + r"\s)")

class DateReader:
    """The day and the time window of the sentence's claims; keeps the article's dating state (the day carried
    from an earlier sentence, the paragraph's live cue)."""

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
        # a close named beside a time of day is what the paragraph goes on about: "Dans le vert à la mi-séance, les
        # indices européens ont terminé en repli"
        if lx.SESSION.search(text, s_start, s_end):
            self._cue = "session"
        elif self._names_a_time(s_start, s_end):
            self._cue = "marker"
        if self._cue == "marker":
            return "marker"
        if number not in self._live_tense_paragraphs:
            self._live_tense_paragraphs[number] = bool(lx.LIVE_TENSE.search(text, a, b) and not lx.SESSION.search(text, a, b))
        if self._cue is None and self._is_live_article() == "marker":
            return "marker"  # a time of day named, no close anywhere: "climbed 3.16 percent" is the afternoon's
        if self._cue is None and (self._live_tense_paragraphs[number] or self._is_live_article()):
            return "tense"
        return ""

    def _section_heading(self, s_start: int, s_end: int) -> str:
        """The heading the sentence comes under: a short line ending in a colon ("For the week:", "Sur l'année :")
        governs the lines after it, to the next heading or the end of its paragraph (AP's "How major US stock
        indexes fared": "For the year: / The S&P 500 is down 360.11 points, or 6.1%")."""
        paragraph = bisect_right(self._paragraph_starts, s_start)
        if self._heading[0] != paragraph:
            self._heading = (paragraph, "")
        sentence = self.article.text[s_start:s_end]
        if HEADING.fullmatch(sentence):
            self._heading = (paragraph, sentence)
            return ""
        return self._heading[1]

    def _names_a_time(self, s_start: int, s_end: int) -> bool:
        """A time of day in the sentence at [s_start, s_end), outside a participle's phrase (a time there is the
        phrase's: "a pris 0,39 %, atteignant en cours de séance un nouveau plus haut")."""
        text = self.article.text
        return any(not PARTICIPLE_TAIL.search(text, s_start, marker.start())
                   for marker in lx.INTRADAY.finditer(text, s_start, s_end))

    def _is_live_article(self) -> str:
        """A piece written during the session: no close named anywhere, and live somewhere — "marker" by a time
        of day, "tense" by the present of a move; "" otherwise. Its paragraphs that name no time are live too
        ("Trigano (-8,05 % à 108,50 euros) …"). Worked out once, on first need, the close first: most wraps name one."""
        if self._live_article is None:
            text = self.article.text
            self._live_article = "" if lx.SESSION.search(text) else (
                "marker" if lx.INTRADAY.search(text) and any(self._names_a_time(a, b) for a, b in self.sentences)
                else "tense" if lx.LIVE_TENSE.search(text) else "")
        return self._live_article

    def _timing(self, start: int, end: int) -> tuple[str, str | None, dt.date | None]:
        seg_start, seg_end = self.ctx.clause_at(start)
        # A moment of the day said in a participle's phrase is that phrase's: "ont fini en baisse, effaçant les
        # gains réalisés plus tôt dans la journée" is a close; "…, having gained 5% at one point" a point on the path.
        tail = PARTICIPLE_TAIL.search(self.sentence, seg_start, seg_end)
        in_tail = tail is not None and end > tail.end()  # where the claim ends: its figure
        own = (tail.end(), seg_end) if in_tail else (seg_start, tail.start() if tail else seg_end)
        # a claim made inside an apposition that ranks the subject ("…, two of the biggest gainers in 2024, …") has
        # that apposition for its own span
        ranking = next((m for m in RANKING_APPOSITION.finditer(self.sentence, seg_start, seg_end)
                        if m.start() < end <= m.end()), None)
        if ranking is not None:
            own = (ranking.start(), ranking.end())
        key = (self.sentence_index, seg_start, in_tail, ranking is not None)
        if key not in self._timings:  # every claim of a clause (or of its participle's phrase) shares its time window
            self._timings[key] = self._clause_timing(self.sentence, seg_start, seg_end, own, tail is not None,
                                                     tail is not None and own[0] >= tail.end(), ranking is not None)
        return self._timings[key]

    @staticmethod
    def _speaks_live(text: str) -> bool:
        """A time of day or the tense of a live dispatch, and no finished move."""
        return bool((lx.INTRADAY.search(text) or lx.LIVE_TENSE.search(text)) and not lx.PAST_MOVE.search(text)
                    and not lx.SESSION.search(text))

    def _clause_is_live(self, position: int) -> bool:
        """Whether the clause at `position` says for itself that it is live (a time of day, a present tense)."""
        seg_start, seg_end = self.ctx.clause_at(position)
        clause = self.sentence[seg_start:seg_end]
        return bool(lx.INTRADAY.search(clause) or lx.INTRADAY_IN_CLAUSE.search(clause) or lx.LIVE_TENSE.search(clause))

    def _clause_before(self, seg_start: int) -> tuple[int, int] | None:
        """The sentence's clause that ends where the one at `seg_start` begins, or before it."""
        return max(((a, b) for a, b in self.ctx.clauses if b <= seg_start), default=None)

    def _span_closes_clause(self, start: int, end: int) -> bool:
        """Whether the clause at [start, end) is about a listed name and ends on the span of its figure ("The S&P 500
        has rallied 4% since Tuesday"; not "L'indice CPI a progressé de 2,9 % sur un an", nor "Intel, qui a chuté de
        47 % depuis le début de l'année, a pris 4,4 %")."""
        last_figure = max((f.end for f in self.figures if start <= f.start < end and f.kind in {"percent", "points"}),
                          default=None)
        if last_figure is None or not any(start <= m.start < end and m.entity is not None for m in self.mentions):
            return False
        return any(pattern.search(self.sentence, last_figure, end) for pattern, _ in lx.PERIODS)

    def _clause_timing(self, sentence: str, seg_start: int, seg_end: int, own: tuple[int, int], has_tail: bool,
                       in_tail: bool, in_ranking: bool) -> tuple[str, str | None, dt.date | None]:
        """The time window of the clause at [seg_start, seg_end), for a claim whose own span is `own` (the part
        before a participle's phrase, the phrase itself when `in_tail`, or a ranking apposition)."""
        clause = sentence[seg_start:seg_end]
        # A participle's phrase keeps its own span from the clause it hangs on ("closed 0.6% lower on Tuesday, ending
        # the year up 5.8%": a session, then a year), and with none of its own takes the clause's ("the year-to-date
        # performance remains positive for the Nasdaq, having climbed 31%").
        spans = (sentence[own[0]:own[1]], clause) if in_tail else (sentence[own[0]:own[1]],) if has_tail else (clause,)
        if in_ranking:
            spans = (sentence[own[0]:own[1]],)
        else:
            # an apposition that ranks the subject ("Palantir and AppLovin, two of the biggest gainers in 2024, …")
            # names the time of that ranking, not of the move
            spans = tuple(_without_asides(words) for words in spans)
        for words in (*spans, self.ctx.heading):  # the clause's own span, then its heading's ("For the week:")
            for pattern, period in lx.PERIODS if words else ():
                if said := pattern.search(words):
                    return "period", period, self._period_start(period, said)
        if WITH_CLAUSE.search(sentence, 0, seg_start) and not lx.INTRADAY.search(clause) and not lx.SESSION.search(clause):
            # "had a strong run in November, with the two gaining 7.5% and 5.7%": the time of the clause it hangs on
            before = self._clause_before(seg_start)
            if before is not None:
                return self._timing(before[0], before[1])
        if (CONTRAST_CLAUSE.search(sentence, 0, seg_start) and not lx.INTRADAY.search(clause)
                and not lx.SESSION.search(clause) and not find_dates(clause) and not relative_days(clause)
                and not WEEKDAY.search(clause)):
            # a contrast with no time of its own keeps the span of the clause it answers (not its session: "Nvidia
            # fell 3%, while Apple gained 1%" is read on its own)
            before = self._clause_before(seg_start)
            if before is not None and self._span_closes_clause(*before):
                return self._timing(before[0], before[1])
        live = lx.LIVE_TENSE.search(clause) and not lx.SESSION.search(lx.AFTER_ANOTHER_CLOSE.sub(" ", clause))
        # In a paragraph live by its tense, a clause in a past tense keeps it ("a dévissé" is the close).
        in_live_paragraph = (self.paragraph_intraday and not lx.SESSION.search(sentence)
                             and not (self.paragraph_intraday == "tense" and lx.PAST_MOVE.search(clause)))
        # (the close named wins, as above; a time said in a participle's phrase is the phrase's: "a pris 0,39 %,
        # atteignant en cours de séance un nouveau plus haut" is a close, then a point on the path)
        timed = spans[0] if has_tail and not in_tail else clause
        marked = lx.INTRADAY.search(timed) and not lx.SESSION.search(clause)
        if marked or lx.INTRADAY_IN_CLAUSE.search(sentence, *own) or live or in_live_paragraph:
            return "intraday", None, None
        if seg_start > 0 and not lx.PAST_MOVE.search(clause) and not lx.SESSION.search(clause):
            # "the S&P 500 was trading down 0.27%, while the Dow Jones was 0.11% lower": a clause with no verb
            # of its own tells its time by the clause before it
            before = self._clause_before(seg_start)
            if before is not None and self._timing(before[0], before[1])[0] == "intraday":
                return "intraday", None, None
        return "session", None, None

    def _period_start(self, period: str, said: re.Match | None = None) -> dt.date | None:
        reference = self.date[0] or self.article.published_date
        if reference is None:
            return None
        if period == "named_month":
            # The day's own month is "so far"; an earlier one, the last of that name, is a whole month (_when ends
            # it at its last close). Only within a quarter: further back, a month named is as likely another year's.
            month = MONTHS[said.group("month").lower()]
            start = dt.date(reference.year - (month > reference.month), month, 1)
            return start if start >= months_back(reference.replace(day=1), 3) else None
        # The period starts the day after the close it is measured from: "over the past week" on a Friday is
        # measured from the Friday before, "this week" from the close before its Monday.
        if period == "year_start":
            return reference.replace(month=1, day=1)
        if period == "ranked_span":
            return ranked_span_start(reference, said.group(0)) if said is not None else None
        if period == "since_year_end":  # "from the end of 2023", "depuis fin 2023", "from the end of last year"
            year = re.search(r"\d{4}", said.group(0)) if said is not None else None
            return dt.date((int(year.group(0)) if year else reference.year - 1) + 1, 1, 1)
        if period == "calendar_year":  # "in 2023", "ended 2024 up 5.7%": a whole year, ended by the day
            words = said.group(0) if said is not None else ""
            written = re.search(r"\d{4}", words)
            ended = re.search(r"end|finish|clos|clôtur|wrap|termin|fini|achev|boucl", words, re.I)
            if written is not None:
                year = int(written.group(0))
            elif re.search(r"last|derni", words, re.I):
                year = reference.year - 1  # "last year's 60% decline", "l'an dernier"
            elif ended:
                year = reference.year if reference.month == 12 else reference.year - 1  # in January: the year just ended
            else:
                return None
            # the day's own year only when its end is the subject ("ended 2024 up 5.7%"); "en 2025" in a 2025
            # piece is as likely a plan's year ("des dépenses colossales en 2025") as the move's
            if year > reference.year:
                return None
            if year == reference.year and not ended and not (said is not None and FIGURE_JUST_BEFORE.search(
                    said.string, max(0, said.start() - 12), said.start())):
                return None  # ("up 31% in 2025" right after its figure is the year so far)
            return dt.date(year, 1, 1)
        if period == "week_streak" and said is not None:
            # "capping the fifth consecutive week of gains" on a Friday: from the Monday four weeks before
            weeks = ORDINAL_WEEKS.search(said.group(0))
            if weeks is None:
                return None
            count = int(weeks.group("n")) if weeks.group("n") else ORDINALS[weeks.group("word").lower()]
            return reference - dt.timedelta(days=reference.weekday(), weeks=count - 1)
        if period == "since_weekday" and said is not None:
            # "has rallied 4% since Trump's victory last Tuesday", on the next Tuesday: from that day's close, as a
            # move since a record is from the record's close
            named = WEEKDAY.search(said.group(0))
            if named is None:
                return None
            return last_weekday(reference - dt.timedelta(days=1), WEEKDAYS[named.group("d").lower()]) + dt.timedelta(days=1)
        if period == "weekday_span":  # "on Thursday and Friday": from the close before the first day
            days = self._weekday_span()
            return days[0] if days else None
        if period == "month_start":
            return reference.replace(day=1)
        if period == "week_start":
            return reference - dt.timedelta(days=reference.weekday())
        if period == "week":
            return reference - dt.timedelta(days=6)
        if period == "month":
            return months_back(reference, 1) + dt.timedelta(days=1)
        if period == "year":
            return months_back(reference, 12) + dt.timedelta(days=1)
        return None

    def _weekday_span(self) -> tuple[dt.date, dt.date] | None:
        """The two days of "advanced on Thursday and Friday", counted back from the publication (a "today" in the
        sentence dates the sentence's other claims, not the span)."""
        published = self.article.published_date
        span = WEEKDAY_SPAN.search(self.sentence)
        if published is None or span is None:
            return None
        first, last = WEEKDAYS[span.group("first").lower()], WEEKDAYS[span.group("last").lower()]
        last_day = last_weekday(published, last)
        return last_day - dt.timedelta(days=(last - first) % 7), last_day

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
        for mention, day in self._dates_here():  # "since May 9, 2013, when it rose 24.4%": the when-clause's day
            if day is not None and (when := WHEN_AFTER_DATE.match(self.sentence, mention.end)) and when.end() <= position:
                clause_end = lx.CLAUSE_END.search(self.sentence, when.end())
                if position < (clause_end.start() if clause_end else len(self.sentence)):
                    return day, "explicit", f"'{self.sentence[mention.start:mention.end]}, when' in the clause", None
        # A date out of the article's reach dates only the figure right beside it, after it ("the record closing
        # high of 38,915.87, marked on Dec. 29, 1989") or just before it ("since May 9, 2013, when it rose 24.4%",
        # "set on January 22, 2008, by 2,061 points"), never the sentence ("…, plummeting by 2,172 points (9.4%),
        # breaking the record […] set on January 22, 2008")
        for start, end, own in self._distant_dates():
            if 0 <= start - position <= DISTANT_DATE_REACH and not any(
                    position < f.start < start for f in self.figures):  # the figure nearest the date only
                return own
            if 0 <= position - end <= DISTANT_DATE_BEFORE_REACH and not any(
                    end <= f.start < position for f in self.figures) and not lx.CLAUSE_BREAK.search(self.sentence, end, position):
                return own
        return self.date

    def _dates_here(self) -> list[tuple]:
        """The dates the sentence names, each with the day it resolves to: found once, asked by three readings."""
        if self._dates_of[0] != self.sentence_index:
            self._dates_of = (self.sentence_index, [(m, m.resolve(self.article.date_upper)) for m in find_dates(self.sentence)])
        return self._dates_of[1]

    def _distant_dates(self) -> list[tuple[int, int, tuple]]:
        if self._distant_of[0] != self.sentence_index:
            published, sentence, spans = self.article.published_date, self.sentence, []
            for mention, day in self._dates_here():
                if (day is None or within_reach(published, day) or frames_or_starts(sentence, mention)
                        or lx.EVENT_BEFORE_DAY_WORD.search(sentence, max(0, mention.start - 40), mention.start)):
                    continue
                spans.append((mention.start, mention.end,
                              (day, "explicit", f"'{sentence[mention.start:mention.end]}' beside the figure", None)))
            self._distant_of = (self.sentence_index, spans)
        return self._distant_of[1]

    def _framing_dates(self, sentence: str) -> list[tuple[int, int, dt.date, str]]:
        if self._framing_of[0] != self.sentence_index:
            spans = []
            for mention, day in self._dates_here():
                frame = framing_clause_start(sentence, mention.start)
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
        for mention, day in self._dates_here():
            if day is None or frames_or_starts(sentence, mention):
                continue
            flag = None
            if mention.weekday is not None and mention.year is not None and day.weekday() != mention.weekday:
                flag = f"weekday_mismatch:{sentence[mention.start:mention.end]} is a {day.strftime('%A')}"
            own = day, "explicit", f"'{sentence[mention.start:mention.end]}' in the sentence", flag
            if within_reach(published, day):
                return own
        if published is not None:
            # A day named relative to publication ("On Friday, …") wins over a date out of reach in passing.
            # "après l'annonce hier soir d'un repli des ventes": the word dates the event it follows, not the move.
            offset = next((o for o, at in relative_days(sentence) if not lx.EVENT_BEFORE_DAY_WORD.search(
                sentence, max(0, at - 40), at)), None)
            if offset is not None:
                return published + dt.timedelta(days=offset), "relative", f"relative word, published {published}", None
            if (weekday := weekday_named(sentence, published.weekday())) is not None:
                day = last_weekday(published, weekday)
                if day != published and lx.PRESENT_MOVE.search(sentence) and not lx.PAST_MOVE.search(sentence):
                    # the present tense can only tell the day it is written: the weekday is the slip
                    return published, "relative", f"move in the present, published {published}", (
                        f"weekday_mismatch:a weekday in the present tense of a piece published on a "
                        f"{published.strftime('%A')}")
                return day, "relative", f"weekday named, published {published}", None
        return None  # (a date out of reach dates only the figure beside it: _date_at)

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
        if own is not None and within_reach(published, own[0]):
            self.carried = own

    def _when(self, kind: str, figure: Figure | None, start: int, quote_end: int, resolved: list[Mention],
              hedge: str | None) -> tuple:
        """A claim's time window and day: its clause's, then what the figure says for itself (an open, a peak, a
        span of its own, a live quote), then the day, then what the publication allows. Returns (timing, period,
        period_start, hedge, event_date, basis, evidence, flags)."""
        sentence, published = self.sentence, self.article.published_date
        timing, period, period_start = self._timing(start, quote_end)
        if timing == "period" and kind not in PERIOD_KINDS:
            # a level is at a moment: in a clause about a span ("…, after hitting a seven-month high this week"),
            # it is where the span ends, the session's
            timing, period, period_start = "session", None, None
        if figure is not None and kind != "price_level" and lx.OPENED_BEFORE_FIGURE.search(
                sentence, max(0, figure.start - 40), figure.start):
            timing, period, period_start = "intraday", None, None
        if (figure is not None and kind == "price_move" and (noun := lx.NOUN_AFTER_FIGURE.match(sentence[figure.end:]))
                and (span := SPAN_OF_ADJECTIVE.get((noun.group("span") or "").lower()))):
            # "posted a 1.3% weekly gain": the figure's own span, whatever its clause says
            timing, period = "period", span
            period_start = self._period_start(span)
        if figure is not None and kind == "price_move" and (peak := BELOW_PEAK_AFTER.match(sentence[figure.end:])):
            # "to finish more than 10% below its record": the figure's own span, since the peak
            timing, period, period_start = "period", "since_peak", None
            said_day = find_dates(sentence[figure.end + peak.end():figure.end + peak.end() + 40])
            peak_day = said_day[0].resolve(published) if said_day else None
            if peak_day is not None and (published is None or peak_day < published):
                # "à environ 14 % de son record de clôture du 19 février": that close is the span's base (it starts
                # the day after), and the day is not the record's but the article's
                period_start = peak_day + dt.timedelta(days=1)
        if figure is not None and kind == "price_level" and (extreme := lx.EXTREME_BEFORE_LEVEL.search(
                sentence, max(0, figure.start - 40), figure.start)) and not (
                RECORD_NOT_SESSION.search(extreme.group(0))
                and lx.SESSION.search(sentence[self.ctx.clause_at(start)[0]:extreme.start()].rsplit(",", 1)[-1])):
            # the session's high or low, a point on its path; a record may be a close, and is one when its own
            # phrase says so ("a clôturé à un plus haut historique à 8 200 points"; not "closed up, having hit …")
            timing, period, period_start = "intraday", None, None
        if figure is not None and timing == "session" and lx.TICKER_WIDGET.search(sentence, max(0, figure.start - 6),
                                                                              figure.start):
            timing = "intraday"  # "Intel (INTC+2.97%)": a page's live quote widget, of no stated time
        if (figure is not None and timing != "period" and kind in {"price_move", "points_change"}
                and lx.PEAK_BEFORE_FIGURE.search(sentence, max(0, figure.start - 20), figure.start)):
            # "rose as much as 14.7%", "a grimpé jusqu'à 5 %": the session's peak, a point on its path, not its close
            timing, hedge = "intraday", "none"
        round_the_clock = bool(resolved) and all(m.entity.kind == "fx" or m.entity.calendar in ROUND_THE_CLOCK
                                                 for m in resolved) and not lx.SESSION.search(sentence)
        if timing == "session" and all(m.entity.kind == "fx" for m in resolved) and resolved and not lx.SESSION.search(
                sentence, start, min(len(sentence), quote_end + 25)):
            # A currency trades round the clock: a rate quoted with no close named (in its own words: "the Nikkei
            # ended higher as … the yen weakened") is a moment of the day.
            timing = "intraday"
        flags: list[str] = []
        event_date, basis, evidence, date_flag = self._date_at(figure.start if figure is not None else start)
        if period == "since_peak" and period_start is not None and event_date == period_start - dt.timedelta(days=1):
            event_date, basis, evidence = None, "inferred", "the record's day starts the span; the article's day ends it"
        if date_flag:
            flags.append(date_flag)
        if event_date is not None and resolved and kind != "price_level" and (
                before := lx.SESSION_BEFORE.search(self.sentence, *self.ctx.clause_at(start))):
            # (a level's "previous close" is read with the level: extract._emit)
            try:
                event_date = previous_session(resolved[0].entity.calendar, event_date)
                evidence = f"{evidence}; '{before.group(0)}': the session before"
            except ValueError:  # a calendar exchange_calendars does not know
                pass
        if period == "weekday_span" and (span := self._weekday_span()) is not None:
            event_date, basis, evidence = span[1], "relative", f"the later day of a span of two, published {published}"
        if (period == "calendar_year" and period_start is not None and resolved and kind in PERIOD_KINDS
                and period_start.year < (event_date or published or period_start).year):
            # "In 2023, it had gained 28%": the move ends at that year's last close, not on the day of writing
            event_date = last_session_of_span(resolved[0].entity.calendar, dt.date(period_start.year, 12, 31))
            basis, evidence = "explicit", f"the year {period_start.year}, to its last session"
        if (period == "named_month" and period_start is not None and resolved and kind in PERIOD_KINDS
                and period_start < (event_date or published or period_start).replace(day=1)):
            # "had a strong run in November, with the two gaining 7.5%" on 2 December: to November's last close
            month_end = months_back(period_start, -1) - dt.timedelta(days=1)
            event_date = last_session_of_span(resolved[0].entity.calendar, month_end)
            basis, evidence = "explicit", f"the month of {period_start:%B %Y}, to its last session"
        if (timing == "intraday" and basis in {"explicit", "relative"} and event_date is not None
                and published is not None and event_date < published
                and not self._clause_is_live(start)):
            # "Mardi, il a grappillé 0,26 %" in Wednesday's live piece: an earlier day it names has closed
            timing = "session"
        said = sentence[max(0, start):quote_end]
        if (timing == "session" and event_date is None and resolved and self.article.published_at is not None
                and (lx.PRESENT_MOVE.search(said) or lx.PRESENT_DOWN.search(said) or lx.PRESENT_UP.search(said))
                and not lx.PAST_MOVE.search(said) and self._written_before_close(resolved, published)):
            # "Dow drops 394 points" in a page published at 11:25 New York time: the day of writing, not yet closed
            event_date, basis, evidence = published, "relative", f"a move in the present, published before the close"
        if (timing == "session" and event_date is None and basis == "inferred" and resolved and published is not None
                and not lx.SESSION.search(sentence, *self.ctx.clause_at(start))
                and self._written_before_close(resolved, published)):
            # "Dow Jones Suffers 400-Point Drop", undated, in a page published at 16:25 UTC: about the previous
            # close, or live on the day of writing — never that day's close (inferred_event_dates reads the flag)
            flags.append("written_before_close")
        if (timing == "session" and event_date is not None and self._written_before_close(resolved, event_date)
                and not lx.SESSION.search(sentence, *self.ctx.clause_at(start))):
            # "LONDON MARKET OPEN … opened up 7.27 points, 0.1%, at 8,666.25", published at 08:58: no close yet.
            # A close said in words ("the Nikkei ended higher") is what the page claims, whatever its clock says.
            timing = "intraday"
            flags.append("published_before_close")
        if timing == "session" and round_the_clock and (event_date is None or published is None or basis == "article"
                                                        or event_date >= published):
            # A future trades nearly round the clock too, and settles once a day: quoted with no close named and no
            # earlier day of its own ("Dow futures were up 1.62%"), it is a moment of the day of writing.
            timing = "intraday"
        if (round_the_clock and timing == "intraday" and basis == "article" and self.sentence_index > 0
                and event_date is not None and published is not None
                and event_date < published):
            # "Dow futures were up 1.62%" in a morning piece that recalls, further down, "On Tuesday, U.S. markets
            # closed higher": the quote is of the time of writing, not of the day the article recalls (dated by
            # prices). Not a headline, which sums the article up, nor a line after a day it carries.
            event_date, basis, evidence = None, "inferred", "a live quote; the publication day's session or the one before"
        return timing, period, period_start, hedge, event_date, basis, evidence, flags

    def _written_before_close(self, resolved: list[Mention], day: dt.date) -> bool:
        """Whether the page was published before the session of `day` closed on every subject's market (its
        time with its zone known, and no later update that could have brought the close)."""
        published = self.article.published_at
        if published is None or (self.article.updated_date is not None and self.article.updated_date >= day):
            return False
        if self._lead_names_close is None:
            # A headline or lead that reports the close ("Japan's Nikkei share average ended higher on Friday")
            # makes the page a closing report: a clock earlier than the close is the first version's, not this one's.
            lead = self.sentences[:2]
            self._lead_names_close = any(lx.SESSION.search(self.article.text, a, b) for a, b in lead)
        if self._lead_names_close:
            return False
        closes = [session_close_utc(m.entity.calendar, day) for m in resolved if m.entity.calendar not in NO_CLOSE]
        return bool(closes) and all(c is not None and published < c.replace(tzinfo=None) for c in closes)
