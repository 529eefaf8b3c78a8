"""One Aho-Corasick pass per text over every cue list the name finders read.

The person cues (当事人 …), the structural cues (村民, 名叫, 民警 …), the honour-roll words and the
private-context words are separate `PhraseIndex`es; scanning a 1 KB post costs ~50 µs per
automaton, so they share one `PhraseBank` and the hits of the last text scanned are kept: every
finder asking about the same text reads the same scan.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from review_pipeline.text.phrases import PhraseBank, PhraseIndex

T = TypeVar("T")


class CueScan:
    """`find(index, text)`: the hits `index.find(text)` would give, from one shared pass."""

    def __init__(self, indexes: Iterable[PhraseIndex[Any] | None]) -> None:
        self._indexes = [i for i in indexes if i is not None]
        self._bank = PhraseBank(self._indexes)
        # (text, hits per slot) of the last two texts (a title and a text are read in turn):
        # one tuple, so a reader in another thread sees a text and its own hits, never a mix
        self._last: tuple[tuple[str, list[list[tuple[int, int, Any]]]], ...] = ()

    def add(self, indexes: Iterable[PhraseIndex[Any]]) -> None:
        """Scan `indexes` in the same pass too (while the checker is built)."""
        self._indexes += [i for i in indexes if i not in self._indexes]
        self._bank = PhraseBank(self._indexes)
        self._last = ()

    def find(self, index: PhraseIndex[T], text: str) -> list[tuple[int, int, T]]:
        slot = self._bank.slot(index)
        if slot is None:
            return list(index.find(text))
        for seen, scanned in self._last:
            if seen is text or seen == text:
                hits: list[tuple[int, int, T]] = scanned[slot]
                return hits
        scanned = self._bank.scan(text)
        self._last = ((text, scanned), *self._last[:1])
        hits = scanned[slot]
        return hits

    def has(self, index: PhraseIndex[Any], text: str) -> bool:
        """Whether any phrase of `index` is written in `text`."""
        return bool(self.find(index, text))
