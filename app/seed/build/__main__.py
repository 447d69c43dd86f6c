"""Write app/seed/zones.json and app/seed/events_2025.json from the copied layers (`python -m app.seed.build`)."""

from __future__ import annotations

from app.seed.build.common import SEED_DIR, TZ_NAME, collection, write
from app.seed.build.events import all_events
from app.seed.build.zones import all_zones

META = {
    "generated_by": "python -m app.seed.build",
    "timezone": TZ_NAME,
    "attribution": "See app/seed/ATTRIBUTION.md",
}


def main() -> None:
    write(SEED_DIR / "events_2025.json", collection(all_events(), {
        **META,
        "description": "The Copenhagen Police district's 2025 cooperation-plan events (seed).",
        "conventions": [
            "Times are ISO 8601 with the Europe/Copenhagen offset of that local time.",
            "For a recurring event, starts_at/ends_at are the first occurrence; setup_starts_at and "
            "teardown_ends_at bracket the whole series (build-up before the first, tear-down after "
            "the last occurrence).",
            "hours_assumed=true: the plan gives no hour, the hours are our assumption (see notes).",
            "proxy/schematic=true: the geometry is approximate and must be shown as such.",
        ],
    }))
    write(SEED_DIR / "zones.json", collection(all_zones(), {
        **META,
        "description": "Zones to seed: nightlife, SUB, watch list, festival and security perimeters.",
        "conventions": [
            "valid_from/valid_until are inclusive local dates (null = open).",
            "active_hours windows are local wall clock and belong to the day they start; [] = always.",
            "event_ref is the seed_key of the linked event in events_2025.json.",
        ],
    }))


if __name__ == "__main__":
    main()
