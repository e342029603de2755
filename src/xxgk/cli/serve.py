from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import XxgkError
from . import say
from .paths import refuse_unwritable

MB = 1024 * 1024


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听的地址；默认只接受本机访问，对外服务请放在 HTTPS 反向代理之后。")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="监听的端口。")
@click.option("--data", "data", default="xxgk-data", show_default=True, type=click.Path(path_type=Path),
              help="数据目录：上传的文件和校验结果在其中临时保存 1 小时。")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="解析上传文件的工作进程数。")
@click.option("--processes", default=1, show_default=True, type=click.IntRange(1, 64),
              help="应答网页请求的进程数（多核服务器可设为核数）；每个进程各有 --workers 个工作进程。")
@click.option("--max-upload", default=20, show_default=True, type=click.IntRange(1, 1024), metavar="MB",
              help="单个请求的大小上限（MB），超过时拒绝（413）。")
@click.option("--timeout", default=60, show_default=True, type=click.IntRange(1, 3600), metavar="秒",
              help="单个文件的处理时限，超时的工作进程被终止并替换。")
@click.option("--database", metavar="URL", envvar="XXGK_DATABASE",
              help="报送数据所在的 PostgreSQL 数据库（postgresql://用户:密码@主机/库名）；不给时使用数据目录中的 SQLite。")
@click.option("--add-user", "add_user", metavar="用户名",
              help="创建政务公开办工作人员账号（或为已有账号重设密码）：在终端输入密码，然后退出，不启动服务。")
@click.option("--demo", is_flag=True,
              help="附带演示：创建演示收集（内置示例及另外两个单位）和演示账号，显示账号密码和各单位的报送链接。")
def serve(host: str, port: int, data: Path, workers: int, processes: int, max_upload: int, timeout: int,
          database: str | None, add_user: str | None, demo: bool) -> None:
    """启动网页服务：任何人可在浏览器中上传年报并查看校验结果，程序可调用 POST /api/validate；
    政务公开办在 /admin 收集各单位的报告，各单位通过专用链接报送。

    需先安装网页组件：pip install -e '.[serve]'。
    """
    try:
        import uvicorn

        from ..serve import ServeSettings, create_app
        from ..serve.store import Store
    except ImportError as error:
        raise XxgkError(f"未安装网页服务所需的组件（{error.name}），请先运行：pip install -e '.[serve]'") from None
    if data.exists() and not data.is_dir():
        raise XxgkError("数据目录应为文件夹", path=data)
    refuse_unwritable(data, data)
    data.mkdir(parents=True, exist_ok=True)
    settings = ServeSettings(data=data, database=database, max_upload=max_upload * MB, workers=workers,
                             timeout=float(timeout))
    store = Store.open(data, database)
    if add_user is not None:
        _add_user(store, add_user, settings)
        return
    base = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    if demo:
        _demo(store, settings, base)
    say(f"网页服务已启动：{base}/ （按 Ctrl+C 停止）")
    options = {"host": host, "port": port, "proxy_headers": True, "log_level": "warning", "server_header": False}
    if processes == 1:
        uvicorn.run(create_app(settings, store), **options)
        return
    from ..serve import processes as served

    store.close()  # opened to migrate and sweep before any process starts; each opens its own
    os.environ.update(served.environment(settings))
    uvicorn.run(served.APP, factory=True, workers=processes, **options)


def _add_user(store, name: str, settings) -> None:
    from ..serve.auth import add_user, check_name
    from ..serve.clock import now

    name = check_name(name)
    password = click.prompt(f"请输入 {name} 的密码", hide_input=True, confirmation_prompt="请再次输入密码",
                            err=True)
    with store.transaction() as session:
        add_user(session, name, password, now(settings.clock))
    store.close()
    say(f"已设置工作人员账号：{name}（登录地址 /admin）")


def _demo(store, settings, base: str) -> None:
    from ..serve.demo import set_up

    demo = set_up(store, settings)
    say(f"演示账号：{demo.user}　密码：{demo.password}　登录：{base}/admin")
    say("演示收集的报送链接（只显示这一次）：")
    for agency, path in demo.links:
        say(f"  {agency}　{base}{path}")
