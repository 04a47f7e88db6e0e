"""The engine of financial language: the words that make a number a market claim.

The words are data, one file per language (lexicons/fr.yaml, lexicons/en.yaml, as dateparser keeps
one per language); this module reads them all the same way and compiles them once into the patterns
the extractor matches against normalised text (see text.normalise). What stays here is structure
that is not a vocabulary: punctuation, glue between names, the shape of an apposition.

French verbs conjugate by their endings, so a stem ("recul") covers every form ("recule",
"reculé", "reculait", "reculant"); English forms are listed whole. Each list says what a
word does to a figure near it: gives it a direction, a time window, a kind, or rules it out.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .dates import MONTHS

LANGUAGES = ("fr", "en")
LEXICON_DIR = Path(__file__).with_name("lexicons")
LEXICONS = {lang: yaml.safe_load((LEXICON_DIR / f"{lang}.yaml").read_text(encoding="utf-8")) for lang in LANGUAGES}


_READ = {"periods"}  # the lists the engine reads: any other name in a lexicon file is a typo (checked at the end)


def entries(name: str) -> tuple:
    """One list of the lexicons, every language's entries in turn (French first)."""
    _READ.add(name)
    return tuple(item for lang in LANGUAGES for item in LEXICONS[lang].get(name) or ())


def mapping(name: str) -> dict:
    """One table of the lexicons (word -> value), every language's rows merged."""
    _READ.add(name)
    return {key: value for lang in LANGUAGES for key, value in (LEXICONS[lang].get(name) or {}).items()}


def _patterns(*alternatives: str) -> str:
    """Regular-expression entries as one alternation, with the first-letter lookahead when each starts with a letter."""
    lead = _first_letters(alternatives) if all(a[:1].isalpha() for a in alternatives) else ""
    return lead + "(?:" + "|".join(alternatives) + ")"


def _first_letters(alternatives: tuple[str, ...]) -> str:
    """A lookahead on the alternatives' first letters. Python's regex engine tries every alternative at
    every position; with this it tries them only where a word could start (several times faster)."""
    letters = sorted({a[0].lower() for a in alternatives})
    assert all(c.isalpha() for c in letters), "alternatives must start with a letter"
    return "(?=[" + "".join(letters) + "])"


def _longest_first(alternatives: tuple[str, ...]) -> str:
    """The alternatives as one group, longest first, split by first letter: at a given place the engine then tries
    only those that can start there (Python's engine tries every alternative in turn), in the same order as one
    flat longest-first list would, so it matches the same text, several times faster on long lists."""
    by_letter: dict[str, list[str]] = {}
    for alternative in sorted(dict.fromkeys(alternatives), key=len, reverse=True):
        by_letter.setdefault(alternative[0].lower(), []).append(alternative)
    return "(?:" + "|".join(re.escape(letter) + "(?:" + "|".join(a[1:] for a in group) + ")"
                            for letter, group in by_letter.items()) + ")"


def _stems(*stems: str) -> str:
    """Words starting with one of the stems."""
    return r"(?<![\w])" + _first_letters(stems) + _longest_first(stems) + r"[\wéèêàâîôûç]*"


def _words(*words: str) -> str:
    """Whole words or phrases."""
    return r"(?<![\w'])" + _first_letters(words) + _longest_first(words) + r"(?![\w])"


def compile_(*parts: str) -> re.Pattern:
    return re.compile("|".join(parts), re.IGNORECASE)


# --- Direction: verbs and nouns of market movement -------------------------------------------
DOWN_NOUNS, UP_NOUNS = entries("down_nouns"), entries("up_nouns")
# In English a noun of movement may follow the figure ("Nvidia's 17% drop"); in French it comes first.
EN_DOWN_NOUNS, EN_UP_NOUNS = tuple(LEXICONS["en"]["down_nouns"]), tuple(LEXICONS["en"]["up_nouns"])
DOWN = compile_(_stems(*entries("down_stems")), _words(*entries("down_words"), *DOWN_NOUNS))
UP = compile_(_stems(*entries("up_stems")), _words(*entries("up_words"), *UP_NOUNS))


def _plurals(nouns: tuple[str, ...]) -> tuple[str, ...]:
    return nouns + tuple(n + "es" if n.endswith("s") else n[:-1] + "ies" if n.endswith("y") else n + "s"
                         for n in nouns if not n.endswith(("s", "x")))


# A noun of movement, then the names it is about: "the rise in Alphabet and Tesla stocks", "declines in all three
# indexes", "la hausse des valeurs bancaires". (Not "la perte de Renault", "Intel's gains of $2 billion": a loss or a
# gain "of" a company is its accounts'; "in" a stock is its price.)
MOVE_NOUN_BEFORE_NAME = re.compile(r"(?<!-)(?:(?P<down>" + _words(*_plurals(DOWN_NOUNS)) + r")|(?P<up>"
                                   + _words(*_plurals(UP_NOUNS)) + r"))(?!-)", re.IGNORECASE)
NOUN_TO_NAME = re.compile(r"\s+(?:in|among|across|(?P<of>of|des|du|de la|de l['’]|de|d['’]))\s*"
                          r"(?:(?:the|les|la|le|l['’])\s*)?(?:(?:shares|stocks|actions|titres)\s+(?:of|de|d['’])\s*)?",
                          re.IGNORECASE)
ACCOUNTS_NOUN = re.compile(r"loss(?:es)?|pertes?|gains?", re.IGNORECASE)
# Before the noun: a move not (yet) made ("fears of a drop in", "une éventuelle baisse des"), or a ranking whose
# "in" is its scope, not its subject ("the biggest gain in the S&P 500", "led the gains in the Stoxx 600").
MOVE_NOT_MADE = re.compile(r"(?:potential|possible|further|expected|feared|fears? of|risk of|bets? on|hopes? of|"
                           r"biggest|largest|best|worst|strongest|sharpest|steepest|top|(?:lead|leads|led|leading) the|"
                           r"plus (?:forte?s?|grosses?|gros|belles?|lourdes?|importantes?)|"
                           r"éventuel(?:le)?s?|possibles?|attendue?s?|craintes? d['’]une|risque d['’]une)\s+(?:an?\s+|une\s+)?"
                           r"(?:\w+\s+)?$", re.IGNORECASE)

# Nouns of movement written after the figure: "Nvidia's 17% drop", "a 3.1% decline", "a 20% annual return".
NOUN_AFTER_FIGURE = re.compile(r"^\s*(?:(?P<span>daily|weekly|monthly|quarterly|annual|yearly|one-day|single-day|intraday)\s+)?"
                               r"(?P<noun>" + "|".join(EN_DOWN_NOUNS + EN_UP_NOUNS + entries("up_nouns_after_figure"))
                               + r")\b", re.IGNORECASE)  # "a 1.3% weekly gain"
# Verbs that can stand with no figure: "Nvidia a fortement chuté lundi" is a direction claim.
_VERB_ENDING = r"(?:é|ée|és|ées|e|es|ent|ait|aient|ant|er|ons|ez|it|i|is|issent|issait|issaient|a)\b"


# After a determiner the word is a noun: "entraînant le Nasdaq dans sa chute" (not "a": French "a chuté").
_NOT_AFTER_DETERMINER = "".join(f"(?<!{d} )" for d in ("la", "sa", "une", "leur", "cette", "the", "its", "their"))


def _verb_stems(*stems: str) -> str:
    """Conjugated forms only: "chuté", "recule", "plongeaient" — not the nouns "rebond", "recul", "sa chute"."""
    return r"(?<![\w])" + _NOT_AFTER_DETERMINER + _first_letters(stems) + _longest_first(stems) + _VERB_ENDING


# With no figure in the clause: a verb of movement, or a close written as a direction ("a terminé en baisse",
# "closed higher", "ended in the red").
# "… and a low or a high, a worst day, a steepest drop" (no_figure_*_patterns).
INTRANSITIVE_DOWN = compile_(_verb_stems(*entries("no_figure_down_verb_stems")), _words(*entries("no_figure_down_words")),
                             r"(?<![\w])" + _patterns(*entries("no_figure_down_patterns")))
INTRANSITIVE_UP = compile_(_verb_stems(*entries("no_figure_up_verb_stems")), _words(*entries("no_figure_up_words")),
                           r"(?<![\w])" + _patterns(*entries("no_figure_up_patterns")))
INTRANSITIVE_FLAT = compile_(_words(*entries("no_figure_flat_words")))
# The same in the present of a headline, right after the subject (ADJACENT_SUBJECT).
PRESENT_DOWN = compile_(_words(*entries("no_figure_down_present")))
PRESENT_UP = compile_(_words(*entries("no_figure_up_present")))
ADJACENT_SUBJECT = re.compile(r"\s*(?:(?:stock|stocks|shares|share price)\s+)?(?:\w+ly\s+)?", re.IGNORECASE)
# "a fait chuter les actions de Nvidia", "sent shares of Nvidia tumbling".
CAUSATIVE = re.compile(
    r"(?:fait|faisant|font|faire)\s+(?P<verb>chuter|plonger|reculer|baisser|dévisser|décrocher|dégringoler|grimper|"
    r"monter|bondir|flamber|s'envoler|s'effondrer)\s+(?P<object>(?:l'action|les actions|le titre|les titres|le cours|"
    r"les cours|la valeur)(?:\s+(?:de|d'|du|des))?)"
    r"|sent\s+(?P<object_en>(?:the\s+)?(?:shares|stocks?)\s+(?:of\s+)?)",
    re.IGNORECASE,
)
EN_CAUSATIVE_TAIL = re.compile(r"^\s*(?P<verb>tumbling|plunging|sliding|falling|lower|down|soaring|surging|higher|up)"
                               r"\b", re.IGNORECASE)

# --- What a percentage measures --------------------------------------------------------------
# After a percentage, these say it is a share of something ("80 % du marché"), unless that
# something is the security's own value ("17 % de sa valeur").
SHARE_OF_SOMETHING = re.compile(
    r"^\s*(?:(?:du|de la|des|de ses|de leurs?|de son|de sa|de ce|de cette)\b|de l'|d'|of (?:the |its |their |all )?)\s*"
    r"(?!(?:sa|leur|son|ses|its|their)?\s*(?:valeur|capitalisation|value|cours|market value)\b)",
    re.IGNORECASE,
)
# Nouns whose movement is not the share price: "le chiffre d'affaires de LVMH a reculé de 2 %".
_NON_PRICE_WORDS = _words(*entries("non_price_subjects"))
NON_PRICE_SUBJECTS = compile_(_NON_PRICE_WORDS)
# ... and such a noun right before the figure it governs: "des droits de douane de 25 %", "tariffs of 25%".
NON_PRICE_BEFORE_FIGURE = re.compile(r"(?P<noun>" + _NON_PRICE_WORDS + r")\s+(?:de|d['’]|of|à|at)\s*"
                                     r"(?:plus de |près de |moins de |about |around |more than |nearly )?$", re.IGNORECASE)
# The security itself: these make a subject a price even with no company named.
PRICE_NOUNS = compile_(_words(*entries("price_nouns")))
# The market as a whole before its move's figure: "dans un marché en baisse de 0,67 %", "in a market down 0.7%".
MARKET_MOVE_BEFORE_FIGURE = re.compile(r"\b(?:un|le|a|the|overall|broader)\s+(?:marché|market)\s+(?:en (?:baisse|hausse|repli|"
                                       r"recul|progression)\s+de|(?:down|up|off|lower|higher)(?:\s+by)?)\s*$",
                                       re.IGNORECASE)
# After a figure's noun, what it measures when that is not the price: "a 3% decline in first-quarter revenue".
NON_PRICE_AFTER_NOUN = re.compile(r"\s+(?:in|of|de|du|des|d['’])\s*(?:(?:its|their|the|sa|son|ses|leur|leurs|la|le|les)\s+)?"
                                  r"(?:[\w-]+\s+){0,2}?(?P<noun>" + _NON_PRICE_WORDS + r")", re.IGNORECASE)
# Forecasts and conditionals are not claims of fact about a session.
FORECAST = compile_(_words(*entries("forecast")))

# --- Time window of a move -------------------------------------------------------------------
INTRADAY = re.compile(r"\b" + _patterns(*entries("intraday")), re.IGNORECASE)
# The tense of a live dispatch: the French imperfect ("reculait") and present ("perd 0,39 %") of a move,
# English "is down", "is trading higher". Closing copy uses the passé composé or a close verb (SESSION).
_LIVE_STEMS = entries("live_tense_stems")
_PRESENT = "|".join(entries("live_tense_words")) + "|" + "|".join(entries("live_tense"))
LIVE_TENSE = re.compile(
    r"(?<![\w'’])(?:" + "|".join(sorted({m + "ait" for m in _LIVE_STEMS} | {m + "aient" for m in _LIVE_STEMS}, key=len,
                                          reverse=True))
    + "|" + _PRESENT + r")(?![\w'’])",
    re.IGNORECASE,
)
# The present of a move only (not the imperfect, which can tell a past session's morning): it speaks of the day
# the piece is written, whatever weekday it names ("Wall Street s'inscrit en forte hausse jeudi" on a Wednesday).
PRESENT_MOVE = re.compile(r"(?<![\w'’])(?:" + _PRESENT + r")(?![\w'’])", re.IGNORECASE)
# Another market's close as the moment of a figure ("after markets had closed in Europe the S&P 500 was trading
# down"): it does not make the clause a close.
AFTER_ANOTHER_CLOSE = re.compile(r"\b(?:after|since) (?:\w+ ){0,3}(?:had |have )?closed\b", re.IGNORECASE)
# A finished move: the French passé composé ("a dévissé", "ont cédé", "s'est replié") or an English past
# ("fell", "closed"). A clause in that tense keeps it inside a live paragraph.
PAST_MOVE = re.compile(
    # French: the participle of a move ("a dévissé", "ont perdu"), not any past ("a renforcé l'embargo")
    r"(?<![\w'’])(?:a|ont|avait|avaient|s'est|se sont|s’est)\s+(?:\w+\s+)?"
    r"(?=(?:" + "|".join(entries("down_stems") + entries("up_stems") + entries("up_words")) + r"))"
    r"[\wéèêàâîôûç'’-]+(?:é|ée|és|ées|i|is|u|us|du|nu|t)(?![\w])"
    r"|(?<![\w'])(?:fell|rose|sank|slid|lost|shed|closed|ended|finished|declined|dropped|gained|jumped|climbed|"
    r"tumbled|plunged|surged|soared|slipped|retreated|advanced|added|eased|dipped|rallied)(?![\w])",
    re.IGNORECASE,
)
# Words that make only their own clause intraday ("declined more than 300 points at one point").
INTRADAY_IN_CLAUSE = re.compile(r"\b" + _patterns(*entries("intraday_in_clause")), re.IGNORECASE)
# A Hong Kong code as wires write it after the name: "Alibaba (09988)" — no figure.
STOCK_CODE = re.compile(r"\(0\d{3,4}\)")
# A symbol glued to its signed move, a page's live quote widget: "TSM+2.56%".
TICKER_WIDGET = re.compile(r"(?<![\w])[A-Z]{2,5}$")
# Right before a level, the session's extreme: "record de séance à 20.038,01 points", "a session high of 5,600".
EXTREME_BEFORE_LEVEL = re.compile(r"(?:record|plus (?:haut|bas)|sommet) (?:de séance|intraday|intra-? ?journalier|historique)\s*(?:à|de)?\s*$"
                                  r"|\bplus (?:haut|bas) (?:du jour |de la journée |de la séance )?à\s*$"  # "entre un plus haut à 11'633,57 et un plus bas à …"
                                  # "hit a low of 23,336 points"; "hit an all-time high of 8,692.84", "having earlier hit a
                                  # record 530.55 points": a record touched may be the close too, and the session's range holds
                                  # both (a record *closed at* is read as a close: LEVEL_VERBS)
                                  r"|\b(?:hit|hits|touched|touches|reached|reaches|plunged to|fell to|rose to) (?:a|an|its|their) "
                                  r"(?:session |intraday |day's |daily )?(?:high|low) of\s*$"
                                  r"|\b(?:hit|hits|hitting|touched|touches|touching) (?:a|an|its|their) (?:new |fresh )?"
                                  r"(?:(?:all-time|record|intraday record) high(?: of)?|record(?: high)?(?: of)?)\s*$"
                                  r"|(?:session|intraday) (?:high|low|record)\s*(?:of|at)?\s*$", re.IGNORECASE)
# Just before a figure, the open it was measured at: "after opening 0.11% higher", "opened up 7.27 points",
# "a ouvert en hausse de 0,4 %" — that figure alone is a moment of the session, whatever its clause says.
OPENED_BEFORE_FIGURE = re.compile(r"(?:\bopen(?:ed|ing|s)?|\ba ouvert|\bouvrant|\bouvre)(?:\s+(?:up|down|higher|lower|"
                                  r"flat|en (?:hausse|baisse|repli))(?:\s+(?:de|by))?)?\s*$", re.IGNORECASE)
# Right before a move's figure, its peak during the session: "rose as much as 14.7%", "a grimpé jusqu'à 5 %".
PEAK_BEFORE_FIGURE = re.compile(r"(?<![\w'])(?:" + "|".join(entries("peak_before_figure")) + r")\s*$", re.IGNORECASE)
# Words that pin a figure to the whole session even when the paragraph speaks of the open.
# At a word's start ("terminent" is a close, "détermine", "disclosed", "extended" are not).
SESSION = re.compile(r"(?<![\w'’])" + _patterns(*entries("session")), re.IGNORECASE)
# Moves over more than one session, by the period they cover.
PERIOD_LABELS = ("year_start", "week_start", "month_start", "week", "month", "year", "since_peak", "since_year_end",
                 "calendar_year", "week_streak", "since_weekday", "weekday_span", "ranked_span",
                 "named_month", "unspecified")
# A month by name ("in April alone", "en avril"): the month so far when it is the day's month.
# Right after the figure or fronted, so that "grâce aux livraisons en décembre" is not a span.
_NAMED_MONTH = (r"(?:(?:%|percent|per cent|points?)\s+(?:(?:increase|decrease|gain|loss|rise|fall|drop|jump|advance|"
                r"decline|hausse|baisse|progression|recul|repli)\s+)?(?:so far\s+|depuis le début du mois\s+)?|^\s*|,\s*)"
                r"(?:in|during|for|en|durant|au mois d['’]|sur le mois d['’])\s*"
                r"(?P<month>" + "|".join(MONTHS) + r")\b(?!\s+\d)")


def _period_patterns(label: str) -> list[str]:
    return [p for lang in LANGUAGES for p in (LEXICONS[lang]["periods"].get(label) or ())]


# (pattern, period label), tried in this order: the calendar week or month so far (since the last close before
# its first day), then rolling spans counted back from the day, then a span the clause does not bound ("over
# the same period": a period, its start unknown — unverifiable rather than judged as a day).
PERIODS = [(re.compile(_NAMED_MONTH if label == "named_month" else "|".join(_period_patterns(label)), re.IGNORECASE), label)
           for label in PERIOD_LABELS]

# --- Money: market value ---------------------------------------------------------------------
MARKET_VALUE = compile_(*entries("market_value"))
VALUE_LOSS = compile_(_words(*entries("value_loss_words")), _stems(*entries("value_loss_stems")))
VALUE_GAIN = compile_(_stems(*entries("value_gain_stems")))
VALUE_LEVEL = compile_(_stems(*entries("value_level_stems")), *entries("value_level"))
# Crossing a threshold is a level, bounded on one side: "a franchi la barre des 3 000 milliards".
THRESHOLD_ABOVE = re.compile(r"(?:franchi\w*|dépass\w*|passé\w*|atteint\w*) (?:la barre|le cap|le seuil|le niveau) des?|"
                             r"crossed|topped|surpassed|rose above|climbed above|above", re.IGNORECASE)
THRESHOLD_BELOW = re.compile(r"(?:sous|en dessous de|en deçà de|passé\w* sous)(?: la barre| le cap| le seuil)?(?: des?)?|"
                             r"fell below|dropped below|slipped below|below|under", re.IGNORECASE)
# "représente la valeur boursière cumulée de …", "worth more than … combined".
COMPARISON = re.compile(
    r"(?P<approx>équivaut à|équivalent à|représente|correspond à|equivalent to|equal to|as much as)"
    r"|(?P<more>(?:vaut|pèse) (?:désormais )?plus que|plus que|davantage que|more than|larger than|bigger than|"
    r"greater than|exceeds?)",
    re.IGNORECASE,
)
PER_SHARE = re.compile(r"^\s*(?:par action|per share|a share)\b", re.IGNORECASE)

# --- Levels and points -----------------------------------------------------------------------
# Before a price or index level: "à 118,42 dollars", "closed at $118.42", "to 44,713.58".
LEVEL_PREPOSITION = re.compile(r"(?:(?:\bà|\bat|\bto|\bof)(?:\s+(?:a|an|un|une)\s+(?:new\s+)?(?:record|nouveau record|all-time high"
                               r"|plus haut historique)(?:\s+(?:high|close|de|of))?)?|" + _patterns(*entries("level_lead_in"))
                               + r")(?:\s+(?:roughly|about|around|nearly|almost|approximately|environ|près de|autour de))?\s*$",
                               re.IGNORECASE)  # ("trades at roughly $140.59": the hedge is read with the figure)
# Between a movement word and the level it took the price to: "fell to", "a chuté à", "a grimpé jusqu'à".
MOVED_TO = re.compile(r"\s*(?:sharply\s+|fortement\s+|nettement\s+)?(?:to|à|jusqu['’]à|as low as|as high as)\s*(?:a\s+|an\s+)?"
                      r"(?:(?:record|new|fresh|session|intraday)\s+)?(?:(?:high|low)\s+of\s+)?[$€£]?\s*", re.IGNORECASE)
# Between a movement word and the amount it moved by: "climbed another $0.82", "a augmenté de 3,58 $".
AMOUNT_AFTER_MOVE = re.compile(r"\s*(?:by\s+|de\s+|d['’]\s*)?(?:another\s+|nearly\s+|about\s+|almost\s+|some\s+|près de\s+|"
                               r"environ\s+|plus de\s+|more than\s+)?[$€£]?\s*", re.IGNORECASE)
LEVEL_VERBS = compile_(_stems("clôtur", "termin", "fini", "s'établi", "établi", "s'inscri", "cot", "closed",
                              "ended", "end ", "finish", "settl", "traded at", "trading at", "trade at", "trades at", "quoted at",
                              "changing hands at", "stood at", "closing", "close at", "atteint", "atteign", "reached", "reaching"),
                       r"\b(?:was|were|is|are) (?:higher|lower|up|down|flat|steady|little changed) at\b")
# A listing quoted as US wraps list them: "Apple (AAPL 244.47, -0.13, -0.1%)" — symbol, price, change, move.
QUOTE_ITEM = re.compile(r"(?:(?P<name>(?-i:[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3}))\s+)?\((?P<symbol>(?-i:[A-Z][A-Z.]{0,6}))\s+"
                        r"(?P<level>\d[\d,]*(?:\.\d+)?),\s*(?P<change>[+-]\d[\d,]*(?:\.\d+)?),\s*(?P<move>[+-]\d+(?:\.\d+)?)\s*%\)")
# A quote with its direction: "The euro was up at USD1.0402", "the dollar was down at JPY156.74".
DIRECTION_AT_LEVEL = re.compile(r"\b(?:was|were|is|are)\s+(?:last\s+)?(?P<word>higher|lower|up|down)\s+at\s*$", re.IGNORECASE)
# Beside a level, the close it is about is the session before: "compared to 5,998.74 points at the previous
# market close", "contre 7 300 points la veille".
PREVIOUS_CLOSE = compile_(*entries("previous_close"))
SESSION_BEFORE = compile_(*entries("session_before"))
# "down from $142.62": a reference level, not a claim about the day.
REFERENCE_LEVEL = re.compile(r"(?:down|up|contre|against|from)\s*(?:from\s*)?$", re.IGNORECASE)

# --- Subjects --------------------------------------------------------------------------------
# A definite description or possessive standing for a company named before.
ANAPHORA = re.compile(r"(?<![\w'])(?:" + "|".join(entries("company_descriptions")) + r")(?![\w])", re.IGNORECASE)
# A sentence opening on "Shares are/were/have…" goes on about the company the article is about (reading/subjects.py).
SHARES_SUBJECT = re.compile(r"^\s*Shares(?=\s+(?!(?i:of|in|on|across|around)\b)\w)")  # not "Shares In Hong Kong Rally"
# ... and one standing for the index named before ("The index rose 19.22% this year", "l'indice vedette").
INDEX_ANAPHORA = re.compile(r"(?<![\w'])(?:" + "|".join(entries("index_descriptions")) + r")(?![\w])", re.IGNORECASE)
# A sentence that opens on a pronoun goes on about the security named last: "It is up 5.7% for the year".
# "Il a cédé 1 %", and after a fronted day ("Mardi, il avait perdu 0,87 %", "On Monday, it fell 2%").
# A time fronted before the pronoun: a day ("Mardi, il…"), or a short phrase of time ("For the week, it rose",
# "In 2023, it advanced", "Sur la semaine, il a pris").
_FRONTED_DAY = (r"(?i:(?:on\s+|ce\s+)?(?:lundi|mardi|mercredi|jeudi|vendredi|monday|tuesday|wednesday|thursday|friday)"
                r"|hier|la veille|yesterday"
                r"|(?:for|in|over|since|during|so far|sur|en|depuis|dans)\s+[^,.;:]{2,30}"
                # a time of day: "Peu avant 14 heures, il atteignait même -8,71 %", "Shortly after noon, it was up 3%"
                r"|(?:peu |juste |un peu )?(?:avant|après|vers) (?:\d{1,2} ?h(?:eures?|\d\d)?|midi)"
                r"|(?:shortly |just |soon )?(?:before|after|around|by) (?:noon|midday|\d{1,2}(?::\d\d)? ?[ap]\.?m\.?))\s*,\s*")
PRONOUN_SUBJECT = re.compile(r"^\s*(?:(?:It|Il|Elle)|" + _FRONTED_DAY + r"(?:it|il|elle))"
                             r"(?=\s+(?!(?:said|says|added|expects|a (?:dit|déclaré|annoncé|ajouté))\b))")
# A move named by its noun before the figure, its subject after: "une chute de 0,6 % du Stoxx 600".
NOUN_BEFORE_FIGURE = re.compile(
    r"(?<![\w'])(?:une?|la|sa|leur|cette|a|an|the)\s+(?:\w+\s+)?(?:" + "|".join(LEXICONS["fr"]["down_nouns"] + LEXICONS["fr"]["up_nouns"])
    + r")\s+(?:de|d'|d’)\s*(?:plus de|près de|moins de)?\s*$",
    re.IGNORECASE,
)
# An index's change written without "points": "the Nikkei 225 fell 68.57 to 37,608.49".
BARE_POINTS_AFTER = re.compile(r"^\s*(?:,\s*or\s+[\d.,]+\s*%\s*,?\s*)?(?:to|at|à)\s+[\d]", re.IGNORECASE)
# Glue between the names of one list: "Nvidia, AMD et ARM", "shares of Nvidia and ASML".
LIST_GLUE = re.compile(r"^(?:\s|,|\bet\b|\band\b|\bainsi que\b|\bas well as\b|\bde\b|\bd'|\bdu\b|\bdes\b|\bof\b|&"
                       r"|\b(?:the|le|la|les)\b|\bl['’]"  # "The Dow, the S&P 500 and the Nasdaq"
                       # the rest of a company's name: "Boeing Co., Honeywell International Inc., Amazon.com"
                       r"|\b(?:Corp|Co|Cos|Inc|Ltd|plc|PLC|SA|AG|SE|NV|N\.V|International|Holdings|Group)\.?(?!\w)|\.com\b"
                       # its ticker in brackets: "Apple (AAPL), Microsoft (MSFT) and Broadcom (AVGO) also tumbled"
                       r"|\((?-i:[A-Z][A-Z.]{0,5})\)|\((?:NASDAQ|NYSE|Nasdaq|XETRA|LSE|EPA)\s*:\s*(?-i:[A-Z][A-Z.]{0,5})\))*$")
# A name right after these is a place or a ranking, not the subject: "la plus forte hausse du CAC 40".
COMPLEMENT_BEFORE_NAME = re.compile(
    r"(?:hausse|baisse|repli|progression|indice|membre|composante|valeurs?|titres?|secteur|place|séance|"
    r"gainers?|losers?|decliners?|advancers?|fallers?|risers?|performers?|member|components?|constituents?)\s+"
    r"(?:du|de la|des|de l'|de|d'|of the|of|in the|on the)\s*"
    r"(?:indice\s+|index\s+)?$"  # "la plus forte baisse de l'indice CAC 40"
    r"|(?:\bà|\bau|\bsur le|\bon the|\bin|\bat)\s+$"
    r"|\b(?:led|leads|leading|topped|tops|topping)\s+(?:the\s+)?$",  # "Smith & Nephew led the FTSE 100, up 8.4%"
    re.IGNORECASE,
)
# An index named as the set one stock belongs to: "the worst Dow Jones stock Thursday, down nearly 6%" (singular:
# "Hong Kong stocks jumped" is the market).
MEMBER_AFTER_INDEX = re.compile(r"\s+(?:stock|component|constituent|member|name)\b(?!-)", re.IGNORECASE)
# A present participle, French or English: "effaçant", "atteignant", "erasing", "hitting".
PARTICIPLE = r"(?:[a-zéèêàâîôûç]{3,}ant|[a-z]{3,}ing)"
# Where a sentence holds two statements: "Oracle a chuté de 14 %, tandis que Cisco a perdu 5 %".
CLAUSE_BREAK = re.compile(
    r";|,?\s+tandis qu(?:e|')\s*|,?\s+alors qu(?:e|')\s*|,?\s+pendant qu(?:e|')\s*|,?\s+while\s+|,?\s+despite\s+|,?\s+whereas\s+|,\s+but\s+|,\s+mais\s+|,\s+with\s+(?!the (?:two|three|pair|trio)\b|both\b|each\b)"
    # ", as investors locked in profits on the index that rose nearly 20% for the year": a clause of its own
    r"|,\s+as\s+(?!did\b|does\b|do\b|well\b|much\b|many\b|low\b|high\b|of\b|a\b|an\b|the (?:day|session|week)\b)"
    r"|\s+and\s+(?=(?:is\s+|was\s+|are\s+|were\s+)?(?:poised|set|on track|headed|on course)\b)",
    re.IGNORECASE,
)
RESPECTIVELY = re.compile(r"respectivement|respectively", re.IGNORECASE)
# Elliptic second subject: "Oracle a plongé de 14 % et Cisco de 4 %", "Broadcom 17,4 %".
# The same move said again, in other units: "429,52 points, soit 2,71 %", "(2,71 %)", "52.01 points, 0.6%".
APPOSITION = re.compile(r"^[\s,]*(?:(?:soit|or|ou|c'est-à-dire|i\.e\.)\s*|\(\s*)?$", re.IGNORECASE)
# A capitalised name the reference table does not know, as a list item: "…, Moncler (-1,21 %)".
UNKNOWN_NAME_ITEM = re.compile(r"(?:^|[,;]\s*|\bet\s+|\band\s+)(?P<name>(?-i:[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,3}))"
                               r"\s*(?:\(\s*|:\s*)$")
# A name the reference table does not know, quoted at its price in a wire's list: "arGEN-X (479,60)", "KBC (69,62)".
UNKNOWN_NAME_AT_PRICE = re.compile(r"(?<![\w'’&.-])(?P<name>(?-i:[a-z]*[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,3}))"
                                   r"\s*\(\s*\d[\d.,\s]*\)")
# Words after the entity that make "Renault (-3,2 %)" or "Atos : -12 %" a list item.
LIST_ITEM_FIGURE = re.compile(r"^\s*(?:\(\s*|:\s*)$")

# Sentences about launches and publications name dates that are not market days.
NOT_MARKET_DATE = compile_(*entries("not_market_date"))

# --- Places that stand for their market ---------------------------------------------------------
# "Francfort 0,85 %, Londres 0,42 %", "Tokyo a terminé en hausse": a city is its main index as a subject,
# but only a place after a preposition ("cotée à Paris", "on Wall Street", "(Euronext Paris)").
PLACE_NAMES = frozenset(entries("places"))


def _feminine(adjective: str) -> str:
    return adjective + "ne" if adjective.endswith("ien") else adjective if adjective.endswith("e") else adjective + "e"


# "l'indice phare milanais", "la place zurichoise": names of an index by its place's adjective (ticker -> names).
PLACE_ADJECTIVE_NAMES: dict[str, tuple[str, ...]] = {}
for _adjective, _ticker in mapping("place_adjectives").items():
    PLACE_ADJECTIVE_NAMES[_ticker] = PLACE_ADJECTIVE_NAMES.get(_ticker, ()) + tuple(
        frame.format(m=_adjective, f=_feminine(_adjective)) for frame in entries("place_adjective_frames"))
# ... except where the preposition names the market itself: "la Bourse de Sydney", "the Tokyo market" is the subject.
MARKET_OF_PLACE = re.compile(r"\b(?:Bourse|Bourses|place|marché|marchés|market|markets|exchange)\s+(?:de|d['’]|of)\s*$",
                             re.IGNORECASE)
# Right before a market's name, "at"/"on": the name is where, not who ("A la Bourse de Paris, Renault perd 0,53 %").
LOCATIVE_BEFORE = re.compile(r"(?:(?<![\w'])(?:à|À|sur|on|in|at)|^\s*A)\s+$"
                             r"|(?<![\w'])(?:à|À|sur|Sur)\s+la\s+[Bb]ourse\s+de\s+$")  # "à la bourse de Londres"
# After an index's name, a name of its own: a sub-index the table does not know ("the S&P 500 Banks Index").
SUB_INDEX_AFTER = re.compile(r"\s+(?:[A-Z][\w&-]*\s+){1,3}(?:Index|index|Sector|sector)\b")
# Before a description, a preposition: it is a complement ("the top mover in the index"), not the subject.
# (Not "of"/"de": "la capitalisation de la société" names its subject.)
PREPOSITION_BEFORE = re.compile(r"(?<![\w'])(?:in|on|at|into|within|dans|sur|parmi|among)\s+$", re.IGNORECASE)
PLACE_PREPOSITION = re.compile(r"(?:\b(?:à|a|de|du|des|sur|en|in|on|at|from|of|Euronext|via)|\bd['’]|\()\s*$",
                               re.IGNORECASE)

# "Stocks closed higher on Wall Street", "Les actions ont reculé à Paris": stocks in general are the subject, and
# the place named after the verb says which market — its main index.
GENERIC_STOCKS_SUBJECT = compile_(*entries("generic_stocks"))
PLACE_AFTER_VERB = re.compile(r"(?:\s+\w+){0,3}?\s+(?:on|in|at|à|sur)\s+", re.IGNORECASE)
# ... or right after the subject: "Shares in Hong Kong rallied", "Stocks in Tokyo fell 1.2%", "Les actions à Paris":
# there the place is who moved (its main index), not where something else did.
GENERIC_STOCKS_IN_PLACE = re.compile(r"(?:^|[,;:(]\s*|\b(?:while|whereas|as|and|but|et|mais|tandis que|alors que)\s+)(?:"
                                     + "|".join(entries("generic_stocks")) + r")\s+(?:in|à)\s*$", re.IGNORECASE)

# A date that starts a period rather than dating the sentence: "depuis le 14 août", "since Aug. 14".
SINCE_DATE = re.compile(r"(?:depuis|since|from|dès|until|till|jusqu['’](?:au|à)|following)\s+(?:le\s+|the\s+|l['’])?$",
                        re.IGNORECASE)
# Before a weekday, the session a change is measured from, not the day it is about: "gave up 386 points from Friday".
BASE_DAY_BEFORE = re.compile(r"\b(?:" + "|".join(entries("base_day_before")) + r")\s+(?:le\s+|the\s+)?$", re.IGNORECASE)
# A date inside a clause that frames the main one dates that clause only: "After closing at a record on
# December 24, Apple climbed…", "NVIDIA, which had risen until December 24, closed down…".
# Matched at the start of the clause a date sits in (after the last of CLAUSE_MARKS before it).
FRAMING_CLAUSE = re.compile(r"\s*(?:after|following|before|which|who|après|avant|qui)\b", re.IGNORECASE)
CLAUSE_MARKS = ",;()"
# An event named just before a relative day, in the same clause: the day is the event's ("after the announcement
# yesterday", "après l'annonce hier soir"), not the move's.
EVENT_BEFORE_DAY_WORD = re.compile(r"\b(?:" + "|".join(entries("event_before_day_word")) + r")\b[^,;()]*$", re.IGNORECASE)
CLAUSE_END = re.compile(r"[,;()]")
# A look back from the day the article is about ("Mardi, il avait perdu 0,87 %"): its date dates that
# sentence, not the ones after it.
FLASHBACK = re.compile(r"\b(?:avait|avaient|had)\s+(?!(?:its|their|his|her|the|a)\b)\w+", re.IGNORECASE)
# A sentence about the market as a whole: its date is the market day of what follows.
MARKET_WORDS = re.compile(r"\b(?:stock market|stocks|markets?|Wall Street|Bourse|marchés?|séance|trading day)\b",
                          re.IGNORECASE)

# A currency as a subject, and the quote written before a rate ("The euro was up at USD1.0402"): the pair.
CURRENCY_CODES = {word.lower(): code for word, code in mapping("currencies").items()}
CURRENCY_NAMES = "|".join(sorted(map(re.escape, CURRENCY_CODES), key=len, reverse=True))
CURRENCY_WORD = re.compile(r"(?<![\w'])(?:" + CURRENCY_NAMES + r")(?![\w])", re.IGNORECASE)
# The same, elided or not ("l'euro", "the dollar"; a plural "d'euros" is money, not the currency).
CURRENCY_NAME = re.compile(r"(?<![\w])(?:" + CURRENCY_NAMES + r")(?![\w])", re.IGNORECASE)
QUOTED_RATE = re.compile(r"(?<![\w])(?P<code>" + "|".join(sorted(set(CURRENCY_CODES.values()))) + r")\s?\d")
# Names of several indices at once ("the three major U.S. indexes"): each group's members and the pattern of its names.
INDEX_GROUPS = tuple((tuple(group["members"]), re.compile(r"(?<![\w'])(?:" + "|".join(group["patterns"]) + r")(?![\w])",
                                                          re.IGNORECASE))
                     for group in entries("index_groups"))


def check_lists(lexicons: dict[str, dict]) -> None:
    """A list the engine does not read is a misspelt name: an error, not a phrasing silently ignored."""
    for lang, lexicon in lexicons.items():
        if unread := set(lexicon) - _READ:
            raise ValueError(f"{LEXICON_DIR / (lang + '.yaml')}: lists the engine does not read: {sorted(unread)}")
        if unknown := set(lexicon.get("periods") or {}) - set(PERIOD_LABELS):
            raise ValueError(f"{LEXICON_DIR / (lang + '.yaml')}: periods the engine does not know: {sorted(unknown)}")


check_lists(LEXICONS)
