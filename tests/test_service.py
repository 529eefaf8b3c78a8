"""The HTTP service, called as publishing systems call it: a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from review_pipeline.models import Document, Verdict
from review_pipeline.pipeline import Pipeline
from review_pipeline.policy import load_policy
from tests.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "s3cret-token-for-tests"
PHONE = "13912345678"
POST = Document(
    id="2026-1130-001",
    account="某市发布",
    title="关于开展冬季消防安全检查的通知",
    text=f"市应急管理局提醒：冬季用火用电增多，请市民注意安全。如发现隐患，可联系网格员王建国，电话 {PHONE}。",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(
        tmp_path_factory.mktemp("svc") / "server.log",
        REVIEW_PIPELINE_TOKEN=TOKEN,
        REVIEW_PIPELINE_MAX_BODY_BYTES="200000",
        REVIEW_PIPELINE_MAX_CHARS="5000",
        REVIEW_PIPELINE_MAX_BATCH="5",
    )
    yield live
    live.stop()


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_policy("default")


def _without_timings(verdict: dict) -> dict:
    return {**verdict, "checkers": {name: {**run, "ms": 0} for name, run in verdict["checkers"].items()}}


def test_review_answers_the_library_verdict(server: LiveServer, pipeline: Pipeline):
    with server.client() as client:
        response = client.post("/v1/review", json=POST.model_dump(mode="json"))
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    answer = response.json()
    Verdict.model_validate(answer)
    expected = pipeline.review(POST).model_dump(mode="json")
    assert _without_timings(answer) == _without_timings(expected)
    assert answer["decision"] == "block" and any(f["rule"] == "pii/CN_MOBILE" for f in answer["findings"])
    assert PHONE not in answer["redacted"]["text"]


def test_batch_keeps_order_and_ids(server: LiveServer):
    docs = [{"id": f"d{i}", "text": text} for i, text in enumerate(["今日天气晴。", POST.text, "欢迎市民参观图书馆新馆。"])]
    with server.client() as client:
        response = client.post("/v1/review/batch", json={"documents": docs})
        empty = client.post("/v1/review/batch", json={"documents": []})
    assert response.status_code == 200
    verdicts = response.json()["verdicts"]
    assert [v["document_id"] for v in verdicts] == ["d0", "d1", "d2"]
    assert [v["decision"] for v in verdicts] == ["pass", "block", "pass"]
    assert empty.status_code == 200 and empty.json() == {"verdicts": []}


def test_redact_gives_the_de_identified_text(server: LiveServer):
    with server.client() as client:
        answer = client.post("/v1/redact", json={"text": POST.text}).json()
    assert PHONE not in answer["redacted"]["text"] and "139****5678" in answer["redacted"]["text"]
    assert answer["personal_data"] >= 1 and answer["decision"] == "block"


def test_policy_rules_and_health(server: LiveServer):
    policy = load_policy("default")
    with server.client() as client:
        served = client.get("/v1/policy").json()
        rules = client.get("/v1/rules").json()["rules"]
        health = client.get("/healthz")
        ready = client.get("/readyz").json()
    assert served["digest"] == policy.digest and served["policy"]["id"] == policy.id
    assert {"pipeline/checker_timeout", "pii/CN_MOBILE"} <= {r["rule"] for r in rules}
    assert health.json() == {"status": "ok", "policy": None}
    assert ready["policy"]["digest"] == policy.digest


def test_token_is_required_on_the_api_but_not_on_health(server: LiveServer):
    with server.client(token="") as anonymous, server.client(token="wrong") as wrong:
        for client in (anonymous, wrong):
            response = client.post("/v1/review", json={"text": "测试"})
            assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
            assert "令牌" in response.json()["error"]["message"] and "token" in response.json()["error"]["message"]
        assert anonymous.get("/healthz").status_code == 200
        assert anonymous.get("/readyz").status_code == 200


@pytest.mark.parametrize(
    ("body", "headers", "status", "code"),
    [
        (b'{"text": "\xe6\xb5\x8b\xe8\xaf\x95', {}, 400, "invalid_json"),  # cut off
        (b'{"text": "\xff\xfe\xfd"}', {}, 400, "invalid_utf8"),
        (b'{"text": 42}', {}, 422, "invalid_request"),
        (b'{"text": "x", "kind": "rumour"}', {}, 422, "invalid_request"),
        (b'{"text": "x", "unknown_field": 1}', {}, 422, "invalid_request"),
        (b'["not", "an", "object"]', {}, 422, "invalid_request"),
        (b'{"text": "\\ud800"}', {}, 422, "invalid_text"),
        (b'{"text": "x"}', {"Content-Type": "text/plain"}, 415, "not_json"),
        (b'{"text": "' + "长" .encode() * 6000 + b'"}', {}, 413, "document_too_long"),
        (b'{"text": "' + b"x" * 300_000 + b'"}', {}, 413, "body_too_large"),
    ],
)
def test_bad_input_gets_a_clear_4xx(server: LiveServer, body: bytes, headers: dict, status: int, code: str):
    with server.client() as client:
        response = client.post("/v1/review", content=body, headers={"Content-Type": "application/json", **headers})
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert " / " in error["message"]  # 中文 / English
    assert "长长长" not in response.text and "xxxx" not in response.text  # never echoes the text


def test_too_many_documents_and_unknown_paths(server: LiveServer):
    with server.client() as client:
        many = client.post("/v1/review/batch", json={"documents": [{"text": "一"}] * 6})
        missing = client.get("/v1/nothing")
        wrong_method = client.get("/v1/review")
    assert many.status_code == 413 and many.json()["error"]["code"] == "too_many_documents"
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert wrong_method.status_code == 405 and "allow" in wrong_method.headers


def test_chunked_body_over_the_limit_is_cut_off(server: LiveServer):
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(30):
            yield b"y" * 10_000
        yield b'"}'

    with server.client() as client:
        response = client.post("/v1/review", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_access_log_is_json_without_text_or_personal_data(server: LiveServer):
    marker = "独一无二的测试标记文字"
    with server.client() as client:
        client.post("/v1/review", json={"text": f"{marker}，联系电话 {PHONE}", "title": marker},
                    headers={"X-Request-ID": "req-123"})  # fmt: skip
    time.sleep(0.3)
    logs = server.logs()
    assert marker not in logs and PHONE not in logs and "139****" not in logs
    events = [json.loads(line) for line in logs.splitlines() if line.startswith("{")]
    mine = [e for e in events if e.get("request_id") == "req-123"]
    assert mine and mine[0]["event"] == "request" and mine[0]["path"] == "/v1/review" and mine[0]["status"] == 200
    assert "client" not in mine[0] and "query" not in mine[0]


def test_reload_picks_up_a_changed_policy_by_digest(tmp_path: Path):
    policy = tmp_path / "city.yaml"
    policy.write_text("extends: default\nid: city\n", encoding="utf-8")
    live = LiveServer(tmp_path / "server.log", policy=str(policy), REVIEW_PIPELINE_TOKEN=TOKEN)
    try:
        with live.client() as client, live.client(token="") as anonymous:
            before = client.get("/v1/policy").json()["digest"]
            assert client.post("/v1/policy/reload").json()["changed"] is False
            policy.write_text("extends: default\nid: city\nrules:\n  pii/CN_MOBILE: {severity: warning}\n", encoding="utf-8")
            assert anonymous.post("/v1/policy/reload").status_code == 401
            answer = client.post("/v1/policy/reload").json()
            assert answer["changed"] is True and answer["policy"]["digest"] != before
            verdict = client.post("/v1/review", json={"text": f"电话 {PHONE}"}).json()
            assert verdict["policy"]["digest"] == answer["policy"]["digest"] and verdict["decision"] == "review"
            policy.write_text("extends: default\nrules: [broken\n", encoding="utf-8")
            broken = client.post("/v1/policy/reload")
            assert broken.status_code == 422 and broken.json()["error"]["code"] == "invalid_policy"
            assert client.get("/v1/policy").json()["digest"] == answer["policy"]["digest"]  # still in force
    finally:
        live.stop()


def test_deadline_blocks_instead_of_passing(monkeypatch: pytest.MonkeyPatch, pipeline: Pipeline):
    from review_pipeline.service import engine as engine_module
    from review_pipeline.service.settings import Settings

    def slow(_pipeline: Pipeline, documents: list[Document], timeout_s: float | None) -> list[Verdict]:
        time.sleep(1.0)
        return list(_pipeline.pipe(documents))

    monkeypatch.setattr(engine_module, "review_documents", slow)
    engine = engine_module.ReviewEngine(Settings(deadline_s=0.2, warm_up=False))
    engine.pipeline = pipeline
    try:
        verdicts = asyncio.run(engine.review([Document(text="今日天气晴。", id="late")]))
    finally:
        engine.stop()
    (verdict,) = verdicts
    assert verdict.decision == "block" and verdict.document_id == "late"
    assert verdict.findings[0].rule == "pipeline/checker_timeout"
    assert all(run.status == "timeout" for run in verdict.checkers.values())


def test_busy_worker_answers_503_not_an_unbounded_queue(pipeline: Pipeline):
    from review_pipeline.service.engine import Busy, ReviewEngine
    from review_pipeline.service.settings import Settings

    engine = ReviewEngine(Settings(max_inflight=1, warm_up=False))
    engine.pipeline = pipeline
    engine._admit()  # one request in hand
    try:
        with pytest.raises(Busy):
            asyncio.run(engine.review([Document(text="一")]))
    finally:
        engine._release()
        engine.stop()


def test_committed_openapi_document_is_the_apps():
    from review_pipeline.service import openapi_document

    committed = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
    assert committed == openapi_document(), "regenerate: review-pipeline serve --openapi > openapi.json"


AD = "本店限时秒杀，全网最低价，欢迎购买！联系人王建国，电话 13912345678。"


def _write_case(case: str, folder: Path) -> list[str]:
    """Inputs of one `check` call in `folder` (its arguments after `check`)."""
    draft = folder / "post.md"
    draft.write_text(f"# {POST.title}\n\n{POST.text}\n", encoding="utf-8")
    if case == "one markdown draft":
        return [str(draft)]
    if case == "inline and file waivers":
        waived = folder / "ad.md"
        waived.write_text(f"<!-- review-pipeline: allow ads/* 理由：转载的案例通报原文 -->\n{AD}\n", encoding="utf-8")
        verdict = Pipeline.from_policy("default").review(POST.text)
        mobile = next(f for f in verdict.findings if f.rule == "pii/CN_MOBILE")
        (folder / ".review-waivers.yaml").write_text(
            f"waivers:\n  - fingerprint: {mobile.fingerprint}\n    rule: pii/CN_MOBILE\n    reason: 公开的服务电话\n",
            encoding="utf-8",
        )
        return [str(draft), str(waived)]
    if case == "a folder with an unreadable draft":
        (folder / "sub").mkdir()
        (folder / "sub" / "broken.docx").write_bytes(b"PK\x03\x04 not really a docx")
        (folder / "sub" / "ad.txt").write_text(AD, encoding="utf-8")
        return [str(folder)]
    if case == "JSON documents with a title":
        docs = [POST.model_dump(mode="json", exclude_none=True), {"text": AD, "title": "促销"}]
        (folder / "docs.json").write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
        return ["--json", str(folder / "docs.json"), "--format", "json"]
    if case == "a broken waiver file":
        (folder / ".review-waivers.yaml").write_text("waivers: [unclosed\n", encoding="utf-8")
        return [str(draft)]
    if case == "a string in SARIF, failing on review":
        return ["--string", AD, "--title", "促销", "--format", "sarif", "--fail-on", "review"]
    raise AssertionError(case)


@pytest.mark.parametrize("case", [
    "one markdown draft", "inline and file waivers", "a folder with an unreadable draft",
    "JSON documents with a title", "a broken waiver file", "a string in SARIF, failing on review",
])  # fmt: skip
def test_check_with_server_prints_what_a_local_check_prints(server: LiveServer, tmp_path: Path, case: str):
    arguments = _write_case(case, tmp_path)
    command = [sys.executable, "-m", "review_pipeline", "check", "--color", "never", *arguments]
    env = {"REVIEW_PIPELINE_TOKEN": TOKEN, "PATH": "/usr/bin:/bin", "REVIEW_PIPELINE_CACHE": str(tmp_path / "cache")}
    env.update({k: v for k, v in __import__("os").environ.items() if k in ("PYTHONPATH", "HOME")})
    local = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path)
    remote = subprocess.run([*command, "--server", server.url], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "reviewing here instead" not in remote.stderr

    def printed(run: subprocess.CompletedProcess[str]) -> tuple[int, str, str]:
        return run.returncode, re.sub(r'"ms": [0-9.]+', '"ms": 0', run.stdout), run.stderr  # timings differ

    assert printed(remote) == printed(local)
    assert local.stdout or local.returncode == 2


def test_check_with_server_imports_no_pydantic_yaml_or_checker(server: LiveServer, tmp_path: Path):
    probe = (
        "import sys; from review_pipeline.cli import main; "
        f"code = main(['check', '--server', {server.url!r}, '--string', {AD!r}]); "
        "heavy = sorted(m for m in ('pydantic', 'yaml', 'numpy', 'rich', 'review_pipeline.policy', "
        "'review_pipeline.pipeline') if m in sys.modules); print('CODE', code, 'HEAVY', heavy)"
    )
    env = {**__import__("os").environ, "REVIEW_PIPELINE_TOKEN": TOKEN, "REVIEW_PIPELINE_CACHE": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "CODE 1" in first.stdout, first.stdout + first.stderr  # the policy digest is remembered now
    again = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "CODE 1 HEAVY []" in again.stdout, again.stdout + again.stderr


def test_check_with_another_policy_is_reviewed_locally(server: LiveServer, tmp_path: Path):
    (tmp_path / ".review-pipeline.yaml").write_text("extends: default\nid: city\n", encoding="utf-8")
    env = {**__import__("os").environ, "REVIEW_PIPELINE_TOKEN": TOKEN, "REVIEW_PIPELINE_CACHE": str(tmp_path / "c")}
    result = subprocess.run([sys.executable, "-m", "review_pipeline", "check", "--server", server.url, "--string", AD],
                            capture_output=True, text=True, env=env, cwd=tmp_path)  # fmt: skip
    assert result.returncode == 1 and "another policy" in result.stderr and "ads/" in result.stdout


def test_check_endpoint_refuses_another_digest_and_bad_base64(server: LiveServer):
    with server.client() as client:
        other = client.post("/v1/check", json={"policy_digest": "sha256:0", "inputs": []})
        assert other.status_code == 409 and other.json()["error"]["code"] == "policy_mismatch"
        bad = client.post("/v1/check", json={"inputs": [{"name": "a.txt", "data": "***"}]})
        assert bad.status_code == 422 and bad.json()["error"]["details"][0]["loc"][-1] == "data"


def test_policy_digest_memo_follows_an_edited_word_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from review_pipeline.discovery import policy_digest

    monkeypatch.setenv("REVIEW_PIPELINE_CACHE", str(tmp_path / "cache"))
    words = tmp_path / "city_words.txt"
    words.write_text("秒杀\tads\n", encoding="utf-8")
    policy = tmp_path / "city.yaml"
    policy.write_text(f"extends: default\nid: city\ncheckers:\n  sensitive:\n    lexicons:\n      - {words}\n",
                      encoding="utf-8")  # fmt: skip
    first = policy_digest(str(policy))
    assert first == load_policy(str(policy)).digest and policy_digest(str(policy)) == first
    words.write_text("秒杀\tads\n抢购\tads\n", encoding="utf-8")  # the word list changes, the policy file does not
    assert policy_digest(str(policy)) == load_policy(str(policy)).digest != first


def test_check_falls_back_to_a_local_review_when_no_server_answers(tmp_path: Path):
    import os

    env = {**os.environ, "REVIEW_PIPELINE_SERVER": "http://127.0.0.1:9"}
    result = subprocess.run([sys.executable, "-m", "review_pipeline", "check", "--string", "今日天气晴。"],
                            capture_output=True, text=True, env=env, cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0 and "reviewing here instead" in result.stderr and "pass" in result.stdout


def test_httpx_client_sees_request_ids(server: LiveServer):
    with server.client() as client:
        response = client.get("/healthz", headers={"X-Request-ID": "abc-1"})
        generated = client.get("/healthz")
    assert response.headers["x-request-id"] == "abc-1"
    assert len(generated.headers["x-request-id"]) == 32
    assert isinstance(httpx.__version__, str)


def test_two_workers_all_pick_up_a_reload(tmp_path: Path):
    policy = tmp_path / "city.yaml"
    policy.write_text("extends: default\nid: city\n", encoding="utf-8")
    live = LiveServer(tmp_path / "server.log", policy=str(policy), workers=2, REVIEW_PIPELINE_TOKEN=TOKEN)
    try:
        with live.client() as client:
            policy.write_text("extends: default\nid: city\nversion: '2'\n", encoding="utf-8")
            new = client.post("/v1/policy/reload").json()["policy"]["digest"]
            # new connections spread over both workers; each must answer with the new policy
            for _ in range(8):
                with live.client() as fresh:
                    assert fresh.get("/v1/policy").json()["digest"] == new
                    assert fresh.post("/v1/review", json={"text": "今日天气晴。"}).json()["policy"]["digest"] == new
    finally:
        live.stop()
