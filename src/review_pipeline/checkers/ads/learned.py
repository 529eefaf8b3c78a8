"""A small learned scorer of ad copy: character n-gram logistic regression, weights as data.

The weights live in lexicons/ads/learned_ngrams.tsv, trained offline on the dev split of
tests/data/ads_real (benchmarks/ads_scorer_train.py; its header says how and on what). At run time
the score is computed here, deterministically, from the distinct CJK 2- and 3-grams of the folded
text: sigmoid(bias + sum of the weights of the n-grams present / sqrt(their number)). The checker
uses it only to decide between a warning and a block for a post the rules already flagged.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from review_pipeline.lexicon import read_lexicon

NGRAM_SIZES = (2, 3)
BIAS = "__bias__"
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def ngrams(folded: str) -> set[str]:
    """Distinct CJK 2- and 3-grams of a folded text (runs of CJK characters only: digits,
    punctuation and Latin letters break a run, so a price or a phone number is no feature)."""
    out: set[str] = set()
    for run in _CJK_RUN.findall(folded):
        for n in NGRAM_SIZES:
            out.update(run[i : i + n] for i in range(len(run) - n + 1))
    return out


@dataclass(frozen=True, slots=True)
class Score:
    """A document's probability of being ad copy, and the n-grams that pushed it up most."""

    probability: float
    top: tuple[str, ...]


class NgramScorer:
    """The exported model: n-gram -> weight, and the bias."""

    def __init__(self, weights: dict[str, float], bias: float, source: str = "") -> None:
        self.weights = weights
        self.bias = bias
        self.source = source

    @classmethod
    def load(cls, path: str | Path) -> NgramScorer:
        """learned_ngrams.tsv: n-gram <TAB> weight, one line `__bias__ <TAB> b`."""
        weights: dict[str, float] = {}
        bias = 0.0
        for row in read_lexicon(str(path), min_cells=2, max_cells=2):
            try:
                value = float(row.cells[1])
            except ValueError:
                raise row.error(f"weight must be a number, not {row.cells[1]!r}") from None
            if row.cells[0] == BIAS:
                bias = value
            else:
                weights[row.cells[0]] = value
        return cls(weights, bias, f"lexicons/ads/{Path(path).name}")

    def score(self, folded: str, top: int = 5) -> Score:
        present = [(self.weights[g], g) for g in ngrams(folded) if g in self.weights]
        z = self.bias
        if present:
            z += sum(w for w, _g in present) / math.sqrt(len(present))
        probability = 1.0 / (1.0 + math.exp(-z))
        # sorted by weight, then by the n-gram itself: the same text names the same features
        best = sorted((p for p in present if p[0] > 0), key=lambda p: (-p[0], p[1]))[:top]
        return Score(round(probability, 4), tuple(g for _w, g in best))
