"""Commercial advertising (办法第十八条: 不得刊登商业广告或链接商业广告页面).

Each signal (absolute terms, prices, calls to buy, contact channels, shop links, efficacy,
investment and exam promises, false authority) is a finding with its weight as score. Their
noisy-OR combination, when it reaches the policy `threshold`, adds one `ads/commercial_ad`
error. Context keeps government writing out: exemptions (第一书记, 最佳时间, 消费券 …) drop
hits, enforcement notices and consumer warnings turn hits into `info`, and weak absolute
terms (第一, 唯一 …) count only next to another commercial signal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import ClassVar

from pydantic import Field, field_validator

from review_pipeline.checkers.ads.links import LinkMatcher, LinkRule, meta_urls
from review_pipeline.checkers.ads.signals import (
    PHRASE_SIGNALS,
    FieldScan,
    Hit,
    load_contexts,
    load_entries,
    load_exemptions,
    mark_quoted,
    merge_overlaps,
    word_hits,
)
from review_pipeline.checkers.base import CheckContext, CheckerOptions, RuleInfo
from review_pipeline.lexicon import read_lexicon
from review_pipeline.models import Document, FieldName, Finding, Severity
from review_pipeline.policy import builtin_lexicon
from review_pipeline.rules import load_rules

SIGNALS = (*PHRASE_SIGNALS, "shop_link")
LINK_KINDS = ("shop", "short", "shop_path", "store_word")


def _lexicon(name: str) -> str:
    return builtin_lexicon("ads", name)


DEFAULT_WEIGHTS = {
    "absolute_term": 0.2,
    "price_promotion": 0.35,
    "call_to_buy": 0.4,
    "contact_to_buy": 0.35,
    "shop_link": 0.6,
    "efficacy_claim": 0.5,
    "investment_promise": 0.5,
    "exam_guarantee": 0.5,
    "false_authority": 0.4,
}

# signal -> (legal basis, what it is, in Chinese for the editor)
SIGNAL_INFO: dict[str, tuple[str, str]] = {
    "absolute_term": ("广告法第九条第三项", "绝对化用语"),
    "price_promotion": ("办法第十八条", "商品价格或促销信息"),
    "call_to_buy": ("办法第十八条", "引导购买"),
    "contact_to_buy": ("办法第十八条", "购买联系方式"),
    "shop_link": ("办法第十八条", "商品或店铺链接"),
    "efficacy_claim": ("广告法第十六条、第十七条、第十八条", "医疗、保健功效断言"),
    "investment_promise": ("广告法第二十五条第一项", "投资收益保证"),
    "exam_guarantee": ("广告法第二十四条第一项", "考试培训效果保证"),
    "false_authority": ("广告法第九条第二项", "使用国家机关名义或“特供”“专供”"),
}


class AdsOptions(CheckerOptions):
    """Policy section `checkers.ads`: threshold, per-signal weights, word lists."""

    threshold: float = Field(default=0.6, gt=0.0, le=1.0)
    weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    short_link_weight: float = Field(default=0.15, ge=0.0, le=1.0)
    max_hits_per_signal: int = Field(default=2, ge=1)
    absolute_terms: str = Field(default_factory=lambda: _lexicon("absolute_terms.txt"))
    price_promotion: str = Field(default_factory=lambda: _lexicon("price_promotion.txt"))
    call_to_buy: str = Field(default_factory=lambda: _lexicon("call_to_buy.txt"))
    contact_to_buy: str = Field(default_factory=lambda: _lexicon("contact_to_buy.txt"))
    efficacy_claim: str = Field(default_factory=lambda: _lexicon("efficacy_claim.txt"))
    investment_promise: str = Field(default_factory=lambda: _lexicon("investment_promise.txt"))
    exam_guarantee: str = Field(default_factory=lambda: _lexicon("exam_guarantee.txt"))
    false_authority: str = Field(default_factory=lambda: _lexicon("false_authority.txt"))
    shop_links: str = Field(default_factory=lambda: _lexicon("shop_links.txt"))
    exemptions: str = Field(default_factory=lambda: _lexicon("exemptions.txt"))
    contexts: str = Field(default_factory=lambda: _lexicon("contexts.txt"))

    @field_validator("weights")
    @classmethod
    def _known_weights(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(SIGNALS))
        if unknown:
            raise ValueError(f"unknown signal(s) {', '.join(unknown)}; known: {', '.join(SIGNALS)}")
        if any(not 0.0 <= w <= 1.0 for w in value.values()):
            raise ValueError("weights must lie between 0 and 1")
        return {**DEFAULT_WEIGHTS, **value}


class AdsChecker:
    """Finds commercial ads and links to ad pages, leaving government usages alone."""

    name: ClassVar[str] = "ads"
    Options: ClassVar[type[CheckerOptions]] = AdsOptions
    RULES: ClassVar[tuple[RuleInfo, ...]] = load_rules(__package__ or __name__)

    def __init__(self, options: AdsOptions) -> None:
        self.options = options
        paths = {
            signal: getattr(options, "absolute_terms" if signal == "absolute_term" else signal)
            for signal in PHRASE_SIGNALS
        }
        self._entries = load_entries(paths)
        self._exemptions = load_exemptions(options.exemptions)
        self._contexts = load_contexts(options.contexts)
        self._links = LinkMatcher(_link_rules(options.shop_links))

    # --- detection --------------------------------------------------------------------------

    def _scan(self, context: CheckContext) -> dict[FieldName, tuple[FieldScan, list[Hit]]]:
        scans = {
            field: FieldScan(context.folded(field), self._contexts, self._exemptions)
            for field, _ in context.fields()
        }
        enforcement_words = set().union(*(s.enforcement_words for s in scans.values()))
        title_scan = scans.get("title")
        whole_quoted = len(enforcement_words) >= 2 or bool(title_scan and title_scan.enforcement_words)
        out = {}
        for field, scan in scans.items():
            hits = word_hits(scan, self._entries)
            for link in self._links.find(scan.folded):
                if not scan.exempt("shop_link", link.start, link.end):
                    hits.append(Hit("shop_link", link.start, link.end, (link.source,), kind=link.kind))
            out[field] = (scan, merge_overlaps(mark_quoted(scan, hits, whole_quoted)))
        return out

    def _meta_links(self, document: Document) -> list[tuple[Hit, str]]:
        out = []
        for key, host, path in meta_urls(document.meta):
            found = self._links.classify(host, path)
            if found:
                out.append((Hit("shop_link", 0, 0, (found[1],), kind=found[0]), f"{key}: {host}"))
        return out

    # --- scoring ----------------------------------------------------------------------------

    def _weight(self, hit: Hit) -> float:
        if hit.signal == "shop_link" and hit.kind == "short":
            return self.options.short_link_weight
        return self.options.weights[hit.signal]

    def _score(self, hits: Iterable[Hit]) -> float:
        """Noisy-OR of the hits, at most `max_hits_per_signal` of each signal counted."""
        seen: Counter[tuple[str, str]] = Counter()
        miss = 1.0
        for hit in hits:
            key = (hit.signal, hit.kind)
            seen[key] += 1
            if seen[key] <= self.options.max_hits_per_signal:
                miss *= 1.0 - self._weight(hit)
        return round(1.0 - miss, 4)

    def check(self, document: Document, context: CheckContext) -> Iterable[Finding]:
        scanned = self._scan(context)
        meta = self._meta_links(document)
        counted: list[tuple[FieldName, Hit]] = [("text", h) for h, _ in meta]
        for field, (_scan, hits) in scanned.items():
            counted += [(field, h) for h in hits if not h.quoted and h.signal != "absolute_term"]
        base_score = self._score(h for _, h in counted)
        # A weak absolute term (第一, 唯一) is ordinary language unless the same paragraph, or
        # the whole post, is already selling something.
        ad_paragraphs = {
            (f, scanned[f][0].seg.paragraph(h.start)) for f, h in counted if f in scanned and h.end > h.start
        }
        findings: list[Finding] = []
        for field, (scan, hits) in scanned.items():
            for hit in hits:
                if hit.signal == "absolute_term":
                    in_ad = (
                        base_score >= self.options.threshold
                        or (field, scan.seg.paragraph(hit.start)) in ad_paragraphs
                    )
                    if not hit.strong and not in_ad:
                        continue
                    if not hit.quoted:
                        counted.append((field, hit))
                findings.append(self._finding(field, hit))
        findings += [self._finding("text", hit, excerpt) for hit, excerpt in meta]
        score = self._score(h for _, h in counted)
        if score >= self.options.threshold:
            findings.append(self._combined(counted, score))
        return findings

    # --- findings ---------------------------------------------------------------------------

    def _finding(self, field: FieldName, hit: Hit, excerpt: str = "") -> Finding:
        basis, label = SIGNAL_INFO[hit.signal]
        severity: Severity
        words = "、".join(s.rsplit(" ", 1)[-1] for s in hit.sources)
        if hit.quoted:
            message = f"{label}（{words}）出现在执法通报或消费提示的引述中，不按广告计，请核对引述准确。"
            severity = "info"
        elif hit.signal == "shop_link" and hit.kind == "short":
            message = f"短链接（{words}）指向不明，请确认不是商业广告页面。"
            severity = "info"
        else:
            message = f"{label}（{words}）：政务新媒体不得刊登商业广告或链接商业广告页面。"
            severity = "warning"
        return Finding(
            checker=self.name,
            rule=f"ads/{hit.signal}",
            category="advertising",
            severity=severity,
            field=field,
            start=hit.start,
            end=hit.end,
            excerpt=excerpt,
            message=message,
            suggestion=None if hit.quoted else "删除该推广内容或改为客观表述",
            score=round(self._weight(hit), 4),
            source="; ".join(hit.sources),
            legal_basis=basis,
        )

    def _combined(self, counted: list[tuple[FieldName, Hit]], score: float) -> Finding:
        signals = Counter(h.signal for _, h in counted)
        in_text = [h for f, h in counted if f == "text" and h.end > h.start]
        spans = in_text or [h for f, h in counted if f == "title"]
        field: FieldName = "text" if in_text or not spans else "title"
        start = min((h.start for h in spans), default=0)
        end = max((h.end for h in spans), default=0)
        labels = "、".join(f"{SIGNAL_INFO[s][1]}×{n}" for s, n in sorted(signals.items()))
        return Finding(
            checker=self.name,
            rule="ads/commercial_ad",
            category="advertising",
            severity="error",
            field=field,
            start=start,
            end=end,
            message=f"本稿含商业广告（{labels}；综合得分 {score:.2f}，阈值 {self.options.threshold:.2f}），政务新媒体不得刊登商业广告或链接商业广告页面。",
            suggestion="删除商品推广、价格、购买渠道和链接后再发布",
            score=min(score, 1.0),
            source="signals: " + ", ".join(f"{s}×{n}" for s, n in sorted(signals.items())),
            legal_basis="办法第十八条",
        )


def _link_rules(path: str) -> list[LinkRule]:
    rules = []
    for row in read_lexicon(path, min_cells=2, max_cells=2):
        if row.cells[1] not in LINK_KINDS:
            raise row.error(f"kind must be one of {', '.join(LINK_KINDS)}, not {row.cells[1]!r}")
        rules.append(
            LinkRule(
                row.cells[0].lower(), row.cells[1], f"lexicons/ads/shop_links.txt:{row.line} {row.cells[0]}"
            )
        )
    return rules
