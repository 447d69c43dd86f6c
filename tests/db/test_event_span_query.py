"""The query narrowing stored events to a window: exactly the spans that overlap it, whatever their length,
served by ix_events_span and the partial ix_events_span_long."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask
from sqlalchemy import Select, select, text
from sqlalchemy.orm import Session

from app.models import Event
from app.models.event import LONG_SPAN_SQL
from app.registry.event_records import spans_overlapping
from tests.factories import auth_headers, event_feature

START = datetime(2025, 6, 5, 19, 0, tzinfo=UTC)
END = START + timedelta(hours=1)


def _store_span(app: Flask, title: str, span: timedelta, end: datetime) -> None:
    """An event whose whole span (build-up included) is `span`, ending at `end`."""
    f = event_feature(title=title, setup_starts_at=(end - span).isoformat(),
                      starts_at=(end - timedelta(minutes=30)).isoformat(), ends_at=end.isoformat())
    r = app.test_client().post("/api/v1/events", json=f, headers=auth_headers(app, "planner"))
    assert r.status_code == 201, r.get_json()


def test_spans_of_any_length_overlapping_the_window_are_found(db_app: Flask) -> None:
    second = timedelta(seconds=1)
    lengths = {"6d23h59m59s": timedelta(days=7) - second, "7d": timedelta(days=7), "7d1s": timedelta(days=7) + second,
               "7d23h59m59s": timedelta(days=8) - second, "8d": timedelta(days=8), "40d": timedelta(days=40)}
    for name, span in lengths.items():
        _store_span(db_app, f"in {name}", span, START + second)
        _store_span(db_app, f"before {name}", span, START)  # ends as the window starts: half-open, not in it
    with db_app.extensions["overblik_db"].transaction() as session:
        dialect = session.get_bind().dialect.name
        found = set(session.scalars(select(Event.title).where(spans_overlapping(dialect, START, END))))
    assert found == {f"in {name}" for name in lengths}


def _plan(session: Session, stmt: Select) -> str:
    sql = str(stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL enable_seqscan = off"))  # the test's table is tiny
        return "\n".join(session.scalars(text(f"EXPLAIN {sql}")))
    return "\n".join(row[-1] for row in session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))


def test_the_long_span_condition_matches_its_partial_index(db_app: Flask) -> None:
    """The planner matches a partial index's condition textually: the query's copy must not drift."""
    with db_app.extensions["overblik_db"].transaction() as session:
        long_span = text(LONG_SPAN_SQL[session.get_bind().dialect.name])
        plan = _plan(session, select(Event.id).where(long_span, Event.span_end > START, Event.span_start < END))
        assert "ix_events_span_long" in plan, plan
        if session.get_bind().dialect.name == "sqlite":  # PostgreSQL's choice depends on the table's statistics
            narrowed = spans_overlapping(session.get_bind().dialect.name, START, END)
            plan = _plan(session, select(Event.id).where(narrowed))
            assert "ix_events_span " in plan and "ix_events_span_long" in plan, plan
