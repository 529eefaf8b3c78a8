"""The service's settings, read from the environment (so every worker process sees the same)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

ENV_PREFIX = "REVIEW_PIPELINE_"


def _int(name: str, default: int) -> int:
    value = os.environ.get(ENV_PREFIX + name)
    return int(value) if value else default


def _float(name: str, default: float) -> float:
    value = os.environ.get(ENV_PREFIX + name)
    return float(value) if value else default


@dataclass(frozen=True)
class Settings:
    """Limits, policy and token of one service; `from_env` is what the workers use."""

    policy: str = "default"
    token: str | None = field(default=None, repr=False)  # bearer token; None: no authentication
    max_body_bytes: int = 4 * 1024 * 1024  # a request body larger than this is refused (413)
    max_chars: int = 100_000  # characters of title + text in one document (413 above)
    max_batch: int = 100  # documents in one batch request (413 above)
    deadline_s: float = 10.0  # per request; documents not reviewed by then are blocked
    max_inflight: int = 64  # requests admitted per worker (queued or running); more: 503
    reload_file: str | None = None  # touched by a reload, so every worker picks the policy up
    warm_up: bool = True  # review a sample at start-up, so the first client does not pay for loading

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from REVIEW_PIPELINE_* variables (the defaults above where unset)."""
        return cls(
            policy=os.environ.get(ENV_PREFIX + "POLICY") or "default",
            token=os.environ.get(ENV_PREFIX + "TOKEN") or None,
            max_body_bytes=_int("MAX_BODY_BYTES", cls.max_body_bytes),
            max_chars=_int("MAX_CHARS", cls.max_chars),
            max_batch=_int("MAX_BATCH", cls.max_batch),
            deadline_s=_float("DEADLINE_S", cls.deadline_s),
            max_inflight=_int("MAX_INFLIGHT", cls.max_inflight),
            reload_file=os.environ.get(ENV_PREFIX + "RELOAD_FILE") or None,
            warm_up=os.environ.get(ENV_PREFIX + "WARM_UP", "1") != "0",
        )
