"""Span primitives every checker uses: containment, nearness within a scope, one hit per place,
and an ordered index that finds the spans starting in a range by bisection."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Generic, Literal, TypeVar

from review_pipeline.text.analysis import Segments

T = TypeVar("T")
Span = tuple[int, int]


def contains(outer: Span, inner: Span) -> bool:
    """Whether `inner` lies inside `outer` (edges included)."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def inside_any(span: Span, spans: Iterable[Span]) -> bool:
    """Whether `span` lies inside one of `spans`."""
    return any(contains(outer, span) for outer in spans)


def near(
    hit: Span,
    cues: Sequence[Span],
    *,
    side: Literal["before", "after", "either"] = "either",
    max_gap: int,
    scope: Segments | None = None,
) -> Span | None:
    """The closest cue within `max_gap` characters of `hit` on `side`, not crossing a limit of
    `scope` (sentences, clauses …), or None."""
    best: tuple[int, Span] | None = None
    for cue in cues:
        if cue[1] <= hit[0] and side in ("before", "either"):
            gap = hit[0] - cue[1]
        elif cue[0] >= hit[1] and side in ("after", "either"):
            gap = cue[0] - hit[1]
        elif cue[0] < hit[1] and hit[0] < cue[1] and side == "either":
            gap = 0  # overlapping
        else:
            continue
        if gap > max_gap or (scope is not None and not scope.same(min(cue[0], hit[0]), max(cue[1], hit[1]) - 1)):
            continue
        if best is None or gap < best[0]:
            best = (gap, cue)
    return best[1] if best else None


SHORT_SPANS = 32  # longest span for which `starting` reads the slice of ends (cheapest for words)


class SpanIndex(Generic[T]):
    """Spans (start, end, payload) kept in order of end (the given order among equal ends: a
    `PhraseIndex`'s hits keep theirs). The spans starting in [lo, hi) are found by bisection over
    their starts, and containment by bisection over their ends with the least start of every
    suffix: asking "which cues stand in this sentence" per action costs a slice, not a scan of
    the field, also when some spans are long (a reported passage running to its sentence end
    in a one-line field of 600,000 characters made every query a scan of the field)."""

    def __init__(self, spans: Iterable[tuple[int, int, T]]) -> None:
        self.spans = sorted(spans, key=lambda span: span[1])
        self._ends = [end for _, end, _ in self.spans]
        self.width = max((end - start for start, end, _ in self.spans), default=0)
        # positions in `spans` ordered by start (ties in the index's order) and their starts
        self._by_start = sorted(range(len(self.spans)), key=lambda k: self.spans[k][0])
        self._starts = [self.spans[k][0] for k in self._by_start]
        # the least start among spans[k:], for `covers`
        least: list[int] = []
        low = None
        for start, _, _ in reversed(self.spans):
            low = start if low is None else min(low, start)
            least.append(low)
        self._least_start = least[::-1]

    def _positions(self, lo: int, hi: int) -> list[int]:
        """Positions in `spans` of the spans starting in [lo, hi), in order of start."""
        if hi <= lo or not self.spans:
            return []
        return self._by_start[bisect_left(self._starts, lo) : bisect_left(self._starts, hi)]

    def starting(self, lo: int, hi: int) -> list[tuple[int, int, T]]:
        """The spans whose start lies in [lo, hi), in the index's order."""
        if self.width <= SHORT_SPANS:
            # short spans (words): those ending in [lo, hi + width) are a slice, filtered
            if hi <= lo or not self.spans:
                return []
            window = self.spans[bisect_left(self._ends, lo) : bisect_left(self._ends, hi + self.width)]
            return [span for span in window if lo <= span[0] < hi]
        return [self.spans[k] for k in sorted(self._positions(lo, hi))]

    def iter_starting(self, lo: int, hi: int) -> Iterator[tuple[int, int, T]]:
        """The spans whose start lies in [lo, hi), in order of start, one at a time (a caller
        that stops at the first fitting span reads no more of a long range)."""
        if hi <= lo or not self.spans:
            return
        for i in range(bisect_left(self._starts, lo), bisect_left(self._starts, hi)):
            yield self.spans[self._by_start[i]]

    def any_starting(self, lo: int, hi: int) -> bool:
        """Whether a span starts in [lo, hi)."""
        return hi > lo and bisect_left(self._starts, lo) < bisect_left(self._starts, hi)

    def covers(self, start: int, end: int) -> bool:
        """Whether one of the spans contains [start, end) (edges included)."""
        k = bisect_left(self._ends, end)
        return k < len(self.spans) and self._least_start[k] <= start

    def __len__(self) -> int:
        return len(self.spans)

    def __bool__(self) -> bool:
        return bool(self.spans)


def first_per_place(items: Iterable[T], key: Callable[[T], tuple[str, int, int]]) -> list[T]:
    """The first item for each (rule, start, end): one finding per rule and place."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out
