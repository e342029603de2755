"""The store's own consistency check: the database's integrity, and that every version's files are whole and
its state follows from its versions. An empty list means consistent."""

from __future__ import annotations

import hashlib
from collections import defaultdict

from sqlalchemy import select, text

from . import Store
from .blobs import CHUNK
from .models import Agency, Version

UPLOADED_STATES = {"uploaded", "submitted", "accepted", "returned"}


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def problems(store: Store) -> list[str]:
    found: list[str] = []
    with store.transaction() as session:
        if store.dialect == "sqlite":
            integrity = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
            if integrity != ["ok"]:
                found += [f"sqlite integrity: {line}" for line in integrity]
            found += [f"sqlite foreign key: {tuple(row)}" for row in session.execute(text("PRAGMA foreign_key_check"))]
        numbers: dict[int, list[int]] = defaultdict(list)
        for version in session.scalars(select(Version)):
            numbers[version.agency_id].append(version.number)
            for what, sha256 in (("file", version.sha256), ("report", version.report_sha256)):
                path = store.blobs.path(sha256)
                if not path.is_file():
                    found.append(f"version {version.id}: {what} {sha256} missing")
        for agency in session.scalars(select(Agency)):
            made = sorted(numbers.get(agency.id, []))
            if made != list(range(1, agency.versions_made + 1)):
                found.append(f"agency {agency.id}: versions {made}, versions_made {agency.versions_made}")
            if (agency.state in UPLOADED_STATES) != bool(made):
                found.append(f"agency {agency.id}: state {agency.state} with {len(made)} versions")
            if (agency.state in ("submitted", "accepted")) != (agency.submitted_number in made):
                found.append(f"agency {agency.id}: state {agency.state}, submitted version {agency.submitted_number}")
    for name, path in store.blobs.stored():
        if _sha256(path) != name:
            found.append(f"file {name}: content does not match its name")
    found += [f"partial file left: {path.name}" for path in store.blobs.partial.iterdir()]
    return found
