"""The agency's page, opened by its private link (``/a/<token>``) and nothing else: its pre-filled template,
upload, the findings as on the check page, the 说明 of each warning, submit and withdraw."""

from __future__ import annotations

import functools

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..jsonio import report_from_json
from . import archive, links, submission
from .audit import agency_actor, log
from .check import SUFFIXES
from .http import content_disposition
from .intake import receive
from .prefill import prefilled_template
from .refusal import Refusal
from .service import Service
from .store.models import Version
from .submission import State, Upload
from .views import version_context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEAD = "该报送链接无效或已停用。如需报送，请向政务公开办索取新的链接。"


def agency_routes(service: Service) -> list[Route]:
    def guarded(handler):
        @functools.wraps(handler)
        async def run(request: Request) -> Response:
            try:
                return await handler(request, request.path_params["token"])
            except Refusal as refusal:
                back = links.path(request.path_params["token"]) if refusal.status != 404 else None
                answer = service.message(request, refusal.status, "未能完成", refusal.message, back)
                answer.headers.update(refusal.headers)  # a full queue's Retry-After
                return answer
        return run

    def opened(session, token: str, *, for_update: bool = False):
        agency = links.agency_of(session, token, for_update=for_update)
        if agency is None:
            raise Refusal(404, DEAD)
        return agency

    @guarded
    async def page(request: Request, token: str) -> Response:
        def view(session):
            agency = opened(session, token)
            version = submission.latest(agency)
            return {"agency": agency, "collection": agency.collection, "state": State(agency.state),
                    "overdue": submission.overdue(agency, agency.collection.deadline, service.today()),
                    "versions": list(agency.versions), "base": links.path(token), "accept": ",".join(SUFFIXES),
                    **version_context(session, service.store, agency, version)}

        return await service.view(request, "agency.html.j2", view)

    @guarded
    async def template(request: Request, token: str) -> Response:
        def made(session) -> tuple[str, bytes]:
            agency = opened(session, token)
            previous = archive.last_years_report(session, service.store, agency)
            report = report_from_json(previous) if previous is not None else None
            year = agency.collection.year
            return f"{agency.name}-{year}年报.xlsx", prefilled_template(agency.name, year, report)

        name, data = await service.read(made)
        return Response(data, media_type=XLSX, headers={"content-disposition": content_disposition(name)})

    @guarded
    async def upload(request: Request, token: str) -> Response:
        def before(session):
            agency = opened(session, token)
            submission.can_upload(agency)
            return agency, agency.collection, archive.last_years_report(session, service.store, agency)

        def record(upload: Upload) -> None:
            with service.store.transaction() as session:
                submission.record_upload(session, opened(session, token, for_update=True), upload,
                                         agency_actor(agency), service.now())

        agency, collection, previous = await service.read(before)
        try:
            await receive(service, request, agency, collection, previous, record)
        except Refusal as refusal:
            if refusal.status == 422:  # the file was read and refused (its year, or unreadable): on the record
                reason = refusal.message
                await service.db(lambda s: log(s, service.now(), agency_actor(agency), "upload-refused",
                                               agency=opened(s, token), reason=reason))
            raise
        return RedirectResponse(links.path(token), status_code=303)

    @guarded
    async def explain(request: Request, token: str) -> Response:
        form = await service.form(request)
        notes = {key[len("note-"):]: str(value) for key, value in form.multi_items() if key.startswith("note-")}
        action = str(form.get("action", "save"))

        def act(session):
            agency = opened(session, token)
            submission.explain(session, agency, notes, agency_actor(agency), service.now())
            return agency

        await service.db(act)
        if action == "submit":  # the explanations are kept even when the gate refuses
            await service.db(lambda s: submission.submit(s, (a := opened(s, token)), agency_actor(a), service.now()))
        return RedirectResponse(links.path(token), status_code=303)

    @guarded
    async def withdraw(request: Request, token: str) -> Response:
        await service.form(request)
        await service.db(lambda s: submission.withdraw(s, (a := opened(s, token)), agency_actor(a), service.now()))
        return RedirectResponse(links.path(token), status_code=303)

    @guarded
    async def version_file(request: Request, token: str) -> Response:
        number = request.path_params["number"]

        def find(session) -> Version:
            agency = opened(session, token)
            version = next((v for v in agency.versions if v.number == number), None)
            if version is None:
                raise Refusal(404, "该版本不存在。")
            return version

        version = await service.read(find)
        return version_download(service, version)

    return [
        Route("/a/{token}", page),
        Route("/a/{token}/template.xlsx", template),
        Route("/a/{token}/upload", upload, methods=["POST"]),
        Route("/a/{token}/explain", explain, methods=["POST"]),
        Route("/a/{token}/withdraw", withdraw, methods=["POST"]),
        Route("/a/{token}/v/{number:int}", version_file),
    ]


def version_download(service: Service, version: Version) -> Response:
    from starlette.responses import FileResponse

    media = XLSX if version.suffix in (".xlsx", ".xlsm") else "application/octet-stream"
    return FileResponse(service.store.blobs.path(version.sha256), media_type=media,
                        headers={"content-disposition": content_disposition(version.filename)})
