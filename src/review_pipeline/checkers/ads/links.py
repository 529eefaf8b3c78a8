"""Shop and commercial links: URLs in text, mini-program paths, 淘口令, links in `Document.meta`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# Folded text is lower-case ASCII, so one lower-case pattern covers 'HTTPS://Item.Taobao.COM'.
# Linear time (issue 15.12): a host starts only where no label could have started just before it
# (not after a letter or digit, nor after "x."), and a label is at most 63 characters (RFC 1035),
# so a long run of letters, "a.a.a…" or "a-a-a…" is tried once per run, not once per character.
URL = re.compile(
    r"(?:https?://)?(?<![a-z0-9])(?<![a-z0-9]\.)((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,})"
    r"(/[^\s\u3000-\u303f\uff01-\uff0f，。！？；：、）)】”’\"'<>]*)?"
)
MINI_PROGRAM = re.compile(r"#小程序://([^/\s，。]+)(?:/[^\s，。]*)?")
# 淘口令: a code between currency-like marks that a shopping app opens, e.g. ￥AbCdE12￥.
SHOP_TOKEN = re.compile(r"[¥￥$€₤](?=[a-z0-9]*[a-z])[a-z0-9]{6,14}[¥￥$€₤]")
GOVERNMENT_HOST = re.compile(r"(?:^|\.)gov\.cn$")
# Characters without which a pattern cannot match: a URL needs a dot between ASCII labels, a
# mini-program its marker, a 淘口令 its currency sign. Most posts have none, and `str.find` in C
# is far cheaper than a regular expression tried at every offset (speed).
TOKEN_MARKS = "¥￥$€₤"


@dataclass(frozen=True, slots=True)
class LinkRule:
    """One line of shop_links.txt: a host (or host/path) pattern and what it means."""

    pattern: str
    kind: str  # shop | short | shop_path | store_word
    source: str


@dataclass(frozen=True, slots=True)
class LinkHit:
    start: int
    end: int
    kind: str  # shop | short
    source: str
    host: str


class LinkMatcher:
    """Classifies links against the shop, short-link and mini-program rules."""

    def __init__(self, rules: list[LinkRule]) -> None:
        self._hosts = [r for r in rules if r.kind in ("shop", "short")]
        self._paths = [r for r in rules if r.kind == "shop_path"]
        self._store_words = [r for r in rules if r.kind == "store_word"]

    def classify(self, host: str, path: str) -> tuple[str, str] | None:
        """(kind, source) for a link, or None when it is not a shop or short link."""
        host = host.lower().removeprefix("www.")
        if GOVERNMENT_HOST.search(host):
            return None
        target = host + path.lower()
        for rule in self._hosts:
            domain, _, rule_path = rule.pattern.partition("/")
            if (host == domain or host.endswith("." + domain)) and path.lower().startswith(
                "/" + rule_path if rule_path else ""
            ):
                return rule.kind, rule.source
        for rule in self._paths:
            if path and rule.pattern in target[len(host) :]:
                return "shop", rule.source
        return None

    def find(self, folded: str) -> Iterator[LinkHit]:
        """Shop links, short links, shop mini-programs and shop tokens in folded text."""
        urls = URL.finditer(folded) if _may_hold_url(folded) else ()
        for m in urls:
            if _inside_email(folded, m.start()):
                continue
            found = self.classify(m.group(1), m.group(2) or "")
            if found:
                yield LinkHit(m.start(), m.end(), found[0], found[1], m.group(1))
        for m in MINI_PROGRAM.finditer(folded) if "小程序" in folded else ():
            name = m.group(1)
            for rule in self._store_words:
                if rule.pattern in name:
                    yield LinkHit(m.start(), m.end(), "shop", rule.source, "小程序")
                    break
        tokens = SHOP_TOKEN.finditer(folded) if any(c in folded for c in TOKEN_MARKS) else ()
        for m in tokens:
            yield LinkHit(m.start(), m.end(), "shop", "pattern:淘口令", "口令")


def _may_hold_url(text: str) -> bool:
    """Whether some dot sits between an ASCII letter or digit and an ASCII letter (a.b)."""
    dot = text.find(".", 1)
    while dot != -1:
        if (
            dot + 1 < len(text)
            and text[dot - 1].isascii()
            and text[dot - 1].isalnum()
            and (text[dot + 1].isascii() and text[dot + 1].isalpha())
        ):
            return True
        dot = text.find(".", dot + 1)
    return False


def _inside_email(text: str, start: int) -> bool:
    return start > 0 and text[start - 1] == "@"


def meta_urls(meta: Any, key: str = "meta") -> Iterator[tuple[str, str, str]]:
    """(key path, host, path) of every URL in any string value of `meta`, nested included."""
    if isinstance(meta, dict):
        for k, v in meta.items():
            yield from meta_urls(v, f"{key}.{k}")
    elif isinstance(meta, list | tuple):
        for i, v in enumerate(meta):
            yield from meta_urls(v, f"{key}[{i}]")
    elif isinstance(meta, str):
        for m in URL.finditer(meta.lower()):
            yield key, m.group(1), m.group(2) or ""
