"""The tables of the office's service (SQLAlchemy 2): staff and their sessions, collections, the agencies each
expects, their links, the versions they upload, acknowledgements of findings, and the audit log.

Every change of the schema is a migration in ``migrations/versions`` (run at start); these classes are what the
latest migration creates, and a test keeps the two equal.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAME = 200  # characters of an agency's or an office's name


class Base(DeclarativeBase):
    pass


class User(Base):
    """An office staff member (``xxgk serve --add-user NAME``); the password only as its argon2 hash."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginSession(Base):
    """A signed-in browser: the cookie's random token, kept only as its SHA-256."""

    __tablename__ = "login_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user: Mapped[User] = relationship()


class LoginAttempt(Base):
    """Each sign-in attempt, for the rate limit (by name and by client address)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_name_at", "name", "at"), Index("ix_login_attempts_client_at", "client", "at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ok: Mapped[bool] = mapped_column(Boolean)


class Collection(Base):
    """One office's collection of one report year, with its deadline (a date in Asia/Shanghai)."""

    __tablename__ = "collections"
    __table_args__ = (UniqueConstraint("office", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office: Mapped[str] = mapped_column(String(NAME))
    year: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(100))
    agencies: Mapped[list[Agency]] = relationship(back_populates="collection", order_by="Agency.id")


class Agency(Base):
    """An agency a collection expects: its name as the office wrote it, its spelling-free key (``agency_key``;
    ``collections`` lists each agency once by ``same_agency``), and the state of its submission (``submission.State``)."""

    __tablename__ = "agencies"
    __table_args__ = (UniqueConstraint("collection_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("collections.id"), index=True)
    name: Mapped[str] = mapped_column(String(NAME))
    key: Mapped[str] = mapped_column(String(NAME))
    state: Mapped[str] = mapped_column(String(20), default="not_submitted")
    versions_made: Mapped[int] = mapped_column(Integer, default=0)  # the number the next version follows
    submitted_number: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the version submitted
    remark: Mapped[str | None] = mapped_column(Text, nullable=True)  # the office's remark when it returned one
    collection: Mapped[Collection] = relationship(back_populates="agencies")
    versions: Mapped[list[Version]] = relationship(back_populates="agency", order_by="Version.number")


class Link(Base):
    """An agency's private submission link: the random token only as its SHA-256; revoked links stay listed."""

    __tablename__ = "links"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    agency: Mapped[Agency] = relationship()


class Version(Base):
    """One upload, kept for good: the file (content-addressed by its SHA-256), what it was read as, its
    findings, and the explanations it was submitted with."""

    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("agency_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))  # as the agency's computer named it, for display only
    suffix: Mapped[str] = mapped_column(String(8))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    report_sha256: Mapped[str] = mapped_column(String(64))  # the canonical JSON read from the file
    report_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    agency_name: Mapped[str | None] = mapped_column(String(NAME), nullable=True)
    errors: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[int] = mapped_column(Integer)
    findings: Mapped[str] = mapped_column(Text)  # the JSON of ``xxgk validate --format json`` (plus the link's)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    explanations: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON {fingerprint: 说明} at submission
    agency: Mapped[Agency] = relationship(back_populates="versions")


class Acknowledgement(Base):
    """An agency's explanation (``explained``) or the office's 已核实 (``verified``) of one finding, keyed to the
    finding's fingerprint, so that it carries over to a new version holding the same finding."""

    __tablename__ = "acknowledgements"
    __table_args__ = (UniqueConstraint("agency_id", "fingerprint", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(NAME))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Event(Base):
    """The audit log: who did what, when (uploads, submissions, withdrawals, acceptances, returns, links)."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(NAME))
    action: Mapped[str] = mapped_column(String(40))
    collection_id: Mapped[int | None] = mapped_column(ForeignKey("collections.id"),
                                                       nullable=True, index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), nullable=True,
                                                   index=True)
    detail: Mapped[str] = mapped_column(Text, default="{}")  # JSON
