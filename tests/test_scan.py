"""Batch scans: exactly-once outputs, no raw text, timeouts, parallel and Dask engines, kill + resume."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import posts

from review_pipeline.cli import main
from review_pipeline.io.exports import ColumnMap
from review_pipeline.models import Verdict
from review_pipeline.policy import load_policy
from review_pipeline.scan import ScanError, ScanOptions, VerdictLog, iter_items, scan

# A stand-in for a real checker: reports a word and, for texts carrying the slow marker, spins
# in pure Python (as a runaway regex or segmenter would) or sleeps a little per document.
PLUGIN = """
import os
import time
from typing import ClassVar
from review_pipeline.checkers.base import CheckerOptions, RuleInfo
from review_pipeline.models import Finding


class Opts(CheckerOptions):
    spin_s: float = 0.0
    sleep_s: float = 0.0
    marker: str = "【慢】"


class SlowChecker:
    name: ClassVar[str] = "rp_slow"
    Options = Opts
    RULES: ClassVar[list] = [RuleInfo(rule="rp_slow/word", severity="warning", description="test")]

    def __init__(self, options):
        self.options = options

    def check(self, document, context):
        time.sleep(self.options.sleep_s)
        if "【自毁】" in document.text:  # a crash in C, as a segfault or the OOM killer would end it
            os._exit(9)
        if self.options.marker in document.text:
            end = time.monotonic() + self.options.spin_s
            while time.monotonic() < end:
                pass
        start = document.text.find("点击链接")
        if start != -1:
            yield Finding(checker=self.name, rule="rp_slow/word", category="ads", severity="warning",
                          start=start, end=start + 4, message="疑似广告链接")
"""

PHONE = "13912345678"


@pytest.fixture
def slow_policy(install_plugin, tmp_path: Path):
    """A policy running the test checker; returns (policy file, plugin site folder)."""
    site = install_plugin("rp_test_slow", PLUGIN, {"rp_slow": "rp_test_slow:SlowChecker"})

    def make(**options: Any) -> Path:
        body = "".join(f"    {k}: {v}\n" for k, v in options.items()) or "    {}\n"
        path = tmp_path / f"policy-{len(list(tmp_path.glob('policy-*')))}.yaml"
        path.write_text(f"id: scan-test\nversion: '1'\ncheckers:\n  rp_slow:\n{body}", encoding="utf-8")
        return path

    return make, site


def _corpus(tmp_path: Path, n: int = 60) -> list[Path]:
    """A folder of drafts (two accounts), a zip, a JSONL export and a CSV export, all real prose."""
    rows = list(posts(n, seed=3, size=300))
    rows[0]["text"] += f"\n联系电话{PHONE}。"
    rows[1]["text"] += "\n【限时特价】点击链接立即购买！"
    folder = tmp_path / "drafts"
    for r in rows[: n // 4]:
        (folder / r["account"]).mkdir(parents=True, exist_ok=True)
        (folder / r["account"] / f"{r['id']}.txt").write_text(r["text"], encoding="utf-8")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    archive = tmp_path / "2024.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for r in rows[n // 4 : n // 2]:
            zf.writestr(f"{r['account']}/{r['id']}.txt", r["text"])
        zf.writestr("../../escape.txt", "x")
    export = tmp_path / "weibo.jsonl"
    with export.open("w", encoding="utf-8") as fh:
        for r in rows[n // 2 : 3 * n // 4]:
            fh.write(
                json.dumps(
                    {"mid": r["id"], "user": r["account"], "content": r["text"], "time": r["published_at"]},
                    ensure_ascii=False,
                )
                + "\n"
            )
        fh.write('{"mid": "broken"\n')
    table = tmp_path / "wechat.csv"
    with table.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["mid", "user", "content", "time"])
        for r in rows[3 * n // 4 :]:
            writer.writerow([r["id"], r["account"], r["text"], r["published_at"]])
    return [folder, archive, export, table]


MAP = ColumnMap.parse("id=mid,account=user,text=content,published_at=time")


def _records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "verdicts.jsonl").read_text(encoding="utf-8").splitlines()]


def _stable(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records without the per-checker timings, which differ run to run."""
    for r in records:
        for run in r.get("verdict", {}).get("checkers", {}).values():
            run["ms"] = 0
    return records


def test_scan_writes_every_input_exactly_once_without_raw_text(tmp_path: Path, slow_policy) -> None:
    make, _ = slow_policy
    inputs = _corpus(tmp_path)
    out = tmp_path / "out"
    result = scan(inputs, out, load_policy(make()), ScanOptions(colmap=MAP, account_from_folder=True))
    records = _records(out)
    keys = [r["input"] for r in records]
    assert len(keys) == len(set(keys)) == result.written
    expected = [item.key for item in iter_items(inputs, MAP, ScanOptions().limits)]
    assert keys == expected
    assert sum(r["status"] == "ok" for r in records) == 60
    by_status = {r["input"].replace(f"{tmp_path}/", ""): r for r in records if r["status"] != "ok"}
    assert set(by_status) == {"drafts/logo.png", "2024.zip!../../escape.txt", "weibo.jsonl#16"}
    assert by_status["drafts/logo.png"]["status"] == "error"
    assert by_status["2024.zip!../../escape.txt"]["status"] == "refused"
    assert by_status["weibo.jsonl#16"]["error"].startswith("row 16: invalid JSON")
    for r in records:
        if r["status"] == "ok":
            Verdict.model_validate(r["verdict"])
            assert r["account"] and r["account"].startswith("account-")
    assert any(r["verdict"]["decision"] == "review" for r in records if r["status"] == "ok")
    raw = (out / "verdicts.jsonl").read_text(encoding="utf-8")
    assert PHONE not in raw and "立即购买" not in raw
    assert posts(1, seed=3, size=300).__next__()["text"][:30] not in raw
    assert (out / "summary.csv").is_file() and (out / "report.html").is_file()


def test_two_jobs_and_dask_give_the_same_outputs_as_one(tmp_path: Path, slow_policy) -> None:
    make, _ = slow_policy
    policy = load_policy(make())
    inputs = _corpus(tmp_path, n=40)
    runs = {
        "one": ScanOptions(colmap=MAP, batch_size=4),
        "two": ScanOptions(colmap=MAP, jobs=2, batch_size=4),
        "dask": ScanOptions(colmap=MAP, engine="dask", jobs=2, batch_size=4),
    }
    outputs = {}
    for name, options in runs.items():
        scan(inputs, tmp_path / name, policy, options)
        outputs[name] = _stable(_records(tmp_path / name))
        assert (tmp_path / name / "summary.csv").read_bytes() == (
            tmp_path / "one" / "summary.csv"
        ).read_bytes()
    assert outputs["two"] == outputs["one"]
    assert outputs["dask"] == outputs["one"]


def test_a_worker_that_dies_fails_only_the_post_that_killed_it(tmp_path: Path, slow_policy) -> None:
    make, _ = slow_policy
    export = tmp_path / "posts.jsonl"
    texts = [f"第{i}篇：市政府召开常务会议。" for i in range(8)]
    texts[5] = "【自毁】这一篇让审核进程退出。"
    export.write_text(
        "".join(json.dumps({"id": str(i), "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)),
        encoding="utf-8",
    )
    scan([export], tmp_path / "out", load_policy(make()), ScanOptions(jobs=2, batch_size=4))
    records = _records(tmp_path / "out")
    assert len(records) == 8
    failed = [r for r in records if r["status"] != "ok"]
    assert len(failed) == 1 and "worker process died" in failed[0]["error"]
    assert all(r["verdict"]["decision"] == "pass" for r in records if r["status"] == "ok")


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_a_document_that_runs_too_long_is_blocked_with_status_timeout(
    tmp_path: Path, slow_policy, engine: str
) -> None:
    make, _ = slow_policy
    export = tmp_path / "posts.jsonl"
    texts = [
        "防城港市召开安全生产工作会议。",
        "【慢】关于开展防汛演练的通知。",
        "市政府发布第三季度经济运行情况。",
    ]
    export.write_text(
        "".join(
            json.dumps({"id": str(i), "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)
        ),
        encoding="utf-8",
    )
    started = time.monotonic()
    scan([export], tmp_path / "out", load_policy(make(spin_s=30)), ScanOptions(timeout_s=0.5, engine=engine))
    assert time.monotonic() - started < 20
    records = {r["document_id"]: r["verdict"] for r in _records(tmp_path / "out")}
    assert records["1"]["decision"] == "block"
    assert records["1"]["checkers"]["rp_slow"]["status"] == "timeout"
    assert records["1"]["findings"][0]["rule"] == "pipeline/checker_timeout"
    assert records["0"]["checkers"]["rp_slow"]["status"] == "ok" and records["0"]["decision"] == "pass"
    assert records["2"]["decision"] == "pass"


def test_killed_scan_resumes_without_losing_or_repeating_documents(tmp_path: Path, slow_policy) -> None:
    make, site = slow_policy
    export = tmp_path / "posts.jsonl"
    with export.open("w", encoding="utf-8") as fh:
        for r in posts(400, seed=5, size=200):
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    policy_file = make(sleep_s=0.01)
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "review_pipeline.cli",
        "scan",
        str(export),
        "--out",
        str(out),
        "--policy",
        str(policy_file),
        "--jobs",
        "2",
        "--quiet",
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(
        cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    verdicts = out / "verdicts.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not verdicts.exists() or verdicts.read_bytes().count(b"\n") < 80):
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the scan and its workers, mid-write
    proc.wait()
    done_before = verdicts.read_bytes().count(b"\n")
    assert 80 <= done_before < 400
    with verdicts.open("ab") as fh:  # as if the kill had cut a line in half
        fh.write(b'{"input": "' + str(export).encode() + b'#999", "status": "o')
    rc = subprocess.run([*cmd, "--resume"], env=env, capture_output=True, timeout=120)
    assert rc.returncode == 0, rc.stderr.decode()
    keys = [r["input"] for r in _records(out)]
    assert sorted(keys) == sorted(f"{export}#{i}" for i in range(1, 401))
    assert f"{done_before} already done" in rc.stdout.decode()


def test_verdict_log_cuts_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / "verdicts.jsonl"
    path.write_text(
        '{"input": "a", "status": "ok"}\n{"input": "b", "status": "ok"}\n{"input": "c", "st', encoding="utf-8"
    )
    log = VerdictLog(path)
    log.close()
    assert log.done == {"a", "b"}
    assert path.read_text(encoding="utf-8").endswith('"ok"}\n')


def test_refuses_to_overwrite_or_resume_with_another_policy(tmp_path: Path, slow_policy) -> None:
    make, _ = slow_policy
    inputs = _corpus(tmp_path, n=8)
    scan(inputs, tmp_path / "out", load_policy(make()), ScanOptions(colmap=MAP))
    with pytest.raises(ScanError, match="--resume"):
        scan(inputs, tmp_path / "out", load_policy(make()), ScanOptions(colmap=MAP))
    with pytest.raises(ScanError, match="another policy"):
        scan(inputs, tmp_path / "out", load_policy(make(sleep_s=0.001)), ScanOptions(colmap=MAP, resume=True))
    again = scan(inputs, tmp_path / "out", load_policy(make()), ScanOptions(colmap=MAP, resume=True))
    assert again.written == 0 and again.skipped == len(_records(tmp_path / "out"))


def test_cli_scan_and_its_usage_errors(
    tmp_path: Path, slow_policy, capsys: pytest.CaptureFixture[str]
) -> None:
    make, _ = slow_policy
    inputs = [str(p) for p in _corpus(tmp_path, n=8)]
    policy = str(make())
    args = [
        "scan",
        *inputs,
        "--out",
        str(tmp_path / "out"),
        "--policy",
        policy,
        "--map",
        "id=mid,account=user,text=content,published_at=time",
    ]
    # The corpus holds an unreadable .png, a refused zip member and a broken JSONL row: exit 3
    # (behaviour change: inputs that were not reviewed must be visible to cron and CI).
    assert main([*args, "--jobs", "auto", "--quiet"]) == 3
    captured = capsys.readouterr()
    assert "scanned" in captured.out and "3 input(s) missing, refused or unreadable" in captured.err
    assert main(["scan", inputs[0], "--out", str(tmp_path / "o2"), "--map", "colour=x"]) == 2
    assert "--map field 'colour'" in capsys.readouterr().err
    assert main(["scan", inputs[0], "--out", str(tmp_path / "o3"), "--jobs", "0"]) == 2


def test_csv_export_with_chinese_labels_and_gb18030(tmp_path: Path, slow_policy) -> None:
    make, _ = slow_policy
    table = tmp_path / "export.csv"
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["编号", "账号", "正文", "发布时间", "类型", "来源"])
    body = "转发：自治区召开全区安全生产电视电话会议，\n部署汛期工作。"
    writer.writerow(["a1", "防城港发布", body, "2025年3月4日 09:30", "转载", "广西日报"])
    writer.writerow(["a2", "防城港发布", "", "2025-03-05", "原创", ""])
    table.write_bytes(buf.getvalue().encode("gb18030"))
    colmap = ColumnMap.parse("id=编号,account=账号,text=正文,published_at=发布时间,kind=类型,source=来源")
    scan([table], tmp_path / "out", load_policy(make()), ScanOptions(colmap=colmap))
    first, second = _records(tmp_path / "out")
    assert first["document_id"] == "a1" and first["account"] == "防城港发布"
    assert first["published_at"] == "2025-03-04T09:30:00" and first["chars"] == len(body)
    assert second == {"input": f"{table}#2", "status": "error", "error": "row 2: no text (column '正文')"}
