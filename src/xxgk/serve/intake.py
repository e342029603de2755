"""An agency's upload, from the posted form to the files kept: the size limit while it streams, the CSRF field,
the check in a worker (the collection's deadline feeding the deadline rule, last year's accepted report the
cross-year rules), the report year refused when it is not the collection's, and the file and its canonical JSON
written into the content-addressed store; then, in the same thread, ``record`` (the caller's transaction, in which
``submission.record_upload`` makes the version) gets the upload."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import anyio.to_thread
from starlette.requests import Request

from .check import REPORT_JSON, Checked, Job
from .refusal import Refusal, worker_refusal
from .service import Service
from .store import Store
from .submission import Upload, refuse_year, with_link_findings
from .uploads import BadUpload, TooLarge, read_form, store, upload_suffix, uploaded

PREVIOUS = "previous.json"


async def receive(service: Service, request: Request, agency, collection, previous: bytes | None,
                  record: Callable[[Upload], None]) -> None:
    try:
        form = await read_form(request, service.settings.max_upload)
    except TooLarge as error:
        raise Refusal(413, str(error)) from None
    except BadUpload as error:
        raise Refusal(400, str(error)) from None
    service.csrf.check(request, form)
    try:
        main = uploaded(form, "file", required=True)
        suffix = upload_suffix(main.filename or "")
    except BadUpload as error:
        raise Refusal(400 if "请选择" in str(error) else 415, str(error)) from None
    name = main.filename or "report"
    _, folder = service.cache.new()
    try:
        await store(main, folder / f"upload{suffix}")
        await form.close()
        if previous is not None:
            (folder / PREVIOUS).write_bytes(previous)
        job = Job(folder, f"upload{suffix}", name, deadline=collection.deadline, outputs=False, keep_report=True,
                  previous=PREVIOUS if previous is not None else None, previous_name="上一年度已接收的报告")
        try:
            checked = await anyio.to_thread.run_sync(service.pool.run, job)
        except Exception as error:
            raise worker_refusal(error, name) from None
        # in one thread: writing the files and recording the version must not hold up the event loop
        await anyio.to_thread.run_sync(lambda: record(keep(service.store, folder / job.upload, name, agency,
                                                           collection, checked)))
    finally:
        service.cache.remove(folder)


def keep(store: Store, path: Path, name: str, agency, collection, checked: Checked) -> Upload:
    """The checked upload (its report year refused when it is not the collection's, a name that is not the link's
    agency warned of) and its file and canonical JSON written into the content-addressed store."""
    facts = checked.facts
    refuse_year(facts.report_year, collection, name)
    result = with_link_findings(checked.result, agency, facts.agency_name, facts.format_version)
    sha256, report_sha256 = store.blobs.put_file(path), store.blobs.put_file(path.parent / REPORT_JSON)
    return Upload(sha256, report_sha256, name, path.suffix, path.stat().st_size, facts.report_year,
                  facts.agency_name, result)
