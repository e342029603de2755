"""The office's pages under ``/admin`` (staff signed in): collections and their agencies, the links (shown once,
downloadable then as CSV), each agency's versions and findings, 已核实, acceptance and return, the audit log."""

from __future__ import annotations

import functools
import json

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from . import auth, collections, links, submission
from .agency_page import version_download
from .audit import ACTIONS, DETAILS, log, staff_actor
from .office_dashboard import dashboard_routes
from .refusal import Refusal
from .service import Service
from .store.models import Agency, Collection, Event, User
from .submission import VERIFIED
from .uploads import BadUpload, TooLarge, read_form
from .views import rows, version_context

LOGIN = "/admin/login"


class SignIn(Exception):
    """No signed-in staff member: a page sends the browser to sign in, a form is refused."""


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def office_routes(service: Service) -> list[Route]:
    def cookie_of(request: Request) -> str | None:
        return request.cookies.get(auth.COOKIE)

    def staff(handler):
        @functools.wraps(handler)
        async def run(request: Request) -> Response:
            user = await service.read(lambda s: auth.signed_in(s, cookie_of(request), service.now()))
            try:
                if user is None:
                    raise SignIn
                return await handler(request, user)
            except SignIn:
                if request.method == "GET":
                    return RedirectResponse(LOGIN, status_code=303)
                return service.message(request, 403, "请先登录", "登录已失效，请重新登录后再操作。", LOGIN)
            except Refusal as refusal:
                return service.message(request, refusal.status, "未能完成", refusal.message,
                                       request.url.path if request.method == "GET" else None)
        return run

    def links_page(request: Request, user: User, collection: Collection, made, repeats: int) -> Response:
        base = str(request.base_url).rstrip("/")
        return service.page(request, "links.html.j2", user=user, collection=collection, repeats=repeats,
                            links=[(link.agency, base + links.path(link.token)) for link in made])

    async def login_page(request: Request) -> Response:
        return service.page(request, "login.html.j2")

    async def login(request: Request) -> Response:
        try:
            form = await service.form(request)
        except Refusal as refusal:
            return service.page(request, "login.html.j2", refusal.status, error=refusal.message)
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        try:
            token = await service.db(lambda s: auth.sign_in(s, name, password, _client(request), service.now()))
        except auth.LoginRefused as refused:
            return service.page(request, "login.html.j2", refused.status, error=str(refused), name=name)
        if token is None:
            return service.page(request, "login.html.j2", 401, error="用户名或密码不正确。", name=name)
        response = RedirectResponse("/admin", status_code=303)
        response.set_cookie(auth.COOKIE, token, max_age=auth.SESSION_HOURS * 3600, httponly=True, samesite="lax",
                            path="/", secure=request.url.scheme == "https")
        return response

    @staff
    async def logout(request: Request, user: User) -> Response:
        await service.form(request)
        await service.db(lambda s: auth.sign_out(s, cookie_of(request), service.now()))
        response = RedirectResponse(LOGIN, status_code=303)
        response.delete_cookie(auth.COOKIE, path="/")
        return response

    @staff
    async def index(request: Request, user: User) -> Response:
        def view(session):
            query = select(Collection).order_by(Collection.year.desc(), Collection.id.desc())
            return {"collections": list(session.scalars(query))}

        return await service.view(request, "admin.html.j2", view, user=user, year=service.today().year - 1)

    @staff
    async def create(request: Request, user: User) -> Response:
        try:
            form = await read_form(request, service.settings.max_upload)
        except (TooLarge, BadUpload) as error:
            raise Refusal(413 if isinstance(error, TooLarge) else 400, str(error)) from None
        service.csrf.check(request, form)
        names = collections.parse_names(str(form.get("names", "")))
        upload = form.get("file")
        if upload is not None and not isinstance(upload, str) and upload.filename:
            names += collections.csv_names(await upload.read())
        year = collections.parse_year(str(form.get("year", "")))
        deadline = collections.parse_deadline(str(form.get("deadline", "")))
        carried = str(form.get("previous", ""))

        def made(session):
            every = collections.previous_names(session, int(carried) if carried.isdigit() else None) + names
            if not every:
                raise Refusal(400, "请填写或上传需要报送的单位名单。")
            return collections.create(session, str(form.get("office", "")), year, deadline, every,
                                      staff_actor(user.name), user.name, service.now())

        collection, new, repeats = await service.db(made)
        return links_page(request, user, collection, new, repeats)

    def collection_of(session, request: Request) -> Collection:
        collection = session.get(Collection, request.path_params["cid"])
        if collection is None:
            raise Refusal(404, "该收集不存在。")
        return collection

    def agency_of(session, request: Request) -> Agency:
        agency = session.get(Agency, request.path_params["aid"])
        if agency is None or agency.collection_id != request.path_params["cid"]:
            raise Refusal(404, "该单位不在此收集中。")
        return agency

    @staff
    async def collection(request: Request, user: User) -> Response:
        def view(session):
            found = collection_of(session, request)
            return {"collection": found, "rows": rows(found, service.today())}

        return await service.view(request, "collection.html.j2", view, user=user)

    @staff
    async def add(request: Request, user: User) -> Response:
        form = await service.form(request)

        def made(session):
            found = collection_of(session, request)
            new, repeats = collections.add_agencies(session, found, collections.parse_names(str(form.get("names", ""))),
                                                    staff_actor(user.name), service.now())
            return found, new, repeats

        found, new, repeats = await service.db(made)
        return links_page(request, user, found, new, repeats)

    @staff
    async def links_csv(request: Request, user: User) -> Response:
        form = await service.form(request)
        pairs = list(zip(form.getlist("agency"), form.getlist("link")))
        return Response(collections.links_csv([(str(a), str(b)) for a, b in pairs]), media_type="text/csv",
                        headers={"content-disposition": "attachment; filename=\"links.csv\"; "
                                                        "filename*=UTF-8''%E6%8A%A5%E9%80%81%E9%93%BE%E6%8E%A5.csv"})

    @staff
    async def agency(request: Request, user: User) -> Response:
        def view(session):
            found = agency_of(session, request)
            asked = request.query_params.get("v", "")
            number = int(asked) if asked.isdigit() else found.submitted_number  # else the one submitted
            shown = next((v for v in found.versions if v.number == number), None) or submission.latest(found)
            events = session.scalars(select(Event).where(Event.agency_id == found.id).order_by(Event.id)).all()
            return {"agency": found, "collection": found.collection, "state": submission.State(found.state),
                    "overdue": submission.overdue(found, found.collection.deadline, service.today()),
                    "link": links.active(session, found), "versions": list(found.versions), "events": events,
                    "actions": ACTIONS, "base": request.url.path,
                    **version_context(session, service.store, found, shown)}

        return await service.view(request, "office_agency.html.j2", view, user=user)

    @staff
    async def decide(request: Request, user: User) -> Response:
        form = await service.form(request)
        accept = str(form.get("action")) == "accept"
        await service.db(lambda s: submission.decide(s, agency_of(s, request), accept, str(form.get("remark", "")),
                                                     staff_actor(user.name), service.now()))
        return RedirectResponse(request.url.path.rsplit("/", 1)[0], status_code=303)

    @staff
    async def verify(request: Request, user: User) -> Response:
        form = await service.form(request)
        fp, on = str(form.get("fingerprint", "")), str(form.get("on", "")) == "1"

        def act(session):
            found = agency_of(session, request)
            version = submission.latest(found)
            if version is None or fp not in {f for f, _ in submission.warnings_of(version)}:
                raise Refusal(404, "该警告不在最新版本中。")
            if submission.acknowledge(session, found, fp, VERIFIED, "已核实" if on else "", user.name,
                                      service.now()):
                log(session, service.now(), staff_actor(user.name), "verified" if on else "unverified",
                    agency=found, fingerprint=fp)

        await service.db(act)
        return RedirectResponse(request.url.path.rsplit("/", 1)[0], status_code=303)

    @staff
    async def link(request: Request, user: User) -> Response:
        form = await service.form(request)
        regenerate = str(form.get("action")) == "regenerate"

        def act(session):
            found = agency_of(session, request)
            if regenerate:
                return found.collection, [collections.NewLink(found.name, links.issue(
                    session, found, staff_actor(user.name), service.now()))]
            links.revoke(session, found, staff_actor(user.name), service.now())
            return found.collection, None

        found, new = await service.db(act)
        if new is None:
            return RedirectResponse(request.url.path.rsplit("/", 1)[0], status_code=303)
        return links_page(request, user, found, new, 0)

    @staff
    async def version_file(request: Request, user: User) -> Response:
        def find(session):
            found = agency_of(session, request)
            version = next((v for v in found.versions if v.number == request.path_params["number"]), None)
            if version is None:
                raise Refusal(404, "该版本不存在。")
            return version

        return version_download(service, await service.read(find))

    @staff
    async def log_page(request: Request, user: User) -> Response:
        def view(session):
            found = collection_of(session, request)
            events = session.scalars(select(Event).where(Event.collection_id == found.id)
                                     .order_by(Event.id.desc())).all()
            names = {a.id: a.name for a in found.agencies}
            return {"collection": found, "events": events, "names": names}

        return await service.view(request, "log.html.j2", view, user=user, actions=ACTIONS, detail=json.loads,
                                  details=DETAILS)

    agency_path = "/admin/c/{cid:int}/a/{aid:int}"
    return [
        Route(LOGIN, login_page),
        Route(LOGIN, login, methods=["POST"]),
        Route("/admin/logout", logout, methods=["POST"]),
        Route("/admin", index),
        Route("/admin/collections", create, methods=["POST"]),
        Route("/admin/links.csv", links_csv, methods=["POST"]),
        Route("/admin/c/{cid:int}", collection),
        Route("/admin/c/{cid:int}/agencies", add, methods=["POST"]),
        Route("/admin/c/{cid:int}/log", log_page),
        Route(agency_path, agency),
        Route(agency_path + "/decide", decide, methods=["POST"]),
        Route(agency_path + "/verify", verify, methods=["POST"]),
        Route(agency_path + "/link", link, methods=["POST"]),
        Route(agency_path + "/v/{number:int}", version_file),
        *dashboard_routes(service, staff),  # the dashboard (issue 15)
    ]
