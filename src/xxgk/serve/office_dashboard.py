"""The office's dashboard routes (staff signed in, through the office's own guard): a collection's dashboard, its
charts, and ``GET /admin/api/status`` for scripts."""

from __future__ import annotations

from collections.abc import Callable

import anyio.to_thread
from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..errors import XxgkError
from ..figures import HEADLINE
from . import accepted, auth, charts, dashboard, downloads
from .export import DatabaseSource
from .http import content_disposition
from .refusal import Refusal
from .service import Service
from .store.models import Collection, User

CHARTS = ("states", "received", "years")
# download → (what makes it from the accepted reports, media type, the name offered after 收集单位-年度)
DOWNLOADS = {
    "rollup.xlsx": (downloads.rollup_xlsx, downloads.XLSX, "汇总.xlsx"),
    "rollup.json": (downloads.rollup_json, "application/json", "汇总.json"),
    "index.csv": (lambda collection, reports: downloads.index_csv(reports), "text/csv; charset=utf-8",
                  "已接收报告清单.csv"),
    "reports.zip": (lambda collection, reports: downloads.reports_zip(reports), "application/zip",
                    "已接收报告.zip"),
}
# the collection's facts (``xxgk export --collection``): media type, the name offered after 收集单位-年度
FACTS = {"facts.csv": ("text/csv; charset=utf-8", "数据表.csv"),
         "facts.parquet": ("application/vnd.apache.parquet", "数据表.parquet")}


def dashboard_routes(service: Service, staff: Callable) -> list[Route]:
    def collection_of(session, request: Request) -> Collection:
        found = session.get(Collection, request.path_params["cid"])
        if found is None:
            raise Refusal(404, "该收集不存在。")
        return found

    @staff
    async def page(request: Request, user: User) -> Response:
        query = dashboard.Query.of(request.query_params)

        def view(session):
            found = collection_of(session, request)
            every = dashboard.entries(session, service.store, found, service.today())
            return {"collection": found, "entries": query.ordered(every), "tally": dashboard.Tally.of(every),
                    "accepted": sum(e.row.state is dashboard.State.accepted for e in every)}

        return await service.view(request, "dashboard.html.j2", view, user=user, query=query,
                                  base=f"/admin/c/{request.path_params['cid']}", **dashboard.choices())

    @staff
    async def chart(request: Request, user: User) -> Response:
        name = request.path_params["name"]
        if name not in CHARTS:
            raise Refusal(404, "该图表不存在。")

        def draw(session) -> bytes:
            found = collection_of(session, request)
            if name == "years":
                return years_chart(session, found)
            every = dashboard.entries(session, service.store, found, service.today())
            if name == "states":
                return charts.states(dashboard.Tally.of(every))
            return charts.received(every, HEADLINE[dashboard.RECEIVED])

        svg = await service.read(draw)
        return Response(svg, media_type="image/svg+xml",
                        headers={"content-security-policy": charts.CHART_CSP})

    def years_chart(session, found: Collection) -> bytes:
        this = totals(found)
        earlier = accepted.last_years(session, found)
        return charts.years(this or {}, totals(earlier) if earlier is not None else None, found.year)

    def totals(found: Collection) -> dict | None:
        reports = accepted.accepted(service.store, found)
        if not reports:
            return None
        try:
            return accepted.rollup(reports, accepted.rollup_name(found)).figures
        except XxgkError:
            return None  # reports that cannot be added up (the download says why)

    @staff
    async def download(request: Request, user: User) -> Response:
        name = request.path_params["name"]
        if name in FACTS:
            return await facts(request, name)
        if name not in DOWNLOADS:
            raise Refusal(404, "该下载不存在。")
        make, media, offered = DOWNLOADS[name]

        def build(session) -> tuple[bytes, str]:
            found = collection_of(session, request)
            try:
                return make(found, accepted.accepted(service.store, found)), f"{found.office}-{found.year}年度{offered}"
            except XxgkError as error:
                raise Refusal(409, str(error)) from None

        data, filename = await service.read(build)
        return Response(data, media_type=media, headers={"content-disposition": content_disposition(filename)})

    async def facts(request: Request, name: str) -> Response:
        """The export's rows of the collection's accepted reports: the versions listed in a transaction, the
        rows written outside it (the reports' files never change)."""
        media, offered = FACTS[name]

        def source(session) -> tuple[DatabaseSource, str]:
            found = collection_of(session, request)
            try:
                return DatabaseSource.of(session, service.store, found.id), f"{found.office}-{found.year}年度{offered}"
            except XxgkError as error:
                raise Refusal(409, str(error)) from None

        reports, filename = await service.read(source)
        try:
            data = await anyio.to_thread.run_sync(downloads.facts, reports, name[name.index("."):])
        except XxgkError as error:
            raise Refusal(409, str(error)) from None
        return Response(data, media_type=media, headers={"content-disposition": content_disposition(filename)})

    async def status(request: Request) -> Response:
        wanted = request.query_params.get("collection", "")

        def read(session):
            if auth.signed_in(session, request.cookies.get(auth.COOKIE), service.now()) is None:
                return None
            query = select(Collection).order_by(Collection.year.desc(), Collection.id.desc())
            if wanted:
                if not wanted.isdigit():
                    return {}
                query = query.where(Collection.id == int(wanted))
            return {"collections": [dashboard.status_json(c, dashboard.entries(session, service.store, c,
                                                                               service.today()))
                                    for c in session.scalars(query)]}

        answer = await service.read(read)
        if answer is None:
            return JSONResponse({"error": "请先登录（仅限政务公开办工作人员）"}, status_code=401)
        if wanted and not answer.get("collections"):
            return JSONResponse({"error": f"收集“{wanted}”不存在"}, status_code=404)
        return JSONResponse(answer)

    base = "/admin/c/{cid:int}"
    return [
        Route(base + "/dashboard", page),
        Route(base + "/charts/{name}.svg", chart),
        Route(base + "/download/{name}", download),
        Route("/admin/api/status", status),
    ]
