"""Pure time: tz-aware intervals, recurrence expansion, zone active hours, iCal (no Flask, no DB)."""
