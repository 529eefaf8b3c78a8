"""Sensitive words (article 18): deny lists matched through evasions, with exact offsets."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar, Literal

from pydantic import Field

from review_pipeline.checkers.base import CheckContext, CheckerOptions, RuleInfo
from review_pipeline.checkers.sensitive.cache import load_compiled
from review_pipeline.checkers.sensitive.entries import Entry
from review_pipeline.checkers.sensitive.matcher import Match, Matches, SensitiveMatcher
from review_pipeline.findings import FindingTemplate
from review_pipeline.lexicon import read_lexicon
from review_pipeline.models import Document, Finding, Severity
from review_pipeline.policy import builtin_dir
from review_pipeline.rules import RuleBook, load_rules
from review_pipeline.text.analysis import FieldAnalysis
from review_pipeline.text.fold import fold
from review_pipeline.text.glosses import Plain, without_glosses

CATEGORY_LABELS = {
    "gambling": "赌博",
    "pornography": "色情",
    "drugs": "毒品",
    "fraud": "诈骗",
    "profanity": "低俗辱骂",
    "weapons": "枪支弹药管制器具",
    "normative": "规范表述",
}
DEFAULT_LEXICONS = tuple(f"{name}.txt" for name in CATEGORY_LABELS)


def _default_lexicons() -> list[str]:
    folder = builtin_dir("lexicons") / "sensitive"
    return [str(folder / name) for name in DEFAULT_LEXICONS]


def _default_lookalikes() -> list[str]:
    return [str(builtin_dir("lexicons") / "sensitive" / "lookalikes.tsv")]


class SensitiveOptions(CheckerOptions):
    """Policy section `checkers.sensitive`."""

    lexicons: list[str] = Field(default_factory=_default_lexicons, description="deny lists")
    allow: list[str] = Field(default_factory=list, description="allow lists")
    allow_affixes: list[str] = Field(
        default_factory=list,
        description="enforcement affixes (打击…, …诈骗): a deny term written with one is allowed",
    )
    max_gap: int = Field(
        default=3,
        ge=0,
        le=50,
        description="noise characters (grapheme clusters: one emoji is one) allowed in a row inside a term",
    )
    overlaps: Literal["all", "longest"] = "all"
    fold_repeats: bool = Field(default=True, description="read a character written several times as one (赌赌博博)")
    enclosed: bool = Field(default=True, description="read enclosed digits and letters as plain ones (①②, ⒜, Ⓐ)")
    lookalikes: list[str] = Field(
        default_factory=_default_lookalikes,
        description="tables of letters read as the Latin letter they imitate (Greek α, Cyrillic а: αv is av); [] turns it off",
    )
    pinyin: bool = Field(
        default=False, description="also match every term spelled wholly in pinyin (dubo; two syllables collide with names)"
    )
    mixed_pinyin: bool = Field(
        default=True,
        description="also match terms written half in pinyin (约pao, 刷单jianzhi) and terms of three characters or more in pinyin",
    )
    homophones: list[str] = Field(
        default_factory=list,
        description="categories whose terms of four characters or more also match with one character written as a homophone (真人禾官, 注册送菜金)",
    )
    severity: dict[str, Severity] = Field(default_factory=dict, description="per category")
    default_severity: Severity = "error"
    disk_cache: bool = True
    citation_cues: list[str] = Field(
        default_factory=list,
        description="warning cues (诈骗, 警惕, 字样 …): a quoted hit in a sentence with one is a citation",
    )
    narration_cues: list[str] = Field(
        default_factory=list,
        description="narration cues (被骗, 警情, 作案 …): a hit, quoted or not, in a sentence with one reports a crime",
    )
    citation_categories: list[str] = Field(
        default_factory=lambda: ["gambling", "fraud", "drugs", "pornography", "weapons"],
        description="categories whose hits may be citations or narration (never 规范表述: a quoted form still counts)",
    )


class CitationRule:
    """Where a law-category hit is a government voice naming the offence, not an offer:

    - cited: inside quotation marks, in a sentence that names a scam or a crackdown (诈骗, 警惕,
      字样 …): 以“保本高收益”“稳赚不赔”等为幌子 is an anti-fraud warning;
    - narrated: quoted or not, in a sentence with a word only a report of the crime uses (被骗,
      警情, 作案 …): 某女子参与刷单兼职，被骗8万元 is a police notice.

    Quotes and sentences come from the shared field analysis."""

    def __init__(self, cues: list[str], categories: list[str], narration: Sequence[str] = ()) -> None:
        self.cues = tuple(sorted({fold(c) for c in cues if c}, key=len))
        self.narration = tuple(sorted({fold(c) for c in narration if c}, key=len))
        self.categories = frozenset(categories)

    @classmethod
    def from_files(
        cls, paths: Sequence[str], categories: list[str], narration: Sequence[str] = ()
    ) -> CitationRule:
        def words(files: Sequence[str]) -> list[str]:
            return [line.cells[0] for path in files for line in read_lexicon(path, max_cells=2)]

        return cls(words(paths), categories, words(narration))

    def __bool__(self) -> bool:
        return bool(self.cues or self.narration)

    def cites(self, analysis: FieldAnalysis, m: Match) -> bool:
        if not self or m.entry.category not in self.categories:
            return False
        # quotations are disjoint and in order (text.quotes.quoted_spans): the one that could hold
        # the hit is found by bisection, not by a scan per hit (quadratic on a long field)
        quoted = analysis.quoted
        starts = analysis.memo("quoted_starts", lambda: [s for s, _ in quoted])
        k = bisect_right(starts, m.start) - 1
        inside = k >= 0 and m.end <= quoted[k][1]
        sentences = analysis.sentences
        if inside:
            # a quoted hit is read with the sentence its quotation sits in: the splitter cuts at
            # the ?! inside a quoted ad (“急用钱?秒下款!…”这样的广告语), so the sentence of the hit
            # alone would miss the words around the quotation that say what it is
            q_start, q_end = quoted[k]
            start = sentences.bounds(q_start)[0]
            end = sentences.bounds(min(q_end, max(len(analysis.folded) - 1, 0)))[1]
        else:
            start, end = sentences.bounds(m.start)
        sentence = analysis.folded[start:end]
        if any(cue in sentence for cue in self.narration):
            return True
        return inside and any(cue in sentence for cue in self.cues)


class SensitiveChecker:
    """Deny-list words (gambling, pornography, drugs, fraud, profanity, or a supervisor's list) and
    non-normative forms (规范表述: the Xinhua list of forbidden and cautioned words)."""

    name: ClassVar[str] = "sensitive"
    Options: ClassVar[type[CheckerOptions]] = SensitiveOptions
    RULES: ClassVar[tuple[RuleInfo, ...]] = load_rules(__package__ or __name__)

    def __init__(self, options: SensitiveOptions) -> None:
        self.options = options
        self.matcher = SensitiveMatcher(
            load_compiled(options), max_gap=options.max_gap, overlaps=options.overlaps
        )
        self.rulebook = RuleBook(self.name, self.RULES)
        self.citations = CitationRule.from_files(
            options.citation_cues, options.citation_categories, options.narration_cues
        )
        self._templates: dict[int, FindingTemplate] = {}

    def check(self, document: Document, context: CheckContext) -> Iterator[Finding]:
        for field_name, text in context.fields():
            yield from self._findings(context, field_name, *self._find([text])[0])

    def check_many(
        self, documents: Sequence[Document], contexts: Sequence[CheckContext]
    ) -> list[list[Finding]]:
        """`check` for a batch: every field of every document matched in one `find_many`."""
        fields = [context.fields() for context in contexts]
        found = iter(self._find([text for doc_fields in fields for _, text in doc_fields]))
        return [
            [f for name, _ in doc_fields for f in self._findings(context, name, *next(found))]
            for context, doc_fields in zip(contexts, fields, strict=True)
        ]

    def _find(self, texts: list[str]) -> list[tuple[Matches, Plain | None]]:
        """The matcher's hits in each text, read without the pinyin a mirror page prints after its
        characters (戰(zhàn)略 is 戰略): offsets in that plain text, given with it when it differs."""
        plains = [without_glosses(text) for text in texts]
        found = self.matcher.find_many(
            text if plain is None else plain.text for text, plain in zip(texts, plains, strict=True)
        )
        return list(zip(found, plains, strict=True))

    def _findings(
        self, context: CheckContext, field_name: Any, hits: Matches, plain: Plain | None
    ) -> list[Finding]:
        if not len(hits):
            return []
        if self.citations:
            # the analysis is built only for the rare text with a hit; of the plain text when the
            # page has glosses, so the narration and quotation cues are read whole as well
            analysis = (
                context.analysis(field_name)
                if plain is None
                else FieldAnalysis(plain.text, context.phrase_bank)
            )
            kept: Sequence[Match] = [m for m in hits if not self.citations.cites(analysis, m)]
        else:
            kept = hits
        if plain is not None:
            kept = [m._replace(start=a, end=b) for m in kept for a, b in [plain.span(m.start, m.end)]]
        return [self._finding(field_name, m) for m in kept]

    def _finding(self, field_name: Any, m: Match) -> Finding:
        # Everything but the place depends on the entry alone: built once per entry, so a hit
        # costs one `model_construct` (the pipeline checks offsets and rule ids of every finding).
        template = self._templates.get(id(m.entry))
        if template is None:
            template = self._templates[id(m.entry)] = self._template(m.entry)
        return template.at(field_name, m.start, m.end)

    @staticmethod
    def _suggestion(rule: RuleInfo, e: Entry, params: dict[str, str]) -> str | None:
        """The rule's suggestion; a rule whose text names no `{replacement}` (the law categories)
        still proposes an entry's replacement column as 改为「…」."""
        names_replacement = "{replacement}" in (rule.suggestion or "")
        if e.replacement and not names_replacement:
            return f"改为「{e.replacement}」"
        if names_replacement and not e.replacement:
            return None  # never render an empty 「」 (tests require a replacement on every 规范表述 entry)
        return rule.render_suggestion(**params)

    def _template(self, e: Entry) -> FindingTemplate:
        rule_id = f"sensitive/{e.category}"
        rule = self.rulebook[rule_id]
        label = CATEGORY_LABELS.get(e.category, e.category)
        params = {
            "label": label,
            "term": e.term,
            "how": {"pinyin": "（拼音写法）", "homophone": "（谐音写法）"}.get(e.via, ""),
            "replacement": e.replacement or "",
        }
        return FindingTemplate(
            checker=self.name,
            rule=rule_id,
            category=e.category,
            severity=e.severity or self.options.severity.get(e.category, self.options.default_severity),
            message=rule.render_message(**params),
            suggestion=self._suggestion(rule, e, params),
            source=e.source,
            legal_basis=rule.legal_basis,
        )
