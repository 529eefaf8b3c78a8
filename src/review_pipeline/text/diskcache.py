"""Tables that cost a second to build and never change for one installation, kept on disk.

`cached(kind, key, build)` returns `build()`'s value, pickled under the cache folder by a key
that names everything the value depends on (code, library versions, Unicode version), so a
stale file is never read: a new key is simply a new file. A cache that cannot be read or
written is rebuilt, never an error (a read-only home must not fail a review). Entries live in
a 0700 folder and carry an HMAC under a per-installation key (`key_path`): a file someone else
planted is never unpickled. The sensitive checker's compiled word lists use the same mechanism.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import os
import pickle
import secrets
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from review_pipeline.discovery import cache_root

T = TypeVar("T")
log = logging.getLogger("review_pipeline.text")


def source_digest(*files: str | None) -> str:
    """A short hash of the given source files (a code change makes a new key)."""
    digest = hashlib.sha256()
    for name in files:
        if name:
            digest.update(Path(name).read_bytes())
    return digest.hexdigest()[:16]


MAC_BYTES = 32
KEY_BYTES = 32
TABLES_MAGIC = b"review-pipeline table cache 1\n"  # then an HMAC-SHA256 of (name, pickle), then the pickle


def key_path() -> Path:
    """The per-installation key that signs cache entries: $REVIEW_PIPELINE_CACHE_KEY, else
    ~/.config/review-pipeline/cache.key. Kept outside the cache, so that whoever can write
    (or restores) a cache folder still cannot forge an entry."""
    env = os.environ.get("REVIEW_PIPELINE_CACHE_KEY")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "review-pipeline" / "cache.key"


def private_dir(folder: Path) -> bool:
    """Create `folder` for this user only (0700); False when it is someone else's or cannot be made private."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not hasattr(os, "getuid"):  # pragma: no cover - no POSIX owners (Windows): the profile is private
            return True
        st = folder.stat()
        if st.st_uid != os.getuid():
            log.warning("cache folder belongs to another user; disk cache off", extra={"cache": str(folder)})
            return False
        if st.st_mode & 0o077:
            folder.chmod(0o700)
        return True
    except OSError:
        return False


def private_file(path: Path) -> bool:
    if not hasattr(os, "getuid"):  # pragma: no cover
        return True
    st = path.lstat()
    return stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


@functools.lru_cache(maxsize=4)
def signing_key(path: Path) -> bytes | None:
    """The key (created on first use, 0600 in a 0700 folder); None: no disk cache."""
    if not private_dir(path.parent):
        return None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError:
        return None
    else:
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(KEY_BYTES))
    try:
        if not private_file(path):
            log.warning("cache key is readable or writable by others; disk cache off")
            return None
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == KEY_BYTES else None


def sign(key: bytes, name: str, payload: bytes) -> bytes:
    """Binds an entry to its name (the digest it is stored under) and content."""
    return hmac.new(key, name.encode("ascii") + b"\0" + payload, hashlib.sha256).digest()


def load_signed(path: Path, key: bytes, magic: bytes) -> bytes | None:
    """The payload stored at `path`, only when its MAC verifies under `key` (None otherwise):
    nothing from a file this installation did not write is ever unpickled."""
    try:
        with path.open("rb") as fh:
            blob = fh.read()
    except OSError:
        return None
    header = len(magic) + MAC_BYTES
    if not blob.startswith(magic) or len(blob) <= header:
        log.warning("cache entry not ours, rebuilding", extra={"cache": path.name})
        return None
    mac, payload = blob[len(magic) : header], blob[header:]
    if not hmac.compare_digest(mac, sign(key, path.stem, payload)):
        log.warning("cache entry fails verification, rebuilding", extra={"cache": path.name})
        return None
    return payload


def store_signed(path: Path, payload: bytes, key: bytes, magic: bytes) -> None:
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as fh:
            fh.write(magic + sign(key, path.stem, payload) + payload)
        os.replace(fh.name, path)
    except OSError:  # a read-only home is no reason to fail a review
        log.info("cache not writable", extra={"cache": str(path.parent)})


def cached(kind: str, key: str, build: Callable[[], T]) -> T:
    """`build()`, or its value from an earlier process with the same `kind` and `key`: stored in a
    private folder and signed with the installation's key, so a planted file is never unpickled."""
    folder = cache_root() / "tables"
    secret = signing_key(key_path()) if private_dir(folder.parent) and private_dir(folder) else None
    if secret is None:
        return build()
    path = folder / f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:24]}.pkl"
    payload = load_signed(path, secret, TABLES_MAGIC)
    if payload is not None:
        try:
            value: T = pickle.loads(payload)  # signed by this installation's key
            return value
        except Exception:  # written by another Python: rebuild
            log.info("table cache unreadable, rebuilding", extra={"cache": path.name})
    value = build()
    store_signed(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), secret, TABLES_MAGIC)
    return value
