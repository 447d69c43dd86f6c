"""Who may see what: classification levels per role, and who may write."""

from __future__ import annotations

from dataclasses import dataclass

from app.registry.errors import Forbidden, Unauthorized

RANK = {"anonymous": 0, "viewer": 1, "planner": 2, "admin": 3}
VISIBLE = {
    "anonymous": ("public",),
    "viewer": ("public", "internal"),
    "planner": ("public", "internal", "restricted"),
    "admin": ("public", "internal", "restricted"),
}


@dataclass(frozen=True)
class Actor:
    """The caller of a use case: a user name (for the audit trail) and a role."""

    name: str
    role: str = "anonymous"

    def can_see(self, classification: str) -> bool:
        return classification in VISIBLE[self.role]

    def require(self, role: str) -> None:
        """401 for anonymous callers, 403 for signed-in callers below `role`."""
        if RANK[self.role] >= RANK[role]:
            return
        if self.role == "anonymous":
            raise Unauthorized("sign in or send an API token (Authorization: Bearer …)", "Authorization")
        raise Forbidden(f"this needs the {role} role; you are {self.role}", "Authorization")


SYSTEM = Actor("system", "admin")


def zone_visible_to(actor: Actor, linked_event_classification: str | None) -> bool:
    """A zone linked to an event (a temporary zone, a security perimeter) is as sensitive as that event:
    the caller sees it exactly when they may see the event. Unlinked zones are public designations."""
    return linked_event_classification is None or actor.can_see(linked_event_classification)
