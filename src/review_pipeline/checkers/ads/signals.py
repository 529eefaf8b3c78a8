"""Word and pattern signals of an ad, with the context rules that keep government writing out.

Each lexicon line becomes an `Entry` in one Aho-Corasick index. A raw hit survives only when
its context rule holds (a price needs an amount, a contact channel needs a commercial word,
a treatment verb needs a disease), when no exemption covers it (第一书记, 最佳时间, 消费券 …),
and it is marked `quoted` when it stands in an enforcement notice or a consumer warning.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from review_pipeline.lexicon import read_lexicon
from review_pipeline.text.phrases import PhraseIndex

PHRASE_SIGNALS = (
    "absolute_term",
    "price_promotion",
    "call_to_buy",
    "contact_to_buy",
    "efficacy_claim",
    "investment_promise",
    "exam_guarantee",
    "false_authority",
)
NEEDS = ("-", "amount", "number", "disease", "commerce")
SCOPES = ("span", "sentence")
CONTEXT_GROUPS = ("commerce", "disease", "enforcement", "warning")

MONEY = re.compile(
    r"[¥￥]\s*\d|\d+(?:\.\d+)?\s*(?:元|块|万元|万起|万|/[斤箱盒瓶件人])|\d+(?:\.\d+)?\s*(?:折)"
)
NUMBER_AFTER = re.compile(r"\s*[:：]?\s*[¥￥]?\s*\d")
# 8折 / 8.8折 / 五折 / 99折, but not 曲折, 转折, 一波三折, 折叠, 折腾.
DISCOUNT = re.compile(
    r"(?<![曲转波挫周对])(?:\d{1,2}(?:\.\d)?|[一二三四五六七八九])折(?![叠腾磨服射返线旧算合])"
)
FULL_REDUCTION = re.compile(r"满\s*\d+\s*元?\s*(?:减|送|返|立减)\s*\d*")
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
# Promises phrased freely: 不提分全额退款, 考不过退费, 保证孩子成绩提高20分, 无效全额退款.
GUARANTEES = (
    (
        re.compile(r"[不没未]\s*(?:过|通过|提分|上岸|录取|拿证|及格|达标)[^，。！？；,\n]{0,6}退"),
        "exam_guarantee",
        "pattern:不过退费",
    ),
    (
        re.compile(r"保证[^，。！？；,\n]{0,8}(?:提高|提分|通过|考上|录取|上岸|拿证)"),
        "exam_guarantee",
        "pattern:保证通过",
    ),
    (re.compile(r"(?:无效|不见效|没效果)[^，。！？；,\n]{0,4}退"), "efficacy_claim", "pattern:无效退款"),
    # A quota offer: 前30名免挂号费, 前100名下单再送1斤.
    (
        re.compile(
            r"前\s*\d+\s*(?:名|位)\s*(?:下单|报名|购买|到店|预约|订购|免|送|再送|加送|赠|享|立减|半价)"
        ),
        "price_promotion",
        "pattern:前N名优惠",
    ),
)
QUOTES = (("“", "”"), ("「", "」"), ("『", "』"), ('"', '"'))


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon line of a signal."""

    signal: str
    needs: str
    strong: bool
    source: str


@dataclass(frozen=True, slots=True)
class Exemption:
    signals: frozenset[str] | None  # None: every signal
    scope: str
    source: str

    def covers(self, signal: str) -> bool:
        return self.signals is None or signal in self.signals


@dataclass(frozen=True, slots=True)
class Hit:
    """One signal at one place of one field."""

    signal: str
    start: int
    end: int
    sources: tuple[str, ...]
    strong: bool = True
    quoted: bool = False
    kind: str = ""  # for shop_link: shop | short


def _source(path: str | Path, line: int, term: str) -> str:
    return f"lexicons/ads/{Path(path).name}:{line} {term}"


def load_entries(paths: dict[str, str]) -> PhraseIndex[Entry]:
    """All phrase signals in one index; `paths` maps a signal to its lexicon file."""
    pairs: list[tuple[str, Entry]] = []
    for signal in PHRASE_SIGNALS:
        path = paths[signal]
        for row in read_lexicon(path, max_cells=2):
            term, second = row.cells[0], row.cell(1, "-")
            if signal == "absolute_term":
                if second not in ("strong", "weak"):
                    raise row.error(f"strength must be strong or weak, not {second!r}")
                entry = Entry(signal, "-", second == "strong", _source(path, row.line, term))
            else:
                if second not in NEEDS:
                    raise row.error(f"needs must be one of {', '.join(NEEDS)}, not {second!r}")
                needs = "commerce" if signal == "contact_to_buy" else second
                entry = Entry(signal, needs, True, _source(path, row.line, term))
            pairs.append((term, entry))
    return PhraseIndex(pairs)


def load_exemptions(path: str) -> PhraseIndex[Exemption]:
    pairs: list[tuple[str, Exemption]] = []
    known = {*PHRASE_SIGNALS, "shop_link"}
    for row in read_lexicon(path, min_cells=3, max_cells=4):
        names = row.cells[1]
        signals = None if names == "*" else frozenset(s.strip() for s in names.split(","))
        if signals is not None and not signals <= known:
            raise row.error(f"unknown signal(s): {', '.join(sorted(signals - known))}")
        if row.cells[2] not in SCOPES:
            raise row.error(f"scope must be span or sentence, not {row.cells[2]!r}")
        pairs.append((row.cells[0], Exemption(signals, row.cells[2], _source(path, row.line, row.cells[0]))))
    return PhraseIndex(pairs)


def load_contexts(path: str) -> PhraseIndex[str]:
    pairs = []
    for row in read_lexicon(path, min_cells=2, max_cells=2):
        if row.cells[1] not in CONTEXT_GROUPS:
            raise row.error(f"group must be one of {', '.join(CONTEXT_GROUPS)}, not {row.cells[1]!r}")
        pairs.append((row.cells[0], row.cells[1]))
    return PhraseIndex(pairs)


class Segments:
    """Sentence and paragraph numbers of offsets in one field."""

    def __init__(self, text: str) -> None:
        self.sentence_starts = [0] + [m.end() for m in SENTENCE_END.finditer(text)]
        self.paragraph_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        self.text = text

    def sentence(self, offset: int) -> int:
        return bisect_right(self.sentence_starts, offset) - 1

    def paragraph(self, offset: int) -> int:
        return bisect_right(self.paragraph_starts, offset) - 1

    def sentence_text(self, index: int) -> str:
        starts = self.sentence_starts
        end = starts[index + 1] if index + 1 < len(starts) else len(self.text)
        return self.text[starts[index] : end]


class FieldScan:
    """Everything the signals need to know about one folded field, computed once."""

    def __init__(self, folded: str, contexts: PhraseIndex[str], exemptions: PhraseIndex[Exemption]) -> None:
        self.folded = folded
        self.seg = Segments(folded)
        self.context_sentences: dict[str, set[int]] = {g: set() for g in CONTEXT_GROUPS}
        self.context_paragraphs: dict[str, set[int]] = {g: set() for g in CONTEXT_GROUPS}
        self.enforcement_words: set[str] = set()
        for start, end, group in contexts.find(folded):
            self.context_sentences[group].add(self.seg.sentence(start))
            self.context_paragraphs[group].add(self.seg.paragraph(start))
            if group == "enforcement":
                self.enforcement_words.add(folded[start:end])
        self.span_exemptions: list[tuple[int, int, Exemption]] = []
        self.sentence_exemptions: dict[int, list[Exemption]] = {}
        for start, end, ex in exemptions.find(folded):
            if ex.scope == "span":
                self.span_exemptions.append((start, end, ex))
            else:
                self.sentence_exemptions.setdefault(self.seg.sentence(start), []).append(ex)
        self.money_sentences = {
            self.seg.sentence(m.start())
            for rx in (MONEY, DISCOUNT, FULL_REDUCTION)
            for m in rx.finditer(folded)
        }

    def has_context(self, group: str, offset: int) -> bool:
        return self.seg.sentence(offset) in self.context_sentences[group]

    def satisfied(self, entry: Entry, start: int, end: int) -> bool:
        """Whether the entry's context rule holds for a hit at start:end."""
        if entry.needs == "-":
            return True
        if entry.needs == "amount":
            return self.seg.sentence(start) in self.money_sentences
        if entry.needs == "number":
            return NUMBER_AFTER.match(self.folded, end) is not None
        return self.has_context(entry.needs, start)

    def exempt(self, signal: str, start: int, end: int) -> bool:
        for s, e, ex in self.span_exemptions:
            if s <= start and end <= e and ex.covers(signal):
                return True
        return any(ex.covers(signal) for ex in self.sentence_exemptions.get(self.seg.sentence(start), ()))

    def in_warning(self, offset: int) -> bool:
        """Inside a paragraph that reports, or warns against, an illegal ad."""
        p = self.seg.paragraph(offset)
        return p in self.context_paragraphs["enforcement"] or p in self.context_paragraphs["warning"]

    def in_quotes(self, start: int) -> bool:
        """Whether `start` lies inside a pair of quotation marks on its line."""
        line_start = self.folded.rfind("\n", 0, start) + 1
        before = self.folded[line_start:start]
        for left, right in QUOTES:
            if left == right:
                if before.count(left) % 2 == 1:
                    return True
            elif before.rfind(left) > before.rfind(right):
                return True
        return False

    @property
    def has_any_cue(self) -> bool:
        return bool(self.context_paragraphs["enforcement"] or self.context_paragraphs["warning"])


def word_hits(scan: FieldScan, index: PhraseIndex[Entry]) -> list[Hit]:
    """Lexicon and pattern hits whose context rule holds and that no exemption covers.

    A contact channel (咨询电话, 加微信) is contact-to-buy when its sentence has a commercial
    word, or when its paragraph promotes a price: the number is then where to buy.
    """
    hits = list(_pattern_hits(scan))
    waiting: list[Hit] = []
    for start, end, entry in index.find(scan.folded):
        if scan.exempt(entry.signal, start, end):
            continue
        hit = Hit(entry.signal, start, end, (entry.source,), entry.strong)
        if scan.satisfied(entry, start, end):
            hits.append(hit)
        elif entry.signal == "contact_to_buy":
            waiting.append(hit)
    promoted = {scan.seg.paragraph(h.start) for h in hits if h.signal == "price_promotion"}
    hits += [h for h in waiting if scan.seg.paragraph(h.start) in promoted]
    return hits


def _pattern_hits(scan: FieldScan) -> Iterator[Hit]:
    """Discounts (8折), full reductions (满300减50) and freely phrased guarantees."""
    patterns = (
        (DISCOUNT, "price_promotion", "pattern:折扣"),
        (FULL_REDUCTION, "price_promotion", "pattern:满减"),
        *GUARANTEES,
    )
    for rx, signal, name in patterns:
        for m in rx.finditer(scan.folded):
            if not scan.exempt(signal, m.start(), m.end()):
                yield Hit(signal, m.start(), m.end(), (name,))


def mark_quoted(scan: FieldScan, hits: list[Hit], whole_document_quoted: bool) -> list[Hit]:
    """Hits in an enforcement notice or warning quote an ad rather than make one."""
    out = []
    for hit in hits:
        quoted = (
            whole_document_quoted
            or scan.in_warning(hit.start)
            or (scan.has_any_cue and scan.in_quotes(hit.start))
        )
        out.append(replace(hit, quoted=quoted) if quoted else hit)
    return out


def merge_overlaps(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits of one signal become one hit spanning them all (全网第一 ⊃ 第一)."""
    out: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.signal, h.start, -h.end)):
        last = out[-1] if out else None
        if last and last.signal == hit.signal and hit.start < last.end and last.kind == hit.kind:
            sources = last.sources + tuple(s for s in hit.sources if s not in last.sources)
            out[-1] = replace(
                last,
                end=max(last.end, hit.end),
                sources=sources,
                strong=last.strong or hit.strong,
                quoted=last.quoted and hit.quoted,
            )
        else:
            out.append(hit)
    return out
