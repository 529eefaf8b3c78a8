"""A check's inputs as bytes, before any parsing, and its outcome as text: what `check` reads here and, with `--server`,
sends to the service, which parses them exactly as a local `check` would.

Standard library (and `limits`) only, so `check --server` reads its inputs without importing
pydantic, the readers or a checker. Reading errors (missing, too large, not a regular file) are
`InputError`s naming the input, the same on both ways.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple

from review_pipeline.io.errors import InputError
from review_pipeline.limits import MAX_DRAFT_BYTES, LimitError, read_regular_file, read_stream

MAX_BYTES = MAX_DRAFT_BYTES  # a post is kilobytes; anything this large is not a draft
# file suffix -> draft format; a name without a suffix is plain text
FORMATS = {
    ".txt": "txt", ".text": "txt", "": "txt",
    ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html",
    ".docx": "docx",
}  # fmt: skip
SUFFIXES = tuple(s for s in FORMATS if s)
JSON = "json"  # an input holding Document objects as JSON, not a draft


class RawInput(NamedTuple):
    """One input of `check`: its shown name, bytes, format (None: from the name's suffix; `json`:
    Document objects) and the `--title` given for it."""

    name: str
    data: bytes
    fmt: str | None = None
    title: str | None = None

    def to_wire(self) -> dict[str, Any]:
        """The JSON object `POST /v1/check` takes for this input."""
        wire: dict[str, Any] = {"name": self.name, "data": base64.b64encode(self.data).decode("ascii")}
        if self.fmt is not None:
            wire["format"] = self.fmt
        if self.title is not None:
            wire["title"] = self.title
        return wire


class CheckOutcome(NamedTuple):
    """What a `check` prints (standard output, error lines without the program's prefix) and
    its exit code: built by a local check or received from the service."""

    output: str
    errors: list[str]
    exit_code: int


def read_bytes(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """A draft file's bytes: a regular file of at most `limit` bytes (counted while reading,
    not taken from its reported size), else an `InputError` naming it; never an `OSError`."""
    try:
        return read_regular_file(path, limit, "draft")
    except LimitError as exc:
        raise InputError(str(path), str(exc)) from None


def read_input_stream(stream: IO[bytes], name: str, limit: int = MAX_BYTES) -> bytes:
    """At most `limit` bytes of a stream (standard input), else an `InputError` naming it."""
    try:
        return read_stream(stream, limit, "draft")
    except LimitError as exc:
        raise InputError(name, str(exc)) from None
    except OSError as exc:
        raise InputError(name, exc.strerror or type(exc).__name__) from None


def walk(folder: Path) -> Iterator[Path]:
    """Draft files under `folder`, recursively, sorted; hidden folders and files are skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                yield Path(root) / name


def read_inputs(
    files: list[str],
    *,
    string: str | None = None,
    json_source: str | None = None,
    stdin: IO[bytes] | None = None,
    stdin_name: str | None = None,
    title: str | None = None,
) -> tuple[list[RawInput], list[InputError]]:
    """Every input of a `check` call read as bytes, in order, and the inputs that could not be
    read (each an `InputError` naming it; the others go on). `-` among `files` is `stdin`."""
    if string is not None:
        return [RawInput("<string>", string.encode("utf-8"), "txt", title)], []
    if json_source is not None:
        name = "<stdin>" if json_source == "-" else json_source
        try:
            data = read_input_stream(stdin, name) if json_source == "-" and stdin else read_bytes(json_source)
        except InputError as exc:
            return [], [exc]
        return [RawInput(name, data, JSON)], []
    out: list[RawInput] = []
    errors: list[InputError] = []
    for name in files:
        if name == "-":
            shown = stdin_name or "<stdin>"
            assert stdin is not None, "standard input requested but not given"
            try:
                out.append(RawInput(shown, read_input_stream(stdin, shown), None if stdin_name else "txt", title))
            except InputError as exc:
                errors.append(exc)
            continue
        for path in [str(p) for p in walk(Path(name))] if Path(name).is_dir() else [name]:
            try:
                out.append(RawInput(path, read_bytes(path)))
            except InputError as exc:
                errors.append(exc)
    return out, errors
