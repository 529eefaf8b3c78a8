"""Structured logging that is safe to ship: never the post text, never personal data.

The library logs through the standard `logging` module (so it configures nothing global and
stays silent unless the application asks: its logger has a `NullHandler` (set in the package's
`__init__`), so an application
that configured no logging does not get the warnings on stderr through logging's last resort);
`configure_json_logging` is what `--log-json` uses.

Identifiers (`document_id`) are logged as a keyed hash, never verbatim: editors use ID numbers,
phone numbers or names as document ids. The hash is stable within a process (and across
processes when `REVIEW_PIPELINE_LOG_SALT` is set), so one document's events still correlate.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
import sys
from collections.abc import MutableMapping
from typing import Any, TextIO

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}

# Keys whose values could carry post text or personal data; dropped from every event.
FORBIDDEN_KEYS = frozenset({"text", "title", "excerpt", "content", "body", "redacted", "original_title"})
# Keys whose values identify a document: kept for correlation, but only as a keyed hash.
HASHED_KEYS = frozenset({"document_id", "doc_id", "id"})
_HASHED = re.compile(r"\Aid:[0-9a-f]{16}\Z")  # already hashed (the formatter runs the chain again)
_SALT = os.environ.get("REVIEW_PIPELINE_LOG_SALT", "").encode("utf-8") or secrets.token_bytes(16)


def hashed_identifier(value: object) -> str:
    """`id:` and 16 hex digits of a keyed hash: the same value gives the same string in a run,
    and an 18-digit ID number cannot be recovered by hashing every candidate."""
    raw = str(value).encode("utf-8", "surrogatepass")
    return "id:" + hmac.new(_SALT, raw, hashlib.sha256).hexdigest()[:16]


def drop_text_fields(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: remove keys that could hold raw text (defence in depth)."""
    for key in FORBIDDEN_KEYS & event.keys():
        event[key] = "[removed]"
    for key in HASHED_KEYS & event.keys():
        value = event[key]
        if value is not None and not (isinstance(value, str) and _HASHED.match(value)):
            event[key] = hashed_identifier(value)
    return event


def _noop(*_args: Any, **_kwargs: Any) -> None:
    return None


class _LazyLogger:
    """A structlog logger built on the first event that its stdlib logger would emit.

    structlog (and the `rich` it pulls in) costs ~0.2 s to import; a CLI call that logs
    nothing must not pay it.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._logger: Any = None

    def __getattr__(self, method: str) -> Any:
        level = _LEVELS.get(method)
        if level is not None and self._logger is None and not logging.getLogger(self._name).isEnabledFor(level):
            return _noop
        if self._logger is None:
            self._logger = _structlog_logger(self._name)
        return getattr(self._logger, method)


def get_logger(name: str = "review_pipeline") -> Any:
    """A structlog logger bound to the stdlib logger `name` (structlog imported on first use)."""
    return _LazyLogger(name)


def _structlog_logger(name: str) -> Any:
    import structlog

    return structlog.wrap_logger(
        logging.getLogger(name),
        processors=[
            structlog.stdlib.filter_by_level,
            structlog.stdlib.add_log_level,
            drop_text_fields,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        wrapper_class=structlog.stdlib.BoundLogger,
    )


def configure_json_logging(level: int = logging.INFO, stream: TextIO | None = None) -> logging.Handler:
    """Send the library's events to `stream` (stderr) as one JSON object a line."""
    import structlog

    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.TimeStamper(fmt="iso", utc=True),
                drop_text_fields,
                structlog.processors.JSONRenderer(ensure_ascii=False),
            ],
            foreign_pre_chain=[structlog.stdlib.add_log_level, drop_text_fields],
        )
    )
    root = logging.getLogger("review_pipeline")
    root.addHandler(handler)
    root.setLevel(level)
    return handler
