"""Sign-off tier routing (办法第十五条): which leader must approve a post before it is published.

Trigger phrases (lexicons/tiers/triggers.tsv) name a category; each category has a tier
(categories.tsv). A major-category mention only makes a post major when its weight plus the
context around it (casualties, evacuations, "正在", counts of affected people — context.tsv)
reaches the policy threshold; drills, commemorations, history, negation, rumour rebuttals and
ended events cap what a mention can count for. Important categories add up the weights of their
distinct phrases. Every decision is an escalation reason naming the words and offsets.

Editors may raise the tier with `Document.meta["tier"]`; a request for less than the computed
tier is refused and recorded as an `info` finding.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from pydantic import Field

from review_pipeline.checkers.base import CheckContext, CheckerOptions, RuleInfo
from review_pipeline.lexicon import LexiconLine, read_lexicon
from review_pipeline.models import TIER_RANK, Document, FieldName, Finding, SignOffReason, Tier
from review_pipeline.policy import builtin_dir
from review_pipeline.rules import load_rules
from review_pipeline.text.phrases import PhraseIndex

LEGAL_BASIS = "办法第十五条"
CHECKER = "tiers"
TIERS: tuple[Tier, ...] = ("ordinary", "important", "major")
# What editors write in meta["tier"]: the English ids or the regulation's own words.
TIER_ALIASES: dict[str, Tier] = {
    "ordinary": "ordinary",
    "一般": "ordinary",
    "一般信息": "ordinary",
    "important": "important",
    "重要": "important",
    "重要信息": "important",
    "major": "major",
    "重大": "major",
    "重大信息": "major",
    "重大敏感": "major",
}
TIER_LABEL: dict[str, str] = {"ordinary": "一般信息", "important": "重要信息", "major": "重大敏感信息"}
SENTENCE_STOPS = "。！？!?；;\n"
CLAUSE_STOPS = SENTENCE_STOPS + "，,：:"
_SENTENCE_RE = re.compile(f"[{SENTENCE_STOPS}]")
_CLAUSE_RE = re.compile(f"[{CLAUSE_STOPS}]")
_LEXICON_DIR = builtin_dir("lexicons") / "tiers"


def _default(name: str) -> str:
    return str(_LEXICON_DIR / name)


class TiersOptions(CheckerOptions):
    """Policy section `checkers.tiers`."""

    categories: str = Field(default_factory=lambda: _default("categories.tsv"))
    triggers: list[str] = Field(default_factory=lambda: [_default("triggers.tsv")])
    context: list[str] = Field(default_factory=lambda: [_default("context.tsv")])
    threshold: float = Field(default=1.0, gt=0)
    window: int = Field(default=50, ge=0, le=1000)
    negation_reach: int = Field(default=10, ge=0, le=100)
    category_weights: dict[str, float] = Field(default_factory=dict)


# --- rule data -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    tier: Tier
    label: str


@dataclass(frozen=True, slots=True)
class Trigger:
    phrase: str
    category: Category
    weight: float
    source: str


@dataclass(frozen=True, slots=True)
class ContextRule:
    """A boost, cap or mask from context.tsv; `value` is a weight (boost) or a tier (cap)."""

    term: str
    effect: str
    kind: str
    value: str
    scope: str
    source: str

    @property
    def weight(self) -> float:
        return float(self.value) if self.effect == "boost" else 0.0


def _source(entry: LexiconLine, term: str) -> str:
    return f"{Path(entry.path).parent.name}/{Path(entry.path).name}:{entry.line} {term}"


def _weight(entry: LexiconLine, index: int) -> float:
    try:
        value = float(entry.cell(index))
    except ValueError:
        raise entry.error(f"weight must be a number, got {entry.cell(index)!r}") from None
    if not 0 < value <= 10:
        raise entry.error(f"weight must be in (0, 10], got {value}")
    return value


def load_categories(path: str) -> dict[str, Category]:
    """category -> Category from a categories.tsv file."""
    out: dict[str, Category] = {}
    for entry in read_lexicon(path, min_cells=3, max_cells=3):
        name, tier, label = entry.cells
        if tier not in ("important", "major"):
            raise entry.error(f"tier must be important or major, got {tier!r}")
        if name in out:
            raise entry.error(f"category {name!r} defined twice")
        out[name] = Category(name, tier, label)  # type: ignore[arg-type]
    return out


def load_triggers(
    paths: Iterable[str], categories: dict[str, Category], scale: dict[str, float]
) -> list[Trigger]:
    """Trigger phrases; `scale` multiplies the weights of a category (policy `category_weights`)."""
    out = []
    for path in paths:
        for entry in read_lexicon(path, min_cells=3, max_cells=3):
            category = categories.get(entry.cell(1))
            if category is None:
                raise entry.error(f"unknown category {entry.cell(1)!r}; known: {', '.join(categories)}")
            weight = _weight(entry, 2) * scale.get(category.name, 1.0)
            out.append(Trigger(entry.cell(0), category, weight, _source(entry, entry.cell(0))))
    return out


def _context_rule(entry: LexiconLine) -> ContextRule:
    term, effect, kind = entry.cell(0), entry.cell(1), entry.cell(2)
    value, scope = entry.cell(3), entry.cell(4, "window")
    if effect == "boost":
        _weight(entry, 3)
    elif effect == "cap":
        if value not in ("ordinary", "important"):
            raise entry.error(f"a cap's value must be ordinary or important, got {value!r}")
        if scope not in ("prefix", "sentence", "lead"):
            raise entry.error(f"a cap's scope must be prefix, sentence or lead, got {scope!r}")
    elif effect != "mask":
        raise entry.error(f"effect must be boost, cap or mask, got {effect!r}")
    if term.startswith("re:"):
        try:
            re.compile(term[3:])
        except re.error as exc:
            raise entry.error(f"bad regular expression: {exc}") from None
    return ContextRule(term, effect, kind, value, scope, _source(entry, term))


def load_context(paths: Iterable[str]) -> list[ContextRule]:
    """Boosts, caps and masks from context.tsv files."""
    return [_context_rule(e) for path in paths for e in read_lexicon(path, min_cells=3, max_cells=5)]


# --- one document ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    field: FieldName
    start: int
    end: int
    rule: Trigger | ContextRule


@dataclass(slots=True)
class FieldScan:
    """What was found in one field, with its sentence and clause boundaries."""

    field: FieldName
    triggers: list[Hit]
    boosts: list[Hit]
    caps: list[Hit]
    sentence_ends: list[int]
    clause_ends: list[int]

    def sentence(self, offset: int) -> int:
        return bisect_right(self.sentence_ends, offset)

    def clause(self, offset: int) -> int:
        return bisect_right(self.clause_ends, offset)


@dataclass(slots=True)
class Scored:
    """One trigger mention, its score and the tier it ends up supporting."""

    hit: Hit
    trigger: Trigger
    score: float
    tier: Tier
    boosts: list[Hit]
    cap: Hit | None


def _contains(outer: Hit, inner: Hit) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _overlaps(a: Hit, b: Hit) -> bool:
    return a.start < b.end and b.start < a.end


class TiersChecker:
    """Routes each post to ordinary / important / major sign-off (办法第十五条)."""

    name: ClassVar[str] = CHECKER
    Options: ClassVar[type[CheckerOptions]] = TiersOptions
    RULES: ClassVar[tuple[RuleInfo, ...]] = load_rules(__package__ or __name__)

    def __init__(self, options: TiersOptions) -> None:
        self.options = options
        self.categories = load_categories(options.categories)
        unknown = sorted(set(options.category_weights) - set(self.categories))
        if unknown:
            raise ValueError(f"category_weights names unknown categories: {', '.join(unknown)}")
        triggers = load_triggers(options.triggers, self.categories, options.category_weights)
        rules = load_context(options.context)
        self._triggers: PhraseIndex[Trigger] = PhraseIndex((t.phrase, t) for t in triggers)
        self._context: PhraseIndex[ContextRule] = PhraseIndex(
            (r.term, r) for r in rules if not r.term.startswith("re:")
        )
        self._patterns = [(re.compile(r.term[3:]), r) for r in rules if r.term.startswith("re:")]

    # --- scanning ---

    def _scan(self, field: FieldName, folded: str) -> FieldScan:
        triggers = [Hit(field, s, e, t) for s, e, t in self._triggers.find(folded)]
        context = [Hit(field, s, e, r) for s, e, r in self._context.find(folded)]
        for pattern, rule in self._patterns:
            context.extend(
                Hit(field, m.start(), m.end(), rule) for m in pattern.finditer(folded) if m.end() > m.start()
            )
        masks = [h for h in context if isinstance(h.rule, ContextRule) and h.rule.effect == "mask"]

        def visible(hit: Hit) -> bool:
            return not any(m is not hit and _contains(m, hit) for m in masks)

        triggers = [h for h in triggers if visible(h)]
        context = [h for h in context if visible(h)]
        scan = FieldScan(
            field=field,
            triggers=triggers,
            boosts=[h for h in context if isinstance(h.rule, ContextRule) and h.rule.effect == "boost"],
            caps=[h for h in context if isinstance(h.rule, ContextRule) and h.rule.effect == "cap"],
            sentence_ends=[m.end() for m in _SENTENCE_RE.finditer(folded)],
            clause_ends=[m.end() for m in _CLAUSE_RE.finditer(folded)],
        )
        # A negated boost (未造成人员伤亡) boosts nothing; decided once per field, not per trigger.
        scan.boosts = [b for b in scan.boosts if not self._prefix_caps(scan, b)]
        return scan

    @staticmethod
    def _lead_caps(scans: list[FieldScan]) -> list[Hit]:
        """`lead` caps in the title or the first sentence of the text apply to the whole post."""
        out = []
        for scan in scans:
            for cap in scan.caps:
                assert isinstance(cap.rule, ContextRule)
                in_lead = scan.field == "title" or scan.sentence(cap.start) == 0
                if cap.rule.scope == "lead" and in_lead:
                    out.append(cap)
        return out

    def _prefix_caps(self, scan: FieldScan, hit: Hit) -> list[Hit]:
        """Prefix caps shortly before `hit` in the same clause; only negations apply to boosts."""
        reach = self.options.negation_reach
        out = []
        for cap in scan.caps:
            assert isinstance(cap.rule, ContextRule)
            if (
                cap.rule.scope == "prefix"
                and cap.end <= hit.start
                and hit.start - cap.end <= reach
                and scan.clause(cap.start) == scan.clause(hit.start)
                and (cap.rule.kind == "negation" or isinstance(hit.rule, Trigger))
            ):
                out.append(cap)
        return out

    def _cap(self, scan: FieldScan, hit: Hit, lead_caps: list[Hit]) -> Hit | None:
        """The strictest cap on `hit`: post-wide lead caps, same-sentence caps, prefix caps."""
        candidates = list(lead_caps)
        sentence = scan.sentence(hit.start)
        for cap in scan.caps:
            assert isinstance(cap.rule, ContextRule)
            if (
                cap.rule.scope != "prefix"
                and not _overlaps(cap, hit)
                and scan.sentence(cap.start) == sentence
            ):
                candidates.append(cap)
        candidates.extend(self._prefix_caps(scan, hit))
        if not candidates:
            return None
        return min(candidates, key=lambda c: (TIER_RANK[c.rule.value], c.start))  # type: ignore[union-attr]

    def _boosts(self, scan: FieldScan, hit: Hit) -> list[Hit]:
        """The strongest boost of each kind within the window and not inside the trigger."""
        window = self.options.window
        best: dict[str, Hit] = {}
        for boost in scan.boosts:
            rule = boost.rule
            assert isinstance(rule, ContextRule)
            if boost.end < hit.start - window or boost.start > hit.end + window or _contains(hit, boost):
                continue
            current = best.get(rule.kind)
            if current is None or rule.weight > current.rule.weight:
                best[rule.kind] = boost
        return sorted(best.values(), key=lambda h: h.start)

    def _score(self, scan: FieldScan, hit: Hit, lead_caps: list[Hit]) -> Scored | None:
        trigger = hit.rule
        assert isinstance(trigger, Trigger)
        category = trigger.category
        boosts = self._boosts(scan, hit) if category.tier == "major" else []
        score = trigger.weight + sum(b.rule.weight for b in boosts)
        if category.tier == "major" and score < self.options.threshold:
            return None
        cap = self._cap(scan, hit, lead_caps)
        tier: Tier = category.tier
        if cap is not None:
            assert isinstance(cap.rule, ContextRule)
            tier = min(tier, cap.rule.value, key=TIER_RANK.__getitem__)  # type: ignore[arg-type]
        if tier == "ordinary":
            return None
        return Scored(hit, trigger, round(score, 3), tier, boosts, cap)

    # --- routing ---

    def route(self, context: CheckContext) -> list[Scored]:
        """The deciding mention of each category that reaches a tier, strongest tier first."""
        scans = [self._scan(field, context.folded(field)) for field, _ in context.fields()]
        lead_caps = self._lead_caps(scans)
        scored = [s for scan in scans for hit in scan.triggers if (s := self._score(scan, hit, lead_caps))]
        best: dict[tuple[Tier, str], Scored] = {}
        totals: dict[str, dict[str, float]] = {}
        for s in scored:
            name = s.trigger.category.name
            if s.trigger.category.tier == "important":
                phrases = totals.setdefault(name, {})
                phrases[s.trigger.phrase] = max(phrases.get(s.trigger.phrase, 0.0), s.trigger.weight)
            key = (s.tier, name)
            if key not in best or (s.score, -s.hit.start) > (best[key].score, -best[key].hit.start):
                best[key] = s
        out = []
        for (_tier, name), s in best.items():
            if s.trigger.category.tier == "important":
                total = sum(totals[name].values())
                if total < self.options.threshold:
                    continue
                s.score = round(total, 3)
            out.append(s)
        # One reason per category: a category that reached major is not repeated as important.
        majors = {s.trigger.category.name for s in out if s.tier == "major"}
        out = [s for s in out if s.tier == "major" or s.trigger.category.name not in majors]
        out.sort(key=lambda s: (-TIER_RANK[s.tier], s.hit.field != "title", s.hit.start))
        return out

    def check(self, document: Document, context: CheckContext) -> Iterator[Finding]:
        for s in self.route(context):
            finding, reason = self._explain(document, s)
            context.escalate(reason)
            yield finding
        yield from self._editor_request(document, context)

    # --- explanations ---

    def _explain(self, document: Document, s: Scored) -> tuple[Finding, SignOffReason]:
        category = s.trigger.category
        original = document.field_text(s.hit.field)
        excerpt = original[s.hit.start : s.hit.end]
        parts = [f"涉及{category.label}「{excerpt}」"]
        if s.boosts:
            parts.append("，情境：" + "、".join(f"「{original[b.start : b.end]}」" for b in s.boosts))
        if s.cap is not None and category.tier == "major" and s.tier != "major":
            parts.append(f"；因「{original[s.cap.start : s.cap.end]}」不按重大敏感信息处理")
        parts.append(f"。按{TIER_LABEL[s.tier]}审定签发（办法第十五条）。")
        message = "".join(parts)
        rule = f"{CHECKER}/{s.tier}_{category.name}"
        reason = SignOffReason(
            tier=s.tier,
            rule=rule,
            message=message,
            field=s.hit.field,
            start=s.hit.start,
            end=s.hit.end,
            excerpt=excerpt,
        )
        finding = Finding(
            checker=CHECKER,
            rule=rule,
            category=category.name,
            severity="info",
            field=s.hit.field,
            start=s.hit.start,
            end=s.hit.end,
            message=message,
            legal_basis=LEGAL_BASIS,
            source=s.trigger.source,
            score=min(1.0, s.score / (2 * self.options.threshold)),
        )
        return finding, reason

    def _editor_request(self, document: Document, context: CheckContext) -> Iterator[Finding]:
        """Honour meta['tier'] upwards only; record a refused lowering or an unreadable value."""
        raw = document.meta.get("tier")
        if raw is None:
            return
        requested = TIER_ALIASES.get(str(raw).strip().lower())
        if requested is None:
            yield self._request_finding(
                "tiers/invalid_request",
                "warning",
                "meta.tier 的值无法识别（应为 ordinary/important/major 或 一般/重要/重大），未采纳。",
            )
            return
        computed = max((r.tier for r in context.escalations), key=TIER_RANK.__getitem__, default="ordinary")
        if TIER_RANK[requested] > TIER_RANK[computed]:
            message = (
                f"编辑要求按{TIER_LABEL[requested]}审定签发，高于自动判定的{TIER_LABEL[computed]}，已提高。"
            )
            context.escalate(SignOffReason(tier=requested, rule="tiers/raise_request", message=message))
            yield self._request_finding("tiers/raise_request", "info", message)
        elif TIER_RANK[requested] < TIER_RANK[computed]:
            message = (
                f"编辑要求按{TIER_LABEL[requested]}审定签发，低于自动判定的{TIER_LABEL[computed]}，"
                "不予降低（办法第十五条）。"
            )
            yield self._request_finding("tiers/lower_refused", "info", message)

    @staticmethod
    def _request_finding(rule: str, severity: str, message: str) -> Finding:
        return Finding(
            checker=CHECKER,
            rule=rule,
            category="request",
            severity=severity,  # type: ignore[arg-type]
            start=0,
            end=0,
            message=message,
            legal_basis=LEGAL_BASIS,
            source="document.meta.tier",
        )
