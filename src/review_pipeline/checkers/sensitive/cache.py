"""Compiled lexicons cached in memory and on disk, keyed by word-list contents and options."""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from review_pipeline.checkers.sensitive.entries import read_allow, read_deny
from review_pipeline.checkers.sensitive.matcher import CompiledLexicon, compile_lexicon
from review_pipeline.policy import file_digest

if TYPE_CHECKING:
    from review_pipeline.checkers.sensitive.checker import SensitiveOptions

log = logging.getLogger("review_pipeline.checkers.sensitive")

CACHE_FORMAT = 3  # bump when the pickled layout changes


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


def _load_pickle(path: Path) -> CompiledLexicon | None:
    try:
        with path.open("rb") as fh:
            loaded = pickle.load(fh)  # our own cache folder, written by `_store_pickle`
    except FileNotFoundError:
        return None
    except Exception:  # a stale or damaged cache file: rebuild, never fail on it
        log.warning("sensitive lexicon cache unreadable, rebuilding", extra={"cache": path.name})
        return None
    return loaded if isinstance(loaded, CompiledLexicon) else None


def _store_pickle(path: Path, compiled: CompiledLexicon) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as fh:
            pickle.dump(compiled, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, path)
    except OSError:  # a read-only home is no reason to fail a review
        log.info("sensitive lexicon cache not writable", extra={"cache": str(path.parent)})


def load_compiled(options: SensitiveOptions) -> CompiledLexicon:
    """The compiled lexicon for these options: from memory, from the disk cache, or built."""
    digest = lexicon_digest(options)
    hit = _compiled_cache.get(digest)
    if hit is not None:
        return hit
    path = cache_dir() / f"{digest}.pkl"
    compiled = _load_pickle(path) if options.disk_cache else None
    if compiled is None:
        deny = [e for p in options.lexicons for e in read_deny(p, options.enclosed)]
        allow = [a for p in options.allow for a in read_allow(p, options.enclosed)]
        compiled = compile_lexicon(
            deny, allow, enclosed=options.enclosed, collapse=options.fold_repeats, pinyin=options.pinyin
        )
        if options.disk_cache:
            _store_pickle(path, compiled)
    _compiled_cache[digest] = compiled
    return compiled


