"""Repost attribution (办法第二十条): traceable, stated, approved sources and unaltered titles.

A post is a repost when `Document.kind` says so, when it declares a `source`, or when its head
or tail states another unit as its origin (a 来源/转自 line, 据…报道, a wire dateline such as
新华社北京3月5日电, 原标题). What the text states is read by `statements`; each name is then
resolved through the source tables (curated units, the national list as far as verified, a city's
own units: `sources.SourceTable`), read as a party or government organ by form (`organs`), or
recognised as vague (网络, 网友…) or as a platform account (百家号, 抖音…).

Findings: a repost without a source (error); an unapproved or vague source, a declared source the
text contradicts, an untraceable repost, a title whose change alters what the 原标题 says (warnings);
a source accepted because it was read as a government organ or party medium by its name, a title
only shortened or reworded from its 原标题 (info, naming what was read or changed).
Originals that say nothing of a source produce no findings; a self dateline (XX讯, 本报讯) or a
byline of the publisher's own reporter never makes a post a repost.
"""

from __future__ import annotations

import difflib
import importlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import Field

from review_pipeline.checkers.attribution.organs import Organ, OrganReader
from review_pipeline.checkers.attribution.sources import SourceEntry, SourceTable, normalise_name
from review_pipeline.checkers.attribution.statements import (
    NEXT_LINE,
    WEAK_LABELS,
    Role,
    Statement,
    alternatives,
    read_marks,
    regions,
    split_declared,
    stated_original_title,
)
from review_pipeline.checkers.base import CheckContext, CheckerOptions, RuleInfo
from review_pipeline.lexicon import read_lexicon
from review_pipeline.models import Document, FieldName, Finding
from review_pipeline.policy import builtin_dir, file_digest
from review_pipeline.rules import RuleBook, load_rules
from review_pipeline.text.diskcache import cached, source_digest
from review_pipeline.text.fold import fold
from review_pipeline.text.glosses import without_glosses
from review_pipeline.text.phrases import PhraseIndex, collecting

_SOURCES = builtin_dir("lexicons") / "sources"
_PREFIX_WORDS = ("综合自", "综合", "整理自", "摘编自", "摘自", "选自", "转自", "来自")
# Words that stand for "this publication" in a self dateline or a byline: never a source.
_SELF_WORDS = ("本报", "本网", "本台", "本刊", "本站", "本社", "我台", "我报")
# The word a site or app adds to the name of the unit it belongs to (电脑报在线, 罗源湾新闻网, X日报客户端).
_SITE_WORD = re.compile(r"(?:在线|新闻网|官网|网站|网|客户端)$")
# A source line that names the publisher itself (a government site's 来源：本站).
_OWN_SOURCE = re.compile(
    r"(?:本|我)(?:站|网|报|台|刊|社|院|局|委|单位|平台|中心|部门|公众号|号)|原创|本站原创"
)


# What makes a changed title say something else (title_shifts.tsv classes, and numbers and question
# marks compared structurally), as named in the warning.
_SHIFT_KINDS = ("negation", "hedge", "sensational")
_SHIFT_NAMES = {
    "negation": "否定或辟谣的表述有增删",
    "hedge": "删改了“涉嫌”“拟”“部分”等限定词",
    "sensational": "增加了夸大、惊悚的词语",
    "number": "数字与原标题不符",
    "question": "疑问句与陈述句互换",
}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_HOST = re.compile(r"(?:[a-z0-9\-]+\.)+[a-z]{2,6}")
_CODE = re.compile(r"[a-z]{0,6}\d{3,}[a-z0-9_\-]*")
# what may follow a one-character negation or hedge and still be that word alone (不是, 没有, 未能, 或将)
_NEGATION_PAIRED = frozenset("是有能会再得要将")


def _default_path(name: str) -> str:
    return str(_SOURCES / name)


@dataclass(frozen=True, slots=True)
class Stated:
    """One stated source: where it is written (text offsets; 0-0 for metadata), what it names."""

    raw: str
    start: int
    end: int
    origin: Literal["text", "meta", "link"]
    role: Role | Literal["meta", "link"] = "label"
    entry: SourceEntry | None = None
    organ: Organ | None = None
    vague: bool = False
    platform: str | None = None

    @property
    def identified(self) -> bool:
        return self.entry is not None or self.organ is not None

    @property
    def asserts(self) -> bool:
        """Whether the statement claims a source (and so may be unapproved), not just mentions one."""
        return self.role in ("label", "meta", "wire", "claim", "reported", "link")

    def key(self) -> str:
        """What two statements must share to name the same source."""
        if self.entry is not None:
            return "unit:" + self.entry.unit
        return "name:" + normalise_name(self.raw)


@dataclass(slots=True)
class Evidence:
    """What one document says about being a repost."""

    strong: bool = False
    markers: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, which marker)
    trailers: list[tuple[int, int]] = field(default_factory=list)
    stated: list[Stated] = field(default_factory=list)
    links: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, host)


# modules whose classes the cached name tables are made of (besides this package)
_TABLE_MODULES = ("review_pipeline.text.phrases", "review_pipeline.text.fold", "review_pipeline.lexicon")


def _name_tables(options: AttributionChecker.Options) -> tuple[SourceTable, PhraseIndex[str], OrganReader]:
    """The approved-source table, the self-media platforms and the organ reader. Built from ~40k
    lines of lists (a fifth of a second), so kept in the signed table cache under a key naming
    every list's content and this package's code: an edited list or a new release rebuilds."""
    def build() -> tuple[SourceTable, PhraseIndex[str], OrganReader]:
        # These indexes look up stated names, never the post itself: building them in a nested
        # `collecting()` keeps them out of the pipeline's shared per-field automaton.
        with collecting():
            table = SourceTable.load(
                [*options.approved_sources, *options.extra_sources],
                categories=options.national_categories,
                provinces=options.national_provinces,
            )
            platforms: PhraseIndex[str] = PhraseIndex(
                (row.cells[0], row.cell(1, row.cells[0])) for row in read_lexicon(options.self_media, max_cells=2)
            )
            return table, platforms, OrganReader(options.places, options.organs)

    lists = [*options.approved_sources, *options.extra_sources, options.self_media, options.places, options.organs]
    try:
        # the pickled tables are instances of these modules' classes: any change to them rebuilds
        shared = [importlib.import_module(m).__file__ for m in _TABLE_MODULES]
        code = source_digest(*(str(p) for p in sorted(Path(__file__).parent.glob("*.py"))), *shared)
        contents = [f"{path}={file_digest(path)}" for path in lists]
    except OSError:  # a list that cannot be read: `build` names the file (and line)
        return build()
    key = ";".join([f"code={code}", *contents, f"categories={options.national_categories}",
                    f"provinces={options.national_provinces}"])  # fmt: skip
    return cached("attribution-names", key, build)


class AttributionChecker:
    """Article 20: a repost states a traceable, approved source and keeps the original title."""

    name: ClassVar[str] = "attribution"

    class Options(CheckerOptions):
        approved_sources: list[str] = Field(
            default_factory=lambda: [_default_path("approved.tsv"), _default_path("national_list.tsv")]
        )
        extra_sources: list[str] = Field(
            default_factory=list, description="tables added to approved_sources (a city's own units)"
        )
        national_categories: list[str] = Field(
            default_factory=list,
            description="national-list categories that count as approved (empty: every category)",
        )
        national_provinces: list[str] = Field(
            default_factory=list,
            description="provinces whose national-list units count (empty: every province)",
        )
        vague_sources: str = Field(default_factory=lambda: _default_path("vague.txt"))
        self_media: str = Field(default_factory=lambda: _default_path("self_media.txt"))
        places: str = Field(default_factory=lambda: _default_path("places.tsv"))
        organs: str = Field(default_factory=lambda: _default_path("organs.tsv"))
        title_shifts: str = Field(
            default_factory=lambda: _default_path("title_shifts.tsv"),
            description="words whose change in a reposted title changes its meaning (negation, hedge, sensational)",
        )
        party_media_categories: list[str] = Field(
            default_factory=lambda: ["地方新闻单位", "地方新闻网站"],
            description="national-list categories a party medium read by its name (苏州日报) belongs to; "
            "it counts only while national_categories allows one of them",
        )
        accept_government_organs: bool = Field(
            default=True,
            description="accept a source read as a party or government organ or party medium by its name",
        )
        head_lines: int = Field(
            default=6, ge=1, description="non-empty lines at the head searched for markers"
        )
        tail_lines: int = Field(
            default=8, ge=1, description="non-empty lines at the tail searched for markers"
        )
        region_chars: int = Field(default=500, ge=50, description="at most this many characters per region")
        region_min_chars: int = Field(
            default=120,
            ge=0,
            description="head and tail grow by whole lines to at least this many characters when their lines "
            "are short (a layout of one phrase a line puts a source line past the sixth line)",
        )

    RULES: ClassVar[tuple[RuleInfo, ...]] = load_rules(__package__ or __name__)

    def __init__(self, options: Options) -> None:
        self.options = options
        self.rulebook = RuleBook(self.name, self.RULES)
        self.table, self.platforms, self.organs = _name_tables(options)
        vague = [row.cells[0] for row in read_lexicon(options.vague_sources, max_cells=1)]
        self.vague = frozenset(normalise_name(v) for v in vague if "*" not in v)
        self.vague_prefixes = tuple(normalise_name(v[:-1]) for v in vague if v.endswith("*") and len(v) > 1)
        self.vague_suffixes = tuple(normalise_name(v[1:]) for v in vague if v.startswith("*") and len(v) > 1)
        self._name_keys: dict[str, str] = {}
        self._readings: dict[tuple[str, bool, bool], tuple[SourceEntry | None, Organ | None, bool, str | None]] = {}
        self.title_shifts: dict[str, list[str]] = {kind: [] for kind in _SHIFT_KINDS}
        for row in read_lexicon(options.title_shifts, min_cells=2, max_cells=2):
            kind, word = row.cells
            if kind not in _SHIFT_KINDS:
                raise row.error(f"class must be one of {', '.join(_SHIFT_KINDS)}, not {kind!r}")
            self.title_shifts[kind].append(fold(word))

    # --- check ----------------------------------------------------------------------------

    def check(self, document: Document, context: CheckContext) -> Iterable[Finding]:
        findings: list[Finding] = []
        # a page printed with pinyin after its characters (來(lái)源:新(xīn)華(huá)社) is read without
        # it, and what is found is placed back in the original text
        plain = without_glosses(document.text)
        read = document if plain is None else document.model_copy(update={"text": plain.text})
        folded = context.folded("text") if plain is None else fold(plain.text)
        opts = self.options
        spans = regions(folded, opts.head_lines, opts.tail_lines, opts.region_chars, opts.region_min_chars)
        if document.title:
            # the 原标题 the publishing system declares, else the one the post states (原标题：X)
            original = document.original_title or stated_original_title(folded, read.text, spans)
            if original:
                findings.extend(self._title_altered(document.title, original))
        for finding in self._source_findings(self._evidence(read, folded, spans), document.kind == "repost"):
            if plain is not None and finding.field == "text":
                start, end = (
                    plain.span(finding.start, finding.end)
                    if finding.end > finding.start
                    else (plain.origin[finding.start],) * 2
                )
                finding = finding.model_copy(update={"start": start, "end": end})
            findings.append(finding)
        return findings

    def _evidence(self, document: Document, folded: str, spans: list[tuple[int, int]]) -> Evidence:
        """What the head and tail (`spans`, from `regions`) of the post say about being a repost."""
        opts = self.options
        ev = Evidence(strong=document.kind == "repost")
        declared_repost = document.kind == "repost" or bool(document.source and document.source.strip())
        marks = read_marks(folded, spans, name_lines=declared_repost)
        text = document.text
        # Who the publisher is, as the post itself says: the account, and the unit of its own dateline
        # (罗源湾新闻网讯). Unless the post is declared a repost, a 来源 line naming one of them is the
        # publisher naming itself (来源：罗源湾新闻网 on 罗源湾新闻网), not a source.
        labelled = any(st.role == "label" for st in marks.statements)
        own = self._own_names(document, folded, marks.statements) if labelled else set()
        for st in marks.statements:
            if own and st.role == "label" and self._names_publisher(folded[st.start : st.end], own):
                continue
            if st.label == "line" and self.table.resolve(folded[st.start : st.end]) is None:
                # a short line (a title, a caption) that names no listed unit: not worth classifying
                continue
            stated = self._statement(text, folded, st.start, st.end, st.role)
            if stated is None:
                continue
            if st.role == "reported" and st.label == "bare" and not stated.identified:
                continue  # 据了解，据介绍：only 据<known unit>，counts
            if st.label == NEXT_LINE and not stated.identified:
                continue  # the line under an empty 来源 field is its value only when it names a unit or an organ
            if st.label == "line" and stated.entry is None:
                # a name alone on a line counts only as a listed unit: an organ's name there is the
                # signature of the document (广东省人民政府办公厅), not where the post was taken from
                continue
            ev.stated.append(stated)
            if st.role in ("label", "wire", "reported", "claim") and st.label not in WEAK_LABELS:
                ev.markers.append((st.start, st.end, st.label or st.role))
        ev.markers.extend((s, e, "原标题") for s, e in marks.original_titles)
        ev.trailers = marks.trailers
        # An empty 来源 field is a page template's unless the post is a repost or looks like one.
        looks_reposted = not ev.stated and bool(marks.original_titles or marks.trailers)
        if document.kind == "repost" or looks_reposted:
            ev.markers.extend((s, e, "来源") for s, e in marks.empty_labels)
        if document.source and document.source.strip():
            # a declared source copied from such a page keeps its pinyin (市場(chǎng)監管總局): read it without, as the text
            plain_source = without_glosses(document.source)
            declared_source = document.source if plain_source is None else plain_source.text
            for part in split_declared(declared_source, fold(declared_source)):
                declared = self._classify(part, 0, 0, "meta", "meta")
                if not declared.identified and not declared.vague:
                    folded_part = fold(part)
                    for s, e in alternatives(folded_part, 0, len(folded_part)):
                        shorter = self._classify(part[s:e], 0, 0, "meta", "meta")
                        if shorter.identified:
                            declared = shorter
                            break
                ev.stated.append(declared)
        ev.strong = ev.strong or bool(ev.markers) or any(s.origin == "meta" for s in ev.stated)
        for start, end, url in marks.links:
            ev.links.append((start, end, urlsplit(url).hostname or ""))
        for key in ("url", "source_url", "link"):
            value = document.meta.get(key)
            if isinstance(value, str) and value.lower().startswith(("http://", "https://")):
                ev.links.append((0, 0, urlsplit(value).hostname or ""))
        for start, end, host in ev.links:
            entry = self.table.by_host(host)
            organ = None
            if entry is None and opts.accept_government_organs and host.endswith(".gov.cn"):
                organ = Organ(host, "", "", "government", "政府网站", "pattern:gov.cn")
            platform = next((label for _s, _e, label in self.platforms.find(host)), None)
            ev.stated.append(
                Stated(host, start, end, "link", "link", entry=entry, organ=organ, platform=platform)
            )
        return ev

    def _own_names(self, document: Document, folded: str, statements: Iterable[Statement]) -> set[str]:
        """Keys of the names the publisher goes by (empty for a declared repost: its 来源 is another's)."""
        if document.kind == "repost" or (document.source and document.source.strip()):
            return set()
        names = {folded[st.start : st.end] for st in statements if st.role == "self"}
        if document.account and document.account.strip():
            names.add(fold(document.account))
        return {self._name_key(name) for name in names if not name.startswith(_SELF_WORDS)}

    def _name_key(self, name: str) -> str:
        """One key for the names of one unit: its table entry's unit, else the normalised name.
        Kept per name (bounded): an account's name comes back with each of its posts."""
        key = self._name_keys.get(name)
        if key is None:
            entry = self.table.resolve(name)
            key = "unit:" + entry.unit if entry is not None else "name:" + normalise_name(name)
            if len(self._name_keys) >= 4096:
                self._name_keys.clear()
            self._name_keys[name] = key
        return key

    def _names_publisher(self, name: str, own: set[str]) -> bool:
        """Whether `name` is one of the publisher's own names, or the same name with or without the word a
        site adds to its paper's (`电脑报` on 电脑报在线, `X日报` on X日报网)."""
        key = self._name_key(name)
        if key in own:
            return True
        if not key.startswith("name:"):
            return False
        stem = _SITE_WORD.sub("", key)
        return any(o.startswith("name:") and _SITE_WORD.sub("", o) == stem for o in own)

    def _statement(self, text: str, folded: str, start: int, end: int, role: Role) -> Stated | None:
        """Classify the name at text[start:end]; a name with spaces may stand for its first word."""
        name = folded[start:end]
        own = name.startswith(_SELF_WORDS) or ("融媒体" in name and len(name) <= 6)
        if role in ("self", "byline", "wire") and own:
            return None  # 本报讯, 本报新德里1月15日电, 本报记者: the publisher's own report
        if role == "label" and _OWN_SOURCE.fullmatch(name):
            return None  # 来源：本站 / 本网 / 原创: the publisher names itself
        stated = self._classify(text[start:end], start, end, "text", role)
        if not stated.identified and not stated.vague:
            for s, e in alternatives(folded, start, end):
                shorter = self._classify(text[s:e], s, e, "text", role)
                if shorter.identified:
                    return shorter
            if role == "label" and name.endswith("讯") and end - start > 3:
                # a 来源 field filled with the unit's dateline (来源:遂宁新闻网讯) names that unit
                shorter = self._classify(text[start : end - 1], start, end - 1, "text", role)
                if shorter.identified:
                    return shorter
        return stated

    def _classify(
        self, raw: str, start: int, end: int, origin: Literal["text", "meta"], role: Role | Literal["meta"]
    ) -> Stated:
        dateline = role in ("wire", "self")
        # the same names come back post after post (来源：新华社): their reading is kept (bounded)
        memo = (raw, dateline, role == "claim")
        reading = self._readings.get(memo)
        if reading is None:
            reading = self._read_name(raw, dateline, role == "claim")
            if len(self._readings) >= 4096:
                self._readings.clear()
            self._readings[memo] = reading
        entry, organ, vague, platform = reading
        return Stated(raw, start, end, origin, role, entry=entry, organ=organ, vague=vague, platform=platform)

    def _read_name(
        self, raw: str, dateline: bool, claim: bool
    ) -> tuple[SourceEntry | None, Organ | None, bool, str | None]:
        """What a stated name is: a table entry, an organ read by form, vague, a platform."""
        entry = self.table.resolve(raw, dateline)
        key = normalise_name(raw)
        if entry is None and _HOST.fullmatch(key):
            entry = self.table.by_host(key)  # 本文来源: Hb.Chinanews.Com: a unit's site named by its host
        if entry is not None:
            return entry, None, False, None
        bare = key
        for word in _PREFIX_WORDS:
            if bare.startswith(word) and len(bare) > len(word) + 1:
                bare = bare[len(word) :]
                break
        # a publishing system's code in the 来源 field (来源: sp20241114) names nothing: untraceable
        vague = claim or bare in self.vague or bare.startswith(self.vague_prefixes) or bool(_CODE.fullmatch(bare))
        organ = None
        # a platform's own name is never a place's organ (凤凰网 is the portal, not 凤凰县 + 网)
        platform_name = any(s == 0 and e == len(bare) for s, e, _ in self.platforms.find(bare))
        if self.options.accept_government_organs and not vague and not platform_name:
            organ = self.organs.read(bare)
            if organ is not None and not self._counts(organ):
                organ = None
        # *媒体, *报纸: a description, unless the name reads as an organ (长沙县融媒体)
        if organ is None and bare.endswith(self.vague_suffixes) and "《" not in raw:
            vague = True
        platform = next((label for _s, _e, label in self.platforms.find(fold(raw))), None)
        if organ is not None:
            platform = None
        return None, organ, vague, platform

    def _counts(self, organ: Organ) -> bool:
        """A party medium read by name counts only within the policy's national-list choice;
        a party or government organ always counts (article 20: 党和政府)."""
        if organ.kind != "party_media":
            return True
        opts = self.options
        if opts.national_categories and not set(opts.party_media_categories) & set(opts.national_categories):
            return False
        return not (opts.national_provinces and organ.province not in opts.national_provinces)

    # --- findings ---------------------------------------------------------------------------

    def _source_findings(self, ev: Evidence, declared_repost: bool) -> Iterator[Finding]:
        # Self datelines and bylines identify a source only in a repost; in an original they are
        # the publisher's own report and say nothing here.
        if not ev.strong:
            yield from self._vague_claims(ev)
            if ev.trailers and not ev.stated:
                yield self._untraceable(ev, [])
            return
        stated = [s for s in ev.stated if s.role not in ("self", "byline") or declared_repost or s.identified]
        named = [s for s in stated if s.origin != "link"]
        asserting = [s for s in named if s.asserts]
        if not asserting:
            # an address of the original stands for its source when nothing else names one
            asserting = [s for s in stated if s.origin == "link"]
        if not asserting and not any(s.identified for s in stated):
            yield self._missing(ev.markers[0] if ev.markers else None)
            return
        # A unit the item states as its source (a 来源 line, a dateline, its reporter's credit, a declared source)
        # vouches for what it reports: a `据X消息` inside its item is that unit's informant, not a second source to approve.
        vouched = any(s.identified and s.role in ("label", "wire", "meta", "self", "byline") for s in stated)
        seen: set[str] = set()
        for s in asserting:
            if s.identified or s.vague or s.key() in seen or (vouched and s.role == "reported"):
                continue
            seen.add(s.key())
            yield self._unapproved(s)
        vague_seen: set[str] = set()
        for s in asserting:
            if s.vague and s.key() not in vague_seen:
                vague_seen.add(s.key())
                yield self._untraceable_vague(s)
        meta = [s for s in named if s.origin == "meta" and not s.vague]
        text_labels = [s for s in named if s.origin == "text" and s.role == "label" and not s.vague]
        disjoint = bool(meta and text_labels) and not {s.key() for s in meta} & {s.key() for s in text_labels}
        if disjoint and (
            all(s.identified for s in meta + text_labels) or not any(s.identified for s in meta)
        ):
            yield self._mismatch(meta[0], text_labels[0])
        unknown = [s for s in asserting if not s.identified and not s.vague and s.origin != "link"]
        if unknown and not any(s.identified for s in stated) and not ev.links:
            yield self._untraceable(ev, unknown)
        organ_seen: set[str] = set()
        for s in stated:
            if s.organ is not None and s.entry is None and s.key() not in organ_seen:
                organ_seen.add(s.key())
                yield self._government(s)

    def _vague_claims(self, ev: Evidence) -> Iterator[Finding]:
        for s in ev.stated:
            if s.role == "claim":
                yield self._untraceable_vague(s)

    def _finding(
        self,
        rule: str,
        span: tuple[int, int],
        source: str,
        params: dict[str, str] | None = None,
        field: FieldName = "text",
        excerpt: str = "",
        score: float | None = None,
    ) -> Finding:
        """A finding of `attribution/<rule>`: severity, message and suggestion from rules.yaml."""
        return self.rulebook.finding(
            f"attribution/{rule}", start=span[0], end=span[1], field=field, category="attribution",
            params=params, excerpt=excerpt, score=score, source=source,
        )  # fmt: skip

    def _missing(self, marker: tuple[int, int, str] | None) -> Finding:
        start, end, what = marker if marker else (0, 0, "kind=repost")
        return self._finding("missing_source", (start, end), source=f"marker:{what}")

    def _unapproved(self, stated: Stated) -> Finding:
        return self._finding(
            "unapproved_source",
            (stated.start, stated.end),
            excerpt=stated.raw[:80] if stated.origin == "meta" else "",
            params={
                "where": "声明的来源" if stated.origin == "meta" else "转载来源",
                "name": _inner(stated.raw),
                "platform": f"（{stated.platform}）" if stated.platform else "",
            },
            source=f"{stated.origin}:" + (f"self_media:{stated.platform}" if stated.platform else "not_in_table"),
        )

    def _untraceable_vague(self, stated: Stated) -> Finding:
        return self._finding(
            "untraceable",
            (stated.start, stated.end),
            excerpt=stated.raw[:80] if stated.origin == "meta" else "",
            params={"reason": f"所注来源“{_inner(stated.raw)}”不指向具体稿源单位"},
            source=f"{stated.origin}:vague_source",
        )

    def _mismatch(self, meta: Stated, text: Stated) -> Finding:
        return self._finding(
            "source_mismatch",
            (text.start, text.end),
            params={"declared": _inner(meta.raw), "stated": _inner(text.raw)},
            source="meta:" + (meta.entry.describe() if meta.entry else "not_in_table"),
        )

    def _untraceable(self, ev: Evidence, unknown: list[Stated]) -> Finding:
        if unknown:
            span, what = (unknown[0].start, unknown[0].end), "所注来源不是可识别的稿源单位"
        elif ev.trailers:
            span, what = ev.trailers[0], "文末有新闻网站式的责任编辑署名，疑似转载而未注明来源"
        else:
            span, what = (0, 0), "未注明可识别的来源"
        return self._finding(
            "untraceable",
            span,
            params={"reason": f"{what}，且未附原文链接"},
            source="signal:" + ("unknown_source" if unknown else "editor_trailer"),
        )

    def _government(self, stated: Stated) -> Finding:
        organ = stated.organ
        assert organ is not None
        return self._finding(
            "government_source",
            (stated.start, stated.end),
            excerpt=stated.raw[:80] if stated.origin == "meta" else "",
            params={
                "name": _inner(stated.raw),
                "organ": organ.describe(),
                "kind": "党政机关" if organ.kind == "government" else "党政机关主办的新闻单位",
            },
            source=f"{stated.origin}:organ:{organ.origin}",
        )

    # --- title ------------------------------------------------------------------------------

    def _title_altered(self, title: str, original: str) -> Iterator[Finding]:
        """A reposted title that differs from its 原标题: a warning when the change alters what the
        title says (art. 20 歪曲、篡改标题原意), an info note when it only shortens or rewords it."""
        new_chars, new_pos = _comparable(title)
        old_chars, _ = _comparable(original)
        if new_chars == old_chars:
            return
        matcher = difflib.SequenceMatcher(None, old_chars, new_chars, autojunk=False)
        changes, spans = [], []
        removed, added = [], []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            old, new = old_chars[i1:i2], new_chars[j1:j2]
            removed += [old] if old else []
            added += [new] if new else []
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
        shifts = self._meaning_shifts(fold(title), fold(original), removed, added)
        yield self._finding(
            "title_altered" if shifts else "title_reworded",
            (start, end),
            field="title",
            params={
                "original": original,
                "changes": "；".join(changes),
                "reasons": "、".join(_SHIFT_NAMES[s] for s in shifts),
            },
            score=round(1 - matcher.ratio(), 3),
            source="document:original_title" + (f":{'+'.join(shifts)}" if shifts else ""),
        )

    def _meaning_shifts(self, title: str, original: str, removed: list[str], added: list[str]) -> list[str]:
        """Which kinds of change alter the title's meaning. A class word counts where it was added or
        removed; a one-character word (不, 未, 或) only when it is all that changed there or starts a
        two-character negation (不是, 没有, 未能), so 无锡 or 未来 added to a title is not a negation."""

        def one_char(word: str, part: str) -> bool:
            return part == word or (len(part) == 2 and part[0] == word and part[1] in _NEGATION_PAIRED)

        def touched(words: list[str], parts: list[str]) -> bool:
            return any(
                (w in part) if len(w) > 1 else one_char(w, part) for w in words for part in parts
            )

        shifts = []
        if touched(self.title_shifts["negation"], removed + added):
            shifts.append("negation")
        if touched(self.title_shifts["hedge"], removed + added):
            shifts.append("hedge")
        if touched(self.title_shifts["sensational"], added):
            shifts.append("sensational")
        if set(_NUMBER.findall(title)) - set(_NUMBER.findall(original)):
            shifts.append("number")
        if ("?" in title) != ("?" in original):
            shifts.append("question")
        return shifts


def _comparable(text: str) -> tuple[str, list[int]]:
    """Folded letters, digits and CJK only (no punctuation, spaces or width), with their offsets."""
    folded = fold(text)
    keep = [i for i, ch in enumerate(folded) if ch.isalnum()]
    return "".join(folded[i] for i in keep), keep


def _inner(name: str) -> str:
    """A name quoted inside a message: its own double quotes become single ones."""
    return name.replace("“", "‘").replace("”", "’")
