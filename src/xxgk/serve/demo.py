"""``xxgk serve --demo``: a demo collection holding the bundled example and two more agencies, a demo staff
account with a fresh password, and new links for its agencies, so a newcomer sees the whole flow at once."""

from __future__ import annotations

import secrets
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ..workbook.bundled import EXAMPLE_WORKBOOK
from . import auth, collections, links, submission
from .audit import staff_actor
from .check import Job, check_upload
from .clock import now
from .intake import keep
from .settings import ServeSettings
from .store import Store
from .store.models import Agency, Collection

USER = "demo"
OFFICE = "额敏县人民政府办公室（演示）"
YEAR = 2024
DEADLINE = date(2025, 3, 31)
AGENCIES = ("额敏县上户镇人民政府", "额敏县教育局", "额敏县财政局")  # the first is the bundled example's agency
EXAMPLE = Path(__file__).resolve().parents[3] / "workbook_templates" / EXAMPLE_WORKBOOK


@dataclass(frozen=True)
class Demo:
    user: str
    password: str
    links: list[tuple[str, str]]  # (agency, path)


def set_up(store: Store, settings: ServeSettings) -> Demo:
    at = now(settings.clock)
    password = secrets.token_urlsafe(12)
    actor = staff_actor(USER)
    with store.transaction() as session:
        auth.add_user(session, USER, password, at)
        collection = session.scalar(select(Collection).where(Collection.office == OFFICE, Collection.year == YEAR))
        if collection is None:
            collection, _, _ = collections.create(session, OFFICE, YEAR, DEADLINE, list(AGENCIES), actor, USER, at)
        made = [(a.name, links.path(links.issue(session, a, actor, at))) for a in collection.agencies]
        example = collection.agencies[0]
        needs_example = not example.versions and EXAMPLE.is_file()
        example_id = example.id
    if needs_example:
        upload = _example_upload(store, example, collection)
        with store.transaction() as session:
            submission.record_upload(session, session.get(Agency, example_id, with_for_update=True), upload, actor, at)
    return Demo(USER, password, made)


def _example_upload(store: Store, agency, collection) -> submission.Upload:
    """The bundled example, checked as an agency's upload is (in process: it is our own file)."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "upload.xlsx").write_bytes(EXAMPLE.read_bytes())
        checked = check_upload(Job(work, "upload.xlsx", EXAMPLE.name, deadline=collection.deadline, outputs=False,
                                   keep_report=True))
        return keep(store, work / "upload.xlsx", EXAMPLE.name, agency, collection, checked)
