"""The compiled sensitive-word matcher: one automaton over deny + allow keys, hit rules on arrays.

Matching (see `automaton`): width, case, traditional characters and noise characters
between the characters of a term (up to `max_gap` in a row) are normalised away; Latin-letter
ends of a term must not touch other Latin letters; optional variants fold repeated
characters, enclosed digits/letters, letters of other scripts that imitate Latin ones (αv, а片),
and pinyin spellings of Chinese terms.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import NamedTuple, overload

import numpy as np

from review_pipeline.checkers.sensitive.automaton import EncodedAutomaton, Scan
from review_pipeline.checkers.sensitive.entries import (
    AllowEntry,
    Entry,
    homophone_variants,
    is_latin_letter,
    pinyin_variants,
)
from review_pipeline.text.fold import fold
from review_pipeline.text.normalize import char_table, collapse_runs

_NONE = np.zeros(0, dtype=np.int64)
JOINT = "\n"  # the barrier between joined texts is set by position; a line break keeps lines apart
BATCH_CHARS = 1 << 19  # characters matched in one pass (numpy arrays of a few MB)


def batches(texts: Iterable[str], batch_chars: int = BATCH_CHARS) -> Iterator[list[str]]:
    """The texts in runs of about `batch_chars` characters (joints included), in order."""
    batch: list[str] = []
    size = 0
    for text in texts:
        batch.append(text)
        size += len(text) + 1
        if size >= batch_chars:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch



class Match(NamedTuple):
    """A deny hit in the original text."""

    start: int
    end: int
    entry: Entry


_new_tuple = tuple.__new__  # `Match` from a (start, end, entry) row without a Python-level call


class Matches(Sequence[Match]):
    """The deny hits of one text, held as arrays; `Match` tuples are built only when read.

    Real text has a raw hit every few dozen characters; building (and garbage-collecting) a
    tuple per hit inside `find` cost more than the scan itself. Reading (iterating, indexing)
    builds them in C; `starts`/`ends` serve callers that only need offsets or counts.
    """

    __slots__ = ("_entries", "ends", "ids", "starts")

    def __init__(self, starts: np.ndarray, ends: np.ndarray, ids: np.ndarray, entries: np.ndarray) -> None:
        self.starts, self.ends = starts, ends  # original offsets, sorted by (start, end, lexicon, line)
        self.ids, self._entries = ids, entries  # hit -> index into the object array `entries`

    def __len__(self) -> int:
        return len(self.starts)

    def entries(self) -> np.ndarray:
        """The entry of every hit (an object array, in hit order)."""
        return self._entries[self.ids]

    def __iter__(self) -> Iterator[Match]:
        rows = zip(self.starts.tolist(), self.ends.tolist(), self._entries[self.ids].tolist(), strict=True)
        return map(_new_tuple, repeat(Match), rows)

    @overload
    def __getitem__(self, index: int) -> Match: ...
    @overload
    def __getitem__(self, index: slice) -> list[Match]: ...
    def __getitem__(self, index: int | slice) -> Match | list[Match]:
        if isinstance(index, slice):
            return list(self)[index]
        return Match(int(self.starts[index]), int(self.ends[index]), self._entries[self.ids[index]])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # compares by content, like list

    def __repr__(self) -> str:
        return f"Matches({list(self)!r})"


@dataclass
class HitTables:
    """Per payload and per entry arrays the matcher applies to hits (built once, pickled with
    the lexicon so that loading needs no Python loop over 100,000 entries)."""

    count: np.ndarray  # payload -> number of deny entries on its key
    first: np.ndarray  # payload -> index of its first entry id in `ids`
    ids: np.ndarray  # entry ids, grouped by payload
    allow: np.ndarray  # payload -> is an allow phrase (bool)
    entry_of: np.ndarray  # payload -> its one entry when no per-hit rule applies, else -1
    latin_start: np.ndarray  # entry -> its first character is a Latin letter (bool)
    latin_end: np.ndarray  # entry -> its last character is a Latin letter (bool)
    word: np.ndarray  # entry -> boundary=word (bool)
    runs_row: np.ndarray  # entry -> row in `runs_need`, -1 when it has no repeated characters
    runs_need: np.ndarray  # (rows, width): repeat count needed at each key position, 0 = any
    rank: np.ndarray  # entry -> rank of its (lexicon, line), the tie-break of the output order


@dataclass
class CompiledLexicon:
    """Everything built from the word lists: entries, the automaton and the hit tables."""

    entries: list[Entry]
    allow: list[AllowEntry]
    automaton: EncodedAutomaton
    tables: HitTables


def compile_lexicon(
    deny: list[Entry],
    allow: list[AllowEntry],
    *,
    enclosed: bool,
    collapse: bool,
    pinyin: bool,
    mixed_pinyin: bool = False,
    lookalikes: dict[int, str] | None = None,
    homophones: frozenset[str] = frozenset(),
) -> CompiledLexicon:
    """Build the automaton for deny + allow entries (a key may carry several entries);
    `lookalikes`: letters of other scripts the text is read with as the Latin ones they imitate;
    `homophones`: categories whose long terms are also matched with one character swapped for a
    common character of the same reading."""
    entries = [e for e in deny if e.key]
    variants = homophone_variants(entries, homophones) if homophones else []
    if pinyin or mixed_pinyin:
        entries += pinyin_variants(entries, full=pinyin, mixed=mixed_pinyin)
    entries += variants
    by_key: dict[str, list[int]] = {}
    runs: list[tuple[int, ...] | None] = []
    for i, e in enumerate(entries):
        key, lengths = collapse_runs(e.key) if collapse else (e.key, ())
        runs.append(lengths if any(n > 1 for n in lengths) else None)
        by_key.setdefault(key, []).append(i)
    allow_keys = {collapse_runs(a.key)[0] if collapse else a.key for a in allow if a.key}
    targets: list[tuple[list[int], bool]] = []
    payloads: dict[str, int] = {}
    for key, ids in by_key.items():
        payloads[key] = len(targets)
        targets.append((ids, False))
    for key in sorted(allow_keys):
        if key in payloads:  # the same phrase is denied and allowed: allow wins, as lint reports
            targets[payloads[key]] = (targets[payloads[key]][0], True)
        else:
            payloads[key] = len(targets)
            targets.append(([], True))
    automaton = EncodedAutomaton(payloads, enclosed=enclosed, collapse=collapse, lookalikes=lookalikes)
    return CompiledLexicon(entries, allow, automaton, _hit_tables(entries, targets, runs))


def _hit_tables(entries: list[Entry], targets: list[tuple[list[int], bool]], runs: list[tuple[int, ...] | None]) -> HitTables:
    count = np.array([len(ids) for ids, _ in targets], dtype=np.int64)
    latin_start = np.array([is_latin_letter(e.key[0]) for e in entries], dtype=bool)
    latin_end = np.array([is_latin_letter(e.key[-1]) for e in entries], dtype=bool)
    word = np.array([e.boundary == "word" for e in entries], dtype=bool)
    is_allow = np.array([a for _, a in targets], dtype=bool)
    single = np.array([ids[0] if len(ids) == 1 else -1 for ids, _ in targets], dtype=np.int64)
    plain = (single >= 0) & ~is_allow
    plain[plain] = ~(latin_start | latin_end | word)[single[plain]]
    wanted = {e: r for e, r in enumerate(runs) if r is not None}
    width = max((i + 1 for r in wanted.values() for i, n in enumerate(r) if n > 1), default=0)
    runs_row = np.full(len(entries), -1, dtype=np.int64)
    runs_need = np.zeros((len(wanted), width), dtype=np.int64)
    for row, (e, r) in enumerate(wanted.items()):
        runs_row[e] = row
        runs_need[row, : len(r)] = [n if n > 1 else 0 for n in r][:width]
    order = {key: i for i, key in enumerate(sorted({(e.lexicon, e.line) for e in entries}))}
    return HitTables(
        count=count,
        first=np.cumsum(count) - count,
        ids=np.array([i for ids, _ in targets for i in ids], dtype=np.int64),
        allow=is_allow,
        entry_of=np.where(plain, single, -1),
        latin_start=latin_start,
        latin_end=latin_end,
        word=word,
        runs_row=runs_row,
        runs_need=runs_need,
        rank=np.array([order[(e.lexicon, e.line)] for e in entries], dtype=np.int64),
    )


class SensitiveMatcher:
    """A compiled lexicon plus the run-time rules (gap, boundaries, allow, overlaps).

    Every rule runs on numpy arrays of hits, once per text: gap, repeat counts, Latin word
    edges, several entries sharing a key, allow phrases and longest-only. Only entries marked
    `boundary=word` need Python per hit (a jieba segmentation near the hit).
    """

    def __init__(self, compiled: CompiledLexicon, *, max_gap: int = 3, overlaps: str = "all") -> None:
        self.compiled = compiled
        self.max_gap = max_gap
        self.longest_only = overlaps == "longest"
        t = compiled.tables
        self._lengths = compiled.automaton.lengths
        self._count, self._first, self._ids, self._allow = t.count, t.first, t.ids, t.allow
        self._entry_of, self._rank = t.entry_of, t.rank
        self._latin_start, self._latin_end, self._word = t.latin_start, t.latin_end, t.word
        self._runs_row, self._runs_need = t.runs_row, t.runs_need
        self._steps = np.arange(t.runs_need.shape[1], dtype=np.int64)
        # Entries as an object array: one gather per text builds a result's entry column.
        self._entries = np.fromiter(compiled.entries, dtype=object, count=len(compiled.entries))

    def find(self, text: str, barriers: np.ndarray | None = None) -> Matches:
        """Every deny hit in `text` (original offsets), sorted by (start, end, lexicon, line);
        no hit spans one of the `barriers` (offsets, see `EncodedAutomaton.scan`)."""
        scan = self.compiled.automaton.scan(text, barriers)
        payload = scan.payload
        if not len(payload):
            return Matches(_NONE, _NONE, _NONE, self._entries)
        k_start = scan.k_end - self._lengths[payload]
        starts, ends, ok = scan.locate(k_start, scan.k_end, self.max_gap)
        entry_of = self._entry_of[payload]
        if entry_of.min() < 0:
            return self._find_general(text, scan, k_start, starts, ends, ok)
        if len(self._runs_need):
            ok = self._check_runs(scan, k_start, self._runs_row[entry_of], ok)
        if ok is not None:
            kept = ok.nonzero()[0]
            starts, ends, entry_of = starts[kept], ends[kept], entry_of[kept]
        return self._matches(len(text), starts, ends, entry_of)

    def find_many(self, texts: Iterable[str], *, batch_chars: int = BATCH_CHARS) -> list[Matches]:
        """`[self.find(t) for t in texts]`, in far fewer numpy calls: texts are joined (with a
        barrier, by position, between them) into batches of about `batch_chars`, matched in one pass."""
        out: list[Matches] = []
        for batch in batches(texts, batch_chars):
            if len(batch) == 1:
                out.append(self.find(batch[0]))
                continue
            found, offsets = self.find_joined(batch)
            cuts = [*np.searchsorted(found.starts, offsets).tolist(), len(found)]
            starts, ends, ids = found.starts, found.ends, found.ids
            out += [
                Matches(starts[a:b] - off, ends[a:b] - off, ids[a:b], self._entries)
                for a, b, off in zip(cuts[:-1], cuts[1:], offsets.tolist(), strict=True)
            ]
        return out

    def find_joined(self, texts: Sequence[str]) -> tuple[Matches, np.ndarray]:
        """The hits of all `texts` in one pass over them joined with a line break between each two
        (`JOINT`), in offsets of that joined text, and where each text starts in it. The joint is
        a barrier, marked by position: no hit spans two texts."""
        sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
        offsets = np.cumsum(sizes) - sizes
        return self.find(JOINT.join(texts), barriers=offsets[1:] - 1), offsets

    def _find_general(
        self, text: str, scan: Scan, k_start: np.ndarray, starts: np.ndarray, ends: np.ndarray, ok: np.ndarray | None
    ) -> Matches:
        """Hits of keys with several entries, Latin edges, word boundaries or allow phrases:
        one row per (hit, entry), each rule a mask over the rows."""
        payload = scan.payload
        count = self._count[payload]
        rows = np.repeat(np.arange(len(payload)), count)
        within = np.arange(len(rows)) - np.repeat(np.cumsum(count) - count, count)
        ent = self._ids[np.repeat(self._first[payload], count) + within]
        r_starts, r_ends = starts[rows], ends[rows]
        good = ok[rows] if ok is not None else np.ones(len(rows), dtype=bool)
        if len(self._runs_need):
            self._check_runs(scan, k_start[rows], self._runs_row[ent], good)  # clears `good` in place
        good &= self._latin_edges_ok(scan.codes, r_starts, r_ends, ent)
        word = (self._word[ent] & good).nonzero()[0]
        if len(word):
            good[word] = _on_word_boundaries(text, r_starts[word], r_ends[word])
        allowed = self._allow[payload] if ok is None else self._allow[payload] & ok
        for a, b in zip(starts[allowed].tolist(), ends[allowed].tolist(), strict=True):
            good &= (r_starts < a) | (r_ends > b)
        kept = good.nonzero()[0]
        return self._matches(len(text), r_starts[kept], r_ends[kept], ent[kept])

    def _matches(self, size: int, starts: np.ndarray, ends: np.ndarray, entry_ids: np.ndarray) -> Matches:
        if self.longest_only and len(starts) > 1:
            kept = _longest_only(starts, ends)
            starts, ends, entry_ids = starts[kept], ends[kept], entry_ids[kept]
        order = self._order(size, starts, ends, entry_ids)
        return Matches(starts[order], ends[order], entry_ids[order], self._entries)

    def _order(self, size: int, starts: np.ndarray, ends: np.ndarray, entry_ids: np.ndarray) -> np.ndarray:
        """Stable order by (start, end, lexicon, line): one packed int64 key when it fits."""
        rank = self._rank[entry_ids]
        if size < 1 << 21 and len(self._rank) < 1 << 20:
            return np.argsort((((starts << 21) | ends) << 20) | rank, kind="stable")
        return np.lexsort((rank, ends, starts))

    def _check_runs(self, scan: Scan, k_start: np.ndarray, rows: np.ndarray, ok: np.ndarray | None) -> np.ndarray | None:
        """`ok` (None: all ok) cleared where a folded repeat is shorter in the text than in the
        entry; `rows[i]` is hit i's row in the repeat matrix (-1: no repeats to check)."""
        hits = (rows >= 0).nonzero()[0]
        if not len(hits):
            return ok
        last = len(scan.bounds) - 2 if scan.bounds is not None else scan.kept_count - 1
        pos = k_start[hits, None] + self._steps
        np.minimum(pos, last, out=pos)  # past a key's end the need is 0: any position will do
        short = hits[(scan.run_lengths(pos) < self._runs_need[rows[hits]]).any(axis=1)]
        if not len(short):
            return ok
        if ok is None:
            ok = np.ones(len(rows), dtype=bool)
        ok[short] = False
        return ok

    def _latin_edges_ok(self, codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, ent: np.ndarray) -> np.ndarray:
        """A Latin-letter end of a term must not continue into a longer Latin word."""
        letters = latin_letter_table()
        before = (self._latin_start[ent] & (starts > 0)).nonzero()[0]
        after = (self._latin_end[ent] & (ends < len(codes))).nonzero()[0]
        ok = np.ones(len(ent), dtype=bool)
        ok[before] = ~letters.take(codes[starts[before] - 1], mode="clip")
        ok[after] &= ~letters.take(codes[ends[after]], mode="clip")
        return ok


@functools.cache
def latin_letter_table() -> np.ndarray:
    """Per code point (clipped to `LIMIT`): is it, folded, a Latin letter (ASCII or Latin-1/Extended)?"""
    small = np.array([chr(i).isalpha() and (i < 0x80 or 0xC0 <= i <= 0x24F) for i in range(0x250)], dtype=bool)
    folded = char_table().folded
    table = np.zeros(len(folded), dtype=bool)
    latin = (folded < len(small)).nonzero()[0]
    table[latin] = small[folded[latin]]
    table[-1] = False  # the shared slot of code points >= LIMIT
    return table


def _on_word_boundaries(text: str, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    from review_pipeline.text.segment import WordBoundaries

    bounds = WordBoundaries(fold(text))  # same length as `text`: offsets carry over; segments only near hits
    return np.array([s in bounds and e in bounds for s, e in zip(starts.tolist(), ends.tolist(), strict=True)], dtype=bool)


def _longest_only(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Indexes of the hits not lying inside a longer hit (partial overlaps both stay: each is
    its own term; several entries on one span share its fate)."""
    order = np.lexsort((-ends, starts))  # by start, longest first
    s, e = starts[order], ends[order]
    reach = np.empty(len(e), dtype=np.int64)  # furthest end among earlier spans
    reach[0] = -1
    np.maximum.accumulate(e[:-1], out=reach[1:])
    first = np.ones(len(e), dtype=bool)  # first row of a run of identical spans
    first[1:] = (s[1:] != s[:-1]) | (e[1:] != e[:-1])
    keep = (e > reach)[first][np.cumsum(first) - 1]
    return np.sort(order[keep])


