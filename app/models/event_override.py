"""One instance of a recurring event moved, re-timed or cancelled (iCal RECURRENCE-ID), kept from imports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base
from app.models.types import UTCDateTime


class EventOverride(Base):
    __tablename__ = "event_overrides"
    __table_args__ = (UniqueConstraint("event_id", "recurrence_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    recurrence_id: Mapped[datetime] = mapped_column(UTCDateTime)  # the instance's original start
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str | None] = mapped_column(String(20))  # None: as the series
    title: Mapped[str | None] = mapped_column(String(200))  # None: as the series
