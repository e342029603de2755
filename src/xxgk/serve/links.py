"""Agencies' private submission links: a random token of 192 bits in the URL, kept only as its SHA-256; issuing
a new one revokes the old; a revoked or unknown token opens nothing."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from .audit import log
from .store.models import Agency, Link

TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")  # secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def path(token: str) -> str:
    return f"/a/{token}"


def issue(session: Session, agency: Agency, actor: str, at: datetime) -> str:
    """A new link for ``agency`` (its earlier ones revoked); the token, shown once."""
    revoke(session, agency, actor, at, quiet=True)
    token = secrets.token_urlsafe(24)
    session.add(Link(agency_id=agency.id, token_hash=token_hash(token), created_at=at))
    log(session, at, actor, "link-issued", agency=agency)
    return token


def revoke(session: Session, agency: Agency, actor: str, at: datetime, *, quiet: bool = False) -> int:
    active = session.scalars(select(Link).where(Link.agency_id == agency.id, Link.revoked_at.is_(None))).all()
    for link in active:
        link.revoked_at = at
    if active and not quiet:
        log(session, at, actor, "link-revoked", agency=agency)
    return len(active)


def active(session: Session, agency: Agency) -> Link | None:
    return session.scalar(select(Link).where(Link.agency_id == agency.id, Link.revoked_at.is_(None)))


# built once: every request of an agency's page runs it, and SQLAlchemy then reuses its compiled form as is
_BY_TOKEN = select(Agency).join(Link, Link.agency_id == Agency.id).where(
    Link.token_hash == bindparam("token_hash"), Link.revoked_at.is_(None))
_BY_TOKEN_LOCKED = _BY_TOKEN.with_for_update(of=Agency)


def agency_of(session: Session, token: str, *, for_update: bool = False) -> Agency | None:
    """The agency whose live link holds ``token``, or None; ``for_update``: its row locked until the transaction
    ends."""
    if not TOKEN.fullmatch(token):
        return None
    return session.scalar(_BY_TOKEN_LOCKED if for_update else _BY_TOKEN, {"token_hash": token_hash(token)})
