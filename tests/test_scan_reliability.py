"""Scan reliability (issue 15 items 4, 5, 10, 13, 17) and exit codes: each test replays an attack."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from review_pipeline.cli import main
from review_pipeline.io import exports
from review_pipeline.io.archives import Member
from review_pipeline.io.exports import ColumnMap, RowError, read_export
from review_pipeline.policy import load_policy
from review_pipeline.scan import ScanError, ScanOptions, WorkItem, scan
from review_pipeline.scan.engine import Engine, run_window
from review_pipeline.scan.verdicts import OutputLock

PLUGIN = """
import time
from typing import ClassVar
from review_pipeline.checkers.base import CheckerOptions, RuleInfo
from review_pipeline.models import Finding


class Opts(CheckerOptions):
    sleep_s: float = 0.0


class SleepyChecker:
    name: ClassVar[str] = "rp_sleepy"
    Options = Opts
    RULES: ClassVar[list] = [RuleInfo(rule="rp_sleepy/word", severity="error", description="违禁测试词")]

    def __init__(self, options):
        self.options = options

    def check(self, document, context):
        time.sleep(self.options.sleep_s)
        start = document.text.find("违禁")
        if start != -1:
            yield Finding(checker=self.name, rule="rp_sleepy/word", category="test", severity="error",
                          start=start, end=start + 2, message="测试")
        start = document.text.find("复核")
        if start != -1:
            yield Finding(checker=self.name, rule="rp_sleepy/word", category="test", severity="warning",
                          start=start, end=start + 2, message="测试")
"""

TEXT = "防城港市召开全市安全生产工作会议，部署汛期安全防范工作。"


@pytest.fixture
def policy_file(install_plugin, tmp_path: Path):
    site = install_plugin("rp_test_sleepy", PLUGIN, {"rp_sleepy": "rp_test_sleepy:SleepyChecker"})

    def make(sleep_s: float = 0.0) -> Path:
        path = tmp_path / f"policy-{sleep_s}.yaml"
        path.write_text(
            f"id: rel\nversion: '1'\ncheckers:\n  rp_sleepy:\n    sleep_s: {sleep_s}\n", encoding="utf-8"
        )
        return path

    make.site = site  # type: ignore[attr-defined]
    return make


def _records(out: Path) -> list[dict[str, Any]]:
    raw = (out / "verdicts.jsonl").read_bytes()
    raw.decode("utf-8")  # strict: every line is valid UTF-8
    return [json.loads(line) for line in raw.splitlines()]


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


# --- item 4: one bad file name or id must not kill a scan ---------------------------------------


def test_gbk_file_names_in_a_folder_and_a_gnu_tar_are_escaped_and_resume_works(
    tmp_path: Path, policy_file
) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    gbk = "关于汛期值班的通知".encode("gbk") + b".txt"
    with open(os.path.join(os.fsencode(folder), gbk), "wb") as fh:
        fh.write(TEXT.encode("utf-8"))
    (folder / "正常.txt").write_text(TEXT, encoding="utf-8")
    archive = tmp_path / "old.tar"
    with tarfile.open(archive, "w", format=tarfile.GNU_FORMAT, encoding="gbk") as tf:
        data = TEXT.encode("utf-8")
        info = tarfile.TarInfo("二〇二四年/通知.txt")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    jsonl = tmp_path / "posts.jsonl"
    jsonl.write_text(
        '{"id": "\\ud800abc", "account": "\\udfff号", "text": "' + TEXT + '"}\n', encoding="utf-8"
    )
    out = tmp_path / "out"
    policy = load_policy(policy_file())
    scan([folder, archive, jsonl], out, policy)
    records = _records(out)
    assert len(records) == 4 and all(r["status"] == "ok" for r in records), records
    keys = [r["input"] for r in records]
    assert any("\\x" in k for k in keys if k.startswith(str(folder)))  # GBK bytes shown escaped
    assert any("\\x" in k for k in keys if k.startswith(str(archive)))
    by_id = {r["document_id"]: r for r in records}
    assert "\\ud800abc" in by_id and by_id["\\ud800abc"]["account"] == "\\udfff号"
    again = scan([folder, archive, jsonl], out, policy, ScanOptions(resume=True))
    assert again.written == 0 and again.skipped == 4


# --- item 5: CSV rows after a huge field ---------------------------------------------------------


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "text"])
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def test_csv_rows_after_a_field_over_131072_characters_are_all_read(monkeypatch: pytest.MonkeyPatch) -> None:
    long_text = "防城港市政务新媒体巡查。" * 20_000  # 240,000 characters: over csv's default field limit
    data = _csv_bytes([["a", TEXT], ["b", long_text], ["c", TEXT]])
    got = list(read_export(io.BytesIO(data), "x.csv", ColumnMap()))
    assert [row for row, _ in got] == [1, 2, 3]
    assert got[1][1].text == long_text and got[2][1].id == "c"  # type: ignore[union-attr]
    # Over the per-document limit: that row is refused by the limit, the next one is still read.
    monkeypatch.setattr(exports, "MAX_BYTES", 100_000)
    got = list(read_export(io.BytesIO(data), "x.csv", ColumnMap()))
    assert [row for row, _ in got] == [1, 2, 3]
    assert isinstance(got[1][1], RowError) and "per-document limit" in got[1][1].reason
    assert got[2][1].id == "c"  # type: ignore[union-attr]
    assert csv.field_size_limit() == 131072  # the process-wide limit is put back


def test_scan_keeps_every_csv_row_after_a_huge_one(tmp_path: Path, policy_file) -> None:
    table = tmp_path / "export.csv"
    table.write_bytes(_csv_bytes([["a", TEXT], ["b", "巡查" * 100_000], ["c", TEXT], ["d", TEXT]]))
    scan([table], tmp_path / "out", load_policy(policy_file()))
    records = _records(tmp_path / "out")
    assert [r["input"].rsplit("#", 1)[1] for r in records] == ["1", "2", "3", "4"]
    assert all(r["status"] == "ok" for r in records) and records[1]["chars"] == 200_000


# --- item 10: two scans into one --out ----------------------------------------------------------


def test_a_second_scan_into_a_busy_output_folder_is_refused(tmp_path: Path, policy_file) -> None:
    export = _jsonl(tmp_path / "p.jsonl", [{"id": str(i), "text": TEXT} for i in range(1000)])
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "review_pipeline.cli", "scan", str(export), "--out", str(out),
           "--policy", str(policy_file(0.02)), "--quiet"]  # fmt: skip
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(policy_file.site), os.environ.get("PYTHONPATH", "")]),
    }
    first = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (out / "verdicts.jsonl").exists():
            time.sleep(0.05)
        # --resume: only the lock can refuse it (the manifest and policy are the same)
        second = subprocess.run([*cmd, "--resume"], env=env, capture_output=True, text=True, timeout=120)
        assert first.poll() is None, "the first scan ended before the second started"
        assert second.returncode == 2, second.stderr
        assert "being written by another scan" in second.stderr
        assert first.wait(timeout=120) == 0, first.stderr.read() if first.stderr else ""
    finally:
        if first.poll() is None:
            first.kill()
    records = _records(out)
    assert sorted(r["document_id"] for r in records) == sorted(str(i) for i in range(1000))  # once each
    OutputLock(out).release()  # free again once the first scan is done


# --- item 13: the parent holds a bounded number of bytes in flight ------------------------------


def test_the_window_never_holds_more_than_the_byte_cap() -> None:
    items = [WorkItem(f"k{i}", Member(f"k{i}", b"x" * 1000)) for i in range(200)]
    batches = [items[i : i + 4] for i in range(0, 200, 4)]  # 4,000 bytes each
    outstanding: list[int] = []
    held = [0]

    def submit(batch: list[WorkItem]) -> Future[list[str]]:
        held[0] += sum(i.size for i in batch)
        outstanding.append(held[0])
        future: Future[list[str]] = Future()
        future.set_result([json.dumps({"input": i.key, "status": "ok"}) for i in batch])
        return future

    def sink(lines: list[str]) -> None:
        held[0] -= 1000 * len(lines)

    run_window(iter(batches), Engine(submit, None, window=1000), sink, max_bytes=10_000)
    assert max(outstanding) <= 10_000 and held[0] == 0


# --- item 17: resume without scan.json; workers outliving a SIGKILLed parent ---------------------


def test_resume_without_or_with_a_corrupt_manifest_is_refused(tmp_path: Path, policy_file) -> None:
    export = _jsonl(tmp_path / "p.jsonl", [{"id": "1", "text": TEXT}])
    out = tmp_path / "out"
    scan([export], out, load_policy(policy_file()))
    (out / "scan.json").unlink()
    with pytest.raises(ScanError, match=r"scan.json is missing"):
        scan([export], out, load_policy(policy_file(0.001)), ScanOptions(resume=True))
    (out / "scan.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ScanError, match="corrupt"):
        scan([export], out, load_policy(policy_file()), ScanOptions(resume=True))


def test_pool_workers_die_with_a_sigkilled_parent(tmp_path: Path, policy_file) -> None:
    psutil = pytest.importorskip("psutil")
    export = _jsonl(tmp_path / "p.jsonl", [{"id": str(i), "text": TEXT} for i in range(2000)])
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "review_pipeline.cli", "scan", str(export), "--out", str(out),
           "--policy", str(policy_file(0.01)), "--jobs", "2", "--quiet"]  # fmt: skip
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(policy_file.site), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    verdicts = out / "verdicts.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not verdicts.exists() or verdicts.stat().st_size == 0):
        time.sleep(0.05)
    children = psutil.Process(proc.pid).children(recursive=True)
    assert len(children) >= 2
    os.kill(proc.pid, signal.SIGKILL)  # the parent only, as the OOM killer would
    proc.wait()
    _gone, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, [p.pid for p in alive]
    # and the output folder is free for --resume
    again = subprocess.run([*cmd, "--resume"], env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert sorted(int(r["document_id"]) for r in _records(out)) == list(range(2000))


# --- exit codes -------------------------------------------------------------------------------------


def test_exit_codes(tmp_path: Path, policy_file, capsys: pytest.CaptureFixture[str]) -> None:
    policy = str(policy_file())
    clean = _jsonl(tmp_path / "clean.jsonl", [{"id": "1", "text": TEXT}])
    review = _jsonl(tmp_path / "review.jsonl", [{"id": "2", "text": TEXT + "请复核。"}])
    block = _jsonl(tmp_path / "block.jsonl", [{"id": "3", "text": TEXT + "违禁内容。"}])

    def run(name: str, *args: str) -> int:
        return main(["scan", *args, "--out", str(tmp_path / name), "--policy", policy, "--quiet"])

    assert run("a", str(clean)) == 0
    assert run("b", str(review)) == 0  # default --fail-on block
    assert run("c", str(review), "--fail-on", "review") == 1
    assert run("d", str(block)) == 1
    assert run("e", str(block), "--fail-on", "never") == 0
    assert run("f", str(clean), str(tmp_path / "missing.zip")) == 3
    assert "missing, refused or unreadable" in capsys.readouterr().err
    assert run("g", str(clean), "--period", "2025Q5") == 2
    assert run("h", str(clean), "--jobs", "abc") == 2
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert run("afile", str(clean)) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


COUNTING = """
import os
from typing import ClassVar
from review_pipeline.checkers.base import CheckerOptions


class Opts(CheckerOptions):
    log: str


class CountingChecker:
    name: ClassVar[str] = "rp_count"
    Options = Opts
    RULES: ClassVar[list] = []

    def __init__(self, options):
        with open(options.log, "a", encoding="utf-8") as fh:  # one line per build, with the pid
            fh.write(f"{os.getpid()}\\n")

    def check(self, document, context):
        return []
"""


def test_workers_never_load_the_policy_again(tmp_path: Path, install_plugin) -> None:
    site = install_plugin("rp_test_count", COUNTING, {"rp_count": "rp_test_count:CountingChecker"})
    log = tmp_path / "builds.log"
    policy = tmp_path / "p.yaml"
    policy.write_text(f"id: count\nversion: '1'\ncheckers:\n  rp_count:\n    log: {log}\n", encoding="utf-8")
    export = _jsonl(tmp_path / "p.jsonl", [{"id": str(i), "text": TEXT} for i in range(200)])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    # A fresh interpreter (as the command runs): no stray threads, so the pool forks after load.
    proc = subprocess.run(
        [sys.executable, "-m", "review_pipeline.cli", "scan", str(export), "--out", str(tmp_path / "out"),
         "--policy", str(policy), "--jobs", "2", "--quiet"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    builds = log.read_text(encoding="utf-8").split()
    assert len(builds) == 1, builds  # built once, in the scan's own process; both workers inherit it
    assert len(_records(tmp_path / "out")) == 200
