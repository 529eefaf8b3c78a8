"""Pre-publication review of Chinese government new-media posts.

    >>> from review_pipeline import review
    >>> verdict = review("正文……", title="标题")
    >>> verdict.decision

The names below are imported on first use (PEP 562), so `import review_pipeline` and the
command line's `--version` stay fast.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

# A library configures no logging: without this, its warnings would reach stderr through
# logging's last resort in an application that set up none (issue 15.17).
logging.getLogger("review_pipeline").addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from review_pipeline.models import Document, Finding, SignOff, Verdict
    from review_pipeline.pipeline import Pipeline, review
    from review_pipeline.policy import Policy, PolicyError, load_policy

__version__ = "0.2.0"

_EXPORTS = {
    "Document": "review_pipeline.models",
    "Finding": "review_pipeline.models",
    "SignOff": "review_pipeline.models",
    "Verdict": "review_pipeline.models",
    "Pipeline": "review_pipeline.pipeline",
    "review": "review_pipeline.pipeline",
    "Policy": "review_pipeline.policy",
    "PolicyError": "review_pipeline.policy",
    "load_policy": "review_pipeline.policy",
}

__all__ = [
    "Document",
    "Finding",
    "Pipeline",
    "Policy",
    "PolicyError",
    "SignOff",
    "Verdict",
    "load_policy",
    "review",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'review_pipeline' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
