"""Approved source tables for reposts (办法第二十条) and the name resolver built from them.

A table is a word list (`lexicon.read_lexicon`) with the columns name, aliases, level, kind,
domains and unit, and optionally the national list's category, province, edition and evidence
(lexicons/sources/national_list.tsv). A policy may count only some categories or provinces of the
national list; rows without a category (a curated or a city's table) always count. `SourceTable.resolve` turns a stated source as editors write it
(`人民网-人民健康网`, `新华社北京3月5日电`, `央视新闻客户端`, `微信公众号“广西发布”`) into the table
entry it names; `SourceTable.by_host` does the same for a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from review_pipeline.checkers.attribution.organs import PROVINCES
from review_pipeline.lexicon import LexiconLine, read_lexicon
from review_pipeline.text.fold import fold
from review_pipeline.text.phrases import PhraseIndex

LEVELS = ("central", "provincial", "municipal", "county")
KINDS = ("news", "government")

# Platform words written before an account name: `微信公众号“人民日报”` names 人民日报.
_PLATFORM_PREFIX = re.compile(
    r"^(?:微信公众号|微信公号|公众号|微信号|微信|官方微博|新浪微博|微博|抖音号|抖音|快手号|快手|视频号|"
    r"头条号|今日头条|百家号|客户端|网站|app)[\s:：@“”\"'「」《》]*"
)
# ... and after it: `“三江发布”今日头条号`, `“上海网络辟谣”微信公众号` name the account before them.
_PLATFORM_SUFFIX = re.compile(
    r"(?<=.{2})(?:官方)?(?:微信公众号|微信公号|公众号|官方微博|新浪微博|抖音号|快手号|视频号|今日头条号|头条号|百家号)$"
)
# What may follow a unit's name and still mean that unit: a channel, a byline, a dateline,
# or a separator before a sub-channel (`人民网-人民健康网`, `新华社北京3月5日电`).
_CHANNEL_TAIL = re.compile(
    r"^(?:$|[-—–－·・|丨/\\\s:(（@]|"
    r"(?:官方|新闻)?(?:客户端|微信公众号|微信公号|公众号|微信号|微信|微博|官微|网站|官网|网|app|视频号|抖音号|抖音|"
    r"快手号|快手|头条号|百家号|号|报道|消息|发布|新媒体|融媒|门户网站|官方网站|网站|整理|综合)|"
    r"记者|评论员|特约|[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日|"
    # a regional channel or section of the unit's site or app: 人民网湖北频道, 新华社客户端河南频道,
    # 央视新闻客户端江西频道, 中国新闻网广东分网
    r"[\u4e00-\u9fff]{0,8}(?:频道|分网|分站|地方站|专区)$|"
    # ... or the province alone after the unit's name (中新网四川, 人民网湖北)
    r"(?:" + PROVINCES + r")(?:新闻|频道)?$|"
    # a bureau of the unit: 中国日报河南记者站, 新华社驻广西记者站, 新华社湖北分社
    r"驻?[\u4e00-\u9fff]{0,8}?(?:记者站|分社|支社|记者部))",
    re.IGNORECASE,
)
# A dateline names the unit, then a place and a date: 新华社石家庄电, 新华社香港一月六日电.
_DATELINE_TAIL = re.compile(
    r"^[\u4e00-\u9fff]{0,8}(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日)?$"
)
_STATE = "中华人民共和国"
# A government entry's sub-unit is still that organ (`公安部刑事侦查局`).
# (中国人民银行长沙中心支行, 海关总署广州分署: a branch of a central government entry)
_SUB_UNIT_TAIL = re.compile(r"^[\u4e00-\u9fff]{1,12}(?:司|局|处|办公室|办|中心|厅|署|分行|支行|海关)$")


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One approved source unit, and the table line that approves it."""

    name: str
    aliases: tuple[str, ...]
    level: str
    kind: str
    domains: tuple[str, ...]
    unit: str
    origin: str  # "file:line", for explainable findings
    category: str = ""  # the national list's category; "" for curated and city tables
    province: str = ""
    edition: str = ""

    def describe(self) -> str:
        """`name (level, kind[, category edition]) @ file:line` for a finding's `source` field."""
        listed = f", {self.category} {self.edition}".rstrip() if self.category else ""
        return f"{self.name} ({self.level}, {self.kind}{listed}) @ {self.origin}"


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _entry(row: LexiconLine) -> SourceEntry:
    name, level, kind = row.cells[0], row.cell(2), row.cell(3)
    if level not in LEVELS:
        raise row.error(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    if kind not in KINDS:
        raise row.error(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    domains = tuple(d.lower().lstrip(".") for d in _split(row.cell(4)))
    for domain in domains:
        if "/" in domain or " " in domain or "." not in domain:
            raise row.error(f"not a web host: {domain!r}")
    return SourceEntry(
        name=name,
        aliases=_split(row.cell(1)),
        level=level,
        kind=kind,
        domains=domains,
        unit=row.cell(5, name) or name,
        origin=f"{Path(row.path).name}:{row.line}",
        category=row.cell(6, ""),
        province=row.cell(7, ""),
        edition=row.cell(8, ""),
    )


def read_source_table(path: str | Path) -> list[SourceEntry]:
    """Entries of one table; a `LexiconError` names the file and line of a bad row."""
    return [_entry(row) for row in read_lexicon(path, min_cells=4, max_cells=10)]


def _key(name: str) -> str:
    """A name as compared: folded, without spaces and quotes."""
    return re.sub(r"[\s“”\"'‘’「」『』《》〈〉]", "", fold(name))


def normalise_name(stated: str) -> str:
    """A stated source as compared: folded, no spaces, quotes or @, no platform word before or after."""
    key = _key(stated).lstrip("@")
    key = _PLATFORM_PREFIX.sub("", key, count=1) or key
    return _PLATFORM_SUFFIX.sub("", key, count=1) or key


class SourceTable:
    """Approved units by every name and host; a later entry of the same name replaces an earlier one, keeping
    its aliases and hosts."""

    def __init__(self, entries: Iterable[SourceEntry]) -> None:
        by_name: dict[str, SourceEntry] = {}
        for entry in entries:
            earlier = by_name.get(entry.name)
            if earlier is not None:
                # the later row decides level, kind, unit and category, but the names and hosts the earlier
                # one gave stay that unit's: the national list's bare `人民网` row keeps 中国共产党新闻网
                entry = replace(
                    entry,
                    aliases=tuple(dict.fromkeys((*entry.aliases, *earlier.aliases))),
                    domains=tuple(dict.fromkeys((*entry.domains, *earlier.domains))),
                )
            by_name[entry.name] = entry
        self.entries: list[SourceEntry] = list(by_name.values())
        owners: dict[str, SourceEntry] = {}
        for entry in self.entries:
            for alias in (entry.name, *entry.aliases):
                other = owners.setdefault(_key(alias), entry)
                if other.unit != entry.unit and other.name != entry.name:
                    raise ValueError(
                        f"source alias {alias!r} names both {other.name} ({other.origin}) "
                        f"and {entry.name} ({entry.origin})"
                    )
        self._names = PhraseIndex((alias, entry) for alias, entry in owners.items())
        self._hosts = {domain: entry for entry in self.entries for domain in entry.domains}

    @classmethod
    def load(
        cls,
        paths: Sequence[str | Path],
        categories: Sequence[str] = (),
        provinces: Sequence[str] = (),
    ) -> SourceTable:
        """Read tables in order (a city's table after the default one).

        `categories`, `provinces`: count only these national-list rows (empty: all of them); rows
        without a category are always kept.
        """
        entries: list[SourceEntry] = []
        for path in paths:
            for entry in read_source_table(path):
                if entry.category and categories and entry.category not in categories:
                    continue
                if entry.category and provinces and entry.province and entry.province not in provinces:
                    continue
                entries.append(entry)
        return cls(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def resolve(self, stated: str, dateline: bool = False) -> SourceEntry | None:
        """The entry a stated source names, or None when it names no approved unit.

        `dateline`: the name stood before 电/讯, so a place and a date may follow the unit.
        """
        key = normalise_name(stated)
        entry = self._resolve_key(key, dateline)
        if entry is None and key.startswith(_STATE) and len(key) > len(_STATE) + 1:
            # a central organ under the state's full name (中华人民共和国中央人民政府, …公安部)
            entry = self._resolve_key(key[len(_STATE) :], dateline)
            if entry is not None and entry.level != "central":
                entry = None
        return entry

    def _resolve_key(self, key: str, dateline: bool) -> SourceEntry | None:
        candidates = sorted(
            ((end, entry) for start, end, entry in self._names.find(key) if start == 0),
            key=lambda hit: -hit[0],
        )
        for end, entry in candidates:  # longest name first, then shorter ones
            tail = key[end:]
            if (
                _CHANNEL_TAIL.match(tail)
                or (dateline and _DATELINE_TAIL.match(tail))
                or (entry.kind == "government" and _SUB_UNIT_TAIL.match(tail))
            ):
                return entry
        return None

    def by_host(self, host: str) -> SourceEntry | None:
        """The entry whose domain is `host` or a parent of it (`www.news.cn` -> 新华社)."""
        labels = host.lower().rstrip(".").split(".")
        for i in range(len(labels) - 1):
            entry = self._hosts.get(".".join(labels[i:]))
            if entry is not None:
                return entry
        return None
