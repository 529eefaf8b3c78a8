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
from review_pipeline.io.raw import FORMATS, MAX_BYTES, SUFFIXES, read_bytes
from review_pipeline.models import Document

_CONTROL = {c for c in range(32) if chr(c) not in "\t\n\r\f\v"}


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"),)
# Legacy encodings a Chinese draft comes in, most likely first (a tie goes to the first).
LEGACY_ENCODINGS = ("gb18030", "big5")
_MOSTLY_UTF8 = 4  # valid UTF-8 characters per undecodable byte above which a file is UTF-8 gone bad


def detect_encoding(data: bytes, name: str) -> str:
    """The one encoding that decodes `data` cleanly, else an `InputError`.

    A byte-order mark decides (UTF-16 only when the text is plausible: Notepad's "Unicode");
    valid UTF-8 is UTF-8. Otherwise charset-normalizer scores the legacy candidates (GB18030,
    Big5) and the cleanest wins. Refused: binary data, and text that
    no candidate decodes cleanly, such as UTF-8 with a GBK character inside: GB18030 decodes
    any byte soup, and used to turn the whole UTF-8 file into mojibake that passed review."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            _decode_checked(data, encoding, name)
            return encoding
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 has NUL bytes: decide before the binary test
        try:
            if _plausible_utf16(_decode_checked(data, "utf-16", name)):
                return "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise InputError(name, "binary file, not a text draft")
    try:
        _decode_checked(data, "utf-8", name)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    as_utf8 = data.decode("utf-8", "replace")
    undecodable = as_utf8.count("\ufffd")
    if len(as_utf8) - undecodable - data.count(b"\x7f") > 0 and _valid_utf8_chars(as_utf8) > _MOSTLY_UTF8 * undecodable:
        line = data[: _first_bad_utf8(data)].count(b"\n") + 1
        raise InputError(name, f"mixed encodings: UTF-8 with bytes that are not UTF-8 (line {line}); save it as UTF-8")
    legacy = _best_legacy(data)
    if legacy is None:
        raise InputError(name, "cannot decode cleanly as UTF-8, GB18030 or Big5 (mixed encodings?)")
    _decode_checked(data, legacy, name)
    return legacy


def _valid_utf8_chars(text: str) -> int:
    """Characters beyond ASCII that decoded as UTF-8 (U+FFFD marks the bytes that did not)."""
    return sum(1 for ch in text if ch > "\x7f" and ch != "\ufffd")


def _first_bad_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return len(data)


def _best_legacy(data: bytes) -> str | None:
    """The legacy encoding charset-normalizer finds cleanest (None: none is clean)."""
    from charset_normalizer import from_bytes

    results = list(from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)))
    if not results:
        return None
    best = min(m.chaos for m in results)
    clean = {m.encoding for m in results if m.chaos <= best + 0.01}
    return next((e for e in LEGACY_ENCODINGS if e in clean), None)


def _decode_checked(data: bytes, encoding: str, name: str) -> str:
    """`data` decoded strictly; control characters give binary data away."""
    text = data.decode(encoding)
    sample = text[:8192]
    if sample and sum(ord(c) in _CONTROL for c in sample) > max(2, len(sample) // 100):
        raise InputError(name, "binary file, not a text draft")
    return text


def _plausible_utf16(text: str) -> bool:
    """Byte soup after an FF FE pair also decodes as UTF-16: real text has no second BOM and no
    unassigned, private-use or surrogate code points."""
    sample = text[:8192]
    return "\ufeff" not in sample and "\ufffe" not in sample and not any(
        unicodedata.category(c) in ("Cn", "Co", "Cs") for c in sample
    )


def decode(data: bytes, name: str) -> str:
    """The text of a draft's bytes in the encoding `detect_encoding` finds."""
    return data.decode(detect_encoding(data, name))


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
    """A Draft from a file's bytes; `fmt` (else the suffix of `name`) picks the reader.

    Whatever goes wrong inside a reader is an `InputError` naming this draft, so that one
    malformed file never takes the other files of a run down with it (issue 15.15)."""
    if len(data) > MAX_BYTES:
        raise InputError(name, f"{len(data)} bytes, over the {MAX_BYTES}-byte limit")
    fmt = fmt or format_of(name)
    try:
        return _parse(data, name, fmt)
    except InputError:
        raise
    except (ValueError, LookupError, AssertionError, RecursionError, UnicodeError) as exc:
        raise InputError(name, f"cannot be read as {fmt} ({type(exc).__name__})") from None


def _parse(data: bytes, name: str, fmt: str) -> Draft:
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
