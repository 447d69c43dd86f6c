"""Flask-Babel: Danish by default, English on request (`?lang=en`, remembered in the session).

The catalogues are kept as .po files in app/translations and compiled to .mo when the app starts (into
the instance folder), so a clean clone works without a manual `pybabel compile` step.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, request, session
from flask_babel import Babel

LANGUAGES = ("da", "en")
SOURCE = Path(__file__).resolve().parent / "translations"


def compile_catalogues(source: Path, target: Path) -> Path:
    """Compile every `<lang>/LC_MESSAGES/messages.po` under `source` to .mo under `target` (atomic write)."""
    for po_path in source.glob("*/LC_MESSAGES/messages.po"):
        mo_path = target / po_path.relative_to(source).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=po_path.parent.parent.name)
        fd, tmp = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as out:
            write_mo(out, catalog)
        os.replace(tmp, mo_path)
    return target


def select_locale() -> str:
    """`?lang=` wins and is remembered; otherwise the session's choice; otherwise Danish."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session["lang"] = asked
        return asked
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else "da"


def init_i18n(app: Flask) -> None:
    compiled = compile_catalogues(SOURCE, Path(app.instance_path) / "translations")
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "da")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compiled)
    Babel(app, locale_selector=select_locale)
