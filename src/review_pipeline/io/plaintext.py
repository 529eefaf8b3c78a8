"""Plain-text drafts: the text is the file, minus `<!-- -->` comments (which hold waivers)."""

from __future__ import annotations

from review_pipeline.io.draft import COMMENT, Directive, add_directive
from review_pipeline.io.sourcemap import SourceMap, TextBuilder


def strip_comments(source: str, start: int = 0, end: int | None = None) -> tuple[TextBuilder, list[Directive]]:
    """Copy `source[start:end]` verbatim except comments; collect review-pipeline directives."""
    end = len(source) if end is None else end
    builder, directives = TextBuilder(), list[Directive]()
    pos = start
    for m in COMMENT.finditer(source, start, end):
        builder.copy(source, pos, m.start())
        add_directive(directives, builder, source, m.start(), m.group(1))
        pos = m.end()
    builder.copy(source, pos, end)
    return builder, directives


def parse_text(source: str) -> tuple[str, SourceMap, list[Directive]]:
    """(plain text, its source map, directives) of a .txt draft."""
    builder, directives = strip_comments(source)
    text, smap = builder.build(source)
    return text, smap, directives
