"""What the pipeline does to findings once checkers are done: fingerprint, excerpt, masking.

Masking follows the rules' `personal_data` flag, never a checker's name: whatever a
personal-data rule found is masked in the excerpt, message and suggestion of every other finding
(an ad excerpt quoting a phone number, a source line naming a netizen's number).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from review_pipeline.models import FieldName, Finding
from review_pipeline.text.fold import fold

FINGERPRINT_CONTEXT = 12  # characters each side of a match that a fingerprint covers
MAX_EXCERPT = 80
MASK_CHAR = "*"


def fingerprint(rule: str, text: str, start: int, end: int) -> str:
    """Stable id of a finding: rule + folded match + folded nearby text on its line, no positions.

    The context stops at line breaks so that edits to other paragraphs never change it.
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    before = text[max(line_start, start - FINGERPRINT_CONTEXT) : start]
    after = text[end : min(line_end, end + FINGERPRINT_CONTEXT)]
    key = "\x1f".join((rule, fold(text[start:end]), fold(before), fold(after)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def masked_fallback(raw: str) -> str:
    """A mask for personal data whose checker gave no masked excerpt: keeps nothing of it."""
    return MASK_CHAR * len(raw)


class PersonalDataMask:
    """The raw strings personal-data findings matched, and what to show instead.

    Built from one document's findings; `apply` rewrites any text (an excerpt, a message, a
    title echoed by a report) so that none of those strings survives.
    """

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        # longest first: a 18-digit ID is replaced before the 11 digits a phone rule saw in it
        self._pairs = sorted({(raw, shown) for raw, shown in pairs if raw and raw != shown}, key=lambda p: -len(p[0]))

    def __bool__(self) -> bool:
        return bool(self._pairs)

    def apply(self, text: str | None) -> str | None:
        if not text or not self._pairs:
            return text
        for raw, shown in self._pairs:
            if raw in text:
                text = text.replace(raw, shown)
        return text


def personal_data_mask(
    findings: Iterable[Finding], field_text: Callable[[FieldName], str], is_personal: Callable[[str], bool]
) -> PersonalDataMask:
    """The mask of one document: every span a personal-data rule found, raw -> masked excerpt."""
    pairs = []
    for f in findings:
        if f.end > f.start and is_personal(f.rule):
            raw = field_text(f.field)[f.start : f.end]
            shown = f.excerpt if f.excerpt and f.excerpt != raw else masked_fallback(raw)
            pairs.append((raw, shown))
    return PersonalDataMask(pairs)
