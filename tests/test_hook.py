"""The pre-commit hook, run by the real `pre-commit try-repo` against a temporary git repository.

pre-commit installs this checkout (copied into a temporary git repo, since try-repo only sees
committed and tracked files) into its own virtualenv with pip, so the test needs PyPI or a warm
pip cache and takes about a minute. Set REVIEW_PIPELINE_SKIP_HOOK_TEST=1 to skip it locally;
CI runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"

pytestmark = pytest.mark.skipif(
    os.environ.get("REVIEW_PIPELINE_SKIP_HOOK_TEST") == "1" or shutil.which("git") is None or not PRE_COMMIT.exists(),
    reason="hook test skipped (REVIEW_PIPELINE_SKIP_HOOK_TEST=1, or git / pre-commit missing)",
)

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def hook_repo(tmp: Path) -> Path:
    """This checkout's package files, committed in a fresh git repo."""
    repo = tmp / "hook-repo"
    repo.mkdir()
    for name in ("src", "lexicons", "policies"):
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "hook")
    return repo


def test_manifest_declares_the_hook():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "review-pipeline")
    assert hook["language"] == "python" and hook["entry"].startswith("review-pipeline check")
    import re

    for name in ("a.txt", "b.md", "c.html", "d.htm", "e.docx"):
        assert re.search(hook["files"], name)
    assert not re.search(hook["files"], "f.py")


def test_pre_commit_try_repo_refuses_a_bad_draft_and_passes_a_clean_one(tmp_path: Path):
    repo = hook_repo(tmp_path)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    # A waiver without a reason is an error whatever checkers the default policy runs.
    (drafts / "bad.md").write_text(
        "---\ntitle: 通知\n---\n<!-- review-pipeline: allow ads/* -->\n本周开展消防安全宣传活动。\n", encoding="utf-8"
    )
    (drafts / "clean.txt").write_text("本周在市民广场开展消防安全宣传活动，欢迎市民参加。\n", encoding="utf-8")
    (drafts / "script.py").write_text("print('not a draft')\n", encoding="utf-8")
    git(drafts, "init", "-q")
    git(drafts, "add", "-A")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "pc-home"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    proc = subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(repo), "review-pipeline", "--all-files", "--color", "never"],
        cwd=drafts, capture_output=True, text=True, env=env, timeout=900,
    )  # fmt: skip
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "Failed" in out
    assert "bad.md:4:" in out and "error waivers/missing_reason" in out  # line of the comment
    assert "clean.txt" not in out.split("Failed", 1)[1] and "script.py" not in out
