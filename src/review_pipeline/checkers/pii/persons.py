"""Person names without an NER model: a cue word, a 百家姓 surname, and jieba's `nr` tag.

Only the few characters next to a cue (当事人, 村民, … / 先生, 女士) are segmented, so posts
without cues never reach jieba. Already-masked forms (张某, 王某某, 郭某彬, 李*) are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from review_pipeline.checkers.pii.cuescan import CueScan
from review_pipeline.checkers.pii.data import PersonCue, PiiData
from review_pipeline.checkers.pii.names import ACCEPT, Prefixes, StructuralName, StructuralNameFinder
from review_pipeline.text.analysis import SENTENCE_FINALS
from review_pipeline.text.glosses import without_glosses
from review_pipeline.text.phrases import PhraseIndex
from review_pipeline.text.segment import WordTable, pos_tags, word_tags

CUE_SCORE = 0.85  # a name next to a cue: over the default threshold, no context needed
STRUCTURE_SCORE = 0.8  # a name found by structure alone (lists with 、, 请联系X, X同志 …)
PERSON_SCORE = min(CUE_SCORE, STRUCTURE_SCORE)  # every name the finder reports scores at least this
WINDOW = 8  # characters segmented next to a cue: enough for a 4-character name and a delimiter
_CJK = re.compile(r"[\u4e00-\u9fff]")
_GAP = re.compile(r"[：:\s]{0,2}")  # 当事人：张三
_MASK_CHARS = frozenset("某xX*＊×○〇")
# Characters that close a name jieba did not tag: a cue-adjacent surname + 1–2 characters
# followed by punctuation is still a name (当事人李建国，男).
_AFTER_NAME = frozenset("，,。；;、：:（(）)\n 　“”\"'")
# A surname followed by a form of address is not a full name (王先生, 李女士, 张老师).
# Official titles too (李科长, 黄主任): a government post's contact person is named by office.
_TITLES = (
    "先生",
    "女士",
    "老师",
    "师傅",
    "同志",
    "阿姨",
    "大爷",
    "大妈",
    "老板",
    "经理",
    "医生",
    "警官",
    "某",
    "科长",
    "局长",
    "处长",
    "主任",
    "书记",
    "支书",
    "部长",
    "厅长",
    "省长",
    "市长",
    "县长",
    "区长",
    "镇长",
    "乡长",
    "村长",
    "主席",
    "队长",
    "所长",
    "院长",
    "校长",
    "站长",
    "组长",
    "馆长",
    "社长",
    "行长",
    "干事",
    "委员",
    "专干",
    "科员",
    "律师",
    "教授",
    "记者",
    "护士",
    "会计",
    "总",
)
_ENUM = frozenset("、和与及")
# a fixed line with its area code right after a notice's contact person (联系人：李明，电话：
# 0770-2812345): the office's number, so the contact is staff in role (RUBRIC §5)
_OFFICE_LINE = re.compile(r"[^。；;]*?(?:[(（]0[1-9][0-9]{1,2}[)）]|(?<![0-9])0[1-9][0-9]{1,2}[-—–]?)[2-9][0-9]{6,7}(?![0-9])")
CONTACT_REACH = 30  # characters after the contact's name searched for the office line
# a page printed with pinyin after its characters (县长(zhǎng), 代(dài)) is read without it when it
# has GLOSS_MIN of them: one bracketed syllable alone may be a label, and a name is costlier to cut
GLOSS_MIN = 3
# what ends the sentence a commendation's verb must share with a name (a semicolon parts the
# groups of one decision; a line break does not end it either:
# pages wrap a sentence over lines)
_SENTENCE_END = SENTENCE_FINALS


@dataclass(frozen=True)
class NameHit:
    """A name at [start, end) in the searched text; `surname_length` is 1 or 2."""

    start: int
    end: int
    surname_length: int
    cue: PersonCue


class NameFinder:
    """Finds full names next to person cues in folded text."""

    def __init__(self, data: PiiData) -> None:
        self._surnames = data.surnames
        self._allow = data.allow_names
        self._stop = data.name_stop_chars
        self._title_at = Prefixes({*_TITLES, *data.address_forms})
        self._ambiguous = data.ambiguous_surnames
        self.cues = PhraseIndex((c.cue, c) for c in data.person_cues)
        self.scan: CueScan | None = None  # set by PersonFinder: one pass for every cue list
        # set by PersonFinder: the structural finder's dictionary scoring replaces jieba's HMM
        self.scorer: StructuralNameFinder | None = None

    def find(self, text: str) -> list[NameHit]:
        """Every name next to a cue, in order, without duplicates."""
        hits: dict[tuple[int, int], NameHit] = {}
        cue_hits = self.scan.find(self.cues, text) if self.scan is not None else self.cues.find(text)
        for start, end, cue in cue_hits:
            found = self._after(text, end, cue) if cue.side == "before" else self._before(text, start, cue)
            for hit in found:
                hits.setdefault((hit.start, hit.end), hit)
        return sorted(hits.values(), key=lambda h: h.start)

    @property
    def _tags(self) -> WordTable[str]:
        """jieba's word -> POS tag table, loaded on first use (not when the checker is built)."""
        return word_tags()

    def surname_length(self, name: str) -> int:
        """2 for a compound surname (欧阳), 1 for a single one, 0 for none."""
        if len(name) >= 3 and name[:2] in self._surnames:
            return 2
        return 1 if name[:1] in self._surnames else 0

    # --- cue before the name: 当事人张三, 村民黄志强、韦明 ---------------------------------

    def _after(self, text: str, pos: int, cue: PersonCue) -> list[NameHit]:
        pos = _GAP.match(text, pos).end()  # type: ignore[union-attr]  # always matches
        out = []
        while pos < len(text):
            hit = self._name_at(text, pos, cue)
            if hit is None:
                break
            out.append(hit)
            if hit.end < len(text) and text[hit.end] in _ENUM:  # an enumeration: 张三、李四
                pos = hit.end + 1
                continue
            break
        return out

    def _name_at(self, text: str, pos: int, cue: PersonCue) -> NameHit | None:
        window = text[pos : pos + WINDOW]
        n = self.surname_length(window)
        if n == 0 or len(window) <= n or window[n] in _MASK_CHARS:
            return None
        if self._common_word_at(window, n):
            return None
        if self.scorer is not None:
            hit = self._scored(text, pos, n, cue)
            if hit is not None:
                return hit
            return self._closed(text, pos, n, cue)
        words = pos_tags(window)
        first_word, flag = (words[0][0], words[0][1]) if words else ("", "")
        if flag.startswith("nr") and n < len(first_word) <= n + 2 and _CJK.fullmatch(first_word[-1]):
            return self._hit(text, pos, pos + len(first_word), n, cue)
        if first_word == window[:n] and len(words) > 1:  # jieba split it: 覃 / 海燕, 欧阳 / 娜娜
            given_name, given_flag, _ = words[1]
            if (
                given_flag.startswith("nr")
                and len(given_name) <= 2
                and all(_CJK.fullmatch(c) for c in given_name)
            ):
                return self._hit(text, pos, pos + n + len(given_name), n, cue)
        return self._closed(text, pos, n, cue)

    def _scored(self, text: str, pos: int, n: int, cue: PersonCue) -> NameHit | None:
        """The structural finder's reading of the name at `pos`, as if a private-person cue
        stood before it (no jieba HMM: dictionary look-ups only)."""
        assert self.scorer is not None
        best = self.scorer.best(text, pos, n, "private")
        if best is None or best[0] < ACCEPT:
            return None
        return self._hit(text, pos, best[1].end, n, cue)

    def _closed(self, text: str, pos: int, n: int, cue: PersonCue) -> NameHit | None:
        """A surname and 1–2 CJK characters closed by a delimiter (jieba did not tag it)."""
        for given in (1, 2):
            end = pos + n + given
            name = text[pos:end]
            if (
                len(name) == n + given
                and all(_CJK.fullmatch(c) for c in name)
                and (end == len(text) or text[end] in _AFTER_NAME)
            ):
                return self._hit(text, pos, end, n, cue)
        return None

    def _common_word_at(self, window: str, n: int) -> bool:
        """True when the surname starts an ordinary dictionary word (和谐, 高度 …) and no name:
        skips jieba's slow HMM tagging for the usual 居民的, 群众和 … after a cue."""
        tag_of = word_tags().get  # jieba's word -> POS tag, loaded on first use
        short, long = tag_of(window[: n + 1]), tag_of(window[: n + 2])
        if (long or "").startswith("nr") or (short or "").startswith("nr"):
            return False
        return short is not None or long is not None

    # --- cue after the name: 张三先生 --------------------------------------------------------

    def _before(self, text: str, cue_start: int, cue: PersonCue) -> list[NameHit]:
        lo = max(0, cue_start - WINDOW)
        if not any(
            text[i : i + 2] in self._surnames or text[i] in self._surnames
            for i in range(max(0, cue_start - 4), cue_start - 1)
        ):
            return []  # no surname 2–4 characters before 先生/女士: nothing to segment
        if self.scorer is not None:
            return self._scored_before(text, cue_start, cue)
        words = pos_tags(text[lo:cue_start])
        if not words:
            return []
        word, flag, offset = words[-1]
        start = lo + offset
        n = self.surname_length(word)
        if not flag.startswith("nr") or n == 0 or len(word) <= n or len(word) > n + 2:
            return []
        hit = self._hit(text, start, cue_start, n, cue)
        return [hit] if hit else []

    def _scored_before(self, text: str, cue_start: int, cue: PersonCue) -> list[NameHit]:
        """张三先生: the longest surname + given name ending at the cue that the structural
        scorer accepts with the cue as its right boundary."""
        assert self.scorer is not None
        for size in (4, 3, 2):
            start = cue_start - size
            if start < 0:
                continue
            n = self.surname_length(text[start:cue_start])
            if n == 0 or size - n not in (1, 2):
                continue
            if start > 0 and self.scorer.glued_before(text, start):
                continue  # 空巢独居老人: the "surname" ends a word begun before it
            score = self.scorer.score_reading(text, start, cue_start, n, "private")
            if score is not None and score >= ACCEPT:
                hit = self._hit(text, start, cue_start, n, cue)
                return [hit] if hit else []
        return []

    def _hit(self, text: str, start: int, end: int, n: int, cue: PersonCue) -> NameHit | None:
        name = text[start:end]
        given = name[n:]
        if any(c in _MASK_CHARS for c in given) or self._title_at.at(given) or name in self._allow:
            return None
        if self._title_at.at(text, start + n) and not text.startswith(("先生", "女士"), end):
            return None  # 孙爹爹, 王阿姨: surname + form of address
        if any(c in self._stop for c in given):
            return None  # 村民都来了: a function word after the cue, not a given name
        if n == 1 and name[0] in self._ambiguous and not self._tags.get(name, "").startswith("nr"):
            return None  # 群众也…, 居民和…: an adverb or conjunction that is also a surname
        return NameHit(start, end, n, cue)


class PersonHit(NamedTuple):
    """A name `PersonFinder` found: where, how sure, and how (for the finding's source)."""

    start: int
    end: int
    score: float
    pattern: str
    meta: dict[str, Any]


class PersonFinder:
    """Person names: next to cues (`NameFinder`) and by structure without a cue
    (`names.StructuralNameFinder`). No presidio here: `PersonRecognizer` wraps it for the
    analyzer, and the engine calls it directly on texts that can only hold names.

    In a post that names people on purpose (honour rolls, appointments: `public_roll_cues`)
    only cue names are reported; names found as officials in role or bylines never are.
    """

    def __init__(self, data: PiiData) -> None:
        from review_pipeline.checkers.pii.names import NameLexicons

        self.finder = NameFinder(data)
        self.structure = (
            StructuralNameFinder(
                NameLexicons(
                    surnames=data.surnames,
                    cues=data.name_cues,
                    right_words=data.name_right_words,
                    stop_chars=data.name_stop_chars,
                    ambiguous=data.ambiguous_surnames,
                    titles=data.address_forms,
                    not_after=data.name_not_after,
                    places=data.place_names,
                    not_alone=data.given_not_alone,
                    soft_stop_chars=data.name_soft_stop_chars,
                    byline_words=data.byline_words,
                    not_last=data.name_not_last,
                    public_figures=data.public_figures,
                    byline_after=data.byline_after,
                    list_heads=data.list_heads,
                    officials_after=data.officials_after,
                    product_words=data.product_words,
                    given_chars=data.given_name_chars,
                    pseudonym_marks=data.pseudonym_marks,
                    right_anchors=data.name_right_anchors,
                    structure=data.name_structure,
                )
            )
            if data.name_cues
            else None
        )
        self._roll = PhraseIndex((w, None) for w in data.public_roll_cues) if data.public_roll_cues else None
        self._honour = PhraseIndex((w, None) for w in data.honour_frames) if data.honour_frames else None
        words = data.private_context
        self.private_words = PhraseIndex((w, None) for w in words) if words else None
        # one automaton pass per text for all four cue lists
        self.scan = CueScan(
            [
                self.finder.cues,
                self.structure.cue_index if self.structure else None,
                self.structure.right_index if self.structure else None,
                self._roll,
                self._honour,
                self.private_words,
            ]
        )
        self.finder.scan = self.scan
        self.finder.scorer = self.structure
        if self.structure is not None:
            self.structure.scan = self.scan

    def private(self, text: str) -> bool:
        """Whether a word of `private_context` (complaints, health, minors, lost property,
        relief, debts, crime …) is written in `text`."""
        return self.private_words is not None and self.scan.has(self.private_words, text)

    def find(self, text: str) -> list[PersonHit]:
        """Every name in `text`; on a page printed with pinyin glosses (县长(zhǎng)齐永军) the
        names are found in the text without them and mapped back, so a name a gloss splits
        (郭进(jìn)胜) is one span and the words the glosses cut up (现代(dài)化) stay words."""
        plain = without_glosses(text, GLOSS_MIN)
        if plain is None:
            return self._find(text)
        return [
            hit._replace(start=a, end=b)
            for hit in self._find(plain.text)
            if hit.end > hit.start
            for a, b in [plain.span(hit.start, hit.end)]
        ]

    def _find(self, text: str) -> list[PersonHit]:
        out: list[PersonHit] = []
        officials: frozenset[str] = frozenset()
        cue_hits = self.finder.find(text)
        # 联系人：李明，联系电话：0770-2812345: a notice's contact with an office line is staff in
        # role, however the name was found
        staff = {
            text[h.start : h.end]
            for h in cue_hits
            if h.cue.role == "contact" and _OFFICE_LINE.match(text, h.end, h.end + CONTACT_REACH)
        }
        if self.structure is not None:
            names, officials = self.structure.find(text)
            if self._roll is None or not self.scan.has(self._roll, text):
                honoured = self._honoured(text, names)
                for name in names:
                    if text[name.start : name.end] in staff or text[name.start : name.end] in honoured:
                        continue
                    meta = {"role": "other", "cue": "", "surname_length": name.surname_length}
                    out.append(PersonHit(name.start, name.end, STRUCTURE_SCORE, name.evidence, meta))
        for hit in cue_hits:
            if text[hit.start : hit.end] in officials or text[hit.start : hit.end] in staff:
                continue
            role = "other" if hit.cue.role == "contact" else hit.cue.role
            meta = {"role": role, "cue": hit.cue.cue, "surname_length": hit.surname_length}
            out.append(PersonHit(hit.start, hit.end, CUE_SCORE, f"cue:{hit.cue.cue}", meta))
        if self.structure is not None and len(out) >= 2:
            out.extend(self._between(text, out, officials | staff))
        return out

    def _between(self, text: str, hits: list[PersonHit], skip: frozenset[str] | set[str]) -> list[PersonHit]:
        """被告人王元祥、林中明、杨银富: an item of a list between two names however each was found
        (a cue's name and a structural one), set off by the same separator, is a name too."""
        assert self.structure is not None
        found = {h.start: StructuralName(h.start, h.end, 1, h.pattern) for h in hits}
        before = set(found)
        self.structure._sandwiched(text, found)
        out = []
        for start in sorted(set(found) - before):
            name = found[start]
            if text[name.start : name.end] in skip:
                continue
            meta = {"role": "other", "cue": "", "surname_length": name.surname_length}
            out.append(PersonHit(name.start, name.end, STRUCTURE_SCORE, name.evidence, meta))
        return out

    def _honoured(self, text: str, names: list[StructuralName]) -> set[str]:
        """The names written in a sentence with a commendation's verb (授予官正平、李小红同志…
        荣誉称号; 杨康文等5人获评…): honoured people (RUBRIC §3), wherever they stand in the post."""
        if self._honour is None or not names:
            return set()
        frames = self.scan.find(self._honour, text)
        if not frames:
            return set()
        out = set()
        for name in names:
            lo = max(text.rfind(c, 0, name.start) for c in _SENTENCE_END) + 1
            ends = [i for i in (text.find(c, name.end) for c in _SENTENCE_END) if i >= 0]
            hi = min(ends) if ends else len(text)
            if any(lo <= s and e <= hi for s, e, _ in frames):
                out.add(text[name.start : name.end])
        return out


_finders: dict[int, tuple[PiiData, PersonFinder]] = {}


def person_finder(data: PiiData) -> PersonFinder:
    """The one `PersonFinder` of a checker's data (the recognizer and the engine share it)."""
    held = _finders.get(id(data))
    if held is None or held[0] is not data:
        held = _finders[id(data)] = (data, PersonFinder(data))
    return held[1]
