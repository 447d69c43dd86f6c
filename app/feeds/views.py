"""/feeds/...: iCal subscriptions. Thin: parse the request, select, answer 304 or render."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from flask import Response, current_app, request

from app.extensions import database
from app.feeds import bp
from app.feeds.render import MAX_FEED_BYTES, FeedTitle, render_feed
from app.feeds.select import FeedQuery, ValidatorCache, audit_marker, feed_window, select_feed
from app.feeds.tokens import find_feed_token, parse_query_scope
from app.models import KINDS, FeedToken, Zone
from app.reference import MUNICIPALITY_NAMES
from app.registry.access import Actor
from app.registry.errors import BadRequest, NotFound
from app.registry.filters import parse_choices
from app.registry.queries import visible_zones

PUBLIC = Actor("feed", "anonymous")
LEVEL_ACTOR = {"public": PUBLIC, "internal": Actor("feed", "viewer"), "restricted": Actor("feed", "planner")}
LEVEL_DA = {"public": "offentlig", "internal": "intern", "restricted": "fortrolig"}
KIND_DA = {
    "concert": "Koncerter",
    "festival": "Festivaler",
    "parade": "Optog",
    "sport": "Sport",
    "demonstration": "Demonstrationer",
    "state_visit": "Statsbesøg",
    "meeting": "Møder",
    "match": "Kampe",
    "election": "Valg",
    "other": "Andet",
}


def base_url() -> str:
    return (current_app.config.get("PUBLIC_BASE_URL") or request.host_url).rstrip("/")


def now() -> datetime:
    """The feeds' clock: config FEEDS_NOW (ISO 8601 with offset; tests, golden files) or the real time."""
    fixed = current_app.config.get("FEEDS_NOW")
    return datetime.fromisoformat(fixed).astimezone(UTC) if fixed else datetime.now(UTC)


def _args(allowed: set[str]) -> dict[str, str]:
    args = request.args.to_dict()
    unknown = sorted(set(args) - allowed)
    if unknown:
        raise BadRequest(f"unknown query parameter {unknown[0]!r}; known: {', '.join(sorted(allowed))}", unknown[0])
    return args


def _flag(args: dict[str, str], name: str, default: bool) -> bool:
    value = args.get(name)
    if value is None:
        return default
    if value not in ("0", "1", "true", "false"):
        raise BadRequest(f"{name}: expected 1 or 0", name)
    return value in ("1", "true")


def _not_modified(etag: str, last_modified: datetime) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag.strip('"'))
    ims = request.if_modified_since
    return ims is not None and last_modified <= ims.astimezone(UTC)


def _cache() -> ValidatorCache:
    ext = current_app.extensions
    if "overblik_feed_validators" not in ext:
        ext["overblik_feed_validators"] = ValidatorCache(float(current_app.config.get("FEED_VALIDATOR_TTL", 60)))
    return ext["overblik_feed_validators"]  # type: ignore[no-any-return]


def _headers(resp: Response, etag: str, last_modified: datetime, private: bool) -> Response:
    resp.headers["ETag"] = etag
    resp.last_modified = last_modified
    resp.headers["Cache-Control"] = f"{'private' if private else 'public'}, max-age=900"
    return resp


def _serve(q: FeedQuery, title: FeedTitle, private: bool = False) -> Response:
    url, clock = base_url(), now()
    limit = int(current_app.config.get("FEED_MAX_BYTES") or MAX_FEED_BYTES)
    key, cache = ValidatorCache.key(q, clock, url), _cache()
    conditional = bool(request.if_none_match or request.if_modified_since)
    with database().transaction() as session:
        marker = audit_marker(session)
        known = cache.get(key, marker, time.monotonic()) if conditional else None
        if known is not None and _not_modified(*known):
            return _headers(Response(status=304), *known, private)
        sel = select_feed(session, q, clock, url)
        cache.put(key, marker, time.monotonic(), sel.etag, sel.last_modified)
        if _not_modified(sel.etag, sel.last_modified):
            return _headers(Response(status=304), sel.etag, sel.last_modified, private)
        written = render_feed(q, sel, title, url, limit)
    resp = Response(written.data, mimetype="text/calendar")
    resp.headers["Content-Type"] = "text/calendar; charset=utf-8"
    if written.cut_before is not None:
        resp.headers["X-Overblik-Feed-Truncated"] = (
            f"before={written.cut_before.isoformat()}; events={written.included}/{len(sel.events)}"
        )
    return _headers(resp, sel.etag, sel.last_modified, private)


def _query(key: str, actor: Actor, args: dict[str, str], **scope: object) -> FeedQuery:
    start, end = feed_window(args, now())
    return FeedQuery(key=key, start=start, end=end, actor=actor, **scope)  # type: ignore[arg-type]


def _municipality(code: str, actor: Actor, args: dict[str, str]) -> tuple[FeedQuery, FeedTitle]:
    if code not in MUNICIPALITY_NAMES:
        raise NotFound(f"no municipality {code!r}; known: {', '.join(MUNICIPALITY_NAMES)}", "code")
    name = MUNICIPALITY_NAMES[code]
    title = FeedTitle(
        f"Overblik – {name} Kommune",
        f"Arrangementer der berører {name} Kommune (Københavns Politi). / "
        f"Events touching {name} Municipality (Copenhagen Police).",
    )
    return _query(f"municipality:{code}", actor, args, municipality=code), title


def _kind(kind: str, actor: Actor, args: dict[str, str]) -> tuple[FeedQuery, FeedTitle]:
    if kind not in KINDS:
        raise NotFound(f"no event kind {kind!r}; known: {', '.join(KINDS)}", "kind")
    title = FeedTitle(
        f"Overblik – {KIND_DA[kind]}",
        f"{KIND_DA[kind]} i Københavns Politikreds. / Events of kind {kind} in the Copenhagen Police district.",
    )
    return _query(f"kind:{kind}", actor, args, kinds=(kind,)), title


def _combined(actor: Actor, args: dict[str, str]) -> tuple[FeedQuery, FeedTitle]:
    kinds = parse_choices(args["kind"], KINDS, "kind") if args.get("kind") else ()
    code = args.get("municipality") or None
    if code is not None and code not in MUNICIPALITY_NAMES:
        raise BadRequest(
            f"municipality: unknown value {code!r}; expected one of {', '.join(MUNICIPALITY_NAMES)}", "municipality"
        )
    parts = [", ".join(KIND_DA[k] for k in kinds) if kinds else "Alle arrangementer"]
    if code:
        parts.append(f"{MUNICIPALITY_NAMES[code]} Kommune")
    key = f"events:{','.join(kinds)}:{code or ''}"
    title = FeedTitle(
        f"Overblik – {' – '.join(parts)}",
        "Udvalgte arrangementer i Københavns Politikreds. / Selected events in the Copenhagen Police district.",
    )
    return _query(key, actor, args, kinds=kinds, municipality=code), title


def _zone(zone_id: str, actor: Actor, args: dict[str, str]) -> tuple[FeedQuery, FeedTitle]:
    with database().transaction() as session:  # a zone linked to an event the reader may not see is absent
        zone = session.scalar(visible_zones(actor).where(Zone.id == zone_id)) if len(zone_id) <= 36 else None
        if zone is None:
            raise NotFound(f"no zone with id {zone_id!r}", "id")
        name = zone.name
    options = tuple(o for o, default in (("designation", True), ("active_windows", False)) if _flag(args, o, default))
    title = FeedTitle(
        f"Overblik – zone {name}", f"Arrangementer der berører zonen {name}. / Events touching the zone {name}."
    )
    return _query(f"zone:{zone_id}", actor, args, zone_id=zone_id, options=options), title


WINDOW = {"from", "to"}


@bp.get("/municipality/<code>.ics")
def municipality_feed(code: str) -> Response:
    return _serve(*_municipality(code, PUBLIC, _args(WINDOW)))


@bp.get("/kind/<kind>.ics")
def kind_feed(kind: str) -> Response:
    return _serve(*_kind(kind, PUBLIC, _args(WINDOW)))


@bp.get("/events.ics")
def combined_feed() -> Response:
    return _serve(*_combined(PUBLIC, _args(WINDOW | {"kind", "municipality"})))


@bp.get("/zone/<zone_id>.ics")
def zone_feed(zone_id: str) -> Response:
    return _serve(*_zone(zone_id, PUBLIC, _args(WINDOW | {"designation", "active_windows"})))


def _token_scope(token: FeedToken, args: dict[str, str]) -> tuple[FeedQuery, FeedTitle]:
    actor = LEVEL_ACTOR[token.classification]
    if token.scope == "municipality":
        return _municipality(token.scope_value, actor, args)
    if token.scope == "kind":
        return _kind(token.scope_value, actor, args)
    if token.scope == "zone":
        return _zone(token.scope_value, actor, args)
    return _combined(actor, args | parse_query_scope(token.scope_value))


@bp.get("/private/<secret>.ics")
def private_feed(secret: str) -> Response:
    args = _args(WINDOW | {"designation", "active_windows"})
    with database().transaction() as session:
        token = find_feed_token(session, secret)
        if token is None:
            raise NotFound("no such feed (the link is wrong or has been revoked)", "token")
        token.last_used_at = datetime.now(UTC)  # the real time, not the feeds' clock
        session.flush()
        session.expunge(token)
    q, title = _token_scope(token, args)
    title = FeedTitle(f"{title.name} ({LEVEL_DA[token.classification]})", title.description)
    return _serve(q, title, private=True)


def _describe() -> None:
    """The feeds in the OpenAPI description (they live outside /api/v1 but clients discover them there)."""
    from app.api.openapi import _err, _q, add_paths

    ok = {"description": "iCalendar feed", "content": {"text/calendar": {"schema": {"type": "string"}}}}
    common = {
        "200": ok,
        "304": {"description": "Not modified (If-None-Match / If-Modified-Since)"},
        "400": _err("Unknown parameter or bad window"),
        "404": _err("Unknown scope or token"),
    }
    window = [
        _q("from", "Window start: ISO date or datetime with offset (default: 30 days back)"),
        _q("to", "Window end, exclusive (default: 18 months ahead; at most 3 years after from)"),
    ]

    def path(name: str, summary: str, extra: list | None = None) -> dict:  # type: ignore[type-arg]
        params = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}] if name else []
        return {
            "get": {
                "summary": summary,
                "security": [],
                "parameters": params + window + (extra or []),
                "responses": common,
            }
        }

    add_paths(
        {
            "/feeds/municipality/{code}.ics": path("code", "Public events whose footprint touches a municipality"),
            "/feeds/kind/{kind}.ics": path("kind", "Public events of one kind"),
            "/feeds/events.ics": path(
                "",
                "Public events filtered by kind and municipality",
                [_q("kind", "Comma-separated kinds"), _q("municipality", "Municipality code, e.g. 0101")],
            ),
            "/feeds/zone/{id}.ics": path(
                "id",
                "Public events touching a zone, its designation and active windows",
                [
                    _q("designation", "1/0: the designation period as an all-day event (default 1)"),
                    _q("active_windows", "1/0: the active hours as events (default 0)"),
                ],
            ),
            "/feeds/private/{token}.ics": path("token", "A private feed (scope and level fixed by the token)"),
        }
    )


_describe()
