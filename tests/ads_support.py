"""What the ads unit tests share: a pipeline of the default policy's ads checker alone (its word
lists joined in one phrase bank, as `Pipeline.from_policy` builds them) and the rules it reports."""

from __future__ import annotations

from review_pipeline.models import Document
from review_pipeline.pipeline import Pipeline, build_checker
from review_pipeline.policy import load_policy
from review_pipeline.text.phrases import PhraseBank, collecting


def ads_only_pipeline() -> Pipeline:
    policy = load_policy("default")
    with collecting() as indexes:
        checker = build_checker(policy, "ads", policy.checkers["ads"])
    return Pipeline(policy, [checker], PhraseBank(indexes))


def rules(pipeline: Pipeline, text: str, level: tuple[str, ...] = ("warning", "error")) -> set[str]:
    """The ids of the rules reported on `text` at one of the `level`s."""
    return {f.rule for f in pipeline.review(Document(text=text)).findings if f.severity in level}
