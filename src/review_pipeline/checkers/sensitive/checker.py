"""Sensitive words (article 18): deny lists matched through evasions, with exact offsets."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar, Literal

from pydantic import Field

from review_pipeline.checkers.base import CheckContext, CheckerOptions, RuleInfo
from review_pipeline.checkers.sensitive.cache import load_compiled
from review_pipeline.checkers.sensitive.matcher import Match, SensitiveMatcher
from review_pipeline.models import Document, Finding, Severity
from review_pipeline.policy import builtin_dir
from review_pipeline.rules import load_rules

LEGAL_BASIS = "办法第十八条"
CATEGORY_LABELS = {
    "gambling": "赌博",
    "pornography": "色情",
    "drugs": "毒品",
    "fraud": "诈骗",
    "profanity": "低俗辱骂",
}
DEFAULT_LEXICONS = tuple(f"{name}.txt" for name in CATEGORY_LABELS)


def _default_lexicons() -> list[str]:
    folder = builtin_dir("lexicons") / "sensitive"
    return [str(folder / name) for name in DEFAULT_LEXICONS]


class SensitiveOptions(CheckerOptions):
    """Policy section `checkers.sensitive`."""

    lexicons: list[str] = Field(default_factory=_default_lexicons, description="deny lists")
    allow: list[str] = Field(default_factory=list, description="allow lists")
    max_gap: int = Field(default=3, ge=0, le=50, description="noise characters allowed in a row inside a term")
    overlaps: Literal["all", "longest"] = "all"
    fold_repeats: bool = False
    enclosed: bool = False
    pinyin: bool = False
    severity: dict[str, Severity] = Field(default_factory=dict, description="per category")
    default_severity: Severity = "error"
    disk_cache: bool = True




class SensitiveChecker:
    """Deny-list words (gambling, pornography, drugs, fraud, profanity, or a supervisor's list)."""

    name: ClassVar[str] = "sensitive"
    Options: ClassVar[type[CheckerOptions]] = SensitiveOptions
    RULES: ClassVar[tuple[RuleInfo, ...]] = load_rules(__package__ or __name__)

    def __init__(self, options: SensitiveOptions) -> None:
        self.options = options
        self.matcher = SensitiveMatcher(load_compiled(options), max_gap=options.max_gap, overlaps=options.overlaps)

    def check(self, document: Document, context: CheckContext) -> Iterator[Finding]:
        for field_name, text in context.fields():
            for m in self.matcher.find(text):
                yield self._finding(field_name, m)

    def check_many(self, documents: Sequence[Document], contexts: Sequence[CheckContext]) -> list[list[Finding]]:
        """`check` for a batch: every field of every document matched in one `find_many`."""
        fields = [context.fields() for context in contexts]
        found = iter(self.matcher.find_many(text for doc_fields in fields for _, text in doc_fields))
        return [
            [self._finding(name, m) for name, _ in doc_fields for m in next(found)] for doc_fields in fields
        ]

    def _finding(self, field_name: Any, m: Match) -> Finding:
        e = m.entry
        label = CATEGORY_LABELS.get(e.category, e.category)
        how = "（拼音写法）" if e.via == "pinyin" else ""
        return Finding(
            checker=self.name,
            rule=f"sensitive/{e.category}",
            category=e.category,
            severity=e.severity or self.options.severity.get(e.category, self.options.default_severity),
            field=field_name,
            start=m.start,
            end=m.end,
            message=f"含{label}类敏感词「{e.term}」{how}，违反办法第十八条，发布前须删除或改写。",
            suggestion=f"改为「{e.replacement}」" if e.replacement else "删除该词或改写该句",
            source=e.source,
            legal_basis=LEGAL_BASIS,
        )


