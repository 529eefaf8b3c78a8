"""Sensitive words (article 18): deny lists matched through evasions, with exact offsets."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate, pairwise
from typing import ClassVar, Literal

import numpy as np
from pydantic import Field

from review_pipeline.checkers.base import CheckContext, CheckerOptions, RuleInfo
from review_pipeline.checkers.sensitive.cache import load_compiled
from review_pipeline.checkers.sensitive.entries import Entry
from review_pipeline.checkers.sensitive.matcher import JOINT, Match, Matches, SensitiveMatcher, batches
from review_pipeline.checkers.sensitive.phishing import PhishingMessages
from review_pipeline.checkers.sensitive.platforms import PlatformCompounds
from review_pipeline.findings import MAX_EXCERPT, FindingTemplate, folded_fingerprints
from review_pipeline.lexicon import read_lexicon
from review_pipeline.models import Document, FieldName, Finding, Severity
from review_pipeline.policy import builtin_dir
from review_pipeline.rules import RuleBook, RuleError, load_rules
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
    "illicit": "违法服务",
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
    platform_words: list[str] = Field(
        default_factory=list,
        description="word tables of gambling-platform compounds (PG电子, xx体育官网, xx官网入口): a brand written with product and access words, found by structure; [] turns it off",
    )
    phishing_words: list[str] = Field(
        default_factory=list,
        description="word tables of phishing messages (尊敬的车主 … 已过期 … 点击网址): a greeting, a claim about the reader's account and an order to click or log in, found by structure; [] turns it off",
    )
    phishing_window: int = Field(
        default=160, ge=20, le=1000, description="characters from a phishing message's greeting within which its claim and its order must follow"
    )
    citation_categories: list[str] = Field(
        default_factory=lambda: ["gambling", "fraud", "drugs", "pornography", "weapons", "illicit"],
        description="categories whose hits may be citations or narration (never 规范表述: a quoted form still counts)",
    )


def _overlap_test(listed: Sequence[Finding], category: str) -> Callable[[int, int], bool]:
    """Whether a span overlaps a listed hit of `category`: one bisection over the sorted hits, not a
    scan of every hit per span (quadratic on a page stuffed with thousands of them)."""
    taken = sorted((f.start, f.end) for f in listed if f.category == category)
    starts = [a for a, _ in taken]
    reach = list(accumulate((b for _, b in taken), max))  # the furthest end among the first k

    def covered(start: int, end: int) -> bool:
        k = bisect_left(starts, end)  # the hits starting before `end`; one of them ends after `start`?
        return k > 0 and reach[k - 1] > start

    return covered


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
        return self.cites_span(analysis, m.entry.category, m.start, m.end)

    def cites_span(self, analysis: FieldAnalysis, category: str, start: int, end: int) -> bool:
        """`cites` for a span of `category` found by other means than the word lists."""
        if not self or category not in self.categories:
            return False
        # quotations are disjoint and in order (text.quotes.quoted_spans): the one that could hold
        # the hit is found by bisection, not by a scan per hit (quadratic on a long field)
        quoted = analysis.quoted
        starts = analysis.memo("quoted_starts", lambda: [s for s, _ in quoted])
        k = bisect_right(starts, start) - 1
        inside = k >= 0 and end <= quoted[k][1]
        sentences = analysis.sentences
        if inside:
            # a quoted hit is read with the sentence its quotation sits in: the splitter cuts at
            # the ?! inside a quoted ad (“急用钱?秒下款!…”这样的广告语), so the sentence of the hit
            # alone would miss the words around the quotation that say what it is
            q_start, q_end = quoted[k]
            start = sentences.bounds(q_start)[0]
            end = sentences.bounds(min(q_end, max(len(analysis.folded) - 1, 0)))[1]
        else:
            start, end = sentences.bounds(start)
        # each sentence is read for cues once, however many hits it holds (a hijacked page with
        # no sentence end is one sentence of a million characters and thousands of hits)
        narrated = analysis.memo("sensitive_narrated", dict)
        if (start, end) not in narrated:
            sentence = analysis.folded[start:end]
            narrated[start, end] = any(cue in sentence for cue in self.narration)
        if narrated[start, end]:
            return True
        if not inside:
            return False
        cued = analysis.memo("sensitive_cued", dict)
        if (start, end) not in cued:
            sentence = analysis.folded[start:end]
            cued[start, end] = any(cue in sentence for cue in self.cues)
        return bool(cued[start, end])


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
        if any(rule.personal_data for rule in self.RULES):  # excerpts are filled in here, unmasked
            raise RuleError("a sensitive-word rule cannot be marked personal_data")
        self.citations = CitationRule.from_files(
            options.citation_cues, options.citation_categories, options.narration_cues
        )
        self.platforms = PlatformCompounds.from_files(options.platform_words)
        self.phishing = PhishingMessages.from_files(options.phishing_words, options.phishing_window)
        self._templates: dict[int, FindingTemplate] = {}
        self._structure_templates: dict[tuple[str, str], FindingTemplate] = {}

    def check(self, document: Document, context: CheckContext) -> Iterator[Finding]:
        for found in self._check_fields([(context, name, text) for name, text in context.fields()]):
            yield from found

    def check_many(
        self, documents: Sequence[Document], contexts: Sequence[CheckContext]
    ) -> list[list[Finding]]:
        """`check` for a batch: the fields of all documents matched and placed together."""
        fields = [context.fields() for context in contexts]
        found = iter(self._check_fields([(c, name, text) for c, f in zip(contexts, fields, strict=True) for name, text in f]))
        return [[f for _ in doc_fields for f in next(found)] for doc_fields in fields]

    def _check_fields(self, fields: list[tuple[CheckContext, FieldName, str]]) -> list[list[Finding]]:
        """The findings of each (context, field, text), in runs of about `BATCH_CHARS` characters."""
        out: list[list[Finding]] = []
        done = 0
        for batch in batches(text for _, _, text in fields):
            out += self._check_joined(fields[done : done + len(batch)])
            done += len(batch)
        return out

    def _check_joined(self, fields: list[tuple[CheckContext, FieldName, str]]) -> list[list[Finding]]:
        """One pass over the fields joined (`matcher.find_joined`), then the hits placed on the
        joined text: per hit only the finding itself is built in Python.

        Texts are read without the pinyin a mirror page prints after its characters (戰(zhàn)略 is
        戰略); their hits are mapped back to the page as given."""
        texts = [text for _, _, text in fields]
        plains = [without_glosses(text) for text in texts]
        glossed = [i for i, plain in enumerate(plains) if plain is not None]
        matched = [text if plain is None else plain.text for text, plain in zip(texts, plains, strict=True)]
        hits, offsets = self.matcher.find_joined(matched)
        out = self._listed(fields, texts, plains, glossed, hits, offsets) if len(hits) else [[] for _ in fields]
        if self.platforms or self.phishing:
            for (context, name, _), field_found in zip(fields, out, strict=True):
                field_found += self._structural_findings(context, name, field_found)
        return out

    def _listed(
        self,
        fields: list[tuple[CheckContext, FieldName, str]],
        texts: list[str],
        plains: list[Plain | None],
        glossed: list[int],
        hits: Matches,
        offsets: np.ndarray,
    ) -> list[list[Finding]]:
        """The findings of the word-list hits of each field."""
        starts, ends, entries = hits.starts, hits.ends, hits.entries()
        owner = np.searchsorted(offsets, starts, side="right") - 1  # the field of each hit
        if self.citations:
            kept = self._not_cited(fields, plains, hits, owner, offsets)
            if kept is not None:
                starts, ends, entries, owner = starts[kept], ends[kept], entries[kept], owner[kept]
        if glossed:  # back to the offsets of the page as given (戰(zhàn)略 is one span)
            starts, ends = starts - offsets[owner], ends - offsets[owner]
            for i in glossed:
                mine = (owner == i).nonzero()[0]
                origin = np.asarray(plains[i].origin, dtype=np.int64)  # type: ignore[union-attr]
                starts[mine], ends[mine] = origin[starts[mine]], origin[ends[mine] - 1] + 1
            sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
            offsets = np.cumsum(sizes) - sizes
            starts, ends = starts + offsets[owner], ends + offsets[owner]
        joined = JOINT.join(texts)
        templates = self._templates
        chosen = [templates.get(id(e)) or self._template(e) for e in entries.tolist()]
        found = self._place(joined, offsets, owner, starts, ends, chosen, [name for _, name, _ in fields])
        cuts = np.searchsorted(owner, np.arange(len(fields) + 1)).tolist()
        return [found[a:b] for a, b in pairwise(cuts)]

    def _structural_findings(self, context: CheckContext, name: FieldName, listed: list[Finding]) -> list[Finding]:
        """Gambling-platform compounds (`platforms`) and phishing messages (`phishing`) that no
        word-list hit of their category already covers, and that are not a report or a warning
        naming them (`CitationRule`)."""
        analysis = context.analysis(name)
        spans = [("sensitive/gambling_platform", "gambling", c.start, c.end) for c in self.platforms.find(analysis.folded)]
        spans += [("sensitive/phishing", "fraud", m.start, m.end) for m in self.phishing.find(analysis.folded)]
        if not spans:
            return []
        text = context.document.field_text(name)
        covered = {category: _overlap_test(listed, category) for category in {c for _, c, _, _ in spans}}
        kept = [
            span
            for span in spans
            if not covered[span[1]](span[2], span[3]) and not self.citations.cites_span(analysis, span[1], span[2], span[3])
        ]
        if not kept:
            return []
        kept.sort(key=lambda span: span[2])
        # a page stuffed with a compound repeats it thousands of times: one template per rule and
        # wording, placed on arrays like the word-list hits (line, column, excerpt, fingerprint)
        chosen = [self._structure_template(rule, category, text[a:b]) for rule, category, a, b in kept]
        at = np.array([(a, b) for _, _, a, b in kept], dtype=np.int64)
        owner = np.zeros(len(kept), dtype=np.int64)
        return self._place(text, np.zeros(1, dtype=np.int64), owner, at[:, 0], at[:, 1], chosen, [name], analysis.folded)

    def _structure_template(self, rule_id: str, category: str, term: str) -> FindingTemplate:
        """The finding of a structural match of `rule_id` written `term`, but for its place."""
        key = (rule_id, term)
        template = self._structure_templates.get(key)
        if template is None:
            rule = self.rulebook[rule_id]
            source = "sensitive/platform_words.tsv" if rule_id == "sensitive/gambling_platform" else "sensitive/phishing_words.tsv"
            template = FindingTemplate(
                checker=self.name,
                rule=rule_id,
                category=category,
                severity=rule.severity,
                message=rule.render_message(term=term),
                suggestion=rule.render_suggestion(term=term),
                legal_basis=rule.legal_basis,
                source=source,
            )
            if len(self._structure_templates) < 4096:  # wordings differ per page: a bounded memo
                self._structure_templates[key] = template
        return template

    def _not_cited(
        self,
        fields: list[tuple[CheckContext, FieldName, str]],
        plains: list[Plain | None],
        hits: Matches,
        owner: np.ndarray,
        offsets: np.ndarray,
    ) -> np.ndarray | None:
        """Indexes of the hits that are not a citation or a report of the offence (None: all)."""
        cited = np.zeros(len(hits), dtype=bool)
        matches = list(hits)
        for i in np.unique(owner).tolist():
            context, name, _ = fields[i]
            plain = plains[i]
            # the analysis is built only for the rare text with a hit; of the plain text when the
            # page has glosses, so the narration and quotation cues are read whole as well
            analysis = context.analysis(name) if plain is None else FieldAnalysis(plain.text, context.phrase_bank)
            mine = (owner == i).nonzero()[0]
            base = int(offsets[i])
            for k in mine.tolist():
                m = matches[k]
                cited[k] = self.citations.cites(analysis, m._replace(start=m.start - base, end=m.end - base))
        return (~cited).nonzero()[0] if cited.any() else None

    def _place(
        self,
        joined: str,
        offsets: np.ndarray,
        owner: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
        chosen: list[FindingTemplate],
        names: list[FieldName],
        folded: str | None = None,
    ) -> list[Finding]:
        """The findings of hits at [starts, ends) of the joined fields, with line, column, excerpt
        and fingerprint filled in on arrays (the pipeline would do it one finding at a time, at
        several times the cost of the match on a text with a hit every few dozen characters).
        Lines of the joined text are the fields' lines: the joint is a line break. Everything but
        the place depends on the template (`chosen[i]` for hit i): one per entry or wording.
        `folded`: the joined text folded, when the caller has it."""
        if not len(starts):
            return []
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        breaks = (codes == 10).nonzero()[0]
        line_starts = np.concatenate(([0], breaks + 1))
        line_ends = np.append(breaks, len(joined))
        line = np.searchsorted(line_starts, starts, side="right") - 1
        first_line = np.searchsorted(line_starts, offsets, side="right") - 1  # of each field
        fingerprints = folded_fingerprints(
            [t.rule for t in chosen], fold(joined) if folded is None else folded, starts, ends, line_starts[line], line_ends[line]
        )
        a, b = starts.tolist(), ends.tolist()
        excerpts = [joined[i:j][:MAX_EXCERPT] for i, j in zip(a, b, strict=True)]
        local = offsets[owner]
        return list(
            map(
                FindingTemplate.placed,
                chosen,
                [names[i] for i in owner.tolist()],
                (starts - local).tolist(),
                (ends - local).tolist(),
                (line - first_line[owner] + 1).tolist(),
                (starts - line_starts[line] + 1).tolist(),
                excerpts,
                fingerprints,
            )
        )

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
        template = self._templates[id(e)] = FindingTemplate(
            checker=self.name,
            rule=rule_id,
            category=e.category,
            severity=e.severity or self.options.severity.get(e.category, self.options.default_severity),
            message=rule.render_message(**params),
            suggestion=self._suggestion(rule, e, params),
            source=e.source,
            legal_basis=rule.legal_basis,
        )
        return template
