"""Personal information (article 19): presidio recognizers for Chinese, context, masking and the checker."""

from review_pipeline.checkers.pii.checker import PiiChecker, PiiOptions

__all__ = ["PiiChecker", "PiiOptions"]
