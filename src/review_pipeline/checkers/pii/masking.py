"""De-identification masks as presidio-anonymizer operators, configured per entity in the policy.

Masks follow what offices publish: 张某 / 张某某, 450602********1234, 138****5678, bank card last
4, z***@example.com, address kept to district level. A mask keeps separators and the width of
the original characters, so `138-1234-5678` becomes `138-****-5678`. These are
de-identification (PIPL art. 73), not anonymisation: the result is still personal information.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from presidio_anonymizer.operators import Operator

OPERATOR_NAMES = ("keep_ends", "surname", "email", "replace", "redact")


@cache
def operators() -> dict[str, Operator]:
    """The operators by name (imports presidio-anonymizer on first use)."""
    from review_pipeline.checkers.pii.operators import OPERATORS

    return OPERATORS


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
            if spec.operator not in OPERATOR_NAMES:
                known = ", ".join(OPERATOR_NAMES)
                raise ValueError(f"masks.{entity}: unknown operator {spec.operator!r}; known: {known}")
        # the defaults are known to be valid; a policy's own parameters are checked now, so a bad
        # mask is a policy error at build time (this is what imports presidio-anonymizer early)
        for spec in (overrides or {}).values():
            operators()[spec.operator].validate(spec.params)

    def mask(self, entity: str, value: str, **extra: Any) -> str:
        """The de-identified form of `value` (original characters) for `entity`."""
        spec = self.specs[entity]
        params = {**spec.params, **extra}
        if spec.operator == "keep_ends" and "prefix_length" in params:
            cut = int(params.pop("prefix_length"))  # e.g. a +86 prefix stays as written
            return value[:cut] + operators()["keep_ends"].operate(value[cut:], params)
        params.pop("prefix_length", None)
        if spec.operator != "surname":
            params.pop("surname_length", None)
        return operators()[spec.operator].operate(value, params)
