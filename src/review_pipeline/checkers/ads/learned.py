"""A small learned scorer of ad copy: character n-gram logistic regression, weights as data.

The weights live in lexicons/ads/learned_ngrams.tsv, trained offline on the dev split of
tests/data/ads_real (benchmarks/ads_scorer_train.py; its header says how and on what). At run time
the score is computed here, deterministically, from the distinct CJK 2- and 3-grams of the folded
text and a few structural marks (round 6: an amount of money, a phone number, a product spec, a
percentage, an exclamation, lenticular brackets, a web address — the shape of an offer, whatever the
host's wording): sigmoid(bias + sum of the weights of the features present / sqrt(their number)).
The checker uses it to decide between a warning and a block for a post the rules already flagged,
and to flag short quiet copy (rules.yaml `learned_flag`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from review_pipeline.checkers.ads.signals import MONEY, RATE
from review_pipeline.lexicon import read_lexicon

NGRAM_SIZES = (2, 3)
BIAS = "__bias__"
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Structural marks of an offer (round 6), named like the bias so a word list's `#` comment never
# swallows them. Each is present or absent, as an n-gram is.
STRUCTURE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("__money__", MONEY),
    ("__phone__", re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|400-?\d{3}-?\d{4})(?!\d)")),
    ("__spec__", re.compile(r"\d+(?:\.\d+)?\s*(?:kg|g|ml|毫升|克|斤装|粒装|片装|袋装|盒装)(?![a-z])")),
    ("__rate__", RATE),
    ("__excl__", re.compile(r"!")),
    ("__bracket__", re.compile(r"[【〖]")),
    ("__url__", re.compile(r"https?://|www\.")),
)


def ngrams(folded: str) -> set[str]:
    """Distinct CJK 2- and 3-grams of a folded text (runs of CJK characters only: digits,
    punctuation and Latin letters break a run, so a price or a phone number is no feature)."""
    out: set[str] = set()
    for run in _CJK_RUN.findall(folded):
        for n in NGRAM_SIZES:
            out.update(run[i : i + n] for i in range(len(run) - n + 1))
    return out


def features(folded: str) -> set[str]:
    """The scorer's features: the text's CJK n-grams and the structural marks it shows."""
    return ngrams(folded) | {name for name, pattern in STRUCTURE if pattern.search(folded)}


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
        present = [(self.weights[g], g) for g in features(folded) if g in self.weights]
        z = self.bias
        if present:
            z += sum(w for w, _g in present) / math.sqrt(len(present))
        probability = 1.0 / (1.0 + math.exp(-z))
        # sorted by weight, then by the n-gram itself: the same text names the same features
        best = sorted((p for p in present if p[0] > 0), key=lambda p: (-p[0], p[1]))[:top]
        return Score(round(probability, 4), tuple(g for _w, g in best))
