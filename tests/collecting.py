"""Helpers of the collection tests: an office member and an agency driving ``xxgk serve`` through its forms."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match, "the page has no form with a CSRF field"
    return match.group(1)


def links_of(page: str) -> dict[str, str]:
    """Agency → link path, from the page that shows new links once."""
    pairs = re.findall(r'name="agency" value="([^"]*)"><input type="hidden" name="link" value="([^"]*)"', page)
    return {unescape(agency): re.sub(r"^https?://[^/]+", "", link) for agency, link in pairs}


class Office:
    def __init__(self, client) -> None:
        self.client = client

    def form(self, path: str) -> str:
        return csrf_of(self.client.get(path).text)

    def login(self, name: str, password: str):
        return self.client.post("/admin/login", data={"csrf": self.form("/admin/login"), "name": name,
                                                      "password": password}, follow_redirects=False)

    def create(self, office: str, names: list[str], *, year: int = 2024, deadline: str = "2025-03-31",
               csv: bytes | None = None, previous: int | None = None):
        data = {"csrf": self.form("/admin"), "office": office, "year": str(year), "deadline": deadline,
                "names": "\n".join(names), "previous": str(previous or "")}
        files = {"file": ("名单.csv", csv or b"", "text/csv")}
        return self.client.post("/admin/collections", data=data, files=files)

    def collection_id(self, answer) -> int:
        return int(re.search(r'href="/admin/c/(\d+)"', answer.text).group(1))

    def agency_path(self, collection: int, name: str) -> str:
        page = self.client.get(f"/admin/c/{collection}").text
        match = re.search(rf'href="(/admin/c/{collection}/a/\d+)">{re.escape(name)}</a>', page)
        assert match, f"{name} is not in collection {collection}"
        return match.group(1)

    def post(self, path: str, **fields):
        return self.client.post(path, data={"csrf": self.form("/admin/login"), **fields}, follow_redirects=False)


class AgencyClient:
    def __init__(self, client, path: str) -> None:
        self.client, self.path = client, path

    def page(self):
        return self.client.get(self.path)

    def csrf(self) -> str:  # the field signs the browser's cookie: any page's form gives it
        return csrf_of(self.client.get("/admin/login").text)

    def upload(self, workbook: Path, name: str | None = None):
        csrf = self.csrf()
        with workbook.open("rb") as f:
            return self.client.post(self.path + "/upload", data={"csrf": csrf},
                                    files={"file": (name or workbook.name, f.read(), XLSX)}, follow_redirects=False)

    def fingerprints(self) -> list[str]:
        return re.findall(r'name="note-([0-9a-f]{32})"', self.page().text)

    def explain(self, notes: dict[str, str], action: str = "save"):
        csrf = csrf_of(self.page().text)
        data = {"csrf": csrf, "action": action, **{f"note-{fp}": text for fp, text in notes.items()}}
        return self.client.post(self.path + "/explain", data=data, follow_redirects=False)

    def withdraw(self):
        return self.client.post(self.path + "/withdraw", data={"csrf": csrf_of(self.page().text)},
                                follow_redirects=False)
