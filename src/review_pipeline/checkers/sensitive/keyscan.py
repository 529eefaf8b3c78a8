"""Every occurrence of a set of keys in a text, overlaps included, with exact original offsets,
found by hashing prefixes on numpy arrays (no per-character Python or automaton walk).

Why not an Aho-Corasick automaton: pyahocorasick walks the text one code unit at a time (~30 ns
each, and a Chinese lexicon needs two symbols per character to keep child lists short); every
deny list in this project is sparse in real text, so almost every walk step is wasted. Here:

1. the text goes through one table indexed by code point (fold + noise + alphabet in one
   gather): noise characters are dropped, every other character becomes its index in the keys'
   alphabet (1..A) or OTHER (A+1, in no key); repeated characters may be collapsed;
2. the hash of every two-character window (`h = s[i] * BASE + s[i+1]`, mod 2^64) is looked up in
   a bit table of the hashes of every key prefix: only the positions where a key may start
   survive (a few percent of a news text);
3. the survivors are extended one character at a time (`h = h * BASE + s[i+L]`), dropping those
   whose prefix is in no key; a window whose hash is a key's is checked symbol by symbol, so a
   hash collision can cost time but never a wrong or a missed hit (the keys' own hashes are made
   distinct at build time by the choice of BASE).

Each step is a handful of numpy calls over the surviving positions; the kept-position arrays are
the offset map, as before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from review_pipeline.text.normalize import LIMIT, char_table, grapheme_starts

# odd 64-bit multipliers (golden ratio and the murmur/xxhash constants): the first under which
# the keys' full hashes are all distinct is used
_BASES = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53)
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


class KeyScanner:
    """Normalised keys -> int payloads; `scan(original_text)` finds every key, overlaps included.

    Keys must already be normalised (`text.normalize.normalize_term`, collapsed with
    `collapse_runs` when `collapse` is on); the text is normalised here, in the same way.
    Only the keys (as a symbol matrix) are pickled; the tables are rebuilt on load.
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
        self.alphabet = "".join(sorted(counts))
        if any(ord(ch) >= LIMIT for ch in self.alphabet):
            raise ValueError("keys must be normalised (a character beyond the table range)")
        index = {ch: i + 1 for i, ch in enumerate(self.alphabet)}  # 0: dropped, A + 1: OTHER
        items = sorted((key, payload) for key, payload in keys.items() if key)
        # the keys' symbols, one after another; row r is key_symbols[key_offsets[r]:][:key_lengths[r]]
        self.key_symbols = np.fromiter((index[ch] for key, _ in items for ch in key), dtype=np.int32)
        self.key_lengths = np.fromiter((len(k) for k, _ in items), dtype=np.int64, count=len(items))
        self.key_offsets = np.cumsum(self.key_lengths) - self.key_lengths
        self.key_payloads = np.fromiter((p for _, p in items), dtype=np.int64, count=len(items))
        self.lengths = np.zeros(max((p for _, p in items), default=-1) + 1, dtype=np.int64)  # payload -> key length
        self.lengths[self.key_payloads] = self.key_lengths
        self._build_tables()

    def __len__(self) -> int:
        return len(self.key_payloads)

    # --- tables (rebuilt on unpickling) -------------------------------------------------------------

    def _build_tables(self) -> None:
        other = len(self.alphabet) + 1
        self._lut = self._build_lut(other)
        self._single = np.full(other + 1, -1, dtype=np.int64)  # symbol -> payload of that 1-character key
        ones = (self.key_lengths == 1).nonzero()[0]
        self._single[self.key_symbols[self.key_offsets[ones]]] = self.key_payloads[ones]
        self._has_single = bool(len(ones))
        self._width = int(self.key_lengths.max(initial=0))
        self._base = np.uint64(_BASES[0])
        prefixes: list[np.ndarray] = []
        for base in _BASES:
            self._base = np.uint64(base)
            prefixes, full = self._prefix_hashes()
            if len(np.unique(full)) == len(full):
                break
        else:  # pragma: no cover - five 64-bit bases all colliding on a key set: never observed
            raise RuntimeError("could not find a hash base without collisions among the keys")
        count = sum(len(p) for p in prefixes)
        bits = min(24, max(16, int(count).bit_length() + 4))  # ~1/16 of the table set: few false candidates
        self._mask = np.uint64((1 << bits) - 1)
        self._mask32 = np.uint32((1 << bits) - 1)
        self._base32 = np.uint32(int(self._base) & 0xFFFFFFFF)
        self._prefix = np.zeros(1 << bits, dtype=bool)
        for hashes in prefixes:
            self._prefix[(hashes & self._mask).view(np.int64)] = True
        order = np.argsort(full, kind="stable")
        self._key_hash, self._key_row = full[order], order
        self._is_key = np.zeros(1 << bits, dtype=bool)
        self._is_key[(full & self._mask).view(np.int64)] = True

    def _prefix_hashes(self) -> tuple[list[np.ndarray], np.ndarray]:
        """Hashes of every key prefix of two characters or more (per length), and of every key."""
        full = np.zeros(len(self.key_lengths), dtype=np.uint64)
        prefixes: list[np.ndarray] = []
        h = self.key_symbols[self.key_offsets].astype(np.uint64) if len(full) else full
        full[:] = h
        for length in range(2, self._width + 1):
            rows = (self.key_lengths >= length).nonzero()[0]
            h[rows] = h[rows] * self._base + self.key_symbols[self.key_offsets[rows] + length - 1].astype(np.uint64)
            prefixes.append(h[rows])
            ends_here = rows[self.key_lengths[rows] == length]
            full[ends_here] = h[ends_here]
        return prefixes, full

    def _build_lut(self, other: int) -> np.ndarray:
        table = char_table(self.enclosed)
        by_char = np.full(LIMIT + 1, other, dtype=np.int32)
        for i, ch in enumerate(self.alphabet):
            by_char[ord(ch)] = i + 1
        lut = by_char[table.folded]
        lut[table.noise] = 0
        # a lookalike is read as the letter it imitates, by code point: one character for one, so
        # the kept positions (the offset map) are unchanged and the scan costs nothing more
        for cp, letter in self.lookalikes.items():
            if cp < LIMIT and not table.noise[cp]:
                lut[cp] = by_char[table.folded[ord(letter)]]
        return lut

    # --- scanning -----------------------------------------------------------------------------------

    def scan(self, text: str, barriers: np.ndarray | None = None) -> Scan:
        """Every key occurrence in the normalised `text`, with the maps back to `text`.

        `barriers`: offsets of characters that separate texts joined for one pass. They are
        marked by position, not by character, so no character of the input can act as one
        (and none can be mistaken for one): a barrier is kept and matches no key."""
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        syms = self._lut.take(codes, mode="clip")  # clip: code points >= LIMIT use the noise slot
        if barriers is not None and len(barriers):
            syms[barriers] = len(self.alphabet) + 1
        kept = syms.nonzero()[0]
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
        if not len(self) or not len(syms):
            return Scan(_EMPTY, _EMPTY, keep, bounds, kept_count, codes)
        k_end, payload = self._hits(syms)
        return Scan(k_end, payload, keep, bounds, kept_count, codes)

    def _hits(self, syms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(end position, payload) of every key in the symbol sequence, by end, longest first."""
        ends: list[np.ndarray] = []
        payloads: list[np.ndarray] = []
        lengths: list[np.ndarray] = []
        if self._has_single:
            found = self._single.take(syms)
            at = (found >= 0).nonzero()[0]
            ends.append(at + 1)
            payloads.append(found[at])
            lengths.append(np.ones(len(at), dtype=np.int64))
        size = len(syms)
        if self._width >= 2 and size >= 2:
            # the table index is the low bits of the hash, which 32-bit arithmetic gives as well
            # (both wrap): the pass over every position runs on half the bytes
            s32 = syms.view(np.uint32)
            low = s32[:-1] * self._base32
            low += s32[1:]
            low &= self._mask32
            starts = self._prefix.take(low.view(np.int32)).nonzero()[0]
            s = syms  # survivors are extended in 64 bits
            h = s[starts].astype(np.uint64) * self._base + s[starts + 1].astype(np.uint64)
            length = 2
            while len(starts):
                self._keys_at(syms, starts, h, length, ends, payloads, lengths)
                if length == self._width:
                    break
                inside = starts + length < size
                if not inside.all():
                    starts, h = starts[inside], h[inside]
                h = h * self._base + s[starts + length].astype(np.uint64)
                length += 1
                alive = self._prefix.take((h & self._mask).view(np.int64)).nonzero()[0]
                starts, h = starts[alive], h[alive]
        if not ends:
            return _EMPTY, _EMPTY
        k_end = np.concatenate(ends)
        payload = np.concatenate(payloads)
        if len(ends) > 1:  # the order of an Aho-Corasick walk: by end, longest key first
            order = np.lexsort((-np.concatenate(lengths), k_end))
            k_end, payload = k_end[order], payload[order]
        return k_end, payload

    def _keys_at(
        self,
        syms: np.ndarray,
        starts: np.ndarray,
        h: np.ndarray,
        length: int,
        ends: list[np.ndarray],
        payloads: list[np.ndarray],
        lengths: list[np.ndarray],
    ) -> None:
        """Append the windows [start, start + length) that are keys (checked symbol by symbol)."""
        maybe = self._is_key.take((h & self._mask).view(np.int64)).nonzero()[0]
        if not len(maybe):
            return
        wanted = h[maybe]
        j = np.minimum(np.searchsorted(self._key_hash, wanted), len(self._key_hash) - 1)
        same = (self._key_hash[j] == wanted).nonzero()[0]
        if not len(same):
            return
        rows = self._key_row[j[same]]
        at = starts[maybe[same]]
        steps = np.arange(length)
        sized = rows[self.key_lengths[rows] == length]  # (a key of another length: a collision)
        at = at[self.key_lengths[rows] == length]
        exact = (syms[at[:, None] + steps] == self.key_symbols[self.key_offsets[sized][:, None] + steps]).all(axis=1)
        exact = exact.nonzero()[0]
        rows = sized
        ends.append(at[exact] + length)
        payloads.append(self.key_payloads[rows[exact]])
        lengths.append(np.full(len(exact), length, dtype=np.int64))

    # pickling (disk cache): the tables are rebuilt from the alphabet and the keys, not stored
    def __getstate__(self) -> dict[str, Any]:
        keep = ("enclosed", "collapse", "lookalikes", "alphabet", "key_symbols", "key_lengths", "key_offsets", "key_payloads", "lengths")
        return {name: self.__dict__[name] for name in keep}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._build_tables()
