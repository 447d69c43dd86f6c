"""Use cases for users and API tokens (CLI and admin API)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.secrets import hash_password, hash_token, new_token
from app.models import ROLES, ApiToken, User
from app.registry.errors import Conflict, Invalid, NotFound


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
    token.last_used_at = datetime.now(UTC)
    return user


def revoke_token(session: Session, token_id: str) -> None:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"no token {token_id!r}", "token")
    token.revoked_at = datetime.now(UTC)
