"""`review-pipeline serve`: uvicorn with one app (and one pipeline) per worker process."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from review_pipeline.policy import load_policy


def run(*, host: str, port: int, workers: int = 1, policy: str = "default") -> int:
    """Serve until interrupted. The policy is checked here first, so a broken policy is one
    error line, not N crashing workers; workers read their settings from the environment."""
    import uvicorn

    loaded = load_policy(policy)
    os.environ["REVIEW_PIPELINE_POLICY"] = str(loaded.path or policy)
    os.environ["REVIEW_PIPELINE_LOG_JSON"] = "1"
    with tempfile.TemporaryDirectory(prefix="review-pipeline-") as tmp:
        reload_file = Path(tmp) / "policy-reloaded"
        reload_file.write_text(loaded.digest, encoding="utf-8")
        os.environ["REVIEW_PIPELINE_RELOAD_FILE"] = str(reload_file)
        uvicorn.run(
            "review_pipeline.service.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            access_log=False,  # ours (service.app.Guard) logs without client addresses
            log_level="info",
        )
    return 0
