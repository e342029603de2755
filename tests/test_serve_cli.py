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


def test_add_user_asks_the_password_twice_and_stores_only_its_hash(tmp_path):
    from xxgk.serve.store import Store
    from xxgk.serve.store.models import User

    result = run_cli("serve", "--data", str(tmp_path), "--add-user", "张三", input="long enough pw\nlong enough pw\n")
    assert result.exit_code == 0 and "已设置工作人员账号：张三" in result.output
    store = Store.open(tmp_path)
    with store.transaction() as session:
        (user,) = session.query(User).all()
        assert user.name == "张三" and user.password_hash.startswith("$argon2") and "long enough" not in user.password_hash
    store.close()
    short = run_cli("serve", "--data", str(tmp_path), "--add-user", "李四", input="short\nshort\n")
    assert short.exit_code == 2 and "密码至少需要 10 个字符" in short.output


def test_a_database_it_cannot_use_is_one_line(tmp_path):
    result = run_cli("serve", "--data", str(tmp_path), "--database", "mysql://u@h/db")
    assert result.exit_code == 2 and "不支持数据库类型“mysql”" in result.output
    result = run_cli("serve", "--data", str(tmp_path), "--database", "postgresql://nobody:x@127.0.0.1:1/none")
    assert result.exit_code == 2 and "无法打开数据库" in result.output and "Traceback" not in result.output


def test_demo_prints_an_account_and_links_that_work(tmp_path):
    import re

    import httpx2

    from collecting import Office

    process, base = start_server(tmp_path / "data", "--demo")
    try:
        printed = ""
        while "网页服务已启动" not in printed:
            printed += process.stderr.readline().decode()
        password = re.search(r"演示账号：demo　密码：(\S+)", printed).group(1)
        links = dict(re.findall(r"^  (\S+)　http://127\.0\.0\.1:\d+(/a/[A-Za-z0-9_-]{32})$", printed, re.M))
        assert list(links) == ["额敏县上户镇人民政府", "额敏县教育局", "额敏县财政局"], printed
        with httpx2.Client(base_url=base) as client:
            page = client.get(links["额敏县上户镇人民政府"]).text
            assert "第 1 版" in page and "example-2024.xlsx" in page  # the bundled example, uploaded
            assert "未报送" in client.get(links["额敏县教育局"]).text
            office = Office(client)
            assert office.login("demo", password).status_code == 303
            assert "额敏县人民政府办公室（演示）" in client.get("/admin").text
    finally:
        stop_server(process)
