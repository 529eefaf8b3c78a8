"""Inputs -> work items: every document, refused member and unreadable row of a scan's inputs.

Keys say where an item came from (`folder/a.txt`, `2024.zip!b.txt`, `weibo.jsonl#12`), are
unique within a scan and always writable as UTF-8: an undecodable file name or an id holding a
lone surrogate is shown escaped (`\\xb0`), never allowed to stop the scan.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from review_pipeline.io.archives import NAME_SEP, Budget, Limits, Member, Refusal, is_archive, printable, walk
from review_pipeline.io.exports import ColumnMap, RowError, is_export, read_export
from review_pipeline.models import Document


@dataclass(frozen=True)
class Problem:
    """An input that produced no document: `refused` by the archive walker or an `error`."""

    status: Literal["refused", "error"]
    reason: str


@dataclass(frozen=True)
class WorkItem:
    """One unit of output: a key (where it came from) and what to review or record."""

    key: str
    payload: Document | Member | Problem
    account: str | None = None  # from the folder layout, when asked for

    @property
    def size(self) -> int:
        """Bytes this item holds in memory (for the scan's in-flight cap)."""
        if isinstance(self.payload, Member):
            return len(self.payload.data)
        if isinstance(self.payload, Document):
            return 3 * (len(self.payload.text) + len(self.payload.title or ""))
        return len(self.key)


def iter_items(
    paths: Sequence[str | Path], colmap: ColumnMap, limits: Limits, account_from_folder: bool = False
) -> Iterator[WorkItem]:
    """Every document, refusal and bad row of `paths`, in a deterministic order, keys unique."""
    budget = Budget(limits)
    seen: set[str] = set()
    for path in dict.fromkeys(str(p) for p in paths):  # the same input twice is scanned once
        for item in _items_of(Path(path), colmap, budget, account_from_folder):
            base = printable(item.key)
            key, n = base, 1
            while key in seen:  # zip and tar allow repeated member names; keep each one
                n += 1
                key = f"{base}~{n}"
            seen.add(key)
            yield item if key == item.key else WorkItem(key, item.payload, item.account)


def _items_of(path: Path, colmap: ColumnMap, budget: Budget, account_from_folder: bool) -> Iterator[WorkItem]:
    name = str(path)
    if path.is_file() and not path.is_symlink() and is_export(name):
        # Top-level exports stream line by line: they may be far larger than one draft.
        try:
            with path.open("rb") as fh:
                yield from _export_items(name, fh, colmap)
        except OSError as exc:
            yield WorkItem(name, Problem("error", f"cannot read ({type(exc).__name__})"))
        return
    for entry in walk(path, budget):
        if isinstance(entry, Refusal):
            yield WorkItem(entry.name, Problem("refused", entry.reason))
        elif is_export(entry.name):
            yield from _export_items(entry.name, io.BytesIO(entry.data), colmap)
        else:
            account = _folder_account(name, entry.name) if account_from_folder else None
            yield WorkItem(entry.name, entry, printable(account) if account else None)


def _export_items(name: str, lines: Iterable[bytes], colmap: ColumnMap) -> Iterator[WorkItem]:
    for row, parsed in read_export(lines, name, colmap):
        key = f"{name}#{row}"
        if isinstance(parsed, RowError):
            yield WorkItem(key, Problem("error", f"row {parsed.row}: {parsed.reason}"))
        else:
            yield WorkItem(key, parsed)


def _folder_account(root: str, member: str) -> str | None:
    """The first folder of `member` below the input `root`, looking through archives.

    `in/学校/a.txt`, `in/学校/2024.zip!a.txt` and `in/all.zip!学校/a.txt` all give 学校.
    """
    if not member.startswith(root):
        return None
    parts = [p for seg in member[len(root) :].split(NAME_SEP) for p in seg.replace("\\", "/").split("/") if p]
    folders = [p for p in parts[:-1] if not is_archive(p)]
    return folders[0] if folders else None


def batched(items: Iterable[WorkItem], size: int, max_bytes: int) -> Iterator[list[WorkItem]]:
    """Items in batches of at most `size` items and (unless one item is larger) `max_bytes` bytes."""
    batch: list[WorkItem] = []
    held = 0
    for item in items:
        if batch and held + item.size > max_bytes:
            yield batch
            batch, held = [], 0
        batch.append(item)
        held += item.size
        if len(batch) >= size:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch
