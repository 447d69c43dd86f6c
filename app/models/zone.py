"""A zone: a designated area (nightlife, SUB, watch list, security perimeter, …) with its active hours."""

from __future__ import annotations

from datetime import date, datetime

from shapely.geometry.base import BaseGeometry
from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, new_id, utcnow
from app.models.types import UTCDateTime, WKBGeometry

ZONE_KINDS = ("nightlife", "sub", "watch", "prevention", "security_perimeter", "exclusion",
              "local_police_area", "restricted_airspace", "other")


class Zone(Base):
    __tablename__ = "zones"
    __table_args__ = (Index("ix_zones_bbox", "min_lon", "max_lon", "min_lat", "max_lat"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), index=True)
    geometry: Mapped[BaseGeometry] = mapped_column(WKBGeometry)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    active_hours: Mapped[list] = mapped_column(default=list)
    active_hours_exceptions: Mapped[dict] = mapped_column(default=dict)
    event_id: Mapped[str | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    source: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)
    proxy: Mapped[bool] = mapped_column(Boolean, default=False)
    municipalities: Mapped[list] = mapped_column(default=list)
    min_lon: Mapped[float] = mapped_column(Float)
    min_lat: Mapped[float] = mapped_column(Float)
    max_lon: Mapped[float] = mapped_column(Float)
    max_lat: Mapped[float] = mapped_column(Float)
    seed_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Writes say WHERE version = <the version read>: a concurrent writer that lost the race gets
    # StaleDataError (412) instead of silently overwriting. The use cases bump `version` themselves.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}
