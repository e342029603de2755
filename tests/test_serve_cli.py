"""``xxgk serve`` as a command: its Chinese help, its refusals, and a real server on a loopback port."""

from __future__ import annotations

import urllib.request

from serving import start_server, stop_server

from support import run_cli


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
