"""The engine against a brute-force oracle on random small worlds (recurrence, midnight-crossing hours,
the DST nights of 30 March and 26 October 2025)."""

from __future__ import annotations

from datetime import UTC, timedelta

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from app.conflicts import ConflictIndex, check, scan, suggest
from app.conflicts.suggest import shift
from tests.conflicts.oracle import identities, oracle
from tests.conflicts.worlds import WINDOW, worlds

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(worlds(), st.sampled_from([None, 200, 300]))
def test_scan_equals_oracle(world, capacity):
    events, zones = world
    index = ConflictIndex(events, zones)
    note(describe_world(events, zones, WINDOW))
    assert identities(scan(index, WINDOW, capacity=capacity)) == oracle(events, zones, WINDOW, capacity)


@SETTINGS
@given(worlds(), st.integers(0, 24 * 14))
def test_scan_in_a_narrow_window_equals_oracle(world, hours):
    events, zones = world
    start = WINDOW[0].replace(year=2025, month=3, day=28) + timedelta(hours=hours)
    window = (start, start + timedelta(hours=30))
    got = scan(ConflictIndex(events, zones), window, capacity=250)
    exp = oracle(events, zones, window, 250)
    note(describe_world(events, zones, window))
    assert identities(got) == exp


@SETTINGS
@given(worlds())
def test_check_agrees_with_scan_for_each_event(world):
    events, zones = world
    index = ConflictIndex(events, zones)
    everything = scan(index, WINDOW, capacity=300)
    for e in events:
        expected = [c for c in everything if e.id in {p.id for p in c.parties}]
        got = check(e, index, capacity=300)
        assert identities(got) == identities(expected)
        assert sorted(c.key for c in got) == sorted(c.key for c in expected)


@settings(SETTINGS, max_examples=25)
@given(worlds())
def test_suggestions_are_free_and_nearest(world):
    events, zones = world
    candidate = next((e for e in events if not e.rrule and e.status != "cancelled"), None)
    if candidate is None:
        return
    index = ConflictIndex(events, zones)
    search = (candidate.starts_at - timedelta(days=2), candidate.ends_at + timedelta(days=2))
    note(describe_world(events, zones, search))
    result = suggest(candidate, index, search, capacity=300, limit=3)
    note(f"candidate {candidate.id}: {result}")
    offsets = [abs(w["offset_minutes"]) for w in result["windows"]]
    assert offsets == sorted(offsets)
    for w in result["windows"]:
        moved = _moved(candidate, w["start"] - candidate.starts_at)
        assert not oracle_for(moved, events, zones, search)
        assert search[0] <= w["start"] and w["end"] <= search[1]
    # No free start on an hourly grid (real time) is nearer than the first suggestion.
    best = offsets[0] if offsets else None
    start, length = candidate.starts_at.astimezone(UTC), candidate.ends_at.astimezone(UTC) - candidate.starts_at
    by = -(start - search[0]) // timedelta(hours=1) * timedelta(hours=1)
    while start + by + length <= search[1]:
        if start + by >= search[0] and not oracle_for(_moved(candidate, by), events, zones, search):
            assert best is not None and best <= abs(by.total_seconds()) / 60
        by += timedelta(hours=1)


def _moved(e, by):
    import dataclasses

    seconds = int(by.total_seconds())
    return dataclasses.replace(
        e, starts_at=shift(e.starts_at, seconds), ends_at=shift(e.ends_at, seconds),
        setup_starts_at=shift(e.setup_starts_at, seconds), teardown_ends_at=shift(e.teardown_ends_at, seconds))


def oracle_for(candidate, events, zones, search):
    """The oracle's conflicts that involve `candidate` (its stored self replaced)."""
    world = [e for e in events if e.id != candidate.id] + [candidate]
    window = (search[0] - timedelta(days=1), search[1] + timedelta(days=1))
    return [c for c in oracle(world, zones, window, 300) if candidate.id in c[1]]


def describe_world(events, zones, window) -> str:
    lines = [f"window {window[0]} – {window[1]}"]
    for e in events:
        lines.append(f"{e.id} {e.geometry.wkt[:40]} {e.starts_at}–{e.ends_at} setup={e.setup_starts_at} "
                     f"teardown={e.teardown_ends_at} rrule={e.rrule} exdates={e.exdates} {e.status} "
                     f"buffer={e.buffer_m} officers={e.officers_required}")
    for z in zones:
        lines.append(f"{z.id} {z.geometry.wkt[:40]} {z.hours} {z.valid_from}–{z.valid_until} event={z.event_id}")
    return "\n".join(lines)


@SETTINGS
@given(worlds(), st.sampled_from([60.0, 250.0, 2000.0]), st.sampled_from([0, 62]))
def test_scan_with_every_filter_forced_equals_oracle(world, cell_m, packed_bits):
    """The filter a large calendar switches on (route legs, in chunks), small sweep cells (pairs sharing
    many cells, kept once) and either way of sorting the sweep keys change nothing: forced for small
    worlds."""
    from app.conflicts import index as ix

    events, zones = world
    saved = ix.LEGS_AFTER, ix.LEGS_CHUNK, ix.CELL_M, ix.PACKED_SORT_BITS
    ix.LEGS_AFTER, ix.LEGS_CHUNK, ix.CELL_M, ix.PACKED_SORT_BITS = 1, 3, cell_m, packed_bits
    try:
        got = scan(ConflictIndex(events, zones), WINDOW, capacity=250)
    finally:
        ix.LEGS_AFTER, ix.LEGS_CHUNK, ix.CELL_M, ix.PACKED_SORT_BITS = saved
    note(describe_world(events, zones, WINDOW))
    assert identities(got) == oracle(events, zones, WINDOW, 250)
