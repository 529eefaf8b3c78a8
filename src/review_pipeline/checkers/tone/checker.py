"""Personal opinions and emotions in the account's own voice (办法第十八条).

"不得擅自发布代表个人观点、意见及情绪的言论" read as a register: first-person opinion markers
(我觉得, 笔者以为) are `tone/personal_opinion`; emotion (气死了, 大快人心) and strings of marks
(！！！, ？？？) are `tone/emotional`; second-person address at critics (你行你上) and rhetorical
questions (难道……？ aimed at the reader or opponents, or a run of them; lexicons/tone/rhetorical.tsv,
read on the sentences of the shared analysis) are `tone/hostile_address`; sarcasm, insults, evaluative adjectives about
people or cases and moral verdicts (某些人, 吃相难看, 荒唐, 欠收拾) are `tone/derision`. All are
warnings with the words that decided them. Cue families are data (lexicons/tone/register.tsv);
rule texts are in rules.yaml. Words in quotation marks, book titles, reported speech (他说, 表示,
指出), interview lines ("市民李女士：") and citizens' letters on a message board (信件内容：…… up to
回复内容：; lexicons/tone/letters.tsv) are someone else's voice and are not reported.

Signed commentary is a register of its own: when the writer speaks as a named author (笔者,
本报评论员, a column head, 就我所知; lexicons/tone/commentary.tsv) the piece's opinion is
attributed, and its cues become one `tone/signed_commentary` note at info; insults and
name-calling stay warnings in every register.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import ClassVar

from pydantic import Field

from review_pipeline.checkers.base import CheckContext, CheckerOptions, RuleInfo
from review_pipeline.checkers.tone.register import QUESTION_CLASSES, RegisterSignals, SignalHit
from review_pipeline.lexicon import LexiconLine, read_lexicon
from review_pipeline.models import Document, FieldName, Finding
from review_pipeline.policy import builtin_lexicon
from review_pipeline.rules import RuleBook, load_rules
from review_pipeline.text.analysis import FieldAnalysis, Segments
from review_pipeline.text.glosses import Plain, without_glosses
from review_pipeline.text.patterns import GatedPatterns
from review_pipeline.text.phrases import PhraseIndex
from review_pipeline.text.quotes import (
    SpeechCues,
    VoiceMap,
    aligned_to_words,
    other_voice_of,
)

RULES = load_rules(__package__ or __name__)
_BOOK = RuleBook("tone", RULES)
_STACKED_MARKS = "‼⁉⁈"  # one character that is already a string of marks
_CONDITIONS = ("question", "regex", "form")
PATTERN_CONDITIONS = ("regex", "form")
NARRATIVE = "narrative"
QUESTION_MARK = "?"  # folded ？
UNPUNCTUATED_BEFORE = "\n。"  # a run of marks right after one of these punctuates no sentence
COMMENTARY_KINDS = ("self", "byline", "testimony")
RHETORICAL_KINDS = ("frame", "target")
RHETORICAL_FLAGS = ("", "aimed", "run")
LETTER_KINDS = ("letter", "reply", "signature")
# FAQ lines (问：……？, Q:) ask on the reader's behalf; the answer follows.
FAQ_LINE = re.compile(r"[ \t]*(?:问|Q|q|提问)\s*[:：]")
CLOSERS = ' \n"”’」』)'  # closing quotes and brackets after a sentence's last mark
# Cue kinds that stay warnings inside signed commentary: abuse is not made civil by a byline.
ANY_REGISTER_KINDS = ("insult",)
SPEAKER_GAP = 6  # characters between a speaker and the reported speech that follows (评论员杨某表示，)
Payload = tuple[str, str, str, str]  # rule, source, condition, kind


@dataclass(frozen=True, slots=True)
class ToneHit:
    """One finding in the making, with the kind of cue that decided it."""

    finding: Finding
    kind: str


def _lexicon(name: str) -> str:
    return builtin_lexicon("tone", name)


def _at_origin(hit: ToneHit, plain: Plain) -> ToneHit:
    """The hit at the original offsets of a text read without its pinyin glosses."""
    start, end = plain.span(hit.finding.start, hit.finding.end)
    return ToneHit(hit.finding.model_copy(update={"start": start, "end": end}), hit.kind)


class ToneOptions(CheckerOptions):
    """Policy section `checkers.tone`: word lists and how many marks make a string of them."""

    opinion: str = Field(default_factory=lambda: _lexicon("opinion.txt"))
    emotional: str = Field(default_factory=lambda: _lexicon("emotional.txt"))
    register_cues: str = Field(default_factory=lambda: _lexicon("register.tsv"))
    allow: str = Field(default_factory=lambda: _lexicon("allow.txt"))
    speech: str = Field(default_factory=lambda: _lexicon("speech.tsv"))
    bylines: str = Field(default_factory=lambda: _lexicon("bylines.tsv"))
    # Longest bracketed byline at a paragraph end read as a signature (（辽宁东港市刘学春）).
    byline_max: int = Field(default=30, ge=2)
    # A run of this many ！/？ containing at least one ！ is emotional (one ！ is not)…
    exclamation_run: int = Field(default=2, ge=2)
    # …and so is a run of this many ？ alone (？？ is often a typo; ？？？ is a tone).
    question_run: int = Field(default=3, ge=2)
    skip_quoted: bool = True
    # First-person singular pronouns whose presence elsewhere in a paragraph makes it someone's
    # own account (memoir, letter, interview answer); 小编/笔者/本人 are the account's own words.
    narrative_pronouns: list[str] = Field(default_factory=lambda: ["我", "俺", "咱"])
    # Weak-signal classes that such a paragraph silences: the marks and address of a dialogue
    # or a memoir (！, 吗？, 你) are the narrator's; a scornful idiom, a contemptuous name for a
    # person or a rhetorical rebuke stays the writer's register whoever says 我 beside it (a
    # blogger's 我 is the author; a relayed letter or answer is silenced by its byline or label).
    narrative_signal_classes: list[str] = Field(
        default_factory=lambda: ["exclaim", "question", "address", "particle", "marks"]
    )
    commentary: str = Field(default_factory=lambda: _lexicon("commentary.tsv"))
    # A byline or column head counts in the title, or this many characters from either end of
    # the text (本报评论员 at the top, （作者系……） at the bottom); elsewhere it is a mention.
    commentary_head: int = Field(default=40, ge=0)
    rhetorical: str = Field(default_factory=lambda: _lexicon("rhetorical.tsv"))
    # Rhetorical questions in one paragraph that make a barrage at the reader even without a
    # target (难道……？难道……？); one alone is a figure of speech.
    rhetorical_run: int = Field(default=2, ge=1)
    letters: str = Field(default_factory=lambda: _lexicon("letters.tsv"))
    # Weak register signals and their fitted weights, window and threshold (tone/heated_register).
    signals: str = Field(default_factory=lambda: _lexicon("signals.tsv"))
    signal_weights: str = Field(default_factory=lambda: _lexicon("signal_weights.tsv"))
    # A policy may set its own threshold; by default the fitted one of signal_weights.tsv applies.
    register_threshold: float | None = Field(default=None, gt=0)
    # A quotation opened (“, 「) and not closed in its paragraph runs on over at most this many
    # following paragraphs until its closing mark (a speaker's answer set as two paragraphs).
    quote_run_on: int = Field(default=3, ge=0)


class ToneChecker:
    """Finds first-person opinions and emotional language outside quoted or reported speech."""

    name: ClassVar[str] = "tone"
    Options: ClassVar[type[CheckerOptions]] = ToneOptions
    RULES: ClassVar[tuple[RuleInfo, ...]] = RULES

    def __init__(self, options: ToneOptions) -> None:
        self.options = options
        register = read_lexicon(options.register_cues, min_cells=3, max_cells=4)
        self.phrases: PhraseIndex[Payload] = PhraseIndex(
            [
                *self._entries(options.opinion, "personal_opinion"),
                *self._entries(options.emotional, "emotional"),
                *(self._register_entry(e) for e in register if e.cell(3) not in PATTERN_CONDITIONS),
            ]
        )
        # Patterns of the register (真是……啊): compiled once, checked like phrases.
        # (gated by their literal keys: a pattern runs only on a field holding one)
        self.patterns: GatedPatterns[Payload] = GatedPatterns(
            (e.regex().pattern, self._register_entry(e)[1]) for e in register if e.cell(3) in PATTERN_CONDITIONS
        )
        self.allow: PhraseIndex[str] = PhraseIndex(
            (e.cell(0), e.cell(0)) for e in read_lexicon(options.allow)
        )
        self.speech = SpeechCues.load(options.speech)
        bylines = read_lexicon(options.bylines, min_cells=2, max_cells=2)
        for entry in bylines:
            if entry.cell(1) not in ("marker", "institution"):
                raise entry.error(f"unknown kind {entry.cell(1)!r}; expected marker or institution")
        self.bylines = [e.cell(0) for e in bylines if e.cell(1) == "marker"]
        self.byline_institutions = tuple(e.cell(0) for e in bylines if e.cell(1) == "institution")
        # folded （……） at the very end of a paragraph
        self._byline = re.compile(r"\(([^()\n]{2," + str(options.byline_max) + r"})\)[ \t]*$", re.M)
        # ASCII after folding: ！ -> !, ？ -> ?; ‼ ⁉ ⁈ are strings of marks in one character.
        self._marks = re.compile(r"[!?‼⁉⁈]+")
        commentary = read_lexicon(options.commentary, min_cells=2, max_cells=3)
        for entry in commentary:
            if entry.cell(1) not in COMMENTARY_KINDS:
                raise entry.error(f"unknown kind {entry.cell(1)!r}; expected one of {', '.join(COMMENTARY_KINDS)}")
            if entry.cell(2) not in ("", "regex"):
                raise entry.error(f"unknown condition {entry.cell(2)!r}; expected regex or nothing")
        self.commentary: PhraseIndex[str] = PhraseIndex(
            (e.cell(0), e.cell(1)) for e in commentary if e.cell(2) != "regex"
        )
        self.commentary_patterns: GatedPatterns[str] = GatedPatterns(
            (e.regex().pattern, e.cell(1)) for e in commentary if e.cell(2) == "regex"
        )
        rhetorical = read_lexicon(options.rhetorical, min_cells=2, max_cells=3)
        for entry in rhetorical:
            if entry.cell(1) not in RHETORICAL_KINDS:
                raise entry.error(f"unknown kind {entry.cell(1)!r}; expected frame or target")
            if entry.cell(2) not in RHETORICAL_FLAGS:
                raise entry.error(f"unknown flag {entry.cell(2)!r}; expected aimed, run or nothing")
        self.frames = [
            (e.regex(), e.cell(2), f"tone/{Path(e.path).name}:{e.line}:{e.cell(0)} [rhetorical]")
            for e in rhetorical
            if e.cell(1) == "frame"
        ]
        self.targets = [e.regex() for e in rhetorical if e.cell(1) == "target"]
        letters = read_lexicon(options.letters, min_cells=2, max_cells=2)
        for entry in letters:
            if entry.cell(1) not in LETTER_KINDS:
                raise entry.error(f"unknown kind {entry.cell(1)!r}; expected one of {', '.join(LETTER_KINDS)}")
        self.letter_labels = {
            kind: _label_pattern([e.cell(0) for e in letters if e.cell(1) == kind]) for kind in LETTER_KINDS
        }
        self.register = RegisterSignals.load(options.signals, options.signal_weights, options.register_threshold)

    @staticmethod
    def _entries(path: str, rule: str) -> Iterator[tuple[str, Payload]]:
        name = Path(path).name
        for entry in read_lexicon(path, max_cells=2):
            flag = entry.cell(1)
            if flag and flag != "narrative":
                raise entry.error(f"unknown flag {flag!r}; expected narrative or nothing")
            yield entry.cell(0), (rule, f"tone/{name}:{entry.line}:{entry.cell(0)}", flag, rule)

    @staticmethod
    def _register_entry(entry: LexiconLine) -> tuple[str, Payload]:
        rule, kind, condition = entry.cell(1), entry.cell(2), entry.cell(3)
        if _BOOK.get(f"tone/{rule}") is None:
            raise entry.error(f"unknown rule {rule!r}; expected one of {', '.join(r.rule for r in RULES)}")
        if condition and condition not in _CONDITIONS:
            raise entry.error(f"unknown condition {condition!r}; expected one of {', '.join(_CONDITIONS)}")
        source = f"tone/{Path(entry.path).name}:{entry.line}:{entry.cell(0)} [{kind}]"
        return entry.cell(0), (rule, source, condition, kind)

    def check(self, document: Document, context: CheckContext) -> Iterable[Finding]:
        hits: list[ToneHit] = []
        signature: tuple[FieldName, int, int, str] | None = None
        for field, text in context.fields():
            # a mirror page's pinyin splits the cue words (氣(qì)死了): read the text without it
            # and give the findings at the original offsets (text/glosses.py)
            plain = without_glosses(text)
            analysis = context.analysis(field) if plain is None else FieldAnalysis(plain.text, context.phrase_bank)
            folded = analysis.folded
            narrators = self._narrators(analysis)
            voice = LazyVoice(partial(self._voice, analysis, folded, narrators))
            found = list(self._phrase_findings(field, folded, voice, analysis, narrators))
            found += self._mark_findings(field, folded, voice, narrators)
            # a question a phrase cue already reported (凭什么……？) is not reported twice
            found += [
                h
                for h in self._rhetorical_findings(field, folded, voice, analysis)
                if not any(_overlaps(h.finding, k.finding) for k in found)
            ]
            if not found:
                # no single cue: several weak ones together in a few sentences (tone/heated_register)
                found += self._register_findings(field, folded, voice, analysis)
            marker = self._commentary_marker(analysis, field, folded, voice) if signature is None else None
            if plain is not None:
                found = [_at_origin(h, plain) for h in found]
                if marker is not None:
                    marker = (field, *plain.span(marker[1], marker[2]), marker[3])
            hits += found
            if signature is None:
                signature = marker
        if signature is None:
            yield from (h.finding for h in hits)
            return
        # Signed commentary: the writer's attributed opinion, one note; abuse still warned.
        kept = [h.finding for h in hits if h.kind in ANY_REGISTER_KINDS]
        if len(kept) < len(hits):
            field, start, end, words = signature
            yield _BOOK.finding(
                "tone/signed_commentary",
                start=start,
                end=end,
                field=field,
                category="tone",
                source=f"tone/commentary.tsv:{words}",
                params={"words": words},
            )
        yield from kept

    def register_windows(self, text: str) -> list[list[SignalHit]]:
        """The weak-signal windows of a text read as one field (what benchmarks/tone_register_cv.py
        fits the weights and threshold on)."""
        plain = without_glosses(text)
        analysis = FieldAnalysis(text if plain is None else plain.text)
        narrators = self._narrators(analysis)
        voice = LazyVoice(partial(self._voice, analysis, analysis.folded, narrators))
        return self.register.windows(self._register_hits(analysis, analysis.folded, voice), analysis.sentences)

    def _register_hits(self, analysis: FieldAnalysis, folded: str, voice: LazyVoice) -> list[SignalHit]:
        """Weak signals in the account's own voice (`_own_voice` of `_register_candidates`)."""
        return self._own_voice(analysis, folded, voice, self._register_candidates(analysis, folded))

    def _register_candidates(self, analysis: FieldAnalysis, folded: str) -> list[SignalHit]:
        """Every weak signal of the field, whoever speaks."""
        found = [
            (s, e, kind)
            for s, e, kind in analysis.phrases(self.register.phrases)
            if aligned_to_words(folded, s, e, analysis.words)
        ]
        found += self.register.patterns.find(folded, analysis.phrases(self.register.patterns.keys))
        hits = []
        for start, end, kind in found:
            start += len(folded[start:end]) - len(folded[start:end].lstrip())  # regex anchors on \n
            if start < end:
                hits.append(SignalHit(start, end, kind))
        return hits

    def _own_voice(
        self, analysis: FieldAnalysis, folded: str, voice: LazyVoice, candidates: list[SignalHit]
    ) -> list[SignalHit]:
        """The candidates in the account's own voice: not quoted or reported, not in a paragraph a
        person narrates in the first person (a memoir's dialogue, a traveller's account), not inside
        an allowed phrase, and no question on an FAQ line."""
        if not candidates:
            return []
        allowed = [(s, e) for s, e, _ in analysis.phrases(self.allow)]
        narrators = self._narrators(analysis)
        hits = []
        for hit in candidates:
            start, end, kind = hit.start, hit.end, hit.kind
            if voice.covers(start, end) or any(a <= start and end <= b for a, b in allowed):
                continue
            if kind in QUESTION_CLASSES and FAQ_LINE.match(folded, folded.rfind("\n", 0, start) + 1):
                continue
            if kind in self.options.narrative_signal_classes and _in_first_person_narrative(
                folded, narrators, start, end
            ):
                continue
            hits.append(hit)
        return hits

    def _register_findings(
        self, field: FieldName, folded: str, voice: LazyVoice, analysis: FieldAnalysis
    ) -> list[ToneHit]:
        """One tone/heated_register finding for the best window of weak signals, if it scores."""
        candidates = self._register_candidates(analysis, folded)
        # a window's score only grows with its hits (weights >= 0): when every signal together does
        # not reach the threshold, those in the account's own voice cannot either, and the voice
        # analysis (quotes, reported speech) is not worth building
        if self.register.best(candidates, analysis.sentences) is None:
            return []
        top = self.register.best(self._own_voice(analysis, folded, voice, candidates), analysis.sentences)
        if top is None:
            return []
        start = min(h.start for h in top.hits)
        end = max(h.end for h in top.hits)
        words = "、".join(dict.fromkeys(folded[h.start : h.end].strip() for h in top.hits))
        kinds = "+".join(sorted({h.kind for h in top.hits}))
        source = f"signal:register({kinds}={top.score:g})"
        return [ToneHit(_finding("heated_register", field, start, end, source, words), "register")]

    def _commentary_marker(
        self, analysis: FieldAnalysis, field: FieldName, folded: str, voice: LazyVoice
    ) -> tuple[FieldName, int, int, str] | None:
        """The first mark of signed commentary in a field, outside other people's words: the
        writer's self-designation or testimony anywhere, a byline or column head in the title
        or near either end of the text."""
        found = list(analysis.phrases(self.commentary))
        found += self.commentary_patterns.find(folded, analysis.phrases(self.commentary_patterns.keys))
        head = self.options.commentary_head
        for start, end, kind in sorted(found):
            start += len(folded[start:end]) - len(folded[start:end].lstrip())  # regex anchors on \n
            if voice.covers(start, end):
                continue
            if any(end <= s <= end + SPEAKER_GAP for s, _ in voice.spans):
                continue  # 央视评论员表示，……: the speaker of reported speech, not a byline
            if kind == "byline" and field != "title" and head <= start and end <= len(folded) - head:
                continue  # 时评 in the middle of a sentence is a mention, not a column head
            return field, start, end, folded[start:end]
        return None

    def _narrators(self, analysis: FieldAnalysis) -> list[tuple[int, int]]:
        """Where a first-person singular word stands that is not part of an institution's name
        (我, not 我局/我市), read from the shared phrase bank once per field."""

        def compute() -> list[tuple[int, int]]:
            institutional = [(s, e) for s, e, _ in analysis.phrases(self.speech.institutions)]
            return [
                (s, e)
                for s, e, word in analysis.phrases(self.speech.first_person)
                if word in self.options.narrative_pronouns
                and not any(i <= s and e <= j for i, j in institutional)
            ]

        return analysis.memo(("tone.narrators", id(self)), compute)

    def _voice(self, analysis: FieldAnalysis, folded: str, narrators: list[tuple[int, int]]) -> VoiceMap:
        """Quoted and reported spans of this field, shared with other checkers via the analysis."""
        if not self.options.skip_quoted:
            return VoiceMap([])
        shared = other_voice_of(analysis, self.speech)
        relayed = self._relayed_narration(folded, shared, narrators) + self._letters(folded)
        relayed += _open_quotations(folded, self.options.quote_run_on)
        return VoiceMap([*shared.spans, *relayed]) if relayed else shared

    def _letters(self, folded: str) -> list[tuple[int, int]]:
        """A citizen's letter published with its reply: from a letter label to the next reply
        label, and from a signature back to the previous reply label (or the top)."""
        labels = self.letter_labels
        paragraphs = _paragraphs(folded)
        kinds = [
            next((k for k in LETTER_KINDS if labels[k].match(folded, s, e)), None) for s, e in paragraphs
        ]
        spans: list[tuple[int, int]] = []
        for k, kind in enumerate(kinds):
            if kind == "letter":
                j = k
                while j < len(paragraphs) and (j == k or kinds[j] != "reply"):
                    spans.append(paragraphs[j])
                    j += 1
            elif kind == "signature":
                j = k
                while j >= 0 and (j == k or kinds[j] != "reply"):
                    spans.append(paragraphs[j])
                    j -= 1
        return spans

    def _rhetorical_findings(
        self, field: FieldName, folded: str, voice: LazyVoice, analysis: FieldAnalysis
    ) -> Iterator[ToneHit]:
        """Questions that expect no answer, in the account's own voice: reported when aimed at
        a target (你们, 某些人) or when a paragraph fires a run of them at the reader."""
        if QUESTION_MARK not in folded:
            return  # no question at all (most posts): no sentence to read
        by_paragraph: dict[int, list[tuple[int, int, str, bool]]] = {}
        for start, end in _segments(analysis.sentences, len(folded)):
            sentence = folded[start:end]
            if not sentence.rstrip(CLOSERS).endswith(QUESTION_MARK):
                continue
            line_start = folded.rfind("\n", 0, start) + 1
            if FAQ_LINE.match(folded, line_start):
                continue  # 问：……？ asks for the reader; the answer follows
            body = sentence.strip()
            offset = start + (len(sentence) - len(sentence.lstrip()))
            aimed = any(
                not voice.covers(offset + m.start(), offset + m.end())
                for t in self.targets
                for m in t.finditer(body)
            )
            for pattern, flag, source in self.frames:
                m = pattern.search(body)
                if m is None or (flag == "aimed" and not aimed):
                    continue
                if voice.covers(offset + m.start(), offset + m.end()):
                    continue  # someone else's question, quoted or reported
                question = (offset, offset + len(body), source, aimed and flag != "run")
                by_paragraph.setdefault(analysis.paragraphs.index(start), []).append(question)
                break
        for questions in by_paragraph.values():
            barrage = len(questions) >= self.options.rhetorical_run
            for start, end, source, aimed in questions:
                if aimed or barrage:
                    words = folded[start:end]
                    yield ToneHit(_finding("hostile_address", field, start, end, source, words), "rhetorical")

    def _relayed_narration(
        self, folded: str, shared: VoiceMap, narrators: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Paragraphs a person narrates in the first person singular that the post relays: a
        signed letter or column (its byline ends the last paragraph) and an interview answer
        that runs on past its speaker's labelled paragraph. Walks back from each signature, or
        forward from each label, while the paragraphs keep a singular narrator (我, not 我局)."""
        paragraphs = _paragraphs(folded)
        narrated = [any(s <= n_s and n_e <= e for n_s, n_e in narrators) for s, e in paragraphs]
        spans: list[tuple[int, int]] = []
        starts = [s for s, _ in shared.spans]
        for k, (p_start, p_end) in enumerate(paragraphs):
            m = self._byline.search(folded, p_start, p_end)
            if m and m.end() >= p_end - 1 and self._is_personal_byline(m.group(1)):
                spans.append(paragraphs[k])
                j = k - 1
                while j >= 0 and narrated[j]:
                    spans.append(paragraphs[j])
                    j -= 1
            # a labelled answer (张琢(教授)：……) whose next paragraphs are still the speaker's
            # (the spans are merged and in order: only those starting near the paragraph's head)
            near = shared.spans[
                bisect_left(starts, p_start) : bisect_left(starts, p_start + self.options.byline_max)
            ]
            labelled = shared.covers(p_start, p_end) or any(e >= p_end - 1 for _s, e in near)
            if labelled and folded[p_start:p_end].find(":") != -1:
                j = k + 1
                while j < len(paragraphs) and narrated[j] and ":" not in folded[paragraphs[j][0]:paragraphs[j][1]][:12]:
                    spans.append(paragraphs[j])
                    j += 1
        return spans

    def _is_personal_byline(self, byline: str) -> bool:
        """（辽宁东港市刘学春）, （作者单位：语丝杂志社）: a contributor; （XX市公安局）: the institution."""
        name = byline.rsplit(":", 1)[-1].strip()
        personal = not name.endswith(self.byline_institutions) or "作者" in byline
        return personal and any(w in byline for w in self.bylines)

    def _phrase_findings(
        self,
        field: FieldName,
        folded: str,
        voice: LazyVoice,
        analysis: FieldAnalysis,
        narrators: list[tuple[int, int]],
    ) -> Iterator[ToneHit]:
        allowed = [(s, e) for s, e, _ in analysis.phrases(self.allow)]
        taken: list[tuple[int, int, str]] = []
        sentences: Segments = analysis.sentences
        found = list(analysis.phrases(self.phrases))
        found += self.patterns.find(folded, analysis.phrases(self.patterns.keys))
        # Longest first, so that 我个人认为 is one finding rather than 我个人认为 + 个人认为.
        hits = sorted(found, key=lambda h: (h[0], -(h[1] - h[0])))
        for start, end, (rule, source, condition, kind) in hits:
            if voice.covers(start, end) or any(a <= start and end <= b for a, b in allowed):
                continue
            if condition == "question" and not _ends_with_question(folded, sentences.bounds(start)):
                continue  # 凭什么 in a statement or a heading: not a rhetorical question
            if condition == NARRATIVE and _in_first_person_narrative(folded, narrators, start, end):
                continue
            if any(t_rule == rule and start < t_end and t_start < end for t_start, t_end, t_rule in taken):
                continue
            # 活该 inside 生活该 is no cue; a `form` is matched as written (jieba does not know the
            # internet's spellings and cuts 这特|么)
            if condition != "form" and not aligned_to_words(folded, start, end, analysis.words):
                continue
            taken.append((start, end, rule))
            yield ToneHit(_finding(rule, field, start, end, source, folded[start:end]), kind)

    def _mark_findings(
        self, field: FieldName, folded: str, voice: LazyVoice, narrators: list[tuple[int, int]]
    ) -> Iterator[ToneHit]:
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
            if _lost_characters(folded, match.start(), match.end()):
                continue  # 09:51????信息来源: characters a page's encoding lost, not a tone
            before = folded[: match.start()].rstrip(" \t\u3000")
            if not before or before[-1] in UNPUNCTUATED_BEFORE:
                # at the head of a line or after a full stop the marks end no sentence: an
                # indent or a bullet a page's encoding turned into ？？？ (□記者…), not a tone
                continue
            # A story told in the first person (？！ in a dialogue) is someone's own account.
            if not voice.covers(match.start(), match.end()) and not _in_first_person_narrative(
                folded, narrators, match.start(), match.end()
            ):
                yield ToneHit(
                    _finding("emotional", field, match.start(), match.end(), f"signal:{signal}({len(run)})", run),
                    "marks",
                )


class LazyVoice:
    """A field's other-voice map (quotes, reported speech, relayed narration, letters), worked
    out on first use: most fields hold no tone candidate whose voice must be decided, and this
    reading is the costliest the tone checker makes."""

    def __init__(self, compute: Callable[[], VoiceMap]) -> None:
        self._compute = compute
        self._map: VoiceMap | None = None

    def _get(self) -> VoiceMap:
        if self._map is None:
            self._map = self._compute()
        return self._map

    @property
    def spans(self) -> list[tuple[int, int]]:
        return self._get().spans

    def covers(self, start: int, end: int) -> bool:
        """True when the span [start, end) begins inside someone else's words."""
        return self._get().covers(start, end)


def _lost_characters(folded: str, start: int, end: int) -> bool:
    """A run of ? wedged between a digit and a Chinese character with no space (发布时间09:51????信息来源):
    a page's encoding lost the characters there; a sentence does not end inside such a run."""
    run = folded[start:end]
    return (
        set(run) == {"?"}
        and start > 0
        and folded[start - 1].isascii()
        and folded[start - 1].isdigit()
        and end < len(folded)
        and "\u4e00" <= folded[end] <= "\u9fff"
    )


def _in_first_person_narrative(folded: str, narrators: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the paragraph around [start, end) has another first-person singular word
    (not 我们/我局): a memoir, a letter or an interview answer relayed by the post."""
    para_start = folded.rfind("\n", 0, start) + 1
    para_end = folded.find("\n", end)
    para_end = len(folded) if para_end == -1 else para_end
    return any(
        para_start <= s and e <= para_end and (s >= end or e <= start) for s, e in narrators
    )


OPENING_QUOTES = "“「『"
CLOSING_QUOTES = "”」』"


def _open_quotations(folded: str, run_on: int) -> list[tuple[int, int]]:
    """Quotations that run over paragraphs: a paragraph that leaves a “ (「, 『) open, and the next
    paragraphs (at most `run_on`) up to the first closing mark, when one is found. Each paragraph
    of such a quotation is someone else's words even though only the first one opens it."""
    spans: list[tuple[int, int]] = []
    paragraphs = _paragraphs(folded)
    for k, (start, end) in enumerate(paragraphs):
        text = folded[start:end]
        last_open = max(text.rfind(q) for q in OPENING_QUOTES)
        if last_open < 0 or max(text.rfind(q) for q in CLOSING_QUOTES) > last_open:
            continue  # nothing left open in this paragraph
        run = [(start + last_open, end)]
        for p_start, p_end in paragraphs[k + 1 : k + 1 + run_on]:
            following = folded[p_start:p_end]
            closes = [i for i in (following.find(q) for q in CLOSING_QUOTES) if i >= 0]
            opens = [i for i in (following.find(q) for q in OPENING_QUOTES) if i >= 0]
            if closes and (not opens or min(closes) < min(opens)):
                spans += [*run, (p_start, p_start + min(closes) + 1)]
                break
            if opens:
                break  # a new quotation starts: the open one was a stray mark
            run.append((p_start, p_end))
    return spans


def _overlaps(a: Finding, b: Finding) -> bool:
    return a.rule == b.rule and a.field == b.field and a.start < b.end and b.start < a.end


def _segments(segments: Segments, length: int) -> Iterator[tuple[int, int]]:
    """Every (start, end) piece of a text cut by `segments`, in order."""
    pos = 0
    while pos < length:
        start, end = segments.bounds(pos)
        yield start, end
        pos = max(end, pos + 1)


def _label_pattern(labels: list[str]) -> re.Pattern[str]:
    """A line that opens with one of `labels` (after spaces or table bars), then : or its end."""
    alternatives = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True)) or "(?!)"
    return re.compile(r"[ \t|]*(?:" + alternatives + r")[ \t]*(?::|\||$)", re.M)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line."""
    spans, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _ends_with_question(text: str, bounds: tuple[int, int]) -> bool:
    """Whether the sentence text[start:end] ends with a question mark (closing quotes aside)."""
    start, end = bounds
    return text[start:end].rstrip(' \n"”’」』)').endswith(QUESTION_MARK)


def _finding(rule: str, field: FieldName, start: int, end: int, source: str, words: str) -> Finding:
    return _BOOK.finding(
        f"tone/{rule}",
        start=start,
        end=end,
        field=field,
        category="tone",
        source=source,
        params={"words": words},
    )
