"""Issue 15.14: the compiled-lexicon cache never unpickles what this installation did not write."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest

from review_pipeline.checkers.sensitive import (
    SensitiveMatcher,
    SensitiveOptions,
    compile_lexicon,
    lexicon_digest,
)
from review_pipeline.checkers.sensitive import cache as sensitive_cache
from review_pipeline.checkers.sensitive.cache import MAGIC, _mac, load_compiled
from review_pipeline.text import diskcache


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REVIEW_PIPELINE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("REVIEW_PIPELINE_CACHE_KEY", str(tmp_path / "config" / "cache.key"))
    monkeypatch.setattr(sensitive_cache, "_compiled_cache", {})
    diskcache.signing_key.cache_clear()
    yield tmp_path
    diskcache.signing_key.cache_clear()


def options(tmp_path: Path) -> SensitiveOptions:
    deny = tmp_path / "deny.txt"
    deny.write_text("网络赌博\n约炮\n", encoding="utf-8")
    return SensitiveOptions(lexicons=[str(deny)])


def entry_path(tmp_path: Path, opts: SensitiveOptions) -> Path:
    return tmp_path / "cache" / "sensitive" / f"{lexicon_digest(opts)}.pkl"


class Payload:
    """Unpickling this runs code: it writes a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Path.write_text, (self.marker, "pwned"))


def finds(opts: SensitiveOptions, text: str = "远离网络赌博") -> list[str]:
    return [m.entry.term for m in SensitiveMatcher(load_compiled(opts)).find(text)]


def test_cache_folder_and_key_are_private(env: Path) -> None:
    opts = options(env)
    assert finds(opts) == ["网络赌博"]
    for folder in (env / "cache", env / "cache" / "sensitive", env / "config"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((env / "config" / "cache.key").stat().st_mode) == 0o600
    assert entry_path(env, opts).read_bytes().startswith(MAGIC)


@pytest.mark.parametrize("signed_with", [None, b"k" * 32])
def test_planted_pickle_is_never_run(env: Path, signed_with: bytes | None) -> None:
    opts = options(env)
    path = entry_path(env, opts)
    path.parent.mkdir(parents=True)
    marker = env / "marker"
    payload = pickle.dumps(Payload(marker))
    # unsigned (the old format) or signed with a key that is not this installation's
    path.write_bytes(payload if signed_with is None else MAGIC + _mac(signed_with, path.stem, payload) + payload)
    assert finds(opts) == ["网络赌博"]
    assert not marker.exists()


def test_planted_empty_lexicon_does_not_switch_checks_off(env: Path) -> None:
    opts = options(env)
    assert finds(opts) == ["网络赌博"]  # creates the key and a genuine entry
    empty = compile_lexicon([], [], enclosed=False, collapse=False, pinyin=False)
    path = entry_path(env, opts)
    payload = pickle.dumps(empty)
    path.write_bytes(MAGIC + _mac(b"x" * 32, path.stem, payload) + payload)  # forged: wrong key
    sensitive_cache._compiled_cache.clear()
    assert finds(opts) == ["网络赌博"]


def test_a_genuine_entry_cannot_stand_in_for_another_lexicon(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty_list = env / "empty.txt"
    empty_list.write_text("# nothing\n", encoding="utf-8")
    empty_opts = SensitiveOptions(lexicons=[str(empty_list)])
    load_compiled(empty_opts)  # a genuine, signed entry for an empty lexicon
    opts = options(env)
    entry_path(env, empty_opts).rename(entry_path(env, opts))  # renamed to the real lexicon's digest
    sensitive_cache._compiled_cache.clear()
    assert finds(opts) == ["网络赌博"]


def test_genuine_entries_are_reused(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opts = options(env)
    assert finds(opts) == ["网络赌博"]
    sensitive_cache._compiled_cache.clear()
    monkeypatch.setattr(sensitive_cache, "compile_lexicon", lambda *a, **k: pytest.fail("rebuilt despite cache"))
    assert finds(opts) == ["网络赌博"]


def test_open_cache_folder_is_made_private(env: Path) -> None:
    folder = env / "cache" / "sensitive"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    assert finds(options(env)) == ["网络赌博"]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_someone_elses_cache_folder_is_not_used(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (env / "cache" / "sensitive").mkdir(parents=True)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(env).st_uid + 4242)  # the folder is now "another user's"
    opts = options(env)
    assert finds(opts) == ["网络赌博"]
    assert list((env / "cache" / "sensitive").iterdir()) == []


def test_a_key_others_can_read_turns_the_disk_cache_off(env: Path) -> None:
    key = env / "config" / "cache.key"
    key.parent.mkdir(mode=0o700)
    key.write_bytes(b"k" * 32)
    key.chmod(0o644)
    opts = options(env)
    assert finds(opts) == ["网络赌博"]
    assert not entry_path(env, opts).exists()


def test_a_planted_table_cache_file_is_never_unpickled(tmp_path, monkeypatch):
    """The shared table cache (fold and normalisation tables) is signed like the lexicon cache."""
    import pickle

    monkeypatch.setenv("REVIEW_PIPELINE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("REVIEW_PIPELINE_CACHE_KEY", str(tmp_path / "key" / "cache.key"))
    diskcache.signing_key.cache_clear()
    try:
        assert diskcache.cached("demo", "k1", lambda: {"a": 1}) == {"a": 1}
        [entry] = (tmp_path / "cache" / "tables").glob("demo-*.pkl")
        entry.write_bytes(pickle.dumps({"a": "planted"}))  # no signature: must be rebuilt, not loaded
        assert diskcache.cached("demo", "k1", lambda: {"a": 2}) == {"a": 2}
        assert diskcache.cached("demo", "k1", lambda: {"a": 3}) == {"a": 2}  # the rebuilt, signed entry
        assert (tmp_path / "cache").stat().st_mode & 0o077 == 0
    finally:
        diskcache.signing_key.cache_clear()
