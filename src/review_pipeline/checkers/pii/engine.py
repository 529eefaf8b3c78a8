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
from dataclasses import dataclass, field
from typing import Any

import spacy
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import SpacyNlpEngine
from spacy.language import Language

from review_pipeline.checkers.pii.data import PiiData
from review_pipeline.checkers.pii.recognizers import LANG, LicensePlateRecognizer
from review_pipeline.text.phrases import PhraseIndex

CONTEXT_CHARS = 16  # characters before a value in which presidio looks for its context words
CONTEXT_BOOST = 0.45  # a context word lifts a NEEDS_CONTEXT value (0.15) over the threshold
MIN_SCORE_WITH_CONTEXT = 0.6

_CANDIDATE = re.compile(
    r"[0-9][0-9 \-]{3,}[0-9]"  # any 5+ digit run (phones, IDs, cards, QQ)
    r"|@"  # e-mail
    r"|[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}"  # IPv4
    rf"|[{LicensePlateRecognizer._PROVINCES}][a-z]"  # plates
    r"|[0-9]\s*(?:号|栋|幢|座|单元|室|房|组|队|屯)"  # house numbers
    r"|[一二三四五六七八九十]+(?:组|队|屯)"
)


@Language.component("lemma_as_text")
def lemma_as_text(doc: Any) -> Any:
    """Blank pipelines leave `token.lemma_` empty; presidio matches context words on lemmas."""
    for token in doc:
        token.lemma_ = token.text
    return doc


class BlankZhNlpEngine(SpacyNlpEngine):
    """`spacy.blank('zh')` + jieba segmentation; no model download, no NER."""

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": LANG, "model_name": "blank:zh"}])

    def load(self) -> None:
        nlp = spacy.blank(LANG, config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        nlp.add_pipe("lemma_as_text")
        self.nlp = {LANG: nlp}  # type: ignore[assignment]  # presidio declares it None until loaded


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

    def __init__(self, recognizers: list[EntityRecognizer], data: PiiData, threshold: float = 0.5) -> None:
        registry = RecognizerRegistry(recognizers=recognizers, supported_languages=[LANG])
        self.analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=BlankZhNlpEngine(),
            supported_languages=[LANG],
            default_score_threshold=threshold,
            context_aware_enhancer=LemmaContextAwareEnhancer(
                context_similarity_factor=CONTEXT_BOOST,
                min_score_with_context_similarity=MIN_SCORE_WITH_CONTEXT,
            ),
        )
        self.threshold = threshold
        self.recognizers = recognizers
        self.entities = [e for r in recognizers for e in r.supported_entities]
        # cue words with no digits near them (person cues, 微信 …) also pass the pre-filter
        words = [c.cue for c in data.person_cues] + [w for ws in data.context.values() for w in ws]
        self._cues = PhraseIndex((w, None) for w in words)
        # names without cues (names.py) can stand in any Chinese text
        self._any_cjk = re.compile("[\u3400-\u9fff]") if data.name_cues and "PERSON" in self.entities else None

    def might_contain(self, text: str) -> bool:
        """The pre-filter: False when no recognizer can match anything in `text`."""
        if _CANDIDATE.search(text) or (self._any_cjk is not None and self._any_cjk.search(text)):
            return True
        return next(iter(self._cues.find(text)), None) is not None

    def analyze(self, text: str) -> list[PiiEntity]:
        """Every entity in `text`, non-overlapping (higher score, then longer, wins), in order.

        Our recognizers first run on the whole text without NLP (regexes, checksums, names);
        a value that needs a context word is confirmed by the full presidio analyzer (jieba
        tokens, context enhancement) on a short window ending at it, and only when one of
        its context words is written there at all.
        """
        if not self.might_contain(text):
            return []
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
