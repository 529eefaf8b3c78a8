"""scan.json: what a scan in an output folder was run with, checked before `--resume`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from review_pipeline.io.archives import printable
from review_pipeline.io.report import atomic_write_text
from review_pipeline.policy import Policy
from review_pipeline.scan.period import Period

MANIFEST = "scan.json"
VERDICTS = "verdicts.jsonl"


class ScanError(ValueError):
    """A scan that cannot start (bad output folder, resume with another policy, bad engine)."""


def check(out_dir: Path, policy: Policy, resume: bool, period: Period | None) -> dict[str, Any] | None:
    """Refuse to overwrite a scan, or to resume one made with another policy or period.

    Returns the previous manifest on resume (None for a fresh folder).
    """
    verdicts = out_dir / VERDICTS
    has_verdicts = verdicts.exists() and verdicts.stat().st_size > 0
    if not resume:
        if has_verdicts:
            raise ScanError(
                f"{verdicts} already exists: pass --resume to continue that scan, or another --out"
            )
        return None
    manifest = out_dir / MANIFEST
    if not manifest.exists():
        if has_verdicts:  # nothing says which policy made those verdicts: mixing is not allowed
            raise ScanError(
                f"{manifest} is missing: cannot tell which policy made {verdicts}; use another --out"
            )
        return None
    try:
        previous = json.loads(manifest.read_text(encoding="utf-8"))
        digest = previous["policy"]["digest"]
    except (OSError, ValueError, KeyError, TypeError):
        raise ScanError(f"{manifest} is unreadable or corrupt: cannot resume; use another --out") from None
    if digest != policy.digest:
        raise ScanError(
            f"{manifest}: that scan used another policy (digest differs); resume with the same one"
        )
    if Period.from_dict(previous.get("period")) != period:
        raise ScanError(f"{manifest}: that scan declared another inspection period; resume with the same one")
    return dict(previous)


def write(
    out_dir: Path,
    policy: Policy,
    paths: Sequence[str | Path],
    options: Any,
    finished: bool,
    started_at: str,
) -> None:
    data = {
        "policy": policy.ref.model_dump(),
        "inputs": [printable(str(p)) for p in paths],
        "period": options.period.as_dict() if options.period else None,
        "engine": options.engine,
        "jobs": options.jobs,
        "timeout_s": options.timeout_s,
        "column_map": dict(options.colmap.columns),
        "started_at": started_at,
        "finished": finished,
        "updated_at": now(),
    }
    atomic_write_text(out_dir / MANIFEST, json.dumps(data, ensure_ascii=False, indent=2))


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
