"""Sensitive words (article 18): entries, the compiled matcher, its caches, lint and the checker."""

from review_pipeline.checkers.sensitive.cache import lexicon_digest, load_compiled
from review_pipeline.checkers.sensitive.checker import CATEGORY_LABELS, SensitiveChecker, SensitiveOptions
from review_pipeline.checkers.sensitive.entries import (
    Affix,
    AllowEntry,
    Entry,
    affix_allows,
    read_affixes,
    read_allow,
    read_deny,
)
from review_pipeline.checkers.sensitive.lint import LintIssue, lint_lexicons
from review_pipeline.checkers.sensitive.matcher import (
    CompiledLexicon,
    Match,
    Matches,
    SensitiveMatcher,
    compile_lexicon,
)
from review_pipeline.lexicon import LexiconError

__all__ = [
    "CATEGORY_LABELS",
    "Affix",
    "AllowEntry",
    "CompiledLexicon",
    "Entry",
    "LexiconError",
    "LintIssue",
    "Match",
    "Matches",
    "SensitiveChecker",
    "SensitiveMatcher",
    "SensitiveOptions",
    "affix_allows",
    "compile_lexicon",
    "lexicon_digest",
    "lint_lexicons",
    "load_compiled",
    "read_affixes",
    "read_allow",
    "read_deny",
]
