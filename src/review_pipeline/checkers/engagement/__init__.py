"""Engagement (article 27): forced downloads, follows, likes and shares."""

from review_pipeline.checkers.engagement.checker import EngagementChecker, EngagementOptions

__all__ = ["EngagementChecker", "EngagementOptions"]
