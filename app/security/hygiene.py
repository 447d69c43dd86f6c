"""Text that no field may hold: NUL characters (PostgreSQL cannot store them; C code truncates at them)
and unpaired UTF-16 surrogates (not encodable as UTF-8). Refused at the edge with the place named,
for query parameters, path parts and URL-encoded forms; JSON bodies are checked in app.api.request_body."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Flask, request

from app.registry.errors import BadRequest


def bad_text(value: str) -> str | None:
    """Why `value` cannot be stored, or None."""
    if "\x00" in value:
        return "must not contain NUL characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid Unicode (an unpaired surrogate was sent)"
    return None


def walk_strings(obj: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a parsed JSON document (keys too), with a dotted path to it."""
    if isinstance(obj, str):
        yield path or "body", obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            here = f"{path}.{k}" if path else str(k)
            if isinstance(k, str):
                yield here, k
            yield from walk_strings(v, here)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from walk_strings(v, f"{path}[{i}]" if path else f"[{i}]")


def init_hygiene(app: Flask) -> None:
    @app.before_request
    def _refuse_unstorable_text() -> None:
        places = [("query parameter", request.args.items(multi=True)),
                  ("path", (request.view_args or {}).items())]
        if request.mimetype == "application/x-www-form-urlencoded":
            places.append(("form field", request.form.items(multi=True)))
        for kind, items in places:
            for name, value in items:
                for text in (name, value):
                    why = bad_text(text) if isinstance(text, str) else None
                    if why:
                        raise BadRequest(f"{kind} {name!r} {why}", str(name)[:100])
