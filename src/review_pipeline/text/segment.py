"""jieba, imported and loaded once per process, only when a checker first needs words.

jieba is imported inside the functions: `import jieba.posseg` alone costs ~0.4 s, which a
short post that never asks about words must not pay (the CLI's cold start).
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any, TypeVar

V = TypeVar("V")


@lru_cache(maxsize=1)
def tokenizer() -> Any:
    """The shared jieba tokenizer (a `jieba.Tokenizer`), dictionary loaded on first use."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba prints its dictionary loading otherwise
    jieba.dt.initialize()
    return jieba.dt


@lru_cache(maxsize=1)
def pos_tokenizer() -> Any:
    """The shared part-of-speech tokenizer (jieba.posseg) over the same dictionary."""
    tokenizer()
    import jieba.posseg

    return jieba.posseg.dt


SHARDS = 64  # a word's table shard: its first character's code point modulo SHARDS


def _dictionary_source() -> tuple[str, str | None]:
    """(cache key, dictionary file) of the dictionary jieba would load. jieba is not imported for
    this when nothing imported it yet (its import pulls in pkg_resources: ~0.3 s of a cold start);
    then it can only be using its packaged default dictionary."""
    import os
    import sys

    jieba = sys.modules.get("jieba")
    if jieba is not None and jieba.dt.dictionary is not None:
        info = os.stat(jieba.dt.dictionary)
        custom = str(jieba.dt.dictionary)
        return f"jieba={jieba.__version__};dict={custom};{info.st_size}:{info.st_mtime_ns}", custom
    from importlib.metadata import version

    return f"jieba={version('jieba')};dict=default;", None


@lru_cache(maxsize=1)
def _dictionary_shards_built() -> list[tuple[dict[str, int], dict[str, str]]]:
    """Every shard of jieba's dictionary file: (word -> frequency, word -> part-of-speech tag),
    the lines jieba.Tokenizer.gen_pfdict and jieba.posseg read."""
    import importlib.util
    import os

    _key, custom = _dictionary_source()
    if custom is None:
        spec = importlib.util.find_spec("jieba")
        assert spec is not None and spec.submodule_search_locations, "jieba is a core dependency"
        custom = os.path.join(next(iter(spec.submodule_search_locations)), "dict.txt")
    shards: list[tuple[dict[str, int], dict[str, str]]] = [({}, {}) for _ in range(SHARDS)]
    with open(custom, "rb") as fh:
        for raw in fh:
            parts = raw.decode("utf-8").strip().split(" ")
            if not parts[0]:
                continue
            freqs, tags = shards[ord(parts[0][0]) % SHARDS]
            if len(parts) >= 2:
                freqs[parts[0]] = int(parts[1])
            if len(parts) >= 3:
                tags[parts[0].strip()] = parts[2].strip()
    return shards


class _DictionaryShards:
    """jieba's dictionary split by first character, each shard read from the signed table cache
    when a look-up first needs it: a short post asks about a handful of words and loads a few
    small shards (milliseconds) instead of the whole 350k-word table (~0.3 s of a cold start).
    Once every shard is in (a long batch, or `load_started_tables` before a fork), they are
    merged into one dict per column and each table's `get` becomes that dict's own, so a batch
    pays nothing per look-up for the sharding."""

    def __init__(self) -> None:
        self._shards: list[tuple[dict[str, int], dict[str, str]] | None] = [None] * SHARDS
        self._missing = SHARDS
        self._key: str | None = None
        self.merged: tuple[dict[str, int], dict[str, str]] | None = None
        self.tables: list[WordTable[Any]] = []

    def column(self, word: str, column: int) -> dict[str, Any]:
        """The dict holding `word` (a non-empty string) in `column` (0 frequencies, 1 tags)."""
        if self.merged is not None:
            return self.merged[column]
        index = ord(word[0]) % SHARDS
        loaded = self._shards[index] or self._load(index)
        return loaded[column]

    def _load(self, index: int) -> tuple[dict[str, int], dict[str, str]]:
        from review_pipeline.text.diskcache import cached

        if self._key is None:
            self._key = _dictionary_source()[0]
        loaded = cached(f"jieba-dictionary-{index}", self._key, lambda: _dictionary_shards_built()[index])
        self._shards[index] = loaded
        self._missing -= 1
        if not self._missing:
            self._merge()
        return loaded

    def _merge(self) -> None:
        freqs: dict[str, int] = {}
        tags: dict[str, str] = {}
        for shard in self._shards:
            assert shard is not None
            freqs.update(shard[0])
            tags.update(shard[1])
        self.merged = (freqs, tags)
        self._shards = [None] * SHARDS  # the merged dicts hold everything now
        for table in self.tables:
            table.get = self.merged[table.column_index].get  # type: ignore[method-assign,assignment]

    def load_all(self) -> tuple[dict[str, int], dict[str, str]]:
        for index in range(SHARDS):
            if self.merged is None and self._shards[index] is None:
                self._load(index)
        assert self.merged is not None
        return self.merged


class WordTable(Mapping[str, V]):
    """One column of jieba's dictionary (frequencies or tags) as a read-only mapping whose shards
    load on first use. `get` is the fast path the name finders call."""

    def __init__(self, shards: _DictionaryShards, column: int) -> None:
        self._shards = shards
        self.column_index = column
        shards.tables.append(self)
        if shards.merged is not None:
            self.get = shards.merged[column].get  # type: ignore[method-assign,assignment]

    def get(self, word: str, default: Any = None) -> Any:
        return self._shards.column(word, self.column_index).get(word, default) if word else default

    def __getitem__(self, word: str) -> V:
        if not word:
            raise KeyError(word)
        value: V = self._shards.column(word, self.column_index)[word]
        return value

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(word) and word in self._shards.column(word, self.column_index)

    def __iter__(self) -> Iterator[str]:
        return iter(self._shards.load_all()[self.column_index])

    def __len__(self) -> int:
        return len(self._shards.load_all()[self.column_index])


@lru_cache(maxsize=1)
def _dictionary() -> _DictionaryShards:
    return _DictionaryShards()


@lru_cache(maxsize=1)
def word_freqs() -> WordTable[int]:
    """jieba's dictionary: word -> frequency (what `jieba.dt.FREQ` holds for whole words)."""
    return WordTable(_dictionary(), 0)


@lru_cache(maxsize=1)
def word_tags() -> WordTable[str]:
    """jieba's dictionary: word -> part-of-speech tag (the table `jieba.posseg` reads)."""
    return WordTable(_dictionary(), 1)


def load_started_tables() -> None:
    """Load in full the dictionary tables a review has begun to use: a process about to fork
    workers (scan, the service) loads them once and shares the pages, instead of each worker
    loading shards as its texts ask. Tables nobody used stay unloaded."""
    if _dictionary.cache_info().currsize:
        _dictionary().load_all()


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each jieba word, covering `text` exactly."""
    return [(start, end) for _word, start, end in tokenizer().tokenize(text)]


def word_boundaries(text: str) -> frozenset[int]:
    """Offsets where a jieba word starts or ends (0 and len(text) included)."""
    spans = word_spans(text)
    return frozenset([s for s, _ in spans] + [e for _, e in spans] + [0, len(text)])


# jieba cuts each run of these characters on its own (jieba.re_han_default), so segmenting one
# run gives exactly the boundaries that segmenting the whole text would give inside it.
_RUN = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&._%\\-]+")


def _in_run(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fd5" or (ch.isascii() and (ch.isalnum() or ch in "+#&._%-"))


class WordBoundaries:
    """`pos in WordBoundaries(text)`: whether a jieba word starts or ends at `pos`.

    Same answers as `word_boundaries(text)`, but only the run of text around a queried offset is
    segmented (once), so a checker that asks about a few places never pays for the whole post.
    The runs' limits are found once for the text (a regular expression, read in C) and looked
    up by bisection: walking back to a run's start per query made a long run quadratic (a
    one-line field of 90,000 characters without punctuation took minutes).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._runs: dict[int, frozenset[int]] = {}
        self._starts: list[int] | None = None
        self._ends: list[int] = []

    def _run_around(self, pos: int) -> tuple[int, int]:
        """(start, end) of the run holding text[pos - 1] and text[pos], both run characters."""
        if self._starts is None:
            found = [(m.start(), m.end()) for m in _RUN.finditer(self.text)]
            self._starts = [s for s, _ in found]
            self._ends = [e for _, e in found]
        k = bisect_right(self._starts, pos - 1) - 1
        return self._starts[k], self._ends[k]

    def __contains__(self, pos: object) -> bool:
        text = self.text
        if not isinstance(pos, int) or pos <= 0 or pos >= len(text):
            return isinstance(pos, int) and 0 <= pos <= len(text)
        if not (_in_run(text[pos - 1]) and _in_run(text[pos])):
            return True
        start, end = self._run_around(pos)
        words = self._runs.get(start)
        if words is None:
            words = self._runs[start] = frozenset(start + e for _, e in word_spans(text[start:end]))
        return pos in words


def pos_tags(text: str) -> list[tuple[str, str, int]]:
    """(word, flag, start offset) for each word, from jieba's POS tagger."""
    out, pos = [], 0
    for pair in pos_tokenizer().cut(text):
        out.append((pair.word, pair.flag, pos))
        pos += len(pair.word)
    return out
