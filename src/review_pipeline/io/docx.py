"""Word drafts (.docx, python-docx): paragraphs and tables in body order, located by paragraph.

Every paragraph of the body (table cells included, in reading order) has a number starting at
1; a finding's `line` is that paragraph number and its `column` the character in it. The plain
text joins non-empty paragraphs with a blank line. A paragraph that reads
`<!-- review-pipeline: allow … -->` is an inline waiver, not text. Redaction edits runs in
place, so fonts, styles and tables survive.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from review_pipeline.io.draft import COMMENT, Directive, directive_body
from review_pipeline.io.errors import InputError
from review_pipeline.io.sourcemap import Piece, SourceMap, TextBuilder

TITLE_STYLES = {"title", "标题"}


def _open(data: bytes, name: str) -> Any:
    try:
        import docx
    except ImportError:  # pragma: no cover - the docx extra is not installed
        raise InputError(name, "reading .docx needs python-docx (pip install review-pipeline[docx])") from None
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(name, f"not a readable .docx file ({type(exc).__name__})") from None
    except Exception as exc:  # python-docx raises its own types for broken packages
        raise InputError(name, f"not a readable .docx file ({type(exc).__name__})") from None


def _iter_block(container: Any, seen: set[int]) -> Iterator[Any]:
    """Paragraphs of a body or cell in reading order, descending into tables (merged cells once)."""
    from docx.table import Table

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from _iter_block(cell, seen)
        else:
            yield item


def paragraphs(document: Any) -> list[Any]:
    """Every paragraph of the body in reading order."""
    return list(_iter_block(document, set()))


def _style_name(paragraph: Any) -> str:
    try:
        return str(paragraph.style.name or "").lower()
    except (AttributeError, KeyError):
        return ""


def parse_docx(data: bytes, name: str) -> tuple[str, SourceMap, list[Directive], str | None, SourceMap | None, str]:
    """(plain text, map, directives, title, title map, paragraph source) of a .docx draft."""
    document = _open(data, name)
    paras = paragraphs(document)
    texts = [p.text for p in paras]
    # One source line per paragraph: line breaks inside a paragraph must not shift the numbering.
    source = "\n".join(t.replace("\n", "\v") for t in texts)
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    builder, directives = TextBuilder(), []
    title, title_map = None, None
    for i, text in enumerate(texts):
        if not text.strip():
            continue
        comment = COMMENT.fullmatch(text.strip())
        body = directive_body(comment.group(1)) if comment else None
        if body is not None:
            directives.append(Directive(builder.length, i + 1, body))
            continue
        if title is None and builder.length == 0 and _style_name(paras[i]) in TITLE_STYLES:
            title = text
            title_map = SourceMap(source, [Piece(0, len(text), starts[i], starts[i] + len(text))])
            continue
        if builder.length:
            builder.insert("\n\n", starts[i])
        builder.substitute(text, starts[i], starts[i] + len(text))
    if title is None and (document.core_properties.title or "").strip():
        title = document.core_properties.title.strip()
        title_map = SourceMap.anchor(source, 0, len(title or ""))
    plain, smap = builder.build(source)
    return plain, smap, directives, title, title_map, source


def _runs(paragraph: Any) -> list[Any]:
    from docx.text.hyperlink import Hyperlink

    runs: list[Any] = []
    for item in paragraph.iter_inner_content():
        runs.extend(item.runs if isinstance(item, Hyperlink) else [item])
    return runs


def _replace_in_runs(paragraph: Any, start: int, end: int, replacement: str, name: str) -> None:
    """Replace characters [start, end) of `paragraph` with `replacement`, run by run."""
    runs = _runs(paragraph)
    if "".join(r.text for r in runs) != paragraph.text:
        raise InputError(name, "cannot redact: a paragraph holds content other than runs")
    pos, placed = 0, False
    for run in runs:
        text = run.text
        r_start, r_end = pos, pos + len(text)
        pos = r_end
        if r_end <= start or r_start >= end:
            continue
        cut_start, cut_end = max(start, r_start) - r_start, min(end, r_end) - r_start
        new = "" if placed else replacement
        placed = True
        run.text = text[:cut_start] + new + text[cut_end:]


def redact_docx(data: bytes, name: str, edits: list[tuple[int, int, int, str]], title: str | None) -> bytes:
    """The .docx with `edits` (paragraph index, start, end, replacement) applied, formatting kept."""
    document = _open(data, name)
    paras = paragraphs(document)
    # Right to left within a paragraph so earlier offsets stay valid.
    for index, start, end, replacement in sorted(edits, key=lambda e: (e[0], -e[1])):
        _replace_in_runs(paras[index], start, end, replacement, name)
    if title is not None and document.core_properties.title:
        document.core_properties.title = title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
