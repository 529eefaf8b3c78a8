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
import logging
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from review_pipeline.checkers.sensitive.entries import (
    affix_allows,
    read_affixes,
    read_allow,
    read_deny,
    read_lookalikes,
)
from review_pipeline.checkers.sensitive.matcher import CompiledLexicon, compile_lexicon
from review_pipeline.policy import file_digest
from review_pipeline.text.diskcache import key_path, load_signed, private_dir, sign, signing_key, store_signed

if TYPE_CHECKING:
    from review_pipeline.checkers.sensitive.checker import SensitiveOptions

log = logging.getLogger("review_pipeline.checkers.sensitive")

CACHE_FORMAT = 5  # bump when the pickled layout changes
MAGIC = b"review-pipeline sensitive cache 5\n"  # then an HMAC-SHA256 of (digest, pickle), then the pickle


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
    parts += [f"affixes={file_digest(p)}" for p in options.allow_affixes]
    parts += [f"lookalikes={file_digest(p)}" for p in options.lookalikes]
    parts += [f"homophones={','.join(sorted(options.homophones))}"]
    parts += [f"enclosed={options.enclosed}", f"repeats={options.fold_repeats}", f"pinyin={options.pinyin}", f"mixed_pinyin={options.mixed_pinyin}"]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def cache_dir() -> Path:
    """Where compiled lexicons are pickled: $REVIEW_PIPELINE_CACHE or ~/.cache/review-pipeline."""
    env = os.environ.get("REVIEW_PIPELINE_CACHE")
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "review-pipeline"
    return base / "sensitive"


_mac = sign  # the entry's MAC: bound to its digest and content (text.diskcache)


def _load_pickle(path: Path, key: bytes) -> CompiledLexicon | None:
    """The entry at `path`, unpickled only when its MAC verifies (never code from a stranger)."""
    payload = load_signed(path, key, MAGIC)
    if payload is None:
        return None
    try:
        loaded = pickle.loads(payload)  # signed by this installation's key: written by `_store_pickle`
    except Exception:  # a layout from another version: rebuild, never fail on it
        log.warning("sensitive lexicon cache unreadable, rebuilding", extra={"cache": path.name})
        return None
    return loaded if isinstance(loaded, CompiledLexicon) else None


def _store_pickle(path: Path, compiled: CompiledLexicon, key: bytes) -> None:
    store_signed(path, pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL), key, MAGIC)


def _disk_cache() -> tuple[Path, bytes] | None:
    """(private cache folder, signing key), or None when either cannot be had safely."""
    folder = cache_dir()
    if not (private_dir(folder.parent) and private_dir(folder)):
        return None
    key = signing_key(key_path())
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
        affixes = [a for p in options.allow_affixes for a in read_affixes(p, options.enclosed)]
        allow += affix_allows(deny, affixes)
        lookalikes = {cp: letter for p in options.lookalikes for cp, letter in read_lookalikes(p).items()}
        compiled = compile_lexicon(
            deny, allow, enclosed=options.enclosed, collapse=options.fold_repeats, pinyin=options.pinyin,
            mixed_pinyin=options.mixed_pinyin, lookalikes=lookalikes, homophones=frozenset(options.homophones)
        )
        if disk and path:
            _store_pickle(path, compiled, disk[1])
    _compiled_cache[digest] = compiled
    return compiled


