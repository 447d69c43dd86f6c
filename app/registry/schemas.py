"""Validation of the properties an API client sends (pydantic), with errors naming the field."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.models import CLASSIFICATIONS, KINDS, STATUSES, ZONE_KINDS
from app.registry.errors import Invalid

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
SERVER_FIELDS = {"id", "version", "municipalities", "conflicts", "links", "created_at", "updated_at",
                 "sequence", "area_m2", "perimeter_m", "city_districts"}

Kind = Literal[KINDS]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]
Classification = Literal[CLASSIFICATIONS]  # type: ignore[valid-type]
ZoneKind = Literal[ZONE_KINDS]  # type: ignore[valid-type]
Text200 = Annotated[str, Field(min_length=1, max_length=200)]


def _clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    if CONTROL.search(value):
        raise ValueError("must not contain control characters (line breaks, tabs, NUL)")
    return value.strip() or None


def _in_range(value: datetime | None) -> datetime | None:
    if value is not None and not EARLIEST <= value < LATEST:
        raise ValueError("must be between 2000-01-01 and 2100-01-01")
    return value


class EventProperties(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: Text200
    kind: Kind
    status: Status = "planned"
    classification: Classification = "public"
    organiser: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    setup_starts_at: AwareDatetime | None = None
    teardown_ends_at: AwareDatetime | None = None
    timezone: str = "Europe/Copenhagen"
    rrule: str | None = Field(default=None, max_length=500)
    exdates: list[AwareDatetime] = Field(default_factory=list, max_length=500)
    buffer_m: float | None = Field(default=None, ge=0, le=5000)
    attendance: int | None = Field(default=None, ge=0, le=5_000_000)
    officers_required: int = Field(default=0, ge=0, le=20_000)
    source: str | None = Field(default=None, max_length=500)
    allow_outside_district: bool = False

    @field_validator("title", "organiser", "source")
    @classmethod
    def _no_control(cls, v: str | None) -> str | None:
        return _clean_text(v)

    @field_validator("starts_at", "ends_at", "setup_starts_at", "teardown_ends_at")
    @classmethod
    def _sane(cls, v: datetime | None) -> datetime | None:
        return _in_range(v)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {v!r}") from exc
        return v


class ZoneProperties(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Text200
    kind: ZoneKind
    valid_from: str | None = None
    valid_until: str | None = None
    active_hours: list[Any] = Field(default_factory=list, max_length=50)
    active_hours_exceptions: dict[str, Any] = Field(default_factory=dict, max_length=400)
    event_id: str | None = Field(default=None, max_length=36)
    source: str | None = Field(default=None, max_length=500)
    notes: str | None = Field(default=None, max_length=5000)
    proxy: bool = False

    @field_validator("name", "source")
    @classmethod
    def _no_control(cls, v: str | None) -> str | None:
        return _clean_text(v)


def validate(model: type[BaseModel], props: dict[str, Any]) -> BaseModel:
    """Validate `props` against `model`; the first error becomes Invalid naming `properties.<field>`."""
    props = {k: v for k, v in props.items() if k not in SERVER_FIELDS}
    try:
        return model.model_validate(props)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown property"
        elif err["type"] in ("timezone_aware", "datetime_from_date_parsing", "datetime_parsing"):
            msg = f"{msg}; give an ISO 8601 time with offset, e.g. 2025-06-05T22:00:00+02:00"
        raise Invalid(f"{loc}: {msg}", f"properties.{loc}") from None
