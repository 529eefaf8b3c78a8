"""Find many fixed phrases at once (Aho-Corasick, in C) in folded text.

For the context-rule checkers (ads, tone, engagement, tiers, attribution) whose phrases are
matched as written after folding. The sensitive checker has its own evasion-proof matcher.

Every `PhraseIndex` a pipeline's checkers build while `collecting()` is active joins one
`PhraseBank`: a single automaton over all their phrases, run once per field of a document
(`FieldAnalysis.phrases(index)` reads back one index's hits), instead of one pass per list.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

import ahocorasick

from review_pipeline.text.fold import fold

T = TypeVar("T")


_collecting = threading.local()


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
        for key, payloads in grouped.items():
            self._automaton.add_word(key, (len(key), tuple(payloads)))
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
        for end_index, (length, payloads) in self._automaton.iter(folded_text):
            end = end_index + 1
            for payload in payloads:
                yield end - length, end, payload


class PhraseBank:
    """One automaton over the phrases of many `PhraseIndex`es; `scan` gives each index's hits,
    in the order its own `find` would give them."""

    def __init__(self, indexes: Iterable[PhraseIndex[Any]]) -> None:
        self._slots: dict[int, int] = {}
        merged: dict[str, list[tuple[int, tuple[Any, ...]]]] = {}
        for index in indexes:
            if id(index) in self._slots or not len(index):
                continue
            slot = self._slots[id(index)] = len(self._slots)
            for key, payloads in index._grouped.items():
                merged.setdefault(key, []).append((slot, tuple(payloads)))
        self._automaton = ahocorasick.Automaton()
        for key, owners in merged.items():
            self._automaton.add_word(key, (len(key), owners))
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
        for end_index, (length, owners) in self._automaton.iter(folded_text):
            end = end_index + 1
            start = end - length
            for slot, payloads in owners:
                bucket = hits[slot]
                for payload in payloads:
                    bucket.append((start, end, payload))
        return hits
