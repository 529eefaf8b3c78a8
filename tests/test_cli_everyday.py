"""Everyday command line: version, folders, UTF-16, JSON documents, config discovery, policy
show, Chinese help, `python -m review_pipeline`, and a start-up that loads only what a call needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from review_pipeline import __version__, cli
from review_pipeline.cli import main
from review_pipeline.policy import load_policy

ROOT = Path(__file__).resolve().parents[1]
PHONE = "13912345678"
NOTICE = "市文旅局提醒：国庆假期请市民错峰出行，注意安全。"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def python_m(*argv: str, cwd: Path | None = None, env: dict[str, str] | None = None,
             stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:  # fmt: skip
    environ = {k: v for k, v in os.environ.items() if not k.startswith("REVIEW_PIPELINE_")}
    environ.update(env or {})
    return subprocess.run([sys.executable, "-m", "review_pipeline", *argv], capture_output=True, cwd=cwd,
                          env=environ, input=stdin)  # fmt: skip


def test_version_and_python_m_work_like_the_script():
    result = python_m("--version")
    assert result.returncode == 0 and result.stdout.decode().strip() == f"review-pipeline {__version__}"
    assert __version__ == "0.2.0"
    check = python_m("check", "--string", f"联系电话 {PHONE}", "--format", "json")
    assert check.returncode == 1 and json.loads(check.stdout)[0]["verdict"]["decision"] == "block"


def test_help_is_chinese():
    result = python_m("check", "--help")
    text = result.stdout.decode()
    assert result.returncode == 0 and "用法：" in text and "选项" in text and "显示帮助并退出" in text
    assert "稿件文件或文件夹" in text and "show this help" not in text


def test_check_dir_reviews_every_draft_recursively(capsys, tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "a" / "notice.md").write_text(f"# 通知\n\n{NOTICE}\n", encoding="utf-8")
    (tmp_path / "a" / "b" / "contact.txt").write_text(f"联系人电话 {PHONE}。\n", encoding="utf-8")
    (tmp_path / "a" / "b" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / ".git" / "COMMIT_EDITMSG.txt").write_text(f"电话 {PHONE}", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "json", str(tmp_path))
    paths = [Path(r["path"]).relative_to(tmp_path).as_posix() for r in json.loads(out)]
    assert paths == ["a/notice.md", "a/b/contact.txt"]
    assert code == 1


def test_utf16_with_bom_is_read(capsys, tmp_path: Path):
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        draft = tmp_path / f"notepad-{codec}.txt"
        draft.write_bytes(bom + f"联系人王建国，电话 {PHONE}。\r\n".encode(codec))
        code, out, err = run(capsys, "check", "--format", "json", str(draft))
        assert code == 1 and not err, err
        findings = json.loads(out)[0]["verdict"]["findings"]
        assert any(f["rule"] == "pii/CN_MOBILE" for f in findings)


def test_json_document_on_stdin_carries_every_field():
    doc = {
        "id": "post-42", "account": "某市发布", "title": "消防检查", "text": "近日，我市开展消防安全检查。",
        "kind": "repost", "source": None, "original_title": None, "disclosure": None,
        "published_at": "2026-11-30T08:00:00+08:00", "meta": {"editor": "张编辑"},
    }  # fmt: skip
    result = python_m("check", "--json", "-", "--format", "json", stdin=json.dumps(doc).encode())
    (row,) = json.loads(result.stdout)
    assert row["path"] == "post-42" and row["verdict"]["account"] == "某市发布"
    assert [f["rule"] for f in row["verdict"]["findings"]] == ["attribution/missing_source"]  # kind reached it
    sourced = {**doc, "source": "新华社", "original_title": "消防检查"}
    lines = "\n".join(json.dumps(d) for d in (sourced, {"text": f"电话 {PHONE}"}))
    result = python_m("check", "--json", "-", "--format", "json", stdin=lines.encode())
    rows = json.loads(result.stdout)
    assert [r["verdict"]["decision"] for r in rows] == ["pass", "block"] and rows[1]["path"] == "<stdin>#2"


@pytest.mark.parametrize(
    ("payload", "message"),
    [(b'{"text": ', "JSON"), (b'{"text": "x", "kind": "rumour"}', "kind"), (b'{"txt": "x"}', "text")],
)
def test_bad_json_document_is_one_error_line(payload: bytes, message: str):
    result = python_m("check", "--json", "-", stdin=payload)
    err = result.stderr.decode()
    assert result.returncode == 2 and err.count("\n") == 1 and message in err and "Traceback" not in err


def test_config_discovered_upward_then_environment(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    repo = tmp_path / "repo"
    (repo / "drafts" / "2026").mkdir(parents=True)
    (repo / ".review-pipeline.yaml").write_text(
        "extends: default\nid: city\nrules:\n  pii/CN_MOBILE: {severity: warning}\n", encoding="utf-8"
    )
    draft = repo / "drafts" / "2026" / "post.txt"
    draft.write_text(f"联系电话 {PHONE}。\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # found from the draft, not from the working folder
    code, out, _ = run(capsys, "check", "--format", "json", str(draft))
    verdict = json.loads(out)[0]["verdict"]
    assert code == 0 and verdict["decision"] == "review" and verdict["policy"]["id"] == "city"
    code, out, _ = run(capsys, "check", "--format", "json", "--policy", "default", str(draft))
    assert code == 1 and json.loads(out)[0]["verdict"]["policy"]["id"] == "default"  # --policy wins
    env_policy = tmp_path / "env.yaml"
    env_policy.write_text("extends: default\nid: from-env\n", encoding="utf-8")
    monkeypatch.setenv("REVIEW_PIPELINE_POLICY", str(env_policy))
    code, out, _ = run(capsys, "check", "--format", "json", "--string", NOTICE)
    assert json.loads(out)[0]["verdict"]["policy"]["id"] == "from-env"


def test_policy_show_prints_the_effective_merged_policy(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / ".review-pipeline.yaml").write_text("extends: default\nid: city\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "policy", "show", "--format", "json")
    shown = json.loads(out)
    policy = load_policy(str(tmp_path / ".review-pipeline.yaml"))
    assert code == 0 and shown["chosen_by"] == ".review-pipeline.yaml" and shown["digest"] == policy.digest
    assert shown["policy"]["id"] == "city" and "pii" in shown["policy"]["checkers"]  # merged with default
    code, out, _ = run(capsys, "policy", "show", "--policy", "default")
    assert code == 0 and out.startswith("# 策略文件") and "digest: sha256:" in out and "checkers:" in out


def test_constants_named_for_fast_start_match_their_modules():
    from review_pipeline.io.writers import RENDERERS

    assert set(cli.OUTPUT_FORMATS) == set(RENDERERS)


def test_a_short_post_never_loads_presidio_spacy_posseg_or_the_service():
    # jieba's dictionary may load (the names-without-cues finder asks it whether 国庆 after a
    # colon is a word or a name), but not jieba.posseg's HMM tables: tags come from `word_tags`
    probe = (
        "import sys; from review_pipeline.cli import main; "
        f"code = main(['check', '--string', {NOTICE!r}]); "
        "heavy = sorted(m for m in ('presidio_analyzer', 'presidio_anonymizer', 'spacy', 'jieba.posseg', "
        "'fastapi', 'uvicorn') if m in sys.modules); print('HEAVY', heavy)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr


def test_version_and_help_load_no_pipeline():
    probe = (
        "import sys; from review_pipeline.cli import build_parser; build_parser(); "
        "print('LOADED', sorted(m for m in ('review_pipeline.pipeline', 'pydantic', 'numpy') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert "LOADED []" in result.stdout, result.stdout + result.stderr


def test_word_tables_answer_as_jieba_does():
    from review_pipeline.text.segment import pos_tokenizer, tokenizer, word_freqs, word_tags

    assert word_tags() == pos_tokenizer().word_tag_tab
    freq = tokenizer().FREQ  # whole words and their prefixes (count 0)
    assert word_freqs() == {word: count for word, count in freq.items() if count > 0}


def test_a_word_look_up_loads_one_shard_of_the_dictionary():
    probe = (
        "from review_pipeline.text import segment; "
        "assert segment.word_freqs().get('北京') and segment.word_tags().get('北京') == 'ns'; "
        "print('SHARDS', sum(s is not None for s in segment._dictionary()._shards)); "
        "segment.load_started_tables(); table = segment._dictionary().merged[0]; "
        "print('ALL', segment.word_freqs().get == table.get and segment.word_freqs()['北京'] == table['北京'])"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert "SHARDS 1" in result.stdout and "ALL True" in result.stdout, result.stdout + result.stderr


def test_check_leaves_without_teardown_yet_prints_everything_and_keeps_its_exit_code(tmp_path: Path):
    # `entry` ends a check with os._exit (freeing a built pipeline costs ~0.1 s): the output must
    # still arrive whole through a pipe, and the exit code must be the check's.
    drafts = [tmp_path / f"d{i}.txt" for i in range(30)]
    for i, draft in enumerate(drafts):
        draft.write_text(f"第{i}篇：市民王先生来电，联系电话1391234{i:04d}。", encoding="utf-8")
    command = [sys.executable, "-m", "review_pipeline", "check", "--format", "json", *map(str, drafts)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert len(json.loads(result.stdout)) == 30  # the whole report, flushed before leaving
    missing = subprocess.run([sys.executable, "-m", "review_pipeline", "check", str(tmp_path / "none.txt")],
                             capture_output=True, text=True, cwd=tmp_path)  # fmt: skip
    assert missing.returncode == 2 and "none.txt" in missing.stderr
    assert 'review-pipeline = "review_pipeline.cli:entry"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
