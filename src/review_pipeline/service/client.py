"""`check --server URL`: the same review, done by a running service (standard library only).

The drafts are read here and their documents sent to `POST /v1/review/batch`; inline and file
waivers and source positions are applied here exactly as a local `check` applies them, so the
output is the same. When the service runs another policy (its digest differs from the one this
`check` would use), or cannot be reached, `ServiceError` says so and the caller reviews locally.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any

from review_pipeline.models import Verdict

TIMEOUT_S = 30.0
TOKEN_ENV = "REVIEW_PIPELINE_TOKEN"


class ServiceError(Exception):
    """The service could not give the verdicts (unreachable, another policy, an error answer)."""


def _call(url: str, body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    token = os.environ.get(TOKEN_ENV)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # the user's URL
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        raise ServiceError(f"service answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ServiceError(f"service at {url} not reachable ({type(exc).__name__})") from None


def review_remote(
    server: str, digest: str, drafts: Sequence[tuple[str, Any]], entries: Any, wpolicy: Any
) -> list[Verdict]:
    """Verdicts for `drafts` from the service at `server`, waived and located like a local check."""
    from review_pipeline.waivers import apply_waivers, parse_inline

    base = server.rstrip("/")
    served = _call(f"{base}/v1/policy").get("digest")
    if served != digest:
        raise ServiceError(f"service runs another policy ({served}), not {digest}")
    if not drafts:
        return []
    documents = [draft.document.model_dump(mode="json", exclude_defaults=True) for _, draft in drafts]
    answer = _call(f"{base}/v1/review/batch", {"documents": documents})
    verdicts = [Verdict.model_validate(v) for v in answer.get("verdicts", [])]
    if len(verdicts) != len(drafts):
        raise ServiceError(f"service gave {len(verdicts)} verdicts for {len(drafts)} documents")
    out = []
    for (_, draft), verdict in zip(drafts, verdicts, strict=True):
        # what `Pipeline.pipe` does with a draft's inline waivers and the file's, then `draft.locate`
        if draft.directives or entries:
            inline, problems = parse_inline(draft.directives, draft.document.text)
            verdict = apply_waivers(verdict, draft.document, inline, entries, wpolicy, problems)
        out.append(draft.locate(verdict))
    return out
