"""The output folder: verdicts.jsonl (append-only, torn tail cut on resume) and its lock."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from pathlib import Path

FSYNC_EVERY_S = 2.0
LOCK = ".scan.lock"


class OutputBusy(RuntimeError):
    """Another scan holds the output folder."""


class OutputLock:
    """An exclusive lock on an output folder for the life of one scan (flock: released by the
    kernel when the process dies, so a killed scan never leaves a stale lock)."""

    def __init__(self, folder: Path) -> None:
        import fcntl

        self.path = folder / LOCK
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(self.fd, 32, 0).decode("ascii", "replace").strip()
            os.close(self.fd)
            raise OutputBusy(
                f"{folder} is being written by another scan (pid {holder or '?'}); wait for it or use another --out"
            ) from None
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, str(os.getpid()).encode(), 0)

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing the last descriptor releases the flock
            self.fd = -1


class VerdictLog:
    """verdicts.jsonl, appended a batch at a time; on resume, a torn last line is cut off."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.done: set[str] = set()
        if path.exists():
            self._recover()
        self._fh = path.open("a", encoding="utf-8")
        self._synced = time.monotonic()

    def _recover(self) -> None:
        valid = 0
        with self.path.open("rb") as fh:
            for raw in fh:
                if not raw.endswith(b"\n"):
                    break  # a write cut short by a kill: redo that item
                try:
                    self.done.add(json.loads(raw)["input"])
                except (ValueError, KeyError, TypeError):
                    break
                valid += len(raw)
        if valid != self.path.stat().st_size:
            os.truncate(self.path, valid)

    def write(self, lines: Sequence[str]) -> None:
        self._fh.write("".join(line + "\n" for line in lines))
        self._fh.flush()
        if time.monotonic() - self._synced > FSYNC_EVERY_S:
            os.fsync(self._fh.fileno())
            self._synced = time.monotonic()

    def close(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
