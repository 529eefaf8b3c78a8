"""Which policy, waiver file and cache folder a command uses, found without loading any of them.

Standard library only: `check --server` resolves its policy and waiver file, and reads the
digest of that policy from a small on-disk memo, before (and usually instead of) importing the
policy loader, pydantic and YAML. The memo is keyed by the policy's resolved path and holds the
size and modification time of every file the digest covers, so an edited policy or word list
is loaded (and digested) again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

CONFIG_FILE = ".review-pipeline.yaml"  # a policy file found upward from the draft (config discovery)
POLICY_ENV = "REVIEW_PIPELINE_POLICY"
WAIVER_FILE = ".review-waivers.yaml"
DIGEST_MEMO = "policy-digests.json"


def find_config(start: str | Path = ".") -> Path | None:
    """The nearest `.review-pipeline.yaml` in `start` (a file's folder, or a folder) or above it."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
    return None


def resolve_policy(explicit: str | None, start: str | Path = ".") -> tuple[str, str]:
    """(policy name or path, how it was chosen): --policy, then the nearest config file upward
    from `start`, then $REVIEW_PIPELINE_POLICY, then the built-in default."""
    if explicit:
        return explicit, "--policy"
    found = find_config(start)
    if found is not None:
        return str(found), CONFIG_FILE
    if os.environ.get(POLICY_ENV):
        return os.environ[POLICY_ENV], POLICY_ENV
    return "default", "built-in"


def find_waiver_file(start: str | Path = ".") -> Path:
    """The nearest `.review-waivers.yaml` from `start` upwards (stops at a git root), else in `start`."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        candidate = folder / WAIVER_FILE
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            break
    return here / WAIVER_FILE


# --- the digest of a policy, remembered ---------------------------------------------------------


def _stamp(path: str) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def cache_root() -> Path:
    """$REVIEW_PIPELINE_CACHE, else $XDG_CACHE_HOME/review-pipeline (~/.cache/review-pipeline)."""
    env = os.environ.get("REVIEW_PIPELINE_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "review-pipeline"


def _memo_path() -> Path:
    return cache_root() / DIGEST_MEMO


def _memo_key(name_or_path: str) -> str:
    from review_pipeline import __version__

    # a built-in name and a path are both keyed by what they resolve to, plus the code version
    # (the digest also covers the policy model's defaults)
    candidate = Path(name_or_path)
    where = str(candidate.resolve()) if candidate.suffix or len(candidate.parts) > 1 or candidate.exists() else name_or_path
    return f"{__version__}:{where}"


def _read_memo() -> dict[str, dict[str, object]]:
    try:
        data = json.loads(_memo_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def policy_digest(name_or_path: str) -> str:
    """The digest `policy.load_policy(name_or_path).digest` gives, from the memo when no file it
    covers changed since; else the policy is loaded (a `PolicyError` propagates) and remembered."""
    key = _memo_key(name_or_path)
    entry = _read_memo().get(key)
    if isinstance(entry, dict) and isinstance(entry.get("files"), dict) and isinstance(entry.get("digest"), str):
        files = entry["files"]
        assert isinstance(files, dict)
        if files and all(_stamp(path) == stamp for path, stamp in files.items()):
            return str(entry["digest"])
    from review_pipeline.policy import load_policy

    policy = load_policy(name_or_path)
    stamps = {path: _stamp(path) for path in policy.source_files()}
    if all(stamp is not None for stamp in stamps.values()):
        _remember(key, {"digest": policy.digest, "files": stamps})
    return policy.digest


def _remember(key: str, entry: dict[str, object]) -> None:
    """Write the memo (best effort, in the private cache folder, atomically)."""
    import tempfile

    from review_pipeline.text.diskcache import private_dir

    path = _memo_path()
    if not private_dir(path.parent):
        return
    memo = _read_memo()
    memo[key] = entry
    try:
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp", encoding="utf-8") as fh:
            json.dump(memo, fh, ensure_ascii=False)
        os.replace(fh.name, path)
    except OSError:  # a read-only home is no reason to fail a check
        pass
