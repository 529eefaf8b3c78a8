"""A real dask.distributed cluster: `dask scheduler` and two `dask worker` processes on
127.0.0.1, `scan --engine dask --scheduler tcp://…` against them; same verdicts as `--jobs 1`,
and a worker killed mid-scan loses no document (the scheduler reruns its tasks elsewhere)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")

PLUGIN = """
import time
from typing import ClassVar
from review_pipeline.checkers.base import CheckerOptions, RuleInfo
from review_pipeline.models import Finding


class Opts(CheckerOptions):
    sleep_s: float = 0.0


class PacedChecker:
    name: ClassVar[str] = "rp_paced"
    Options = Opts
    RULES: ClassVar[list] = [RuleInfo(rule="rp_paced/ad", severity="warning", description="广告测试")]

    def __init__(self, options):
        self.options = options

    def check(self, document, context):
        time.sleep(self.options.sleep_s)
        start = document.text.find("立即购买")
        if start != -1:
            yield Finding(checker=self.name, rule="rp_paced/ad", category="ads", severity="warning",
                          start=start, end=start + 4, message="疑似广告")
"""

DASK = Path(sys.executable).with_name("dask")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def site(install_plugin) -> Path:
    return install_plugin("rp_test_paced", PLUGIN, {"rp_paced": "rp_test_paced:PacedChecker"})


@pytest.fixture
def cluster(
    site: Path, tmp_path: Path
) -> Iterator[tuple[str, list[subprocess.Popen[bytes]], dict[str, str]]]:
    if not DASK.exists():
        pytest.skip(f"the dask command is not installed beside {sys.executable}")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])}
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = (tmp_path / "cluster.log").open("wb")
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              env=env, stdout=log, stderr=log, start_new_session=True)]  # fmt: skip
    for name in ("w1", "w2"):
        procs.append(
            subprocess.Popen(
                [
                    str(DASK),
                    "worker",
                    address,
                    "--host",
                    "127.0.0.1",
                    "--nthreads",
                    "1",
                    "--nworkers",
                    "1",
                    "--no-dashboard",
                    "--name",
                    name,
                    "--local-directory",
                    str(tmp_path / name),
                ],
                env=env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        )
    try:
        from distributed import Client

        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address, procs, env
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        log.close()


def _export(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"防城港市第{i}次安全生产工作会议召开，部署汛期安全防范工作。"
            if i % 7 == 0:
                text += "限时特价，点击链接立即购买！"
            fh.write(json.dumps({"id": str(i), "account": f"账号{i % 3}", "text": text,
                                 "published_at": f"2025-0{1 + i % 3}-1{i % 10}"}, ensure_ascii=False) + "\n")  # fmt: skip
    return path


def _stable(out: Path) -> list[dict[str, Any]]:
    records = [json.loads(line) for line in (out / "verdicts.jsonl").read_text(encoding="utf-8").splitlines()]
    for r in records:
        for run in r.get("verdict", {}).get("checkers", {}).values():
            run["ms"] = 0
    return records


def test_scan_on_a_real_cluster_matches_one_job_and_survives_a_killed_worker(
    cluster: tuple[str, list[subprocess.Popen[bytes]], dict[str, str]], tmp_path: Path
) -> None:
    address, procs, env = cluster
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "id: cluster-test\nversion: '1'\ncheckers:\n  rp_paced:\n    sleep_s: 0.02\n", encoding="utf-8"
    )
    export = _export(tmp_path / "posts.jsonl", 600)
    base = [sys.executable, "-m", "review_pipeline.cli", "scan", str(export), "--policy", str(policy), "--quiet",
            "--fail-on", "never"]  # fmt: skip

    one = subprocess.run(
        [*base, "--out", str(tmp_path / "one"), "--jobs", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert one.returncode == 0, one.stderr

    out = tmp_path / "dask"
    scan = subprocess.Popen([*base, "--out", str(out), "--engine", "dask", "--scheduler", address],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    verdicts = out / "verdicts.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not verdicts.exists() or verdicts.read_bytes().count(b"\n") < 100):
        assert scan.poll() is None, scan.stderr.read() if scan.stderr else ""
        time.sleep(0.05)
    assert verdicts.read_bytes().count(b"\n") < 600, "the scan finished before a worker could be killed"
    os.killpg(procs[1].pid, signal.SIGKILL)  # worker w1 (and its nanny): a machine lost mid-scan
    _stdout, stderr = scan.communicate(timeout=300)
    assert scan.returncode == 0, stderr
    records = _stable(out)
    assert all(r["status"] == "ok" for r in records), [r for r in records if r["status"] != "ok"][:3]
    assert records == _stable(tmp_path / "one")
    assert (out / "summary.csv").read_bytes() == (tmp_path / "one" / "summary.csv").read_bytes()
