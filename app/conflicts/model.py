"""The engine's output: a Conflict that explains itself (rule, parties, windows, measure, sentence, key)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from app.conflicts.lazy import lazy
from app.conflicts.wording import describe

RULES = ("event_overlap", "setup_overlap", "zone_active", "route_crossing", "capacity")
SEVERITIES = ("low", "medium", "high")

Window = tuple[datetime, datetime]


@dataclass(frozen=True)
class Party:
    """One side of a conflict: an event or a zone (classification lets the edge redact it)."""

    type: str
    id: str
    title: str
    kind: str = "other"
    classification: str = "public"

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "id": self.id, "title": self.title, "kind": self.kind}


def conflict_key(rule: str, anchors: list[tuple[str, int]], when: int) -> str:
    """Stable across re-checks and restarts: a hash of rule + (party id, occurrence start) pairs, then the
    UTC minute the clash is anchored at (so a key alone says where in time to look it up again)."""
    text = "|".join([rule, *(f"{pid}@{start}" for pid, start in sorted(anchors))])
    return f"{hashlib.sha256(text.encode()).hexdigest()[:20]}-{at(when):%Y%m%dT%H%MZ}"


def key_time(key: str) -> datetime | None:
    """The anchor time written into a key, or None when the key is not of our shape."""
    digest, _, stamp = key.partition("-")
    if len(digest) != 20 or not all(c in "0123456789abcdef" for c in digest):
        return None
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%MZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


@dataclass(frozen=True)
class Measure:
    """How much two parties clash: shared area (m²), or for routes crossing points (WGS84) / distance (m)."""

    overlap_area_m2: float | None = None
    distance_m: float | None = None
    crossings: tuple[tuple[float, float], ...] = ()


# How a conflict's measure is computed when first asked for: a function and its two arguments (one small
# tuple per conflict rather than a closure with its cells: a scan builds tens of thousands of them).
Deferred = tuple[Callable[[Any, Any], Measure], Any, Any]


@dataclass(eq=False)
class Conflict:
    """A clash. `spans` are UTC [start, end) pieces in integer seconds (several for a multi-night zone clash);
    `windows` are the same as aware datetimes. `anchors` are (party id, occurrence start in UTC seconds) and
    make the key. Datetimes, the key, the sentence and the geometric measure are computed on first use, so a
    scan of a whole calendar pays for the explanations it shows, not for all of them.

    Treat it as immutable (derive changed copies with dataclasses.replace); it is not frozen only because a
    frozen dataclass's constructor costs several times more, and a scan builds tens of thousands."""

    rule: str
    parties: tuple[Party, ...]
    spans: tuple[tuple[int, int], ...]
    anchors: tuple[tuple[str, int], ...]
    severity: str
    measure: Deferred | None = None
    peak_officers: int | None = None
    capacity: int | None = None
    timezone: str = "Europe/Copenhagen"
    extra: dict[str, Any] | None = None

    @lazy
    def key(self) -> str:
        if self.rule == "capacity":
            when = next(start for pid, start in self.anchors if pid == "run")
        else:
            when = max(start for _, start in self.anchors)
        return conflict_key(self.rule, list(self.anchors), when)

    @lazy
    def measured(self) -> Measure:
        if self.measure is None:
            return Measure()
        fn, a, b = self.measure
        return fn(a, b)

    @property
    def overlap_area_m2(self) -> float | None:
        return self.measured.overlap_area_m2

    @property
    def distance_m(self) -> float | None:
        return self.measured.distance_m

    @property
    def crossings(self) -> tuple[tuple[float, float], ...]:
        return self.measured.crossings

    @lazy
    def windows(self) -> tuple[Window, ...]:
        return tuple((at(s), at(e)) for s, e in self.spans)

    @property
    def window(self) -> Window:
        return at(self.spans[0][0]), at(self.spans[-1][1])

    @property
    def window_s(self) -> tuple[int, int]:
        """The whole window in integer UTC seconds."""
        return self.spans[0][0], self.spans[-1][1]

    @property
    def window_local(self) -> Window:
        tz = ZoneInfo(self.timezone)
        start, end = self.window
        return start.astimezone(tz), end.astimezone(tz)

    @property
    def event_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.parties if p.type == "event")

    @property
    def message(self) -> dict[str, str]:
        return describe(self)

    def identity(self) -> tuple[str, frozenset[str], datetime, datetime]:
        """What two engines must agree on: rule, party ids and window (used by tests and benchmarks)."""
        return self.rule, frozenset(p.id for p in self.parties), self.window[0], self.window[1]

    def to_dict(self) -> dict[str, Any]:
        start, end = self.window
        lstart, lend = self.window_local
        out: dict[str, Any] = {
            "key": self.key, "rule": self.rule, "severity": self.severity,
            "parties": [p.to_dict() for p in self.parties],
            "window": {"start": _z(start), "end": _z(end)},
            "window_local": {"start": lstart.isoformat(), "end": lend.isoformat()},
            "message": self.message,
        }
        if len(self.windows) > 1:
            out["windows"] = [{"start": _z(s), "end": _z(e)} for s, e in self.windows]
        if self.overlap_area_m2 is not None:
            out["overlap_area_m2"] = round(self.overlap_area_m2, 1)
        if self.distance_m is not None:
            out["distance_m"] = round(self.distance_m, 1)
        if self.rule == "route_crossing":
            out["crossings"] = [{"type": "Point", "coordinates": [round(x, 7), round(y, 7)]}
                                for x, y in self.crossings]
        if self.rule == "capacity":
            out["peak_officers"] = self.peak_officers
            out["capacity"] = self.capacity
            out.update(self.extra or {})
        return out


def _z(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat().replace("+00:00", "Z")
