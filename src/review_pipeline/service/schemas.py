"""Request and response bodies of the HTTP API (the Document and Verdict are the library's own)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from review_pipeline import models
from review_pipeline.models import Decision, PolicyRef, Redacted, Verdict


class Document(models.Document):
    """一篇待审核的稿件 / a post to review: the library's Document, read as its JSON schema says
    (`published_at` an ISO 8601 date-time string, never a number a lax parser would guess at)."""

    @field_validator("published_at", mode="before")
    @classmethod
    def _iso_string(cls, value: Any) -> Any:
        if value is not None and not isinstance(value, str):
            raise ValueError("published_at 须为 ISO 8601 日期时间字符串 / must be an ISO 8601 date-time string")
        return value


class BatchRequest(BaseModel):
    """Several documents reviewed in one call (batched through the checkers)."""

    model_config = ConfigDict(extra="forbid")

    documents: list[Document] = Field(
        description="要审核的文档 / the documents, at most the service's batch limit"
    )


class BatchResponse(BaseModel):
    """One verdict per document, in request order."""

    verdicts: list[Verdict]


class RedactResponse(BaseModel):
    """The de-identified title and text of a document, and how it was reviewed."""

    decision: Decision
    redacted: Redacted
    personal_data: int = Field(
        description="去标识化的个人信息处数 / personal-information findings de-identified"
    )
    policy: PolicyRef


class RuleRow(BaseModel):
    """A rule the service's pipeline can report."""

    model_config = ConfigDict(extra="allow")

    rule: str
    severity: str
    legal_basis: str | None = None
    description: str = ""


class RulesResponse(BaseModel):
    rules: list[RuleRow]


class PolicyResponse(BaseModel):
    """The effective policy (after `extends`), and its digest (covers every word list it names)."""

    id: str
    version: str
    digest: str
    policy: dict[str, Any]


class ReloadResponse(BaseModel):
    changed: bool
    policy: PolicyRef


# exactly what `base64.b64decode(..., validate=True)` accepts (padded, standard alphabet)
BASE64 = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"


class CheckInput(BaseModel):
    """One input of `review-pipeline check`, as its bytes: a draft file (txt, md, html, docx)
    or JSON Document objects (`format: json`)."""

    model_config = ConfigDict(extra="forbid", strict=True)  # 0 is not false, 1 is not "1"

    name: str = Field(max_length=4096, description="显示的文件名（决定格式）/ the name shown, its suffix picks the format")
    data: str = Field(pattern=BASE64, description="文件内容，Base64 / the input's bytes, base64")
    format: Literal["txt", "md", "html", "docx", "json"] | None = Field(
        default=None, description="格式，缺省按文件名后缀 / the format, else from the name's suffix"
    )
    title: str | None = Field(default=None, description="--title")


class WaiverFileInput(BaseModel):
    """The caller's waiver file: the path its errors name, and its bytes."""

    model_config = ConfigDict(extra="forbid", strict=True)  # 0 is not false, 1 is not "1"

    path: str = Field(max_length=4096)
    data: str = Field(pattern=BASE64, description="Base64")


class CheckRequest(BaseModel):
    """What `review-pipeline check --server` sends: its inputs and options, so that the service
    prints exactly what a local `check` would."""

    model_config = ConfigDict(extra="forbid", strict=True)  # 0 is not false, 1 is not "1"

    policy_digest: str | None = Field(
        default=None, description="调用方所用策略的摘要；与服务不同则 409 / the caller's policy digest: 409 if it differs"
    )
    inputs: list[CheckInput]
    waivers: WaiverFileInput | None = None
    format: Literal["text", "line", "json", "sarif", "github"] = "text"
    fail_on: Literal["block", "review"] = "block"
    color: bool = False


class CheckResponse(BaseModel):
    """What `check` prints and returns."""

    output: str = Field(description="标准输出 / standard output")
    errors: list[str] = Field(description="错误行（不含程序名前缀）/ error lines, without the program's prefix")
    exit_code: int = Field(description="0 通过，1 不通过，2 输入或豁免文件错误 / 0 pass, 1 failed, 2 input error")
    policy: PolicyRef


class Health(BaseModel):
    status: Literal["ok", "ready", "starting"]
    policy: PolicyRef | None = None


class ErrorDetail(BaseModel):
    loc: list[str | int] = Field(default_factory=list)
    msg: str
    type: str


class ErrorBody(BaseModel):
    code: str = Field(description="机器可读的错误码 / machine-readable error code")
    message: str = Field(description="中文 / English message; never quotes the submitted text")
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorResponse(BaseModel):
    error: ErrorBody
