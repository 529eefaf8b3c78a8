"""Repost attribution (办法第二十条): traceable, stated, approved sources and unaltered titles.

A post is a repost when `Document.kind` says so, when it declares a `source`, or when its head
or tail carries a repost marker (来源：, 转自, 转载自, 本文来源, 稿源, 原标题, 据…报道, a news
dateline such as 新华社北京3月5日电). A bracketed 责任编辑/责编 trailer copied from a news page is
weaker evidence: it alone only asks for the source to be traced. Stated sources are resolved
through the approved source tables (`sources.SourceTable`); links count as traceability.
Original posts that say nothing of a source produce no findings.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import Field

from review_pipeline.checkers.attribution.sources import SourceEntry, SourceTable, normalise_name
from review_pipeline.checkers.base import CheckContext, CheckerOptions, RuleInfo
from review_pipeline.lexicon import read_lexicon
from review_pipeline.models import Document, FieldName, Finding
from review_pipeline.policy import builtin_dir
from review_pipeline.rules import load_rules
from review_pipeline.text.fold import fold
from review_pipeline.text.phrases import PhraseIndex

LEGAL_BASIS = "办法第二十条"
_SOURCES = builtin_dir("lexicons") / "sources"

# --- markers (matched on folded text: full-width ：｜（ are already ASCII) ------------------------

# A label must start a line or follow a separator, so 数据来源：/图片来源：/资金来源： never count.
_AFTER_SEPARATOR = r"(?:^|(?<=[\s|丨【\[(>·,]))"
_LABELLED = re.compile(
    _AFTER_SEPARATOR + r"(?P<label>本文来源|文章来源|信息来源|稿件来源|新闻来源|内容来源|来源|稿源|出处)"
    r"(?:[ \t]*[:|丨][ \t]*|[ \t]+)(?P<rest>[^\n]*)"
    r"|"
    + _AFTER_SEPARATOR
    + r"(?P<label2>本文转自|本文转载自|转载自|转自|摘自|选自)[ \t]*[:|丨]?[ \t]*(?P<rest2>[^\n]*)",
    re.MULTILINE,
)
_REPORTED = re.compile(
    r"(?:^|(?<=[\s,。;:(“\"]))据(?P<name>[^\n,。;:!?、]{2,24}?)(?:报道|消息(?!报)|(?P<wire>电|讯)(?=[\s(,:]|$))"
)
_DATELINE = re.compile(
    r"^[ \t]*[(【\[]?(?!据)(?P<name>[\u4e00-\u9fffa-z]{1,20}?(?:社|报|台|网|刊)(?:[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日)?"
    r"|[\u4e00-\u9fffa-z]{2,20}?\d{1,2}月\d{1,2}日)[ \t]*(?:电|讯)(?=[\s(:]|$)",
    re.MULTILINE,
)
_ORIGINAL_TITLE = re.compile(_AFTER_SEPARATOR + r"原标题[ \t]*[:|丨]")
_EDITOR_TRAILER = re.compile(r"[(【\[][ \t]*(?:责任编辑|责编)[ \t]*[:|丨]")
_URL = re.compile(r"https?://[^\s<>\"'，。；）】\])(]+", re.IGNORECASE)
# Where a stated source ends: punctuation, a bracket, another label, a byline.
_NAME_END = re.compile(
    r"[,。;!?()\[\]【】|丨>]|[ \t]{2,}|记者|(?:责任编辑|编辑|责编|作者|记者|审核|校对|通讯员|摄影|摄像|原标题|排版|制作|"
    r"监制|统筹|出品|来源|转自)[ \t]*[:]|[ \t]+(?:责任编辑|编辑|责编|作者|审核|校对|通讯员|摄影|图|文)"
)
_SPLIT = re.compile(r"[、/]")
_TIME_TAIL = re.compile(
    r"(?:(?:去年|今年|前年|\d{4}年)?(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})月)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})日|最近|近日|日前|今天|昨天|今日|昨日)$"
)
_PIECE = re.compile(r"[^、/]+")
_CLOSERS = {"”": "“", "’": "‘", "」": "「", "』": "『", "》": "《", "〉": "〈"}
_STRIP_CHARS = " \t“”\"'‘’「」『』《》〈〉:：."
_NAME_PREFIX = re.compile(r"(?:综合自|综合|整理自|摘编自|摘自|选自|转自|来自)")
_MAX_NAME = 40

# A party or government organ by its name: a jurisdiction followed by an organ (防城港市卫生健康委员会).
_PROVINCES = (
    "北京|天津|上海|重庆|河北|河南|云南|辽宁|黑龙江|湖南|安徽|山东|新疆|江苏|浙江|江西|湖北|广西|甘肃|山西|"
    "内蒙古|陕西|吉林|福建|贵州|广东|青海|西藏|四川|宁夏|海南"
)
_ORGAN = re.compile(
    r"^(?:中共)?(?:[\u4e00-\u9fff]{1,14}?(?:省|自治区|自治州|市|县|区|旗|州|盟|镇|乡|街道)|国家|国务院|中央|"
    + _PROVINCES
    + ")"
    r"(?:人民政府(?:办公室|办公厅|新闻办公室)?|政府|委员会|党委|人大常委会|政协|纪委监委|融媒体中心|"
    r"[\u4e00-\u9fff]{1,14}?(?:局|厅|委|委员会|办公室|办公厅|办|署|法院|检察院|支队|大队|融媒体中心))"
    r"(?:门户网站|网站|政府网|官网|微信公众号|公众号|官方微博|微博|发布)?$"
)
_NOT_ORGAN = re.compile(r"公司|集团|有限|商贸|商场|市场(?!监)|店|协会|俱乐部|工作室")


def _default_path(name: str) -> str:
    return str(_SOURCES / name)


@dataclass(frozen=True, slots=True)
class Stated:
    """One stated source: where it is written (text offsets; 0-0 for metadata), what it names."""

    raw: str
    start: int
    end: int
    origin: Literal["text", "meta", "link"]
    entry: SourceEntry | None = None
    organ: bool = False
    vague: bool = False
    platform: str | None = None

    @property
    def identified(self) -> bool:
        return self.entry is not None or self.organ

    def key(self) -> str:
        """What two statements must share to name the same source."""
        return "unit:" + self.entry.unit if self.entry is not None else "name:" + normalise_name(self.raw)


@dataclass(slots=True)
class Evidence:
    """What one document says about being a repost."""

    strong: bool = False
    markers: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, which marker)
    trailers: list[tuple[int, int]] = field(default_factory=list)
    stated: list[Stated] = field(default_factory=list)
    links: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, host)


class AttributionChecker:
    """Article 20: a repost states a traceable, approved source and keeps the original title."""

    name: ClassVar[str] = "attribution"

    class Options(CheckerOptions):
        approved_sources: list[str] = Field(default_factory=lambda: [_default_path("approved.tsv")])
        extra_sources: list[str] = Field(
            default_factory=list, description="tables added to approved_sources (a city's own units)"
        )
        vague_sources: str = Field(default_factory=lambda: _default_path("vague.txt"))
        self_media: str = Field(default_factory=lambda: _default_path("self_media.txt"))
        accept_government_organs: bool = Field(
            default=True, description="treat a named party or government organ (XX市XX局) as approved"
        )
        head_lines: int = Field(
            default=3, ge=1, description="non-empty lines at the head searched for markers"
        )
        tail_lines: int = Field(
            default=6, ge=1, description="non-empty lines at the tail searched for markers"
        )
        region_chars: int = Field(default=400, ge=50, description="at most this many characters per region")

    RULES: ClassVar[tuple[RuleInfo, ...]] = load_rules(__package__ or __name__)

    def __init__(self, options: Options) -> None:
        self.options = options
        self.table = SourceTable.load([*options.approved_sources, *options.extra_sources])
        vague = [row.cells[0] for row in read_lexicon(options.vague_sources, max_cells=1)]
        self.vague = frozenset(normalise_name(v) for v in vague if "*" not in v)
        self.vague_prefixes = tuple(normalise_name(v[:-1]) for v in vague if v.endswith("*") and len(v) > 1)
        self.vague_suffixes = tuple(normalise_name(v[1:]) for v in vague if v.startswith("*") and len(v) > 1)
        self.platforms: PhraseIndex[str] = PhraseIndex(
            (row.cells[0], row.cell(1, row.cells[0])) for row in read_lexicon(options.self_media, max_cells=2)
        )

    # --- check ----------------------------------------------------------------------------

    def check(self, document: Document, context: CheckContext) -> Iterable[Finding]:
        findings: list[Finding] = []
        if document.original_title and document.title:
            findings.extend(self._title_altered(document.title, document.original_title))
        evidence = self._evidence(document, context.folded("text"))
        if evidence.strong or evidence.trailers:
            findings.extend(self._source_findings(evidence))
        return findings

    def _evidence(self, document: Document, folded: str) -> Evidence:
        ev = Evidence(strong=document.kind == "repost")
        for start, end in self._regions(folded):
            self._scan_region(document.text, folded, start, end, ev)
        if document.source and document.source.strip():
            ev.stated.extend(self._classify(part, 0, 0, "meta") for part in _parts(document.source))
        ev.strong = ev.strong or bool(ev.markers) or bool(ev.stated)
        for match in _URL.finditer(folded):
            ev.links.append((match.start(), match.end(), urlsplit(match.group()).hostname or ""))
        for key in ("url", "source_url", "link"):
            value = document.meta.get(key)
            if isinstance(value, str) and value.lower().startswith(("http://", "https://")):
                ev.links.append((0, 0, urlsplit(value).hostname or ""))
        for start, end, host in ev.links:
            entry = self.table.by_host(host)
            organ = entry is None and self.options.accept_government_organs and host.endswith(".gov.cn")
            if entry is not None or organ:
                ev.stated.append(Stated(host, start, end, "link", entry=entry, organ=organ))
        return ev

    def _regions(self, folded: str) -> list[tuple[int, int]]:
        """The head and the tail of the text (one region when they meet)."""
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", folded)]
        if not lines:
            return []
        opts = self.options
        head_end = min(lines[: opts.head_lines][-1][1], lines[0][0] + opts.region_chars)
        tail_start = max(lines[-opts.tail_lines :][0][0], lines[-1][1] - opts.region_chars)
        if tail_start <= head_end:
            return [(0, len(folded))]
        return [(0, head_end), (tail_start, len(folded))]

    def _scan_region(self, text: str, folded: str, start: int, end: int, ev: Evidence) -> None:
        # finditer(folded, start, end) keeps look-behinds and `^` anchored to the whole text.
        for m in _LABELLED.finditer(folded, start, end):
            label, rest = ("label", "rest") if m.group("label") else ("label2", "rest2")
            ev.markers.append((m.start(label), m.end(label), m.group(label)))
            ev.stated.extend(self._names(text, folded, m.start(rest), m.end(rest)))
        for m in _REPORTED.finditer(folded, start, end):
            ev.markers.append((m.start(), m.end(), "据…报道"))
            wire = m.group("wire") is not None
            ev.stated.extend(self._names(text, folded, m.start("name"), m.end("name"), wire, reported=True))
        for m in _DATELINE.finditer(folded, start, end):
            ev.markers.append((m.start("name"), m.end(), "电头"))
            ev.stated.extend(self._names(text, folded, m.start("name"), m.end("name"), dateline=True))
        for m in _ORIGINAL_TITLE.finditer(folded, start, end):
            ev.markers.append((m.start(), m.end(), "原标题"))
        for m in _EDITOR_TRAILER.finditer(folded, start, end):
            ev.trailers.append((m.start(), m.end()))

    def _names(
        self, text: str, folded: str, start: int, end: int, dateline: bool = False, reported: bool = False
    ) -> Iterator[Stated]:
        """The source names written in text[start:end], each with its exact span.

        `reported`: the words between 据 and 报道, where a time (３日, 最近) may follow the name
        and a phrase with 的 describes a source rather than naming it.
        """
        cut = _NAME_END.search(folded, start, end)
        end = cut.start() if cut else end
        for piece in _PIECE.finditer(folded, start, end):
            s, e = _trim(folded, piece.start(), piece.end())
            if reported:
                time = _TIME_TAIL.search(folded, s, e)
                s, e = _trim(folded, s, time.start() if time else e)
                if "的" in folded[s:e]:
                    continue
            if 2 <= e - s <= _MAX_NAME:
                yield self._classify(text[s:e], s, e, "text", dateline)

    def _classify(
        self, raw: str, start: int, end: int, origin: Literal["text", "meta"], dateline: bool = False
    ) -> Stated:
        entry = self.table.resolve(raw, dateline)
        if entry is not None:
            return Stated(raw, start, end, origin, entry=entry)
        key = normalise_name(raw)
        prefix = _NAME_PREFIX.match(key)
        bare = key[prefix.end() :] if prefix else key
        vague = (
            bare in self.vague
            or bare.startswith(self.vague_prefixes)
            or (bare.endswith(self.vague_suffixes) and "《" not in raw)
        )
        organ = (
            self.options.accept_government_organs
            and not vague
            and bool(_ORGAN.match(key))
            and not _NOT_ORGAN.search(key)
        )
        platform = next((label for _s, _e, label in self.platforms.find(fold(raw))), None)
        return Stated(raw, start, end, origin, organ=organ, vague=vague, platform=platform)

    # --- findings ---------------------------------------------------------------------------

    def _source_findings(self, ev: Evidence) -> Iterator[Finding]:
        named = [s for s in ev.stated if s.origin != "link"]
        text_named = [s for s in named if s.origin == "text" and not s.vague]
        meta_named = [s for s in named if s.origin == "meta" and not s.vague]
        if ev.strong and not named and not any(s.entry for s in ev.stated):
            yield self._missing(ev.markers[0] if ev.markers else None)
            return
        seen: set[str] = set()
        for stated in named:
            if stated.identified or stated.vague or stated.key() in seen:
                continue
            seen.add(stated.key())
            yield self._unapproved(stated)
        if meta_named and text_named and not {s.key() for s in meta_named} & {s.key() for s in text_named}:
            yield self._mismatch(meta_named[0], text_named[0])
        if not any(s.identified for s in ev.stated) and not ev.links:
            yield self._untraceable(ev, named)

    def _finding(
        self,
        rule: str,
        severity: Literal["warning", "error"],
        span: tuple[int, int],
        message: str,
        suggestion: str,
        source: str,
        field: FieldName = "text",
        excerpt: str = "",
        score: float | None = None,
    ) -> Finding:
        return Finding(
            checker=self.name,
            rule=f"attribution/{rule}",
            category="attribution",
            severity=severity,
            field=field,
            start=span[0],
            end=span[1],
            excerpt=excerpt,
            message=message,
            suggestion=suggestion,
            score=score,
            source=source,
            legal_basis=LEGAL_BASIS,
        )

    def _missing(self, marker: tuple[int, int, str] | None) -> Finding:
        start, end, what = marker if marker else (0, 0, "kind=repost")
        return self._finding(
            "missing_source",
            "error",
            (start, end),
            message="转载信息未注明来源：须写明稿源单位（如“来源：新华社”），保证来源可追溯。",
            suggestion="在文首或文末注明“来源：<稿源单位名称>”，并附原文链接",
            source=f"marker:{what}",
        )

    def _unapproved(self, stated: Stated) -> Finding:
        kind = f"（{stated.platform}）" if stated.platform else ""
        where = "声明的来源" if stated.origin == "meta" else "转载来源"
        return self._finding(
            "unapproved_source",
            "warning",
            (stated.start, stated.end),
            excerpt=stated.raw[:80] if stated.origin == "meta" else "",
            message=f"{where}“{_inner(stated.raw)}”{kind}不在核准的稿源单位名单内；原则上只转载党和政府以及有关主管单位确定的稿源单位发布的信息。",
            suggestion="改从核准稿源单位转载；确属主管单位确定的稿源单位的，由管理员将其加入稿源名单",
            source=f"{stated.origin}:"
            + (f"self_media:{stated.platform}" if stated.platform else "not_in_table"),
        )

    def _mismatch(self, meta: Stated, text: Stated) -> Finding:
        return self._finding(
            "source_mismatch",
            "warning",
            (text.start, text.end),
            message=f"声明的来源“{_inner(meta.raw)}”与正文注明的来源“{_inner(text.raw)}”不一致，请核实实际稿源。",
            suggestion="核实原文出处，使发布时声明的来源与正文“来源：”一致",
            source="meta:" + (meta.entry.describe() if meta.entry else "not_in_table"),
        )

    def _untraceable(self, ev: Evidence, named: list[Stated]) -> Finding:
        vague = next((s for s in named if s.vague), None)
        if vague is not None:
            span, what = (vague.start, vague.end), f"所注来源“{_inner(vague.raw)}”不指向具体稿源单位"
        elif named:
            span, what = (named[0].start, named[0].end), "所注来源不是可识别的稿源单位"
        elif ev.trailers:
            span, what = ev.trailers[0], "文末有新闻网站式的责任编辑署名，疑似转载而未注明来源"
        else:
            span, what = (0, 0), "未注明可识别的来源"
        return self._finding(
            "untraceable",
            "warning",
            span,
            message=f"转载来源不可追溯：{what}，且未附原文链接。",
            suggestion="注明具体稿源单位并附原文链接",
            source="signal:"
            + ("vague_source" if vague else "editor_trailer" if not named else "unknown_source"),
        )

    # --- title ------------------------------------------------------------------------------

    def _title_altered(self, title: str, original: str) -> Iterator[Finding]:
        new_chars, new_pos = _comparable(title)
        old_chars, _ = _comparable(original)
        if new_chars == old_chars:
            return
        matcher = difflib.SequenceMatcher(None, old_chars, new_chars, autojunk=False)
        changes, spans = [], []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            old, new = old_chars[i1:i2], new_chars[j1:j2]
            changes.append(
                f"删去“{old}”"
                if op == "delete"
                else f"增加“{new}”"
                if op == "insert"
                else f"“{old}”改为“{new}”"
            )
            if j2 > j1:
                spans.append((new_pos[j1], new_pos[j2 - 1] + 1))
            else:  # a deletion points between two kept characters
                at = new_pos[j1] if j1 < len(new_pos) else len(title)
                spans.append((at, at))
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        yield self._finding(
            "title_altered",
            "warning",
            (start, end),
            field="title",
            message=f"转载标题与原标题不一致（原标题：{original}）：{'；'.join(changes)}。不得歪曲、篡改标题原意。",
            suggestion="使用原标题；确需改动的，在文中注明“原标题：……”并确保不改变原意",
            score=round(1 - matcher.ratio(), 3),
            source="document:original_title",
        )


def _comparable(text: str) -> tuple[str, list[int]]:
    """Folded letters, digits and CJK only (no punctuation, spaces or width), with their offsets."""
    folded = fold(text)
    keep = [i for i, ch in enumerate(folded) if ch.isalnum()]
    return "".join(folded[i] for i in keep), keep


def _trim(folded: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a name's span past spaces, colons, quotes and prefixes such as 综合自; keep a
    closing quote whose opening quote stays inside (微信公众号“广西发布”)."""
    while start < end and folded[start] in _STRIP_CHARS:
        start += 1
    prefix = _NAME_PREFIX.match(folded, start, end)
    if prefix:
        start = prefix.end()
        while start < end and folded[start] in _STRIP_CHARS:
            start += 1
    while end > start and folded[end - 1] in _STRIP_CHARS:
        if folded[end - 1] in _CLOSERS and _CLOSERS[folded[end - 1]] in folded[start : end - 1]:
            break
        end -= 1
    return start, end


def _inner(name: str) -> str:
    """A name quoted inside a message: its own double quotes become single ones."""
    return name.replace("“", "‘").replace("”", "’")


def _parts(value: str) -> list[str]:
    return [p for p in (x.strip() for x in _SPLIT.split(value)) if p]
