"""Commercial advertising (办法第十八条: 不得刊登商业广告或链接商业广告页面).

Each signal is a rule of rules.yaml with its legal basis: claims the 广告法 forbids (absolute terms,
false authority, medical and disease claims, endorsements, exam, investment and real-estate
promises) and anchors showing that something is on sale (prices, calls to buy, contact channels,
shop links, selling register, product specs). Claims and the strong anchors are warnings. One
`ads/commercial_ad` error needs converging evidence of a selling voice: two kinds of evidence
(rules.yaml `evidence`: praise, claim, offer, channel, register, seller) whose noisy-OR reaches the
policy `threshold`, or the learned scorer agreeing with a warning; a document that speaks as an
authority or a reporter is blocked only by a price offered with a way to buy.
Absolute terms are warnings only where they praise the thing on sale (next to a product word) or
sit in an ad; elsewhere a strong one is info and a weak one (第一, 唯一) nothing. Enforcement
notices, warnings and news reports turn the hits of their paragraph into `info`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import yaml
from pydantic import Field, field_validator

from review_pipeline.checkers.ads.learned import NgramScorer, Score
from review_pipeline.checkers.ads.links import LinkMatcher, LinkRule, meta_urls
from review_pipeline.checkers.ads.signals import (
    MONEY,
    PATTERN_LISTS,
    PHRASE_SIGNALS,
    FieldScan,
    Hit,
    context_words,
    load_contexts,
    load_entries,
    load_exemptions,
    load_patterns,
    load_voice,
    mark_quoted,
    merge_overlaps,
    voice_hits,
    word_hits,
)
from review_pipeline.checkers.base import CheckContext, CheckerOptions, RuleInfo
from review_pipeline.lexicon import read_lexicon
from review_pipeline.models import Document, FieldName, Finding, Severity
from review_pipeline.policy import builtin_lexicon
from review_pipeline.rules import load_rules
from review_pipeline.text.analysis import FieldAnalysis
from review_pipeline.text.glosses import without_glosses

LINK_KINDS = ("shop", "short", "shop_path", "store_word")
RULES_FILE = Path(__file__).with_name("rules.yaml")


@lru_cache(maxsize=1)
def rules_data() -> dict[str, Any]:
    """rules.yaml, read once: signals with kind, weight, legal basis, label; messages."""
    data: dict[str, Any] = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return data


def _signals() -> dict[str, dict[str, Any]]:
    signals: dict[str, dict[str, Any]] = rules_data()["signals"]
    return signals


SIGNALS = tuple(_signals())
DEFAULT_WEIGHTS = {name: float(spec["weight"]) for name, spec in _signals().items()}
RULE_BOOK = {r.rule: r for r in load_rules(__package__ or __name__)}
# signal -> (legal basis, what it is, in Chinese for the editor), from the rules of rules.yaml
SIGNAL_INFO: dict[str, tuple[str, str]] = {
    name: (RULE_BOOK[f"ads/{name}"].legal_basis or "", RULE_BOOK[f"ads/{name}"].label) for name in SIGNALS
}
# Characters around an absolute term within which a product word makes it self-praise (rules.yaml
# `product_window`): right after it (顶级工艺), further after when the sentence speaks as the seller
# or to the buyer (本店…最…的小吃), or before it in its sentence (医院…业界领先).
PRODUCT_WINDOW: dict[str, int] = {k: int(v) for k, v in rules_data()["product_window"].items()}
# Kinds of evidence that a named merchant or product next to them turns into a commercial claim.
SELLER_BACKED = frozenset({"praise", "claim", "offer"})
# Distinct weak anchors (selling register, product spec) that make a paragraph an ad between them.
WEAK_ANCHORS_FOR_CONTEXT = 2
# rules.yaml `alone` values of signals that count as a kind of evidence for a block: `warning` (a warning
# on its own) and `paired` (round 8: a warning only beside other evidence of a sale, a price)
COUNTED_ALONE = frozenset({"warning", "paired"})


def _lexicon(name: str) -> str:
    return builtin_lexicon("ads", name)


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


class AdsOptions(CheckerOptions):
    """Policy section `checkers.ads`: threshold, per-signal weights, word lists."""

    threshold: float = Field(default_factory=lambda: float(rules_data()["threshold"]), gt=0.0, le=1.0)
    weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    short_link_weight: float = Field(
        default_factory=lambda: float(rules_data()["short_link_weight"]), ge=0.0, le=1.0
    )
    praise_weight: float = Field(default_factory=lambda: float(rules_data()["praise_weight"]), ge=0.0, le=1.0)
    families_to_block: int = Field(default_factory=lambda: int(rules_data()["families_to_block"]), ge=2)
    # None: the learned scorer never promotes (the rules alone decide)
    learned_promote: float | None = Field(
        default_factory=lambda: float(rules_data()["learned_promote"]), ge=0.0, le=1.0
    )
    # None: the learned scorer never flags a post the rules leave quiet (round 5, rules.yaml `learned_flag`)
    learned_flag: float | None = Field(
        default_factory=lambda: _optional_float(rules_data().get("learned_flag")), ge=0.0, le=1.0
    )
    learned_flag_max_chars: int = Field(
        default_factory=lambda: int(rules_data()["learned_flag_max_chars"]), ge=1
    )
    learned_ngrams: str = Field(default_factory=lambda: _lexicon("learned_ngrams.tsv"))
    max_hits_per_signal: int = Field(default_factory=lambda: int(rules_data()["max_hits_per_signal"]), ge=1)
    absolute_terms: str = Field(default_factory=lambda: _lexicon("absolute_terms.txt"))
    price_promotion: str = Field(default_factory=lambda: _lexicon("price_promotion.txt"))
    call_to_buy: str = Field(default_factory=lambda: _lexicon("call_to_buy.txt"))
    contact_to_buy: str = Field(default_factory=lambda: _lexicon("contact_to_buy.txt"))
    efficacy_claim: str = Field(default_factory=lambda: _lexicon("efficacy_claim.txt"))
    investment_promise: str = Field(default_factory=lambda: _lexicon("investment_promise.txt"))
    exam_guarantee: str = Field(default_factory=lambda: _lexicon("exam_guarantee.txt"))
    false_authority: str = Field(default_factory=lambda: _lexicon("false_authority.txt"))
    endorsement: str = Field(default_factory=lambda: _lexicon("endorsement.txt"))
    realestate_promise: str = Field(default_factory=lambda: _lexicon("realestate_promise.txt"))
    selling_register: str = Field(default_factory=lambda: _lexicon("selling_register.txt"))
    selling_voice: str = Field(default_factory=lambda: _lexicon("selling_voice.txt"))
    patterns: str = Field(default_factory=lambda: _lexicon("patterns.tsv"))
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
        self._patterns = load_patterns(
            options.patterns, {group: context_words(options.contexts, group) for group in PATTERN_LISTS}
        )
        self._voice = load_voice(options.selling_voice)
        self._exemptions = load_exemptions(options.exemptions)
        self._contexts = load_contexts(options.contexts)
        self._links = LinkMatcher(_link_rules(options.shop_links))
        self._spec = _signals()
        self._converging = int(rules_data()["converging_kinds"])
        self._product_is_seller = bool(rules_data()["claim_product_is_seller"])
        self._official_needs = frozenset(rules_data()["official_voice_blocks_with"])
        self._sale_kinds = frozenset(rules_data().get("block_needs_one_of") or ())
        self._max_quoted_share = float(rules_data()["quotations_only_max_share"])
        self._messages: dict[str, str] = rules_data()["messages"]
        self._flag_cues: tuple[str, ...] = tuple(rules_data()["learned_flag_cues"])
        rate_card = rules_data()["rate_card"]
        self._unit_price = re.compile(rate_card["unit_price"])
        self._rate_min = int(rate_card["min_prices"])
        self._rate_window = int(rate_card["window"])
        self._scorer = (
            NgramScorer.load(options.learned_ngrams)
            if options.learned_promote is not None or options.learned_flag is not None
            else None
        )

    # --- detection --------------------------------------------------------------------------

    def _analysis(self, context: CheckContext, field: FieldName) -> tuple[FieldAnalysis, list[int] | None]:
        """The field's shared analysis, or one of the field without the reading aids a mirror page
        put after its characters (服務(wù)) with the map back to the original offsets."""
        analysis = context.analysis(field)
        plain = without_glosses(analysis.text)  # the one reading of glosses every checker shares
        if plain is None:
            return analysis, None
        return FieldAnalysis(plain.text, analysis.bank), plain.origin

    def _scan(
        self, context: CheckContext
    ) -> tuple[dict[FieldName, tuple[FieldScan, list[Hit]]], dict[FieldName, list[int]]]:
        scans: dict[FieldName, FieldScan] = {}
        origins: dict[FieldName, list[int]] = {}
        for field, _ in context.fields():
            analysis, origin = self._analysis(context, field)
            scans[field] = FieldScan(analysis, self._contexts, self._exemptions, self._patterns)
            if origin is not None:
                origins[field] = origin
        enforcement_words = set().union(*(s.enforcement_words for s in scans.values()))
        title_scan = scans.get("title")
        whole_quoted = len(enforcement_words) >= 2 or bool(title_scan and title_scan.enforcement_words)
        out = {}
        for field, scan in scans.items():
            hits = word_hits(scan, self._entries) + voice_hits(scan, self._voice) + self._rate_card(scan)
            for link in self._links.find(scan.folded):
                if not scan.exempt("shop_link", link.start, link.end):
                    hits.append(Hit("shop_link", link.start, link.end, (link.source,), kind=link.kind))
            out[field] = (scan, merge_overlaps(mark_quoted(scan, hits, whole_quoted)))
        return self._quotations_only(out), origins

    def _rate_card(self, scan: FieldScan) -> list[Hit]:
        """Round 9 (rules.yaml `rate_card`): `min_prices` unit prices within `window` characters, across
        the lines a booking page puts its cells on, are one seller's rate card (ads/product_listing),
        unless an exemption of the listing (delivery terms) covers them."""
        folded = scan.folded
        if "/" not in folded and "nt." not in folded:
            return []  # no unit price can match (speed)
        prices = [m.span() for m in self._unit_price.finditer(folded)]
        for i in range(len(prices) - self._rate_min + 1):
            start, end = prices[i][0], prices[i + self._rate_min - 1][1]
            if end - start <= self._rate_window and not scan.exempt("product_listing", start, end):
                return [Hit("product_listing", start, end, ("rules.yaml rate_card",))]
        return []

    def _quotations_only(
        self, scanned: dict[FieldName, tuple[FieldScan, list[Hit]]]
    ) -> dict[FieldName, tuple[FieldScan, list[Hit]]]:
        """Round 7: a text whose every claim and absolute term of its own voice sits inside quotation
        marks, and that offers nothing, gives no way to buy, neither speaks as a seller nor to the
        reader, quotes someone else's slogans (a newspaper naming “无敌训练营”“保过班”; a reader's story
        opening on the shops' “3个月狂瘦10斤！”): those hits are reported, not made."""
        own = [(f, h) for f, (_s, hits) in scanned.items() for h in hits if not h.quoted]
        if not own:
            return scanned
        for field, hit in own:
            scan = scanned[field][0]
            if self._spec[hit.signal]["evidence"] not in ("claim", "praise") or not scan.in_quotation(hit.start):
                return scanned
        for scan, _hits in scanned.values():
            _ = scan.product_words  # the lazy groups (`self`) are scanned on first use
            if scan.context_paragraphs["seller"] or scan.context_sentences["self"]:
                return scanned
            if scan.quoted_share > self._max_quoted_share:
                return scanned  # slogans strung together: the ad copy itself, taken out
        return {f: (scan, [replace(h, quoted=True) for h in hits]) for f, (scan, hits) in scanned.items()}

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
        if hit.signal == "absolute_term" and hit.kind == "praise":
            return self.options.praise_weight
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
        scanned, origins = self._scan(context)
        meta = self._meta_links(document)
        counted: list[tuple[FieldName, Hit]] = [("text", h) for h, _ in meta]
        # Hits that speak for the post itself (not quoted), absolute terms aside, and where they are.
        for field, (_scan, hits) in scanned.items():
            counted += [(field, h) for h in hits if not h.quoted and h.signal != "absolute_term"]
        base_score = self._score(h for _, h in counted)
        ad_paragraphs = self._ad_paragraphs(scanned, counted)
        in_ad_doc = base_score >= self.options.threshold or bool(meta)
        findings: list[Finding] = []
        for field, (scan, hits) in scanned.items():
            for hit in hits:
                where = (field, scan.seg.paragraph(hit.start))
                in_ad = in_ad_doc or where in ad_paragraphs
                if hit.quoted:
                    findings.append(self._finding(field, hit, "quoted"))
                elif hit.signal == "absolute_term":
                    praising = hit.strong and scan.praises_product(
                        hit.start,
                        hit.end,
                        PRODUCT_WINDOW["adjacent"],
                        PRODUCT_WINDOW["after_in_selling_voice"],
                        PRODUCT_WINDOW["before"],
                    )
                    if in_ad or praising:
                        # praise of the thing on sale is itself a clear ad (rubric: a strong absolute
                        # term in a selling sentence); inside an ad paragraph it only adds weight
                        hit = replace(hit, kind="praise") if praising else hit
                        counted.append((field, hit))
                        findings.append(self._finding(field, hit, "warning"))
                    elif hit.strong:
                        findings.append(self._finding(field, hit, "context"))
                elif hit.signal == "shop_link" and hit.kind == "short":
                    findings.append(self._finding(field, hit, "short_link"))
                elif self._spec[hit.signal].get("alone", "warning") == "warning" or in_ad:
                    findings.append(self._finding(field, hit, "warning"))
                elif self._spec[hit.signal].get("alone") == "paired" and (
                    scan.names_seller(hit.start) or self._addresses_reader(scan, hit.start)
                ):
                    # a price beside a merchant (本店消费满…) or said to the buyer (您只需…) is the offer
                    findings.append(self._finding(field, hit, "warning"))
                else:
                    findings.append(self._finding(field, hit, "context"))
        findings += [self._finding("text", hit, "warning", excerpt) for hit, excerpt in meta]
        score = self._score(h for _, h in counted)
        official = any(scan.official for scan, _hits in scanned.values())
        # an authority offering a public service for a fee (体检套餐……预约电话 of a public hospital,
        # 培训费……报名电话 of a 人社局) sells nothing: no block, whatever its offer and channel
        sells = not (official and self._public_service(scanned, counted))
        kinds = self._kinds(scanned, counted)
        if sells and self._blocks(kinds, score, official):
            findings.append(self._combined(counted, score))
        elif not official and self._scorer is not None:
            # a lone price (`alone: paired`, info on its own) still lets the scorer judge the post: the
            # score, not the price alone, decides whether such a post is ad copy
            paired = any(self._spec[h.signal].get("alone") == "paired" for _f, h in counted)
            if paired or any(f.severity == "warning" for f in findings):
                promote = self.options.learned_promote
                learned = self._scorer.score("\n".join(scan.folded for scan, _hits in scanned.values()))
                if promote is not None and learned.probability >= promote:
                    findings.append(self._learned(learned, promote))
                    findings.append(self._combined(counted, score, learned))
            else:
                findings += self._learned_copy(scanned)
        if origins:  # offsets found without a mirror's reading aids, back to the original text
            findings = [_map_back(f, origins[f.field]) if f.field in origins else f for f in findings]
        return findings

    def _kinds(
        self, scanned: dict[FieldName, tuple[FieldScan, list[Hit]]], counted: list[tuple[FieldName, Hit]]
    ) -> set[str]:
        """The kinds of evidence (rules.yaml `evidence`: praise, claim, offer, channel, register) among
        the hits of the post's own voice that are warnings on their own (not a bare spec, not a short
        link), and what their surroundings add: `seller` for praise, a claim or an offer where a
        merchant is named (its paragraph), or for a claim about a named product (its sentence) when
        rules.yaml `claim_product_is_seller` says so; `register` for praise or a claim said to the
        reader."""
        kinds: set[str] = set()
        for field, hit in counted:
            if (hit.signal == "shop_link" and hit.kind == "short") or self._spec[hit.signal].get(
                "alone", "warning"
            ) not in COUNTED_ALONE:
                continue
            kind = self._spec[hit.signal]["evidence"]
            kinds.add(kind)
            if field not in scanned or hit.end <= hit.start:
                continue  # a link in the document's metadata: no surroundings
            scan = scanned[field][0]
            # praise already needs a product word to count, and a price names its goods by nature
            # (价格, 款): only a merchant adds to them
            if (
                kind in SELLER_BACKED
                and "seller" not in kinds
                and (
                    scan.names_seller(hit.start)
                    or (self._product_is_seller and kind == "claim" and scan.names_product(hit.start))
                )
            ):
                kinds.add("seller")
            if (
                kind in ("praise", "claim")
                and "register" not in kinds
                and self._addresses_reader(scan, hit.start)
            ):
                kinds.add("register")
        return kinds

    def _addresses_reader(self, scan: FieldScan, offset: int) -> bool:
        """Whether the sentence at `offset` speaks to the reader (selling_voice.txt group `you`)."""
        sentence = scan.seg.sentence(offset)
        start, end = scan.analysis.sentences.bounds(offset)
        return any(
            group == "you" and scan.seg.sentence(s) == sentence
            for s, _e, group in scan.analysis.phrases(self._voice)
            if start <= s < end
        )

    def _public_service(
        self, scanned: dict[FieldName, tuple[FieldScan, list[Hit]]], counted: list[tuple[FieldName, Hit]]
    ) -> bool:
        """Whether an offer or a way to buy of the post stands in a paragraph where a public body or
        public service is named (contexts.txt group `public`: 人社局, 社区, 人民医院, 12345 …)."""
        return any(
            field in scanned
            and h.end > h.start
            and self._spec[h.signal]["evidence"] in ("offer", "channel")
            and scanned[field][0].seg.paragraph(h.start) in scanned[field][0].context_paragraphs["public"]
            for field, h in counted
        )

    def _blocks(self, kinds: set[str], score: float, official: bool) -> bool:
        """RUBRIC "Clear ad", made to need converging evidence: distinct kinds of the post's own
        voice meet (a claim and a seller, an offer and a channel …); in a document that speaks as an
        authority or a reporter, only the sale itself (rules.yaml `official_voice_blocks_with`)."""
        if official:
            return self._official_needs <= kinds
        if self._sale_kinds and not kinds & self._sale_kinds:
            return False  # what is said (praise, claim) without what is sold, by whom or how
        return len(kinds) >= self._converging and (
            score >= self.options.threshold or len(kinds) >= self.options.families_to_block
        )

    def _ad_paragraphs(
        self, scanned: dict[FieldName, tuple[FieldScan, list[Hit]]], counted: list[tuple[FieldName, Hit]]
    ) -> set[tuple[FieldName, int]]:
        """Paragraphs that sell: a claim or a strong anchor of the post's own voice, or two distinct
        weak anchors (推销口吻 and 规格 together). Absolute terms inside them are counted."""
        strong: set[tuple[FieldName, int]] = set()
        weak: dict[tuple[FieldName, int], set[str]] = {}
        # a signal that is a warning only beside other evidence (`alone: paired`, a price) makes its
        # paragraph an ad when it occurs twice in the post's own voice (原价…现价…: the offer itself)
        paired_counts = Counter(
            h.signal for _f, h in counted if self._spec[h.signal].get("alone") == "paired"
        )
        paired_strong = {signal for signal, n in paired_counts.items() if n >= 2}
        for f, h in counted:
            if f not in scanned or h.end <= h.start or (h.signal == "shop_link" and h.kind == "short"):
                continue
            where = (f, scanned[f][0].seg.paragraph(h.start))
            alone = self._spec[h.signal].get("alone", "warning")
            if alone == "warning" or (alone == "paired" and h.signal in paired_strong):
                strong.add(where)
            else:
                weak.setdefault(where, set()).add(h.signal)
        return strong | {w for w, signals in weak.items() if len(signals) >= WEAK_ANCHORS_FOR_CONTEXT}

    # --- findings ---------------------------------------------------------------------------

    def _finding(self, field: FieldName, hit: Hit, voice: str, excerpt: str = "") -> Finding:
        """One signal hit; `voice` is warning | quoted | context | short_link (rules.yaml messages)."""
        basis, label = SIGNAL_INFO[hit.signal]
        words = "、".join(s.rsplit(" ", 1)[-1] for s in hit.sources)
        severity: Severity = "warning" if voice == "warning" else "info"
        return Finding(
            checker=self.name,
            rule=f"ads/{hit.signal}",
            category="advertising",
            severity=severity,
            field=field,
            start=hit.start,
            end=hit.end,
            excerpt=excerpt,
            message=(
                RULE_BOOK[f"ads/{hit.signal}"].render_message(words=words)
                if voice == "warning"
                else self._messages[voice].format(label=label, words=words)
            ),
            suggestion=self._messages["suggestion"] if voice == "warning" else None,
            score=round(self._weight(hit), 4),
            source="; ".join(hit.sources),
            legal_basis=basis,
        )

    def _learned(self, learned: Score, threshold: float) -> Finding:
        """The learned score that turned a flagged post into a block, naming the n-grams that fired."""
        return self._scored("ads/learned_score", learned, threshold, "info", "text", 0)

    def _scored(
        self, rule_id: str, learned: Score, threshold: float, severity: Severity, field: FieldName, end: int
    ) -> Finding:
        """A finding of one of the learned scorer's rules: its probability against `threshold` and
        the n-grams that fired, over text[0:end] of `field`."""
        assert self._scorer is not None
        rule = RULE_BOOK[rule_id]
        return Finding(
            checker=self.name,
            rule=rule_id,
            category="advertising",
            severity=severity,
            field=field,
            start=0,
            end=end,
            message=rule.render_message(
                score=learned.probability, threshold=threshold, words="、".join(learned.top) or "—"
            ),
            suggestion=rule.render_suggestion(),
            score=learned.probability,
            source=f"{self._scorer.source}: " + ", ".join(learned.top),
            legal_basis=rule.legal_basis,
        )

    def _learned_copy(self, scanned: dict[FieldName, tuple[FieldScan, list[Hit]]]) -> list[Finding]:
        """Round 5: a short post the rules leave quiet that the learned scorer rates as ad copy (rules.yaml
        `learned_flag`): one warning over the longest field, naming the n-grams that fired. Long posts
        are never scored (news and notices are long; speed)."""
        flag = self.options.learned_flag
        lengths = {field: len(scan.folded) for field, (scan, _hits) in scanned.items()}
        if flag is None or self._scorer is None or not lengths:
            return []
        if sum(lengths.values()) > self.options.learned_flag_max_chars:
            return []
        scans = [scan for scan, _hits in scanned.values()]
        # a usage the word lists settle as a government one (exemptions.txt: 消费券, 文旅优惠券 …) is
        # not second-guessed by the score
        if any(scan.span_exemptions or scan.sentence_exemptions for scan in scans):
            return []
        if not any(self._has_cue(scan) for scan in scans):
            return []
        learned = self._scorer.score("\n".join(scan.folded for scan, _hits in scanned.values()))
        if learned.probability < flag:
            return []
        field = max(lengths, key=lambda f: (lengths[f], f == "text"))
        return [self._scored("ads/learned_copy", learned, flag, "warning", field, lengths[field])]

    def _has_cue(self, scan: FieldScan) -> bool:
        """Whether a field names one of rules.yaml `learned_flag_cues` (contexts.txt groups, or `money`)."""
        return any(
            bool(MONEY.search(scan.folded)) if cue == "money" else bool(scan.context_sentences[cue])
            for cue in self._flag_cues
        )

    def _combined(
        self, counted: list[tuple[FieldName, Hit]], score: float, learned: Score | None = None
    ) -> Finding:
        signals = Counter(h.signal for _, h in counted)
        in_text = [h for f, h in counted if f == "text" and h.end > h.start]
        spans = in_text or [h for f, h in counted if f == "title"]
        field: FieldName = "text" if in_text or not spans else "title"
        start = min((h.start for h in spans), default=0)
        end = max((h.end for h in spans), default=0)
        labels = "、".join(f"{SIGNAL_INFO[s][1]}×{n}" for s, n in sorted(signals.items()))
        if learned is not None:
            labels += f"、{RULE_BOOK['ads/learned_score'].label} {learned.probability:.2f}"
        combined = RULE_BOOK["ads/commercial_ad"]
        return Finding(
            checker=self.name,
            rule="ads/commercial_ad",
            category="advertising",
            severity="error",
            field=field,
            start=start,
            end=end,
            message=combined.render_message(labels=labels, score=score, threshold=self.options.threshold),
            suggestion=combined.render_suggestion(),
            score=min(score, 1.0),
            source="signals: "
            + ", ".join(f"{s}×{n}" for s, n in sorted(signals.items()))
            + (f", learned_score {learned.probability:.2f}" if learned is not None else ""),
            legal_basis=combined.legal_basis,
        )


def _map_back(finding: Finding, origin: list[int]) -> Finding:
    start = origin[finding.start]
    end = origin[finding.end - 1] + 1 if finding.end > finding.start else start
    return finding.model_copy(update={"start": start, "end": end})


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
