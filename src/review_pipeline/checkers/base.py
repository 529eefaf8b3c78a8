"""What a checker is, and the per-document context the pipeline hands it.

A checker is a plain class: `name`, an `Options` pydantic model for its policy section, a
constructor taking those options, and `check(document, context) -> Iterable[Finding]`. Heavy
resources are built in the constructor (once per pipeline), never per document.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict

from review_pipeline.models import Document, FieldName, Finding, SignOffReason
from review_pipeline.rules import RuleInfo
from review_pipeline.text.analysis import FieldAnalysis
from review_pipeline.text.phrases import PhraseBank


class CheckerOptions(BaseModel):
    """Base for a checker's options: unknown keys are policy errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


@runtime_checkable
class Checker(Protocol):
    """The interface the pipeline relies on.

    A checker may also define `check_many(documents, contexts) -> list[Iterable[Finding]]`
    (one result per document, same order): `Pipeline.pipe` then calls it once for a
    batch. It must give the findings `check` would and leave the contexts alone until it
    succeeds: when it raises, each document is checked again on its own.
    """

    name: ClassVar[str]
    Options: ClassVar[type[CheckerOptions]]
    RULES: ClassVar[Sequence[RuleInfo]]  # from the checker package's rules.yaml

    def __init__(self, options: Any) -> None: ...

    def check(self, document: Document, context: CheckContext) -> Iterable[Finding]: ...


class Redaction(BaseModel):
    """Replace `field[start:end]` with `replacement` in the de-identified copy."""

    model_config = ConfigDict(frozen=True)

    field: FieldName
    start: int
    end: int
    replacement: str


class CheckContext:
    """Per-document scratch space shared by the checkers of one review.

    `analysis(field)` holds the lazily computed views of a field (folded text, sentences, word
    limits, voice, phrase hits), computed once and shared so that checkers do not repeat work;
    checkers report de-identification and tier escalations here rather than to each other.
    """

    def __init__(self, document: Document, policy: Any = None, phrase_bank: PhraseBank | None = None) -> None:
        self.document = document
        self.policy = policy
        self.phrase_bank = phrase_bank
        self.redactions: list[Redaction] = []
        self.escalations: list[SignOffReason] = []
        self.roles: list[str] | None = None
        self._analyses: dict[FieldName, FieldAnalysis] = {}

    def fields(self) -> list[tuple[FieldName, str]]:
        """(field, text) for the title (when present) and the text."""
        out: list[tuple[FieldName, str]] = []
        if self.document.title:
            out.append(("title", self.document.title))
        out.append(("text", self.document.text))
        return out

    def analysis(self, field: FieldName) -> FieldAnalysis:
        """The shared, lazily computed analysis of one field (folded text, sentences, words …)."""
        found = self._analyses.get(field)
        if found is None:
            found = self._analyses[field] = FieldAnalysis(self.document.field_text(field), self.phrase_bank)
        return found

    def folded(self, field: FieldName) -> str:
        """The field folded for width, case and traditional characters (same length)."""
        return self.analysis(field).folded

    def redact(self, field: FieldName, start: int, end: int, replacement: str) -> None:
        self.redactions.append(Redaction(field=field, start=start, end=end, replacement=replacement))

    def escalate(self, reason: SignOffReason) -> None:
        self.escalations.append(reason)
