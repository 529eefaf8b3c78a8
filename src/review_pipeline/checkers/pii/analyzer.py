"""Presidio's AnalyzerEngine on a blank Chinese spaCy pipeline, fully offline.

Imported only when a text needs presidio's NLP (a value confirmed by a context word): spaCy and
presidio cost about a second to import.
"""

from __future__ import annotations

from typing import Any

import spacy
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import SpacyNlpEngine
from spacy.language import Language


@Language.component("lemma_as_text")
def lemma_as_text(doc: Any) -> Any:
    """Blank pipelines leave `token.lemma_` empty; presidio matches context words on lemmas."""
    for token in doc:
        token.lemma_ = token.text
    return doc


class BlankZhNlpEngine(SpacyNlpEngine):
    """`spacy.blank('zh')` + jieba segmentation; no model download, no NER."""

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": "zh", "model_name": "blank:zh"}])

    def load(self) -> None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)  # spaCy's tokenizer loads jieba's dictionary, which it announces on stderr
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        nlp.add_pipe("lemma_as_text")
        self.nlp = {"zh": nlp}  # type: ignore[assignment]  # presidio declares it None until loaded


def build_analyzer(
    recognizers: list[EntityRecognizer], lang: str, threshold: float, *, boost: float, min_score: float
) -> AnalyzerEngine:
    """An analyzer whose registry holds only `recognizers` (no predefined ones)."""
    registry = RecognizerRegistry(recognizers=recognizers, supported_languages=[lang])
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=BlankZhNlpEngine(),
        supported_languages=[lang],
        default_score_threshold=threshold,
        context_aware_enhancer=LemmaContextAwareEnhancer(
            context_similarity_factor=boost, min_score_with_context_similarity=min_score
        ),
    )
