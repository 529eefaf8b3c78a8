"""A draft file as read: the Document plus what is needed to report on and rewrite the source."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from review_pipeline.io.sourcemap import SourceMap, TextBuilder
from review_pipeline.models import Document, Verdict

# `<!-- review-pipeline: allow RULE 理由：… -->`: the body after `review-pipeline:` is a directive.
COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)  # for one comment; `comments` finds them in a text
DIRECTIVE_PREFIX = re.compile(r"^\s*review-pipeline\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class Directive:
    """An inline `review-pipeline:` comment: where it was (plain-text offset, source line) and its body."""

    offset: int
    line: int
    body: str


@dataclass
class Draft:
    """A read draft. `source` is the decoded file (for docx, its paragraphs one a line)."""

    path: str
    format: str  # txt | md | html | docx
    document: Document
    text_map: SourceMap
    title_map: SourceMap | None = None
    directives: list[Directive] = field(default_factory=list)
    source: str = ""
    encoding: str = "utf-8"
    raw: bytes = b""

    def position(self, field_name: str, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the source file of `offset` into `field_name`."""
        if field_name == "title":
            return self.title_map.position(offset) if self.title_map else (1, 1)
        return self.text_map.position(offset)

    def end_position(self, field_name: str, start: int, end: int) -> tuple[int, int]:
        """1-based (line, column) in the source just after `[start, end)` of `field_name`."""
        if field_name == "title":
            return self.title_map.end_position(start, end) if self.title_map else (1, 1)
        return self.text_map.end_position(start, end)

    def locate(self, verdict: Verdict) -> Verdict:
        """`verdict` with every finding's line and column in the source file (offsets unchanged)."""
        findings = []
        for f in verdict.findings:
            line, column = self.position(f.field, f.start)
            findings.append(f.model_copy(update={"line": line, "column": column}))
        return verdict.model_copy(update={"findings": findings})


def comments(source: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str]]:
    """(start, end, inner text) of each `<!-- … -->` in `source[start:end]`, in linear time.

    `COMMENT.finditer` rescans to the end of the text from every unclosed `<!--` (quadratic on
    "<!--<!--<!--…"); once no `-->` follows, no later comment can close either."""
    end = len(source) if end is None else end
    pos = start
    while True:
        opening = source.find("<!--", pos, end)
        if opening < 0:
            return
        closing = source.find("-->", opening + 4, end)
        if closing < 0:
            return
        yield opening, closing + 3, source[opening + 4 : closing]
        pos = closing + 3


def directive_body(comment: str) -> str | None:
    """The directive of a comment's inner text, or None when it is an ordinary comment."""
    m = DIRECTIVE_PREFIX.match(comment)
    return comment[m.end() :].strip() if m else None


def line_of(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1


def add_directive(
    directives: list[Directive], builder: TextBuilder, source: str, start: int, inner: str
) -> None:
    """Record the comment at `source[start:]` when it is a review-pipeline directive."""
    body = directive_body(inner)
    if body is not None:
        directives.append(Directive(builder.length, line_of(source, start), body))
