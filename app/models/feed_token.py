"""Private iCal feed tokens: a random secret (only its SHA-256 is stored), a scope and a reading level."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, new_id, utcnow
from app.models.types import UTCDateTime

SCOPES = ("municipality", "zone", "kind", "query")


class FeedToken(Base):
    __tablename__ = "feed_tokens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the secret
    scope: Mapped[str] = mapped_column(String(20))  # one of SCOPES
    scope_value: Mapped[str] = mapped_column(String(500))  # code, zone id, kind or a query string
    classification: Mapped[str] = mapped_column(String(20), default="public")  # highest level shown
    name: Mapped[str] = mapped_column(String(100), default="")
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
