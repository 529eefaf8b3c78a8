"""`review-pipeline check / redact / waive` for editors: formats, stdin, exit codes, waivers."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from review_pipeline.cli import main
from review_pipeline.io.readers import read_draft
from tests.test_io import DRAFTS, MOBILE, make_docx, make_editor_policy


@pytest.fixture
def editor_policy(install_plugin, tmp_path: Path) -> str:
    return make_editor_policy(install_plugin, tmp_path)



def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_exit_codes(editor_policy: str, capsys):
    assert run(capsys, "check", "--policy", editor_policy, str(DRAFTS / "clean.md"))[0] == 0
    assert run(capsys, "check", "--policy", editor_policy, str(DRAFTS / "bad.md"))[0] == 1
    # a warning only (the mobile number) passes, unless --fail-on review
    soft = ["--policy", editor_policy, "--string", f"联系电话 {MOBILE}"]
    assert run(capsys, "check", *soft)[0] == 0
    assert run(capsys, "check", "--fail-on", "review", *soft)[0] == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [("image.txt", "binary file"), ("missing.md", "no such file"), ("notes.pdf", "unknown file type")],
)
def test_unreadable_file_is_exit_2_with_one_line(editor_policy: str, capsys, tmp_path: Path, name: str, message: str):
    path = DRAFTS / name if (DRAFTS / name).exists() else tmp_path / name
    if name.endswith(".pdf"):
        path.write_bytes(b"%PDF-1.4")
    code, out, err = run(capsys, "check", "--policy", editor_policy, str(DRAFTS / "clean.md"), str(path))
    assert code == 2
    assert err.count("\n") == 1 and str(path) in err and message in err and "Traceback" not in err
    assert "clean.md" in out  # the readable draft was still reviewed


def test_stdin_with_filename_picks_the_format(editor_policy: str, capsys, monkeypatch):
    data = (DRAFTS / "wechat.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, _ = run(capsys, "check", "--policy", editor_policy, "--stdin", "--stdin-filename",
                       "posts/wechat.html", "--format", "line")  # fmt: skip
    assert code == 1
    assert out.startswith("posts/wechat.html:15:35: error rp_ed_word/hit")


def test_formats_from_the_command_line(editor_policy: str, capsys):
    for fmt in ("json", "sarif"):
        code, out, _ = run(capsys, "check", "--policy", editor_policy, "--format", fmt, str(DRAFTS / "bad.md"))
        assert code == 1 and json.loads(out) and MOBILE not in out
    code, out, _ = run(capsys, "check", "--policy", editor_policy, "--format", "github", str(DRAFTS / "bad.md"))
    assert out.startswith("::")


def test_redact_markdown_html_and_gb18030(editor_policy: str, capsys, tmp_path: Path):
    for name in ("bad.md", "wechat.html"):
        out = tmp_path / name
        code, _, err = run(capsys, "redact", "--policy", editor_policy, str(DRAFTS / name), "-o", str(out))
        assert code == 0, err
        written = out.read_text(encoding="utf-8")
        mask = "138\\*\\*\\*\\*8000" if name.endswith(".md") else "138****8000"  # escaped: not emphasis
        assert MOBILE not in written and mask in written
        original = (DRAFTS / name).read_text(encoding="utf-8")
        assert written == original.replace(MOBILE, mask)  # markup untouched
        assert read_draft(out).document.text == read_draft(DRAFTS / name).document.text.replace(MOBILE, "138****8000")
    gb = tmp_path / "gb.txt"
    gb.write_bytes(f"请联系{MOBILE}。\n".encode("gb18030"))
    assert run(capsys, "redact", "--policy", editor_policy, str(gb), "-o", str(tmp_path / "gb-out.txt"))[0] == 0
    assert (tmp_path / "gb-out.txt").read_bytes() == "请联系138****8000。\n".encode("gb18030")


def test_redact_docx_keeps_formatting(editor_policy: str, capsys, tmp_path: Path):
    import docx

    src = make_docx(tmp_path / "notice.docx")
    out = tmp_path / "notice-redacted.docx"
    assert run(capsys, "redact", "--policy", editor_policy, str(src), "-o", str(out))[0] == 0
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert not any(MOBILE in t for t in texts) and any("138****8000" in t for t in texts)
    assert document.paragraphs[0].style.name == "Title"
    assert [r.text for r in document.paragraphs[1].runs if r.bold] == ["限时秒杀"]
    assert document.tables[0].cell(0, 1).text == "李先生 138****8000"
    assert MOBILE not in "".join(p.text for p in paragraphs_of(out))


def paragraphs_of(path: Path):
    import docx

    from review_pipeline.io.docx import paragraphs

    return paragraphs(docx.Document(str(path)))


def test_redact_refuses_a_different_output_format(editor_policy: str, capsys, tmp_path: Path):
    code, _, err = run(capsys, "redact", "--policy", editor_policy, str(DRAFTS / "bad.md"), "-o", str(tmp_path / "x.txt"))
    assert code == 2 and "same format" in err


def test_waive_adds_entries_and_check_honours_them(editor_policy: str, capsys, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    draft = tmp_path / "post.md"
    draft.write_text("现场限时秒杀灭火器。\n", encoding="utf-8")
    assert run(capsys, "check", "--policy", editor_policy, "post.md")[0] == 1
    code, _, err = run(capsys, "waive", "--policy", editor_policy, "post.md", "--reason", "活动名称", "--by", "张编辑")
    assert code == 0 and "1 waiver(s) added" in err
    assert (tmp_path / ".review-waivers.yaml").is_file()
    code, out, _ = run(capsys, "check", "--policy", editor_policy, "post.md")
    assert code == 0 and "已豁免：活动名称，张编辑" in out
    # edits elsewhere keep the waiver; waiving twice adds nothing
    draft.write_text("导语。\n\n现场限时秒杀灭火器。\n", encoding="utf-8")
    assert run(capsys, "check", "--policy", editor_policy, "post.md")[0] == 0
    run(capsys, "waive", "--policy", editor_policy, "post.md", "--reason", "再次")
    assert (tmp_path / ".review-waivers.yaml").read_text(encoding="utf-8").count("fingerprint:") == 1


def test_waive_refuses_forbidden_rules(editor_policy: str, capsys, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    strict = tmp_path / "strict.yaml"
    strict.write_text(f"extends: {editor_policy}\nwaivers: {{forbid: ['rp_ed_word/*']}}\n", encoding="utf-8")
    (tmp_path / "post.txt").write_text("限时秒杀\n", encoding="utf-8")
    code, _, err = run(capsys, "waive", "--policy", str(strict), "post.txt", "--reason", "想要发布")
    assert code == 1 and "not waivable: rp_ed_word/hit" in err


def test_positions_in_line_output_match_the_source(editor_policy: str, capsys):
    _, out, _ = run(capsys, "check", "--policy", editor_policy, "--format", "line", str(DRAFTS / "bad.md"))
    source = (DRAFTS / "bad.md").read_text(encoding="utf-8").splitlines()
    draft = read_draft(DRAFTS / "bad.md")
    assert draft.document.title
    for row in out.splitlines():
        _, line, col = row.split(": ")[0].rsplit(":", 2)
        assert source[int(line) - 1][int(col) - 1 :].startswith(("秒杀", "13800"))
