"""Tone (article 18): personal opinions and emotions in the account's own voice."""

from review_pipeline.checkers.tone.checker import ToneChecker, ToneOptions

__all__ = ["ToneChecker", "ToneOptions"]
