"""The FastAPI application: routes, limits, authentication, errors and access logs.

Every answer is JSON. Errors are `{"error": {"code", "message", "details"}}` with a Chinese /
English message that never quotes the submitted text; reviews past the deadline are `block`
verdicts (see `engine`). `create_app` is the uvicorn factory: each worker builds its own app,
engine and pipeline.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import hmac
import json
import logging
import os
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping, Sequence
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from review_pipeline import __version__, models
from review_pipeline.io.raw import RawInput
from review_pipeline.logs import configure_json_logging, get_logger
from review_pipeline.models import Verdict
from review_pipeline.policy import PolicyError
from review_pipeline.service.engine import Busy, ReviewEngine
from review_pipeline.service.schemas import (
    BatchRequest,
    BatchResponse,
    CheckRequest,
    CheckResponse,
    Document,
    ErrorResponse,
    Health,
    PolicyResponse,
    RedactResponse,
    ReloadResponse,
    RulesResponse,
)
from review_pipeline.service.settings import Settings

access_log = get_logger("review_pipeline.service.access")
log = get_logger("review_pipeline.service")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DESCRIPTION = """\
政务新媒体稿件发布前审核服务：提交文档（Document），返回审核结论（Verdict：pass / review / block、
问题清单、签发层级、去标识化文本）。字段与 Python 库 `review_pipeline` 的 JSON 完全一致。

Pre-publication review of Chinese government new-media posts. A Document in, a Verdict out,
exactly the library's JSON. A review that does not finish within the service's deadline is
answered with a `block` verdict (rule `pipeline/checker_timeout`), never with a silent pass.
"""

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "请求体不是合法的 JSON 或 UTF-8 / malformed body"},
    401: {"model": ErrorResponse, "description": "缺少或错误的访问令牌 / missing or wrong bearer token"},
    413: {
        "model": ErrorResponse,
        "description": "请求体、文档或批量超过上限 / body, document or batch too large",
    },
    422: {
        "model": ErrorResponse,
        "description": "请求不符合接口定义 / the request does not match the schema",
    },
    503: {"model": ErrorResponse, "description": "服务繁忙或尚未就绪 / busy or not ready"},
}

_MESSAGES = {
    "invalid_json": "请求体不是合法的 JSON / the request body is not valid JSON",
    "invalid_utf8": "请求体不是合法的 UTF-8 / the request body is not valid UTF-8",
    "not_json": "请以 Content-Type: application/json 发送 JSON / send JSON with Content-Type: application/json",
    "invalid_request": "请求不符合接口定义，见 details / the request does not match the API schema, see details",
    "invalid_text": "文本含有无法编码的字符（孤立的代理项） / the text holds unpaired surrogate code points",
    "body_too_large": "请求体超过 {limit} 字节 / the request body is over {limit} bytes",
    "unauthorized": "缺少或错误的访问令牌 / missing or wrong bearer token",
    "reload_disabled": "未设置 REVIEW_PIPELINE_TOKEN，重新加载已停用 / reload needs REVIEW_PIPELINE_TOKEN to be set",
    "busy": "服务繁忙，请稍后重试 / the service is busy, retry later",
    "not_ready": "服务尚未就绪 / the service is not ready yet",
    "not_found": "没有这个接口 / no such endpoint",
    "method_not_allowed": "接口不支持这个方法 / method not allowed on this endpoint",
    "internal_error": "服务内部错误 / internal error",
    "policy_mismatch": "服务使用的策略与调用方不同 / the service runs another policy than the caller's",
    "invalid_base64": "data 不是合法的 Base64 / data is not valid base64",
}


class ApiError(Exception):
    """An error answer: HTTP status, code, message (Chinese / English)."""

    def __init__(
        self, status: int, code: str, message: str | None = None, headers: dict[str, str] | None = None
    ):
        super().__init__(code)
        self.status, self.code = status, code
        self.message = message or _MESSAGES[code]
        self.headers = headers


def error_response(
    status: int, code: str, message: str | None = None, details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:  # fmt: skip
    body = {"error": {"code": code, "message": message or _MESSAGES[code], "details": details or []}}
    return JSONResponse(body, status_code=status, headers=headers)


# --- the guard: body size, UTF-8, request id, access log -----------------------------------------

_bearer = HTTPBearer(auto_error=False, description="REVIEW_PIPELINE_TOKEN（设置时必填 / required when set）")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._\-]{1,64}$")


class Guard:
    """Pure ASGI middleware in front of the app.

    Refuses bodies over the limit (by Content-Length, and by counting, so a chunked body is cut
    off too) and bodies that are not UTF-8; gives each request an id; writes one JSON access-log
    line per request: method, route path, status, sizes, milliseconds, never a body, a query
    string or a client address.
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.limit = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = dict(scope.get("headers") or [])
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        state = {"status": 500, "bytes_out": 0, "bytes_in": 0}

        async def send_logged(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            elif message["type"] == "http.response.body":
                state["bytes_out"] += len(message.get("body", b""))
            await send(message)

        try:
            refusal, body = await self._read(scope, headers, receive)
            state["bytes_in"] = len(body or b"")
            if refusal is not None:
                await refusal(scope, receive, send_logged)
                return
            if body is None:
                await self.app(scope, receive, send_logged)
                return
            await self.app(scope, _replay(body, receive), send_logged)
        finally:
            access_log.info(
                "request",
                request_id=request_id,
                method=scope.get("method"),
                path=scope.get("path"),
                status=state["status"],
                bytes_in=state["bytes_in"],
                bytes_out=state["bytes_out"],
                ms=round((time.perf_counter() - started) * 1000, 1),
            )

    async def _read(
        self, scope: Scope, headers: dict[bytes, bytes], receive: Receive
    ) -> tuple[JSONResponse | None, bytes | None]:
        """(a refusal or None, the whole body or None when the method has none)."""
        if scope.get("method") not in ("POST", "PUT", "PATCH"):
            return None, None
        too_large = error_response(
            413, "body_too_large", _MESSAGES["body_too_large"].format(limit=self.limit)
        )
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > self.limit:
            return too_large, b""
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                return too_large, b""
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return error_response(400, "invalid_utf8"), body
        return None, body


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


# --- the app ---------------------------------------------------------------------------------------


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service for `settings` (default: from the environment); the uvicorn factory."""
    settings = settings or Settings.from_env()
    if os.environ.get("REVIEW_PIPELINE_LOG_JSON") == "1":
        _log_json_once()
    engine = ReviewEngine(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await asyncio.get_running_loop().run_in_executor(None, engine.start)
        yield
        engine.stop()

    app = FastAPI(
        title="review-pipeline",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        responses={422: ERRORS[422]},
    )
    app.state.engine = engine
    app.add_middleware(Guard, max_body_bytes=settings.max_body_bytes)
    _add_error_handlers(app)

    async def authorized(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> None:
        if settings.token is None:
            return
        given = credentials.credentials if credentials is not None else ""
        if not hmac.compare_digest(given.encode("utf-8"), settings.token.encode("utf-8")):
            raise ApiError(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})

    def ready_engine() -> ReviewEngine:
        if not engine.ready:
            raise ApiError(503, "not_ready", headers={"Retry-After": "1"})
        return engine

    def checked(documents: Sequence[models.Document]) -> Sequence[models.Document]:
        if len(documents) > settings.max_batch:
            raise ApiError(413, "too_many_documents",
                           f"一次最多 {settings.max_batch} 篇文档（收到 {len(documents)} 篇） / "
                           f"at most {settings.max_batch} documents per request (got {len(documents)})")  # fmt: skip
        for i, doc in enumerate(documents):
            chars = len(doc.text) + len(doc.title or "")
            if chars > settings.max_chars:
                raise ApiError(413, "document_too_long",
                               f"第 {i + 1} 篇文档有 {chars} 个字符，超过上限 {settings.max_chars} / "
                               f"document {i + 1} has {chars} characters, over the limit of {settings.max_chars}")  # fmt: skip
            try:
                doc.model_dump_json()
            except ValueError:  # unpaired surrogates: no verdict could quote this text as JSON
                raise ApiError(422, "invalid_text") from None
        return documents

    async def reviewed(documents: Sequence[models.Document]) -> list[Verdict]:
        try:
            return await ready_engine().review(checked(documents))
        except Busy:
            raise ApiError(503, "busy", headers={"Retry-After": "1"}) from None

    common: dict[str, Any] = {"responses": ERRORS, "dependencies": [Depends(authorized)]}

    @app.post(
        "/v1/review",
        response_model=Verdict,
        tags=["review"],
        summary="审核一篇文档 / review a document",
        **common,
    )
    async def review(document: Document) -> Response:
        (verdict,) = await reviewed([document])
        return Response(verdict.model_dump_json(), media_type="application/json")

    @app.post("/v1/review/batch", response_model=BatchResponse, tags=["review"],
              summary="批量审核 / review several documents", **common)  # fmt: skip
    async def review_batch(batch: BatchRequest) -> Response:
        verdicts = await reviewed(batch.documents) if batch.documents else []
        body = '{"verdicts":[' + ",".join(v.model_dump_json() for v in verdicts) + "]}"
        return Response(body, media_type="application/json")

    @app.post("/v1/redact", response_model=RedactResponse, tags=["review"],
              summary="去标识化 / de-identify a document", **common)  # fmt: skip
    async def redact(document: Document) -> Response:
        (verdict,) = await reviewed([document])
        failed = [name for name, run in verdict.checkers.items() if run.status != "ok"]
        if failed:  # fail closed: a checker that did not finish may have missed personal data
            raise ApiError(422, "redaction_incomplete",
                           f"检查器 {', '.join(failed)} 未完成，不能给出去标识化文本 / "
                           f"checker(s) {', '.join(failed)} did not finish: no de-identified text")  # fmt: skip
        redacted = verdict.redacted or {"title": document.title, "text": document.text}
        body = RedactResponse.model_validate({
            "decision": verdict.decision,
            "redacted": redacted,
            "personal_data": sum(1 for f in verdict.findings if f.rule.startswith("pii/") and f.severity != "info"),
            "policy": verdict.policy,
        })  # fmt: skip
        return Response(body.model_dump_json(), media_type="application/json")

    @app.post("/v1/check", response_model=CheckResponse, tags=["review"],
              responses={**ERRORS, 409: {"model": ErrorResponse, "description": "策略不同 / another policy"}},
              dependencies=[Depends(authorized)],
              summary="命令行 check 的服务端 / what `check --server` calls")  # fmt: skip
    async def check(request: CheckRequest) -> CheckResponse:
        from review_pipeline.io.check_run import exit_code, parse_inputs, render
        from review_pipeline.waivers import WaiverFileError, Waivers, parse_waiver_file, waiver_policy

        pipeline = await ready_engine().current()
        policy = pipeline.policy
        if request.policy_digest is not None and request.policy_digest != policy.digest:
            raise ApiError(409, "policy_mismatch")
        raw = [RawInput(i.name, _base64(i.data), i.format, i.title) for i in request.inputs]
        waiver_bytes = _base64(request.waivers.data) if request.waivers else None
        try:  # in the order a local check reads them: the waiver file stops it before any draft
            entries = parse_waiver_file(waiver_bytes, request.waivers.path) if request.waivers and waiver_bytes is not None else []
            waivers = Waivers(tuple(entries), waiver_policy(policy))
        except (WaiverFileError, PolicyError) as exc:
            return CheckResponse(output="", errors=[str(exc)], exit_code=2, policy=policy.ref)
        drafts, errors = await asyncio.get_running_loop().run_in_executor(None, parse_inputs, raw)
        verdicts = await reviewed([draft.document for _, draft in drafts]) if drafts else []
        # what `Pipeline.pipe` does with a draft's inline waivers and the file's, then `draft.locate`
        located = [
            draft.locate(waivers.apply(verdict, draft.document, draft.directives))
            for (_, draft), verdict in zip(drafts, verdicts, strict=True)
        ]
        output = render(drafts, located, request.format, request.color)
        return CheckResponse(output=output, errors=[str(e) for e in errors],
                             exit_code=exit_code(located, request.fail_on, bool(errors)), policy=policy.ref)  # fmt: skip

    @app.get("/v1/rules", response_model=RulesResponse, tags=["policy"], summary="规则清单 / rules", **common)
    async def rules() -> RulesResponse:
        pipeline = await ready_engine().current()
        rows = [r.model_dump(mode="json") for r in pipeline.rules()]  # the core's rules, then each checker's
        return RulesResponse.model_validate({"rules": rows})

    @app.get("/v1/policy", response_model=PolicyResponse, tags=["policy"],
             summary="生效的策略及摘要 / the effective policy and its digest", **common)  # fmt: skip
    async def policy() -> PolicyResponse:
        current = (await ready_engine().current()).policy
        return PolicyResponse(id=current.id, version=current.version, digest=current.digest,
                              policy=current.model_dump(mode="json"))  # fmt: skip

    reload_errors = {**ERRORS, 403: {"model": ErrorResponse, "description": "未设置令牌，重新加载已停用 / no token set"}}

    @app.post("/v1/policy/reload", response_model=ReloadResponse, tags=["policy"],
              summary="重新加载策略（需令牌）/ reload the policy (token required)",
              **{**common, "responses": reload_errors})  # fmt: skip
    async def reload() -> ReloadResponse:
        if settings.token is None:
            raise ApiError(403, "reload_disabled")
        try:
            changed, current = await ready_engine().reload()
        except PolicyError as exc:  # the running policy stays in force
            raise ApiError(
                422, "invalid_policy", f"策略有误，未重新加载 / policy not reloaded: {exc}"
            ) from None
        return ReloadResponse(changed=changed, policy=current.ref)

    @app.get("/healthz", response_model=Health, tags=["health"], summary="存活 / liveness")
    async def healthz() -> Health:
        return Health(status="ok")

    @app.get("/readyz", response_model=Health, tags=["health"], summary="就绪 / readiness",
             responses={503: ERRORS[503]})  # fmt: skip
    async def readyz() -> Health:
        return Health(status="ready", policy=ready_engine().policy.ref)

    return app


@functools.cache
def _base64(data: str) -> bytes:
    try:
        return base64.b64decode(data, validate=True)
    except ValueError:
        raise ApiError(422, "invalid_base64") from None


def _log_json_once() -> None:
    """JSON log lines on stderr, configured once per worker process (`serve` asks for them)."""
    configure_json_logging(logging.INFO)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return error_response(400, "invalid_json")
        content_type = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
        if content_type != "application/json" and not content_type.endswith("+json"):
            return error_response(415, "not_json")
        # loc, msg and type only: `input` would echo the submitted text into the answer
        details = [{"loc": [p for p in e.get("loc", ()) if isinstance(p, str | int)],
                    "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))} for e in errors[:20]]  # fmt: skip
        return error_response(422, "invalid_request", details=details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {400: "invalid_json", 404: "not_found", 405: "method_not_allowed"}.get(
            exc.status_code, "http_error"
        )
        message = _MESSAGES.get(code, f"HTTP {exc.status_code}")
        return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def internal(_request: Request, exc: Exception) -> JSONResponse:
        log.error("internal_error", error=type(exc).__name__)
        return error_response(500, "internal_error")


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document (no pipeline is built)."""
    schema: dict[str, Any] = json.loads(json.dumps(create_app(Settings(warm_up=False)).openapi()))
    return schema
