"""Evasion-proof normalisation with an exact offset map back to the original text.

Per character: fold (full width -> half width, case, traditional -> simplified, see
`text.fold`), optionally map enclosed digits and letters (①, ⒜, Ⓐ) to the plain ones, and
delete *noise*: spaces, punctuation, symbols (emoji included), control and format characters
(zero-width joiners, BOM) and combining marks. Letters and digits of every script are never
noise, so `中间国` stays three characters and never becomes `中国`.

Everything is table-driven: `char_table()` gives numpy arrays indexed by code point, so a whole
text is folded and cleaned with vectorised (C) operations, and the kept positions are the
offset map. Code points from `LIMIT` upwards (planes 3 to 16: tags, private use) count as noise.
Every code point a text can hold is either kept or noise: nothing in the input can act as a
separator (texts matched in one pass are separated by position, see `automaton.scan`).

`grapheme_starts` tells which code points begin a user-perceived character (a grapheme
cluster), so that noise between the characters of a term is counted as a reader sees it: an
emoji ZWJ sequence (five code points, one emoji) is one noise character, not five.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np

from review_pipeline.text.fold import fold_table

LIMIT = 0x30000  # code points >= LIMIT all share the last (noise) slot of every table
_NOISE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me"})
# Enclosed alphanumerics: ① ⑴ ⒈ ⒜ Ⓐ ⓐ ❶ ➀ ➊ 🄐 ...; only those standing for ONE digit or letter.
_ENCLOSED_RANGES = ((0x2460, 0x2500), (0x2776, 0x2794), (0x3251, 0x3260), (0x32B1, 0x32C0), (0x1F100, 0x1F1E6))


def is_noise_char(ch: str) -> bool:
    """True for characters removed before matching (never letters, digits or CJK)."""
    if ord(ch) >= LIMIT:
        return True
    cat = unicodedata.category(ch)
    return cat in _NOISE_CATEGORIES or cat[0] in "PS"


def _enclosed_target(ch: str) -> str | None:
    plain = unicodedata.normalize("NFKC", ch).strip("().")
    if len(plain) == 1 and plain.isalnum() and plain.isascii():
        return plain.lower()
    # ❶..❿, ➀..➓ have no NFKC form; their names say which digit they stand for
    name = unicodedata.name(ch, "")
    for word, digit in (("ONE", "1"), ("TWO", "2"), ("THREE", "3"), ("FOUR", "4"), ("FIVE", "5"),
                        ("SIX", "6"), ("SEVEN", "7"), ("EIGHT", "8"), ("NINE", "9")):  # fmt: skip
        if "CIRCLED" in name and name.endswith(f"DIGIT {word}"):
            return digit
    return None


@dataclass(frozen=True)
class CharTable:
    """Per code point (index = min(cp, LIMIT)): the folded code point, and whether it is noise."""

    folded: np.ndarray  # uint32
    noise: np.ndarray  # bool


def _tables_key(enclosed: bool) -> str:
    """The disk-cache key of the per-code-point tables: everything they are built from."""
    import importlib
    import importlib.metadata

    from review_pipeline.text.diskcache import source_digest

    code = source_digest(__file__, importlib.import_module("review_pipeline.text.fold").__file__)
    return (
        f"enclosed={enclosed};unicode={unicodedata.unidata_version};opencc={importlib.metadata.version('opencc')};"
        f"numpy={np.__version__};code={code}"
    )


@lru_cache(maxsize=2)
def char_table(enclosed: bool = False) -> CharTable:
    """The per-code-point tables (built once per installation and variant: cached on disk)."""
    from review_pipeline.text.diskcache import cached

    return cached("chars", _tables_key(enclosed), lambda: _build_char_table(enclosed))


def _build_char_table(enclosed: bool) -> CharTable:
    folded = np.arange(LIMIT + 1, dtype=np.uint32)
    for cp, target in fold_table().items():
        if cp < LIMIT and len(target) == 1 and ord(target) < LIMIT:
            folded[cp] = ord(target)
    noise = np.zeros(LIMIT + 1, dtype=bool)
    noise[LIMIT] = True
    for cp in range(LIMIT):
        ch = chr(cp)
        if is_noise_char(ch):
            noise[cp] = True
        elif ch.isalpha() and cp > 0x7F and cp == folded[cp]:
            low = ch.lower()  # Latin/Greek/Cyrillic case beyond ASCII, when it stays one character
            if len(low) == 1 and low != ch:
                folded[cp] = ord(low)
    if enclosed:
        for lo, hi in _ENCLOSED_RANGES:
            for cp in range(lo, min(hi, LIMIT)):
                plain = _enclosed_target(chr(cp))
                if plain is not None:
                    folded[cp], noise[cp] = ord(plain), False
    folded.setflags(write=False)
    noise.setflags(write=False)
    return CharTable(folded, noise)


def code_points(text: str) -> np.ndarray:
    """The text as a uint32 array of table indexes (code points, clipped to `LIMIT`)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return np.minimum(codes, LIMIT)


@dataclass(frozen=True)
class Normalized:
    """A normalised text and, per character, the original span it came from.

    `starts[i]` is the offset of the original character behind normalised character `i`;
    `ends[i]` the offset just after it (after its whole run when repeats are collapsed).
    """

    text: str
    starts: np.ndarray  # int64, strictly increasing
    ends: np.ndarray  # int64

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalised slice [start, end) (end > start)."""
        return int(self.starts[start]), int(self.ends[end - 1])


def normalize(text: str, *, enclosed: bool = False, collapse_repeats: bool = False) -> Normalized:
    """Fold and drop noise (optionally: enclosed characters, runs of one repeated character)."""
    table = char_table(enclosed)
    idx = code_points(text)
    keep = np.flatnonzero(~table.noise[idx]).astype(np.int64)
    chars = table.folded[idx[keep]]
    ends = keep + 1
    if collapse_repeats and len(chars) > 1:
        first = np.flatnonzero(np.concatenate(([True], chars[1:] != chars[:-1])))
        last = np.append(first[1:], len(chars)) - 1
        chars, ends, keep = chars[first], ends[last], keep[first]
    return Normalized(chars.tobytes().decode("utf-32-le"), keep, ends)


def normalize_term(term: str, *, enclosed: bool = False) -> str:
    """A lexicon term normalised exactly as text is ('' when nothing matchable is left)."""
    return normalize(term, enclosed=enclosed).text


def normalize_terms(terms: list[str], *, enclosed: bool = False) -> list[str]:
    """`normalize_term` of every term, in one vectorised pass (a 60,000-line list in milliseconds).

    The terms are joined with a noise character and cut apart again by original offset, so a
    term may hold any character (the joint is never mistaken for part of a term)."""
    if not terms:
        return []
    joined = normalize("\n".join(terms), enclosed=enclosed)
    sizes = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms)) + 1
    bounds = np.cumsum(sizes) - sizes  # original offset where each term starts
    cuts = [*np.searchsorted(joined.starts, bounds).tolist(), len(joined.text)]
    return [joined.text[a:b] for a, b in pairwise(cuts)]


# Grapheme clusters (UAX #29), as far as noise counting needs them: combining marks, ZWJ/ZWNJ,
# variation selectors, emoji modifiers and tags extend the cluster before them; a code point after
# a ZWJ joins it (emoji ZWJ sequences); regional indicators pair up (flags); CR LF is one.
_EXTEND_RANGES = ((0x200C, 0x200E), (0xFE00, 0xFE10), (0x1F3FB, 0x1F400), (0xE0020, 0xE0080), (0xE0100, 0xE01F0))
_REGIONAL = (0x1F1E6, 0x1F200)


@lru_cache(maxsize=1)
def _extend_table() -> np.ndarray:
    """Per code point below `LIMIT`: does it extend the grapheme cluster before it?"""
    table = np.zeros(LIMIT + 1, dtype=bool)
    for cp in range(LIMIT):
        if unicodedata.category(chr(cp)) in ("Mn", "Me", "Mc"):
            table[cp] = True
    for lo, hi in _EXTEND_RANGES:
        table[lo : min(hi, LIMIT)] = True
    table.setflags(write=False)
    return table


def grapheme_starts(codes: np.ndarray) -> np.ndarray:
    """Per code point of a text (uint32 code points, unclipped): does it start a grapheme cluster?"""
    n = len(codes)
    extend = _extend_table().take(codes, mode="clip")  # code points >= LIMIT use the last slot...
    if len(codes) and codes.max() >= LIMIT:  # ...so tags and selectors beyond it go by range
        for lo, hi in _EXTEND_RANGES:
            if lo >= LIMIT:
                extend |= (codes >= lo) & (codes < hi)
    starts = ~extend
    if n > 1:
        after_zwj = codes[:-1] == 0x200D
        after_cr = (codes[:-1] == 0x0D) & (codes[1:] == 0x0A)
        starts[1:] &= ~(after_zwj | after_cr)
        regional = (codes >= _REGIONAL[0]) & (codes < _REGIONAL[1])
        if regional.any():  # the 2nd, 4th, ... of a run of regional indicators closes a flag
            index = np.arange(n, dtype=np.int64)
            run_start = np.where(regional & ~np.concatenate(([False], regional[:-1])), index, 0)
            np.maximum.accumulate(run_start, out=run_start)
            starts &= ~(regional & ((index - run_start) % 2 == 1))
    if n:
        starts[0] = True
    return starts


def collapse_runs(text: str) -> tuple[str, tuple[int, ...]]:
    """`text` with runs of one character collapsed, and the length of each run."""
    out: list[str] = []
    runs: list[int] = []
    for ch in text:
        if out and out[-1] == ch:
            runs[-1] += 1
        else:
            out.append(ch)
            runs.append(1)
    return "".join(out), tuple(runs)


@lru_cache(maxsize=1)
def _visible_table() -> tuple[np.ndarray, np.ndarray]:
    """Per code point: the folded code point with every decimal digit (Nd) mapped to ASCII, and
    whether it is invisible (format characters Cf, line and paragraph separators Zl/Zp). Cached
    on disk like `char_table`: the loop over every code point costs ~0.1 s of a cold start."""
    from review_pipeline.text.diskcache import cached

    return cached("visible", _tables_key(False), _build_visible_table)


def _build_visible_table() -> tuple[np.ndarray, np.ndarray]:
    folded = char_table().folded.copy()
    drop = np.zeros(LIMIT + 1, dtype=bool)
    for cp in range(LIMIT):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if cat in ("Cf", "Zl", "Zp"):
            drop[cp] = True
        elif cat == "Nd" and cp > 0x7F:
            folded[cp] = ord("0") + unicodedata.digit(ch)
    folded.setflags(write=False)
    drop.setflags(write=False)
    return folded, drop


@lru_cache(maxsize=1)
def _invisible_or_digit() -> np.ndarray:
    """Per code point: True when `strip_invisible` deletes or maps it besides folding."""
    folded, drop = _visible_table()
    special = drop | (folded != char_table().folded)
    special.setflags(write=False)
    return special


def strip_invisible(text: str, folded_text: str | None = None) -> Normalized:
    """`fold`ed text without invisible characters and with ASCII digits, plus the offset map.

    For recognisers that need punctuation and spaces (phone numbers, IDs) but must not be fooled
    by `138\\u200b1234\\u200b5678` or Arabic-Indic digits: format characters (Cf: zero-width
    space and joiners, BOM, bidi marks) and line/paragraph separators (U+2028/2029) are
    deleted, every Unicode decimal digit becomes its ASCII digit, the rest is folded as by
    `text.fold`. `Normalized.span` maps a slice back to the original, so a redaction covers
    the invisible characters inside a value too. Pass `folded_text` (`fold(text)`, e.g. the
    checkers' cached view) to skip folding again in the usual case.
    """
    idx = code_points(text)
    if not _invisible_or_digit()[idx].any():  # the usual case: nothing to delete or map
        if folded_text is None:
            folded_text = text.translate(fold_table())
        offsets = np.arange(len(text), dtype=np.int64)
        return Normalized(folded_text, offsets, offsets + 1)
    folded, drop = _visible_table()
    keep = np.flatnonzero(~drop[idx]).astype(np.int64)
    chars = folded[idx[keep]]
    return Normalized(chars.tobytes().decode("utf-32-le"), keep, keep + 1)
