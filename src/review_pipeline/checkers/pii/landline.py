"""Whose landline is it? The words around a fixed-line number decide whether it is personal.

Government notices publish office numbers all the time (咨询电话, 传真, 监督举报电话, a unit's
联系电话); only a private person's number (家庭电话, 村民…的电话, 其家属) is personal
information. The cue words are data (`lexicons/pii/landline_cues.tsv`); this module only
finds the cue nearest to a number within its sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from review_pipeline.checkers.pii.data import LandlineCue
from review_pipeline.text.phrases import PhraseIndex

Owner = Literal["personal", "office", "unknown"]

REACH_BEFORE = 40  # characters before a number searched for a cue (a long clause at most)
REACH_AFTER = 8  # characters after it: "0770-2812345（传真）", "0770-2812345咨询"
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_CLAUSE_END = re.compile(r"[。；;！!？?\n，,、]")
_CJK = "\u3400-\u9fff"


@dataclass(frozen=True)
class LandlineOwnership:
    """The verdict for one number and the cue it rests on ("" when there is none)."""

    owner: Owner
    cue: str = ""


class LandlineOwnerFinder:
    """Classifies a landline at [start, end) of folded text by its nearest cue word."""

    def __init__(self, cues: Iterable[LandlineCue], phone_words: Iterable[str]) -> None:
        cues = tuple(cues)
        self._words = PhraseIndex((c.word, c) for c in cues if c.kind != "unit")
        units = sorted({c.word for c in cues if c.kind == "unit"}, key=len, reverse=True)
        # a unit suffix ends a name: Chinese before it; after it no more Chinese, unless a phone
        # or office word follows (市民政局电话 yes, 办理 / 局面 / 中心城区 no)
        follow = sorted({*phone_words, *(c.word for c in cues if c.kind == "office")}, key=len, reverse=True)
        follow_alt = "|".join(map(re.escape, follow))
        # how far past a number a unit match starting before `hi` can need to look (issue 15.12)
        self._unit_reach = max(map(len, units), default=0) + max(map(len, follow), default=0) + 1
        self._unit = (
            re.compile(
                rf"(?<=[{_CJK}])(?:{'|'.join(map(re.escape, units))})(?=$|[^{_CJK}]"
                + (f"|{follow_alt})" if follow_alt else ")")
            )
            if units
            else None
        )

    def classify(self, folded: str, start: int, end: int) -> LandlineOwnership:
        """personal / office by the nearest cue in the number's sentence; unknown without one.

        Distance is counted from the number to the near edge of the cue; of two cues at the
        same distance the longer wins (紧急联系人 over 联系人, 住所 over the unit suffix 所).
        """
        lo = max(0, start - REACH_BEFORE)
        lo = max([lo, *(m.end() for m in _SENTENCE_END.finditer(folded, lo, start))])
        stop = _CLAUSE_END.search(folded, end, min(len(folded), end + REACH_AFTER))
        hi = stop.start() if stop else min(len(folded), end + REACH_AFTER)
        best: tuple[int, int, str, str] | None = None  # (distance, -length, word, kind)
        for cue_start, cue_end, word, kind in self._cues(folded, lo, start):
            candidate = (start - cue_end, -(cue_end - cue_start), word, kind)
            best = candidate if best is None or candidate < best else best
        for cue_start, cue_end, word, kind in self._cues(folded, end, hi):
            candidate = (cue_start - end, -(cue_end - cue_start), word, kind)
            best = candidate if best is None or candidate < best else best
        if best is None:
            return LandlineOwnership("unknown")
        return LandlineOwnership("personal" if best[3] == "personal" else "office", best[2])

    def _cues(self, folded: str, lo: int, hi: int) -> Iterator[tuple[int, int, str, str]]:
        """(start, end, word, kind) of every cue inside folded[lo:hi], in text offsets."""
        for s, e, cue in self._words.find(folded[lo:hi]):
            yield lo + s, lo + e, cue.word, cue.kind
        if self._unit is not None:
            # endpos far enough that what follows a suffix ending by `hi` is seen as written, never
            # as the end of text; unbounded, each number rescanned the rest of the text (quadratic)
            for m in self._unit.finditer(folded, lo, hi + self._unit_reach):
                if m.end() > hi:
                    break
                yield m.start(), m.end(), m.group(), "unit"
