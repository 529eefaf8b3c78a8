"""De-identification masks as presidio-anonymizer operators, configured per entity in the policy.

Masks follow what offices publish: 张某 / 张某某, 450602********1234, 138****5678, bank card last
4, z***@example.com, address kept to district level. A mask keeps separators and the width of
the original characters, so `138-1234-5678` becomes `138-****-5678`. These are
de-identification (PIPL art. 73), not anonymisation: the result is still personal information.
"""

from __future__ import annotations

from typing import Any

from presidio_anonymizer.operators import Operator, OperatorType, Redact, Replace
from pydantic import BaseModel, ConfigDict, Field


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


class MaskSpec(BaseModel):
    """One entity's mask in the policy: an operator name and its parameters."""

    model_config = ConfigDict(extra="forbid")

    operator: str
    params: dict[str, Any] = Field(default_factory=dict)


DEFAULT_MASKS: dict[str, MaskSpec] = {
    "CN_RESIDENT_ID": MaskSpec(operator="keep_ends", params={"keep_start": 6, "keep_end": 4}),
    "CN_MOBILE": MaskSpec(operator="keep_ends", params={"keep_start": 3, "keep_end": 4}),
    "CN_LANDLINE": MaskSpec(operator="keep_ends", params={"keep_start": 4, "keep_end": 2}),
    "BANK_CARD": MaskSpec(operator="keep_ends", params={"keep_start": 0, "keep_end": 4}),
    "EMAIL": MaskSpec(operator="email"),
    "PERSON": MaskSpec(operator="surname"),
    "ADDRESS": MaskSpec(operator="replace", params={"new_value": "****"}),
    "CN_PASSPORT": MaskSpec(operator="keep_ends", params={"keep_start": 1, "keep_end": 2}),
    "CN_HMT_PERMIT": MaskSpec(operator="keep_ends", params={"keep_start": 1, "keep_end": 2}),
    "CN_LICENSE_PLATE": MaskSpec(operator="keep_ends", params={"keep_start": 2, "keep_end": 1}),
    "IP_ADDRESS": MaskSpec(operator="keep_ends", params={"keep_start": 0, "keep_end": 0}),
    "QQ": MaskSpec(operator="keep_ends", params={"keep_start": 2, "keep_end": 2}),
    "WECHAT_ID": MaskSpec(operator="keep_ends", params={"keep_start": 1, "keep_end": 1}),
}


class Masker:
    """Per-entity masks, validated once when the checker is built."""

    def __init__(self, overrides: dict[str, MaskSpec] | None = None) -> None:
        self.specs = {**DEFAULT_MASKS, **(overrides or {})}
        for entity, spec in self.specs.items():
            operator = OPERATORS.get(spec.operator)
            if operator is None:
                raise ValueError(f"masks.{entity}: unknown operator {spec.operator!r}; known: {', '.join(OPERATORS)}")
            operator.validate(spec.params)

    def mask(self, entity: str, value: str, **extra: Any) -> str:
        """The de-identified form of `value` (original characters) for `entity`."""
        spec = self.specs[entity]
        params = {**spec.params, **extra}
        if spec.operator == "keep_ends" and "prefix_length" in params:
            cut = int(params.pop("prefix_length"))  # e.g. a +86 prefix stays as written
            return value[:cut] + OPERATORS["keep_ends"].operate(value[cut:], params)
        params.pop("prefix_length", None)
        if spec.operator != "surname":
            params.pop("surname_length", None)
        return OPERATORS[spec.operator].operate(value, params)
