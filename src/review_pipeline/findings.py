"""What the pipeline does to findings once checkers are done: fingerprint, excerpt, masking.

Masking follows the rules' `personal_data` flag, never a checker's name: whatever a
personal-data rule found is masked in the excerpt, message and suggestion of every other finding
(an ad excerpt quoting a phone number, a source line naming a netizen's number).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from review_pipeline.models import FieldName, Finding
from review_pipeline.text.fold import fold

if TYPE_CHECKING:
    import numpy as np

FINGERPRINT_CONTEXT = 12  # characters each side of a match that a fingerprint covers
# The costs of the two ways to fold what fingerprints read, in characters of whole-field folding
# (`benchmarks/fold_costs.py` measures them): one context folded alone (~7 us, `str.translate`
# per character) and the fixed cost of folding a whole field (~20 us, one numpy gather). A field
# with `n` findings is folded whole when n * FOLD_CONTEXT_COST >= len(field) + FOLD_FIELD_COST.
FOLD_CONTEXT_COST = 650
FOLD_FIELD_COST = 2000
MAX_EXCERPT = 80
MASK_CHAR = "*"


def fingerprint(rule: str, text: str, start: int, end: int, line: tuple[int, int] | None = None) -> str:
    """Stable id of a finding: rule + folded match + folded nearby text on its line, no positions.

    The context stops at line breaks so that edits to other paragraphs never change it. Only
    the context is folded (`fold` maps character to character): for a field with few findings
    that costs less than folding the whole field.
    """
    a, b = _context_window(text, start, end, line)
    return folded_fingerprint(rule, fold(text[a:b]), start - a, end - a)


def folded_fingerprint(rule: str, folded: str, start: int, end: int, line: tuple[int, int] | None = None) -> str:
    """`fingerprint` of a text already folded (`fold` maps character to character, so slices of
    the folded text are the folded slices): the pipeline reuses the analysis' folded text.

    `line` is the (start, end) of the line holding the match when the caller knows it (the
    pipeline has a `LineIndex`): searching for it again per finding costs more on a long line
    with dense hits than the hash does.
    """
    a, b = _context_window(folded, start, end, line)
    return _digest(rule, folded, start, end, a, b)


def folded_fingerprints(
    rules: Sequence[str], folded: str, starts: np.ndarray, ends: np.ndarray, line_starts: np.ndarray, line_ends: np.ndarray
) -> list[str]:
    """`folded_fingerprint` of many matches in one folded field whose lines are known (`line_ends`
    before the break): the same values, the context windows computed on arrays, one loop of hashes."""
    import numpy as np  # (here, not at import: the CLI starts without numpy until a checker needs it)

    if len(starts) and (line_ends < ends).any():  # a match across a line break: context to the next one
        line_ends = line_ends.copy()
        for i in (line_ends < ends).nonzero()[0].tolist():
            found = folded.find("\n", int(ends[i]))
            line_ends[i] = len(folded) if found == -1 else found
    before = np.maximum(line_starts, starts - FINGERPRINT_CONTEXT).tolist()
    after = np.minimum(line_ends, ends + FINGERPRINT_CONTEXT).tolist()
    return list(map(_digest, rules, repeat(folded), starts.tolist(), ends.tolist(), before, after))


def _digest(rule: str, folded: str, start: int, end: int, a: int, b: int) -> str:
    key = "\x1f".join((rule, folded[start:end], folded[a:start], folded[end:b]))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]  # lone surrogates hash too


def _context_window(text: str, start: int, end: int, line: tuple[int, int] | None = None) -> tuple[int, int]:
    if line is None:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
    else:
        line_start, line_end = line
        if line_end < end:  # a match across a line break: its context goes to the next break
            line_end = text.find("\n", end)
            line_end = len(text) if line_end == -1 else line_end
    return max(line_start, start - FINGERPRINT_CONTEXT), min(line_end, end + FINGERPRINT_CONTEXT)


class FindingTemplate:
    """The fields of a finding that do not depend on where it is (rule, message, source …);
    `placed(field, start, end, line, column, excerpt, fingerprint)` makes one without validating
    again.

    A checker with a hit every few dozen characters builds one template per word-list entry
    and pays, per hit, only for a dict copy and four slot stores (what pydantic's
    `model_construct` does, without its per-field default resolution). The pipeline checks
    offsets and rule ids of every finding.
    """

    __slots__ = ("_placed_set", "_values", "rule")

    def __init__(self, **fields: Any) -> None:
        proto = Finding(field="text", start=0, end=0, **fields)  # validated once, here
        self._values = proto.__dict__
        self._placed_set = proto.__pydantic_fields_set__ | {"line", "column", "excerpt", "fingerprint"}
        self.rule: str = proto.rule

    def placed(
        self, field: FieldName, start: int, end: int, line: int, column: int, excerpt: str, fingerprint: str
    ) -> Finding:
        """The finding at [start, end) of `field`, with what the pipeline would fill in already
        known (a checker with many hits computes lines and fingerprints on arrays): the pipeline
        then leaves it as it is."""
        values = self._values.copy()
        values["field"], values["start"], values["end"] = field, start, end
        values["line"], values["column"], values["excerpt"], values["fingerprint"] = line, column, excerpt, fingerprint
        finding = _new(Finding)
        _set_dict(finding, values)
        _set_fields_set(finding, self._placed_set.copy())
        _set_extra(finding, None)
        _set_private(finding, None)
        return finding


# past pydantic's validating __setattr__ (the template validated the values): BaseModel's slot
# descriptors and object.__new__ (what Finding.__new__ is), bound once
_new = object.__new__
_set_dict = vars(BaseModel)["__dict__"].__set__
_set_fields_set = vars(BaseModel)["__pydantic_fields_set__"].__set__
_set_extra = vars(BaseModel)["__pydantic_extra__"].__set__
_set_private = vars(BaseModel)["__pydantic_private__"].__set__


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
