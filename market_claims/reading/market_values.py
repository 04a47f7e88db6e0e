"""Market values: "effaçant près de 600 milliards de dollars de capitalisation", and comparisons of one company's
amount with others' market values.
"""

from __future__ import annotations

import re

from .. import lexicon as lx
from ..figures import Figure
from .clauses import Said, mentions_after, non_price, subject_group


# Between a market value and the one it is set against: ", contre", ", versus", "compared with".
COMPARED_LEVEL = re.compile(r"\s*,?\s*(?:contre|versus|vs\.?|against|compared with|compared to)\s*", re.IGNORECASE)


class MarketValueReader:
    """Money: a change or a level of market value, and one company's amount compared with others'."""

    def _money(self, figure: Figure, previous_end: int, seg_start: int, seg_end: int, said: Said | None):
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
        if not cues and COMPARED_LEVEL.fullmatch(sentence, previous_end, figure.start) and any(
                c.kind == "market_cap_level" for c in self.sentence_claims):
            # "a atteint 243,65 milliards d'euros, contre 243,44 milliards d'euros pour LVMH": the other's value
            cues.append((previous_end, "level", 0))
            compared = True
        else:
            compared = False
        if not cues:
            return "no market-value word governs it" if value_word else "an amount, not a market value"
        _, kind, sign = max(cues)
        if value_word is None and not (kind == "level" and re.search(r"worth|valued|valuing|valoris|vaut|pèse", left, re.IGNORECASE)):
            return "an amount, not a market value"
        if lx.FORECAST.search(sentence, seg_start, figure.start):
            return "a forecast or a condition, not a market value"
        subjects = (mentions_after(sentence, self.mentions, figure.end, window=60) if compared
                    else subject_group(sentence, self.mentions, previous_end, figure.start))
        if not subjects and said and not compared:
            subjects = said.subjects
        if not subjects:
            subjects = subject_group(sentence, self.mentions, seg_start, figure.start)
        if not subjects:
            subjects = mentions_after(sentence, self.mentions, figure.end, window=60)
        if not subjects and (anaphor := self._anaphor(seg_start, figure.start)) and anaphor[0]:
            subjects = [anaphor[0]]
        if not subjects or subjects[0].entity is None:
            return "a market value with no listed security named"
        if subjects[0].start >= 0 and non_price(sentence, subjects[0].start, subjects[0].start, subjects[0].start):
            return "the value of something other than a listed company"
        unit = figure.unit if figure.unit != "count" else subjects[0].entity.currency
        quote_start = min([m.start for m in subjects if m.start >= 0 and m.start >= previous_end] + [max(cues)[0], figure.start])
        quote_end = max([figure.end] + [m.end for m in subjects if compared])  # (", contre … pour LVMH")
        if value_word and value_word.start() >= figure.end:
            quote_end = value_word.end()
        if kind == "change":
            self._emit("market_cap_change", quote_start, quote_end, subjects, sign * figure.value, unit, figure, quote_end)
        else:
            self._emit("market_cap_level", quote_start, quote_end, subjects, figure.value, unit, figure, quote_end,
                       hedge=threshold[1] if threshold else None)
        self.consumed[id(figure)] = None
        return Said(subjects, sign)

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
