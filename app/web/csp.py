"""A per-request nonce for the inline scripts and styles folium emits (for a strict Content-Security-Policy).

The policy header itself belongs to the security layer; it should read `csp_nonce()` and send
`script-src 'self' 'nonce-…'; style-src 'self' 'nonce-…'` on pages with maps.
"""

from __future__ import annotations

import re
import secrets

from flask import g
from markupsafe import Markup

_TAG = re.compile(r"<(script|style)(?=[\s>])(?![^>]*\bsrc=)")


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce  # type: ignore[no-any-return]


def with_nonce(html: str) -> Markup:
    """Folium's generated header/body HTML with our nonce on every inline <script> and <style>."""
    nonce = csp_nonce()
    return Markup(_TAG.sub(lambda m: f'<{m.group(1)} nonce="{nonce}"', html))  # noqa: S704 (folium output)
