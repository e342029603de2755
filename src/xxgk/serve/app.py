"""The routes of ``xxgk serve``: the check page, its result pages and downloads, and the API for scripts."""

from __future__ import annotations

import contextlib
import re
from datetime import date
from pathlib import Path

import anyio.to_thread
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import XxgkError
from ..render.pdf import find_soffice
from ..validation import rule_to_leave_aside, selection
from .agency_page import agency_routes
from .cache import Cache
from .check import ANNOTATED, FINDINGS, REPORT_DOCX, REPORT_JSON, REPORT_PDF, SUFFIXES, Checked, Job
from .csrf import Csrf, load_secret
from .http import SecurityHeaders, content_disposition
from .office import office_routes
from .page import page_context
from .pool import WorkerPool
from .refusal import Refusal, worker_refusal
from .service import Service
from .settings import ServeSettings
from .store import Store
from .uploads import BadUpload, TooLarge, read_form, store, upload_suffix, uploaded

PAGE = "page.html"
# download name in the result folder → (suffix of the name offered to the user, media type)
DOWNLOADS = {
    ANNOTATED: ("-标注.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    REPORT_JSON: (".json", "application/json"),
    REPORT_DOCX: (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    REPORT_PDF: (".pdf", "application/pdf"),
    FINDINGS: ("-校验结果.json", "application/json"),
}


def _templates() -> Environment:
    # the render package's templates too: the result page draws the tables with its cell macros
    loader = ChoiceLoader([PackageLoader("xxgk.serve", "templates"), PackageLoader("xxgk.render", ".")])
    return Environment(loader=loader, autoescape=select_autoescape(default=True), trim_blocks=True,
                       lstrip_blocks=True)


def _deadline(text: str) -> date | None:
    if not text.strip():
        return None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text.strip())
    with contextlib.suppress(ValueError):
        if match:
            return date(*map(int, match.groups()))
    raise Refusal(400, f"报送期限“{text}”不是有效日期，应写作 YYYY-MM-DD")


def _selection(form) -> dict:
    """The ``ignore`` and ``select`` fields (each repeated, one rule id a value), checked as the CLI's
    ``--ignore`` and ``--select`` are."""
    try:
        return selection(*([rule_to_leave_aside(str(value), field) for value in form.getlist(field)]
                           for field in ("ignore", "select")))
    except XxgkError as error:
        raise Refusal(400, str(error)) from None


def create_app(settings: ServeSettings | None = None, opened: Store | None = None) -> Starlette:
    """The service; ``opened``: the store when the caller opened it already (the command does, to report a bad database
    before it listens)."""
    settings = settings or ServeSettings()
    cache = Cache(settings.cache, settings.keep_seconds, settings.clock)
    templates = _templates()
    state: dict = {}
    service = Service(settings, templates, cache, Csrf(load_secret(settings.data)), state)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        state["store"] = opened or Store.open(settings.data, settings.database)
        state["pool"] = WorkerPool(settings.work, settings.workers, timeout=settings.timeout, memory=settings.memory,
                                   waiting=settings.queue, retry_after=settings.retry_after)
        try:
            yield
        finally:
            state.pop("pool").close()
            state.pop("store").close()

    def html(name: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(templates.get_template(name).render(**context), status_code=status)

    def index_page(error: str | None = None, status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
        page = html("index.html.j2", status, error=error, accept=",".join(SUFFIXES),
                    limit_mb=f"{settings.max_upload / (1024 * 1024):g}")
        page.headers.update(headers or {})
        return page

    async def check(request: Request, *, outputs: bool = True) -> tuple[str, Path, Checked, Job]:
        """Read the form, store the upload in a new cache folder, and check it in a worker."""
        try:
            form = await read_form(request, settings.max_upload)
        except TooLarge as error:
            raise Refusal(413, str(error)) from None
        except BadUpload as error:
            raise Refusal(400, str(error)) from None
        try:
            main = uploaded(form, "file", required=True)
            previous = uploaded(form, "previous", required=False)
            names = {"file": upload_suffix(main.filename or "")}
            if previous is not None:
                names["previous"] = upload_suffix(previous.filename or "")
        except BadUpload as error:
            raise Refusal(400 if "请选择" in str(error) else 415, str(error)) from None
        strict = str(form.get("strict", "")).lower() in ("1", "true", "on", "yes")
        deadline = _deadline(str(form.get("deadline", "")))
        rules = _selection(form)
        token, folder = cache.new()
        await store(main, folder / f"upload{names['file']}")
        if previous is not None:
            await store(previous, folder / f"previous{names['previous']}")
        await form.close()
        job = Job(folder, f"upload{names['file']}", main.filename or "", strict=strict, deadline=deadline, **rules,
                  previous=f"previous{names['previous']}" if previous is not None else None,
                  previous_name=previous.filename if previous is not None else None, outputs=outputs)
        try:
            checked = await anyio.to_thread.run_sync(state["pool"].run, job)
        except Exception as error:
            cache.remove(folder)  # a refused file is not kept
            raise worker_refusal(error, main.filename or "") from None
        cache.update(folder, name=main.filename, strict=strict)
        return token, folder, checked, job

    async def index(request: Request) -> Response:
        return index_page()

    async def submit(request: Request) -> Response:
        try:
            token, folder, checked, job = await check(request)
        except Refusal as refusal:
            return index_page(refusal.message, refusal.status, refusal.headers)
        page = templates.get_template("result.html.j2").render(
            base=f"/r/{token}", pdf=find_soffice() is not None,
            **page_context(checked.result, checked.document, name=job.name, strict=job.strict))
        (folder / PAGE).write_text(page, "utf-8")
        return RedirectResponse(f"/r/{token}", status_code=303)

    def not_found() -> HTMLResponse:
        return html("message.html.j2", 404, heading="结果已不存在",
                    message="该校验结果不存在或已超过 1 小时保存期限被删除，请重新上传文件校验。")

    async def result(request: Request) -> Response:
        folder = cache.folder(request.path_params["token"])
        if folder is None or not (folder / PAGE).is_file():
            return not_found()
        return HTMLResponse((folder / PAGE).read_text("utf-8"))

    async def download(request: Request) -> Response:
        folder = cache.folder(request.path_params["token"])
        name = request.path_params["name"]
        if folder is None or name not in DOWNLOADS:
            return not_found()
        if name == REPORT_PDF and not (folder / name).is_file():
            if find_soffice() is None:
                return not_found()
            try:
                await anyio.to_thread.run_sync(_make_pdf, folder)
            except XxgkError as error:
                return html("message.html.j2", 500, heading="无法生成 PDF", message=str(error))
        if not (folder / name).is_file():
            return not_found()
        meta = cache.meta(folder) or {}
        stem = Path(str(meta.get("name") or "report")).stem or "report"
        suffix, media = DOWNLOADS[name]
        return FileResponse(folder / name, media_type=media,
                            headers={"content-disposition": content_disposition(stem + suffix)})

    async def api_validate(request: Request) -> Response:
        try:
            _, folder, checked, _ = await check(request, outputs=False)
        except Refusal as refusal:
            return JSONResponse({"error": refusal.message}, status_code=refusal.status, headers=refusal.headers)
        cache.remove(folder)  # a script's upload is answered, not kept
        return Response(checked.findings_json, media_type="application/json")

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    static = StaticFiles(directory=Path(__file__).parent / "static")
    routes = [
        Route("/", index),
        Route("/check", submit, methods=["POST"]),
        Route("/r/{token}", result),
        Route("/r/{token}/{name}", download),
        Route("/api/validate", api_validate, methods=["POST"]),
        Route("/healthz", healthz),
        Route("/favicon.ico", lambda request: Response(status_code=204)),  # no icon, and no 404 in the log
        Mount("/static", static, name="static"),
        *agency_routes(service),  # collections: the agencies' pages and the office's (issue 14)
        *office_routes(service),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.add_middleware(SecurityHeaders)
    return app


def _make_pdf(folder: Path) -> None:
    from ..files import write_bytes_atomic
    from ..render.pdf import docx_to_pdf

    write_bytes_atomic(folder / REPORT_PDF, docx_to_pdf((folder / REPORT_DOCX).read_bytes()))
