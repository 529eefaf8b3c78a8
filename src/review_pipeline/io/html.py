"""HTML drafts (WeChat articles): title from og:title / <h1> / <title>, body text mapped back.

The stdlib `html.parser` is used rather than selectolax or BeautifulSoup because it reports the
source position of every tag and text run, which is what exact line/column mapping needs.
Scripts, styles and other invisible elements are skipped; block elements become blank lines
(paragraphs), `<br>` a line break; runs of whitespace inside text collapse to one space.

Text a reader sees outside the body is reviewed too, as part of the text with exact offsets
into the source: the share-card description (`description`, `og:description`,
`twitter:description`, one paragraph each at the start) and the `alt` and `title` attributes
of elements in the body (a line of their own where the element stands).
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from review_pipeline.io.draft import Directive, directive_body
from review_pipeline.io.sourcemap import SourceMap, TextBuilder

SKIP = {"script", "style", "head", "noscript", "template", "svg", "iframe", "object", "title"}
BLOCK = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "blockquote", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "tr", "td", "th", "figure",
    "figcaption", "hr", "dl", "dt", "dd", "address", "nav", "form",
}  # fmt: skip
VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr", "col", "area", "base", "embed", "param", "track"}
# <meta> whose content a reader sees (the summary under a shared link), and attributes shown as text
DESCRIPTION_META = ("description", "og:description", "twitter:description")
VISIBLE_ATTRIBUTES = ("alt", "title")
_SPACE = re.compile(r"\s+")
_ATTRIBUTE = re.compile(r"""([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_INERT = "\ufffc"  # stands in for a '<' that cannot open a tag (see `parse_html`)


class _Extractor(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.builder = TextBuilder()
        self.directives: list[Directive] = []
        self.skip_depth = 0
        self.stack: list[str] = []
        self.og_title: tuple[str, int] | None = None
        self.title_tag: tuple[str, int] | None = None
        self.h1: tuple[str, int, int, int] | None = None  # text, src offset, doc start, doc end
        self._h1_open: tuple[int, int] | None = None
        self._title_open: int | None = None
        self._title_parts: list[str] = []

    def _src_offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _break(self, text: str) -> None:
        """End the current block: make sure the text ends with `text` ('\\n' or '\\n\\n')."""
        if self.builder.length == 0:
            return
        have = len(self.builder.tail(2)) - len(self.builder.tail(2).rstrip("\n"))
        if have < len(text):
            self.builder.insert("\n" * (len(text) - have), self._src_offset())

    def _attribute_span(self, at: int, name: str) -> tuple[int, int] | None:
        """Source span of the value of attribute `name` in the start tag at `at`."""
        raw = self.get_starttag_text() or ""
        for m in _ATTRIBUTE.finditer(raw, 1 + len(raw[1:].split(None, 1)[0]) if raw[1:].strip() else 1):
            if m.group(1).lower() == name:
                group = next((g for g in (2, 3, 4) if m.group(g) is not None), None)
                return (at + m.start(group), at + m.end(group)) if group else None
        return None

    def _visible_value(self, at: int, name: str, value: str, paragraph: str) -> None:
        """Add an attribute's value to the text as a block of its own (`paragraph`: its breaks)."""
        if not value.strip():
            return
        self._break(paragraph)
        span = self._attribute_span(at, name)
        if span is None:
            self.builder.insert(value, at)
        elif self.source[span[0] : span[1]] == value:
            self.builder.copy(self.source, *span)
        else:  # entities or collapsed whitespace in the source: the value stands for the span
            self.builder.substitute(value, *span)
        self._break(paragraph)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = self._src_offset()
        if tag == "meta":
            attr = dict(attrs)
            kind = attr.get("property") or attr.get("name")
            if kind in ("og:title", "twitter:title") and attr.get("content"):
                self.og_title = self.og_title or (unescape(attr["content"] or ""), at)
            content = attr.get("content") or ""
            if (kind or "").lower() in DESCRIPTION_META:  # each one: a copy left unreviewed is published too
                self._visible_value(at, "content", content, "\n\n")
        if tag == "title" and self.title_tag is None:
            self._title_open, self._title_parts = at, []
        if tag not in VOID:
            self.stack.append(tag)
            if tag in SKIP:
                self.skip_depth += 1
        if self.skip_depth:
            return
        if tag in BLOCK:
            self._break("\n\n")
        elif tag == "br" and self.builder.length:
            self.builder.insert("\n", at)
        if tag == "h1" and self.h1 is None:
            self._h1_open = (at, self.builder.length)
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self._visible_value(at, name, value, "\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if open_tag in SKIP:
                self.skip_depth -= 1
            if open_tag == tag:
                break
        if tag == "title" and self._title_open is not None and self.title_tag is None:
            self.title_tag = ("".join(self._title_parts).strip(), self._title_open)
        if self.skip_depth:
            return
        if tag == "h1" and self._h1_open is not None and self.h1 is None:
            src, doc_start = self._h1_open
            text = "".join(self.builder.parts)[doc_start:] if self.builder.length > doc_start else ""
            self.h1 = (text.strip(), src, doc_start, self.builder.length)
            if self.og_title is None or self.og_title[0].strip() == text.strip():
                # The heading is the title (reviewed as `title`): keep it out of the body.
                self.builder.truncate(doc_start)
        if tag in BLOCK:
            self._break("\n\n")

    def _text(self, raw: str, text: str) -> None:
        """A run of `raw` source characters standing for `text`."""
        at = self._src_offset()
        if raw == text:  # read from the source: the parser was fed `_INERT` for some '<'
            raw = text = self.source[at : at + len(raw)]
        if self.stack and self.stack[-1] == "title":
            self._title_parts.append(text)
        if self.skip_depth:
            return
        if raw == text:
            self._data(raw, at)
        else:
            self.builder.substitute(text, at, at + len(raw))

    def _data(self, raw: str, at: int) -> None:
        pos = 0
        for m in _SPACE.finditer(raw):
            self.builder.copy(self.source, at + pos, at + m.start())
            tail = self.builder.tail(1)
            if tail and tail not in "\n ":
                self.builder.substitute(" ", at + m.start(), at + m.end())
            pos = m.end()
        self.builder.copy(self.source, at + pos, at + len(raw))

    def handle_data(self, data: str) -> None:
        self._text(data, data)

    def handle_entityref(self, name: str) -> None:
        self._text(f"&{name};", unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._text(f"&#{name};", unescape(f"&#{name};"))

    def handle_comment(self, data: str) -> None:
        body = directive_body(data)
        if body is not None:
            line, _ = self.getpos()
            self.directives.append(Directive(self.builder.length, line, body))


def parse_html(source: str) -> tuple[str, SourceMap, list[Directive], str | None, SourceMap | None]:
    """(plain text, source map, directives, title, title map) of an HTML draft."""
    ex = _Extractor(source)
    # html.parser rescans to the end of the text from every '<' that no '>' closes (quadratic
    # on "<a b<a b<a b…", issue 15.12). After the last '>' no '<' can open anything: the parser
    # gets an inert stand-in of the same length, and text is copied from the source itself.
    last = source.rfind(">") + 1
    fed = source[:last] + source[last:].replace("<", _INERT) if "<" in source[last:] else source
    ex.feed(fed)
    ex.close()
    text, smap = ex.builder.build(source)
    title, title_map = None, None
    if ex.og_title and ex.og_title[0].strip():
        title = ex.og_title[0].strip()
        title_map = SourceMap.anchor(source, ex.og_title[1], len(title))
    elif ex.h1 and ex.h1[0]:
        title = ex.h1[0]
        title_map = SourceMap.anchor(source, ex.h1[1], len(title))
    elif ex.title_tag and ex.title_tag[0]:
        title = ex.title_tag[0]
        title_map = SourceMap.anchor(source, ex.title_tag[1], len(title))
    return text.rstrip(), smap, ex.directives, title, title_map
