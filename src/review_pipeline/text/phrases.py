"""Find many fixed phrases at once (Aho-Corasick, in C) in folded text.

For the context-rule checkers (ads, tone, engagement, tiers, attribution) whose phrases are
matched as written after folding. The sensitive checker has its own evasion-proof matcher.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

import ahocorasick

from review_pipeline.text.fold import fold

T = TypeVar("T")


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
        if grouped:
            self._automaton.make_automaton()

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
