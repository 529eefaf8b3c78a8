"""Reading aids: the pinyin that mirror pages print after characters (服務(wù), 戰(zhàn)略, 县长(zhǎng)).

About one stored page in twenty carries them. A word list cannot see 戰略 in 戰(zhàn)略, and a
name finder reads 郭进(jìn)胜 as two names; so a checker matches the text without them and maps
its offsets back to the original (`Plain.span`). One definition for every checker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# A parenthesised run of pinyin letters right after a CJK character; it must hold a vowel, so
# 张(A)、产品(B) or (ok) after a word are not taken for readings. Several may follow one another.
# The bracket comes first and the character before it is checked by a lookbehind after it: a
# pattern that opens with a lookbehind is tried at every offset of the text (7x slower).
_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüń"
_VOWEL = "aeiouüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜń"  # ń: the syllabic reading of 嗯
_ONE = rf"[(（](?=[{_LETTERS}]*[{_VOWEL}])[{_LETTERS}]{{1,6}}[)）]"
GLOSS = re.compile(rf"[(（](?<=[\u3400-\u9fff][(（])(?=[{_LETTERS}]*[{_VOWEL}])[{_LETTERS}]{{1,6}}[)）](?:{_ONE})*")


@dataclass(frozen=True)
class Plain:
    """A text without its reading aids; `origin[i]` is the original offset of character i
    (`origin[len(text)]` the original length)."""

    text: str
    origin: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original (start, end) of the plain slice [start, end), end > start: a gloss inside
        the slice stays inside it (戰(zhàn)略 is one span)."""
        return self.origin[start], self.origin[end - 1] + 1


def without_glosses(text: str, minimum: int = 1) -> Plain | None:
    """The text without its reading aids, or None when it has fewer than `minimum` of them (a
    checker that risks more from a stray match than from a missed word asks for several)."""
    if not _may_hold_gloss(text):
        return None
    plain, count = _read(text)
    return plain if count >= max(1, minimum) else None


_GLOSS_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz" + _LETTERS.removeprefix("a-z"))  # the class, spelled out


@lru_cache(maxsize=256)
def _may_hold_gloss(text: str) -> bool:
    """Whether some bracket follows a CJK character and precedes a pinyin letter: what every gloss
    starts with. Brackets are found with `str.find`; most posts have a few (法(律), 年（2024）),
    and the regular expression costs ~20 ns for every character of the text. Cached like `_read`:
    six checkers ask about the same field of the same post, and the answer is nearly always no."""
    for opener in "(（":
        at = text.find(opener, 1)
        while at != -1:
            if text[at + 1 : at + 2] in _GLOSS_LETTERS and "\u3400" <= text[at - 1] <= "\u9fff":
                return True
            at = text.find(opener, at + 1)
    return False


@lru_cache(maxsize=256)
def _read(text: str) -> tuple[Plain | None, int]:
    # Every checker asks about the same field of the same post: read once, not once per checker.
    # `Pipeline.pipe` runs each checker over a whole batch (32 posts, two fields each) before the
    # next checker asks: a smaller cache would have forgotten the first post by then.
    spans = [m.span() for m in GLOSS.finditer(text)]
    if not spans:
        return None, 0
    pieces: list[str] = []
    origin: list[int] = []
    last = 0
    for start, end in spans:
        pieces.append(text[last:start])
        origin.extend(range(last, start))
        last = end
    pieces.append(text[last:])
    origin.extend(range(last, len(text)))
    origin.append(len(text))
    return Plain("".join(pieces), origin), len(spans)
