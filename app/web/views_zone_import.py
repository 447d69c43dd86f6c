"""The zone upload page `/zones/import`: upload a GIS file, preview what would change, then apply it.

Thin view over `app.registry.zone_import.import_zones` (the same use case as the API). Between preview and
apply the upload is kept in the instance folder under a random name for 15 minutes, bound to the user who
sent it, so the applied file and options are exactly what was previewed (no second upload needed).
"""

from __future__ import annotations

import json
import re
import secrets
import time
from pathlib import Path
from typing import Any

from flask import Flask, current_app, request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from app.api.zone_import import limits, max_bytes
from app.auth import current_actor
from app.clock import today
from app.extensions import database
from app.models import ZONE_KINDS
from app.registry.access import Actor
from app.registry.errors import RegistryError
from app.registry.zone_import import ImportOptions, ImportRejected, import_zones
from app.web import bp
from app.web.render import page, render_error
from geo.errors import GisFileError
from geo.gis_files import MB
from geo.gis_import import read_gis

TTL_SECONDS = 15 * 60
TOKEN = re.compile(r"[0-9a-f]{32}")
TEXT_FIELDS = ("kind", "name_field", "crs", "source", "valid_from", "valid_until")
FLAGS = ("repair", "partial")


class UploadError(Exception):
    def __init__(self, message: str, field: str = "file", status: int = 422) -> None:
        super().__init__(message)
        self.message, self.field, self.status = message, field, status


# --- the kept upload ---------------------------------------------------------------------------------

def stash_dir() -> Path:
    path = Path(current_app.instance_path) / "zone_uploads"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _sweep(folder: Path, now: float) -> None:
    for f in folder.iterdir():
        try:
            if now - f.stat().st_mtime > TTL_SECONDS:
                f.unlink()
        except FileNotFoundError:
            continue


def stash(data: bytes, filename: str, options: dict[str, Any], actor: Actor) -> str:
    folder = stash_dir()
    _sweep(folder, time.time())
    token = secrets.token_hex(16)
    (folder / f"{token}.upload").write_bytes(data)
    meta = {"owner": actor.name, "filename": filename, "options": options, "created": time.time()}
    (folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def unstash(token: str, actor: Actor) -> tuple[bytes, str, dict[str, Any]]:
    """The kept upload for `token`, if it is this user's and not older than the TTL."""
    gone = UploadError(_("The preview has expired or is unknown. Upload the file again."), "upload", 410)
    if not TOKEN.fullmatch(token or ""):
        raise gone
    folder = stash_dir()
    data_path, meta_path = folder / f"{token}.upload", folder / f"{token}.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        data = data_path.read_bytes()
    except (FileNotFoundError, ValueError):
        raise gone from None
    if meta.get("owner") != actor.name or time.time() - float(meta.get("created", 0)) > TTL_SECONDS:
        raise gone
    return data, str(meta["filename"]), dict(meta["options"])


def discard(token: str) -> None:
    if TOKEN.fullmatch(token or ""):
        for suffix in (".upload", ".json"):
            (stash_dir() / f"{token}{suffix}").unlink(missing_ok=True)


# --- the form -------------------------------------------------------------------------------------------

def _form_options() -> dict[str, Any]:
    opts: dict[str, Any] = {k: (request.form.get(k) or "").strip() for k in TEXT_FIELDS}
    opts.update({k: request.form.get(k) in ("1", "on", "true") for k in FLAGS})
    if not opts["kind"]:
        raise UploadError(_("Choose the kind of the zones in the file."), "kind")
    return opts


def _upload() -> tuple[bytes, str]:
    try:
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        raise _too_large() from None
    if upload is None or not upload.filename:
        raise UploadError(_("Choose a file to upload."), "file")
    try:
        data = upload.read(max_bytes() + 1)
    finally:
        upload.close()
    if len(data) > max_bytes():
        raise _too_large()
    return data, upload.filename[:200]


def _too_large() -> UploadError:
    return UploadError(_("The file is larger than the limit of %(mb)s MB.", mb=f"{max_bytes() / MB:.0f}"),
                       "file", 413)


def _upload_limit():  # type: ignore[no-untyped-def]
    """Before anything reads the form (the CSRF check does): this page's own size limit replaces the app's
    general MAX_CONTENT_LENGTH, and a too large upload gets the page with a clear message, unread."""
    if request.method != "POST" or request.endpoint != "web.zone_import_post":
        return None
    limit = max_bytes() + 64 * 1024  # room for the multipart envelope and form fields
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        err = _too_large()
        return _page(err.status, error=(err.field, err.message))
    return None


def init_zone_import(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _upload_limit)


def _run(data: bytes, filename: str, opts: dict[str, Any], actor: Actor, dry_run: bool) -> dict[str, Any]:
    gis = read_gis(data, crs=opts["crs"] or None, name_field=opts["name_field"] or None,
                   repair=bool(opts["repair"]), limits=limits())
    options = ImportOptions(kind=opts["kind"], source=opts["source"] or filename,
                            valid_from=opts["valid_from"] or None, valid_until=opts["valid_until"] or None,
                            partial=bool(opts["partial"]), dry_run=dry_run)
    with database().transaction() as session:
        return import_zones(session, gis, options, actor, today()).as_dict()


def _page(status: int = 200, **context: Any):  # type: ignore[no-untyped-def]
    context.setdefault("values", {"kind": "nightlife"})
    return page("zone_import.html", status=status, kinds=ZONE_KINDS, **context)


def _refused(actor: Actor):  # type: ignore[no-untyped-def]
    if actor.role == "anonymous":
        return render_error(401, "unauthorized")
    return render_error(403, "forbidden", message=_("Only planners may import zones."))


@bp.get("/zones/import")
def zone_import():  # type: ignore[no-untyped-def]
    actor = current_actor()
    if actor.role not in ("planner", "admin"):
        return _refused(actor)
    return _page()


@bp.post("/zones/import")
def zone_import_post():  # type: ignore[no-untyped-def]
    actor = current_actor()
    if actor.role not in ("planner", "admin"):
        return _refused(actor)
    values: dict[str, Any] = {}
    try:
        token = request.form.get("upload") or ""
        values = request.form.to_dict()
        if token:  # the confirm button: apply exactly what was previewed
            data, filename, opts = unstash(token, actor)
            values = opts | {"filename": filename}
            report = _run(data, filename, opts, actor, dry_run=False)
            discard(token)
            return _page(report=report, values=values, filename=filename)
        opts = _form_options()
        data, filename = _upload()
        values = opts | {"filename": filename}
        dry_run = request.form.get("dry_run") in ("1", "on", "true")
        report = _run(data, filename, opts, actor, dry_run=dry_run)
        kept = stash(data, filename, opts, actor) if dry_run else None
        return _page(report=report, values=values, filename=filename, upload=kept)
    except RequestEntityTooLarge:
        err = _too_large()
        return _page(err.status, error=(err.field, err.message), values=values)
    except UploadError as exc:
        return _page(exc.status, error=(exc.field, exc.message), values=values)
    except GisFileError as exc:
        return _page(413 if exc.reason == "too_large" else 422, error=(exc.where or "file", exc.message),
                     values=values)
    except ImportRejected as exc:
        return _page(422, error=("file", exc.message), report=exc.report.as_dict(), values=values)
    except RegistryError as exc:
        status = exc.status if exc.status in (401, 403) else 422
        return _page(status, error=(exc.field or "file", exc.message), values=values)


def can_import_zones() -> bool:
    return current_actor().role in ("planner", "admin")


@bp.app_context_processor
def _import_link() -> dict[str, Any]:
    return {"can_import_zones": can_import_zones}
