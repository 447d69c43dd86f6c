"""The subscribe page: each municipality's iCal feed as webcal://, https and Google Calendar links."""

from __future__ import annotations

from app.feeds.links import municipality_links
from app.feeds.views import base_url
from app.models import KINDS
from app.web import bp
from app.web.render import page


@bp.get("/subscribe")
def subscribe():  # type: ignore[no-untyped-def]
    base = base_url()
    return page("subscribe.html", links=municipality_links(base), base=base, kinds=KINDS)
