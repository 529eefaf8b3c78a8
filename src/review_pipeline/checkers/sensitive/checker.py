"""Sensitive words (article 18): deny lists matched through evasions, with exact offsets."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar, Literal

from pydantic import Field

from review_pipeline.checkers.base import CheckContext, CheckerOptions, RuleInfo
from review_pipeline.checkers.sensitive.cache import load_compiled
from review_pipeline.checkers.sensitive.entries import Entry
from review_pipeline.checkers.sensitive.matcher import Match, SensitiveMatcher
from review_pipeline.findings import FindingTemplate
from review_pipeline.models import Document, Finding, Severity
from review_pipeline.policy import builtin_dir
from review_pipeline.rules import RuleBook, load_rules

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
    max_gap: int = Field(
        default=3, ge=0, le=50, description="noise characters (grapheme clusters: one emoji is one) allowed in a row inside a term"
    )
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
        self.rulebook = RuleBook(self.name, self.RULES)
        self._templates: dict[int, FindingTemplate] = {}

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
        # Everything but the place depends on the entry alone: built once per entry, so a hit
        # costs one `model_construct` (the pipeline checks offsets and rule ids of every finding).
        template = self._templates.get(id(m.entry))
        if template is None:
            template = self._templates[id(m.entry)] = self._template(m.entry)
        return template.at(field_name, m.start, m.end)

    def _template(self, e: Entry) -> FindingTemplate:
        rule_id = f"sensitive/{e.category}"
        rule = self.rulebook[rule_id]
        label = CATEGORY_LABELS.get(e.category, e.category)
        params = {"label": label, "term": e.term, "how": "（拼音写法）" if e.via == "pinyin" else ""}
        return FindingTemplate(
            checker=self.name,
            rule=rule_id,
            category=e.category,
            severity=e.severity or self.options.severity.get(e.category, self.options.default_severity),
            message=rule.render_message(**params),
            suggestion=f"改为「{e.replacement}」" if e.replacement else rule.render_suggestion(**params),
            source=e.source,
            legal_basis=rule.legal_basis,
        )
