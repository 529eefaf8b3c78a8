"""Sign-off tier routing (办法第十五条): which leader must approve a post before it is published.

Trigger phrases (lexicons/tiers/triggers.tsv) name a category; each category has a tier
(categories.tsv), and each event trigger a class of 《国家突发公共事件总体应急预案》 (自然灾害,
事故灾难, 公共卫生事件, 社会安全事件) and, where the word implies one, a level. A major-category
mention only makes a post major when its weight plus the context around it (casualties,
evacuations, "正在", counts of affected people — context.tsv) and a stated level anywhere in the
post (Ⅰ级响应, 特别重大 — levels.tsv) reaches the policy threshold; drills, commemorations,
history, negation, rumour rebuttals, ended events and documents that only describe events (plans,
regulations: `post` caps) cap what a mention can count for, and "no casualties" statements damp it.
A cap needs its own evidence: one lifted by a kind of evidence the mention carries (a cap's
`unless`: a solved case whose victims are counted, a rebuttal beside the authority's own count of
the event) does not apply, and a tip or drill named after the news (`appendix_kinds`: 温馨提示
closing an accident notice) caps only what follows it.
An event word inside a work frame (排查, 部署, 培训, 宣传, 做好…: the hazard is the topic of routine
work, not something happening) counts for nothing, and neither do the casualty or rescue words of
that phrase, unless the phrase itself counts victims (转移群众92户175人) — frames, context.tsv.
Important categories (policy documents by number or title, plans, personnel, ...) add up the
weights of their distinct phrases. Every decision is an escalation reason naming the words, the
class and level, and the deciding context with offsets.

Editors may raise the tier with `Document.meta["tier"]`; a request for less than the computed
tier is refused and recorded as an `info` finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import ClassVar, TypeVar

from pydantic import Field

from review_pipeline.checkers.base import CheckContext, CheckerOptions, RuleInfo
from review_pipeline.lexicon import LexiconLine, read_lexicon
from review_pipeline.models import TIER_RANK, Document, FieldName, Finding, SignOffReason, Tier
from review_pipeline.policy import builtin_dir
from review_pipeline.rules import load_rules
from review_pipeline.text.analysis import SENTENCE_STOPS, FieldAnalysis, Segments
from review_pipeline.text.glosses import Plain, without_glosses
from review_pipeline.text.patterns import GatedPatterns
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
_LEXICON_DIR = builtin_dir("lexicons") / "tiers"
# A work frame reaches over a clause with its enumerations ("山洪、滑坡等隐患点…开展巡查"): the
# project's clause limits without the enumeration comma.
PHRASE_STOPS = SENTENCE_STOPS + ",:"
_R = TypeVar("_R")


def _default(name: str) -> str:
    return str(_LEXICON_DIR / name)


class TiersOptions(CheckerOptions):
    """Policy section `checkers.tiers`."""

    categories: str = Field(default_factory=lambda: _default("categories.tsv"))
    triggers: list[str] = Field(default_factory=lambda: [_default("triggers.tsv")])
    context: list[str] = Field(default_factory=lambda: [_default("context.tsv")])
    levels: list[str] = Field(default_factory=lambda: [_default("levels.tsv")])
    threshold: float = Field(default=1.0, gt=0)
    window: int = Field(default=50, ge=0, le=1000)
    lead_chars: int = Field(default=60, ge=0, le=1000)
    negation_reach: int = Field(default=10, ge=0, le=100)
    # Cap kinds that mark the post as a document (a plan or regulation publishing its own text):
    # `genre` caps (knowledge signs such as "分为四个等级") yield to them, since a plan states the
    # same taxonomy as a rule, not as a lesson.
    document_kinds: list[str] = Field(default_factory=lambda: ["plan"])
    # Boost kinds that only qualify an event (持续, 严峻, 全市, 紧急, 研究决定): they add to a mention's
    # score but cannot make a mention major on their own. A hazard word needs at least one boost of
    # another kind (casualties, evacuation, damage, rescue, counts, police on the scene …) or a
    # stated level: "强降雨持续时间长、防汛形势严峻" announces a meeting, not a disaster.
    qualifier_kinds: list[str] = Field(
        default_factory=lambda: [
            "ongoing",
            "severity",
            "scope",
            "urgency",
            "decision",
            "response",
            "issued",
            "confirmed",
        ]
    )
    category_weights: dict[str, float] = Field(default_factory=dict)
    # Categories, besides every major one, whose words are events only outside a work frame
    # (context.tsv `frame`): 险情 in "进行险情排查" is not emergency information.
    frame_categories: list[str] = Field(default_factory=lambda: ["emergency", "public_order"])
    # Cap kinds a notice appends after its news (温馨提示 closing a police or accident notice,
    # "得益于平时的消防演练"): such a lead cap holds for a mention of another sentence only when it comes
    # before it — a genre is declared at the head of a post, not after the event it reports.
    appendix_kinds: list[str] = Field(default_factory=lambda: ["tip", "drill"])
    # Cap scopes read anywhere in the post (`post`, `genre`: a knowledge sign, a drill's quoted roles)
    # that take a major mention below important only when they come before it in its field or stand
    # in its paragraph: a sign met after the event, in a later paragraph (a knowledge note or a tip
    # sheet appended to a notice, a drill recalled), does not undo the event. A major item needs its
    # own evidence to be routed down (article 15).
    preceding_scopes: list[str] = Field(default_factory=lambda: ["post", "genre"])
    # Damp kinds that are signs of a knowledge text (the taxonomy of levels taught, what a report
    # "shall include"): like the caps above, they do not lower a mention with evidence of its own
    # when they stand after it in a later paragraph.
    knowledge_damps: list[str] = Field(default_factory=lambda: ["taxonomy"])
    # An event whose sentence is dated this many days or more before the latest date of the post
    # (context.tsv `date` rules) has concluded: the post reports it after the fact.
    concluded_days: int = Field(default=14, ge=1, le=3660)
    # Boost kinds that tell an event happening (发生, 造成, 突发): a date dates an event mention only
    # when one of them stands in the mention's sentence.
    dating_kinds: list[str] = Field(default_factory=lambda: ["ongoing"])
    # Prefix-cap kinds that void the evidence after them, not only the event words: a negated,
    # feared or forecast casualty, count or evacuation ("未造成人员伤亡", "将危及50余户居民",
    # "预计转移群众500人") is no evidence that it happened.
    void_kinds: list[str] = Field(default_factory=lambda: ["negation", "hypothesis", "forecast"])
    # Boost kinds that reach an event word anywhere in its paragraph, not only within `window`:
    # people counted as moved, hurt or dead (已妥善转移安置群众31户86人) are the evidence of the event
    # the paragraph reports, though a news lead puts the magnitude and the place first.
    paragraph_kinds: list[str] = Field(default_factory=lambda: ["victims"])
    # Categories whose mentions are figures of a past period (统计: 上半年破获刑事案件同比上升30.3%) and
    # the cap kinds that tell an event is over (history, solved, ended, report, recovered): a period's
    # figures are after the fact by nature, so those caps do not take them below their tier — a police
    # half-year summary that names cold cases solved is still a statistics release (RUBRIC dev-4).
    period_categories: list[str] = Field(default_factory=lambda: ["statistics"])
    past_kinds: list[str] = Field(
        default_factory=lambda: ["history", "solved", "ended", "report", "recovered"]
    )
    # Cap kinds that hold only for the event words of the listed classes of 《国家突发公共事件总体
    # 应急预案》§1.3 ("-" = words of no class: 被困, 失踪): one patient named alone (`individual`: 一名患者,
    # 70岁的李阿姨) is no public-health event, but a villager missing in a flood is still a disaster; a
    # tourist who lost the way (`lost`) and was trapped is a search, not an event. A list may also name
    # categories (categories.tsv): one named villager acting alone (`lone`) is a dispute for the words
    # of a crowd (mass_incident), while a lone attacker's knife (public_security) stays an attack.
    # Damp kinds that tell an event happened without harm (未造成人员伤亡, 无人员被困): a mention they take
    # below the threshold, which reached it on its own evidence, is still an event — important, not
    # nothing (RUBRIC: an earthquake without damage, a fire put out with nobody trapped).
    harmless_kinds: list[str] = Field(default_factory=lambda: ["no_casualty", "no_trapped"])
    class_caps: dict[str, list[str]] = Field(
        default_factory=lambda: {"individual": ["公共卫生事件"], "lost": ["-"], "lone": ["mass_incident"]}
    )


# --- rule data -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    tier: Tier
    label: str


# The four classes of 《国家突发公共事件总体应急预案》 §1.3 and its four levels (Ⅰ-Ⅳ); "-" = none.
EVENT_CLASSES = ("自然灾害", "事故灾难", "公共卫生事件", "社会安全事件", "-")
LEVELS = ("特别重大", "重大", "较大", "一般", "-")
LEVEL_RANK = {name: rank for rank, name in enumerate(reversed(LEVELS))}


@dataclass(frozen=True, slots=True)
class Trigger:
    phrase: str
    category: Category
    weight: float
    source: str
    event_class: str = "-"
    level: str = "-"


@dataclass(frozen=True, slots=True)
class LevelRule:
    """A stated level (levels.tsv): raises every event mention of the post by `weight`."""

    term: str
    level: str
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
    # For a cap: boost kinds that lift it off a mention (sixth cell): 已扑灭 makes a fire past
    # news, unless the same mention reports casualties or people moved.
    unless: frozenset[str] = frozenset()

    @property
    def weight(self) -> float:
        return float(self.value) if self.effect in ("boost", "damp") else 0.0

    @property
    def exempt_kinds(self) -> frozenset[str]:
        """For a damp or a frame: boost kinds that exempt a mention from it (fifth cell,
        comma-separated)."""
        if self.effect not in ("damp", "frame") or self.scope == "window":
            return frozenset()
        return frozenset(k.strip() for k in self.scope.split(",") if k.strip())


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
        for entry in read_lexicon(path, min_cells=3, max_cells=5):
            category = categories.get(entry.cell(1))
            if category is None:
                raise entry.error(f"unknown category {entry.cell(1)!r}; known: {', '.join(categories)}")
            weight = _weight(entry, 2) * scale.get(category.name, 1.0)
            event_class, level = entry.cell(3, "-"), entry.cell(4, "-")
            if event_class not in EVENT_CLASSES:
                raise entry.error(f"class must be one of {', '.join(EVENT_CLASSES)}, got {event_class!r}")
            if level not in LEVELS:
                raise entry.error(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
            _check_pattern(entry, entry.cell(0))
            source = _source(entry, entry.cell(0))
            out.append(Trigger(entry.cell(0), category, weight, source, event_class, level))
    return out


def _check_pattern(entry: LexiconLine, term: str) -> None:
    if term.startswith("re:"):
        try:
            re.compile(term[3:])
        except re.error as exc:
            raise entry.error(f"bad regular expression: {exc}") from None


def load_levels(paths: Iterable[str]) -> list[LevelRule]:
    """Stated levels from levels.tsv files: term<TAB>level<TAB>weight."""
    out = []
    for path in paths:
        for entry in read_lexicon(path, min_cells=3, max_cells=3):
            term, level = entry.cell(0), entry.cell(1)
            if level not in LEVELS[:-1]:
                raise entry.error(f"level must be one of {', '.join(LEVELS[:-1])}, got {level!r}")
            _check_pattern(entry, term)
            out.append(LevelRule(term, level, _weight(entry, 2), _source(entry, term)))
    return out


def _context_rule(entry: LexiconLine) -> ContextRule:
    term, effect, kind = entry.cell(0), entry.cell(1), entry.cell(2)
    value, scope = entry.cell(3), entry.cell(4, "window")
    unless = frozenset(k.strip() for k in entry.cell(5, "").split(",") if k.strip())
    if unless and effect not in ("cap", "date"):
        raise entry.error("only a cap or a date takes a sixth cell (boost kinds that lift it)")
    if effect in ("boost", "damp"):
        _weight(entry, 3)
    elif effect == "cap":
        if value not in ("ordinary", "important"):
            raise entry.error(f"a cap's value must be ordinary or important, got {value!r}")
        if scope not in ("prefix", "sentence", "lead", "post", "genre"):
            raise entry.error(f"a cap's scope must be prefix, sentence, lead, post or genre, got {scope!r}")
    elif effect == "date":
        if value not in ("ordinary", "important"):
            raise entry.error(
                f"a date's value (the tier of a concluded event) must be ordinary or important, got {value!r}"
            )
    elif effect not in ("mask", "frame"):
        raise entry.error(f"effect must be boost, damp, cap, frame, date or mask, got {effect!r}")
    _check_pattern(entry, term)
    return ContextRule(term, effect, kind, value, scope, _source(entry, term), unless)


def load_context(paths: Iterable[str]) -> list[ContextRule]:
    """Boosts, caps and masks from context.tsv files."""
    return [_context_rule(e) for path in paths for e in read_lexicon(path, min_cells=3, max_cells=6)]


# --- one document ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    field: FieldName
    start: int
    end: int
    rule: Trigger | ContextRule | LevelRule


@dataclass(slots=True)
class FieldScan:
    """What was found in one field, with its sentence and clause boundaries."""

    field: FieldName
    folded: str
    triggers: list[Hit]
    boosts: list[Hit]
    caps: list[Hit]
    damps: list[Hit]
    levels: list[Hit]
    sentences: Segments
    clauses: Segments
    frames: list[Hit]
    phrases: Segments
    dates: list[Hit] = dataclass_field(default_factory=list)
    paragraphs: Segments | None = None

    _framed: dict[int, Hit] | None = None

    def framed(self, offset: int) -> Hit | None:
        """The work frame, if any, in the phrase (clause, enumerations kept whole) of `offset`."""
        if self._framed is None:
            # phrase number -> its first frame, built on first use
            self._framed = {}
            for frame in self.frames:
                self._framed.setdefault(self.phrases.index(frame.start), frame)
        return self._framed.get(self.phrases.index(offset))

    def sentence(self, offset: int) -> int:
        return self.sentences.index(offset)

    def paragraph(self, offset: int) -> int:
        if self.paragraphs is None:
            self.paragraphs = Segments(self.folded, "\n")
        return self.paragraphs.index(offset)

    def clause(self, offset: int) -> int:
        return self.clauses.index(offset)


@dataclass(slots=True)
class PostContext:
    """What holds for the whole post: lead and post caps, the strongest damp per kind, the
    highest stated level."""

    caps: list[Hit]
    damps: list[Hit]
    level: Hit | None
    # (field, start) of an event mention -> the date of its sentence, when that date is
    # `concluded_days` before the latest date of the post
    concluded: dict[tuple[str, int], Hit] = dataclass_field(default_factory=dict)


@dataclass(slots=True)
class Scored:
    """One trigger mention, its score and the tier it ends up supporting."""

    hit: Hit
    trigger: Trigger
    score: float
    tier: Tier
    boosts: list[Hit]
    cap: Hit | None
    damps: list[Hit]
    level: Hit | None


_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")


def _date_key(text: str) -> tuple[int | None, int, int]:
    """(year or None, month, day) of a date phrase matched by a `date` rule."""
    m = _DATE.search(text)
    if m is None:
        return None, 1, 1
    return (int(m.group(1)) if m.group(1) else None), int(m.group(2)), int(m.group(3))


def _mapped(s: Scored, plains: dict[str, Plain]) -> Scored:
    """`s` with every hit's offsets in its original field text (the field read without glosses)."""

    def orig(hit: Hit | None) -> Hit | None:
        plain = plains.get(hit.field) if hit is not None else None
        if hit is None or plain is None:
            return hit
        start, end = plain.span(hit.start, hit.end)
        return Hit(hit.field, start, end, hit.rule)

    hit = orig(s.hit)
    assert hit is not None
    return Scored(
        hit,
        s.trigger,
        s.score,
        s.tier,
        [h for b in s.boosts if (h := orig(b)) is not None],
        orig(s.cap),
        [h for d in s.damps if (h := orig(d)) is not None],
        orig(s.level),
    )


def _contains(outer: Hit, inner: Hit) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _overlaps(a: Hit, b: Hit) -> bool:
    return a.start < b.end and b.start < a.end


def _compile(rules: Iterable[_R], term: Callable[[_R], str]) -> tuple[PhraseIndex[_R], GatedPatterns[_R]]:
    """Plain phrases into one automaton; `re:` terms into patterns gated by their literal keys
    (both automata join the pipeline's phrase bank, so one pass over the field finds them)."""
    rules = list(rules)
    index = PhraseIndex((term(r), r) for r in rules if not term(r).startswith("re:"))
    patterns = GatedPatterns((term(r)[3:], r) for r in rules if term(r).startswith("re:"))
    return index, patterns


def _find(
    analysis: FieldAnalysis, index: PhraseIndex[_R], patterns: GatedPatterns[_R]
) -> Iterator[tuple[int, int, _R]]:
    yield from analysis.phrases(index)
    yield from patterns.find(analysis.folded, analysis.phrases(patterns.keys))


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
        self._triggers = _compile(triggers, lambda t: t.phrase)
        context = load_context(options.context)
        self._context = _compile((r for r in context if r.effect != "date"), lambda r: r.term)
        # dates are read only for posts that tell an event happening (see _date_events)
        self._dates = [
            (r, re.compile(r.term[3:] if r.term.startswith("re:") else re.escape(r.term)))
            for r in context
            if r.effect == "date"
        ]
        self._levels = _compile(load_levels(options.levels), lambda r: r.term)

    # --- scanning ---

    def _scan(self, field: FieldName, analysis: FieldAnalysis) -> FieldScan:
        folded = analysis.folded
        triggers = [Hit(field, s, e, t) for s, e, t in _find(analysis, *self._triggers)]
        context = [Hit(field, s, e, r) for s, e, r in _find(analysis, *self._context)]
        levels = [Hit(field, s, e, r) for s, e, r in _find(analysis, *self._levels)]
        # one pass sorts the context hits by effect; masks (rare) are applied only when present
        by_effect: dict[str, list[Hit]] = {}
        for h in context:
            by_effect.setdefault(h.rule.effect, []).append(h)  # type: ignore[union-attr]
        masks = by_effect.get("mask", [])
        if masks:

            def visible(hit: Hit) -> bool:
                start, end = hit.start, hit.end
                return not any(m is not hit and m.start <= start and end <= m.end for m in masks)

            triggers = [h for h in triggers if visible(h)]
            levels = [h for h in levels if visible(h)]
            by_effect = {name: [h for h in hits if visible(h)] for name, hits in by_effect.items()}

        scan = FieldScan(
            field=field,
            folded=folded,
            triggers=triggers,
            boosts=by_effect.get("boost", []),
            caps=by_effect.get("cap", []),
            damps=by_effect.get("damp", []),
            levels=levels,
            sentences=analysis.sentences,
            clauses=analysis.clauses,
            frames=by_effect.get("frame", []),
            phrases=Segments(folded, PHRASE_STOPS),
        )
        # Casualty, rescue or evacuation words inside a work frame ("做好转移避险准备", "抢险队伍")
        # are the plan of the work, not what happened: only the frame's exempt kinds (counted
        # victims) survive it.
        scan.boosts = [b for b in scan.boosts if self._frame_allows(scan, b)]
        # A negated, feared or forecast boost or level (未造成人员伤亡, 将危及50余户居民, 未启动Ⅰ级响应)
        # counts for nothing; decided once.
        scan.boosts = [b for b in scan.boosts if not self._prefix_caps(scan, b)]
        scan.levels = [lv for lv in scan.levels if not self._prefix_caps(scan, lv)]
        return scan

    @staticmethod
    def _frame_allows(scan: FieldScan, boost: Hit) -> bool:
        frame = scan.framed(boost.start)
        if (
            frame is None
            or not isinstance(frame.rule, ContextRule)
            or not isinstance(boost.rule, ContextRule)
        ):
            return True
        return boost.rule.kind in frame.rule.exempt_kinds

    def _topic(self, scan: FieldScan, hit: Hit, boosts: list[Hit]) -> bool:
        """Whether an event word is only the topic of work: a frame in its phrase and no boost of
        an exempt kind (counted victims) in that phrase."""
        trigger = hit.rule
        assert isinstance(trigger, Trigger)
        if trigger.category.tier != "major" and trigger.category.name not in self.options.frame_categories:
            return False
        frame = scan.framed(hit.start)
        if frame is None:
            return False
        assert isinstance(frame.rule, ContextRule)
        exempt = frame.rule.exempt_kinds
        return not any(
            isinstance(b.rule, ContextRule)
            and b.rule.kind in exempt
            and scan.phrases.same(b.start, hit.start)
            for b in boosts
        )

    def _in_lead(self, scan: FieldScan, hit: Hit) -> bool:
        """The title, or the text's first sentence and at least its first `lead_chars` characters."""
        if scan.field == "title":
            return True
        if scan.sentence(hit.start) == 0:
            return True
        # the first sentence may be a bare headline ("…发生地震?"): extend the lead to lead_chars,
        # ending at the sentence that crosses that mark
        mark = self.options.lead_chars
        return hit.start < mark or scan.sentence(hit.start) == scan.sentence(max(mark - 1, 0))

    def _post_context(self, scans: list[FieldScan]) -> PostContext:
        caps: list[Hit] = []
        genre: list[Hit] = []
        damps: dict[str, Hit] = {}
        level: Hit | None = None
        for scan in scans:
            for cap in scan.caps:
                assert isinstance(cap.rule, ContextRule)
                if cap.rule.scope == "post" or (cap.rule.scope == "lead" and self._in_lead(scan, cap)):
                    caps.append(cap)
                elif cap.rule.scope == "genre":
                    genre.append(cap)
            for damp in scan.damps:
                assert isinstance(damp.rule, ContextRule)
                current = damps.get(damp.rule.kind)
                if current is None or damp.rule.weight > current.rule.weight:
                    damps[damp.rule.kind] = damp
            for lv in scan.levels:
                assert isinstance(lv.rule, LevelRule)
                if level is None or (LEVEL_RANK[lv.rule.level], lv.rule.weight) > (
                    LEVEL_RANK[level.rule.level],  # type: ignore[union-attr]
                    level.rule.weight,
                ):
                    level = lv
        document = set(self.options.document_kinds)
        if not any(c.rule.kind in document for c in caps if isinstance(c.rule, ContextRule)):
            caps.extend(genre)
        post = PostContext(caps, list(damps.values()), level)
        self._date_events(scans, post)
        return post

    def _date_events(self, scans: list[FieldScan], post: PostContext) -> None:
        """Tense of the events: each event mention dated by the last date before it in its
        sentence; a date `concluded_days` or more before the post's latest date marks the mention
        concluded, and when every dated mention is concluded the post reports past events only,
        so its undated mentions (the title) are concluded too."""
        dating = set(self.options.dating_kinds)
        window = self.options.window
        # the event mentions whose sentence tells them happening (发生, 造成) near the event word:
        # "10月12日，省纪委通报对…事故问责" dates the circular, not the accident
        told: list[tuple[FieldScan, Hit, bool]] = []
        for scan in scans:
            telling = [b for b in scan.boosts if isinstance(b.rule, ContextRule) and b.rule.kind in dating]
            for hit in scan.triggers:
                trigger = hit.rule
                assert isinstance(trigger, Trigger)
                if trigger.category.tier != "major":
                    continue
                sentence = scan.sentence(hit.start)
                says = any(
                    b.end >= hit.start - window
                    and b.start <= hit.end + window
                    and not _overlaps(b, hit)
                    and scan.sentence(b.start) == sentence
                    for b in telling
                )
                told.append((scan, hit, says))
        if not any(says for _s, _h, says in told):
            return  # most posts: no date is read at all
        for scan in scans:
            scan.dates = sorted(
                (
                    Hit(scan.field, m.start(), m.end(), rule)
                    for rule, pattern in self._dates
                    for m in pattern.finditer(scan.folded)
                ),
                key=lambda h: h.start,
            )
        if not any(scan.dates for scan in scans):
            return
        by_sentence: dict[tuple[str, int], list[Hit]] = {}
        for scan in scans:
            for d in scan.dates:
                by_sentence.setdefault((scan.field, scan.sentence(d.start)), []).append(d)
        mentions: list[tuple[FieldScan, Hit, Hit | None]] = []
        for scan, hit, says in told:
            date: Hit | None = None
            if says:
                before = [
                    d
                    for d in by_sentence.get((scan.field, scan.sentence(hit.start)), ())
                    if d.end <= hit.start
                ]
                # a framed mention (work about a hazard) dates nothing
                if before and not self._topic(scan, hit, scan.boosts):
                    date = before[-1]
            mentions.append((scan, hit, date))
        if not any(date is not None for _s, _h, date in mentions):
            return
        dated = [(scan, d, _date_key(scan.folded[d.start : d.end])) for scan in scans for d in scan.dates]
        base = max((k[0] for _s, _d, k in dated if k[0] is not None), default=0)
        stamps: dict[tuple[str, int], int] = {}
        for scan, hit, (year, month, day) in dated:
            if year is None:  # the nearest year written before it in the field, else the post's
                year = max(
                    (k[0] for s, h, k in dated if s is scan and h.start < hit.start and k[0] is not None),
                    default=base,
                )
            stamps[(scan.field, hit.start)] = year * 372 + (month - 1) * 31 + day
        latest = max(stamps.values())
        days = self.options.concluded_days
        old: dict[tuple[str, int], Hit] = {}
        current = False
        for scan, hit, date in mentions:
            if date is None:
                continue
            stamp = stamps[(scan.field, date.start)]
            if stamp > latest - days:
                current = True
            else:
                old[(scan.field, hit.start)] = date
        if old and not current:
            # every dated event is past: the post's latest event date stands for the undated ones
            last = max(old.values(), key=lambda d: stamps[(d.field, d.start)])
            for scan, hit, _date in mentions:
                old.setdefault((scan.field, hit.start), last)
        post.concluded = old

    def _prefix_caps(self, scan: FieldScan, hit: Hit) -> list[Hit]:
        """Prefix caps shortly before `hit` in the same clause; only the `void_kinds` (negation,
        hypothesis, forecast) apply to boosts and levels."""
        reach = self.options.negation_reach
        void = self.options.void_kinds
        out = []
        for cap in scan.caps:
            assert isinstance(cap.rule, ContextRule)
            if (
                cap.rule.scope == "prefix"
                and cap.end <= hit.start
                and hit.start - cap.end <= reach
                and scan.clause(cap.start) == scan.clause(hit.start)
                and (cap.rule.kind in void or isinstance(hit.rule, Trigger))
            ):
                out.append(cap)
        return out

    def _cap(self, scan: FieldScan, hit: Hit, post: PostContext, boosts: list[Hit]) -> Hit | None:
        """The strictest cap on `hit`: lead and post caps, same-sentence caps, prefix caps — but
        not a cap lifted by a kind of evidence the mention carries (a cap's `unless`), in its
        window or in its own words (共转移安置群众92户175人 is itself a count of people moved)."""
        kinds = {b.rule.kind for b in boosts if isinstance(b.rule, ContextRule)}
        if isinstance(hit.rule, Trigger) and hit.rule.category.tier == "major":
            kinds.update(
                b.rule.kind for b in scan.boosts if isinstance(b.rule, ContextRule) and _overlaps(b, hit)
            )
        sentence = scan.sentence(hit.start)
        appendix = set(self.options.appendix_kinds)
        candidates = [
            c
            for c in post.caps
            if not (
                isinstance(c.rule, ContextRule)
                and c.rule.kind in appendix
                and c.rule.scope == "lead"
                and c.field == hit.field
                and c.start >= hit.end
                and scan.sentence(c.start) != sentence
            )
        ]
        for cap in scan.caps:
            assert isinstance(cap.rule, ContextRule)
            if (
                cap.rule.scope in ("sentence", "lead")
                and not _overlaps(cap, hit)
                and scan.sentence(cap.start) == sentence
            ):
                candidates.append(cap)
        candidates.extend(self._prefix_caps(scan, hit))
        concluded = post.concluded.get((hit.field, hit.start))
        if concluded is not None:
            candidates.append(concluded)
        candidates = [
            c for c in candidates if not (isinstance(c.rule, ContextRule) and c.rule.unless & kinds)
        ]
        if isinstance(hit.rule, Trigger):
            classes = self.options.class_caps
            event_class = hit.rule.event_class
            candidates = [
                c
                for c in candidates
                if not (
                    isinstance(c.rule, ContextRule)
                    and c.rule.kind in classes
                    and event_class not in classes[c.rule.kind]
                    and hit.rule.category.name not in classes[c.rule.kind]
                )
            ]
        if isinstance(hit.rule, Trigger) and hit.rule.category.name in self.options.period_categories:
            past = set(self.options.past_kinds)
            candidates = [
                c for c in candidates if not (isinstance(c.rule, ContextRule) and c.rule.kind in past)
            ]
        if (
            isinstance(hit.rule, Trigger)
            and hit.rule.category.tier == "major"
            and self._evident(scan, hit, boosts)
        ):
            candidates = [c for c in candidates if not self._after(scan, hit, c)]
        if not candidates:
            return None
        return min(candidates, key=lambda c: (TIER_RANK[c.rule.value], c.start))  # type: ignore[union-attr]

    def _evident(self, scan: FieldScan, hit: Hit, boosts: list[Hit]) -> bool:
        """Whether the mention's own sentence carries evidence of an event (a boost that is not a
        mere qualifier: casualties, people moved, damage, police on the scene, a count)."""
        qualifiers = set(self.options.qualifier_kinds)
        sentence = scan.sentence(hit.start)
        return any(
            isinstance(b.rule, ContextRule)
            and b.rule.kind not in qualifiers
            and b.field == hit.field
            and scan.sentence(b.start) == sentence
            for b in boosts
        )

    def _after(self, scan: FieldScan, hit: Hit, cap: Hit) -> bool:
        """Whether a cap to ordinary read anywhere in the post (options.preceding_scopes) stands
        after the major mention `hit` and outside its paragraph — an appendix to an event that has
        evidence in its own sentence, which it does not undo (it still caps the mentions that
        follow it). A `lead` cap counts too when the mention's own first paragraph is a whole
        sentence and the cap stands in a later one: the lead reaches past a bare headline
        (lead_chars), and a one-sentence report then has the first words of whatever follows it in
        its lead — a commemoration appended under a crash report is not the report's genre."""
        rule = cap.rule
        if not isinstance(rule, ContextRule) or rule.value != "ordinary":
            return False
        if rule.scope == "lead" and rule.scope not in self.options.preceding_scopes:
            return self._reported_first(scan, hit) and self._later(scan, hit, cap) and cap.field == hit.field
        if rule.scope not in self.options.preceding_scopes:
            return False
        return self._later(scan, hit, cap)

    @staticmethod
    def _reported_first(scan: FieldScan, hit: Hit) -> bool:
        """Whether `hit` stands in the text's first paragraph and that paragraph is a whole
        sentence (it ends with 。！？), not a bare headline or a salutation."""
        if scan.field == "title" or scan.paragraph(hit.start) != 0:
            return False
        first = scan.folded.split("\n", 1)[0].rstrip()
        return first.endswith(("。", "!", "?", "！", "？"))

    @staticmethod
    def _later(scan: FieldScan, hit: Hit, sign: Hit) -> bool:
        """Whether `sign` stands after `hit` in a later paragraph (the title precedes the text)."""
        if sign.field != hit.field:
            return hit.field == "title"
        return sign.start > hit.start and scan.paragraph(sign.start) != scan.paragraph(hit.start)

    def _boosts(self, scan: FieldScan, hit: Hit) -> list[Hit]:
        """The strongest boost of each kind within the window (or, for `paragraph_kinds`, in the
        trigger's paragraph) and not inside the trigger."""
        window = self.options.window
        reach = self.options.paragraph_kinds
        best: dict[str, Hit] = {}
        for boost in scan.boosts:
            rule = boost.rule
            assert isinstance(rule, ContextRule)
            if _overlaps(hit, boost):
                continue
            far = boost.end < hit.start - window or boost.start > hit.end + window
            if far and (rule.kind not in reach or scan.paragraph(boost.start) != scan.paragraph(hit.start)):
                continue
            current = best.get(rule.kind)
            if current is None or rule.weight > current.rule.weight:
                best[rule.kind] = boost
        return sorted(best.values(), key=lambda h: h.start)

    def _substantiated(self, trigger: Trigger, boosts: list[Hit], level: Hit | None) -> bool:
        """An event word (one of the four classes) is an event when it suffices alone, a level is
        stated, or a boost other than a mere qualifier (options.qualifier_kinds) stands beside it.
        Words without a class (decisions, casualties) are measured by their boosts as they are:
        全市范围内 is what makes a closure a city-wide decision."""
        if trigger.event_class == "-" or trigger.weight >= self.options.threshold or level is not None:
            return True
        qualifiers = set(self.options.qualifier_kinds)
        return any(isinstance(b.rule, ContextRule) and b.rule.kind not in qualifiers for b in boosts)

    def _score(self, scan: FieldScan, hit: Hit, post: PostContext) -> Scored | None:
        trigger = hit.rule
        assert isinstance(trigger, Trigger)
        category = trigger.category
        boosts: list[Hit] = []
        damps: list[Hit] = []
        level: Hit | None = None
        if self._topic(scan, hit, scan.boosts):
            return None
        if category.tier == "major":
            boosts = self._boosts(scan, hit)
            kinds = {b.rule.kind for b in boosts if isinstance(b.rule, ContextRule)}
            damps = [
                d
                for d in post.damps
                if isinstance(d.rule, ContextRule)
                and not _overlaps(d, hit)
                and not (d.rule.exempt_kinds & kinds)
                and not (d.rule.kind in self.options.knowledge_damps and self._later(scan, hit, d))
            ]
            level = post.level if post.level is not None and not _overlaps(post.level, hit) else None
        score = trigger.weight + sum(b.rule.weight for b in boosts)
        score += level.rule.weight if level is not None else 0.0
        damped = sum(d.rule.weight for d in damps)
        score -= damped
        tier: Tier = category.tier
        if category.tier == "major" and score < self.options.threshold:
            harmless = set(self.options.harmless_kinds)
            if score + damped < self.options.threshold or not any(
                isinstance(d.rule, ContextRule) and d.rule.kind in harmless for d in damps
            ):
                return None
            # an event that happened without harm (火灾…无人员被困): no longer major, still sensitive
            tier = "important"
        if category.tier == "major" and not self._substantiated(trigger, boosts, level):
            return None
        cap = self._cap(scan, hit, post, boosts)
        if cap is not None:
            assert isinstance(cap.rule, ContextRule)
            tier = min(tier, cap.rule.value, key=TIER_RANK.__getitem__)  # type: ignore[arg-type]
            if tier == "ordinary" and category.tier == "major" and self._after(scan, hit, cap):
                # a sign in a later paragraph never takes an event below the leader in charge
                tier = "important"
        if tier == "ordinary":
            return None
        return Scored(hit, trigger, round(score, 3), tier, boosts, cap, damps, level)

    # --- routing ---

    def route(self, context: CheckContext) -> list[Scored]:
        """The deciding mention of each category that reaches a tier, strongest tier first. A page
        printed with pinyin after its characters (常務(wù)會(huì)議) is read without it (text/glosses.py)
        and the offsets of the reasons are mapped back to the original."""
        scans = []
        plains: dict[str, Plain] = {}
        for field, text in context.fields():
            plain = without_glosses(text)
            if plain is None:
                scans.append(self._scan(field, context.analysis(field)))
            else:
                plains[field] = plain
                scans.append(self._scan(field, FieldAnalysis(plain.text, context.phrase_bank)))
        out = self._route(scans)
        if plains:
            out = [_mapped(s, plains) for s in out]
        return out

    def _route(self, scans: list[FieldScan]) -> list[Scored]:
        post = self._post_context(scans)
        scored = [s for scan in scans for hit in scan.triggers if (s := self._score(scan, hit, post))]
        best: dict[tuple[Tier, str], Scored] = {}
        totals: dict[str, dict[str, float]] = {}
        # An important category adds up distinct phrases; two phrases read on the same words
        # (同比下降 and a 同比下降70% pattern) are one piece of evidence, its heavier reading.
        taken: dict[str, list[Hit]] = {}
        for s in sorted(scored, key=lambda s: -s.trigger.weight):
            name = s.trigger.category.name
            if s.trigger.category.tier != "important":
                continue
            spans = taken.setdefault(name, [])
            if any(h.field == s.hit.field and _overlaps(h, s.hit) for h in spans):
                continue
            spans.append(s.hit)
            phrases = totals.setdefault(name, {})
            phrases[s.trigger.phrase] = max(phrases.get(s.trigger.phrase, 0.0), s.trigger.weight)
        for s in scored:
            name = s.trigger.category.name
            key = (s.tier, name)
            if key not in best or (s.score, -s.hit.start) > (best[key].score, -best[key].hit.start):
                best[key] = s
        out = []
        for (_tier, name), s in best.items():
            if s.trigger.category.tier == "important":
                total = sum(totals.get(name, {}).values())
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

    @staticmethod
    def _quote(document: Document, hit: Hit) -> str:
        """「words」@field:start-end — the original text of a hit and where it is."""
        where = "标题" if hit.field == "title" else ""
        return f"「{document.field_text(hit.field)[hit.start : hit.end]}」[{where}{hit.start}-{hit.end}]"

    def _explain(self, document: Document, s: Scored) -> tuple[Finding, SignOffReason]:
        category = s.trigger.category
        original = document.field_text(s.hit.field)
        excerpt = original[s.hit.start : s.hit.end]
        parts = [f"涉及{category.label}{self._quote(document, s.hit)}"]
        if category.tier == "major":
            stated = s.level.rule.level if s.level is not None else None  # type: ignore[union-attr]
            level = stated or (s.trigger.level if s.trigger.level != "-" else "未定级")
            event_class = s.trigger.event_class if s.trigger.event_class != "-" else "未分类"
            parts.append(f"（{event_class}，{level}")
            if s.level is not None:
                parts.append(f"，据{self._quote(document, s.level)}")
            parts.append("）")
        if s.boosts:
            parts.append("，情境：" + "、".join(self._quote(document, b) for b in s.boosts))
        if s.damps:
            parts.append("，减弱：" + "、".join(self._quote(document, d) for d in s.damps))
        if s.cap is not None and category.tier == "major" and s.tier != "major":
            if isinstance(s.cap.rule, ContextRule) and s.cap.rule.effect == "date":
                # the tense of the event: dated well before the time the post speaks from
                parts.append(
                    f"；事件日期{self._quote(document, s.cap)}早于本文所述时间，属事后报道，不按重大敏感信息处理"
                )
            else:
                parts.append(f"；因{self._quote(document, s.cap)}不按重大敏感信息处理")
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
            score=min(1.0, max(0.0, s.score) / (2 * self.options.threshold)),
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
