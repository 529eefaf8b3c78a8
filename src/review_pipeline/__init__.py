"""Pre-publication review of Chinese government new-media posts.

    >>> from review_pipeline import review
    >>> verdict = review("正文……", title="标题")
    >>> verdict.decision
"""

from review_pipeline.models import Document, Finding, SignOff, Verdict
from review_pipeline.pipeline import Pipeline, review
from review_pipeline.policy import Policy, PolicyError, load_policy

__version__ = "0.1.0"

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
