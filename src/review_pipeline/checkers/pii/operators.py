"""The de-identification operators behind `masking.Masker`, as presidio-anonymizer operators.

Kept apart from `masking` so that building a pipeline does not import presidio-anonymizer:
it is imported the first time a value is masked (or a policy overrides a mask).
"""

from __future__ import annotations

from typing import Any

from presidio_anonymizer.operators import Operator, OperatorType, Redact, Replace


def _is_significant(ch: str) -> bool:
    """Characters a mask counts and hides: letters, digits, CJK (not separators)."""
    return ch.isalnum()


class KeepEnds(Operator):
    """Hide every significant character except the first `keep_start` and last `keep_end`."""

    def operate(self, text: str, params: dict[str, Any] | None = None) -> str:
        params = params or {}
        keep_start, keep_end = int(params.get("keep_start", 0)), int(params.get("keep_end", 0))
        char = str(params.get("masking_char", "*"))
        total = sum(1 for ch in text if _is_significant(ch))
        if keep_start + keep_end >= total:  # too short to keep anything: hide it all
            keep_start = keep_end = 0
        out, seen = [], 0
        for ch in text:
            if not _is_significant(ch):
                out.append(ch)
                continue
            out.append(ch if seen < keep_start or seen >= total - keep_end else char)
            seen += 1
        return "".join(out)

    def validate(self, params: dict[str, Any] | None = None) -> None:
        params = params or {}
        for key in ("keep_start", "keep_end"):
            if int(params.get(key, 0)) < 0:
                raise ValueError(f"{key} must be >= 0")

    def operator_name(self) -> str:
        return "keep_ends"

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


class Surname(Operator):
    """Keep the surname and write 某 for each given-name character (at most two): 张某某."""

    def operate(self, text: str, params: dict[str, Any] | None = None) -> str:
        params = params or {}
        n = int(params.get("surname_length", 1))
        placeholder = str(params.get("placeholder", "某"))
        given = max(1, min(2, len(text) - n))
        return text[:n] + placeholder * given

    def validate(self, params: dict[str, Any] | None = None) -> None:
        return None

    def operator_name(self) -> str:
        return "surname"

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


class EmailMask(Operator):
    """Keep the first character of the local part and the domain: z***@example.com."""

    def operate(self, text: str, params: dict[str, Any] | None = None) -> str:
        params = params or {}
        local, _, domain = text.partition("@")
        return local[:1] + str(params.get("masking_char", "*")) * 3 + "@" + domain

    def validate(self, params: dict[str, Any] | None = None) -> None:
        return None

    def operator_name(self) -> str:
        return "email"

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


OPERATORS: dict[str, Operator] = {
    "keep_ends": KeepEnds(),
    "surname": Surname(),
    "email": EmailMask(),
    "replace": Replace(),  # presidio: params {"new_value": "…"}
    "redact": Redact(),  # presidio: delete the value
}
