"""``xxgk serve`` as a command: its Chinese help, its refusals, and a real server on a loopback port."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from support import run_cli


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: Path, *options: str) -> tuple[subprocess.Popen, str]:
    """``xxgk serve`` in a subprocess; returns once /healthz answers."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "xxgk", "serve", "--port", str(port), "--data", str(data),
                                *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode())
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as answer:
                if json.load(answer) == {"status": "ok"}:
                    return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("xxgk serve did not answer within 60 s")


def stop_server(process: subprocess.Popen) -> str:
    process.terminate()
    try:
        _, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    return err.decode()


def test_help_is_chinese():
    result = run_cli("serve", "--help")
    assert result.exit_code == 0 and "启动网页服务" in result.output and "--max-upload" in result.output


def test_a_data_path_that_is_a_file_is_refused(tmp_path):
    data = tmp_path / "data"
    data.write_text("x")
    result = run_cli("serve", "--data", str(data))
    assert result.exit_code == 2 and "数据目录应为文件夹" in result.output


def test_serves_the_check_page_on_loopback(tmp_path):
    process, base = start_server(tmp_path / "data")
    try:
        with urllib.request.urlopen(base + "/", timeout=10) as answer:
            assert "校验年度报告" in answer.read().decode()
            assert answer.headers["x-content-type-options"] == "nosniff"
    finally:
        err = stop_server(process)
    assert "网页服务已启动：http://127.0.0.1:" in err and "Traceback" not in err
    assert (tmp_path / "data" / "cache").is_dir()
