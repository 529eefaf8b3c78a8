"""Aho-Corasick (pyahocorasick) over a small encoded alphabet, with exact original offsets.

Why an encoding: pyahocorasick finds a node's child by scanning its children one by one, and a
Chinese lexicon has thousands of distinct characters, so every text character that does not
continue a match scans thousands of root children. Here each character of the lexicon's
alphabet becomes TWO symbols (a "high" and a "low" digit, from disjoint ranges, so a match can
never start in the middle of a character); every other kept character becomes one fixed pair
("other"), and noise characters are deleted. No node then has more than about sqrt(alphabet)
children. Characters are numbered by how often they occur in the lexicon and terms are added
in encoded order, so the most common symbols sit first in every child list.

The text goes through numpy tables indexed by code point (fold + noise + encoding in one
gather), so the whole scan runs in C; the kept-position arrays are the offset map.

Before the automaton walks the text, a filter on arrays drops what no key can touch: every two
neighbouring characters of a key are one of the lexicon's bigrams, so a key of n characters
lies on a run of n - 1 bigrams of the lexicon in a row. Characters outside every run long
enough for the keys (and every short key's bigram) are cut, each gap left as one character no
key holds. The walk costs ~90 ns a character; on news prose the filter keeps about a tenth of
them at a few ns each, and the hits are the same (the same keys on the same characters).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain, pairwise
from typing import Any

import ahocorasick
import numpy as np

from review_pipeline.text.normalize import LIMIT, char_table, grapheme_starts

_HIGH, _LOW = 0x1000, 0x8000  # disjoint symbol ranges for the two digits of a character
_OTHER = 0x7000 | (0x7001 << 32)  # a kept character outside the alphabet (never matches)
_EMPTY = np.zeros(0, dtype=np.int64)


@dataclass(slots=True)  # not frozen: one is built per text, and frozen __init__ costs more
class Scan:
    """One scanned text: raw hits (numpy arrays) plus the maps from positions to original offsets.

    Positions `k` index the kept (and, when collapsing, run-collapsed) character sequence.
    """

    k_end: np.ndarray  # int64, exclusive end position of each hit
    payload: np.ndarray  # int64
    keep: np.ndarray | None  # kept index -> original offset (None: nothing was dropped)
    bounds: np.ndarray | None  # collapsed index -> kept index of the run's first character, + kept count
    kept_count: int
    codes: np.ndarray  # uint32 code point of every original character

    def locate(
        self, k_start: np.ndarray, k_end: np.ndarray, max_gap: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """Original (starts, ends) of the positions [k_start, k_end), and which hits keep within
        `max_gap` dropped characters in a row (None: all of them); vectorised, once per text.

        Dropped characters are counted as a reader sees them, by grapheme cluster: a ZWJ emoji
        sequence or a flag is one character however many code points it holds."""
        if self.bounds is None:
            p0, p1 = k_start, k_end - 1
        else:
            p0, p1 = self.bounds[k_start], self.bounds[k_end] - 1
        keep = self.keep
        if keep is None:
            return p0, p1 + 1, None
        starts, ends = keep[p0], keep[p1] + 1
        # A hit can hold a too-long run of dropped characters only if it dropped more than
        # max_gap in all; only such (rare) hits need the exact run check.
        suspect = ((ends - starts) - (p1 - p0) > max_gap + 1).nonzero()[0]
        if not len(suspect):
            return starts, ends, None
        clusters = np.concatenate(([0], np.cumsum(grapheme_starts(self.codes))))
        # clusters starting strictly between two kept characters (marks on a kept one count 0)
        wide = clusters[keep[1:]] - clusters[keep[:-1] + 1] > max_gap
        big = np.concatenate(([0], np.cumsum(wide)))
        ok = np.ones(len(p0), dtype=bool)
        ok[suspect] = big[p1[suspect]] <= big[p0[suspect]]
        return starts, ends, ok

    def run_lengths(self, k: np.ndarray) -> np.ndarray:
        """How many kept characters position(s) `k` stand for (`k` < number of positions)."""
        if self.bounds is None:
            return np.ones(k.shape, dtype=np.int64)
        return self.bounds[k + 1] - self.bounds[k]

    def all_run_lengths(self) -> np.ndarray:
        """How many kept characters each position stands for (all 1 without collapsing)."""
        if self.bounds is None:
            return np.ones(self.kept_count, dtype=np.int64)
        return np.diff(self.bounds)


class EncodedAutomaton:
    """Normalised keys -> int payloads; `scan(original_text)` finds every key, overlaps included.

    Keys must already be normalised (`text.normalize.normalize_term`, collapsed with
    `collapse_runs` when `collapse` is on); the text is normalised here, in the same way.
    """

    def __init__(
        self,
        keys: Mapping[str, int],
        *,
        enclosed: bool = False,
        collapse: bool = False,
        lookalikes: Mapping[int, str] | None = None,
    ) -> None:
        self.enclosed, self.collapse = enclosed, collapse
        # code point -> the Latin letter it imitates (Greek α, Cyrillic а): read as that letter
        self.lookalikes = dict(lookalikes or {})
        counts = Counter(ch for key in keys for ch in key)
        self.alphabet = "".join(ch for ch, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        if any(ord(ch) >= LIMIT for ch in self.alphabet):
            raise ValueError("keys must be normalised (a character beyond the table range)")
        self._low_size = max(1, math.ceil(math.sqrt(len(self.alphabet))))
        self._lut = self._build_lut()
        self._encoding = self._build_encoding()
        lengths: dict[int, int] = {}
        self._automaton = ahocorasick.Automaton()
        for encoded, key, payload in sorted((self.encode(k), k, p) for k, p in keys.items() if k):
            self._automaton.add_word(encoded, payload)
            lengths[payload] = len(key)
        self._size = len(lengths)
        self.lengths = np.zeros(max(lengths, default=-1) + 1, dtype=np.int64)  # payload -> key length
        for payload, size in lengths.items():
            self.lengths[payload] = size
        if self._size:
            self._automaton.make_automaton()
        self._filter = KeyFilter.build(list(keys), self.alphabet)

    def __len__(self) -> int:
        return self._size

    def _symbol(self, index: int) -> int:
        high, low = divmod(index, self._low_size)
        return (_HIGH + high) | ((_LOW + low) << 32)

    def _build_lut(self) -> np.ndarray:
        table = char_table(self.enclosed)
        by_char = np.full(LIMIT + 1, _OTHER, dtype=np.uint64)
        for i, ch in enumerate(self.alphabet):
            by_char[ord(ch)] = self._symbol(i)
        lut = by_char[table.folded]
        lut[table.noise] = 0
        # a lookalike is read as the letter it imitates, by code point: one character for one, so
        # the kept positions (the offset map) are unchanged and the scan costs nothing more
        for cp, letter in self.lookalikes.items():
            if cp < LIMIT and not table.noise[cp]:
                lut[cp] = by_char[table.folded[ord(letter)]]
        return lut

    def encode(self, key: str) -> str:
        """A normalised key in the automaton's alphabet."""
        return key.translate(self._encoding)

    def _build_encoding(self) -> dict[int, str]:
        """Char -> its two symbols, for str.translate (C speed on 100,000 keys)."""
        return {ord(ch): self._pair(i) for i, ch in enumerate(self.alphabet)}

    def _pair(self, index: int) -> str:
        symbol = self._symbol(index)
        return chr(symbol & 0xFFFFFFFF) + chr(symbol >> 32)

    def scan(self, text: str, barriers: np.ndarray | None = None) -> Scan:
        """Every key occurrence in the normalised `text`, with the maps back to `text`.

        `barriers`: offsets of characters that separate texts joined for one pass. They are
        marked by position, not by character, so no character of the input can act as one
        (and none can be mistaken for one): a barrier is kept and matches no key."""
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        syms = self._lut.take(codes, mode="clip")  # clip: code points >= LIMIT use the noise slot
        if barriers is not None and len(barriers):
            syms[barriers] = _OTHER
        kept = (syms != 0).nonzero()[0]  # (faster on a bool mask than on the uint64 symbols)
        kept_count = len(kept)
        keep: np.ndarray | None = None
        if kept_count != len(syms):
            keep, syms = kept, syms[kept]
        bounds: np.ndarray | None = None
        if self.collapse and kept_count > 1:
            # run starts: first kept index of every run, then kept_count (few numpy calls: they
            # cost more than the arithmetic on a short text)
            starts = np.empty(kept_count + 1, dtype=bool)
            starts[0] = starts[kept_count] = True
            np.not_equal(syms[1:], syms[:-1], out=starts[1:kept_count])
            runs = starts.nonzero()[0]
            if len(runs) <= kept_count:
                bounds = runs
                syms = syms[runs[:-1]]
        if not self._size or not len(syms):
            return Scan(_EMPTY, _EMPTY, keep, bounds, kept_count, codes)
        walked = self._filter.positions(self._indexes(syms)) if self._filter is not None else None
        if walked is not None:
            positions, cut = walked
            if not len(positions):
                return Scan(_EMPTY, _EMPTY, keep, bounds, kept_count, codes)
            syms = syms[positions]
            syms[cut] = _OTHER
        encoded = syms.tobytes().decode("utf-32-le")
        flat = np.fromiter(chain.from_iterable(self._automaton.iter(encoded)), dtype=np.int64)
        k_end = flat[0::2] >> 1  # two symbols a character; the hit ends on a character's last one
        if walked is not None:
            k_end = walked[0][k_end]  # back to positions of the whole text (a hit never spans a cut)
        k_end += 1
        return Scan(k_end, flat[1::2], keep, bounds, kept_count, codes)

    def _indexes(self, syms: np.ndarray) -> np.ndarray:
        """The alphabet index of each symbol pair; `len(alphabet)` for any other character."""
        high = (syms & 0xFFFFFFFF).astype(np.int64)
        high -= _HIGH
        index = high * self._low_size
        index += (syms >> 32).astype(np.int64)
        index -= _LOW
        size = len(self.alphabet)
        index[(high >= math.ceil(size / self._low_size)) | (index >= size)] = size
        return index

    # pickling (disk cache): the lookup tables are rebuilt from the alphabet, not stored
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["_lut"]
        del state["_encoding"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lut = self._build_lut()
        self._encoding = self._build_encoding()


LONG_KEY = 4  # keys of this many characters or more need a run of LONG_KEY - 1 lexicon bigrams
MAX_TABLE = 1 << 25  # bigram table entries ((alphabet + 1) squared) beyond which nothing is filtered


class KeyFilter:
    """The positions of a text the automaton must walk: those on a run of LONG_KEY - 1 lexicon
    bigrams in a row (a long key lies on one), on a bigram of a short key, or a key of one
    character. Filtering is exact: a key's characters all lie on such positions.

    The bigram table is a byte per pair of alphabet indexes (one more for "any other
    character"): bit 1 when the pair occurs in some key, bit 2 when it occurs in a short one.
    It is rebuilt from the sorted pair codes when loaded (a few MB never pickled)."""

    def __init__(self, size: int, pairs: np.ndarray, short_pairs: np.ndarray, singles: np.ndarray) -> None:
        self.size, self.pairs, self.short_pairs, self.singles = size, pairs, short_pairs, singles
        self._table = self._build_table()

    @classmethod
    def build(cls, keys: list[str], alphabet: str) -> KeyFilter | None:
        """The filter of normalised `keys` over `alphabet`, or None when it cannot pay (a one-letter
        alphabet, or one too large for the table)."""
        size = len(alphabet)
        if not keys or (size + 1) ** 2 > MAX_TABLE:
            return None
        index = {ch: i for i, ch in enumerate(alphabet)}
        pairs: set[int] = set()
        short: set[int] = set()
        singles = np.zeros(size + 1, dtype=bool)
        for key in keys:
            if len(key) == 1:
                singles[index[key]] = True
                continue
            codes = {index[a] * (size + 1) + index[b] for a, b in pairwise(key)}
            pairs |= codes
            if len(key) < LONG_KEY:
                short |= codes
        as_array = lambda values: np.array(sorted(values), dtype=np.int64)  # noqa: E731
        return cls(size, as_array(pairs), as_array(short), singles)

    def _build_table(self) -> np.ndarray:
        table = np.zeros((self.size + 1) ** 2, dtype=np.uint8)
        table[self.pairs] = 1
        table[self.short_pairs] |= 2
        return table

    def positions(self, index: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """(positions to walk, in order with one gap position kept after each run; the indexes in
        it of those gap positions), from the alphabet indexes of the text's characters; None when
        the walk of the whole text costs less than cutting it (nothing to cut)."""
        n = len(index)
        if n < 2:
            return None
        pair = index[:-1] * (self.size + 1)
        pair += index[1:]
        bits = self._table[pair]
        # runs of key bigrams in a row: edges of (bits & 1) padded with zeros
        edges = np.diff((bits & 1).astype(np.int8), prepend=np.int8(0), append=np.int8(0))
        run_starts = (edges == 1).nonzero()[0]
        run_ends = (edges == -1).nonzero()[0]  # exclusive, in bigram indexes
        long_enough = run_ends - run_starts >= LONG_KEY - 1
        # +1 where a stretch to walk starts, -1 after it ends (bigram i covers characters i, i + 1);
        # each index array below holds distinct positions, so plain fancy-index adds are exact
        mark = np.zeros(n + 2, dtype=np.int32)
        mark[run_starts[long_enough]] += 1
        mark[run_ends[long_enough] + 1] -= 1
        short = (bits & 2).nonzero()[0]
        mark[short] += 1
        mark[short + 2] -= 1
        walk = np.cumsum(mark[:n]) > 0
        if self.singles.any():
            walk |= self.singles[index]
        kept = walk.copy()
        kept[1:] |= walk[:-1]  # the first position after a run stays, as the cut between runs
        positions = kept.nonzero()[0]
        if len(positions) == n:
            return None
        return positions, (~walk[positions]).nonzero()[0]

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["_table"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._table = self._build_table()
