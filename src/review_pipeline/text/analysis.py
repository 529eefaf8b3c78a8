"""One analysis of a field's text, computed lazily once per review and shared by every checker.

spaCy analyses a text once into a `Doc` that components read; this is our `Doc` for one field
(title or text): the folded text (same length as the original, so offsets carry over), sentence,
clause and paragraph limits (one definition for the whole project), jieba word limits, the
other-voice map (quotations and reported speech), and the hits of any `PhraseIndex` — each
computed on first use and cached, so seven checkers do not read the same post seven times.
`CheckContext.analysis(field)` hands it to checkers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Hashable
from functools import cached_property, lru_cache
from typing import Any, TypeVar

from review_pipeline.text.fold import fold
from review_pipeline.text.phrases import PhraseBank, PhraseIndex
from review_pipeline.text.segment import WordBoundaries

T = TypeVar("T")

# Folded text: full-width ！？；： are already ASCII. One definition for every checker.
SENTENCE_STOPS = "。!?;…\n"
# The marks that end a sentence in text as written (not folded: both widths of ! and ?), for the
# finders that read raw text; a semicolon or a line break does not end a sentence for them.
SENTENCE_FINALS = "。！!？?"
CLAUSE_STOPS = SENTENCE_STOPS + ",:、"


@lru_cache(maxsize=16)
def _stop_pattern(stops: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(stops) + "]")


class Segments:
    """The limits of a text cut after any of `stops`: `bounds(i)` is the (start, end) of the
    piece holding offset i, `index(i)` its number (equal numbers = same piece)."""

    def __init__(self, text: str, stops: str) -> None:
        self._ends = [m.end() for m in _stop_pattern(stops).finditer(text)]
        self._length = len(text)

    def index(self, pos: int) -> int:
        return bisect_right(self._ends, pos)

    def bounds(self, pos: int) -> tuple[int, int]:
        k = bisect_right(self._ends, pos)
        start = self._ends[k - 1] if k else 0
        end = self._ends[k] if k < len(self._ends) else self._length
        return start, end

    def same(self, a: int, b: int) -> bool:
        """Whether offsets a and b lie in the same piece."""
        return self.index(a) == self.index(min(b, max(self._length - 1, 0)))

    def __len__(self) -> int:
        return len(self._ends) + (1 if not self._ends or self._ends[-1] < self._length else 0)


class FieldAnalysis:
    """Lazily computed views of one field's text; read-only for checkers."""

    def __init__(self, text: str, bank: PhraseBank | None = None) -> None:
        self.text = text
        self.bank = bank
        self._memo: dict[Hashable, Any] = {}

    @cached_property
    def folded(self) -> str:
        """Width, case and traditional characters folded; same length as `text`."""
        return fold(self.text)

    @cached_property
    def sentences(self) -> Segments:
        return Segments(self.folded, SENTENCE_STOPS)

    @cached_property
    def clauses(self) -> Segments:
        return Segments(self.folded, CLAUSE_STOPS)

    @cached_property
    def paragraphs(self) -> Segments:
        return Segments(self.folded, "\n")

    @cached_property
    def quoted(self) -> list[tuple[int, int]]:
        """Quotations and title marks (see `text.quotes.quoted_spans`), in the folded text."""
        from review_pipeline.text.quotes import quoted_spans

        return quoted_spans(self.folded)

    @cached_property
    def words(self) -> WordBoundaries:
        """jieba word limits of the folded text, segmented only near the offsets asked about."""
        return WordBoundaries(self.folded)

    def phrases(self, index: PhraseIndex[T]) -> list[tuple[int, int, T]]:
        """Every hit of `index` in the folded text: from the pipeline's combined automaton (one
        pass for every checker's lists) when it holds the index, else from the index itself."""
        slot = self.bank.slot(index) if self.bank is not None else None
        if slot is not None:
            banked = self._memo.get("bank")
            if banked is None:
                banked = self._memo["bank"] = self.bank.scan(self.folded)  # type: ignore[union-attr]
            hits: list[tuple[int, int, T]] = banked[slot]
            return hits
        key = ("phrases", id(index))
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = list(index.find(self.folded))
        return found

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A view a checker defines (e.g. the other-voice map for its speech cues), computed once."""
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value
