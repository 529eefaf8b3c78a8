"""Reposts (article 20): source lines, approved-source tables and title comparison."""

from review_pipeline.checkers.attribution.checker import AttributionChecker

__all__ = ["AttributionChecker"]
