"""jieba, loaded once per process and only when a checker first needs words."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

import jieba
import jieba.posseg

jieba.setLogLevel(logging.WARNING)  # jieba prints its dictionary loading otherwise


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """The shared jieba tokenizer, dictionary loaded on first use."""
    jieba.dt.initialize()
    return jieba.dt


@lru_cache(maxsize=1)
def pos_tokenizer() -> Any:
    """The shared part-of-speech tokenizer (jieba.posseg) over the same dictionary."""
    tokenizer()
    return jieba.posseg.dt


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each jieba word, covering `text` exactly."""
    return [(start, end) for _word, start, end in tokenizer().tokenize(text)]


def word_boundaries(text: str) -> frozenset[int]:
    """Offsets where a jieba word starts or ends (0 and len(text) included)."""
    spans = word_spans(text)
    return frozenset([s for s, _ in spans] + [e for _, e in spans] + [0, len(text)])


def pos_tags(text: str) -> list[tuple[str, str, int]]:
    """(word, flag, start offset) for each word, from jieba's POS tagger."""
    out, pos = [], 0
    for pair in pos_tokenizer().cut(text):
        out.append((pair.word, pair.flag, pos))
        pos += len(pair.word)
    return out
