"""Regular expressions gated by literal keys: run a pattern only where it can match.

A rule list that mixes plain phrases with `re:` terms pays for every pattern on every field,
though most patterns need a word the field does not have (`〔` for a document number, `级` for a
response level). `required_keys` reads a pattern's parse tree and returns literal strings one of
which every match must contain; `GatedPatterns` puts those keys into a `PhraseIndex` (so the
pipeline's combined phrase bank finds them in its one pass) and runs a pattern only when one of
its keys is in the field. A pattern whose keys cannot be worked out runs always, so gating never
changes what is found, only how often the regex engine is started.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

# The parser behind `re` (private but stable since 3.11, which the project requires).
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser as _sre  # type: ignore[attr-defined]
from typing import Any, Generic, TypeVar

from review_pipeline.text.fold import fold, fold_table
from review_pipeline.text.phrases import PhraseIndex

T = TypeVar("T")
# Largest set of exact strings kept when expanding alternatives (一|二|1)级 -> {一级, 二级, 1级};
# a bigger product is cut into separate runs.
_MAX_EXPANSION = 32
# A character class spelled out as keys only when it is this small ([省市县] yes, [一-龥] no).
_MAX_CLASS = 12
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT} | (
    {_c.POSSESSIVE_REPEAT} if hasattr(_c, "POSSESSIVE_REPEAT") else set()
)
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}

_Exact = frozenset[str] | None  # every string the sub-pattern can match, when few and known
_Required = list[frozenset[str]]  # each set: one of its strings is inside every match (all hold)
# How many key sets gate one pattern (a match needs a key of each): 〔 and 号 both, not just 20.
_MAX_SETS = 3


def _strength(keys: frozenset[str]) -> tuple[float, int]:
    """How selective a key set is likely to be: longer keys, fewer of them; ASCII digits and
    letters count less than other characters (every post has dates, few have 〔)."""
    weakest = min(sum(0.4 if ch.isascii() and ch.isalnum() else 1.0 for ch in k) for k in keys)
    return weakest, -len(keys)


def _class(items: list[tuple[Any, Any]]) -> _Exact:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY (\d, \s), a wide range
            return None
    return frozenset(chars) if 0 < len(chars) <= _MAX_CLASS else None


def _item(op: Any, av: Any) -> tuple[_Exact, _Required]:
    if op is _c.LITERAL:
        char = frozenset({chr(av)})
        return char, [char]
    if op is _c.IN:
        exact: _Exact = _class(av)
        return exact, [exact] if exact is not None else []
    if op is _c.SUBPATTERN:
        add_flags = av[1]
        if add_flags & _c.SRE_FLAG_IGNORECASE:
            return None, []
        return _sequence(av[-1])
    if op is _c.BRANCH:
        results = [_sequence(alt) for alt in av[1]]
        exacts = [e for e, _ in results]
        union_exact = frozenset().union(*exacts) if all(e is not None for e in exacts) else None  # type: ignore[arg-type]
        # one of the alternatives matches: the union of each one's strongest set is required
        if all(req for _, req in results):
            return union_exact, [frozenset().union(*(max(req, key=_strength) for _, req in results))]
        return union_exact, []
    if op in _REPEATS:
        low, high, sub = av
        sub_exact, sub_req = _sequence(sub)
        if low == 0:
            if high == 1 and sub_exact is not None:
                return sub_exact | {""}, []
            return None, []
        if low == high == 1:
            return sub_exact, sub_req
        return None, sub_req
    if op in _ZERO_WIDTH:
        return frozenset({""}), []
    return None, []  # ANY, NOT_LITERAL, CATEGORY, GROUPREF, ...


def _sequence(items: Iterable[tuple[Any, Any]]) -> tuple[_Exact, _Required]:
    """Exact strings of the whole sequence (when few), and key sets each of which is required:
    every item of a sequence matches, so a set required by any item is required by the whole."""
    found: _Required = []
    run: frozenset[str] = frozenset({""})
    whole = True  # every item so far had an exact set and the run was never cut

    def close(current: frozenset[str]) -> None:
        if "" not in current:
            found.append(current)

    for op, av in items:
        exact, required = _item(op, av)
        if exact is not None and len(run) * len(exact) <= _MAX_EXPANSION:
            run = frozenset(a + b for a in run for b in exact)
            continue
        close(run)
        whole = False
        if exact is not None:
            run = exact
            continue
        found.extend(r for r in required if r and all(r))
        run = frozenset({""})
    close(run)
    return (run if whole else None), found


@lru_cache(maxsize=1)
def _folded_away() -> frozenset[str]:
    """Characters folded text never contains: folding changes them and nothing folds into them."""
    table = fold_table()
    images = set(table.values())
    return frozenset(chr(cp) for cp in table if chr(cp) not in images)


def _usable(keys: frozenset[str]) -> frozenset[str] | None:
    """`keys` as they can occur in folded text, or None when the set cannot gate.

    A key that folded text can never hold (full-width `（`: folded to `(`) is dropped, since the
    branch it stands for cannot match; any other key folding would change makes the set unusable."""
    away = _folded_away()
    reachable = frozenset(k for k in keys if not any(ch in away for ch in k))
    if not reachable or any(not k or fold(k) != k for k in reachable):
        return None
    # 常务会议 already gates 次常务会议: keep only keys that hold no other key
    return frozenset(k for k in reachable if not any(o != k and o in k for o in reachable))


def required_key_sets(pattern: str) -> list[frozenset[str]]:
    """Sets of literal strings such that every match of `pattern` on folded text contains a
    string of each set; strongest first, at most a few. Empty when nothing is known (then the
    pattern must always run), and for case-insensitive patterns."""
    try:
        parsed = _sre.parse(pattern)
    except (re.error, TypeError, ValueError):
        return []
    if parsed.state.flags & _c.SRE_FLAG_IGNORECASE:
        return []
    _exact, found = _sequence(list(parsed))
    usable = {u for keys in found if (u := _usable(keys)) is not None}
    return sorted(usable, key=lambda k: (_strength(k), sorted(k)), reverse=True)[:_MAX_SETS]


def required_keys(pattern: str) -> frozenset[str] | None:
    """The strongest of `required_key_sets`: one of these strings is in every match; None when
    unknown."""
    sets = required_key_sets(pattern)
    return sets[0] if sets else None


class GatedPatterns(Generic[T]):
    """Compiled patterns with payloads; `find` runs only those whose keys occur in the text.

    `keys` is a `PhraseIndex` a pipeline's phrase bank collects like any other; pass its hits
    (`FieldAnalysis.phrases(gated.keys)`) to `find`. A pattern runs when a key of each of its key
    sets is in the text. Hits come pattern by pattern, in the order the patterns were given,
    exactly as running every pattern would give them."""

    def __init__(self, patterns: Iterable[tuple[str, T]]) -> None:
        self._patterns: list[tuple[re.Pattern[str], T]] = []
        self._always: list[int] = []
        self._sets: list[int] = []  # per pattern, how many key sets must be hit
        gates: list[tuple[str, tuple[int, int]]] = []
        # One-character keys (人, 号, 1) occur dozens of times in every post: a phrase bank would
        # report each occurrence, where the gate needs only to know that one is there, which
        # `ch in text` answers in C.
        self._char_gates: dict[str, list[tuple[int, int]]] = {}
        for position, (source, payload) in enumerate(patterns):
            self._patterns.append((re.compile(source), payload))
            sets = required_key_sets(source)
            self._sets.append(len(sets))
            if not sets:
                self._always.append(position)
            for number, keys in enumerate(sets):
                for key in keys:
                    if len(key) == 1:
                        self._char_gates.setdefault(key, []).append((position, number))
                    else:
                        gates.append((key, (position, number)))
        self.keys: PhraseIndex[tuple[int, int]] = PhraseIndex(gates)

    def __len__(self) -> int:
        return len(self._patterns)

    @property
    def ungated(self) -> int:
        """How many patterns run on every text (no key could be worked out)."""
        return len(self._always)

    def find(
        self, folded: str, key_hits: Iterable[tuple[int, int, tuple[int, int]]]
    ) -> Iterator[tuple[int, int, T]]:
        """(start, end, payload) of every non-empty match of the patterns the keys let through."""
        # a frequent key hits many times: reduce to the distinct (pattern, set) pairs first
        opened = {hit[2] for hit in key_hits}
        for char, char_gates in self._char_gates.items():
            if char in folded:
                opened.update(char_gates)
        hit_sets: dict[int, int] = {}
        for position, _number in opened:
            hit_sets[position] = hit_sets.get(position, 0) + 1
        active = set(self._always)
        active.update(position for position, count in hit_sets.items() if count == self._sets[position])
        for position in sorted(active):
            pattern, payload = self._patterns[position]
            for m in pattern.finditer(folded):
                if m.end() > m.start():
                    yield m.start(), m.end(), payload
