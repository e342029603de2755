"""A real ``xxgk serve`` in a subprocess on a free loopback port, for the command and browser tests."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: Path, *options: str, port: int | None = None, **popen) -> tuple[subprocess.Popen, str]:
    """``xxgk serve`` in a subprocess; returns once /healthz answers."""
    port = port or free_port()
    process = subprocess.Popen([sys.executable, "-m", "xxgk", "serve", "--port", str(port), "--data", str(data),
                                *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)
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
