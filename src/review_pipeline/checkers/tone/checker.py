"""Personal opinions and emotions in the account's own voice (办法第十八条).

"不得擅自发布代表个人观点、意见及情绪的言论": first-person opinion markers (我觉得, 小编认为, 说实话)
are `tone/personal_opinion`; emotional, abusive or mocking phrasing (气死了, 真是无语, 呵呵) and
strings of exclamation or question marks (！！！, ？？？, ？！) are `tone/emotional`. Both are
warnings: an editor decides. Words in quotation marks, book titles, reported speech (他说, 表示,
指出) and interview lines ("市民李女士：") are someone else's voice and are not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import ClassVar

from pydantic import Field

from review_pipeline.checkers.base import CheckContext, CheckerOptions, RuleInfo
from review_pipeline.lexicon import read_lexicon
from review_pipeline.models import Document, FieldName, Finding
from review_pipeline.policy import builtin_lexicon
from review_pipeline.rules import load_rules
from review_pipeline.text.phrases import PhraseIndex
from review_pipeline.text.quotes import (
    SpeechCues,
    VoiceMap,
    aligned_to_words,
    other_voice_of,
)
from review_pipeline.text.segment import tokenizer

LEGAL_BASIS = "办法第十八条"
_STACKED_MARKS = "‼⁉⁈"  # one character that is already a string of marks
_RULE_TEXT: dict[str, tuple[str, str, str]] = {
    # rule -> (what it is, message, suggestion), for the editor
    "personal_opinion": (
        "以账号口吻发表个人观点",
        "以第一人称发表个人观点、意见，政务新媒体不得擅自发布代表个人观点的言论",
        "改为客观陈述事实或引用权威表述；如为他人观点，请加引号并注明说话人",
    ),
    "emotional": (
        "以账号口吻宣泄情绪或嘲讽",
        "情绪化、嘲讽或不文明的表达，政务新媒体不得发布代表个人情绪的言论",
        "改用平实、规范的语言；如为引用他人原话，请加引号并注明说话人",
    ),
}


def _lexicon(name: str) -> str:
    return builtin_lexicon("tone", name)


class ToneOptions(CheckerOptions):
    """Policy section `checkers.tone`: word lists and how many marks make a string of them."""

    opinion: str = Field(default_factory=lambda: _lexicon("opinion.txt"))
    emotional: str = Field(default_factory=lambda: _lexicon("emotional.txt"))
    allow: str = Field(default_factory=lambda: _lexicon("allow.txt"))
    speech: str = Field(default_factory=lambda: _lexicon("speech.tsv"))
    # A run of this many ！/？ containing at least one ！ is emotional (one ！ is not)…
    exclamation_run: int = Field(default=2, ge=2)
    # …and so is a run of this many ？ alone (？？ is often a typo; ？？？ is a tone).
    question_run: int = Field(default=3, ge=2)
    skip_quoted: bool = True


class ToneChecker:
    """Finds first-person opinions and emotional language outside quoted or reported speech."""

    name: ClassVar[str] = "tone"
    Options: ClassVar[type[CheckerOptions]] = ToneOptions
    RULES: ClassVar[tuple[RuleInfo, ...]] = load_rules(__package__ or __name__)

    def __init__(self, options: ToneOptions) -> None:
        self.options = options
        self.phrases: PhraseIndex[tuple[str, str]] = PhraseIndex(
            [
                *self._entries(options.opinion, "personal_opinion"),
                *self._entries(options.emotional, "emotional"),
            ]
        )
        self.allow: PhraseIndex[str] = PhraseIndex(
            (e.cell(0), e.cell(0)) for e in read_lexicon(options.allow)
        )
        self.speech = SpeechCues.load(options.speech)
        tokenizer()  # jieba's dictionary loads here, once, not inside the first review
        # ASCII after folding: ！ -> !, ？ -> ?; ‼ ⁉ ⁈ are strings of marks in one character.
        self._marks = re.compile(r"[!?‼⁉⁈]+")

    @staticmethod
    def _entries(path: str, rule: str) -> Iterator[tuple[str, tuple[str, str]]]:
        name = Path(path).name
        for entry in read_lexicon(path, max_cells=2):
            yield entry.cell(0), (rule, f"tone/{name}:{entry.line}:{entry.cell(0)}")

    def check(self, document: Document, context: CheckContext) -> Iterable[Finding]:
        for field, _text in context.fields():
            folded = context.folded(field)
            voice = self._voice(context, field, folded)
            yield from self._phrase_findings(field, folded, voice, context)
            yield from self._mark_findings(field, folded, voice)

    def _voice(self, context: CheckContext, field: FieldName, folded: str) -> VoiceMap:
        """Quoted and reported spans of this field, shared with other checkers via the cache."""
        if not self.options.skip_quoted:
            return VoiceMap([])
        return other_voice_of(context.analysis(field), self.speech)

    def _phrase_findings(
        self, field: FieldName, folded: str, voice: VoiceMap, context: CheckContext
    ) -> Iterator[Finding]:
        allowed = [(s, e) for s, e, _ in self.allow.find(folded)]
        taken: list[tuple[int, int, str]] = []
        # Longest first, so that 我个人认为 is one finding rather than 我个人认为 + 个人认为.
        hits = sorted(self.phrases.find(folded), key=lambda h: (h[0], -(h[1] - h[0])))
        for start, end, (rule, source) in hits:
            if voice.covers(start, end) or any(a <= start and end <= b for a, b in allowed):
                continue
            if any(t_rule == rule and start < t_end and t_start < end for t_start, t_end, t_rule in taken):
                continue
            if not aligned_to_words(folded, start, end, context.analysis(field).words):  # 活该 inside 生活该
                continue
            taken.append((start, end, rule))
            yield _finding(rule, field, start, end, source)

    def _mark_findings(self, field: FieldName, folded: str, voice: VoiceMap) -> Iterator[Finding]:
        for match in self._marks.finditer(folded):
            run = match.group()
            if any(ch in _STACKED_MARKS for ch in run) or (
                "!" in run and len(run) >= self.options.exclamation_run
            ):
                signal = "exclamation_run"
            elif len(run) >= self.options.question_run:
                signal = "question_run"
            else:
                continue  # one ！, or ？？: lively or a typo, not a tone
            if not voice.covers(match.start(), match.end()):
                yield _finding("emotional", field, match.start(), match.end(), f"signal:{signal}({len(run)})")


def _finding(rule: str, field: FieldName, start: int, end: int, source: str) -> Finding:
    _what, message, suggestion = _RULE_TEXT[rule]
    return Finding(
        checker=ToneChecker.name,
        rule=f"tone/{rule}",
        category="tone",
        severity="warning",
        field=field,
        start=start,
        end=end,
        message=message,
        suggestion=suggestion,
        source=source,
        legal_basis=LEGAL_BASIS,
    )
