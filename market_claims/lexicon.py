"""The gazetteer of financial language: the words that make a number a market claim.

French verbs conjugate by their endings, so a stem ("recul") covers every form ("recule",
"reculé", "reculait", "reculant"); English forms are listed whole. Each list says what a
word does to a figure near it: gives it a direction, a time window, a kind, or rules it out.
Patterns are compiled once here and matched against normalised text (see text.normalise).
"""

from __future__ import annotations

import re

from .dates import MONTHS


def _first_letters(alternatives: tuple[str, ...]) -> str:
    """A lookahead on the alternatives' first letters. Python's regex engine tries every alternative at
    every position; with this it tries them only where a word could start (several times faster)."""
    letters = sorted({a[0].lower() for a in alternatives})
    assert all(c.isalpha() for c in letters), "alternatives must start with a letter"
    return "(?=[" + "".join(letters) + "])"


def _stems(*stems: str) -> str:
    """Words starting with one of the stems."""
    return r"(?<![\w])" + _first_letters(stems) + "(?:" + "|".join(sorted(stems, key=len, reverse=True)) + r")[\wéèêàâîôûç]*"


def _words(*words: str) -> str:
    """Whole words or phrases."""
    return r"(?<![\w'])" + _first_letters(words) + "(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")(?![\w])"


def compile_(*parts: str) -> re.Pattern:
    return re.compile("|".join(parts), re.IGNORECASE)


# --- Direction: verbs and nouns of market movement -------------------------------------------
FR_DOWN_VERB_STEMS = (
    "chut", "recul", "baiss", "céd", "cèd", "plong", "dégringol", "déviss", "décroch", "effondr",
    "lâch", "abandonn", "repli", "gliss", "dérap", "sombr", "effac", "effaç", "fléch", "affaiss", "rechut",
    "s'effrit", "effrit", "tomb", "flanch", "perd", "perdu",
)
FR_UP_VERB_STEMS = (
    "gagn", "progress", "grimp", "bond", "rebond", "envol", "flamb", "avanç", "avanc", "grappill", "engrang",
    "s'adjug", "adjug", "redress", "remont", "s'appréci", "appréci", "décoll", "grignot",
)
FR_UP_VERB_WORDS = ("monte", "monté", "montée", "montés", "montait", "montent", "monter", "pris", "prend", "prenait",
                    "prenant", "s'octroie", "octroie")
EN_DOWN_VERBS = (
    "fell", "fall", "falls", "falling", "fallen", "sunk", "shrank", "shrunk", "dropped", "drop", "drops", "dropping", "slid", "slide", "slides", "sliding",
    "slumped", "slump", "slumps", "lost", "lose", "loses", "losing", "plunged", "plunge", "plunges", "plunging",
    "tumbled", "tumble", "tumbles", "tumbling", "sank", "sink", "sinks", "sinking", "declined", "decline", "declines",
    "tanked", "tank", "tanks", "shed", "sheds", "shedding", "slipped", "slip", "slips", "retreated", "retreat",
    "decreased", "decrease", "decreases", "was off", "were off", "is off", "are off",
    "retreats", "eased", "eases", "dipped", "dip", "dips", "skidded", "crashed", "plummeted", "plummet", "plummets",
    "cratered", "sold off", "edged down", "ended lower", "closed lower", "finished lower", "lower", "down",
)
EN_UP_VERBS = (
    "rose", "rise", "rises", "rising", "risen", "gained", "gain", "gains", "gaining", "jumped", "jump", "jumps", "jumping",
    "climbed", "climb", "climbs", "climbing", "surged", "surge", "surges", "surging", "soared", "soar", "soars",
    "soaring", "rallied", "rally", "rallies", "advanced", "advance", "advances", "added", "adds", "rebounded",
    "rebound", "spiked", "popped", "leapt", "leaped", "firmed", "edged up", "ended higher", "closed higher",
    "increased", "increase", "increases",
    "finished higher", "higher", "up", "shot up",
)
FR_DOWN_NOUNS = ("baisse", "chute", "recul", "repli", "plongeon", "dégringolade", "perte", "pertes", "décrochage",
                 "glissade", "effondrement", "correction")
FR_UP_NOUNS = ("hausse", "progression", "envolée", "rebond", "bond", "gain", "gains", "remontée", "flambée", "embellie")
EN_DOWN_NOUNS = ("drop", "decline", "fall", "loss", "slide", "slump", "plunge", "selloff", "sell-off", "tumble", "retreat")
EN_UP_NOUNS = ("rise", "gain", "jump", "rally", "surge", "advance", "climb", "rebound")

DOWN = compile_(_stems(*FR_DOWN_VERB_STEMS), _words(*EN_DOWN_VERBS, *FR_DOWN_NOUNS, *EN_DOWN_NOUNS))
UP = compile_(_stems(*FR_UP_VERB_STEMS), _words(*FR_UP_VERB_WORDS, *EN_UP_VERBS, *FR_UP_NOUNS, *EN_UP_NOUNS))
# Nouns of movement written after the figure: "Nvidia's 17% drop", "a 3.1% decline".
NOUN_AFTER_FIGURE = re.compile(
    r"^\s*(?P<noun>" + "|".join(EN_DOWN_NOUNS + EN_UP_NOUNS) + r")\b", re.IGNORECASE)
# Verbs that can stand with no figure: "Nvidia a fortement chuté lundi" is a direction claim.
_VERB_ENDING = r"(?:é|ée|és|ées|e|es|ent|ait|aient|ant|er|ons|ez|it|i|is|issent|issait|issaient|a)\b"


def _verb_stems(*stems: str) -> str:
    """Conjugated forms only: "chuté", "recule", "plongeaient" — not the nouns "rebond", "recul"."""
    return r"(?<![\w])" + _first_letters(stems) + "(?:" + "|".join(sorted(stems, key=len, reverse=True)) + r")" + _VERB_ENDING


# With no figure in the clause: a verb of movement, or a close written as a direction ("a terminé en baisse",
# "closed higher", "ended in the red").
INTRANSITIVE_DOWN = compile_(_verb_stems("chut", "recul", "baiss", "plong", "plonge", "dégringol", "déviss", "décroch",
                                         "effondr", "sombr", "rechut", "repli", "fléch"),
                             _words("fell", "dropped", "plunged", "tumbled", "slumped", "sank", "tanked",
                                    "plummeted", "cratered", "slid", "tumbling", "plunging", "falling", "sinking",
                                    "declined", "retreated", "slipped", "dipped", "closed lower", "ended lower",
                                    "finished lower", "closes lower", "ends lower", "finishes lower", "closed down",
                                    "ended down", "moved lower", "edged lower", "traded lower", "in the red",
                                    "in negative territory", "lost ground", "en baisse", "en recul", "en repli",
                                    "in red", "trading lower", "moving lower", "sliding lower",
                                    "dans le rouge", "en territoire négatif", "a cédé du terrain", "cède du terrain"))
INTRANSITIVE_UP = compile_(_verb_stems("grimp", "bond", "rebond", "envol", "flamb", "progress", "remont", "redress"),
                           _words("rose", "jumped", "soared", "surged", "rallied", "climbed", "soaring", "surging",
                                  "rallying", "jumping", "climbing", "rising", "advanced", "rebounded", "closed higher",
                                  "ended higher", "finished higher", "closes higher", "ends higher", "finishes higher",
                                  "closed up", "ended up", "moved higher", "edged higher", "traded higher",
                                  "in the green", "in positive territory", "gained ground", "perked up", "perks up",
                                  "in green", "trading higher", "moving higher", "flying higher", "pushing higher",
                                  "en hausse", "dans le vert", "en territoire positif", "en progression",
                                  "a gagné du terrain", "gagne du terrain"))
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
    r"^\s*(?:du|de la|des|de l'|d'|de ses|de leurs?|de son|de sa|de ce|de cette|of (?:the |its |their |all )?)\s*"
    r"(?!(?:sa|leur|son|ses|its|their)?\s*(?:valeur|capitalisation|value|cours|market value)\b)",
    re.IGNORECASE,
)
# Nouns whose movement is not the share price: "le chiffre d'affaires de LVMH a reculé de 2 %".
NON_PRICE_SUBJECTS = re.compile(
    _words(
        "chiffre d'affaires", "ventes", "bénéfice", "bénéfices", "bénéfice net", "résultat", "résultats", "marge",
        "marges", "revenus", "revenu", "dividende", "dividendes", "production", "livraisons", "commandes",
        "effectifs", "emplois", "salaires", "inflation", "PIB", "croissance", "chômage", "consommation", "trafic",
        "part de marché", "parts de marché", "taux", "rendement", "dépenses", "investissements", "investissement",
        "dette", "endettement", "capex", "prix", "tarifs", "droits de douane", "participation", "prévisions",
        "objectif", "projet", "programme", "plan", "contrat", "accord", "fonds", "acquisition", "rachat", "offre",
        "immatriculations", "abonnés", "utilisateurs", "activité", "unité", "division", "filiale",
        "revenue", "revenues", "sales", "profit", "profits", "earnings", "net income", "margin", "margins",
        "dividend", "output", "deliveries", "shipments", "orders", "prices", "inflation", "GDP", "growth",
        "unemployment", "yield", "yields", "rate", "rates", "market share", "spending", "capital expenditure",
        "capital expenditures", "guidance", "forecast", "outlook", "tariffs", "tariff", "stake", "unit", "division",
        "subscribers", "users", "bookings", "backlog", "payroll", "payrolls", "headcount", "project", "deal",
    ),
    re.IGNORECASE,
)
# The security itself: these make a subject a price even with no company named.
PRICE_NOUNS = re.compile(
    _words("action", "actions", "titre", "titres", "cours", "valeur", "share", "shares", "stock", "stocks",
           "indice", "index", "Bourse"),
    re.IGNORECASE,
)
# Forecasts and conditionals are not claims of fact about a session.
FORECAST = re.compile(
    _words("devrait", "devraient", "pourrait", "pourraient", "prévoit", "prévoient", "vise", "table sur",
           "s'attend", "s'attendent", "anticipe", "anticipent", "objectif de cours", "could", "would", "should",
           "expects", "expected to", "forecasts", "plans to", "aims", "target price", "price target", "may", "might"),
    re.IGNORECASE,
)

# --- Time window of a move -------------------------------------------------------------------
# `\b(?=[…])`: only word starts with a first letter of an alternative are tried (6× faster).
INTRADAY = re.compile(
    r"\b(?=[àadeivp])(?:"
    r"à l'ouverture|dès l'ouverture|en début de séance|en cours de séance|en milieu de séance|à mi-séance|"
    r"en fin de matinée|en matinée|dans la matinée|en début d'après-midi|dans l'après-midi|en séance(?! de)|"
    r"à la mi-séance|en milieu de journée|as of \d{1,2}[:.]\d{2}|at \d{1,2}[:.]\d{2} ?[ap]\.?m|"
    r"vers \d{1,2} ?h(?:eures?)?|à \d{1,2} ?h\d{0,2}|dans les premiers échanges|en préouverture|en pré-séance|"
    r"in (?:early|late|morning|afternoon|midday|after-hours|premarket|pre-market|extended|overnight) trad(?:e|ing)|"
    r"at the open(?:ing)?|intraday|"
    r"pre-?market|after the bell|after-hours|in extended trading|in late trading|early on|at midday|"
    r"en fin de séance)",
    re.IGNORECASE,
)
# The tense of a live dispatch: the French imperfect ("reculait") and present ("perd 0,39 %") of a move,
# English "is down", "is trading higher". Closing copy uses the passé composé or a close verb (SESSION).
_FR_MOVES = ("recul", "gagn", "céd", "progress", "perd", "grimp", "chut", "baiss", "mont", "avanç", "envol",
             "plong", "lâch", "abandonn", "adjug", "bondiss", "effondr", "dégringol", "flamb", "enfonç", "rebondiss",
             "évolu", "affich", "pren", "recul", "s'appréci", "déprécie")
LIVE_TENSE = re.compile(
    r"(?<![\w'’])(?:" + "|".join(sorted({m + "ait" for m in _FR_MOVES} | {m + "aient" for m in _FR_MOVES}, key=len,
                                          reverse=True))
    + r"|perd|gagne|recule|progresse|cède|grimpe|bondit|s'envole|plonge|lâche|abandonne|s'adjuge|"
      r"monte|s'effondre|dégringole|flambe|s'enfonce|rebondit|évolue|s'affiche|s'apprécie|caracole|plombe|"
      r"perdent|gagnent|reculent|progressent|cèdent|grimpent|bondissent|s'envolent|plongent|lâchent|abandonnent|"
      r"montent|s'effondrent|dégringolent|flambent|s'enfoncent|rebondissent|évoluent|s'affichent|"
      r"(?:is|are) (?:up|down|higher|lower|off|trading|gaining|losing|falling|rising|climbing|sliding|dropping|"
      r"edging|rallying|tumbling|slipping|jumping|surging|sinking|advancing|declining|adding|shedding)|"
      r"(?:was|were) trading)(?![\w'’])",
    re.IGNORECASE,
)
# Another market's close as the moment of a figure ("after markets had closed in Europe the S&P 500 was trading
# down"): it does not make the clause a close.
AFTER_ANOTHER_CLOSE = re.compile(r"\b(?:after|since) (?:\w+ ){0,3}(?:had |have )?closed\b", re.IGNORECASE)
# A finished move: the French passé composé ("a dévissé", "ont cédé", "s'est replié") or an English past
# ("fell", "closed"). A clause in that tense keeps it inside a live paragraph.
PAST_MOVE = re.compile(
    r"(?<![\w'’])(?:a|ont|avait|avaient|s'est|se sont|s’est)\s+(?:\w+\s+)?[\wéèêàâîôûç'’-]+(?:é|ée|és|ées|i|is|u|us|du|nu|t)(?![\w])"
    r"|(?<![\w'])(?:fell|rose|sank|slid|lost|shed|closed|ended|finished|declined|dropped|gained|jumped|climbed|"
    r"tumbled|plunged|surged|soared|slipped|retreated|advanced|added|eased|dipped|rallied)(?![\w])",
    re.IGNORECASE,
)
# Words that make only their own clause intraday ("declined more than 300 points at one point").
INTRADAY_IN_CLAUSE = re.compile(r"\bat one point\b|\bat its (?:lowest|highest|session low|session high)\b", re.IGNORECASE)
# Just before a figure, the open it was measured at: "after opening 0.11% higher", "opened up 7.27 points",
# "a ouvert en hausse de 0,4 %" — that figure alone is a moment of the session, whatever its clause says.
OPENED_BEFORE_FIGURE = re.compile(r"(?:\bopen(?:ed|ing|s)?|\ba ouvert|\bouvrant|\bouvre)(?:\s+(?:up|down|higher|lower|"
                                  r"flat|en (?:hausse|baisse|repli))(?:\s+(?:de|by))?)?\s*$", re.IGNORECASE)
# Words that pin a figure to the whole session even when the paragraph speaks of the open.
SESSION = re.compile(
    r"à la clôture|en clôture|a clôturé|a terminé|a fini|termine|finit|terminé|clôturé|sur la séance|"
    r"en une (?:seule )?séance|at the close|closed|ended|finished|settled|on the day|in the session|"
    r"to close|closing at|close at|to end at|to end the day|ending at|"
    r"in a single session",
    re.IGNORECASE,
)
# (pattern, period label): moves over more than one session.
PERIODS = [
    (re.compile(r"depuis le début de l'année|depuis le 1er janvier|depuis janvier|year[- ]to[- ]date|\bytd\b|"
                r"so far this year|since the start of the year|since january|this year|for the year|on the year|"
                r"over the year|sur l'année(?! \d)|sur l’année(?! \d)|cette année|depuis le début de l'exercice|"
                r"(?:end|ended|ending|ends|finished|finishing) (?:the|its|their) year(?! at\b)|"
                r"(?:a terminé|a fini|a clôturé|a achevé|termine|achève|finit|boucle|a bouclé) l['’]année",
                re.IGNORECASE), "year_start"),
    # The calendar week or month so far (since the last close before its first day) ...
    (re.compile(r"sur (?:l'ensemble de )?la semaine|(?:bouclé|terminé|fini|achevé|clôturé) la semaine|cette semaine|depuis (?:le )?lundi|"
                r"this week|for the week|on the week|week[- ]to[- ]date", re.IGNORECASE), "week_start"),
    (re.compile(r"depuis le début du mois|ce mois-ci|sur le mois(?! de)|month[- ]to[- ]date|this month|for the month|"
                r"so far this month", re.IGNORECASE), "month_start"),
    # ... and rolling spans, counted back from the day.
    (re.compile(r"sur une semaine|en une semaine|sur cinq séances|over the (?:past |last )?week|in a week",
                re.IGNORECASE), "week"),
    (re.compile(r"sur un mois|en un mois|depuis un mois|over the (?:past |last )?month|in a month",
                re.IGNORECASE), "month"),
    (re.compile(r"sur un an|en un an|sur douze mois|over the (?:past |last )?(?:year|12 months)|in the past year",
                re.IGNORECASE), "year"),
    (re.compile(r"depuis (?:son|leur|le) (?:record|plus haut|sommet|pic)|since (?:its|their|the) (?:record|peak|high)"
                r"|from (?:its|their) (?:record|peak)", re.IGNORECASE), "since_peak"),
    (re.compile(r"sur l'ensemble de l'année|sur l'année \d{4}|en \d{4}\b(?! points)|in \d{4}\b|over \d{4}\b",
                re.IGNORECASE), "calendar_year"),
    # A month by name ("in April alone", "en avril"): the month so far when it is the day's month.
    # Right after the figure or fronted, so that "grâce aux livraisons en décembre" is not a span.
    (re.compile(r"(?:(?:%|percent|per cent|points?)\s+|^\s*|,\s*)(?:in|during|en|durant|au mois d['’]|sur le mois d['’])\s*"
                r"(?P<month>" + "|".join(MONTHS) + r")\b(?!\s+\d)", re.IGNORECASE),
     "named_month"),
    # A span the clause does not bound: a period, its start unknown (unverifiable rather than judged as a day).
    (re.compile(r"over the same (?:stretch|period|span)|over that (?:stretch|period)|in the (?:month|quarter)\b|"
                r"over the (?:quarter|period)\b|this quarter|sur (?:la|cette) période|sur le trimestre|"
                r"au cours du (?:trimestre|mois)|sur la même période", re.IGNORECASE), "unspecified"),
]

# --- Money: market value ---------------------------------------------------------------------
MARKET_VALUE = re.compile(
    r"capitalisation(?: boursière)?|valeur boursière|valorisation(?: boursière)?|valeur de marché|"
    r"market (?:value|cap(?:itali[sz]ation)?)|en bourse|in market value",
    re.IGNORECASE,
)
VALUE_LOSS = compile_(_words("fondre", "fond", "fondu", "fondue"), _stems("effac", "effaç", "perd", "perte", "évapor", "détrui", "envol en fumée",
                             "wip", "eras", "lost", "los", "shed", "slash", "knock", "fall", "fell", "shrank",
                             "shrink", "dropp", "declin"))
VALUE_GAIN = compile_(_stems("gagn", "ajout", "added", "add", "gain", "envol", "bondi", "grimp", "pris ", "rose",
                             "grew", "jump", "climb", "surg"))
VALUE_LEVEL = compile_(_stems("pèse", "pesant", "vaut", "valait", "valoris", "worth", "valued"),
                       r"capitalisation(?: boursière)? de|valeur boursière de|market (?:value|cap(?:itali[sz]ation)?) "
                       r"of|a market value|a market cap")
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
LEVEL_PREPOSITION = re.compile(r"(?:\bà|\bat|\bto|\bof)(?:\s+(?:a|an|un|une)\s+(?:new\s+)?(?:record|nouveau record|all-time high"
                               r"|plus haut historique)(?:\s+(?:high|close|de|of))?)?\s*$", re.IGNORECASE)
LEVEL_VERBS = compile_(_stems("clôtur", "termin", "fini", "s'établi", "établi", "s'inscri", "cot", "closed",
                              "ended", "end ", "finish", "settl", "traded at", "trading at", "trade at", "quoted at",
                              "changing hands at", "stood at"),
                       r"\b(?:was|were|is|are) (?:higher|lower|up|down|flat|steady|little changed) at\b")
# Beside a level, the close it is about is the session before: "compared to 5,998.74 points at the previous
# market close", "contre 7 300 points la veille".
PREVIOUS_CLOSE = re.compile(r"\b(?:previous|prior|preceding) (?:market |trading )?(?:close|session|day)|\bthe day before|"
                            r"\bla veille\b|séance précédente|clôture précédente|précédente (?:clôture|séance)",
                            re.IGNORECASE)
# "down from $142.62": a reference level, not a claim about the day.
REFERENCE_LEVEL = re.compile(r"(?:down|up|contre|against|from)\s*(?:from\s*)?$", re.IGNORECASE)

# --- Subjects --------------------------------------------------------------------------------
# A definite description or possessive standing for a company named before.
ANAPHORA = re.compile(
    r"(?<![\w'])(?:l'action|le titre|le cours|son action|ses actions|son titre|son cours|le groupe|la société|"
    r"l'entreprise|le géant|le constructeur|le fabricant|le laboratoire|le spécialiste|le numéro un|le leader|"
    r"la banque|l'équipementier|le distributeur|le pétrolier|le champion|"
    r"the stock|the company|its shares|its stock|the shares|the group|the chipmaker|the firm|the automaker|"
    r"the carmaker|the lender|the bank|the retailer|the drugmaker|the insurer)(?![\w])",
    re.IGNORECASE,
)
# ... and one standing for the index named before ("The index rose 19.22% this year", "l'indice vedette").
INDEX_ANAPHORA = re.compile(
    r"(?<![\w'])(?:l'indice|l’indice|cet indice|the index|the benchmark|the benchmark index|the blue-chip index|"
    r"the top-flight index|the broader index|the gauge)(?![\w])",
    re.IGNORECASE,
)
# A sentence that opens on a pronoun goes on about the security named last: "It is up 5.7% for the year".
# "Il a cédé 1 %", and after a fronted day ("Mardi, il avait perdu 0,87 %", "On Monday, it fell 2%").
_FRONTED_DAY = (r"(?i:(?:on\s+|ce\s+)?(?:lundi|mardi|mercredi|jeudi|vendredi|monday|tuesday|wednesday|thursday|friday)"
                r"|hier|la veille|yesterday)\s*,\s*")
PRONOUN_SUBJECT = re.compile(r"^\s*(?:(?:It|Il|Elle)|" + _FRONTED_DAY + r"(?:it|il|elle))"
                             r"(?=\s+(?!(?:said|says|added|expects|a (?:dit|déclaré|annoncé|ajouté))\b))")
# A move named by its noun before the figure, its subject after: "une chute de 0,6 % du Stoxx 600".
NOUN_BEFORE_FIGURE = re.compile(
    r"(?<![\w'])(?:une?|la|sa|leur|cette|a|an|the)\s+(?:\w+\s+)?(?:" + "|".join(FR_DOWN_NOUNS + FR_UP_NOUNS)
    + r")\s+(?:de|d'|d’)\s*(?:plus de|près de|moins de)?\s*$",
    re.IGNORECASE,
)
# An index's change written without "points": "the Nikkei 225 fell 68.57 to 37,608.49".
BARE_POINTS_AFTER = re.compile(r"^\s*(?:,\s*or\s+[\d.,]+\s*%\s*,?\s*)?(?:to|at|à)\s+[\d]", re.IGNORECASE)
# Glue between the names of one list: "Nvidia, AMD et ARM", "shares of Nvidia and ASML".
LIST_GLUE = re.compile(r"^(?:\s|,|\bet\b|\band\b|\bainsi que\b|\bas well as\b|\bde\b|\bd'|\bdu\b|\bdes\b|\bof\b|&"
                       r"|\b(?:the|le|la|les)\b|\bl['’]"  # "The Dow, the S&P 500 and the Nasdaq"
                       # the rest of a company's name: "Boeing Co., Honeywell International Inc., Amazon.com"
                       r"|\b(?:Corp|Co|Cos|Inc|Ltd|plc|PLC|SA|AG|SE|NV|N\.V|International|Holdings|Group)\.?(?!\w)|\.com\b)*$")
# A name right after these is a place or a ranking, not the subject: "la plus forte hausse du CAC 40".
COMPLEMENT_BEFORE_NAME = re.compile(
    r"(?:hausse|baisse|repli|progression|indice|membre|composante|valeurs?|titres?|secteur|place|séance|"
    r"gainers?|losers?|member|components?|constituents?)\s+(?:du|de la|des|de l'|de|d'|of the|of|in the|on the)\s*$"
    r"|(?:\bà|\bau|\bsur le|\bon the|\bin|\bat)\s+$",
    re.IGNORECASE,
)
# Where a sentence holds two statements: "Oracle a chuté de 14 %, tandis que Cisco a perdu 5 %".
CLAUSE_BREAK = re.compile(
    r";|,?\s+tandis qu(?:e|')\s*|,?\s+alors qu(?:e|')\s*|,?\s+while\s+|,?\s+whereas\s+|,\s+but\s+|,\s+mais\s+",
    re.IGNORECASE,
)
RESPECTIVELY = re.compile(r"respectivement|respectively", re.IGNORECASE)
# Elliptic second subject: "Oracle a plongé de 14 % et Cisco de 4 %", "Broadcom 17,4 %".
# The same move said again, in other units: "429,52 points, soit 2,71 %", "(2,71 %)", "52.01 points, 0.6%".
APPOSITION = re.compile(r"^[\s,]*(?:(?:soit|or|ou|c'est-à-dire|i\.e\.)\s*|\(\s*)?$", re.IGNORECASE)
# Words after the entity that make "Renault (-3,2 %)" or "Atos : -12 %" a list item.
LIST_ITEM_FIGURE = re.compile(r"^\s*(?:\(\s*|:\s*)$")

# Sentences about launches and publications name dates that are not market days.
NOT_MARKET_DATE = re.compile(
    r"mis en ligne|lancé|publié|annoncé|dévoilé|sorti|présenté|released|launched|announced|unveiled|published",
    re.IGNORECASE)


# --- Places that stand for their market ---------------------------------------------------------
# "Francfort 0,85 %, Londres 0,42 %", "Tokyo a terminé en hausse": a city is its main index as a subject,
# but only a place after a preposition ("cotée à Paris", "on Wall Street", "(Euronext Paris)").
PLACE_NAMES = frozenset({
    "Paris", "Francfort", "Frankfurt", "Londres", "London", "Madrid", "Milan", "Tokyo", "Hong Kong", "Shanghai",
    "Amsterdam", "Zurich", "Zürich", "Bruxelles", "Brussels", "Séoul", "Seoul", "Sydney", "Taipei", "Toronto",
    "Wall Street", "New York",
})
# ... except where the preposition names the market itself: "la Bourse de Sydney", "the Tokyo market" is the subject.
MARKET_OF_PLACE = re.compile(r"\b(?:Bourse|Bourses|place|marché|marchés|market|markets|exchange)\s+(?:de|d['’]|of)\s*$",
                             re.IGNORECASE)
PLACE_PREPOSITION = re.compile(r"(?:\b(?:à|a|de|du|des|sur|en|in|on|at|from|of|Euronext|via)|\bd['’]|\()\s*$",
                               re.IGNORECASE)

# "Stocks closed higher on Wall Street", "Les actions ont reculé à Paris": stocks in general are the subject, and
# the place named after the verb says which market — its main index.
GENERIC_STOCKS_SUBJECT = re.compile(
    r"(?:(?:the|les)\s+)?(?:stocks|shares|equities|stock markets?|actions|valeurs|marchés\s+d['’]actions)"
    r"(?:\s+(?:have|ont))?", re.IGNORECASE)
PLACE_AFTER_VERB = re.compile(r"(?:\s+\w+){0,3}?\s+(?:on|in|at|à|sur)\s+", re.IGNORECASE)

# A date that starts a period rather than dating the sentence: "depuis le 14 août", "since Aug. 14".
SINCE_DATE = re.compile(r"(?:depuis|since|from|dès|until|till|jusqu['’](?:au|à)|following)\s+(?:le\s+|the\s+|l['’])?$",
                        re.IGNORECASE)
# A date inside a clause that frames the main one dates that clause only: "After closing at a record on
# December 24, Apple climbed…", "NVIDIA, which had risen until December 24, closed down…".
# Matched at the start of the clause a date sits in (after the last of CLAUSE_MARKS before it).
FRAMING_CLAUSE = re.compile(r"\s*(?:after|following|before|which|who|après|avant|qui)\b", re.IGNORECASE)
CLAUSE_MARKS = ",;()"
CLAUSE_END = re.compile(r"[,;()]")
# A look back from the day the article is about ("Mardi, il avait perdu 0,87 %"): its date dates that
# sentence, not the ones after it.
FLASHBACK = re.compile(r"\b(?:avait|avaient|had)\s+(?!(?:its|their|his|her|the|a)\b)\w+", re.IGNORECASE)
# A sentence about the market as a whole: its date is the market day of what follows.
MARKET_WORDS = re.compile(r"\b(?:stock market|stocks|markets?|Wall Street|Bourse|marchés?|séance|trading day)\b",
                          re.IGNORECASE)
