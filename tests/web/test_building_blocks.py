"""The pages' plain parts: calendar grids, the ?at= parser, the capacity chart, the form, translations."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from werkzeug.datastructures import MultiDict

from app.i18n import SOURCE, compile_catalogues
from app.maps.timeparse import AtError, parse_at
from app.web.calendar_grid import Entry, days_window, fill, month_days, week_days
from app.web.capacity_chart import WeekLoad, weekly_chart
from app.web.event_form import FormError, field_of, form_to_feature
from calendars.intervals import COPENHAGEN

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def test_month_grid_is_whole_weeks_from_monday() -> None:
    days = month_days(date(2025, 6, 18))
    assert days[0] == date(2025, 5, 26) and days[0].weekday() == 0
    assert days[-1] == date(2025, 7, 6) and len(days) % 7 == 0


def test_week_of_the_dst_change_is_167_hours() -> None:
    start, end = days_window(week_days(date(2025, 3, 30)), COPENHAGEN)
    assert (end - start).total_seconds() / 3600 == 167


def test_an_occurrence_over_midnight_is_listed_on_both_days_and_marked_continued() -> None:
    days = week_days(date(2025, 6, 5))
    occ = (datetime(2025, 6, 5, 20, tzinfo=UTC), datetime(2025, 6, 6, 1, tzinfo=UTC))  # 22:00-03:00 local
    entry = Entry("e", "Natfest", "concert", "planned", occ[0], occ[1], 2)
    weeks = fill(days, (days[0], days[-1]), date(2025, 6, 5), [(entry, occ)], COPENHAGEN)
    by_day = {d.day: d.entries for d in weeks[0]}
    assert [e.continued for e in by_day[date(2025, 6, 5)]] == [False]
    assert [e.continued for e in by_day[date(2025, 6, 6)]] == [True]
    assert by_day[date(2025, 6, 7)] == [] and by_day[date(2025, 6, 6)][0].conflicts == 2


def test_an_occurrence_ending_at_midnight_stays_on_its_day() -> None:
    days = week_days(date(2025, 6, 5))
    occ = (datetime(2025, 6, 5, 18, tzinfo=UTC), datetime(2025, 6, 5, 22, tzinfo=UTC))  # 20:00-24:00
    entry = Entry("e", "Aften", "concert", "planned", occ[0], occ[1])
    weeks = fill(days, (days[0], days[-1]), date(2025, 6, 5), [(entry, occ)], COPENHAGEN)
    assert sum(len(d.entries) for d in weeks[0]) == 1


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-06-05T23:30", datetime(2025, 6, 5, 21, 30, tzinfo=UTC)),
    ("2025-01-05T23:30", datetime(2025, 1, 5, 22, 30, tzinfo=UTC)),
    ("2025-06-05T23:30+00:00", datetime(2025, 6, 5, 23, 30, tzinfo=UTC)),
    ("2025-06-05T23:30Z", datetime(2025, 6, 5, 23, 30, tzinfo=UTC)),
    ("", NOW), (None, NOW),
])
def test_at_is_local_time_unless_it_has_an_offset(value: str | None, expected: datetime) -> None:
    assert parse_at(value, NOW) == expected


@pytest.mark.parametrize("value", ["tomorrow", "2025-06-05", "2025-13-05T23:30", "2025-06-05 23:30",
                                   "2025-06-05T25:00", "<script>"])
def test_bad_at_names_the_format(value: str) -> None:
    with pytest.raises(AtError, match="YYYY-MM-DDTHH:MM"):
        parse_at(value, NOW)


def test_chart_bars_over_capacity_are_red_and_text_is_escaped() -> None:
    weeks = [WeekLoad(date(2025, 6, 2), 450, 3), WeekLoad(date(2025, 6, 9), 120)]
    svg = str(weekly_chart(weeks, 400, "<uge>", "kapacitet"))
    assert svg.count('<rect class="bar over"') == 1 and svg.count('<rect class="bar"') == 1
    assert 'fill="#b2182b"' in svg and "&lt;uge&gt; 23" in svg and "<uge>" not in svg
    assert "style=" not in svg


def test_form_times_are_copenhagen_wall_clock_across_dst() -> None:
    form = MultiDict({"title": "x", "kind": "concert", "starts_at": "2025-10-26T01:30",
                      "ends_at": "2025-10-26T04:00", "geometry": '{"type": "Point", "coordinates": [12.5, 55.6]}'})
    props = form_to_feature(form)["properties"]
    assert props["starts_at"] == "2025-10-26T01:30:00+02:00" and props["ends_at"] == "2025-10-26T04:00:00+01:00"
    assert props["officers_required"] == 0 and props["organiser"] is None


def test_form_errors_name_their_field() -> None:
    with pytest.raises(FormError) as exc:
        form_to_feature(MultiDict({"attendance": "mange", "geometry": "{}"}))
    assert exc.value.field == "attendance"
    assert field_of("properties.ends_at") == "ends_at" and field_of("geometry.coordinates[0]") == "geometry"


def test_catalogues_compile_from_a_clean_checkout(tmp_path: Path) -> None:
    target = compile_catalogues(SOURCE, tmp_path / "translations")
    with (target / "da/LC_MESSAGES/messages.mo").open("rb") as fh:
        catalog = read_mo(fh)
    assert catalog.get("Now and near").string == "Nu og nær"
    with (SOURCE / "da/LC_MESSAGES/messages.po").open("rb") as fh:
        source = read_po(fh)
    assert [m.id for m in source if m.id and not (m.string if isinstance(m.string, str) else all(m.string))] == []
