"""Gambling-platform compounds: a brand written with product and access words (PG电子, AG娱乐平台
招商官方网站, RAYBETapp官网, 球盟会官网入口), the way hijacked pages and SEO spam name a betting
site, found by their structure rather than by a list of brands (brands change faster than lists).

A compound is a NAME followed by a CHAIN of words from `lexicons/sensitive/platform_words.tsv`
(roles: kind, casino, access, official). The NAME is a Latin/digit token (pg, ag, raybet, 365)
or the Chinese characters before the chain. Legal names (体育彩票, 电子竞技) take no part.

- strong (reported alone): a Latin/digit name with a casino word, with a kind word and one more
  word, or with two access words; any name with a kind word and an official-site word (开云体育
  官网); any name with two official-site words (球盟会官网入口);
- weak: a Latin/digit name with one kind word (pg电子), or any name with two chain words or more
  (完美电竞平台); reported only when the field holds two different weak compounds, one of them
  with a Latin/digit name and one with two chain words (news names real apps as 腾讯体育app、
  咪咕体育app, and techniques as LED电子屏、AI体育课).

Basis: 刑法 art. 303 and art. 287-1 (publishing gambling information online), 网络安全法 art. 12;
the regulation's article 18.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from review_pipeline.lexicon import read_lexicon
from review_pipeline.text.fold import fold

ROLES = ("kind", "casino", "access", "official", "allow")
_CJK = re.compile(r"[\u3400-\u9fff]")
_NAME_CHARS = 3  # Chinese characters before a chain shown as its name (the span's start)


@dataclass(frozen=True)
class Compound:
    """One name + chain, in offsets of the folded field."""

    start: int
    end: int
    text: str
    strong: bool
    latin: bool  # named by a Latin/digit token (pg, ag, 365), not by Chinese characters
    words: int  # platform words in its chain


class PlatformCompounds:
    """The compound finder of one word table."""

    def __init__(self, words: Sequence[tuple[str, str]]) -> None:
        self.roles: dict[str, str] = {}
        for word, role in words:
            if role not in ROLES:
                raise ValueError(f"platform word {word!r}: unknown role {role!r}")
            self.roles[fold(word)] = role
        chain_words = sorted((w for w, r in self.roles.items() if r != "allow"), key=len, reverse=True)
        allowed = sorted((w for w, r in self.roles.items() if r == "allow"), key=len, reverse=True)
        self._allow = re.compile("|".join(map(re.escape, allowed))) if allowed else None
        word = "|".join(map(re.escape, chain_words))
        # a chain of platform words; the Latin/digit token right before it (lazy, so "raybetapp官网"
        # is raybet + app + 官网) is the name when there is one
        # the look-ahead on the words' first characters lets the engine skip every other position
        # (a bare alternation tries each word at each character: 3x slower on 1 KB posts)
        firsts = re.escape("".join(sorted({w[0] for w in chain_words})))
        self._chain = re.compile(rf"(?=[{firsts}])(?:{word})+") if chain_words else None
        self._word = re.compile(word) if chain_words else None
        self._latin = re.compile(r"(?<![a-z0-9])(?:[a-z][a-z0-9]{1,11}|[0-9]{3,4}|[0-9]{1,3}[a-z][a-z0-9]{0,8})$")

    @classmethod
    def from_files(cls, paths: Sequence[str]) -> PlatformCompounds:
        return cls([(line.cells[0], line.cells[1]) for path in paths for line in read_lexicon(path, min_cells=2, max_cells=2)])

    def __bool__(self) -> bool:
        return self._chain is not None

    def find(self, folded: str) -> list[Compound]:
        """The compounds to report in one folded field (none unless one is strong or two different
        weak ones occur)."""
        if self._chain is None:
            return []
        text = self._allow.sub(lambda m: "\x00" * len(m.group()), folded) if self._allow else folded
        strong: list[Compound] = []
        weak: list[Compound] = []
        for m in self._chain.finditer(text):
            compound = self._compound(text, m.start(), m.end())
            if compound is not None:
                (strong if compound.strong else weak).append(compound)
        # two different weak compounds, one with a Latin brand and one with a chain of two words
        # (pg电子 … 完美电竞平台); two Chinese-named ones are how news names real apps and platforms
        # (腾讯体育app、咪咕体育app; 智慧体育平台), two one-word ones how it names techniques (LED电子屏、AI体育课)
        if len({c.text for c in weak}) >= 2 and any(c.latin for c in weak) and any(c.words >= 2 for c in weak):
            strong += weak
        return sorted(strong, key=lambda c: c.start)

    def _compound(self, text: str, start: int, end: int) -> Compound | None:
        assert self._word is not None
        chain = self._word.findall(text, start, end)
        roles = [self.roles[w] for w in chain]
        name = self._latin.search(text, max(0, start - 12), start)
        if name is not None and name.group() in self.roles:  # "app下载注册": a chain word is no name
            name = None
        if name is None and not (start > 0 and _CJK.match(text, start - 1)):
            return None  # a chain with no name before it (下载注册, a line starting with 官网)
        official, casino = roles.count("official"), roles.count("casino")  # (list.count: C speed per chain)
        kinds = roles.count("kind") + casino
        access = roles.count("access") + official
        if name is not None:
            strong = casino > 0 or (kinds >= 1 and len(chain) >= 2) or access >= 2
            weak = kinds >= 1 or len(chain) >= 2
            first = name.start()
        else:
            strong = (kinds >= 1 and official >= 1) or official >= 2
            weak = len(chain) >= 2
            first = start
            while first > max(0, start - _NAME_CHARS) and _CJK.match(text, first - 1):
                first -= 1
        if not (strong or weak):
            return None
        return Compound(first, end, text[first:end], strong, name is not None, len(chain))
