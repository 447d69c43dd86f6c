"""The conflict engine: plain event and zone records in, explained Conflict objects out (no Flask, no DB)."""

from app.conflicts.engine import MAX_WINDOW, capacity_hours, check, scan
from app.conflicts.errors import ConflictInputError
from app.conflicts.index import ConflictIndex
from app.conflicts.model import RULES, Conflict, Party
from app.conflicts.records import EventRecord, ZoneRecord
from app.conflicts.suggest import suggest

__all__ = ["MAX_WINDOW", "RULES", "Conflict", "ConflictIndex", "ConflictInputError", "EventRecord", "Party",
           "ZoneRecord", "capacity_hours", "check", "scan", "suggest"]
