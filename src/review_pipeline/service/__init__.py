"""The HTTP service: review documents over JSON for publishing systems (FastAPI on uvicorn).

`review-pipeline serve` starts it; `create_app` builds the ASGI app (one pipeline per worker
process). This package's `__init__` and `client` import no web framework, so the command
line's `check --server` stays fast and works without the `service` extra.
"""

from __future__ import annotations

from typing import Any

__all__ = ["openapi_document", "serve"]


def serve(*, host: str, port: int, workers: int = 1, policy: str = "default") -> int:
    """Run the service until interrupted (see `server.run`)."""
    from review_pipeline.service.server import run

    return run(host=host, port=port, workers=workers, policy=policy)


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document of the service (what `openapi.json` at the repository root holds)."""
    from review_pipeline.service.app import openapi_document as build

    return build()
