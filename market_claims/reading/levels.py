"""Points and levels: "a gagné 120,40 points", "à 7 650 points", "closed at $258.20", reference levels of the day before."""

from __future__ import annotations

import re

from .. import lexicon as lx
from ..numbers import THRESHOLD_BEFORE
from ..figures import Figure
from .clauses import Said, last_cue, non_price, subject_group


# A figure alone in brackets: "(78,94)".
BRACKET_BEFORE = re.compile(r"\s*\(\s*")
BRACKET_AFTER = re.compile(r"\s*\)")


class LevelReader:
    """A change in points, or a level the subject stood at ("à 7 650 points", "closed at $258.20")."""

    # -- points, levels and money --
    def _points(self, figure: Figure, previous_end: int, seg_start: int, seg_end: int, said: Said | None):
        before = self.sentence[previous_end:figure.start]
        if (lx.LEVEL_PREPOSITION.search(before)
                and (said or lx.LEVEL_VERBS.search(self.sentence, seg_start, figure.start))
                or lx.EXTREME_BEFORE_LEVEL.search(before)  # "having earlier hit a record 530.55 points"
                or THRESHOLD_BEFORE.search(self.sentence, max(previous_end, figure.start - 70), figure.start)):
            return self._level(figure, previous_end, seg_start, seg_end, said, unit="points")
        subjects, cue, sign = self._subjects_and_sign(figure, previous_end, seg_start, said,
                                                      self._noun_first_subjects(figure, previous_end))
        if sign is None or isinstance(subjects, str):
            return subjects if isinstance(subjects, str) else "no movement word governs it"
        start = min([m.start for m in subjects if m.start >= 0] + [figure.start])
        self._emit("points_change", start, figure.end, subjects, sign * abs(figure.value), "points", figure, figure.end)
        self.consumed[id(figure)] = None
        return Said(subjects, sign)

    def _price_change(self, figure: Figure, previous_end: int, seg_start: int, said: Said | None) -> Said | None:
        """ "Apple's stock climbed another $0.82", "closed down $0.29", "ont augmenté de 3,58 $": an amount right
        after a movement word is a change of the price, in its currency (not "fell to $121", a level)."""
        cue = last_cue(self.sentence[previous_end:figure.start], previous_end)
        if cue is None or not cue.sign or not lx.AMOUNT_AFTER_MOVE.fullmatch(self.sentence, cue.end, figure.start):
            return None
        subjects, _, sign = self._subjects_and_sign(figure, previous_end, seg_start, said,
                                                    self._noun_first_subjects(figure, previous_end))
        if isinstance(subjects, str) or not subjects or sign is None or any(
                m.entity is None or m.entity.kind == "index" or m.entity.currency != figure.unit for m in subjects):
            return None  # (an index moves in points; a stock quoted in pence is not moved by "$0.82")
        start = min([m.start for m in subjects if m.start >= 0] + [figure.start])
        self._emit("points_change", start, figure.end, subjects, sign * abs(figure.value), figure.unit, figure, figure.end)
        self.consumed[id(figure)] = None
        return Said(subjects, sign)

    def _level(self, figure: Figure, previous_end: int, seg_start: int, seg_end: int, said: Said | None,
               unit: str | None = None):
        sentence = self.sentence
        before = sentence[previous_end:figure.start]
        if figure.kind == "number" and figure.decimals and lx.BARE_POINTS_AFTER.match(sentence[figure.end:]):
            verb = last_cue(before, previous_end)
            subjects = subject_group(sentence, self.mentions, previous_end, figure.start)
            if verb and verb.sign and subjects and subjects[0].entity.kind == "index" and verb.end >= figure.start - 4:
                # "the Nikkei 225 fell 68.57 to 37,608.49": a change in points, then the level it reached.
                self._emit("points_change", subjects[0].start, figure.end, subjects, verb.sign * figure.value, "points",
                           figure, figure.end)
                self.consumed[id(figure)] = None
                return Said(subjects, verb.sign)
        if (bracketed := self._bracketed_price(figure)) is not None:
            return bracketed
        if lx.PER_SHARE.match(sentence[figure.end:]) and not (
                lx.LEVEL_PREPOSITION.search(before) and lx.LEVEL_VERBS.search(sentence, seg_start, figure.start)):
            # ("to close at $121.72 per share" is the price: a close or a quote says so)
            return "an amount per share (dividend or earnings), not a price"
        if figure.kind == "price" and (change := self._price_change(figure, previous_end, seg_start, said)):
            return change
        if reference := lx.REFERENCE_LEVEL.search(before):
            if not (said and said.subjects and all(m.entity is not None for m in said.subjects)) or self.date[0] is None:
                return "a reference level ('down from …'), not the day's price"
            # "The euro was up at USD1.0402 against USD1.0384", "fell to $130, down from $142.62": the level of the
            # session before, for the subject just quoted
            self._emit("price_level", figure.start, figure.end, said.subjects, figure.value, unit or figure.unit, figure,
                       figure.end, reference=reference.group(0).strip())
            self.consumed[id(figure)] = None
            return said
        threshold = THRESHOLD_BEFORE.search(sentence, max(previous_end, figure.start - 70), figure.start)
        if not (lx.LEVEL_PREPOSITION.search(before) or threshold or lx.EXTREME_BEFORE_LEVEL.search(before)):
            return "a count or plain number, not a market figure" if figure.kind == "number" else "not written as a price or level"
        # a threshold crossed ("a franchi le seuil des 20 000 points", "topped the 45,000 level") is a level's bound
        level_verb = (lx.LEVEL_VERBS.search(sentence, seg_start, figure.start) or threshold
                      or lx.EXTREME_BEFORE_LEVEL.search(before)  # "son record de séance à 20.038,01 points"
                      # "Target fell to $121.72", "le bitcoin a grimpé jusqu'à 105.325 dollars": where the move took it
                      or ((cue := last_cue(before, previous_end)) is not None and cue.sign
                          and lx.MOVED_TO.fullmatch(sentence, cue.end, figure.start)))
        if not (said or level_verb):
            return "a level with no close or move around it"
        subjects = subject_group(sentence, self.mentions, previous_end, figure.start) or (said.subjects if said else [])
        if not subjects:
            subjects = subject_group(sentence, self.mentions, seg_start, figure.start)
        if not subjects and (anaphor := self._anaphor(seg_start, figure.start)) and anaphor[0]:
            subjects = [anaphor[0]]
        if not subjects or subjects[0].entity is None:
            return "no listed security is named"
        if subjects[0].start >= 0 and non_price(sentence, subjects[0].start, subjects[-1].end, figure.start):
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
        return Said(subjects, said.sign if said else 0)

    def _bracketed_price(self, figure: Figure) -> Said | None:
        """ "Syensqo (78,94) et Solvay (36,92) en tête": a plain number alone in brackets right after a company's name
        is its price, in its currency (Belga's wraps quote every stock so). Not a year, not a count."""
        if figure.kind != "number" or not (figure.decimals == 2 or figure.value >= 1000 and figure.decimals == 0
                                           and not 1900 <= figure.value <= 2100):
            return None
        if not BRACKET_AFTER.match(self.sentence, figure.end):
            return None
        mention = next((m for m in reversed(self.mentions) if m.end <= figure.start
                        and BRACKET_BEFORE.fullmatch(self.sentence, m.end, figure.start)), None)
        if mention is None or mention.entity is None or mention.entity.kind != "equity":
            return None
        subjects = [self._listing_in_context(mention, figure.start)]
        self._emit("price_level", mention.start, figure.end, subjects, figure.value, subjects[0].entity.currency,
                   figure, figure.end)
        self.consumed[id(figure)] = None
        return Said(subjects, 0)  # the company the clause goes on about: "Lotus Bakeries (11.940) a reculé de 0,67 %"
