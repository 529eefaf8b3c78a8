"""Forced or bought engagement (办法第二十七条).

"不得强制要求下载使用移动客户端或点赞、转发信息" and "严禁购买“粉丝”等数据造假行为". An action
(下载, 关注, 转发, 点赞 …) governed by a coercion cue in the same sentence (必须/务必/须 before it,
后方可/才能/否则/一律 after it) is `engagement/forced_download` or `engagement/forced_share`
(errors); an incentive cue (即送, 有礼, 抽奖) makes it `engagement/follower_incentive` (warning),
as do fixed phrases such as 刷粉 or 买粉. Ordinary invitations (欢迎关注, 欢迎转发) carry no cue and
pass; prohibitions and exemptions (不得强制要求下载, 无需下载, 如需下载), fraud warnings (刷粉兼职都是
诈骗), neutral uses (下载申请表, 高度关注) and quoted words are not reported.

Conditions beyond a coercion word are found too: gates (关注后即可报名, 注册成功请接龙), counts and
pools (点赞量前200名, 转发超过20, 在粉丝中抽取, 未关注的不能参加), and sole-route instructions
(关注“XX”公众号，点击菜单参与答题; 下载APP……高龄补贴申报) unless an option word (可, 欢迎) or
another channel (短信投票, 线下) is named. A guide for campaign organisers (涨粉, 裂变, 活动形式;
lexicons/engagement/genres.tsv) describes campaigns and is not reported. A condition is read as an action, a frame and a benefit
in one sentence (凭关注截图……领取, 点赞……并截图……兑换; lexicons/engagement/conditions.tsv). Reports of a third party's demand (学校要求家长下载…)
are not the account's demand. A prize decided by a count of likes or reposts is read as a
measure, a rank and a prize in one sentence (总点赞数Top1~10……奖励; lexicons/engagement/rankings.tsv);
a count of people before an action (共计800余人下载) is a report. A growth act or a client's use
counted in an appraisal is read as a metric just after the act or the client (注册率, 下载注册使用全覆盖,
参与度, 得2分), a text that rates, ranks or rewards (评比, 考核, 排名) and no result told (已, 累计)
(lexicons/engagement/appraisals.tsv); a list whose lead-in prohibits (不得出现以下情况:) lists banned
practices. A client that a service legally runs through (个人所得税APP) is
`engagement/statutory_app` at info, with a note. All words are data in lexicons/engagement/;
rule texts are in rules.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field

from review_pipeline.checkers.base import CheckContext, CheckerOptions, RuleInfo
from review_pipeline.lexicon import LexiconLine, read_lexicon
from review_pipeline.models import Document, FieldName, Finding
from review_pipeline.policy import builtin_lexicon
from review_pipeline.rules import RuleBook, load_rules
from review_pipeline.text.analysis import CLAUSE_STOPS, FieldAnalysis, Segments
from review_pipeline.text.fold import fold
from review_pipeline.text.glosses import without_glosses
from review_pipeline.text.patterns import GatedPatterns
from review_pipeline.text.phrases import PhraseIndex
from review_pipeline.text.quotes import (
    VoiceMap,
    aligned_to_words,
)
from review_pipeline.text.spans import SpanIndex

_RULES = load_rules(__package__ or __name__)
_BOOK = RuleBook("engagement", _RULES)
NEGATOR_BEFORE = 6  # characters before a hit that a `before` negator may stand in
NEGATOR_AFTER = 10  # characters after a hit that an `after` negator may stand in
CLAUSE_BREAKS = ",;:"  # folded ，；： — a `before` cue governs only its own clause
LIST_BREAK = ";"  # folded ；— ends one item of a list
PAST_MARKER = "了"  # 下载了: a fact told, not a demand
COUNT_REACH = 12
# negators that, in the lead-in of a list, make its items prohibited practices (不得出现以下情况:)
LISTED_PROHIBITIONS = frozenset(("不得", "严禁", "禁止", "杜绝", "不准", "不许"))  # characters before an action searched for a count of people (800余人下载)

RuleName = Literal["forced_download", "forced_share", "follower_incentive", "statutory_app"]
RULES: tuple[RuleName, ...] = ("forced_download", "forced_share", "follower_incentive")
ROUTE_KINDS = ("participation", "service", "object", "gate", "option", "alternative", "joiner", "outcome")
REPORTER_KINDS = ("verb", "actor", "party", "referent", "determiner", "phenomenon")
POINTS_KINDS = ("earn", "award", "contest")
RANKING_KINDS = ("measure", "rank", "prize")
APPRAISAL_KINDS = ("metric", "appraisal", "done")
STAFF_KINDS = ("addressee", "check", "done")
POSITIONS = ("before", "after")
CUE_KINDS = ("coerce", "incentive")
NEGATOR_PLACES = ("before", "after", "sentence", "field")
CONDITION_KINDS = ("before", "between", "benefit", "information", "navigation")


def _lexicon(name: str) -> str:
    return builtin_lexicon("engagement", name)


class EngagementOptions(CheckerOptions):
    """Policy section `checkers.engagement`: word lists and how close a cue must stand."""

    actions: str = Field(default_factory=lambda: _lexicon("actions.tsv"))
    cues: str = Field(default_factory=lambda: _lexicon("cues.tsv"))
    phrases: str = Field(default_factory=lambda: _lexicon("phrases.tsv"))
    negators: str = Field(default_factory=lambda: _lexicon("negators.tsv"))
    allow: str = Field(default_factory=lambda: _lexicon("allow.txt"))
    patterns: str = Field(default_factory=lambda: _lexicon("patterns.tsv"))
    routes: str = Field(default_factory=lambda: _lexicon("routes.tsv"))
    reporters: str = Field(default_factory=lambda: _lexicon("reporters.tsv"))
    statutory_apps: str = Field(default_factory=lambda: _lexicon("statutory_apps.tsv"))
    conditions: str = Field(default_factory=lambda: _lexicon("conditions.tsv"))
    genres: str = Field(default_factory=lambda: _lexicon("genres.tsv"))
    points: str = Field(default_factory=lambda: _lexicon("points.tsv"))
    staff: str = Field(default_factory=lambda: _lexicon("staff.tsv"))
    rankings: str = Field(default_factory=lambda: _lexicon("rankings.tsv"))
    appraisals: str = Field(default_factory=lambda: _lexicon("appraisals.tsv"))
    # characters between a growth act or a client (下载, 学习强国) and the metric that counts it
    # (注册使用全覆盖, 参与度, 得2分) in one sentence (appraisals.tsv); grouped cross-validation over
    # dev hosts (benchmarks/engagement_real.py --cv)
    metric_reach: int = Field(default=6, ge=0)
    # characters between a growth act and the phrase saying it earns points (点赞一次,积2分;
    # 获取积分的方式包括:签到、读书、阅读分享), in one sentence; chosen by grouped cross-validation
    # over dev hosts (benchmarks/engagement_real.py --cv)
    points_window: int = Field(default=20, ge=0)
    # characters from a count of likes or reposts (点赞量) to the rank it decides (排名第一, 前10名),
    # and from that rank to the prize (奖励, 评为), in one sentence (rankings.tsv). Grouped
    # cross-validation over dev hosts (benchmarks/engagement_real.py --cv): ranking_window is flat
    # (every value alike: the default is kept), prize_window 10 in four folds of five.
    ranking_window: int = Field(default=40, ge=0)
    prize_window: int = Field(default=10, ge=0)
    # characters between a body of staff (全体干部职工) and the act demanded of it, in one clause
    # (the dev hosts are silent on it: every value scores alike in benchmarks/engagement_real.py --cv)
    addressee_reach: int = Field(default=6, ge=0)
    # how far past the action an account named at the end of a list may stand (必须关注A、B、C以及
    # D微博): beyond `object_reach` only when an enumeration mark stands between; chosen by
    # grouped cross-validation over dev hosts (benchmarks/engagement_real.py --cv)
    list_reach: int = Field(default=40, ge=0)
    enumeration_marks: str = "、"
    # negators (negators.tsv `before`) that, in the clause leading into a list (……不得出现五类情况:),
    # make each item a prohibited practice, not a demand
    prohibiting_leads: list[str] = Field(default_factory=lambda: ["不得", "严禁", "禁止", "杜绝", "不准", "不许"])
    # different words of genres.tsv that make a text a guide for campaign organisers
    guide_markers: int = Field(default=2, ge=1)
    # characters between an action and the benefit a condition frame ties it to
    condition_window: int = Field(default=40, ge=0)
    # …and when every clause between them is a step of navigation (进入……公众号，在……中找到……，点击
    # ……即可进入测试系统，参与……): the route the follow opens; chosen by grouped cross-validation
    # over dev hosts (benchmarks/engagement_real.py --cv: 80 in four folds of five)
    chain_window: int = Field(default=80, ge=0)
    # how far another channel (routes.tsv `alternative`: 短信投票, 线下, 官网) may stand from an
    # action and still make it one choice: 0 = anywhere in the field (rubric round 1: "a second
    # channel anywhere in the notice"); chosen by grouped cross-validation over dev hosts
    # (benchmarks/engagement_real.py --cv)
    alternative_reach: int = Field(default=0, ge=0)
    # characters after another channel (网络投票) within which an outcome word (情况, 结果: routes.tsv
    # `outcome`) makes it the result of the act, not a way to do it
    outcome_reach: int = Field(default=1, ge=0)
    # characters after a benefit (获取) within which an information word (信息, 详情) makes it
    # information, not a benefit (即可获取更多优惠信息)
    information_reach: int = Field(default=8, ge=0)
    # characters between a `before` frame and its action (凭关注, 需先下载)
    frame_reach: int = Field(default=2, ge=0)
    # characters after a download searched for the service it leads to (下载APP……高龄补贴申报)
    route_window: int = Field(default=40, ge=0)
    # characters either side of an action searched for its object (APP, 公众号)
    object_reach: int = Field(default=24, ge=0)
    window_before: int = Field(default=6, ge=0)  # characters between a `before` cue and its action
    # …and for an action whose object is named (下载……APP, 关注……公众号): 须于本月底前完成APP下载
    window_object: int = Field(default=20, ge=0)
    window_after: int = Field(default=12, ge=0)  # characters between an action and an `after` cue
    skip_quoted: bool = True
    # How a line of a numbered procedure begins (1. 2、 （3） ④): a follow in one step leads into
    # the next step, where the taking part often is (1.关注……公众号 2.点击菜单……进入投票页).
    step_marker: str = r"[ \t]*(?:\d{1,2}[.、)]|\(\d{1,2}\)|[①-⑩]|第[一二三四五六七八九十]步)"
    # How many steps after the follow are read for the taking part (1.关注 2.进入公众号 3.办证)
    step_reach: int = Field(default=3, ge=1)
    # A count of people just before an action (共计800余人下载, 3000人关注) tells how many did it: a
    # report, not a demand (rubric rounds 5 and 9: a count told as news is none)
    counted_before: str = r"[\d一二两三四五六七八九十百千万]+(余|多)?万?(人|户|名|位)次?$"
    # characters between 该 and an organisation noun that refers back to a named party (该小吃店)
    referent_reach: int = Field(default=4, ge=0)


@dataclass(frozen=True, slots=True)
class Cue:
    position: str
    kind: str
    max_gap: int
    source: str


@dataclass(frozen=True, slots=True)
class Action:
    rule: RuleName
    source: str
    objects: tuple[str, ...]  # folded; one must stand near the action (empty: none needed)


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    rule: RuleName
    source: str


ActionHit = tuple[int, int, Action]


@dataclass(frozen=True, slots=True)
class FieldHits:
    """The hits of one field that the finders share, each list indexed for bisection: every
    finder asks "which cues, routes, options, negators stand in this action's sentence or window",
    and a scan of the whole field per action made a long field quadratic (144,000 characters took
    seconds, 720,000 timed out)."""

    actions: list[ActionHit]
    action_starts: list[int]  # sorted: is an action within a few characters after an option word?
    routes: SpanIndex[str]  # routes.tsv, an option word inside a gate (即可) left out
    options: SpanIndex[str]  # option words (可, 欢迎) not inside a gate
    gates: SpanIndex[str]
    alternatives: list[int]  # sorted starts of other channels named (短信投票, 线下)
    alternative_reach: int  # 0: anywhere in the field counts; else within this many characters

    def alternative_near(self, start: int, end: int) -> bool:
        """Whether another channel is named where it offers a second way to this action: anywhere
        in the field, or within `alternative_reach` characters of it."""
        if not self.alternatives:
            return False
        if self.alternative_reach <= 0:
            return True
        k = bisect_left(self.alternatives, start - self.alternative_reach)
        return k < len(self.alternatives) and self.alternatives[k] <= end + self.alternative_reach
    joiners: SpanIndex[str]  # words offering another route in a sentence (也可, 或拨打)
    cues: SpanIndex[Cue]
    conditions: SpanIndex[str]
    negators: SpanIndex[str]  # every negator, for the places next to a hit
    sentence_negators: SpanIndex[str]  # those that cancel anything in their sentence
    takers: SpanIndex[str]  # routes a follow or a download leads to (participation, service)
    chained_options: list[int]  # sorted starts of option words governing an action (可以下载)
    clause_breaks: Segments  # cut after ，；： (a `before` cue governs only its own clause)
    lines: Segments  # cut after a line break (numbered steps are lines)

    def action_near(self, lo: int, hi: int) -> bool:
        """Whether an action starts in [lo, hi)."""
        k = bisect_left(self.action_starts, lo)
        return k < len(self.action_starts) and self.action_starts[k] < hi

    def clause_start(self, sent_start: int, pos: int) -> int:
        """Start of the clause (cut by ，；：) holding `pos` within its sentence."""
        return max(sent_start, self.clause_breaks.bounds(pos)[0])


def _source(entry: LexiconLine) -> str:
    return f"engagement/{Path(entry.path).name}:{entry.line}:{entry.cell(0)}"


def _choice(entry: LexiconLine, index: int, allowed: tuple[str, ...], what: str) -> str:
    value = entry.cell(index)
    if value not in allowed:
        raise entry.error(f"unknown {what} {value!r}; expected one of {', '.join(allowed)}")
    return value


class EngagementChecker:
    """Finds coerced likes, shares, downloads and follows, and bought or rewarded followers."""

    name: ClassVar[str] = "engagement"
    Options: ClassVar[type[CheckerOptions]] = EngagementOptions
    RULES: ClassVar[tuple[RuleInfo, ...]] = _RULES

    def __init__(self, options: EngagementOptions) -> None:
        self.options = options
        self.actions: PhraseIndex[Action] = PhraseIndex(
            (e.cell(0), self._action(e)) for e in read_lexicon(options.actions, 2, 3)
        )
        self.phrases: PhraseIndex[tuple[RuleName, str]] = PhraseIndex(
            (e.cell(0), (self._rule(e, 1), _source(e))) for e in read_lexicon(options.phrases, 2, 2)
        )
        self.cues: PhraseIndex[Cue] = PhraseIndex(
            (e.cell(0), self._cue(e)) for e in read_lexicon(options.cues, 3, 4)
        )
        negators = read_lexicon(options.negators, 2, 3)
        for entry in negators:
            if (entry.cell(1) == "field") != bool(entry.cell(2)):
                raise entry.error("a `field` negator needs the practice it prohibits in a third cell, and only it")
        self.negators: PhraseIndex[str] = PhraseIndex(
            (e.cell(0), _choice(e, 1, NEGATOR_PLACES, "place")) for e in negators
        )
        # 不得强制 -> 强制: the practice a text-wide prohibition names
        self.prohibited = {fold(e.cell(0)): fold(e.cell(2)) for e in negators if e.cell(1) == "field"}
        self.allow: PhraseIndex[str] = PhraseIndex(
            (e.cell(0), e.cell(0)) for e in read_lexicon(options.allow, 1, 1)
        )
        # (gated by their literal keys: a pattern runs only on a field holding one)
        self.patterns: GatedPatterns[tuple[RuleName, str, bool]] = GatedPatterns(
            (e.regex().pattern, (self._rule(e, 1), _source(e), _choice(e, 2, ("", "names"), "flag") == "names"))
            for e in read_lexicon(options.patterns, 2, 3)
        )
        self.routes: PhraseIndex[str] = PhraseIndex(
            (e.cell(0), _choice(e, 1, ROUTE_KINDS, "kind")) for e in read_lexicon(options.routes, 2, 2)
        )
        reporters = read_lexicon(options.reporters, 2, 2)
        self.reporters: PhraseIndex[str] = PhraseIndex(
            (e.cell(0), _choice(e, 1, REPORTER_KINDS, "kind")) for e in reporters if e.cell(1) != "determiner"
        )
        # words before an organisation noun that make it a party (该, 某): read in the text before it
        self.determiners = tuple(fold(e.cell(0)) for e in reporters if e.cell(1) == "determiner")
        self.statutory: PhraseIndex[str] = PhraseIndex(
            (e.cell(0), _source(e)) for e in read_lexicon(options.statutory_apps, 2, 2)
        )
        self.steps = re.compile(options.step_marker)
        self.counted = re.compile(options.counted_before)
        self.guide_words: PhraseIndex[str] = PhraseIndex(
            (e.cell(0), e.cell(0)) for e in read_lexicon(options.genres, 1, 1)
        )
        self.conditions: PhraseIndex[str] = PhraseIndex(
            (e.cell(0), _choice(e, 1, CONDITION_KINDS, "kind")) for e in read_lexicon(options.conditions, 2, 2)
        )
        self.points: GatedPatterns[str] = GatedPatterns(
            (e.regex().pattern, _choice(e, 1, POINTS_KINDS, "kind")) for e in read_lexicon(options.points, 2, 2)
        )
        self.rankings: GatedPatterns[str] = GatedPatterns(
            (e.regex().pattern, _choice(e, 1, RANKING_KINDS, "kind")) for e in read_lexicon(options.rankings, 2, 2)
        )
        self.appraisals: GatedPatterns[str] = GatedPatterns(
            (e.regex().pattern, _choice(e, 1, APPRAISAL_KINDS, "kind")) for e in read_lexicon(options.appraisals, 2, 2)
        )
        self.staff: PhraseIndex[str] = PhraseIndex(
            (e.cell(0), _choice(e, 1, STAFF_KINDS, "kind")) for e in read_lexicon(options.staff, 2, 2)
        )

    @staticmethod
    def _rule(entry: LexiconLine, index: int) -> RuleName:
        rule = _choice(entry, index, RULES, "rule")
        return rule  # type: ignore[return-value]  # checked against RULES just above


    def _action(self, entry: LexiconLine) -> Action:
        objects = tuple(fold(o.strip()) for o in entry.cell(2).split("|") if o.strip())
        return Action(self._rule(entry, 1), _source(entry), objects)

    def _cue(self, entry: LexiconLine) -> Cue:
        position = _choice(entry, 1, POSITIONS, "position")
        kind = _choice(entry, 2, CUE_KINDS, "kind")
        default = self.options.window_before if position == "before" else self.options.window_after
        gap_text = entry.cell(3, str(default))
        if not gap_text.isdigit():
            raise entry.error(f"max gap must be a whole number of characters, not {gap_text!r}")
        return Cue(position, kind, int(gap_text), _source(entry))

    def check(self, document: Document, context: CheckContext) -> Iterable[Finding]:
        for field, text in context.fields():
            # a mirror page's pinyin splits the words (點(diǎn)贊量最多): read the text without it
            # and give the findings at the original offsets (text/glosses.py)
            plain = without_glosses(text)
            if plain is None:
                hits = self._field_hits(context.analysis(field))
            else:
                hits = [
                    replace(hit, start=start, end=end)
                    for hit in self._field_hits(FieldAnalysis(plain.text, context.phrase_bank))
                    for start, end in [plain.span(hit.start, hit.end)]
                ]
            for hit in hits:
                yield _finding(hit, field)

    def _field_hits(self, analysis: FieldAnalysis) -> list[Hit]:
        folded, words, sentences = analysis.folded, analysis.words, analysis.sentences
        quoted = VoiceMap(analysis.quoted if self.options.skip_quoted else [])
        if self._is_guide(analysis, quoted):
            return []  # a guide for organisers describes campaigns; it runs none
        allowed = SpanIndex(analysis.phrases(self.allow))

        tested: dict[tuple[int, int], bool] = {}

        def usable(start: int, end: int) -> bool:
            # the quotation test first: word limits cost a jieba segmentation of the clause
            known = tested.get((start, end))
            if known is None:
                known = tested[start, end] = not quoted.covers(start, end) and aligned_to_words(
                    folded, start, end, words
                )
            return known

        # Actions, cues and condition words are tested against word limits only where they would
        # make a hit (each finder below asks `usable` last): 关注, 分享, 后, 领取 stand in most
        # posts, and segmenting every clause that holds one cost more than the rest of the checker.
        actions = [
            (s, e, p)
            for s, e, p in analysis.phrases(self.actions)
            if folded[e : e + 1] != PAST_MARKER
            and not allowed.covers(s, e)
            and not quoted.covers(s, e)
            and not self.counted.search(folded, max(0, s - COUNT_REACH), s)
        ]
        phrase_hits = [
            Hit(s, e, rule, src) for s, e, (rule, src) in analysis.phrases(self.phrases) if usable(s, e)
        ]
        phrase_hits += [
            Hit(start, end, rule, src)
            for start, end, (rule, src, names) in self.patterns.find(folded, analysis.phrases(self.patterns.keys))
            if names or not quoted.covers(start, end)  # 「点赞最多奖」 names an award
        ]
        # a measure is a compound (总点赞数, 点赞量) the segmenter cuts its own way: only quotation
        # marks, not word limits, keep it out
        phrase_hits += self._ranking_hits(analysis, lambda s, e: not quoted.covers(s, e))
        if (
            not actions
            and not phrase_hits
            and not analysis.phrases(self.statutory)
            and not (any(k == "object" for _, _, k in analysis.phrases(self.routes)) and self._appraises(analysis))
        ):
            return []  # most posts: nothing to tie to a condition, no statutory app to note
        # the field's routes, cues, condition words and negators are indexed only past that point
        shared = self._shared(actions, analysis)
        candidates = [*self._window_hits(shared, analysis, usable), *phrase_hits]
        candidates += self._route_hits(shared, analysis, usable)
        candidates += self._condition_hits(shared, analysis, usable)
        candidates += self._points_hits(shared, analysis, usable)
        candidates += self._staff_hits(shared, analysis, usable)
        candidates += self._appraisal_hits(shared, analysis, usable, lambda s, e: not quoted.covers(s, e))
        candidates = self._statutory(candidates, analysis)
        reported = SpanIndex(self._reported_spans(analysis))
        # practices the text prohibits somewhere (不得强制……): items naming them are its list
        banned = {self.prohibited[folded[s:e]] for s, e, place in shared.negators.spans if place == "field"}
        # an item of such a list (cut at ；and line breaks) names the practice once, and every hit
        # in it is that practice: (三)强制推广下载……,考核通报用户安装使用率; is one prohibited item
        items = Segments(folded, LIST_BREAK + "\n") if banned else None
        leads = frozenset(fold(word) for word in self.options.prohibiting_leads)
        kept: list[Hit] = []
        reach: dict[str, int] = {}  # per rule, the furthest end of a kept hit
        # Earliest, then tightest first: 必须下载 over 须下载, 关注本号即送 over 关注本号即送精美礼品.
        for hit in sorted(candidates, key=lambda h: (h.start, h.end - h.start, h.rule)):
            # kept hits start at or before this one: it overlaps one of them iff it starts before
            # the furthest end among those of its rule
            if hit.start < reach.get(hit.rule, -1):
                continue  # one finding per rule and place
            if hit.rule != "statutory_app" and reported.covers(hit.start, hit.end):
                continue  # 学校要求家长下载……: someone else's demand, reported
            if any(word in folded[hit.start : hit.end] for word in banned):
                continue  # (三)强制推广下载……: a practice the text prohibits, listed
            if _listed_prohibition(hit, folded, shared, leads):
                continue  # 不得出现五类情况:……(三)……考核通报用户安装使用率; an item of a prohibited list
            if items is not None and hit.source.endswith("appraisals.tsv"):
                item_start, item_end = items.bounds(hit.start)
                if any(word in folded[item_start:item_end] for word in banned):
                    continue  # ……,考核通报用户安装使用率; in an item of that list
            if _joined(hit, shared.joiners, sentences):
                continue  # ……后即可在线预约，也可拨打电话预约: one route among others
            # a statutory client named is information whatever the sentence reports (企业和群众通过
            # 下载安装办事通,获取……咨询投诉等应用服务: 投诉 there is a service, not a complaint)
            if hit.rule == "statutory_app" or not _negated(hit, shared, sentences):
                kept.append(hit)
                reach[hit.rule] = max(reach.get(hit.rule, -1), hit.end)
        return kept

    def _shared(self, actions: list[ActionHit], analysis: FieldAnalysis) -> FieldHits:
        """The field's routes, options, gates, cues, condition words and negators, indexed once."""
        found = analysis.phrases(self.routes)
        gates = SpanIndex([(s, e, k) for s, e, k in found if k == "gate"])
        # 可 inside 即可 is a condition, not an option
        routes = SpanIndex([(s, e, k) for s, e, k in found if not (k == "option" and gates.covers(s, e))])
        negators = analysis.phrases(self.negators)
        action_starts = sorted(s for s, _, _ in actions)
        # 网络投票 is another channel, 网络投票情况 (……将最终评选出) the result of the vote: an
        # alternative followed by an outcome word names what came of it, not a way in
        outcomes = SpanIndex([(s, e, k) for s, e, k in found if k == "outcome"])
        reach = self.options.outcome_reach
        hits = FieldHits(
            actions=actions,
            action_starts=action_starts,
            routes=routes,
            options=SpanIndex([span for span in routes.spans if span[2] == "option"]),
            gates=gates,
            alternatives=sorted(
                s
                for s, e, kind in found
                if kind == "alternative" and not outcomes.any_starting(e, e + reach + 1)
            ),
            alternative_reach=self.options.alternative_reach,
            joiners=SpanIndex([(s, e, k) for s, e, k in found if k == "joiner"]),
            cues=SpanIndex(analysis.phrases(self.cues)),
            conditions=SpanIndex(analysis.phrases(self.conditions)),
            negators=SpanIndex(negators),
            sentence_negators=SpanIndex([(s, e, p) for s, e, p in negators if p == "sentence"]),
            takers=SpanIndex([span for span in routes.spans if span[2] in ("participation", "service")]),
            chained_options=[],
            clause_breaks=Segments(analysis.folded, CLAUSE_BREAKS),
            lines=analysis.paragraphs,
        )
        hits.chained_options.extend(
            sorted(s for s, e, _ in hits.options.spans if hits.action_near(e, e + OPTION_REACH))
        )
        return hits

    def _route_hits(
        self,
        shared: FieldHits,
        analysis: FieldAnalysis,
        usable: Callable[[int, int], bool],
    ) -> list[Hit]:
        """Following or installing as the only way to take part or to be served."""
        folded, sentences = analysis.folded, analysis.sentences
        routes, options = shared.routes, shared.options
        hits = []
        for a_start, a_end, action in shared.actions:
            if action.rule != "forced_download":
                continue
            if shared.alternative_near(a_start, a_end):
                continue  # another channel is named: the follow or the app is one choice
            sent_start, sent_end = sentences.bounds(a_start)
            # a numbered step (1. 关注……公众号) leads into the next steps (2. 进入公众号，点击……
            # 3. 选择在线办证): the procedure it opens, not the sentence, is where the taking part is
            sent_end = max(sent_end, _steps_end(folded, a_start, self.steps, self.options.step_reach, shared.lines))
            lo, hi = (
                max(sent_start, a_start - self.options.object_reach),
                min(sent_end, a_end + self.options.object_reach),
            )
            if not any(kind == "object" and e <= hi for _, e, kind in routes.starting(lo, hi)):
                continue  # 关注贫困群众: the action must name an account or a client near it
            if action.objects and not self._near_object(folded, a_start, a_end, sent_start, sent_end, action):
                continue  # 注册账号后……在线申报: a service's own account, not an app or the account
            if _offered(sent_start, a_start, shared):
                continue  # 可关注, 欢迎下载, 可以下载……APP，注册登录后……: an invitation
            # only a route after the action, in its sentence or its window, can be the one; the
            # routes are read in order of end up to the first one the action leads to, and when
            # one starts in the sentence, that first one starts within `width` of the earliest
            reach = max(sent_end, a_end + self.options.route_window + 1)
            takers = shared.takers
            earliest = next(takers.iter_starting(a_end, reach), None)
            if earliest is None:
                continue
            hi = min(reach, earliest[0] + takers.width + 1) if earliest[0] < sent_end else reach
            for r_start, r_end, kind in takers.starting(a_end, hi):
                # a follow leads to taking part or to a service in its sentence (关注……回复……进入预约页面)
                follows = r_start < sent_end
                # …or to a service a little after it, within the same item of a list (a ；
                # closes the item: 想摸警犬，要在反诈APP提交申请；……经认证的政务号 is another item;
                # so does a line break: 请广大市民关注。\n3.预约方式 is the next heading)
                serves = (
                    kind == "service"
                    and r_start <= a_end + self.options.route_window
                    and LIST_BREAK not in folded[a_end:r_start]
                    and "\n" not in folded[a_end:r_start]
                )
                if (follows or serves) and options.starting(a_end, r_start):
                    break  # 下载APP后，市民可随时办理: the service is offered, not gated
                if follows or serves:
                    if usable(a_start, a_end):
                        hits.append(
                            Hit(a_start, r_end, action.rule, f"{action.source} + engagement/routes.tsv:{kind}")
                        )
                    break
        return hits

    def _near_object(
        self, folded: str, start: int, end: int, sent_start: int, sent_end: int, action: Action
    ) -> bool:
        """Whether the action's object (an app, an account) stands near it: see `_object_near`."""
        options = self.options
        return _object_near(
            folded,
            start,
            end,
            sent_start,
            sent_end,
            action.objects,
            options.object_reach,
            options.list_reach,
            options.enumeration_marks,
        )

    def _growth_acts(self, shared: FieldHits, analysis: FieldAnalysis) -> Iterator[tuple[int, int, Action, int, int]]:
        """The field's actions whose object (if they need one) is near, with their sentence, that
        no option word offers (可关注, 欢迎下载)."""
        folded, sentences = analysis.folded, analysis.sentences
        for a_start, a_end, action in shared.actions:
            sent_start, sent_end = sentences.bounds(a_start)
            if action.objects and not self._near_object(folded, a_start, a_end, sent_start, sent_end, action):
                continue
            if _offered(sent_start, a_start, shared):
                continue
            yield a_start, a_end, action, sent_start, sent_end

    def _points_hits(
        self,
        shared: FieldHits,
        analysis: FieldAnalysis,
        usable: Callable[[int, int], bool],
    ) -> list[Hit]:
        """A growth act that earns points when the points buy a prize (points.tsv): 获取积分的方式
        包括:……分享……;……积分排行……颁发相应奖项 — a reward offered for the act."""
        # (another channel named in the text does not matter: a reward is bought with the act
        # whichever way one takes part)
        if not shared.actions:
            return []
        folded = analysis.folded
        found = [(s, e, k) for s, e, k in self.points.find(folded, analysis.phrases(self.points.keys))]
        kinds = {k for _, _, k in found}
        if "award" not in kinds or "contest" not in kinds:
            return []  # nothing bought, or a platform's rules explained (学习强国积分规则)
        earns = SpanIndex([(s, e, k) for s, e, k in found if k == "earn"])
        if not earns:
            return []
        window = self.options.points_window
        hits = []
        for a_start, a_end, action, sent_start, sent_end in self._growth_acts(shared, analysis):
            lo, hi = max(sent_start, a_start - window - earns.width), min(sent_end, a_end + window + 1)
            near = [
                (s, e)
                for s, e, _ in earns.starting(lo, hi)
                if e <= sent_end and (a_start - window <= e <= a_start or a_end <= s <= a_end + window)
            ]
            if near and usable(a_start, a_end):
                s, e = near[0]
                hits.append(
                    Hit(min(a_start, s), max(a_end, e), "follower_incentive", f"{action.source} + engagement/points.tsv")
                )
        return hits

    def _staff_hits(
        self,
        shared: FieldHits,
        analysis: FieldAnalysis,
        usable: Callable[[int, int], bool],
    ) -> list[Hit]:
        """A growth act demanded of a whole body of staff, members or pupils (全体干部职工关注……)
        in a text that counts, reports or appraises it (……汇总报送, 列入考核): staff.tsv."""
        if not shared.actions:
            return []
        found = analysis.phrases(self.staff)
        if not any(k == "check" for _, _, k in found):
            return []
        addressees = SpanIndex([(s, e, k) for s, e, k in found if k == "addressee"])
        if not addressees:
            return []
        done = SpanIndex([(s, e, k) for s, e, k in found if k == "done"])
        reach = self.options.addressee_reach
        hits = []
        for a_start, a_end, action, sent_start, _ in self._growth_acts(shared, analysis):
            clause = shared.clause_start(sent_start, a_start)
            lo = max(clause, a_start - reach - addressees.width)
            who = [(s, e) for s, e, _ in addressees.starting(lo, a_start) if e <= a_start and a_start - e <= reach]
            if not who or done.any_starting(clause, a_start):
                continue  # nobody named, or the clause tells what was done (已组织全体职工关注)
            if usable(a_start, a_end):
                hits.append(Hit(who[0][0], a_end, action.rule, f"{action.source} + engagement/staff.tsv"))
        return hits

    def _appraises(self, analysis: FieldAnalysis) -> bool:
        """Whether the field rates someone by a metric (appraisals.tsv): with no action word, a
        client's use may still be counted (《学习强国》平台学习参与度……评比)."""
        kinds = {k for _, _, k in self.appraisals.find(analysis.folded, analysis.phrases(self.appraisals.keys))}
        return {"metric", "appraisal"} <= kinds

    def _appraisal_hits(
        self,
        shared: FieldHits,
        analysis: FieldAnalysis,
        usable: Callable[[int, int], bool],
        unquoted: Callable[[int, int], bool],
    ) -> list[Hit]:
        """A growth act or a client's use counted in an appraisal (appraisals.tsv): a metric (注册率,
        下载注册使用全覆盖, 参与度, 得2分) just after the act or the client in its sentence, in a
        text that rates, ranks or rewards (评比, 考核, 排名), the sentence telling no result (已)."""
        folded, sentences = analysis.folded, analysis.sentences
        found = list(self.appraisals.find(folded, analysis.phrases(self.appraisals.keys)))
        if not any(k == "appraisal" for _, _, k in found):
            return []  # nobody is rated: a rate told (注册率达到90%) or explained
        metrics = [(s, e) for s, e, k in found if k == "metric"]
        if not metrics:
            return []
        done = SpanIndex([(s, e, k) for s, e, k in found if k == "done"])
        # what a metric may count: a growth act (下载, 关注, 点赞) or a client or an account named
        # (学习强国, APP, 公众号: routes.tsv `object`)
        anchors = SpanIndex(
            [(s, e, a.rule) for s, e, a in shared.actions]
            + [(s, e, "forced_download") for s, e, k in shared.routes.spans if k == "object"]
        )
        reach = self.options.metric_reach
        action_spans = {(s, e) for s, e, _ in shared.actions}
        hits = []
        for m_start, m_end in metrics:
            sent_start, _ = sentences.bounds(m_start)
            if done.any_starting(sent_start, m_start):
                continue  # 已经实现全覆盖, 截至目前注册率: a result told
            inside = [(s, e, r) for s, e, r in anchors.starting(m_start, m_end) if e <= m_end]
            before = [
                (s, e, r)
                for s, e, r in anchors.starting(max(sent_start, m_start - reach - anchors.width), m_start)
                if e <= m_start and m_start - e <= reach
            ]
            anchor = inside[0] if inside else (before[-1] if before else None)
            if anchor is not None and not inside and anchor[:2] in action_spans and not usable(anchor[0], anchor[1]):
                anchor = None  # an action word must be a word of its own (关注 inside 高关注度)
            if anchor is None and folded[m_start:m_end].endswith("率"):
                rule: RuleName = (
                    "forced_share" if any(w in folded[m_start:m_end] for w in ("转发", "分享", "点赞")) else "forced_download"
                )
                anchor = (m_start, m_end, rule)
            if anchor is None:
                continue
            a_start, a_end, rule = anchor
            # a client's name often stands in quotation or title marks (《学习强国》平台学习参与度):
            # that is naming, so only the metric itself must be the account's own words; a metric
            # is a compound (点赞分, 注册率) the segmenter cuts its own way: only quotation marks,
            # not word limits, keep it out (as for rankings)
            if unquoted(m_start, m_end):
                hits.append(Hit(min(a_start, m_start), max(a_end, m_end), rule, "engagement/appraisals.tsv"))
        return hits

    def _ranking_hits(self, analysis: FieldAnalysis, unquoted: Callable[[int, int], bool]) -> list[Hit]:
        """A prize decided by a count of likes or reposts (rankings.tsv): a measure (点赞量), a rank
        after it (排名第一, Top1~10) and a prize after the rank (奖励, 评为), in one sentence."""
        folded, sentences = analysis.folded, analysis.sentences
        found = list(self.rankings.find(folded, analysis.phrases(self.rankings.keys)))
        if not {k for _, _, k in found} >= set(RANKING_KINDS):
            return []  # most fields: no count of likes, no rank or no prize
        ranks = SpanIndex([(s, e, k) for s, e, k in found if k == "rank"])
        prizes = SpanIndex([(s, e, k) for s, e, k in found if k == "prize"])
        hits = []
        for m_start, m_end, kind in found:
            if kind != "measure":
                continue
            sent_end = sentences.bounds(m_start)[1]
            rank = next(
                (
                    (s, e)
                    for s, e, _ in ranks.starting(m_end, min(sent_end, m_end + self.options.ranking_window + 1))
                    if e <= sent_end
                ),
                None,
            )
            if rank is None:
                continue
            prize = next(
                (
                    (s, e)
                    for s, e, _ in prizes.starting(rank[1], min(sent_end, rank[1] + self.options.prize_window + 1))
                    if e <= sent_end
                ),
                None,
            )
            if prize is not None and unquoted(m_start, m_end):
                hits.append(Hit(m_start, prize[1], "forced_share", "engagement/rankings.tsv"))
        return hits

    def _is_guide(self, analysis: FieldAnalysis, quoted: VoiceMap) -> bool:
        """Whether the text speaks to campaign organisers (涨粉, 裂变, 活动形式 …: genres.tsv)."""
        markers = {w for s, e, w in analysis.phrases(self.guide_words) if not quoted.covers(s, e)}
        return len(markers) >= self.options.guide_markers

    def _condition_hits(
        self,
        shared: FieldHits,
        analysis: FieldAnalysis,
        usable: Callable[[int, int], bool],
    ) -> list[Hit]:
        """An action tied to a benefit by a condition frame in its sentence: a frame just before
        the action (凭关注……领取) or between the action and the benefit (点赞……并截图……兑换)."""
        if not shared.actions:
            return []
        folded, sentences = analysis.folded, analysis.sentences
        found = shared.conditions  # each one used is tested with `usable`
        reach = self.options.frame_reach
        hits = []
        for a_start, a_end, action in shared.actions:
            if shared.alternative_near(a_start, a_end):
                continue  # another channel is named: the action is one choice
            sent_start, sent_end = sentences.bounds(a_start)
            if action.objects and not self._near_object(folded, a_start, a_end, sent_start, sent_end, action):
                continue  # 关注民生, 下载申请表: not an app or an account
            offered = _offered(sent_start, a_start, shared)  # 可关注, 欢迎下载: an invitation…
            limit = min(sent_end, a_end + self.options.chain_window)
            near = a_end + self.options.condition_window
            benefit = next(
                (
                    (s, e)
                    for s, e, k in found.starting(a_end, limit)
                    if k == "benefit"
                    and e <= limit
                    and (e <= near or self._navigates(shared, folded, a_end, s))
                    and not self._informs(shared, e)
                    and usable(s, e)
                ),
                None,
            )
            if benefit is None:
                continue
            b_start, b_end = benefit
            if offered and not shared.gates.any_starting(a_end, b_start):
                continue  # …unless a gate word ties it to the benefit (可以……关注……即可进入……参与)
            before = any(
                k == "before" and 0 <= a_start - e <= reach and usable(s, e)
                for s, e, k in found.starting(max(sent_start, a_start - reach - found.width), a_start)
            )
            between = any(
                k == "between" and e <= b_start and usable(s, e) for s, e, k in found.starting(a_end, b_start)
            )
            if (before or between) and usable(a_start, a_end):
                hits.append(Hit(a_start, b_end, action.rule, f"{action.source} + engagement/conditions.tsv"))
        return hits

    def _navigates(self, shared: FieldHits, folded: str, a_end: int, b_start: int) -> bool:
        """Whether every clause between an action and a benefit holds a navigation word
        (conditions.tsv `navigation`): the clauses are the steps of one route (关注……公众号，进入……，
        在……中找到……，点击……即可进入……，参与……), not a new statement."""
        cuts = [i + a_end for i, ch in enumerate(folded[a_end:b_start]) if ch in CLAUSE_BREAKS]
        if not cuts:
            return False
        bounds = [*cuts, b_start]
        steps = shared.conditions
        return all(
            any(k == "navigation" and e <= hi for _, e, k in steps.starting(lo, hi))
            for lo, hi in pairwise(bounds)
            if folded[lo + 1 : hi].strip()
        )

    def _informs(self, shared: FieldHits, benefit_end: int) -> bool:
        """Whether an information word (conditions.tsv) follows a benefit closely in its clause:
        获取更多优惠信息 is what an account publishes, not something it withholds."""
        clause_end = shared.clause_breaks.bounds(benefit_end)[1]
        hi = min(clause_end, benefit_end + self.options.information_reach)
        return any(k == "information" and e <= hi for _, e, k in shared.conditions.starting(benefit_end, hi))

    def _statutory(self, hits: list[Hit], analysis: FieldAnalysis) -> list[Hit]:
        """A download of a statutory client is information: its hits become `statutory_app`."""
        folded, sentences = analysis.folded, analysis.sentences
        # An app's name is often in quotation marks (“个人所得税”APP): that is naming, not quoting.
        apps = SpanIndex(analysis.phrases(self.statutory))
        if not apps:
            return hits
        reach = STATUTORY_REACH
        out = [
            h
            for h in hits
            if not any(_near_app(h, s, e, sentences) for s, e, _ in apps.starting(h.start - reach, h.end + reach + 1))
        ]
        indexed = SpanIndex((h.start, h.end, h) for h in hits)
        for s, e, src in apps.spans:
            # a hit near the app starts at most `reach` after it and ends at least `reach` before it
            near = indexed.starting(s - reach - indexed.width, s + reach + 1)
            if any(_near_app(h, s, e, sentences) for _, _, h in near) or _download_before(folded, s, sentences):
                out.append(Hit(s, e, "statutory_app", src))
        return out

    def _reported_spans(self, analysis: FieldAnalysis) -> list[tuple[int, int, None]]:
        """From a reportable coercion verb to its sentence end, when an actor stands before it; and
        from a named party (当事人, 该公司) to its sentence end: the sentence narrates that party's
        practice (该小吃店……消费者只有转发朋友圈才能领取红包), whatever the words of the condition."""
        sentences = analysis.sentences
        found = SpanIndex(analysis.phrases(self.reporters))
        actors = SpanIndex([span for span in found.spans if span[2] == "actor"])
        determiners = self.determiners
        spans: list[tuple[int, int, None]] = []
        folded, reach = analysis.folded, self.options.referent_reach
        clauses = Segments(folded, CLAUSE_BREAKS)
        for v_start, v_end, kind in found.spans:
            if kind == "referent":
                # an organisation noun after a determiner (该小吃店, 该餐饮公司, 某水果店) is a party
                head = folded[max(0, v_start - reach - 1) : v_start]
                k = max((head.rfind(d) for d in determiners), default=-1)
                if k == -1 or any(ch in CLAUSE_STOPS for ch in head[k:]):
                    continue
                kind = "party"
            if kind == "party":
                spans.append((v_end, sentences.bounds(v_start)[1], None))
                continue
            if kind == "phenomenon":
                # the clause the noun heads, up to the noun (……转发、集赞兑换礼品热潮)
                clause_start = max(sentences.bounds(v_start)[0], clauses.bounds(v_start)[0])
                spans.append((clause_start, v_end, None))
                continue
            if kind != "verb":
                continue
            sent_start, sent_end = sentences.bounds(v_start)
            if any(e <= v_start for _, e, _ in actors.iter_starting(sent_start, v_start)):
                spans.append((v_start, sent_end, None))
        return spans

    def _window_hits(
        self,
        shared: FieldHits,
        analysis: FieldAnalysis,
        usable: Callable[[int, int], bool],
    ) -> Iterator[Hit]:
        if not shared.actions:
            return
        folded, sentences = analysis.folded, analysis.sentences
        cues = shared.cues  # each one that governs an action is tested with `usable`
        # the furthest a cue may stand from its action, on either side (a cue's own gap or the
        # window for an action with a named object)
        reach = max([self.options.window_object, *(c.max_gap for _, _, c in cues.spans)])
        for a_start, a_end, action in shared.actions:
            if action.rule == "forced_download" and shared.alternative_near(a_start, a_end):
                continue  # 需下载APP或关注公众号 in a table of routes beside 营业厅, 网银: one choice
            sent_start, sent_end = sentences.bounds(a_start)
            if (
                action.objects
                and not self._near_object(folded, a_start, a_end, sent_start, sent_end, action)
                and not _elliptic(folded, a_start, a_end, sent_start, sent_end, action.objects)
            ):
                continue  # 高度关注民生, 下载申请表: not an app or an account
            # 可以通过转发……增加抽奖机会: an option described, not a reward offered for the act
            offered = shared.options.any_starting(shared.clause_start(sent_start, a_start), a_start)
            lo, hi = max(sent_start, a_start - reach - cues.width), min(sent_end, a_end + reach + 1)
            for c_start, c_end, cue in cues.starting(lo, hi):
                if not self._governs(
                    folded, cue, c_start, c_end, a_start, a_end, action
                ):
                    continue
                if not usable(c_start, c_end):
                    continue
                if cue.kind == "incentive" and offered:
                    continue
                if not usable(a_start, a_end):
                    break  # not a word of its own here (关注 inside 高关注度): no cue governs it
                rule: RuleName = action.rule if cue.kind == "coerce" else "follower_incentive"
                yield Hit(min(a_start, c_start), max(a_end, c_end), rule, f"{cue.source} + {action.source}")

    def _governs(
        self, folded: str, cue: Cue, c_start: int, c_end: int, a_start: int, a_end: int, action: Action
    ) -> bool:
        """Whether the cue stands close enough to the action, on the side it reads from."""
        if cue.position == "after":
            return 0 <= c_start - a_end <= cue.max_gap
        reach = max(cue.max_gap, self.options.window_object) if action.objects else cue.max_gap
        between = folded[c_end:a_start]
        return 0 <= a_start - c_end <= reach and not any(ch in CLAUSE_BREAKS for ch in between)


def _object_near(
    folded: str,
    start: int,
    end: int,
    sent_start: int,
    sent_end: int,
    objects: tuple[str, ...],
    reach: int,
    list_reach: int = 0,
    marks: str = "",
) -> bool:
    """Whether one of `objects` stands within `reach` of the action in its sentence, or — when an
    enumeration mark follows the action within `reach` (必须关注A、B、C以及D微博) — at the end of
    that list, up to `list_reach` after it and before the clause ends."""
    before = folded[max(sent_start, start - reach) : start]
    after = folded[end : min(sent_end, end + reach)]
    if any(o in before or o in after for o in objects):
        return True
    if list_reach <= reach or not any(m in after for m in marks):
        return False
    tail = folded[end : min(sent_end, end + list_reach)]
    cut = min((k for k in (tail.find(ch) for ch in CLAUSE_BREAKS) if k != -1), default=len(tail))
    return any(o in tail[:cut] for o in objects)


def _elliptic(
    folded: str, start: int, end: int, sent_start: int, sent_end: int, objects: tuple[str, ...]
) -> bool:
    """Whether an action that closes its clause with no object of its own (……村民小组长都必须关注。)
    takes the account or the app named earlier in its sentence (……都要关注“XX”微信公众号，……都必须
    关注): Chinese leaves out an object already named."""
    closes = end >= sent_end or folded[end : end + 1] in CLAUSE_BREAKS + CLAUSE_STOPS
    return closes and any(o in folded[sent_start:start] for o in objects)


STATUTORY_REACH = 12  # characters between a download and the statutory client it names


def _near_app(hit: Hit, start: int, end: int, sentences: Segments) -> bool:
    """Whether a hit's action concerns the statutory client at [start, end) (same sentence, close)."""
    same = sentences.bounds(hit.start) == sentences.bounds(start)
    return same and hit.start - STATUTORY_REACH <= start <= hit.end + STATUTORY_REACH


def _download_before(folded: str, start: int, sentences: Segments) -> bool:
    """A download, install or login of the client next to its name: before it (下载“个人所得税”APP)
    or just after it (搜索“个人所得税”并下载官方应用)."""
    sent_start, sent_end = sentences.bounds(start)
    before = folded[max(sent_start, start - STATUTORY_REACH) : start]
    after = folded[start : min(sent_end, start + STATUTORY_REACH)]
    return any(word in before or word in after for word in ("下载", "安装", "登录", "打开"))


def _steps_end(folded: str, pos: int, steps: re.Pattern[str], reach: int, lines: Segments) -> int:
    """End of the last of up to `reach` steps after the one holding `pos`, when their lines and
    its own begin with a step marker (blank lines between them allowed), else -1."""
    line_start, line_end = lines.bounds(pos)
    if not steps.match(folded, line_start):
        return -1

    def newline_at_end(piece_end: int) -> int:
        """The line break closing the line that ends at `piece_end`, or -1 (the text's end)."""
        return piece_end - 1 if folded[piece_end - 1 : piece_end] == "\n" else -1

    end, cursor, taken = -1, newline_at_end(line_end), 0
    while cursor != -1 and taken < reach:
        piece_end = lines.bounds(cursor + 1)[1]
        if piece_end <= cursor + 1:
            break  # the line break ends the text: no line after it
        next_break = newline_at_end(piece_end)
        line_end = piece_end if next_break == -1 else next_break
        if folded[cursor + 1 : line_end].strip():
            if not steps.match(folded, cursor + 1):
                break
            end, taken = line_end, taken + 1
        cursor = next_break
    return end


def _offered(sent_start: int, pos: int, shared: FieldHits) -> bool:
    """Whether an option word (可, 欢迎) before `pos` in its sentence governs it: in its own clause,
    or — when it opens a chain of steps by governing an action itself (用户可以下载对应的APP，注册
    登录后，在……栏目中操作) — in an earlier clause with no gate word (即可, 方可) between. (A list
    break ；and a line break end the sentence, so no step of its own lies between.)"""
    clause = shared.clause_start(sent_start, pos)
    if shared.options.any_starting(clause, pos):
        return True
    # the nearest such option: a gate between it and `pos` stands between every earlier one too
    k = bisect_left(shared.chained_options, clause) - 1
    if k < 0 or shared.chained_options[k] < sent_start:
        return False
    return not shared.gates.any_starting(shared.chained_options[k] + 1, pos)


OPTION_REACH = 3  # characters between an option word and the action it governs (可以下载, 可先关注)


def _listed_prohibition(hit: Hit, folded: str, shared: FieldHits, leads: frozenset[str]) -> bool:
    """Whether the hit stands in a list whose lead-in (the clause ending in the colon before it,
    no full stop between) prohibits (不得出现以下情况:, 严禁下列行为:): each item is a practice
    banned, not demanded."""
    colon = folded.rfind(":", 0, hit.start)
    if colon < 0 or any(stop in folded[colon:hit.start] for stop in "。!?"):
        return False
    # the clause that ends in the colon: 为杜绝攀比现象,本次活动规则如下: prohibits nothing listed
    lead_start = max(folded.rfind(stop, 0, colon) for stop in "。!?\n,;") + 1
    return any(
        place == "before" and e <= colon + 1 and folded[s:e] in leads
        for s, e, place in shared.negators.starting(lead_start, colon)
    )


def _negated(hit: Hit, shared: FieldHits, sentences: Segments) -> bool:
    """A prohibition, exemption, condition or fraud warning next to the hit cancels it."""
    sent_start, sent_end = sentences.bounds(hit.start)
    if shared.sentence_negators.any_starting(sent_start, sent_end):
        return True
    negators = shared.negators
    lo = max(sent_start, hit.start - NEGATOR_BEFORE - negators.width)
    for start, end, place in negators.starting(lo, min(sent_end, hit.end + NEGATOR_AFTER + 1)):
        # text-wide prohibitions (`field`) are applied by the caller; a `before` negator must
        # begin before the hit: 取消 inside 取消关注……减去该投票 is the condition itself
        if place == "before" and hit.start - NEGATOR_BEFORE <= end and start < hit.start:
            return True
        if place == "after" and hit.end <= start <= hit.end + NEGATOR_AFTER:
            return True
    return False


def _joined(hit: Hit, joiners: SpanIndex[str], sentences: Segments) -> bool:
    """Whether the hit's sentence offers another route (也可, 或拨打: routes.tsv `joiner`), which
    makes the follow, the download or the share one choice. A ranking by likes or shares
    (patterns.tsv, rankings.tsv: forced_share) stays: 点赞或转发量前10名 is still a ranking."""
    if hit.rule == "statutory_app" or (
        hit.rule == "forced_share" and ("patterns.tsv" in hit.source or "rankings.tsv" in hit.source)
    ):
        return False
    return joiners.any_starting(*sentences.bounds(hit.start))


def _finding(hit: Hit, field: FieldName) -> Finding:
    return _BOOK.finding(
        f"engagement/{hit.rule}",
        start=hit.start,
        end=hit.end,
        field=field,
        category="engagement",
        source=hit.source,
    )
