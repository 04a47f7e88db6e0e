"""Percentages of movement: "Nvidia a chuté de 17 %", "respectivement 3,5 % et 0,9 %", list items "Renault (-3,2 %)",
elliptic second subjects "et Cisco de 4 %".
"""

from __future__ import annotations

import re

from .. import lexicon as lx
from ..entities import Mention
from ..figures import Figure
from .clauses import (BELOW_PEAK_AFTER, GAP_AFTER_NAME, GAP_BEFORE_NAME, LIST_JOIN, Said, cue_after, fraction, last_cue,
    mentions_after, non_price, subject_group)


class MoveReader:
    """A percentage: its subject, its sign, and the lists it is part of."""

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
        # A unit written once for two values ("Syensqo et Solvay … des reculs de 1,86 et 1,57 %") pairs them in order.
        paired = lx.RESPECTIVELY.search(before) or lx.RESPECTIVELY.search(after) or group[0].unit_from_next
        return group if len(group) > 1 and paired else [group[0]]

    def _respectively(self, group: list[Figure], previous_end: int, seg_start: int) -> Said | None:
        sentence = self.sentence
        cue = last_cue(sentence[seg_start:group[0].start], seg_start)
        # the names since the clause's last percentage: "Syensqo et Solvay … de 1,86 et 1,57 % en compagnie de WDP et
        # AB InBev, négatives de 1,76 et 1,36 %" pairs each list with its own names
        since = max((f.end for f in self.figures if seg_start <= f.end <= group[0].start and f.kind == "percent"),
                    default=seg_start)
        subjects = [m for m in self.mentions if since <= m.start < group[0].start]
        if 0 < len(subjects) < len(group):
            subjects = self._with_unknown_names(subjects, since, group[0].start)
        if len(subjects) > len(group):  # "X and Y were the top decliners on the FTSE 100, down 2.3% and 1.7% respectively"
            subjects = [m for m in subjects if not (m.entity is not None and m.entity.kind == "index" and (
                lx.COMPLEMENT_BEFORE_NAME.search(sentence[max(seg_start, m.start - 40):m.start])
                or lx.PREPOSITION_BEFORE.search(sentence, max(0, m.start - 8), m.start)))]
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
                self._emit("price_move", start, group[-1].end, [subject], fraction(sign * abs(figure.value), figure.decimals),
                           "fraction", figure, group[-1].end)
        else:
            values = "|".join(f"{fraction(s * abs(f.value), f.decimals):.4f}" for s, f in zip(signs, group))
            self._emit("price_move", start, group[-1].end, subjects, None, "fraction", group[0], group[-1].end,
                       status="ambiguous", reason=f"{len(subjects)} names but {len(group)} values in a 'respectivement' list "
                       f"({values}): they cannot be paired", listed_values=values)
        for figure in group:
            self.consumed[id(figure)] = None
        return Said(subjects, cue.sign)

    def _with_unknown_names(self, subjects: list[Mention], start: int, end: int) -> list[Mention]:
        """The known names plus those quoted at a price that the reference table lacks ("UCB (165,20) et arGEN-X
        (479,60) étaient négatives de 0,72 et 0,19 %"): each value keeps its own name, an unknown one unresolved."""
        unknown = [Mention(m.start("name"), m.end("name"), m.group("name"), None)
                   for m in lx.UNKNOWN_NAME_AT_PRICE.finditer(self.sentence, start, end)
                   if not any(k.start < m.end("name") and m.start("name") < k.end for k in self.mentions)]
        return sorted(subjects + unknown, key=lambda m: m.start)

    def _closing_list(self, mentions: list[Mention]) -> bool:
        """Whether mentions[1:] are one list ("le S&P 500 et le Nasdaq 100") that a clause of its own, ended by a
        comma, sets apart from mentions[0] ("Wall Street évolue en ordre dispersé, …"; not "Nvidia, AMD et ARM")."""
        gaps = [self.sentence[a.end:b.start] for a, b in zip(mentions, mentions[1:])]
        return ("," in gaps[0] and not LIST_JOIN.fullmatch(gaps[0])
                and all(LIST_JOIN.fullmatch(gap) for gap in gaps[1:]))

    def _percent(self, figure: Figure, previous_end: int, seg_start: int, seg_end: int, said: Said | None):
        sentence = self.sentence
        after = sentence[figure.end:]
        noun_first = self._noun_first_subjects(figure, previous_end)
        if not noun_first and lx.MARKET_MOVE_BEFORE_FIGURE.search(sentence, max(0, figure.start - 40), figure.start):
            # "dans un marché en baisse de 0,67 % selon l'indice CAC 40": the market's move, not the stock's
            noun_first = [m for m in self.mentions + self.places if figure.end <= m.start <= figure.end + 40
                          and m.entity is not None and m.entity.kind == "index"][:1] or (
                [Mention(figure.start, figure.end, "", home)] if (home := self._home_index()) else [])
        # "5 % du capital", not "une chute de 0,6 % du Stoxx 600" nor "à 14 % de son record"
        if lx.SHARE_OF_SOMETHING.match(after) and not noun_first and not BELOW_PEAK_AFTER.match(after):
            return "a share of something, not a move"
        if governing := lx.NON_PRICE_BEFORE_FIGURE.search(sentence, max(0, figure.start - 60), figure.start):
            return f"measures {governing.group('noun')!r}, not the share price"  # "des droits de douane de 25 %"
        if (noun := lx.NOUN_AFTER_FIGURE.match(after)) and (measured := lx.NON_PRICE_AFTER_NOUN.match(after, noun.end())):
            return f"measures {measured.group('noun')!r}, not the share price"  # "a 3% decline in first-quarter revenue"
        subjects, cue, sign = self._subjects_and_sign(figure, previous_end, seg_start, said, noun_first)
        if sign is None:
            return "no movement word governs it"
        if isinstance(subjects, str):
            return subjects
        if figure.low is not None:
            value = fraction(sign * (abs(figure.value) + abs(figure.low)) / 2, figure.decimals + 1)
        else:
            value = fraction(sign * abs(figure.value), figure.decimals)
        start = min([m.start for m in subjects if m.start >= 0] + [cue.start if cue else figure.start, figure.start])
        # "entre 2,6 % et 4,78 %": the middle of the range, judged to its half-width (every name lies inside it).
        width = (abs(figure.value) - abs(figure.low)) / 100 + figure.step if figure.low is not None else None
        self._emit("price_move", start, figure.end, subjects, value, "fraction", figure, figure.end,
                   stated_precision=abs(width) if width is not None else None)
        self.consumed[id(figure)] = None
        return Said(subjects, sign)

    def _noun_first_subjects(self, figure: Figure, previous_end: int) -> list[Mention]:
        """ "une chute de 0,6 % du Stoxx 600": a move named by its noun before the figure, its subject after."""
        if not lx.NOUN_BEFORE_FIGURE.search(self.sentence[previous_end:figure.start]):
            return []
        return mentions_after(self.sentence, self.mentions, figure.end, window=25)

    def _subjects_and_sign(self, figure: Figure, previous_end: int, seg_start: int, said: Said | None,
                           noun_first: list[Mention] | None = None):
        """(subjects or the reason there are none, the governing cue, the sign) for a move figure."""
        sentence = self.sentence
        left = sentence[previous_end:figure.start]
        item = self._list_item(figure, previous_end)
        if item is not None:  # "Renault (-3,2 %)", "Atos : -12 %"
            segment_cue = last_cue(sentence[seg_start:], seg_start)
            sign = figure.explicit_sign or (segment_cue.sign if segment_cue else None)
            return ([item], None, sign) if sign else ("a list item with no sign and no movement word", None, None)
        cue = last_cue(left, previous_end)
        # A direction written right after the figure is the figure's own ("shook off an early loss and ended
        # 0.6% higher"): it wins over a word further back.
        after = cue_after(sentence, figure)
        sign = after if after is not None else cue.sign if cue else None
        if figure.explicit_sign and lx.TICKER_WIDGET.search(sentence, max(0, figure.start - 6), figure.start):
            sign = figure.explicit_sign  # "perd du terrain face à Nvidia (NVDA+3.31%)": a quote widget's own sign
        if sign is None and said is not None and said.sign:  # (a level gives no sign: "closed at 20,926 points, …")
            # The clause's claim goes on: "…, soit 0,65 %", "… et Cisco de 4 %", "…, Super Micro de 12,6 %".
            elliptic = self._elliptic(previous_end, figure.start)
            if elliptic or lx.APPOSITION.match(left):
                return (elliptic or said.subjects), None, said.sign
        # (a level says no direction: "Solvay (36,92) … avec des reculs de 1,86 et 1,57 %")
        if sign is None and (said is None or not said.sign):
            cue = last_cue(sentence[seg_start:figure.start], seg_start)
            sign = cue.sign if cue else None
        sign = sign if sign is not None else figure.explicit_sign
        if sign is None:
            return "no movement word governs it", None, None
        anchor = cue.start if cue else figure.start
        subjects = noun_first or subject_group(sentence, self.mentions, previous_end, figure.start)
        inherited = False
        if not subjects and (unknown := lx.UNKNOWN_NAME_ITEM.search(left)):
            # "Richemont (-0,77 %), Moncler (-1,21 %)" with Moncler not in the reference table: Moncler's move,
            # kept as an unresolved claim, never given to the name before it.
            start = previous_end + unknown.start("name")
            subjects = [Mention(start, start + len(unknown.group("name")), unknown.group("name"), None)]
        if not subjects and said is not None:
            subjects, inherited = said.subjects, True
        if not subjects:
            subjects = subject_group(sentence, self.mentions, seg_start, figure.start)
        if not subjects:
            subjects = mentions_after(sentence, self.mentions, figure.end)
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
            noun = non_price(sentence, previous_end, previous_end, anchor)
        else:
            noun = non_price(sentence, subject_start, subject_end, anchor) if subject_start >= 0 else None
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
        if (GAP_BEFORE_NAME.fullmatch(before) and GAP_AFTER_NAME.fullmatch(after)):
            return names
        return None
