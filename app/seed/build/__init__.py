"""Dev-time generator of `zones.json` and `events_2025.json` (run `python -m app.seed.build`).

Reads only the copied files in `app/seed/geo/`; the service never runs this, it reads the JSON output.
"""
