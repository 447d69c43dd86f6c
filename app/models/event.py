"""An event in the registry: where (WGS84 geometry + buffer), when (aware times, recurrence), who, how big."""

from __future__ import annotations

from datetime import datetime, timedelta

from shapely.geometry.base import BaseGeometry
from sqlalchemy import Float, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, new_id, utcnow
from app.models.types import UTCDateTime, WKBGeometry

KINDS = ("concert", "festival", "parade", "sport", "demonstration", "state_visit", "meeting", "match",
         "election", "other")
STATUSES = ("planned", "confirmed", "cancelled")
CLASSIFICATIONS = ("public", "internal", "restricted")

# Events whose whole span is longer than LONG_SPAN (series, long festivals) have their own partial index, so
# a query for a short window can bound span_start from below for all the others: see `app.registry.conflicts`.
# The condition per dialect, written exactly as queries must repeat it for the planner to match the index.
LONG_SPAN = timedelta(days=7)
LONG_SPAN_SQL = {"sqlite": "julianday(span_end) - julianday(span_start) > 7",
                 "postgresql": "span_end - span_start > interval '7 days'"}


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_span", "span_start", "span_end"),
        Index("ix_events_span_long", "span_end", "span_start", sqlite_where=text(LONG_SPAN_SQL["sqlite"]),
              postgresql_where=text(LONG_SPAN_SQL["postgresql"])),
        Index("ix_events_bbox", "min_lon", "max_lon", "min_lat", "max_lat"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True, default="planned")
    classification: Mapped[str] = mapped_column(String(20), index=True, default="public")
    organiser: Mapped[str | None] = mapped_column(String(200))
    geometry: Mapped[BaseGeometry | None] = mapped_column(WKBGeometry)
    buffer_m: Mapped[float | None] = mapped_column(Float)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Build-up and tear-down. For a recurring event they frame the whole series: build-up before the
    # first occurrence, tear-down after the last (not repeated per occurrence).
    setup_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    teardown_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Copenhagen")
    rrule: Mapped[str | None] = mapped_column(String(500))
    exdates: Mapped[list] = mapped_column(default=list)
    attendance: Mapped[int | None] = mapped_column(Integer)
    officers_required: Mapped[int] = mapped_column(Integer, default=0)
    municipalities: Mapped[list] = mapped_column(default=list)
    municipality_codes: Mapped[str] = mapped_column(String(64), default="", index=True)  # ",0101,0147,"
    # Derived for narrowing queries: the whole time span (setup to teardown, all occurrences) and the
    # footprint's WGS84 bounding box.
    span_start: Mapped[datetime] = mapped_column(UTCDateTime)
    span_end: Mapped[datetime] = mapped_column(UTCDateTime)
    min_lon: Mapped[float | None] = mapped_column(Float)
    min_lat: Mapped[float | None] = mapped_column(Float)
    max_lon: Mapped[float | None] = mapped_column(Float)
    max_lat: Mapped[float | None] = mapped_column(Float)
    ical_uid: Mapped[str | None] = mapped_column(String(255), unique=True)
    source: Mapped[str | None] = mapped_column(String(500))
    seed_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Writes say WHERE version = <the version read>: a concurrent writer that lost the race gets
    # StaleDataError (412) instead of silently overwriting. The use cases bump `version` themselves.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}
