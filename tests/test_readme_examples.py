"""Every example in README.md runs as written.

Fenced blocks are extracted and run: `python` blocks with this interpreter, `bash` blocks with
bash in a scratch folder holding a copy of `examples/` (every command must exit 0, or 1 for a
blocked draft: 2 is a usage or input error), the pre-commit `yaml` snippet is checked against
the hook manifest and the release version, and the `curl` block runs against a real service.
A `<!-- readme-test: skip（reason） -->` line before a block says why it is not run (installs,
a long-running server); `java`, `php` and `text` blocks are shown, not run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from review_pipeline import __version__
from tests.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"(?:<!-- readme-test: (?P<mode>\w+)[^>]*-->\n)?```(?P<lang>\w*)\n(?P<code>.*?)\n```", re.DOTALL)
SHOWN_ONLY = {"java", "php", "text", ""}


@dataclass(frozen=True)
class Example:
    lang: str
    mode: str
    code: str
    line: int

    def __str__(self) -> str:
        return f"README.md:{self.line}:{self.lang}"


def examples() -> list[Example]:
    text = README.read_text(encoding="utf-8")
    return [
        Example(m["lang"], m["mode"] or "run", m["code"], text.count("\n", 0, m.start()) + 1)
        for m in BLOCK.finditer(text)
    ]


def of(lang: str, mode: str = "run") -> list[Example]:
    return [e for e in examples() if e.lang == lang and e.mode == mode]


def _env(**extra: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("REVIEW_PIPELINE_")}
    environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environ.get('PATH', '')}"
    environ.update(extra)
    return environ


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path


def test_every_block_is_run_or_says_why_not():
    for example in examples():
        assert example.mode in ("run", "skip", "server"), example
        if example.mode == "run":
            assert example.lang in ("python", "bash", "yaml") or example.lang in SHOWN_ONLY, example
    assert len(of("python")) >= 2 and len(of("bash")) >= 4 and of("bash", "server")


@pytest.mark.parametrize("example", of("python"), ids=str)
def test_python_example_runs(example: Example, scratch: Path):
    result = subprocess.run([sys.executable, "-c", example.code], capture_output=True, text=True,
                            cwd=scratch, env=_env(), timeout=600)  # fmt: skip
    assert result.returncode == 0, f"{example}\n{result.stdout}\n{result.stderr}"


# each command: 0 pass, 1 a draft was blocked; anything else is a broken example
_STRICT = 'set -o pipefail; trap \'s=$?; if [ "$s" -gt 1 ]; then echo "README-FAIL($s): $BASH_COMMAND" >&2; fi\' ERR\n'


@pytest.mark.parametrize("example", of("bash"), ids=str)
def test_shell_example_runs(example: Example, scratch: Path):
    result = subprocess.run(["bash", "-c", _STRICT + example.code], capture_output=True, text=True,
                            cwd=scratch, env=_env(), timeout=600)  # fmt: skip
    problems = [line for line in result.stderr.splitlines() if "README-FAIL" in line or "Traceback" in line]
    assert not problems, f"{example}\n{result.stdout}\n{result.stderr}"
    assert result.stdout.strip(), f"{example} printed nothing"


def test_pre_commit_snippet_names_the_release_and_a_real_hook():
    (snippet,) = of("yaml")
    config = yaml.safe_load(snippet.code)
    (repo,) = config["repos"]
    assert repo["rev"] == f"v{__version__}"
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for h in manifest}
    for hook in repo["hooks"]:
        assert hook["id"] in hooks
        entry = hooks[hook["id"]]["entry"].split()[1:]
        from review_pipeline.cli import build_parser

        build_parser().parse_args([*entry, *hook.get("args", []), "draft.md"])  # the args are real options
    assert any("python-docx" in d for d in hooks["review-pipeline"].get("additional_dependencies", []))


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("readme") / "server.log", REVIEW_PIPELINE_TOKEN="readme-token")
    yield live
    live.stop()


def test_curl_examples_run_against_the_service(service: LiveServer, tmp_path: Path):
    for example in of("bash", "server"):
        script = example.code.replace("127.0.0.1:8000", f"127.0.0.1:{service.port}")
        result = subprocess.run(["bash", "-c", "set -e\n" + script], capture_output=True, text=True, cwd=tmp_path,
                                env=_env(REVIEW_PIPELINE_TOKEN="readme-token"), timeout=300)  # fmt: skip
        assert result.returncode == 0, f"{example}\n{result.stderr}"
        answers = [json.loads(part) for part in re.split(r"(?<=\})(?=\{)", result.stdout.strip())]
        assert answers and not any("error" in a for a in answers), result.stdout
        assert answers[0]["status"] == "ready" and answers[1]["decision"] == "block"
        assert [v["decision"] for v in answers[2]["verdicts"]] == ["pass", "block"]
