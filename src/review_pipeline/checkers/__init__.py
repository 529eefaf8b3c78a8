"""Checkers: one module, one class each; found by name through entry points."""

from review_pipeline.checkers.base import CheckContext, Checker, CheckerOptions, RuleInfo
from review_pipeline.checkers.registry import available_checkers, load_checker_class

__all__ = ["CheckContext", "Checker", "CheckerOptions", "RuleInfo", "available_checkers", "load_checker_class"]
