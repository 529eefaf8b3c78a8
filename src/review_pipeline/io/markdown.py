"""Markdown drafts: YAML front matter -> Document fields; the body without markup, mapped back.

Only markup that would hide words from a checker is removed (heading, quote and list markers,
emphasis, code ticks, inline tags, link syntax); the words themselves are copied verbatim so
offsets map exactly to the source. A link keeps its text and its URL (ads rules look at URLs).

Front-matter keys that are not Document fields stay in `Document.meta`; those a reader sees
(`summary`, `description`, `subtitle`, `tags`, … : every string value except the machine keys in
`MACHINE_KEYS` and bare links) are also reviewed, as paragraphs at the start of the text, each
mapped to where its value is written in the front matter (issue 15.16).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from review_pipeline.io.draft import Directive, add_directive, comments
from review_pipeline.io.errors import InputError
from review_pipeline.io.sourcemap import Piece, SourceMap, TextBuilder
from review_pipeline.limits import LimitError, safe_yaml

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# Front matter keys that are Document fields; anything else goes to Document.meta.
DOCUMENT_KEYS = ("title", "id", "account", "kind", "source", "original_title", "disclosure", "published_at")
# Keys a site generator or this library reads, never shown to a reader as prose.
MACHINE_KEYS = frozenset({
    "layout", "slug", "permalink", "url", "link", "source_url", "aliases", "template", "draft", "date",
    "lastmod", "updated", "expirydate", "weight", "lang", "language", "type", "tier", "cover", "image",
    "thumbnail", "banner", "canonical", "redirect", "css", "js", "toc", "comments", "sitemap",
})  # fmt: skip
_BARE_LINK = re.compile(r"\A\s*(?:[a-z][a-z0-9+.-]*:|/|\./|\.\./)\S*\s*\Z", re.IGNORECASE)

_BLOCK_PREFIX = re.compile(r"(?:[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+))+")
_RULE = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"[ \t]{0,3}(```|~~~)")
_HEADING_TAIL = re.compile(r"[ \t]+#+[ \t]*$")
# Inline syntax: links/images, autolinks, tags, escapes, emphasis and code markers. No part may
# run over the character that opens another one (`[`, `<`): otherwise every unclosed opener
# rescans the rest of the line, quadratic on "[[[[…" or "<a<a<a…" (issue 15.12).
_INLINE = re.compile(
    r"(?P<link>!?\[(?P<label>[^\[\]\n]*)\]\((?P<url>[^)\s\[\]]*)(?:[ \t]+\"[^\"\n]*\")?\))"
    r"|<(?P<auto>(?:https?|mailto):[^<>\s]+)>"
    r"|(?P<tag></?[A-Za-z][^<>\n]*>)"
    r"|\\(?P<escaped>[\\`*_{}\[\]()#+\-.!~<>|])"
    r"|(?P<marker>\*{1,3}|~~|`+|__)"
)


def split_front_matter(source: str, name: str) -> tuple[dict[str, Any], int, int]:
    """(front matter mapping, offset where the front matter text starts, offset of the body)."""
    m = FRONT_MATTER.match(source)
    if not m:
        return {}, 0, 0
    try:
        data = safe_yaml(m.group(1) or "")[0] or {}
    except LimitError as exc:
        raise InputError(name, f"front matter: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise InputError(name, f"invalid YAML front matter{where}") from None
    if not isinstance(data, dict):
        raise InputError(name, "front matter must be a YAML mapping")
    return data, m.start(1) if m.group(1) else m.end(), m.end()


def front_matter_fields(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(Document keyword fields, the rest for `meta`)."""
    fields = {k: data[k] for k in DOCUMENT_KEYS if data.get(k) is not None}
    for key in ("title", "id", "account", "source", "original_title"):
        if key in fields:
            fields[key] = str(fields[key])
    meta = {str(k): v for k, v in data.items() if k not in DOCUMENT_KEYS}
    return fields, meta


def visible_values(fm_text: str, data: dict[str, Any]) -> list[tuple[str, int, int]]:
    """(value, start, end in `fm_text`) of every front-matter string a reader sees, in order.

    Spans come from the YAML nodes, so a quoted, folded or escaped value maps to exactly the
    characters that write it; lists (tags) give one entry per item."""
    try:
        root = yaml.compose(fm_text)
    except yaml.YAMLError:  # pragma: no cover - safe_load already accepted it
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    out: list[tuple[str, int, int]] = []
    for key_node, value_node in root.value:
        key = str(key_node.value)
        if key in DOCUMENT_KEYS or key.lower() in MACHINE_KEYS or not isinstance(data.get(key), str | list):
            continue
        nodes = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for node in nodes:
            if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
                continue
            value = str(node.value).strip()
            if value.strip() and not _BARE_LINK.match(value):
                out.append((value, node.start_mark.index, node.end_mark.index))
    return out


def _front_matter_text(builder: TextBuilder, source: str, fm_start: int, values: list[tuple[str, int, int]]) -> None:
    """Each visible value as a paragraph, copied verbatim when the source writes it plainly."""
    for value, start, end in values:
        start, end = fm_start + start, fm_start + end
        at = source.find(value, start, end)
        if at >= 0:
            builder.copy(source, at, at + len(value))
        else:  # quoted with escapes, folded or block scalar: the value stands for its whole span
            builder.substitute(value, start, end)
        builder.insert("\n\n", end)


def title_anchor(source: str, fm_start: int, fm_end: int, title: str) -> SourceMap:
    """Where the front matter `title:` value sits (verbatim when written plainly)."""
    m = re.compile(r"^title[ \t]*:[ \t]*(['\"]?)", re.MULTILINE).search(source, fm_start, fm_end)
    if not m:
        return SourceMap.anchor(source, fm_start, len(title))
    at = m.end()
    if source.startswith(title, at):
        return SourceMap(source, [Piece(0, len(title), at, at + len(title))])
    return SourceMap.anchor(source, at, len(title))


def _inline(builder: TextBuilder, source: str, start: int, end: int) -> None:
    pos = start
    for m in _INLINE.finditer(source, start, end):
        builder.copy(source, pos, m.start())
        if m.group("link"):
            builder.copy(source, m.start("label"), m.end("label"))
            if m.group("url") and not m.group("link").startswith("!"):
                builder.insert(" ", m.start("url"))
                builder.copy(source, m.start("url"), m.end("url"))
        elif m.group("auto"):
            builder.copy(source, m.start("auto"), m.end("auto"))
        elif m.group("escaped"):
            builder.copy(source, m.start("escaped"), m.end("escaped"))
        pos = m.end()
    builder.copy(source, pos, end)


class _BodyConverter:
    """Markdown body -> plain text, one source line at a time."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.builder = TextBuilder()
        self.directives: list[Directive] = []
        self.in_fence = False

    def segment(self, start: int, end: int) -> None:
        """Convert `source[start:end]` (no comments inside), line by line."""
        pos = start
        while pos < end:
            nl = self.source.find("\n", pos, end)
            line_end = end if nl == -1 else nl
            self.line(pos, line_end, at_line_start=pos == 0 or self.source[pos - 1] == "\n")
            if nl == -1:
                break
            self.builder.copy(self.source, nl, nl + 1)
            pos = nl + 1

    def line(self, start: int, end: int, at_line_start: bool) -> None:
        src = self.source
        if at_line_start and _FENCE.match(src, start, end):
            self.in_fence = not self.in_fence
            return
        if self.in_fence:
            self.builder.copy(src, start, end)
            return
        if at_line_start:
            if _RULE.match(src, start, end):
                return
            m = _BLOCK_PREFIX.match(src, start, end)
            if m:
                heading = "#" in src[m.start() : m.end()]
                start = m.end()
                tail = _HEADING_TAIL.search(src, start, end) if heading else None
                end = tail.start() if tail else end
        _inline(self.builder, src, start, end)


def parse_markdown(source: str, name: str) -> tuple[str, SourceMap, list[Directive], dict[str, Any], SourceMap | None]:
    """(plain text, source map, directives, Document fields incl. meta, title map) of a .md draft."""
    data, fm_start, body = split_front_matter(source, name)
    fields, meta = front_matter_fields(data)
    if meta:
        fields["meta"] = meta
    conv = _BodyConverter(source)
    fm = FRONT_MATTER.match(source)
    if meta and fm and fm.group(1):
        _front_matter_text(conv.builder, source, fm_start, visible_values(fm.group(1), data))
    pos = body
    for c_start, c_end, inner in comments(source, body):
        conv.segment(pos, c_start)
        add_directive(conv.directives, conv.builder, source, c_start, inner)
        pos = c_end
    conv.segment(pos, len(source))
    text, smap = conv.builder.build(source)
    title_map = title_anchor(source, fm_start, body, fields["title"]) if "title" in fields else None
    return text, smap, conv.directives, fields, title_map
