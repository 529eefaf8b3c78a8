"""Span primitives every checker uses: containment, nearness within a scope, one hit per place,
and an ordered index that finds the spans starting in a range by bisection."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
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


class SpanIndex(Generic[T]):
    """Spans (start, end, payload) kept in order of end (the given order among equal ends: a
    `PhraseIndex`'s hits keep theirs), found by where they start through bisection over the ends:
    a span starting in [lo, hi) ends in [lo, hi + width), width being the longest span. Asking
    "which cues stand in this sentence" per action costs a slice, not a scan of the field."""

    def __init__(self, spans: Iterable[tuple[int, int, T]]) -> None:
        self.spans = sorted(spans, key=lambda span: span[1])
        self._ends = [end for _, end, _ in self.spans]
        self.width = max((end - start for start, end, _ in self.spans), default=0)

    def starting(self, lo: int, hi: int) -> list[tuple[int, int, T]]:
        """The spans whose start lies in [lo, hi), in the index's order."""
        if hi <= lo or not self.spans:
            return []
        window = self.spans[bisect_left(self._ends, lo) : bisect_right(self._ends, hi - 1 + self.width)]
        return [span for span in window if lo <= span[0] < hi]

    def covers(self, start: int, end: int) -> bool:
        """Whether one of the spans contains [start, end) (edges included)."""
        return any(e >= end for _, e, _ in self.starting(end - self.width, start + 1))

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
