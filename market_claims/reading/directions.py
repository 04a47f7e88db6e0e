"""Claims without a figure: "Nvidia a fortement chuté lundi", "Stocks closed higher", "le CAC 40 est resté stable"
(a direction of 0), "a fait chuter les actions de Nvidia", rankings ("among the top losers"), the present of a headline ("Nike plunges").
"""

from __future__ import annotations

import re

from .. import lexicon as lx
from ..entities import Mention
from .clauses import non_price, subject_group


# A name's own move, by its noun: "UnitedHealth's sharp decline", "Nvidia's rally".
POSSESSIVE_MOVE = re.compile(r"['’]s\s+(?:(?:sharp|steep|big|strong|modest|slight|recent|latest|further|heavy|"
                             r"early|late|fresh|continued)\s+)?(?P<noun>[\w-]+)(?![\w-])", re.IGNORECASE)
# A name that did the same: ", as did the German Dax", ", tout comme le Dax".
AS_DID = re.compile(r",?\s+(?P<verb>as did|as has|as have|just as|tout comme|de même que|comme l'a fait|comme l’a fait)\s+"
                    r"(?:(?:the|le|la|les|l['’])\s*)?(?:(?-i:[A-Z][a-z]+)\s+)?", re.IGNORECASE)
# A stretch opening on a present participle: ", atteignant son plus haut", ", hitting its lowest since".
PARTICIPLE_OPENING = re.compile(r"[\s,]*" + lx.PARTICIPLE + r"\b", re.IGNORECASE)
# Right after a name, a relative about it: ", qui était", ", which has".
RELATIVE_OF_SUBJECT = re.compile(r"\s*,\s*(?:qui|which|who)\s+(?:[\w'’-]+\s+){0,2}", re.IGNORECASE)
# Between a description and a verb, what makes the verb not its own: a clause's end, a relative, a report.
DESCRIPTION_GAP_STOP = re.compile(r"[.,;:]|\b(?:qui|que|dont|which|that|who|when|said|says|a dit|a déclaré|expects?)\b",
                                  re.IGNORECASE)


# A wire's kicker before its headline: a market and a moment, then a colon ("Europe close:", "US open:").
KICKER = re.compile(r"^\s*(?:[A-Z][\w.&'’-]*\s+){1,2}(?:close|open|midday|pre-open|report|markets?)\s*:\s*", re.IGNORECASE)
# Any few capitalised words and a colon opening a headline ("Market Turmoil: Stocks Drop …"): a kicker when it names
# no security (not "Nvidia: shares fall").
LEAD_IN = re.compile(r"^\s*(?-i:[A-Z][\w.&'’-]*)(?:\s+(?-i:[A-Z][\w.&'’-]*)){0,2}\s*:\s*")


class DirectionReader:
    """Directions with no figure, in each clause whose figures (if any) come after its verb."""

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
        for seg_start, seg_end in self._unclaimed_pieces():
            # A figure left in the clause comes before the verb ("Nvidia, qui pèse près de 7 % du S&P 500, a entraîné
            # l'indice dans sa chute"): the clause is about it; one after it is about something else ("ont reculé
            # après l'annonce de droits de douane de 25 %").
            firsts = [(m, sign, pattern) for sign, pattern in ((-1, lx.INTRANSITIVE_DOWN), (1, lx.INTRANSITIVE_UP),
                                                                (0, lx.INTRANSITIVE_FLAT),
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
                subjects = subject_group(sentence, self.mentions, since, verb.start())
                if not subjects and (described := self._described_subject(since, verb, adjacent)):
                    # "Nike reported results. The stock initially jumped", "Le titre recule": the company named before
                    if not self._contradicts_a_move(described[0], sign, sentence[since:seg_end]):
                        self._emit("direction", described[1], verb.end(), [described[0]], float(sign), "sign", None,
                                   verb.end())
                    since = verb.end()
                    continue
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
                if (non_price(sentence, subjects[0].start, subjects[-1].end, verb.start())
                        or lx.FORECAST.search(sentence, max(since, subjects[0].start - 35), verb.start())):
                    continue
                gap = sentence[subjects[-1].end:verb.start()]
                if re.match(r"['’]s\s", gap) and lx.MARKET_VALUE.search(gap):
                    continue  # "Tesla's market value fell below $1 trillion": the market-value reader's
                if RELATIVE_OF_SUBJECT.fullmatch(gap):
                    pass  # "Stellantis, qui était lanterne rouge du CAC 40": the relative is about the name before it
                elif re.search(r"[.,;:]\s*$|^['’]s\s*$|\b(?:qui|que|dont|which|that|when|quand|lorsque|après|after)\b",
                               gap, re.IGNORECASE):
                    continue  # (not "Apple's rise": a noun)
                for subject in subjects:
                    self._emit("direction", subjects[0].start, verb.end(), [subject], float(sign), "sign", None, verb.end())
                since = verb.end()

    def _described_subject(self, since: int, verb: re.Match, adjacent: bool) -> tuple[Mention, int] | None:
        """The subject a description or a pronoun stands for right before the verb ("the stock", "le titre", "It"),
        and where it is written; None when there is none, or words between it and the verb make it another's."""
        found = self._anaphor(since, verb.start())
        if (not found or found[0] is None) and (participle := PARTICIPLE_OPENING.match(self.sentence, since)) and \
                participle.end() >= verb.start() - 30:
            # "…, atteignant son prix le plus élevé depuis le 8 octobre": a participle's subject is the clause's
            last = next((m for i, m in reversed(self.claimed_subjects) if i == self.sentence_index), None)
            found = (Mention(-1, -1, last.surface, last.entity), participle.start(), participle.end()) if last else None
        if not found or found[0] is None or found[0].entity is None:
            return None
        mention, start, end = found
        gap = self.sentence[end:verb.start()]
        if len(gap) > 30 or DESCRIPTION_GAP_STOP.search(gap) or (adjacent and not lx.ADJACENT_SUBJECT.fullmatch(gap)):
            return None
        if non_price(self.sentence, start, end, verb.start()) or lx.FORECAST.search(self.sentence, max(since, start - 35),
                                                                                     verb.start()):
            return None
        return mention, start

    def _contradicts_a_move(self, subject: Mention, sign: int, words: str = "") -> bool:
        """Whether the sentence already said this direction of the subject, or moved it the other way ("The Nikkei gave up 386.62 points […],
        topping the previous year-end record closing high": a level above an old record, not a rise). A direction
        over a span of its own is another claim ("rallied on Friday …, capping the fifth consecutive week of gains")."""
        spanned = any(pattern.search(words) for pattern, _ in lx.PERIODS)
        return any(c.ticker == subject.entity.ticker and (
            c.value and c.kind in {"price_move", "points_change"} and (c.value > 0) != (sign > 0)
            or c.kind == "direction" and c.value == sign and not (spanned and c.timing != "period"))
            for c in self.sentence_claims)  # (or said already: "…were among the top losers, closing in the red")

    def _unclaimed_pieces(self) -> list[tuple[int, int]]:
        """Each clause's stretches outside what its figures already claimed: "The S&P 500 surged 2.5%, with tech
        giants like Amazon, Nvidia, and Apple leading the gains" reads on after the move; "La place zurichoise a
        terminé en hausse, le parquet torontois a grimpé de 1 %" reads the direction before it."""
        pieces = []
        for clause_start, clause_end in self.ctx.clauses:
            cuts = sorted([(a, b) for a, b in self.moved_spans if a < clause_end and clause_start < b]
                          + [(f.start, f.end) for f in self.figures
                             if clause_start <= f.start < clause_end and id(f) in self.consumed])
            position = clause_start
            for a, b in cuts:
                if a > position:
                    pieces.append((position, a))
                position = max(position, b)
            pieces.append((position, clause_end))
        return [(a, b) for a, b in pieces if b > a]

    def _as_did(self) -> None:
        """ "Britain's FTSE 100 also hit a fresh intra-day record, as did the German Dax", "tout comme le Dax": the
        name after takes the direction just claimed before it, in the same sentence."""
        sentence = self.sentence
        for m in AS_DID.finditer(sentence):
            name = next((x for x in self.mentions if m.end("verb") <= x.start <= m.end() + 4), None)
            last = next((c for c in reversed(self.sentence_claims)
                         if c.kind == "direction" and c.char_end - self.s_start <= m.start()), None)
            if name is None or last is None or name.entity is None or name.entity.ticker == last.ticker:
                continue
            self._emit("direction", m.start(), name.end, [name], last.value, "sign", None, name.end)

    def _moves_named_after_noun(self) -> None:
        """ "The rise in Alphabet and Tesla stocks", "declines in all three indexes on Thursday": a noun of movement,
        then the names it is about, in a clause with no figure of its own."""
        sentence = self.sentence
        for seg_start, seg_end in self.ctx.clauses:
            if any(seg_start <= f.start < seg_end and f.kind in {"percent", "points", "money"} for f in self.figures):
                continue
            for noun in lx.MOVE_NOUN_BEFORE_NAME.finditer(sentence, seg_start, seg_end):
                gap = lx.NOUN_TO_NAME.match(sentence, noun.end())
                if gap is None or (gap.group("of") and lx.ACCOUNTS_NOUN.fullmatch(noun.group(0))):
                    continue
                if lx.MOVE_NOT_MADE.search(sentence[max(seg_start, noun.start() - 40):noun.start()]) or \
                        lx.FORECAST.search(sentence, max(seg_start, noun.start() - 35), noun.start()):
                    continue
                names: list[Mention] = []
                end = gap.end()
                for mention in sorted(self.mentions + self.places, key=lambda m: m.start):  # "in all three indexes"
                    if mention.start == gap.end() or (names and mention.start >= names[-1].end
                                                      and lx.LIST_GLUE.match(sentence[names[-1].end:mention.start])):
                        names.append(mention)
                        end = mention.end
                    elif mention.start > end:
                        break
                if not names or any(a < end and noun.start() < b for a, b in self.claimed_spans):
                    continue
                if lx.NON_PRICE_SUBJECTS.match(sentence[end:end + 30].lstrip(" '’s")):
                    continue  # "a drop in Tesla deliveries"
                sign = -1.0 if noun.group("down") else 1.0
                for name in names:
                    self._emit("direction", noun.start(), end, [name], sign, "sign", None, end)
            # "UnitedHealth's sharp decline", "Nvidia's rally": the name's own, written before the noun
            for name in self.mentions:
                if not (seg_start <= name.start and name.end < seg_end) or name.entity is None:
                    continue
                noun = POSSESSIVE_MOVE.match(sentence, name.end)
                if noun is None or not (moved := lx.MOVE_NOUN_BEFORE_NAME.fullmatch(noun.group("noun"))):
                    continue
                if lx.NON_PRICE_AFTER_NOUN.match(sentence, noun.end()) or any(
                        a < noun.end() and name.start < b for a, b in self.claimed_spans) or \
                        lx.MOVE_NOT_MADE.search(sentence[max(seg_start, name.start - 40):name.start]):
                    continue
                sign = -1.0 if moved.group("down") else 1.0
                self._emit("direction", name.start, noun.end(), [name], sign, "sign", None, noun.end())

    def _market_of_stocks(self, seg_start: int, seg_end: int, verb: re.Match) -> Mention | None:
        """"Stocks closed higher on Wall Street": stocks in general moved, on the market the place after the verb
        stands for (its main index)."""
        # (after a wire's kicker: "Europe close: Stocks rise to record highs", "London midday: Stocks fall")
        words = self.sentence[seg_start:verb.start()]
        if (lead := LEAD_IN.match(words)) and not any(seg_start <= m.start < seg_start + lead.end() for m in self.mentions):
            words = words[lead.end():]
        subject = KICKER.sub("", words).strip(" ,;:")
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
