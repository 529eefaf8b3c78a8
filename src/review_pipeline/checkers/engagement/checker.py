"""Forced or bought engagement (办法第二十七条).

"不得强制要求下载使用移动客户端或点赞、转发信息" and "严禁购买“粉丝”等数据造假行为". An action
(下载, 关注, 转发, 点赞 …) governed by a coercion cue in the same sentence (必须/务必/须 before it,
后方可/才能/否则/一律 after it) is `engagement/forced_download` or `engagement/forced_share`
(errors); an incentive cue (即送, 有礼, 抽奖) makes it `engagement/follower_incentive` (warning),
as do fixed phrases such as 刷粉 or 买粉. Ordinary invitations (欢迎关注, 欢迎转发) carry no cue and
pass; prohibitions and exemptions (不得强制要求下载, 无需下载, 如需下载), fraud warnings (刷粉兼职都是
诈骗), neutral uses (下载申请表, 高度关注) and quoted words are not reported. All cues are data in
lexicons/engagement/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field

from review_pipeline.checkers.base import CheckContext, CheckerOptions, RuleInfo
from review_pipeline.lexicon import LexiconLine, read_lexicon
from review_pipeline.models import Document, FieldName, Finding, Severity
from review_pipeline.policy import builtin_lexicon
from review_pipeline.rules import load_rules
from review_pipeline.text.analysis import FieldAnalysis, Segments
from review_pipeline.text.fold import fold
from review_pipeline.text.phrases import PhraseIndex
from review_pipeline.text.quotes import (
    VoiceMap,
    aligned_to_words,
)
from review_pipeline.text.segment import tokenizer

LEGAL_BASIS = "办法第二十七条"
NEGATOR_BEFORE = 6  # characters before a hit that a `before` negator may stand in
NEGATOR_AFTER = 10  # characters after a hit that an `after` negator may stand in
OBJECT_REACH = 16  # characters either side of an action searched for its object (APP, 公众号)
CLAUSE_BREAKS = ",;:"  # folded ，；： — a `before` cue governs only its own clause

RuleName = Literal["forced_download", "forced_share", "follower_incentive"]
# rule -> (severity, message, suggestion)
_RULE_TEXT: dict[str, tuple[Severity, str, str]] = {
    "forced_download": (
        "error",
        "强制或变相强制用户下载、安装客户端或关注账号（如“必须下载”“关注后方可办理”），政务新媒体不得强制要求下载使用移动客户端",
        "改为倡导性表述（如“欢迎下载”“也可通过……办理”），并保留其他办理渠道",
    ),
    "forced_share": (
        "error",
        "强制或变相强制用户点赞、转发（如“务必转发”“转发后才能”“不转不是中国人”），政务新媒体不得强制要求点赞、转发信息",
        "删除强制性要求，可改为“欢迎转发”等倡导性表述",
    ),
    "follower_incentive": (
        "warning",
        "以奖品、红包等诱导关注、点赞、转发，或刷粉、买粉等粉丝数据造假，违反严禁购买“粉丝”等数据造假的规定",
        "删除以奖励换取关注、转发的内容；账号粉丝和互动数据不得造假",
    ),
}
RULES: tuple[RuleName, ...] = ("forced_download", "forced_share", "follower_incentive")
POSITIONS = ("before", "after")
CUE_KINDS = ("coerce", "incentive")
NEGATOR_PLACES = ("before", "after", "sentence")


def _lexicon(name: str) -> str:
    return builtin_lexicon("engagement", name)


class EngagementOptions(CheckerOptions):
    """Policy section `checkers.engagement`: word lists and how close a cue must stand."""

    actions: str = Field(default_factory=lambda: _lexicon("actions.tsv"))
    cues: str = Field(default_factory=lambda: _lexicon("cues.tsv"))
    phrases: str = Field(default_factory=lambda: _lexicon("phrases.tsv"))
    negators: str = Field(default_factory=lambda: _lexicon("negators.tsv"))
    allow: str = Field(default_factory=lambda: _lexicon("allow.txt"))
    window_before: int = Field(default=6, ge=0)  # characters between a `before` cue and its action
    # …and for an action whose object is named (下载……APP, 关注……公众号): 须于本月底前完成APP下载
    window_object: int = Field(default=20, ge=0)
    window_after: int = Field(default=12, ge=0)  # characters between an action and an `after` cue
    skip_quoted: bool = True


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
    RULES: ClassVar[tuple[RuleInfo, ...]] = load_rules(__package__ or __name__)

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
        self.negators: PhraseIndex[str] = PhraseIndex(
            (e.cell(0), _choice(e, 1, NEGATOR_PLACES, "place")) for e in read_lexicon(options.negators, 2, 2)
        )
        self.allow: PhraseIndex[str] = PhraseIndex(
            (e.cell(0), e.cell(0)) for e in read_lexicon(options.allow, 1, 1)
        )
        tokenizer()  # jieba's dictionary loads here, once, not inside the first review

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
        for field, _text in context.fields():
            for hit in self._field_hits(context.analysis(field)):
                yield _finding(hit, field)

    def _field_hits(self, analysis: FieldAnalysis) -> list[Hit]:
        folded, words, sentences = analysis.folded, analysis.words, analysis.sentences
        quoted = VoiceMap(analysis.quoted if self.options.skip_quoted else [])
        allowed = [(s, e) for s, e, _ in self.allow.find(folded)]

        def usable(start: int, end: int) -> bool:
            return aligned_to_words(folded, start, end, words) and not quoted.covers(start, end)

        actions = [
            (s, e, p) for s, e, p in self.actions.find(folded) if usable(s, e) and not _inside(s, e, allowed)
        ]
        candidates = [*self._window_hits(actions, folded, sentences, usable)]
        candidates += [
            Hit(s, e, rule, src) for s, e, (rule, src) in self.phrases.find(folded) if usable(s, e)
        ]
        negators = list(self.negators.find(folded))
        kept: list[Hit] = []
        # Earliest, then tightest first: 必须下载 over 须下载, 关注本号即送 over 关注本号即送精美礼品.
        for hit in sorted(candidates, key=lambda h: (h.start, h.end - h.start, h.rule)):
            if any(k.rule == hit.rule and hit.start < k.end and k.start < hit.end for k in kept):
                continue  # one finding per rule and place
            if not _negated(hit, negators, sentences):
                kept.append(hit)
        return kept

    def _window_hits(
        self,
        actions: list[tuple[int, int, Action]],
        folded: str,
        sentences: Segments,
        usable: Callable[[int, int], bool],
    ) -> Iterator[Hit]:
        if not actions:
            return
        cues = [(s, e, cue) for s, e, cue in self.cues.find(folded) if usable(s, e)]
        for a_start, a_end, action in actions:
            sent_start, sent_end = sentences.bounds(a_start)
            if action.objects and not _object_near(
                folded, a_start, a_end, sent_start, sent_end, action.objects
            ):
                continue  # 高度关注民生, 下载申请表: not an app or an account
            for c_start, c_end, cue in cues:
                if not sent_start <= c_start < sent_end or not self._governs(
                    folded, cue, c_start, c_end, a_start, a_end, action
                ):
                    continue
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
    folded: str, start: int, end: int, sent_start: int, sent_end: int, objects: tuple[str, ...]
) -> bool:
    before = folded[max(sent_start, start - OBJECT_REACH) : start]
    after = folded[end : min(sent_end, end + OBJECT_REACH)]
    return any(o in before or o in after for o in objects)


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _negated(hit: Hit, negators: list[tuple[int, int, str]], sentences: Segments) -> bool:
    """A prohibition, exemption, condition or fraud warning next to the hit cancels it."""
    sent_start, sent_end = sentences.bounds(hit.start)
    for start, end, place in negators:
        if not sent_start <= start < sent_end:
            continue
        if place == "sentence":
            return True
        if place == "before" and hit.start - NEGATOR_BEFORE <= end and start < hit.end:
            return True
        if place == "after" and hit.end <= start <= hit.end + NEGATOR_AFTER:
            return True
    return False


def _finding(hit: Hit, field: FieldName) -> Finding:
    severity, message, suggestion = _RULE_TEXT[hit.rule]
    return Finding(
        checker=EngagementChecker.name,
        rule=f"engagement/{hit.rule}",
        category="engagement",
        severity=severity,
        field=field,
        start=hit.start,
        end=hit.end,
        message=message,
        suggestion=suggestion,
        source=hit.source,
        legal_basis=LEGAL_BASIS,
    )
