"""Find many fixed phrases at once (Aho-Corasick, in C) in folded text.

For the context-rule checkers (ads, tone, engagement, tiers, attribution) whose phrases are
matched as written after folding. The sensitive checker has its own evasion-proof matcher.

Every `PhraseIndex` a pipeline's checkers build while `collecting()` is active joins one
`PhraseBank`: a single automaton over all their phrases, run once per field of a document
(`FieldAnalysis.phrases(index)` reads back one index's hits), instead of one pass per list.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

import ahocorasick
import numpy as np

from review_pipeline.text.fold import fold

T = TypeVar("T")


_collecting = threading.local()

# Two-symbol encoding (the sensitive checker's automaton does the same with numpy): pyahocorasick
# finds a node's child by scanning its children one by one, and a Chinese phrase list starts with
# hundreds of distinct characters, so every text character that continues no match scans them all
# at the root. Each character of the phrases' alphabet becomes a "high" and a "low" symbol from
# disjoint ranges (a match can only start on a high one, i.e. on a character boundary) and every
# other character one fixed pair that no phrase contains: no node has more than about
# sqrt(alphabet) children, and offsets are the encoded ones halved.
_HIGH, _LOW = 0xE000, 0xF000  # private-use ranges, disjoint
_OTHER = chr(_HIGH + 0xFFF) + chr(_LOW + 0xFFF)
SHORT_TEXT = 64  # characters; below it `_Encoding.text` translates instead of gathering with numpy


class _Table(dict[int, str]):
    """str.translate table: the alphabet's pairs, and the "other" pair for any character first
    met in a text (stored, so the next look-up of it stays in C)."""

    def __missing__(self, key: int) -> str:
        self[key] = _OTHER
        return _OTHER


class _Encoding:
    """The two-symbol code of one phrase set's alphabet, most frequent characters first. A text is
    encoded by one numpy gather over its code points (a 256 KB table for the BMP, built on first
    use); an alphabet with characters beyond the BMP falls back to `str.translate`."""

    def __init__(self, keys: Iterable[str]) -> None:
        counts = Counter(ch for key in keys for ch in key)
        base = max(1, math.isqrt(len(counts) - 1) + 1) if counts else 1
        self._pairs = {
            ch: chr(_HIGH + i // base) + chr(_LOW + i % base)
            for i, (ch, _n) in enumerate(counts.most_common())
        }
        # U+FFFF stands for every character beyond the BMP in the table, so it must not be a letter
        self._bmp = all(ord(ch) < 0xFFFF for ch in self._pairs)
        self._lut: np.ndarray | None = None
        self._table: _Table | None = None

    def key(self, text: str) -> str:
        """A phrase, every character of which is in the alphabet."""
        return "".join(self._pairs[ch] for ch in text)

    def text(self, folded_text: str) -> str:
        # A clause or a title is encoded faster by str.translate than by the numpy gather, whose
        # fixed cost per call is several microseconds.
        if not self._bmp or len(folded_text) < SHORT_TEXT:
            if self._table is None:
                self._table = _Table({ord(ch): pair for ch, pair in self._pairs.items()})
            return folded_text.translate(self._table)
        if self._lut is None:
            lut = np.full(0x10000, _pair_code(_OTHER), dtype=np.uint32)
            for ch, pair in self._pairs.items():
                lut[ord(ch)] = _pair_code(pair)
            self._lut = lut
        codes = np.frombuffer(folded_text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        # characters beyond the BMP become 0xFFFF, which no phrase holds: the "other" pair
        encoded = self._lut[np.minimum(codes, 0xFFFF)]
        return encoded.tobytes().decode("utf-16-le")


def _pair_code(pair: str) -> int:
    """Two BMP symbols as the uint32 whose little-endian bytes are their UTF-16 code units."""
    return ord(pair[0]) | (ord(pair[1]) << 16)


@contextmanager
def collecting() -> Iterator[list[PhraseIndex[Any]]]:
    """Every `PhraseIndex` built in this thread inside the block is appended to the list given."""
    previous = getattr(_collecting, "indexes", None)
    found: list[PhraseIndex[Any]] = []
    _collecting.indexes = found
    try:
        yield found
    finally:
        _collecting.indexes = previous


class PhraseIndex(Generic[T]):
    """Phrases -> payloads; `find(folded_text)` yields (start, end, payload) for every hit."""

    def __init__(self, phrases: Iterable[tuple[str, T]]) -> None:
        self._automaton = ahocorasick.Automaton()
        grouped: dict[str, list[T]] = {}
        for phrase, payload in phrases:
            key = fold(phrase)
            if key:
                grouped.setdefault(key, []).append(payload)
        self._encoding = _Encoding(grouped)
        for key, payloads in grouped.items():
            self._automaton.add_word(self._encoding.key(key), (len(key), tuple(payloads)))
        self._size = len(grouped)
        self._grouped = grouped
        if grouped:
            self._automaton.make_automaton()
        registry = getattr(_collecting, "indexes", None)
        if registry is not None:
            registry.append(self)

    def __len__(self) -> int:
        return self._size

    def find(self, folded_text: str) -> Iterator[tuple[int, int, T]]:
        """Every (start, end, payload), overlapping hits included, in order of end offset."""
        if not self._size:
            return
        for end_index, (length, payloads) in self._automaton.iter(self._encoding.text(folded_text)):
            end = (end_index + 1) // 2
            for payload in payloads:
                yield end - length, end, payload


class PhraseBank:
    """One automaton over the phrases of many `PhraseIndex`es; `scan` gives each index's hits,
    in the order its own `find` would give them."""

    def __init__(self, indexes: Iterable[PhraseIndex[Any]]) -> None:
        self._slots: dict[int, int] = {}
        # per phrase, every (slot, payload) in the order the indexes' own `find` would give them
        merged: dict[str, list[tuple[int, Any]]] = {}
        for index in indexes:
            if id(index) in self._slots or not len(index):
                continue
            slot = self._slots[id(index)] = len(self._slots)
            for key, payloads in index._grouped.items():
                merged.setdefault(key, []).extend((slot, payload) for payload in payloads)
        self._automaton = ahocorasick.Automaton()
        self._encoding = _Encoding(merged)
        for key, owners in merged.items():
            self._automaton.add_word(self._encoding.key(key), (len(key), tuple(owners)))
        if merged:
            self._automaton.make_automaton()
        self._empty = not merged

    def slot(self, index: PhraseIndex[Any]) -> int | None:
        """Where `index`'s hits are in `scan`'s answer, or None when the bank does not hold it."""
        return self._slots.get(id(index))

    def scan(self, folded_text: str) -> list[list[tuple[int, int, Any]]]:
        """Per slot, every (start, end, payload) of that index, in order of end offset."""
        hits: list[list[tuple[int, int, Any]]] = [[] for _ in self._slots]
        if self._empty:
            return hits
        for end_index, (length, owners) in self._automaton.iter(self._encoding.text(folded_text)):
            end = (end_index + 1) >> 1
            start = end - length
            for slot, payload in owners:
                hits[slot].append((start, end, payload))
        return hits
