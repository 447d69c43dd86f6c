"""Display names for codes (kinds, statuses, rules, …) in the current language, for the templates."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as L_

from app.reference import MUNICIPALITY_NAMES

NAMES = {
    "kind": {
        "concert": L_("Concert"), "festival": L_("Festival"), "parade": L_("Parade"), "sport": L_("Sport"),
        "demonstration": L_("Demonstration"), "state_visit": L_("State visit"), "meeting": L_("Meeting"),
        "match": L_("Match"), "election": L_("Election"), "other": L_("Other"),
        "nightlife": L_("Nightlife zone"), "sub": L_("SUB area"), "watch": L_("Watch list area"),
        "prevention": L_("Prevention zone"), "security_perimeter": L_("Security perimeter"),
        "exclusion": L_("Exclusion zone"), "local_police_area": L_("Local police area"),
        "restricted_airspace": L_("Restricted airspace"),
    },
    "status": {"planned": L_("Planned"), "confirmed": L_("Confirmed"), "cancelled": L_("Cancelled")},
    "classification": {"public": L_("Public"), "internal": L_("Internal"), "restricted": L_("Restricted")},
    "rule": {"event_overlap": L_("Overlap"), "setup_overlap": L_("Build-up overlap"),
             "zone_active": L_("Active zone"), "route_crossing": L_("Routes cross"),
             "capacity": L_("Capacity")},
    "decision": {"acknowledged": L_("Acknowledged"), "waived": L_("Waived"), "resolved": L_("Resolved")},
    "action": {"create": L_("created"), "update": L_("changed"), "delete": L_("deleted"),
               "cancel": L_("cancelled")},
}


def _namer(group: str):  # type: ignore[no-untyped-def]
    def name(code: str | None) -> str:
        return str(NAMES[group].get(code or "", code or ""))
    return name


def municipality_names(codes: list[str] | None) -> str:
    return ", ".join(MUNICIPALITY_NAMES.get(c, c) for c in codes or []) or "–"


def has_endpoint(name: str) -> bool:
    return name in current_app.view_functions


def form_strings() -> dict[str, str]:
    """The event form's messages for its script (it inserts them as text)."""
    rules = {f"rule_{k}": str(v) for k, v in NAMES["rule"].items()}
    return rules | {
        "draw_first": _("Draw the event on the map to check for conflicts."),
        "times_first": _("Fill in start and end to check for conflicts."),
        "checking": _("Checking for conflicts…"),
        "no_conflicts": _("No conflicts found."),
        "n_conflicts": _("%(n)s conflict(s) found — see below.", n="%d"),
        "sign_in": _("Sign in as a planner to see conflicts."),
        "bad_geometry": _("The drawn geometry is not valid:"),
        "fix_geometry": _("Fix the drawing before saving: nothing has been saved."),
        "check_failed": _("The conflict check is not available right now."),
    }


def template_helpers() -> dict:
    return {"kind_name": _namer("kind"), "status_name": _namer("status"),
            "classification_name": _namer("classification"), "rule_name": _namer("rule"),
            "decision_name": _namer("decision"), "action_name": _namer("action"),
            "municipality_names": municipality_names, "has_endpoint": has_endpoint,
            "form_strings": form_strings}
