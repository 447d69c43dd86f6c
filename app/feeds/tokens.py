"""Private feed tokens: create (the secret is shown once), find by secret, revoke."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from urllib.parse import parse_qsl

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import CLASSIFICATIONS, KINDS, FeedToken, Zone
from app.models.feed_token import SCOPES
from app.reference import MUNICIPALITY_NAMES
from app.registry.errors import Invalid, NotFound

QUERY_KEYS = {"kind", "municipality"}


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def parse_query_scope(value: str) -> dict[str, str]:
    """A query scope such as `kind=concert,festival&municipality=0101` (only these two keys)."""
    pairs = parse_qsl(value, keep_blank_values=False, strict_parsing=False)
    args = dict(pairs)
    if not args or len(args) != len(pairs) or set(args) - QUERY_KEYS:
        raise Invalid("query scope: give kind=… and/or municipality=… (each once)", "scope_value")
    for kind in args.get("kind", "").split(",") if "kind" in args else []:
        if kind not in KINDS:
            raise Invalid(f"query scope: unknown kind {kind!r}", "scope_value")
    if "municipality" in args and args["municipality"] not in MUNICIPALITY_NAMES:
        raise Invalid(f"query scope: unknown municipality {args['municipality']!r}", "scope_value")
    return args


def _check_scope(session: Session, scope: str, value: str, classification: str) -> None:
    if scope not in SCOPES:
        raise Invalid(f"scope must be one of {', '.join(SCOPES)}", "scope")
    if classification not in CLASSIFICATIONS:
        raise Invalid(f"classification must be one of {', '.join(CLASSIFICATIONS)}", "classification")
    if scope == "municipality" and value not in MUNICIPALITY_NAMES:
        raise Invalid(f"unknown municipality {value!r}; known: {', '.join(MUNICIPALITY_NAMES)}", "scope_value")
    if scope == "kind" and value not in KINDS:
        raise Invalid(f"unknown kind {value!r}", "scope_value")
    if scope == "zone" and (len(value) > 36 or session.get(Zone, value) is None):
        raise Invalid(f"no zone with id {value!r}", "scope_value")
    if scope == "query":
        parse_query_scope(value)


def create_feed_token(
    session: Session, scope: str, value: str, classification: str, created_by: str, name: str = ""
) -> tuple[FeedToken, str]:
    """A new token and its secret (only the SHA-256 is stored: the secret cannot be shown again)."""
    _check_scope(session, scope, value, classification)
    secret = secrets.token_urlsafe(32)
    token = FeedToken(
        secret_hash=secret_hash(secret),
        scope=scope,
        scope_value=value,
        classification=classification,
        created_by=created_by,
        name=name[:100],
    )
    session.add(token)
    session.flush()
    return token, secret


def find_feed_token(session: Session, secret: str) -> FeedToken | None:
    """The live token for `secret`, or None (unknown or revoked: both answer 404)."""
    if not secret or len(secret) > 200:
        return None
    token = session.scalar(select(FeedToken).where(FeedToken.secret_hash == secret_hash(secret)))
    if token is None or token.revoked_at is not None:
        return None
    return token


def revoke_feed_token(session: Session, token_id: str) -> FeedToken:
    token = session.get(FeedToken, token_id) if len(token_id) <= 36 else None
    if token is None:
        raise NotFound(f"no feed token with id {token_id!r}", "id")
    if token.revoked_at is None:
        token.revoked_at = datetime.now(UTC)
    return token
