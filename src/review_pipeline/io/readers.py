"""Read draft files (txt, md, html, docx) into Documents, with a map back to the source.

`read_draft` / `draft_from_bytes` give a `Draft` (document, source map, inline directives);
`read_document` / `document_from_bytes` give just the `Document` (the batch scanner uses them).
The format follows the file suffix. Anything that cannot be read as a draft (binary,
undecodable, oversize, unknown type, bad front matter) raises `InputError` naming the file.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from review_pipeline.io.draft import Draft
from review_pipeline.io.errors import InputError
from review_pipeline.models import Document

MAX_BYTES = 20 * 1024 * 1024  # a post is kilobytes; anything this large is not a draft
FORMATS = {
    ".txt": "txt", ".text": "txt", "": "txt",
    ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html",
    ".docx": "docx",
}  # fmt: skip
SUFFIXES = tuple(s for s in FORMATS if s)
_CONTROL = {c for c in range(32) if chr(c) not in "\t\n\r\f\v"}


def detect_encoding(data: bytes, name: str) -> str:
    """`utf-8-sig` (BOM), `utf-16` (BOM: Notepad's "Unicode"), `utf-8` or `gb18030`; binary or
    undecodable input is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 has NUL bytes: decide before the binary test
        candidates: tuple[str, ...] = ("utf-16", "utf-8", "gb18030")
    elif b"\x00" in data[:8192]:
        raise InputError(name, "binary file, not a text draft")
    else:
        candidates = ("utf-8-sig",) if data.startswith(b"\xef\xbb\xbf") else ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not _plausible_utf16(text):
            continue
        # GB18030 decodes most byte soup; control characters give binary data away.
        sample = text[:8192]
        if sample and sum(ord(c) in _CONTROL for c in sample) > max(2, len(sample) // 100):
            raise InputError(name, "binary file, not a text draft")
        return encoding
    raise InputError(name, "cannot decode as UTF-8, UTF-16 (with BOM) or GB18030")


def _plausible_utf16(text: str) -> bool:
    """Byte soup after an FF FE pair also decodes as UTF-16: real text has no second BOM and no
    unassigned, private-use or surrogate code points."""
    sample = text[:8192]
    return "\ufeff" not in sample and "\ufffe" not in sample and not any(
        unicodedata.category(c) in ("Cn", "Co", "Cs") for c in sample
    )


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030; binary input is refused."""
    return data.decode(detect_encoding(data, name))


def read_bytes(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > limit:
            raise InputError(str(p), f"file is {size} bytes, over the {limit}-byte limit")
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(str(p), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(p), "is a directory") from None
    except PermissionError:
        raise InputError(str(p), "permission denied") from None


def format_of(name: str) -> str:
    """`txt`, `md`, `html` or `docx` from the file suffix, else an `InputError`."""
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(SUFFIXES)
        raise InputError(name, f"unknown file type {suffix!r} (known: {known})")
    return FORMATS[suffix]


def _document(name: str, text: str, fields: dict[str, Any]) -> Document:
    fields.setdefault("id", name)
    try:
        return Document(text=text, **fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(map(str, err["loc"]))
        raise InputError(name, f"front matter {key}: {err['msg']}") from None


def draft_from_bytes(data: bytes, name: str, fmt: str | None = None) -> Draft:
    """A Draft from a file's bytes; `fmt` (else the suffix of `name`) picks the reader."""
    if len(data) > MAX_BYTES:
        raise InputError(name, f"{len(data)} bytes, over the {MAX_BYTES}-byte limit")
    fmt = fmt or format_of(name)
    if fmt == "docx":
        from review_pipeline.io.docx import parse_docx

        text, smap, directives, title, title_map, source = parse_docx(data, name)
        doc = _document(name, text, {"title": title} if title else {})
        return Draft(name, fmt, doc, smap, title_map, directives, source, "docx", data)
    encoding = detect_encoding(data, name)
    source = data.decode(encoding)
    if fmt == "md":
        from review_pipeline.io.markdown import parse_markdown

        text, smap, directives, fields, title_map = parse_markdown(source, name)
        doc = _document(name, text, fields)
    elif fmt == "html":
        from review_pipeline.io.html import parse_html

        text, smap, directives, title, title_map = parse_html(source)
        doc = _document(name, text, {"title": title} if title else {})
    else:
        from review_pipeline.io.plaintext import parse_text

        text, smap, directives = parse_text(source)
        title_map = None
        doc = _document(name, text, {})
    return Draft(name, fmt, doc, smap, title_map, directives, source, encoding, data)


def read_draft(path: str | Path, fmt: str | None = None) -> Draft:
    """A Draft from a file on disk."""
    name = str(path)
    fmt = fmt or format_of(name)
    return draft_from_bytes(read_bytes(path), name, fmt)


def read_document(path: str | Path) -> Document:
    """A Document from a draft file (txt, md, html, docx), the file name as its id."""
    return read_draft(path).document


def document_from_bytes(data: bytes, name: str) -> Document:
    """A Document from a draft's bytes (e.g. a member of an archive); `name` picks the format."""
    return draft_from_bytes(data, name).document
