"""Office staff: accounts with argon2 password hashes, sign-in with a rate limit, and sessions held in an
HttpOnly, SameSite cookie whose random token the database keeps only as a hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import XxgkError
from .audit import log, staff_actor
from .store.models import LoginAttempt, LoginSession, User

COOKIE = "xxgk_session"
SESSION_HOURS = 12
WINDOW = timedelta(minutes=15)
FAILURES_PER_NAME = 5  # failed sign-ins of one name within the window, then it waits
FAILURES_PER_CLIENT = 20  # failed sign-ins from one address within the window
MIN_PASSWORD = 10
_hasher = PasswordHasher()
_DUMMY = _hasher.hash("not a password of anyone")  # an unknown name costs as much time as a known one


class LoginRefused(XxgkError):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 100 or any(c.isspace() or not c.isprintable() for c in name):
        raise XxgkError("用户名应为 1 至 100 个字符，不含空格和控制字符")
    return name


def add_user(session: Session, name: str, password: str, at: datetime) -> User:
    """A new staff account, or a new password for an existing one."""
    name = check_name(name)
    if len(password) < MIN_PASSWORD:
        raise XxgkError(f"密码至少需要 {MIN_PASSWORD} 个字符")
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        user = User(name=name, created_at=at, password_hash="")
        session.add(user)
    user.password_hash = _hasher.hash(password)
    session.flush()
    return user


def _failures(session: Session, column, value: str, since: datetime) -> int:
    query = select(func.count()).select_from(LoginAttempt).where(column == value, LoginAttempt.at >= since,
                                                                  LoginAttempt.ok.is_(False))
    return session.scalar(query) or 0


def sign_in(session: Session, name: str, password: str, client: str, at: datetime) -> str | None:
    """The new session's token, or None for a wrong name or password (the failure recorded: the transaction
    commits); ``LoginRefused`` after too many failures."""
    name, client = name.strip()[:100], client[:64]
    since = at - WINDOW
    if (_failures(session, LoginAttempt.name, name, since) >= FAILURES_PER_NAME
            or _failures(session, LoginAttempt.client, client, since) >= FAILURES_PER_CLIENT):
        raise LoginRefused(f"登录失败次数过多，请 {WINDOW.seconds // 60} 分钟后再试。", 429)
    user = session.scalar(select(User).where(User.name == name))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY, password)
        ok = user is not None
    except (VerificationError, InvalidHashError):
        ok = False
    session.add(LoginAttempt(name=name, client=client, at=at, ok=ok))
    log(session, at, staff_actor(name), "login" if ok else "login-failed", client=client)
    if not ok:
        return None
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(token_hash=token_hash(token), user_id=user.id, created_at=at,
                             expires_at=at + timedelta(hours=SESSION_HOURS)))
    return token


def signed_in(session: Session, token: str | None, at: datetime) -> User | None:
    if not token or len(token) > 100:
        return None
    found = session.scalar(select(LoginSession).where(LoginSession.token_hash == token_hash(token)))
    if found is None or _aware(found.expires_at) <= at:
        return None
    return found.user


def sign_out(session: Session, token: str | None, at: datetime) -> None:
    if not token:
        return
    found = session.scalar(select(LoginSession).where(LoginSession.token_hash == token_hash(token)))
    if found is not None:
        log(session, at, staff_actor(found.user.name), "logout")
        session.delete(found)


def _aware(moment: datetime) -> datetime:
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
