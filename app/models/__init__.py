"""The stored records (SQLAlchemy 2, typed)."""

from app.models.audit import AuditEntry
from app.models.base import Base
from app.models.decision import DECISIONS, ConflictDecision
from app.models.event import CLASSIFICATIONS, KINDS, STATUSES, Event
from app.models.event_override import EventOverride
from app.models.feed_token import FeedToken
from app.models.user import ROLES, ApiToken, User
from app.models.zone import ZONE_KINDS, Zone

__all__ = ["AuditEntry", "ApiToken", "Base", "CLASSIFICATIONS", "ConflictDecision", "DECISIONS", "Event",
           "EventOverride", "FeedToken", "KINDS", "ROLES", "STATUSES", "User", "ZONE_KINDS", "Zone"]
