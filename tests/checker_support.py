"""Running one checker on a document, as the checker tests do: built as the default policy
builds it, and its findings read back in the forms the tests compare."""

from __future__ import annotations

from typing import Any

import pytest

from review_pipeline.checkers.base import CheckContext
from review_pipeline.models import Document, Finding
from review_pipeline.pipeline import build_checker
from review_pipeline.policy import load_policy


def default_checker(name: str) -> Any:
    """Checker `name` built exactly as the default policy builds it (its paths resolved)."""
    policy = load_policy("default")
    return build_checker(policy, name, policy.checkers[name])


def module_checker(name: str) -> Any:
    """A module-scoped pytest fixture of checker `name`, built as the default policy builds it:
    `checker = module_checker("attribution")` in a test module."""

    @pytest.fixture(scope="module")
    def checker() -> Any:
        return default_checker(name)

    return checker


def findings(checker: Any, **fields: Any) -> list[Finding]:
    """The checker's findings on `Document(**fields)`, in the order it gives them."""
    doc = Document(**fields)
    return list(checker.check(doc, CheckContext(doc)))


def loud_rules(checker: Any, **fields: Any) -> set[str]:
    """Rule ids of the warnings and errors (info findings only explain a reading)."""
    return {f.rule for f in findings(checker, **fields) if f.severity != "info"}


def rules_and_spans(checker: Any, text: str) -> list[tuple[str, str]]:
    """(rule id, matched text) of every finding on `text`, in report order."""
    return [(f.rule, text[f.start : f.end]) for f in sorted(findings(checker, text=text), key=Finding.sort_key)]
