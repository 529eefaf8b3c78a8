"""Compiled lexicons cached in memory and on disk, keyed by word-list contents and options.

The disk cache holds pickles, and unpickling runs code, so (issue 15.14): the cache folder is
this user's alone (0700, refused when another user owns it), and every entry carries an
HMAC-SHA256 under a per-installation key kept outside the cache (0600); an entry that does
not verify (planted, copied from elsewhere, renamed to another lexicon's digest) is never
unpickled, just rebuilt.
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
from pathlib import Path
from typing import TYPE_CHECKING

from review_pipeline.checkers.sensitive.entries import read_allow, read_deny
from review_pipeline.checkers.sensitive.matcher import CompiledLexicon, compile_lexicon
from review_pipeline.policy import file_digest

if TYPE_CHECKING:
    from review_pipeline.checkers.sensitive.checker import SensitiveOptions

log = logging.getLogger("review_pipeline.checkers.sensitive")

CACHE_FORMAT = 4  # bump when the pickled layout changes
MAGIC = b"review-pipeline sensitive cache 4\n"  # then an HMAC-SHA256 of (digest, pickle), then the pickle
MAC_BYTES = 32
KEY_BYTES = 32


_compiled_cache: dict[str, CompiledLexicon] = {}


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """Hash of the modules whose classes are pickled: a code change can never load a stale layout."""
    from review_pipeline.checkers.sensitive import automaton, entries, matcher
    from review_pipeline.text import normalize

    digest = hashlib.sha256()
    for module_file in (__file__, automaton.__file__, entries.__file__, matcher.__file__, normalize.__file__):
        digest.update(Path(module_file).read_bytes())
    return digest.hexdigest()[:16]


def lexicon_digest(options: SensitiveOptions) -> str:
    """Identifies a compiled lexicon: file contents and the options that shape the automaton."""
    import ahocorasick

    parts = [f"format={CACHE_FORMAT}", f"code={_code_digest()}", f"ahocorasick={getattr(ahocorasick, '__version__', '?')}"]
    parts += [f"deny={file_digest(p)}:{Path(p).stem}" for p in options.lexicons]
    parts += [f"allow={file_digest(p)}" for p in options.allow]
    parts += [f"enclosed={options.enclosed}", f"repeats={options.fold_repeats}", f"pinyin={options.pinyin}"]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def cache_dir() -> Path:
    """Where compiled lexicons are pickled: $REVIEW_PIPELINE_CACHE or ~/.cache/review-pipeline."""
    env = os.environ.get("REVIEW_PIPELINE_CACHE")
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "review-pipeline"
    return base / "sensitive"


def key_path() -> Path:
    """The per-installation key that signs cache entries: $REVIEW_PIPELINE_CACHE_KEY, else
    ~/.config/review-pipeline/cache.key. Kept outside the cache, so that whoever can write
    (or restores) a cache folder still cannot forge an entry."""
    env = os.environ.get("REVIEW_PIPELINE_CACHE_KEY")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "review-pipeline" / "cache.key"


def _private_dir(folder: Path) -> bool:
    """Create `folder` for this user only (0700); False when it is someone else's or cannot be made private."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not hasattr(os, "getuid"):  # pragma: no cover - no POSIX owners (Windows): the profile is private
            return True
        st = folder.stat()
        if st.st_uid != os.getuid():
            log.warning("sensitive lexicon cache folder belongs to another user; disk cache off",
                        extra={"cache": str(folder)})  # fmt: skip
            return False
        if st.st_mode & 0o077:
            folder.chmod(0o700)
        return True
    except OSError:
        return False


def _private_file(path: Path) -> bool:
    if not hasattr(os, "getuid"):  # pragma: no cover
        return True
    st = path.lstat()
    return stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


@functools.lru_cache(maxsize=4)
def _signing_key(path: Path) -> bytes | None:
    """The key (created on first use, 0600 in a 0700 folder); None: no disk cache."""
    if not _private_dir(path.parent):
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
        if not _private_file(path):
            log.warning("sensitive lexicon cache key is readable or writable by others; disk cache off")
            return None
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == KEY_BYTES else None


def _mac(key: bytes, digest: str, payload: bytes) -> bytes:
    """Binds an entry to its name (the lexicon digest) and content."""
    return hmac.new(key, digest.encode("ascii") + b"\0" + payload, hashlib.sha256).digest()


def _load_pickle(path: Path, key: bytes) -> CompiledLexicon | None:
    """The entry at `path`, unpickled only when its MAC verifies (never code from a stranger)."""
    try:
        with path.open("rb") as fh:
            blob = fh.read()
    except FileNotFoundError:
        return None
    except OSError:
        return None
    header = len(MAGIC) + MAC_BYTES
    if not blob.startswith(MAGIC) or len(blob) <= header:
        log.warning("sensitive lexicon cache entry not ours, rebuilding", extra={"cache": path.name})
        return None
    mac, payload = blob[len(MAGIC) : header], blob[header:]
    if not hmac.compare_digest(mac, _mac(key, path.stem, payload)):
        log.warning("sensitive lexicon cache entry fails verification, rebuilding", extra={"cache": path.name})
        return None
    try:
        loaded = pickle.loads(payload)  # signed by this installation's key: written by `_store_pickle`
    except Exception:  # a layout from another version: rebuild, never fail on it
        log.warning("sensitive lexicon cache unreadable, rebuilding", extra={"cache": path.name})
        return None
    return loaded if isinstance(loaded, CompiledLexicon) else None


def _store_pickle(path: Path, compiled: CompiledLexicon, key: bytes) -> None:
    payload = pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as fh:
            fh.write(MAGIC + _mac(key, path.stem, payload) + payload)
        os.replace(fh.name, path)
    except OSError:  # a read-only home is no reason to fail a review
        log.info("sensitive lexicon cache not writable", extra={"cache": str(path.parent)})


def _disk_cache() -> tuple[Path, bytes] | None:
    """(private cache folder, signing key), or None when either cannot be had safely."""
    folder = cache_dir()
    if not (_private_dir(folder.parent) and _private_dir(folder)):
        return None
    key = _signing_key(key_path())
    return (folder, key) if key is not None else None


def load_compiled(options: SensitiveOptions) -> CompiledLexicon:
    """The compiled lexicon for these options: from memory, from the disk cache, or built."""
    digest = lexicon_digest(options)
    hit = _compiled_cache.get(digest)
    if hit is not None:
        return hit
    disk = _disk_cache() if options.disk_cache else None
    path = disk[0] / f"{digest}.pkl" if disk else None
    compiled = _load_pickle(path, disk[1]) if disk and path else None
    if compiled is None:
        deny = [e for p in options.lexicons for e in read_deny(p, options.enclosed)]
        allow = [a for p in options.allow for a in read_allow(p, options.enclosed)]
        compiled = compile_lexicon(
            deny, allow, enclosed=options.enclosed, collapse=options.fold_repeats, pinyin=options.pinyin
        )
        if disk and path:
            _store_pickle(path, compiled, disk[1])
    _compiled_cache[digest] = compiled
    return compiled


