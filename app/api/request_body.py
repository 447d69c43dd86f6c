"""Reading a JSON request body with an error that says what is wrong."""

from __future__ import annotations

import json
from typing import Any

from flask import request

from app.registry.errors import BadRequest, Invalid


def json_body() -> Any:
    """The parsed JSON body; 400 for an empty body, bad UTF-8 or malformed JSON (with the position)."""
    raw = request.get_data(cache=True)
    if not raw:
        raise BadRequest("request body is empty; send a JSON document", "body")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"request body is not valid UTF-8 (byte {exc.start})", "body") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadRequest(f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", "body") from None
    except RecursionError:
        raise BadRequest("JSON nests too deeply", "body") from None
    from app.security.hygiene import bad_text, walk_strings

    try:
        for where, value in walk_strings(doc):
            why = bad_text(value)
            if why:  # PostgreSQL cannot store NUL; an unpaired surrogate cannot be encoded at all
                raise Invalid(f"{where}: {why}", where)
    except RecursionError:
        raise BadRequest("JSON nests too deeply", "body") from None
    return doc
