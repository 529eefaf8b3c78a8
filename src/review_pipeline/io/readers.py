"""Read draft files into Documents."""

from __future__ import annotations

from pathlib import Path

from review_pipeline.io.errors import InputError
from review_pipeline.models import Document

MAX_BYTES = 20 * 1024 * 1024  # a post is kilobytes; anything this large is not a draft


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else GB18030; binary input is refused."""
    if b"\x00" in data[:8192]:
        raise InputError(name, "binary file, not a text draft")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(name, "cannot decode as UTF-8 or GB18030")


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


def read_document(path: str | Path) -> Document:
    """A Document from a plain-text draft, the file name as its id."""
    p = Path(path)
    return Document(text=decode(read_bytes(p), str(p)), id=str(p))


def document_from_bytes(data: bytes, name: str) -> Document:
    """A Document from a draft's bytes (e.g. a member of an archive); `name` picks the format."""
    if len(data) > MAX_BYTES:
        raise InputError(name, f"{len(data)} bytes, over the {MAX_BYTES}-byte limit")
    return Document(text=decode(data, name), id=name)
