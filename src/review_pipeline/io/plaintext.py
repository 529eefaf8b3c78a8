"""Plain-text drafts: the text is the file, minus `review-pipeline:` directive comments.

A .txt draft is published as written, so an ordinary `<!-- … -->` comment is text a reader sees
and stays in the reviewed text (issue 15.16); only the directives (waivers) are taken out.
"""

from __future__ import annotations

from review_pipeline.io.draft import Directive, add_directive, comments, directive_body
from review_pipeline.io.sourcemap import SourceMap, TextBuilder


def strip_directives(source: str, start: int = 0, end: int | None = None) -> tuple[TextBuilder, list[Directive]]:
    """Copy `source[start:end]` verbatim except directive comments, which are collected."""
    end = len(source) if end is None else end
    builder, directives = TextBuilder(), list[Directive]()
    pos = start
    for c_start, c_end, inner in comments(source, start, end):
        if directive_body(inner) is None:
            continue  # an ordinary comment: visible in a .txt, copied with the text around it
        builder.copy(source, pos, c_start)
        add_directive(directives, builder, source, c_start, inner)
        pos = c_end
    builder.copy(source, pos, end)
    return builder, directives


def parse_text(source: str) -> tuple[str, SourceMap, list[Directive]]:
    """(plain text, its source map, directives) of a .txt draft."""
    builder, directives = strip_directives(source)
    text, smap = builder.build(source)
    return text, smap, directives
