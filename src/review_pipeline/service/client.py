"""`check --server URL`: the same check, done by a running service (standard library only).

The inputs are read here as bytes and sent, with the waiver file's bytes, to `POST /v1/check`;
the service parses them, reviews, waives and renders them with the same functions a local
`check` uses (`io.check_run`), and answers with the output, the error lines and the exit code.
Nothing here imports pydantic, YAML or a checker, so a call costs little more than starting
Python. When the service runs another policy (its digest differs from the one this `check`
would use) or cannot be reached, `ServiceError` says so and the caller checks locally.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Sequence
from typing import Any

from review_pipeline.io.raw import CheckOutcome, RawInput

TIMEOUT_S = 30.0
TOKEN_ENV = "REVIEW_PIPELINE_TOKEN"


class ServiceError(Exception):
    """The service could not do the check (unreachable, another policy, an error answer)."""


def _call(url: str, body: dict[str, Any]) -> Any:
    """POST `body` as JSON to `url` and the JSON answer (http.client, not urllib.request: the
    latter's imports cost a tenth of a second of every call)."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ServiceError(f"service URL must be http:// or https://, not {parts.scheme or '?'}://")
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    token = os.environ.get(TOKEN_ENV)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    try:
        connection = kind(parts.hostname, parts.port, timeout=TIMEOUT_S)
        try:
            connection.request("POST", parts.path or "/", body=data, headers=headers)  # the user's URL
            response = connection.getresponse()
            payload = response.read()
        finally:
            connection.close()
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise ServiceError(f"service at {url} not reachable ({type(exc).__name__})") from None
    if response.status == 409:
        raise ServiceError("service runs another policy")
    if response.status != 200:
        raise ServiceError(f"service answered HTTP {response.status}")
    try:
        return json.loads(payload.decode("utf-8"))
    except ValueError:
        raise ServiceError("service gave an answer that is not JSON") from None


def check_remote(
    server: str,
    digest: str,
    inputs: Sequence[RawInput],
    waiver_file: tuple[str, bytes] | None,
    *,
    fmt: str,
    fail_on: str,
    color: bool,
) -> CheckOutcome:
    """The outcome of checking `inputs` on the service at `server`, which must run the policy
    whose digest is `digest`; `waiver_file` is (the path shown in its errors, its bytes)."""
    body: dict[str, Any] = {
        "policy_digest": digest,
        "inputs": [item.to_wire() for item in inputs],
        "format": fmt,
        "fail_on": fail_on,
        "color": color,
    }
    if waiver_file is not None:
        path, data = waiver_file
        body["waivers"] = {"path": path, "data": base64.b64encode(data).decode("ascii")}
    answer = _call(f"{server.rstrip('/')}/v1/check", body)
    try:
        return CheckOutcome(str(answer["output"]), [str(e) for e in answer["errors"]], int(answer["exit_code"]))
    except (KeyError, TypeError, ValueError):
        raise ServiceError("service gave an answer this client does not understand") from None
