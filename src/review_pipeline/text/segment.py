"""jieba, imported and loaded once per process, only when a checker first needs words.

jieba is imported inside the functions: `import jieba.posseg` alone costs ~0.4 s, which a
short post that never asks about words must not pay (the CLI's cold start).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any


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


@lru_cache(maxsize=1)
def _dictionary_tables() -> tuple[dict[str, int], dict[str, str]]:
    """jieba's dictionary as two tables, word -> frequency and word -> part-of-speech tag, read
    from its dictionary file once and then kept in the signed table cache. A look-up needs no
    `jieba.dt.initialize()` (loading its 9 MB prefix cache costs ~1 s) and no `jieba.posseg`
    (its HMM tables cost ~0.6 s)."""
    import os

    import jieba

    from review_pipeline.text.diskcache import cached

    dt = jieba.dt
    source = "default" if dt.dictionary is None else str(dt.dictionary)
    stamp = ""
    if dt.dictionary is not None:
        info = os.stat(dt.dictionary)
        stamp = f"{info.st_size}:{info.st_mtime_ns}"

    def build() -> tuple[dict[str, int], dict[str, str]]:
        freqs: dict[str, int] = {}
        tags: dict[str, str] = {}
        with dt.get_dict_file() as fh:  # the lines jieba.Tokenizer.gen_pfdict and posseg read
            for raw in fh:
                parts = raw.decode("utf-8").strip().split(" ")
                if len(parts) >= 2:
                    freqs[parts[0]] = int(parts[1])
                if len(parts) >= 3:
                    tags[parts[0].strip()] = parts[2].strip()
        return freqs, tags

    return cached("jieba-dictionary", f"jieba={jieba.__version__};dict={source};{stamp}", build)


def word_freqs() -> dict[str, int]:
    """jieba's dictionary: word -> frequency (what `jieba.dt.FREQ` holds for whole words)."""
    return _dictionary_tables()[0]


def word_tags() -> dict[str, str]:
    """jieba's dictionary: word -> part-of-speech tag (the table `jieba.posseg` reads)."""
    return _dictionary_tables()[1]


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
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._runs: dict[int, frozenset[int]] = {}

    def __contains__(self, pos: object) -> bool:
        text = self.text
        if not isinstance(pos, int) or pos <= 0 or pos >= len(text):
            return isinstance(pos, int) and 0 <= pos <= len(text)
        if not (_in_run(text[pos - 1]) and _in_run(text[pos])):
            return True
        start = pos - 1
        while start > 0 and _in_run(text[start - 1]):
            start -= 1
        words = self._runs.get(start)
        if words is None:
            match = _RUN.match(text, start)
            end = match.end() if match else pos
            words = self._runs[start] = frozenset(start + e for _, e in word_spans(text[start:end]))
        return pos in words


def pos_tags(text: str) -> list[tuple[str, str, int]]:
    """(word, flag, start offset) for each word, from jieba's POS tagger."""
    out, pos = [], 0
    for pair in pos_tokenizer().cut(text):
        out.append((pair.word, pair.flag, pos))
        pos += len(pair.word)
    return out
