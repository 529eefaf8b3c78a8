"""Whose voice a span is in: quotations and reported speech are not the account's own words.

Article 18 forbids the account's *own* opinions and emotions, and article 27 its *own* demands;
a citizen quoted in “……”, a book title in 《……》, or an official reported with 表示/指出 is
someone else speaking. `other_voice` marks those spans in folded text (see `text.fold`), so a
checker can drop hits that fall inside them. The speech cues are data (lexicons/tone/speech.tsv).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from review_pipeline.lexicon import read_lexicon
from review_pipeline.text.analysis import SENTENCE_STOPS, FieldAnalysis, Segments
from review_pipeline.text.phrases import PhraseIndex

# Opening mark -> closing mark. Folding has already turned ＂ into ", so one ASCII pair covers both.
QUOTE_PAIRS: dict[str, str] = {"“": "”", "「": "」", "『": "』", "《": "》", "‘": "’", "﹁": "﹂", '"': '"'}
CLAUSE_BREAKS = ",:;、"
SPEECH_KINDS = ("verb", "first_person", "institution", "speaker", "discourse", "carry")
MAX_SPEAKER_LABEL = 12  # "社区居民黄阿姨：" — longer heads of a line are headings or prose
MAX_DESCRIBED_LABEL = 40  # "丁俊杰（北京广播学院广告学系教授）："


@dataclass(frozen=True)
class SpeechCues:
    """Reported-speech verbs, first-person subjects and speaker labels, from a speech.tsv file."""

    path: str
    verbs: PhraseIndex[str]
    first_person: PhraseIndex[str]
    institutions: PhraseIndex[str]
    speakers: tuple[str, ...]
    # Phrases whose verb introduces nobody's words (也就是说, 等于说, 可以说): a verb inside one is no cue.
    discourse: PhraseIndex[str] = field(default_factory=lambda: PhraseIndex([]))
    # Adverbs that may stand alone before a verb whose subject is the previous clause's
    # (……，我此刻仍然认为……，仍然认为……): such a clause keeps that subject.
    carry: re.Pattern[str] = field(default_factory=lambda: re.compile(r"(?!)"))

    @classmethod
    def load(cls, path: str | Path) -> SpeechCues:
        """Read `term<TAB>kind` rows; an unknown kind is a `LexiconError` naming file and line."""
        groups: dict[str, list[str]] = {kind: [] for kind in SPEECH_KINDS}
        for entry in read_lexicon(path, min_cells=2, max_cells=2):
            kind = entry.cell(1)
            if kind not in groups:
                raise entry.error(f"unknown kind {kind!r}; expected one of {', '.join(SPEECH_KINDS)}")
            groups[kind].append(entry.cell(0))
        return cls(
            path=str(path),
            verbs=PhraseIndex((t, t) for t in groups["verb"]),
            first_person=PhraseIndex((t, t) for t in groups["first_person"]),
            institutions=PhraseIndex((t, t) for t in groups["institution"]),
            speakers=tuple(groups["speaker"]),
            discourse=PhraseIndex((t, t) for t in groups["discourse"]),
            carry=_adverbs_only(groups["carry"]),
        )


class VoiceMap:
    """Merged, sorted spans that are someone else's words."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(s for s in spans if s[1] > s[0]):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self.spans = merged
        self._starts = [s for s, _ in merged]

    def covers(self, start: int, end: int) -> bool:
        """True when the span [start, end) begins inside someone else's words."""
        k = bisect_right(self._starts, start) - 1
        return k >= 0 and start < self.spans[k][1] and end > start

    def __len__(self) -> int:
        return len(self.spans)


_OPENER = re.compile("[" + re.escape("".join(QUOTE_PAIRS)) + "]")
# per opening mark: the characters that change the nesting depth inside its quotation
_INNER = {o: re.compile("[" + re.escape(o + c) + "]") for o, c in QUOTE_PAIRS.items()}


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans from each opening quotation or title mark to its closing mark, both included.

    Nested marks of the same kind nest; an opening mark left open runs to the end of its
    paragraph, because Chinese quotations of several sentences often close only there.
    (The scan jumps from mark to mark with compiled patterns: a post is read in C, not per
    character in Python.)
    """
    spans: list[tuple[int, int]] = []
    n = len(text)
    para_end = -1
    m = _OPENER.search(text)
    while m is not None:
        i = m.start()
        opener = text[i]
        close = QUOTE_PAIRS[opener]
        if i > para_end:  # the paragraph's end, found once per paragraph (not per quotation: a
            para_end = text.find("\n", i)  # page with no line break would be read once per mark)
            para_end = n if para_end == -1 else para_end
        depth, end = 1, para_end
        for mark in _INNER[opener].finditer(text, i + 1, para_end):
            # a symmetric pair (" ... ") closes on its own mark
            if mark.group() == close:
                depth -= 1
                if depth == 0:
                    end = mark.end()
                    break
            else:
                depth += 1
        spans.append((i, end))
        m = _OPENER.search(text, end)
    return spans


def _adverbs_only(words: list[str]) -> re.Pattern[str]:
    """A clause head made of nothing but these words (and spaces), to its end."""
    if not words:
        return re.compile(r"(?!)")
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(r"[ \t]*(?:" + alternatives + r")*[ \t]*$")


def _carries_first_person(text: str, sent_start: int, clause_start: int, start: int, cues: SpeechCues) -> bool:
    """A clause with no subject of its own before the verb (……，我此刻仍然认为……，仍然认为……)
    keeps the subject of the sentence's clause before it: when that one is the author, so is this.
    A run of such clauses carries it on, walked back clause by clause (a loop, not recursion: a
    sentence of a thousand bare clauses must not exhaust the stack)."""
    while clause_start > sent_start and cues.carry.match(text, clause_start, start):
        prev_end = clause_start - 1
        prev_start = max([sent_start] + [text.rfind(c, sent_start, prev_end) + 1 for c in CLAUSE_BREAKS])
        if _has_first_person(text, prev_start, prev_end, cues):
            return True
        clause_start, start = prev_start, prev_end
    return False


def _has_first_person(text: str, start: int, end: int, cues: SpeechCues) -> bool:
    """Whether text[start:end] names the author (我, 小编) rather than an organisation (我局)."""
    piece = text[start:end]
    institutional = [(s, e) for s, e, _ in cues.institutions.find(piece)]
    for s, e, _ in cues.first_person.find(piece):
        if not any(i_s <= s and e <= i_e for i_s, i_e in institutional):
            return True
    return False


def reported_spans(
    text: str,
    cues: SpeechCues,
    boundaries: Callable[[], Container[int]],
    sentences: Segments | None = None,
    phrases: Callable[[PhraseIndex[str]], Iterable[tuple[int, int, str]]] | None = None,
) -> list[tuple[int, int]]:
    """Spans introduced (or closed) by a speech verb whose subject is not the author.

    "李大爷表示，……。" marks the rest of the sentence; "……：" the rest of the paragraph;
    "……，他说。" the sentence before the attribution. `boundaries()` gives jieba word limits: a
    verb must end a word, so 说 in 说明 is no verb while 说 in 陈伯说 (one jieba word) is.
    `phrases(index)` gives an index's hits in `text` (an analysis' shared phrase bank).
    """
    if phrases is None:
        phrases = lambda index: index.find(text)  # noqa: E731
    spans: list[tuple[int, int]] = []
    sentences = sentences or Segments(text, SENTENCE_STOPS)
    words: Container[int] | None = None
    n = len(text)
    discourse = [(s, e) for s, e, _ in phrases(cues.discourse)]
    for start, end, _verb in phrases(cues.verbs):
        if end < n and text[end] in "的得":  # 市民反映的问题, 说得理直气壮: introduces nothing
            continue
        if end < n and text[end] in "吗么呢":  # 你能解释吗？: a question put to someone, no speech
            continue
        if end < n and text[end] == "之":  # 留言之举, 评论之声: the verb is a noun, no speech
            continue
        if start > 0 and text[start - 1] in "和与及或、":  # 删除了文章和评论: a noun in a list
            continue
        if any(d_s <= start and end <= d_e for d_s, d_e in discourse):
            continue  # 也就是说, 等于说: a turn of the author's own sentence
        sent_start, sent_end = sentences.bounds(start)
        clause_start = max([sent_start] + [text.rfind(c, sent_start, start) + 1 for c in CLAUSE_BREAKS])
        if not text[clause_start:start].strip() or _has_first_person(text, clause_start, start, cues):
            continue
        if _carries_first_person(text, sent_start, clause_start, start, cues):
            continue
        # word limits last: they cost a jieba segmentation of the clause
        if words is None:
            words = boundaries()
        if end not in words:
            continue
        after = end
        while after < n and text[after] == " ":
            after += 1
        opening = after + 1 if after < n and text[after] in ",:" else after
        if opening < n and text[opening] in QUOTE_PAIRS:
            continue  # 宣称，「……」: the quotation is the speech, the author resumes after it
        if after < n and text[after] == ":":
            para_end = text.find("\n", after)
            spans.append((after, n if para_end == -1 else para_end))
        elif after >= n or text[after] in SENTENCE_STOPS:
            if clause_start > sent_start and text[clause_start - 1] == ",":  # "……，他说。"
                spans.append((sent_start, clause_start))
        else:
            spans.append((end, sent_end))
    return spans


def speaker_spans(text: str, cues: SpeechCues) -> list[tuple[int, int]]:
    """Lines of an interview ("社区居民黄阿姨：……"): the words after the speaker's label."""
    spans: list[tuple[int, int]] = []
    if not cues.speakers:
        return spans
    line_start = 0
    while line_start <= len(text):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end == -1 else line_end
        colon = text.find(":", line_start, min(line_end, line_start + MAX_DESCRIBED_LABEL + 1))
        if colon > line_start and _is_speaker_label(text[line_start:colon].strip(), cues):
            spans.append((colon + 1, line_end))
        line_start = line_end + 1
    return spans


def _is_speaker_label(label: str, cues: SpeechCues) -> bool:
    """黄阿姨 (a speaker word ends it) or 丁俊杰(某大学教授) (a name described in brackets)."""
    if any(c in label for c in SENTENCE_STOPS):
        return False
    if label.endswith(")") and "(" in label:  # folded （）
        return len(label) <= MAX_DESCRIBED_LABEL
    return (
        len(label) <= MAX_SPEAKER_LABEL
        and label.endswith(cues.speakers)
        and not any(c in label for c in CLAUSE_BREAKS)
    )


def other_voice(folded: str, cues: SpeechCues, boundaries: Callable[[], Container[int]]) -> VoiceMap:
    """Everything in `folded` that is quoted, reported or said by a labelled speaker."""
    return VoiceMap(
        quoted_spans(folded) + reported_spans(folded, cues, boundaries) + speaker_spans(folded, cues)
    )


def other_voice_of(analysis: FieldAnalysis, cues: SpeechCues) -> VoiceMap:
    """`other_voice` of an analysed field, from its shared quotations, sentences and word limits
    (computed once per review, whichever checker asks first)."""

    def compute() -> VoiceMap:
        folded = analysis.folded
        reported = reported_spans(folded, cues, lambda: analysis.words, analysis.sentences, analysis.phrases)
        return VoiceMap(analysis.quoted + reported + speaker_spans(folded, cues))

    return analysis.memo(("other_voice", cues.path), compute)


# jieba glues degree adverbs, particles and some prepositions onto a neighbour (真是太 | 恶心,
# 须于, 点赞前), so a phrase may begin or end inside such a word; it may not begin or end inside a
# content word (活该 in 生活该, 心累 in 爱心累计).
LEADING_MODIFIERS = frozenset("真是太很好都快要就也还更最非常实在简直又")
TRAILING_PARTICLES = frozenset("了啊呀吧呢啦嘛哦哈的于前后在")
MAX_GLUE = 4


def aligned_to_words(text: str, start: int, end: int, words: Container[int]) -> bool:
    """Whether text[start:end] starts and ends at word limits, up to glued modifiers/particles."""
    return _edge_ok(text, start, words, -1, LEADING_MODIFIERS) and _edge_ok(
        text, end, words, 1, TRAILING_PARTICLES
    )


def _edge_ok(text: str, pos: int, words: Container[int], step: int, glue: frozenset[str]) -> bool:
    other = pos
    while other not in words:
        other += step
        if abs(other - pos) > MAX_GLUE or not 0 <= other <= len(text):
            return False
    outside = text[other:pos] if step < 0 else text[pos:other]
    return all(ch in glue for ch in outside)
