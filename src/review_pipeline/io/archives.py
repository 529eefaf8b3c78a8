"""Walk folders, zip, tar and tar.gz archives safely, yielding file members as bytes.

Nothing is ever extracted to disk, so a hostile member cannot escape; members with absolute
paths or `..`, symlinks, devices, oversized or over-compressed members, too many files, too
many bytes in total and archives nested too deep are *refused*: each refusal is yielded as a
`Refusal` (so a scan can record it) and the walk goes on with the next member.
"""

from __future__ import annotations

import io
import os
import stat
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz")
NAME_SEP = "!"  # `outer.zip!inner/post.txt`: where a member sits, one `!` per archive level
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Limits:
    """What a walk accepts. Defaults suit years of posts, not zip bombs."""

    max_total_bytes: int = 8 * 1024**3  # uncompressed bytes over the whole walk
    max_ratio: float = 200.0  # uncompressed / compressed, per member and per compressed stream
    max_files: int = 2_000_000  # members yielded over the whole walk
    max_depth: int = 3  # archives inside archives
    max_file_bytes: int = 20 * 1024 * 1024  # one member


@dataclass(frozen=True)
class Member:
    """One regular file: `name` says where it sits (`archive!path`), `data` is its content."""

    name: str
    data: bytes
    mtime: float | None = None


@dataclass(frozen=True)
class Refusal:
    """A member (or a whole archive) that was not read, and why."""

    name: str
    reason: str


Entry = Member | Refusal


@dataclass
class Budget:
    """Running totals shared by every input of one walk, checked against `Limits`."""

    limits: Limits = field(default_factory=Limits)
    total_bytes: int = 0
    files: int = 0

    def admit(self, size: int) -> str | None:
        """None when a member of `size` bytes may be read, else why not (and nothing is counted)."""
        if size > self.limits.max_file_bytes:
            return f"member is {size} bytes, over the {self.limits.max_file_bytes}-byte per-file limit"
        if self.files + 1 > self.limits.max_files:
            return f"over the {self.limits.max_files}-file limit"
        if self.total_bytes + size > self.limits.max_total_bytes:
            return f"over the {self.limits.max_total_bytes}-byte total limit"
        self.files += 1
        self.total_bytes += size
        return None


def printable(name: str) -> str:
    """`name` as text that can be written as UTF-8: undecodable bytes of a file name (kept by
    Python as lone surrogates, PEP 383) become `\\xNN`, other lone surrogates `\\uDXXX`."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    out = []
    for ch in name:
        cp = ord(ch)
        if 0xDC80 <= cp <= 0xDCFF:
            out.append(f"\\x{cp - 0xDC00:02x}")
        elif 0xD800 <= cp <= 0xDFFF:
            out.append(f"\\u{cp:04x}")
        else:
            out.append(ch)
    return "".join(out)


def is_archive(name: str) -> bool:
    """Whether `name` is an archive this module walks into (by suffix)."""
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def unsafe_member_name(name: str) -> str | None:
    """Why an archive member name is unsafe (absolute, drive, `..`, empty), or None."""
    if not name or "\x00" in name:
        return "empty member name"
    posix = name.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):
        return "absolute member path"
    if ".." in PurePosixPath(posix).parts:
        return "member path contains '..'"
    return None


def walk(path: str | Path, budget: Budget | None = None) -> Iterator[Entry]:
    """Every regular file under `path` (a folder, an archive or a plain file), depth first.

    Folders are walked in sorted order and archives in stored order, so two walks of the same
    input yield the same names in the same order (a resumed scan relies on it).
    """
    budget = budget or Budget()
    p = Path(path)
    if p.is_symlink():
        yield Refusal(str(p), "symlink not followed")
    elif p.is_dir():
        yield from _walk_dir(p, budget)
    elif p.is_file():
        yield from _walk_file(p, budget)
    else:
        yield Refusal(str(p), "no such file or folder")


def _walk_dir(root: Path, budget: Budget) -> Iterator[Entry]:
    try:
        children = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        yield Refusal(str(root), f"cannot list folder ({type(exc).__name__})")
        return
    for child in children:
        path = Path(child.path)
        if child.is_symlink():
            yield Refusal(str(path), "symlink not followed")
        elif child.is_dir(follow_symlinks=False):
            yield from _walk_dir(path, budget)
        elif child.is_file(follow_symlinks=False):
            yield from _walk_file(path, budget)
        else:
            yield Refusal(str(path), "not a regular file")


def _walk_file(path: Path, budget: Budget) -> Iterator[Entry]:
    name = str(path)
    try:
        st = path.stat()
    except OSError as exc:
        yield Refusal(name, f"cannot read ({type(exc).__name__})")
        return
    if is_archive(name):
        yield from _walk_archive_file(path, name, st.st_size, budget, depth=1)
        return
    refused = budget.admit(st.st_size)
    if refused:
        yield Refusal(name, refused)
        return
    try:
        yield Member(name, path.read_bytes(), st.st_mtime)
    except OSError as exc:
        yield Refusal(name, f"cannot read ({type(exc).__name__})")


def _walk_archive_file(path: Path, name: str, size: int, budget: Budget, depth: int) -> Iterator[Entry]:
    try:
        with path.open("rb") as fh:
            yield from _walk_archive(fh, name, size, budget, depth)
    except OSError as exc:
        yield Refusal(name, f"cannot read ({type(exc).__name__})")


def _walk_archive(
    fh: io.BufferedIOBase | io.BytesIO, name: str, size: int, budget: Budget, depth: int
) -> Iterator[Entry]:
    if depth > budget.limits.max_depth:
        yield Refusal(name, f"archive nested deeper than {budget.limits.max_depth} levels")
        return
    lower = name.lower()
    try:
        if lower.endswith(".zip"):
            yield from _walk_zip(fh, name, budget, depth)
        else:
            yield from _walk_tar(fh, name, size, budget, depth)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError, ValueError, RuntimeError) as exc:
        yield Refusal(name, f"corrupt or unreadable archive ({type(exc).__name__})")


def _member_entries(
    name: str, data: bytes, mtime: float | None, budget: Budget, depth: int
) -> Iterator[Entry]:
    """A member's bytes: walked into when it is itself an archive, else yielded."""
    if is_archive(name):
        yield from _walk_archive(io.BytesIO(data), name, len(data), budget, depth + 1)
    else:
        yield Member(name, data, mtime)


def _walk_zip(fh: io.BufferedIOBase | io.BytesIO, name: str, budget: Budget, depth: int) -> Iterator[Entry]:
    with zipfile.ZipFile(fh) as zf:
        for info in zf.infolist():
            member = f"{name}{NAME_SEP}{info.filename}"
            if info.is_dir():
                continue
            refused = (
                unsafe_member_name(info.filename)
                or _zip_kind(info)
                or _ratio(info.file_size, info.compress_size, budget)
            )
            refused = refused or budget.admit(info.file_size)
            if refused:
                yield Refusal(member, refused)
                continue
            try:
                # Read at most the declared size + 1: a header that lies about the size is caught.
                with zf.open(info) as src:
                    data = _read_capped(src, info.file_size)
            except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
                yield Refusal(member, f"cannot read member ({type(exc).__name__})")
                continue
            if data is None:
                yield Refusal(member, "member is larger than its header says")
                continue
            mtime = _zip_mtime(info)
            yield from _member_entries(member, data, mtime, budget, depth)


def _zip_kind(info: zipfile.ZipInfo) -> str | None:
    kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the zip was not made on Unix
    if kind == stat.S_IFLNK:
        return "symlink not followed"
    if kind and kind != stat.S_IFREG:
        return "not a regular file"
    return None


def _zip_mtime(info: zipfile.ZipInfo) -> float | None:
    import datetime as dt

    try:
        return dt.datetime(*info.date_time).timestamp()
    except ValueError:
        return None


def _ratio(uncompressed: int, compressed: int, budget: Budget) -> str | None:
    if uncompressed > 1024 and uncompressed > budget.limits.max_ratio * max(compressed, 1):
        return f"compression ratio over {budget.limits.max_ratio:g}"
    return None


def _read_capped(src: IO[bytes], size: int) -> bytes | None:
    """Exactly `size` bytes from `src`, or None when it holds more."""
    parts: list[bytes] = []
    remaining = size + 1
    while remaining > 0:
        chunk = src.read(min(_CHUNK, remaining))
        if not chunk:
            break
        parts.append(chunk)
        remaining -= len(chunk)
    data = b"".join(parts)
    return None if len(data) > size else data


class _CountingReader(io.RawIOBase):
    """Counts compressed bytes read, so a tar.gz stream's overall ratio can be checked."""

    def __init__(self, raw: io.BufferedIOBase | io.BytesIO) -> None:
        self.raw, self.count = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


def _walk_tar(
    fh: io.BufferedIOBase | io.BytesIO, name: str, size: int, budget: Budget, depth: int
) -> Iterator[Entry]:
    counter = _CountingReader(fh)
    # Stream mode ("r|*"): members are read in order, never seeking; gzip is detected by magic.
    with tarfile.open(fileobj=io.BufferedReader(counter, _CHUNK), mode="r|*") as tf:
        unpacked = 0
        for info in tf:
            member = f"{name}{NAME_SEP}{info.name}"
            if info.isdir():
                continue
            refused = unsafe_member_name(info.name) or _tar_kind(info)
            unpacked += max(info.size, 0) if not refused else 0
            refused = refused or _ratio(unpacked, counter.count, budget) or budget.admit(info.size)
            if refused:
                yield Refusal(member, refused)
                if "ratio" in refused:
                    yield Refusal(name, "rest of the archive skipped: compression ratio over the limit")
                    return
                continue
            src = tf.extractfile(info)
            data = _read_capped(src, info.size) if src is not None else None
            if data is None or len(data) != info.size:
                yield Refusal(member, "cannot read member")
                continue
            yield from _member_entries(member, data, float(info.mtime), budget, depth)


def _tar_kind(info: tarfile.TarInfo) -> str | None:
    if info.issym() or info.islnk():
        return "symlink not followed" if info.issym() else "hard link not followed"
    if not info.isfile():
        return "not a regular file"
    return None
