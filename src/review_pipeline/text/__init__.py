"""Text utilities shared by checkers: folding, offset maps, line index, segmentation."""

from review_pipeline.text.fold import fold, fold_char
from review_pipeline.text.lines import LineIndex

__all__ = ["LineIndex", "fold", "fold_char"]
