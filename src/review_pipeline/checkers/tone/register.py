"""Weak register signals summed over a few sentences (办法第十八条: the heated, scornful register).

One ！, one 你, one 吗？ is ordinary lively writing; several kinds of them in the same few sentences
(an exclamation, a question at the reader, 你, 太离谱, 啧) are the register article 18 keeps out
of a government account's own voice. The signals are data (lexicons/tone/signals.tsv); each class
has a weight and a cap, and a window of sentences scores when its weighted sum reaches the
threshold (lexicons/tone/signal_weights.tsv, fitted by grouped cross-validation over dev hosts in
benchmarks/tone_register_cv.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from review_pipeline.lexicon import LexiconLine, read_lexicon
from review_pipeline.text.analysis import Segments
from review_pipeline.text.patterns import GatedPatterns
from review_pipeline.text.phrases import PhraseIndex

# Classes whose hit is a question: skipped on FAQ lines (问：……？), where the answer follows.
QUESTION_CLASSES = ("question", "frame", "rhetoric")
SETTINGS = ("threshold", "window")


@dataclass(frozen=True, slots=True)
class SignalHit:
    """One weak signal in the folded text."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Weight:
    """How much one hit of a class adds, and how many hits of it a window counts."""

    value: float
    cap: int


@dataclass(frozen=True, slots=True)
class Window:
    """The hits of a run of consecutive sentences and their weighted score."""

    score: float
    hits: tuple[SignalHit, ...]


class RegisterSignals:
    """The weak-signal lists, their weights, the window and the threshold."""

    def __init__(
        self,
        entries: Sequence[LexiconLine],
        weights: dict[str, Weight],
        threshold: float,
        window: int,
    ) -> None:
        self.weights = weights
        self.threshold = threshold
        self.window = window
        for entry in entries:
            if entry.cell(1) not in weights:
                raise entry.error(f"unknown class {entry.cell(1)!r}; expected one of {', '.join(weights)}")
            if entry.cell(2) not in ("", "regex"):
                raise entry.error(f"unknown condition {entry.cell(2)!r}; expected regex or nothing")
        self.phrases: PhraseIndex[str] = PhraseIndex(
            (e.cell(0), e.cell(1)) for e in entries if e.cell(2) != "regex"
        )
        self.patterns: GatedPatterns[str] = GatedPatterns(
            (e.regex().pattern, e.cell(1)) for e in entries if e.cell(2) == "regex"
        )

    @classmethod
    def load(cls, signals: str, weights: str, threshold: float | None = None) -> RegisterSignals:
        """Read signals.tsv and signal_weights.tsv; a policy's `threshold` overrides the fitted one."""
        table: dict[str, Weight] = {}
        settings: dict[str, float] = {}
        for entry in read_lexicon(weights, min_cells=2, max_cells=3):
            name = entry.cell(0)
            try:
                value = float(entry.cell(1))
                cap = int(entry.cell(2, "1"))
            except ValueError:
                raise entry.error("weight, cap and settings must be numbers") from None
            if name in SETTINGS:
                settings[name] = value
            elif value < 0 or cap < 1:
                raise entry.error("a weight is at least 0 and a cap at least 1")
            else:
                table[name] = Weight(value, cap)
        missing = [s for s in SETTINGS if s not in settings]
        if missing:
            raise read_error(weights, f"missing setting(s): {', '.join(missing)}")
        entries = read_lexicon(signals, min_cells=2, max_cells=3)
        chosen = settings["threshold"] if threshold is None else threshold
        return cls(entries, table, chosen, max(1, int(settings["window"])))

    def score(self, hits: Iterable[SignalHit]) -> float:
        """Weighted sum of hits, each class counted at most its cap times."""
        counts = Counter(h.kind for h in hits)
        return sum(self.weights[k].value * min(n, self.weights[k].cap) for k, n in counts.items())

    def windows(self, hits: Sequence[SignalHit], sentences: Segments) -> list[list[SignalHit]]:
        """The hits of every run of `window` consecutive sentences that starts at a hit."""
        indexed = sorted(((sentences.index(h.start), h) for h in hits), key=lambda p: (p[0], p[1].start, p[1].kind))
        runs = []
        for k, (first, _hit) in enumerate(indexed):
            if k and indexed[k - 1][0] == first:
                continue  # a run starting at this sentence was taken already
            runs.append([h for s, h in indexed[k:] if s < first + self.window])
        return runs

    def best(self, hits: Sequence[SignalHit], sentences: Segments) -> Window | None:
        """The highest-scoring window, if it reaches the threshold."""
        scored = [Window(self.score(run), tuple(run)) for run in self.windows(hits, sentences)]
        top = max(scored, key=lambda w: w.score, default=None)
        return top if top is not None and top.score >= self.threshold else None



def read_error(path: str, message: str) -> Exception:
    """A word-list error that names the file (no line: the file as a whole is incomplete)."""
    from review_pipeline.lexicon import LexiconError

    return LexiconError(message, Path(path))
