"""Blueprint /: the planner's pages (calendar, event, form, zones, dashboard) and the officer's page."""

from __future__ import annotations

from flask import Blueprint, Flask, request, url_for
from werkzeug.exceptions import NotFound

bp = Blueprint("web", __name__)

from app.web import (  # noqa: E402,F401  (routes register on import)
    views_calendar,
    views_dashboard,
    views_events,
    views_officer,
    views_subscribe,
    views_zone_import,
    views_zones,
)


def lang_url(lang: str) -> str:
    """This page in another language (the choice is then remembered in the session)."""
    args = request.args.to_dict() | {"lang": lang}
    if request.endpoint and request.url_rule is not None:
        return url_for(request.endpoint, **(request.view_args or {}), **args)
    return f"{request.path}?lang={lang}"


def init_web(app: Flask) -> None:
    """Register the map and page blueprints, translations, template helpers and the HTML 404 page."""
    from app.api.errors import error_body, wants_json
    from app.auth import current_actor
    from app.i18n import init_i18n
    from app.maps import bp as maps_bp
    from app.web.csp import csp_nonce, with_nonce
    from app.web.expiry_banner import init_expiry_banner
    from app.web.labels import template_helpers
    from app.web.render import current_lang, render_error
    from app.web.views_zone_import import init_zone_import

    init_i18n(app)
    app.register_blueprint(bp)
    app.register_blueprint(maps_bp)
    app.jinja_env.filters["nonced"] = with_nonce
    init_expiry_banner(app)
    init_zone_import(app)

    @app.context_processor
    def _helpers() -> dict:
        actor = current_actor()
        label = "" if actor.role == "anonymous" else f"{actor.name} ({actor.role})"
        return {"current_lang": current_lang(), "lang_url": lang_url, "csp_nonce": csp_nonce,
                "actor_label": label, **template_helpers()}

    @app.errorhandler(404)
    def _not_found(exc: NotFound):  # type: ignore[no-untyped-def]
        if wants_json():
            from flask import jsonify

            return jsonify(error_body("not_found", exc.description or "not found", None)), 404
        return render_error(404, "not_found")
