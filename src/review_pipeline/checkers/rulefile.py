"""A checker's rules as data: `rules.yaml` beside its package (id, severity, legal basis, texts).

One file per checker package lists every rule the checker may report, so that an editor can
change a message or a severity without touching code, and `RULES` (for `review-pipeline rules`)
is read from the same place. Errors name the file: a rule without a message is refused at load.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from review_pipeline.checkers.base import RuleInfo
from review_pipeline.policy import PolicyError


class RuleSpec(BaseModel):
    """One rule: what an editor reads in a finding and in `review-pipeline rules`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    severity: Literal["error", "warning", "info"]
    legal_basis: str | None = None
    label: str
    message: str
    suggestion: str | None = None
    personal_data: bool = False

    def info(self) -> RuleInfo:
        return RuleInfo(
            rule=self.id,
            severity=self.severity,
            legal_basis=self.legal_basis,
            description=f"{self.label}：{self.message}",
        )


def load_rules(package_file: str | Path, checker: str) -> dict[str, RuleSpec]:
    """Rules of `rules.yaml` next to `package_file`, keyed by id; every id is `<checker>/…`."""
    path = Path(package_file).with_name("rules.yaml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PolicyError(f"cannot read rules file: {exc}", path) from None
    rows = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise PolicyError("expected a top-level `rules:` list", path)
    out: dict[str, RuleSpec] = {}
    for index, row in enumerate(rows):
        try:
            spec = RuleSpec.model_validate(row)
        except ValidationError as exc:
            raise PolicyError(
                f"rule #{index + 1}: {exc.errors()[0]['msg']} ({exc.errors()[0]['loc']})", path
            ) from None
        if not spec.id.startswith(f"{checker}/") or spec.id in out:
            raise PolicyError(
                f"rule #{index + 1}: id {spec.id!r} must be unique and start with {checker}/", path
            )
        out[spec.id] = spec
    return out
