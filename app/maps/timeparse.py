"""The `?at=` moment: local Copenhagen wall-clock time (or with an explicit offset)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from calendars.intervals import COPENHAGEN
from calendars.recurrence import localize

AT_FORMAT = "YYYY-MM-DDTHH:MM"
AT_EXAMPLE = "2025-06-05T23:30"
_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?$")


class AtError(ValueError):
    """`?at=` is not a moment we understand; the message names the expected format."""

    def __init__(self, value: str) -> None:
        super().__init__(f"at: {value[:40]!r} is not a time; expected {AT_FORMAT} (local time), e.g. {AT_EXAMPLE}")
        self.value = value


def parse_at(value: str | None, now: datetime) -> datetime:
    """An aware UTC datetime; naive input is local Copenhagen time; absent means `now`."""
    if value is None or value == "":
        return now.astimezone(UTC)
    if not _PATTERN.match(value):
        raise AtError(value)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise AtError(value) from exc
    if parsed.tzinfo is None:
        return localize(parsed, COPENHAGEN)
    return parsed.astimezone(UTC)
