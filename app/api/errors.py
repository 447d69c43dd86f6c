"""Every domain error becomes one JSON shape: {"error": {"code", "message", "field"}} with a 4xx status."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, request
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from app.registry.errors import RegistryError
from calendars.errors import CalendarError
from geo.errors import GeometryError


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field}}


def _json(status: int, code: str, message: str, field: str | None = None) -> tuple[Response, int]:
    return jsonify(error_body(code, message, field)), status


def wants_json() -> bool:
    return request.path.startswith(("/api/", "/feeds/", "/healthz")) or request.accept_mimetypes.best == \
        "application/json"


def register(app: Flask) -> None:
    @app.errorhandler(RegistryError)
    def _registry(exc: RegistryError):  # type: ignore[no-untyped-def]
        return _json(exc.status, exc.code, exc.message, exc.field)

    @app.errorhandler(GeometryError)
    def _geometry(exc: GeometryError):  # type: ignore[no-untyped-def]
        return _json(422, "invalid_geometry", exc.message, exc.where)

    @app.errorhandler(CalendarError)
    def _calendar(exc: CalendarError):  # type: ignore[no-untyped-def]
        return _json(422, "invalid_time", exc.message, exc.where)

    @app.errorhandler(StaleDataError)
    def _stale(_exc: StaleDataError):  # type: ignore[no-untyped-def]
        # Another writer committed the version this request read, between our read and our write.
        return _json(412, "precondition_failed", "the record was changed by someone else while this "
                     "request ran; read it again and reapply your change", "If-Match")

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):  # type: ignore[no-untyped-def]
        if not wants_json():
            return exc
        code = (exc.name or "error").lower().replace(" ", "_")
        message = exc.description or exc.name
        if exc.code == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH")
            message = f"request body is larger than the limit of {limit} bytes"
        resp, status = _json(exc.code or 500, code, message, None)
        for name, value in exc.get_headers():  # e.g. Allow on 405, Retry-After on 429
            if name.lower() != "content-type":
                resp.headers[name] = value
        return resp, status
