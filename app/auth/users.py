"""Use cases for users and API tokens (CLI and admin API)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.secrets import hash_password, hash_token, new_token
from app.models import ROLES, ApiToken, User
from app.registry import audit
from app.registry.errors import Conflict, Invalid, NotFound

LAST_USED_RESOLUTION = timedelta(minutes=1)


def create_user(session: Session, username: str, role: str, password: str | None = None) -> User:
    if role not in ROLES:
        raise Invalid(f"role: unknown role {role!r}; expected one of {', '.join(ROLES)}", "role")
    if not username or len(username) > 100:
        raise Invalid("username: must be 1–100 characters", "username")
    if session.scalar(select(User).where(User.username == username)):
        raise Conflict(f"username: {username!r} exists already", "username")
    user = User(username=username, role=role, password_hash=hash_password(password) if password else None)
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user {username!r}", "username")
    return user


def issue_token(session: Session, user: User, name: str = "") -> str:
    """Create an API token for `user`; the plain value is returned once and never stored."""
    plain, digest = new_token()
    session.add(ApiToken(user_id=user.id, name=name, token_hash=digest))
    session.flush()
    return plain


def user_for_token(session: Session, plain: str) -> User | None:
    """The active user behind a bearer token, updating its last-used time; None when unknown/revoked."""
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(plain)))
    if token is None or token.revoked_at is not None:
        return None
    user = session.get(User, token.user_id)
    if user is None or user.disabled:
        return None
    now = datetime.now(UTC)
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token.last_used_at = now  # at most once a minute: a read stays a read, not a write per request
    return user


def revoke_token(session: Session, token_id: str) -> None:
    revoke(session, token_id, "system")


def user_snapshot(user: User) -> dict[str, object]:
    """What the audit trail keeps of a user (never the password hash)."""
    return {"username": user.username, "role": user.role, "disabled": user.disabled,
            "has_password": bool(user.password_hash)}


def set_role(session: Session, username: str, role: str, by: str) -> User:
    if role not in ROLES:
        raise Invalid(f"role: unknown role {role!r}; expected one of {', '.join(ROLES)}", "role")
    user = get_user(session, username)
    before = user_snapshot(user)
    user.role = role
    audit.record(session, by, "set_role", "user", user.id, before, user_snapshot(user))
    return user


def set_disabled(session: Session, username: str, disabled: bool, by: str) -> User:
    """Disable (or re-enable) a user: their sessions and API tokens stop working at the next request."""
    user = get_user(session, username)
    before = user_snapshot(user)
    user.disabled = disabled
    audit.record(session, by, "disable" if disabled else "enable", "user", user.id, before, user_snapshot(user))
    return user


def list_tokens(session: Session, username: str | None = None) -> list[tuple[ApiToken, User]]:
    stmt = select(ApiToken, User).join(User, User.id == ApiToken.user_id).order_by(User.username,
                                                                                   ApiToken.created_at)
    if username:
        stmt = stmt.where(User.username == username)
    return [(t, u) for t, u in session.execute(stmt).all()]


def revoke(session: Session, token_id: str, by: str) -> ApiToken:
    """Revoke an API token by id (idempotent); it answers 401 from the next request on."""
    token = session.get(ApiToken, token_id) if len(token_id) <= 36 else None
    if token is None:
        raise NotFound(f"no token {token_id!r}", "token")
    if token.revoked_at is None:
        token.revoked_at = datetime.now(UTC)
        audit.record(session, by, "revoke", "api_token", token.id, {"name": token.name, "revoked": False},
                     {"name": token.name, "revoked": True})
    return token
