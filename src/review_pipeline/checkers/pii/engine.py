"""Presidio's AnalyzerEngine on a blank Chinese spaCy pipeline, built once, fully offline.

- No model download: `spacy.blank("zh")` with the jieba segmenter, plus a component that
  copies each token's text into its lemma (presidio matches context words on lemmas, which a
  blank pipeline leaves empty).
- No predefined recognizers (they use `\\b`, which fails next to CJK, and their URL/e-mail
  path calls tldextract, which goes to the network): the registry holds only ours.
- Speed: a compiled pre-filter (digit runs, @, plates, house numbers, cue words) skips posts
  that cannot hold personal information; regexes and checksums run without NLP; jieba runs
  only on a few characters next to a name cue, and presidio's NLP pipeline only on a short
  window before a value that needs a context word (QQ, passport …) when one is written there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from review_pipeline.checkers.pii.cuescan import CueScan
from review_pipeline.checkers.pii.data import PiiData
from review_pipeline.checkers.pii.numbers import PLATE_PROVINCES
from review_pipeline.checkers.pii.persons import PERSON_SCORE, PersonFinder, person_finder
from review_pipeline.text.phrases import PhraseIndex

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult

LANG = "zh"
NEEDS_CONTEXT = 0.15  # score of a value that passes only with a context word before it
CONTEXT_CHARS = 16  # characters before a value in which presidio looks for its context words
CONTEXT_BOOST = 0.45  # a context word lifts a NEEDS_CONTEXT value (0.15) over the threshold
MIN_SCORE_WITH_CONTEXT = 0.6

_CANDIDATE = re.compile(
    # the look-ahead's class lets the regex engine skip to a possible first character in C
    rf"(?=[0-9@{PLATE_PROVINCES}一二三四五六七八九十])(?:"
    r"[0-9][0-9 \-]{3,}[0-9]"  # any 5+ digit run (phones, IDs, cards, QQ)
    r"|@"  # e-mail
    r"|[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}"  # IPv4
    rf"|[{PLATE_PROVINCES}][a-z]"  # plates
    r"|[0-9]\s*(?:号|栋|幢|座|单元|室|房|组|队|屯)"  # house numbers
    r"|[一二三四五六七八九十]+(?:组|队|屯|号))"
)
# entities whose every value `_CANDIDATE` finds (all but names and WeChat ids)
_CANDIDATE_ENTITIES = frozenset(
    {"CN_RESIDENT_ID", "CN_MOBILE", "CN_LANDLINE", "BANK_CARD", "EMAIL", "ADDRESS", "CN_PASSPORT",
     "CN_HMT_PERMIT", "CN_LICENSE_PLATE", "IP_ADDRESS", "QQ"}
)  # fmt: skip


@dataclass(frozen=True)
class PiiEntity:
    """One detected value at [start, end) of the analysed (folded) text."""

    entity: str
    start: int
    end: int
    score: float
    source: str
    meta: dict[str, Any] = field(default_factory=dict, compare=False)


class PiiEngine:
    """Finds personal information in folded text: pre-filter, windows, presidio, overlaps."""

    def __init__(
        self,
        build: Callable[[], list[EntityRecognizer]],
        data: PiiData,
        threshold: float = 0.5,
        entities: list[str] | None = None,
    ) -> None:
        """`build` makes the recognizers (for `entities`, default all): called on the first text
        that needs them, so a post without candidates never imports presidio or spaCy."""
        self._build = build
        self.threshold = threshold
        # cue words with no digits near them (person cues, 微信 …) also pass the pre-filter
        words = [c.cue for c in data.person_cues] + [w for ws in data.context.values() for w in ws]
        self._cues = PhraseIndex((w, None) for w in words)
        # A text that passes the pre-filter only by a person cue or a context word of an entity
        # whose values `_CANDIDATE` would see can hold only names: NameFinder runs alone there.
        persons_only = "PERSON" in (entities or ["PERSON"]) and PERSON_SCORE >= threshold > NEEDS_CONTEXT
        self._names = person_finder(data) if persons_only else None
        other = [w for e, ws in data.context.items() if e not in _CANDIDATE_ENTITIES for w in ws]
        self._other_cues = PhraseIndex((w, None) for w in other)
        # names without cues (names.py) can stand in any Chinese text
        wants_person = "PERSON" in (entities or ["PERSON"])
        # the cue words are found in the name finders' one pass over the text
        self._scan = person_finder(data).scan if wants_person else CueScan([])
        self._scan.add([self._cues, self._other_cues])
        self._any_cjk = re.compile("[\u3400-\u9fff]") if data.name_cues and wants_person else None

    @cached_property
    def recognizers(self) -> list[EntityRecognizer]:
        return self._build()

    @cached_property
    def entities(self) -> list[str]:
        return [e for r in self.recognizers for e in r.supported_entities]

    @cached_property
    def analyzer(self) -> AnalyzerEngine:
        """Presidio's analyzer over our recognizers (see `analyzer.build_analyzer`)."""
        from review_pipeline.checkers.pii.analyzer import build_analyzer

        return build_analyzer(
            self.recognizers, LANG, self.threshold, boost=CONTEXT_BOOST, min_score=MIN_SCORE_WITH_CONTEXT
        )

    def might_contain(self, text: str) -> bool:
        """The pre-filter: False when no recognizer can match anything in `text`."""
        return _CANDIDATE.search(text) is not None or self._might_contain_words(text)

    def _might_contain_words(self, text: str) -> bool:
        """Names (any Chinese text, when names without cues are on) or a cue word."""
        if self._any_cjk is not None and self._any_cjk.search(text):
            return True
        return self._has(self._cues, text)

    def analyze(self, text: str) -> list[PiiEntity]:
        """Every entity in `text`, non-overlapping (higher score, then longer, wins), in order.

        Our recognizers first run on the whole text without NLP (regexes, checksums, names);
        a value that needs a context word is confirmed by the full presidio analyzer (jieba
        tokens, context enhancement) on a short window ending at it, and only when one of
        its context words is written there at all.
        """
        candidate = _CANDIDATE.search(text) is not None
        if not candidate and not self._might_contain_words(text):
            return []
        if self._names is not None and not candidate and not self._has(self._other_cues, text):
            return self._persons(text, self._names)
        found: list[PiiEntity] = []
        for recognizer in self.recognizers:
            for result in recognizer.analyze(text, self.entities, None):  # type: ignore[arg-type]  # ours take None
                entity = _entity(result, 0)
                if entity.score >= self.threshold:
                    found.append(entity)
                elif entity.score + CONTEXT_BOOST >= self.threshold:
                    confirmed = self._confirm(text, entity, recognizer)
                    if confirmed is not None:
                        found.append(confirmed)
        return _without_overlaps(found)

    def _has(self, index: PhraseIndex, text: str) -> bool:
        return self._scan.has(index, text)

    def _persons(self, text: str, names: PersonFinder) -> list[PiiEntity]:
        """What `PersonRecognizer` finds, without building presidio's recognizers."""
        found = [
            PiiEntity("PERSON", hit.start, hit.end, hit.score, f"PersonRecognizer:{hit.pattern}", {"pattern": hit.pattern, **hit.meta})
            for hit in names.find(text)
            if hit.score >= self.threshold
        ]
        return _without_overlaps(found)

    def _confirm(self, text: str, entity: PiiEntity, recognizer: EntityRecognizer) -> PiiEntity | None:
        lo = max(0, entity.start - CONTEXT_CHARS)
        words = recognizer.context or []
        if not any(w in text[lo : entity.start] for w in words):
            return None  # presidio could not find a context word either: skip the NLP run
        results = self.analyzer.analyze(
            text=text[lo : entity.end],
            language=LANG,
            entities=[entity.entity],
            score_threshold=self.threshold,
            return_decision_process=True,
        )
        for r in results:
            if r.start + lo == entity.start and r.end + lo == entity.end:
                return _entity(r, lo)
        return None


def _entity(r: RecognizerResult, offset: int) -> PiiEntity:
    from presidio_analyzer import RecognizerResult  # imported already: `r` is one

    meta = dict(r.recognition_metadata or {})
    pattern = meta.get("pattern") or getattr(r.analysis_explanation, "pattern_name", None) or ""
    source = f"{meta.get(RecognizerResult.RECOGNIZER_NAME_KEY, r.entity_type)}:{pattern}".rstrip(":")
    return PiiEntity(r.entity_type, r.start + offset, r.end + offset, round(float(r.score), 4), source, meta)


def _without_overlaps(found: list[PiiEntity]) -> list[PiiEntity]:
    kept: list[PiiEntity] = []
    for e in sorted(found, key=lambda e: (-e.score, -(e.end - e.start), e.start, e.entity)):
        if all(e.end <= k.start or e.start >= k.end for k in kept):
            kept.append(e)
    return sorted(kept, key=lambda e: (e.start, e.end))
