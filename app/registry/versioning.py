"""Optimistic locking: writes carry the version they saw in If-Match (strong comparison)."""

from __future__ import annotations

from app.registry.errors import PreconditionFailed, PreconditionRequired


def check_if_match(if_match: str | None, current: int) -> None:
    """428 when If-Match is missing, 412 when it names another version (a weak tag never matches)."""
    if if_match is None or not if_match.strip():
        raise PreconditionRequired(
            f'If-Match header is required; send the ETag you read (currently "{current}")', "If-Match")
    tags = [t.strip() for t in if_match.split(",")]
    if f'"{current}"' not in tags and "*" not in tags:
        raise PreconditionFailed(
            f'the record has changed: If-Match {if_match} does not match the current version "{current}"; '
            "read it again and reapply your change", "If-Match")


def etag(version: int) -> str:
    return f'"{version}"'
