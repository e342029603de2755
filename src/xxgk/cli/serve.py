from __future__ import annotations

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
@click.option("--max-upload", default=20, show_default=True, type=click.IntRange(1, 1024), metavar="MB",
              help="单个请求的大小上限（MB），超过时拒绝（413）。")
@click.option("--timeout", default=60, show_default=True, type=click.IntRange(1, 3600), metavar="秒",
              help="单个文件的处理时限，超时的工作进程被终止并替换。")
def serve(host: str, port: int, data: Path, workers: int, max_upload: int, timeout: int) -> None:
    """启动网页服务：任何人可在浏览器中上传年报并查看校验结果，程序可调用 POST /api/validate。

    需先安装网页组件：pip install -e '.[serve]'。
    """
    try:
        import uvicorn

        from ..serve import ServeSettings, create_app
    except ImportError as error:
        raise XxgkError(f"未安装网页服务所需的组件（{error.name}），请先运行：pip install -e '.[serve]'") from None
    if data.exists() and not data.is_dir():
        raise XxgkError("数据目录应为文件夹", path=data)
    refuse_unwritable(data, data)
    data.mkdir(parents=True, exist_ok=True)
    settings = ServeSettings(data=data, max_upload=max_upload * MB, workers=workers, timeout=float(timeout))
    say(f"网页服务已启动：http://{'[' + host + ']' if ':' in host else host}:{port}/ （按 Ctrl+C 停止）")
    uvicorn.run(create_app(settings), host=host, port=port, proxy_headers=True, log_level="warning",
                server_header=False)
