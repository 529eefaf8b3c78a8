"""Write the de-identified copy of a draft in its own format (docx keeps its formatting).

The edits are the differences between the document and the verdict's `redacted` text; each is
mapped back to the source through the draft's source map. The copy is then read back and must
give exactly the redacted text, or nothing is written (fail closed: no personal data may
survive in a file called redacted).
"""

from __future__ import annotations

import difflib
import html
import re

from review_pipeline.io.draft import Draft
from review_pipeline.io.errors import InputError
from review_pipeline.io.sourcemap import SourceMap
from review_pipeline.models import Redacted

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#<>~])")
Edit = tuple[int, int, str]  # start, end (plain-text offsets), replacement


def edits(original: str, redacted: str) -> list[Edit]:
    """The replacements that turn `original` into `redacted`."""
    if original == redacted:
        return []
    matcher = difflib.SequenceMatcher(None, original, redacted, autojunk=False)
    return [(i1, i2, redacted[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


def _source_edits(draft: Draft, smap: SourceMap, field_text: str, changes: list[Edit]) -> list[Edit]:
    out = []
    for start, end, replacement in changes:
        s, e = smap.source_span(start, end)
        wanted = field_text[start:end]
        found = draft.source[s:e]
        if draft.format == "html":
            found, replacement = html.unescape(found), html.escape(replacement, quote=False)
        elif draft.format == "md" and s >= _front_matter_end(draft.source):
            # a mask such as 138****8000 must not turn into emphasis (front matter is YAML, not Markdown)
            replacement = _MD_SPECIAL.sub(r"\\\1", replacement)
        if found != wanted:
            raise InputError(draft.path, "cannot map a de-identified span back to the source; no copy written")
        out.append((s, e, replacement))
    return out


def _front_matter_end(source: str) -> int:
    from review_pipeline.io.markdown import FRONT_MATTER

    m = FRONT_MATTER.match(source)
    return m.end() if m else 0


def _apply(source: str, changes: list[Edit]) -> str:
    for start, end, replacement in sorted(changes, key=lambda c: (c[0], c[1]), reverse=True):
        source = source[:start] + replacement + source[end:]
    return source


def _title_everywhere(source: str, title: str, changes: list[Edit], escape: bool) -> str:
    """A title with no exact map (og:title, <title>): replace its de-identified parts wherever written."""
    for start, end, replacement in changes:
        old = title[start:end]
        if not old.strip():
            raise InputError("title", "cannot map a de-identified title span back to the source")
        if escape:
            source = source.replace(html.escape(old, quote=True), html.escape(replacement, quote=True))
            source = source.replace(html.escape(old, quote=False), html.escape(replacement, quote=False))
        source = source.replace(old, replacement)
    return source


def redact_draft(draft: Draft, redacted: Redacted | None) -> bytes:
    """The draft's bytes with the de-identified text in place of the original."""
    if redacted is None:
        return draft.raw
    doc = draft.document
    text_changes = edits(doc.text, redacted.text)
    title_changes = edits(doc.title or "", redacted.title or "") if doc.title else []
    if draft.format == "docx":
        data = _redact_docx(draft, text_changes, title_changes, redacted)
    else:
        changes = _source_edits(draft, draft.text_map, doc.text, text_changes)
        exact_title = draft.title_map is not None and _maps_exactly(draft, title_changes)
        if exact_title and draft.title_map is not None:
            changes += _source_edits(draft, draft.title_map, doc.title or "", title_changes)
        source = _apply(draft.source, changes)
        if title_changes and not exact_title:
            source = _title_everywhere(source, doc.title or "", title_changes, draft.format == "html")
        data = source.encode(draft.encoding)
    _verify(draft, data, redacted)
    return data


def _maps_exactly(draft: Draft, changes: list[Edit]) -> bool:
    try:
        assert draft.title_map is not None
        _source_edits(draft, draft.title_map, draft.document.title or "", changes)
        return True
    except InputError:
        return False


def _redact_docx(draft: Draft, text_changes: list[Edit], title_changes: list[Edit], redacted: Redacted) -> bytes:
    from review_pipeline.io.docx import redact_docx

    line_starts = [0] + [i + 1 for i, c in enumerate(draft.source) if c == "\n"]
    paragraph_edits = []
    maps = [(draft.text_map, draft.document.text, text_changes)]
    core_title = None
    if title_changes and draft.title_map is not None and _maps_exactly(draft, title_changes):
        maps.append((draft.title_map, draft.document.title or "", title_changes))
    elif title_changes:
        core_title = redacted.title
    for smap, _field, changes in maps:
        for s, e, replacement in _source_edits(draft, smap, _field, changes):
            index = max(i for i, ls in enumerate(line_starts) if ls <= s)
            if draft.source.find("\n", s, e) != -1:
                raise InputError(draft.path, "a de-identified span crosses paragraphs; no copy written")
            paragraph_edits.append((index, s - line_starts[index], e - line_starts[index], replacement))
    return redact_docx(draft.raw, draft.path, paragraph_edits, core_title)


def _verify(draft: Draft, data: bytes, redacted: Redacted) -> None:
    from review_pipeline.io.readers import draft_from_bytes

    again = draft_from_bytes(data, draft.path, draft.format).document
    if again.text != redacted.text or (draft.document.title and again.title != redacted.title):
        raise InputError(draft.path, "the redacted copy does not read back as the de-identified text; no copy written")
