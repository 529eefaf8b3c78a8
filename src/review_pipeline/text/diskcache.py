"""Tables that cost a second to build and never change for one installation, kept on disk.

`cached(kind, key, build)` returns `build()`'s value, pickled under the cache folder by a key
that names everything the value depends on (code, library versions, Unicode version), so a
stale file is never read: a new key is simply a new file. A cache that cannot be read or
written is rebuilt, never an error (a read-only home must not fail a review).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger("review_pipeline.text")


def cache_root() -> Path:
    """$REVIEW_PIPELINE_CACHE, else $XDG_CACHE_HOME/review-pipeline (~/.cache/review-pipeline)."""
    env = os.environ.get("REVIEW_PIPELINE_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "review-pipeline"


def source_digest(*files: str | None) -> str:
    """A short hash of the given source files (a code change makes a new key)."""
    digest = hashlib.sha256()
    for name in files:
        if name:
            digest.update(Path(name).read_bytes())
    return digest.hexdigest()[:16]


def cached(kind: str, key: str, build: Callable[[], T]) -> T:
    """`build()`, or its pickled value from an earlier process with the same `kind` and `key`."""
    path = cache_root() / "tables" / f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:24]}.pkl"
    try:
        with path.open("rb") as cached_file:
            value: T = pickle.load(cached_file)  # our own cache folder
            return value
    except FileNotFoundError:
        pass
    except Exception:  # damaged or written by another Python: rebuild
        log.info("table cache unreadable, rebuilding", extra={"cache": path.name})
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, path)
    except OSError:
        log.info("table cache not writable", extra={"cache": str(path.parent)})
    return value
