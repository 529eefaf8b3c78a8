"""A real `review-pipeline serve` on 127.0.0.1 (a free port) for tests that call it over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

START_TIMEOUT_S = 180.0  # the pipeline is built and warmed up before /readyz answers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """`review-pipeline serve` in a subprocess; its stderr (the JSON logs) goes to `log_path`."""

    def __init__(self, log_path: Path, policy: str = "default", workers: int = 1, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.token = env.get("REVIEW_PIPELINE_TOKEN")
        command = [sys.executable, "-m", "review_pipeline", "serve", "--host", "127.0.0.1",
                   "--port", str(self.port), "--workers", str(workers), "--policy", policy]  # fmt: skip
        self._log = log_path.open("wb")
        environ = {k: v for k, v in os.environ.items() if not k.startswith("REVIEW_PIPELINE_")}
        environ.update({"REVIEW_PIPELINE_DEADLINE_S": "120", **env})
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT, env=environ)
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("server did not become ready")

    def client(self, token: str | None = None) -> httpx.Client:
        token = token if token is not None else self.token
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=120)

    def logs(self) -> str:
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
