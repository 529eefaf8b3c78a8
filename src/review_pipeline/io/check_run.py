"""What `check` does with its inputs once read, in one place for both ways it runs: parse the
raw inputs into drafts, and render the verdicts. A local `check` and the service's
`POST /v1/check` (what `check --server` calls) use these same functions, so they print the same.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from review_pipeline.io.draft import Draft
from review_pipeline.io.errors import InputError
from review_pipeline.io.raw import JSON, RawInput
from review_pipeline.io.readers import decode, draft_from_bytes
from review_pipeline.io.sourcemap import TextBuilder
from review_pipeline.io.writers import RENDERERS, Reviewed, render_text
from review_pipeline.models import Document, Verdict

EXIT_PASS, EXIT_FAIL, EXIT_ERROR = 0, 1, 2  # = cli's


def parse_inputs(raw: Sequence[RawInput]) -> tuple[list[tuple[str, Draft]], list[InputError]]:
    """(shown name, draft) of each input (a JSON input gives one per document), and the inputs
    that cannot be read as drafts (each an `InputError` naming it; the others go on)."""
    drafts: list[tuple[str, Draft]] = []
    errors: list[InputError] = []
    for item in raw:
        try:
            if item.fmt == JSON:
                drafts.extend(_json_drafts(item))
                continue
            draft = draft_from_bytes(item.data, item.name, item.fmt)
            if item.title is not None:
                draft.document = draft.document.model_copy(update={"title": item.title})
            drafts.append((item.name, draft))
        except InputError as exc:
            errors.append(exc)
    return drafts, errors


def _json_drafts(item: RawInput) -> list[tuple[str, Draft]]:
    """Documents from JSON (an object, an array, or one object a line), each reviewed as given:
    offsets index its `text` and `title`, lines and columns count in them."""
    name = item.name
    text = decode(item.data, name)
    try:
        parsed = json.loads(text)
        items = parsed if isinstance(parsed, list) else [parsed]
    except json.JSONDecodeError as first:
        try:  # JSON lines
            items = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError:
            raise InputError(
                name, f"不是合法的 JSON（第 {first.lineno} 行第 {first.colno} 列）/ not valid JSON"
            ) from None
    documents = []
    for i, value in enumerate(items, 1):
        try:
            documents.append(Document.model_validate(value))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(map(str, err["loc"])) or "document"
            raise InputError(name, f"第 {i} 个文档 {where}: {err['msg']}") from None
    out = []
    for i, doc in enumerate(documents, 1):
        shown = doc.id or (name if len(documents) == 1 else f"{name}#{i}")
        out.append((shown, document_draft(shown, doc)))
    return out


def document_draft(name: str, document: Document) -> Draft:
    """A Draft whose source is the document itself (no comments stripped, no inline waivers)."""

    def identity(text: str) -> Any:
        builder = TextBuilder()
        builder.copy(text, 0, len(text))
        return builder.build(text)[1]

    title_map = identity(document.title) if document.title else None
    return Draft(name, "json", document, identity(document.text), title_map, [], document.text)


def render(drafts: Sequence[tuple[str, Draft]], verdicts: Sequence[Verdict], fmt: str, color: bool | None) -> str:
    """The report of a check in `fmt` (`text`, `line`, `json`, `sarif`, `github`)."""
    results = [
        Reviewed(name, verdict, draft.document, draft.end_position)
        for (name, draft), verdict in zip(drafts, verdicts, strict=True)
    ]
    out = io.StringIO()
    if fmt == "text":
        render_text(results, out, color=color)
    else:
        RENDERERS[fmt](results, out)
    return out.getvalue()


def exit_code(verdicts: Sequence[Verdict], fail_on: str, input_error: bool) -> int:
    """2 when an input could not be read, else 1 when a verdict fails `--fail-on`, else 0."""
    if input_error:
        return EXIT_ERROR
    bad = {"block"} if fail_on == "block" else {"block", "review"}
    return EXIT_FAIL if any(v.decision in bad for v in verdicts) else EXIT_PASS
