"""A planner's decision on a conflict, attached to the conflict's stable key (conflicts are computed, not
stored, so the decision survives re-checks and restarts as long as the clash is the same)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow
from app.models.types import UTCDateTime

DECISIONS = ("acknowledged", "waived", "resolved")


class ConflictDecision(Base):
    __tablename__ = "conflict_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    rule: Mapped[str] = mapped_column(String(30))
    decision: Mapped[str] = mapped_column(String(20))  # one of DECISIONS; the latest per key counts
    note: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
