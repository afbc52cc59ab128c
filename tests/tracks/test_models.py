from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.factories.tracks import DeadlineFactory, EventFactory, SessionTypeFactory, aware
from tracks.enums import AOE, SubmissionField

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2020, 11, 11), date(2020, 11, 11), "Nov 11, 2020"),
        (date(2020, 7, 6), date(2020, 7, 12), "Jul 6–12, 2020"),
        (date(2020, 6, 30), date(2020, 7, 2), "Jun 30 – Jul 2, 2020"),
        (date(2020, 12, 30), date(2021, 1, 2), "Dec 30, 2020 – Jan 2, 2021"),
    ],
)
def test_event_date_range_reads_naturally(start, end, expected):
    event = EventFactory.build(start_date=start, end_date=end)

    assert event.date_range == expected


def test_event_cannot_end_before_it_starts():
    event = EventFactory.build(start_date=date(2020, 7, 6), end_date=date(2020, 7, 1))

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert "end_date" in error.value.message_dict


def test_event_end_before_start_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        EventFactory(start_date=date(2020, 7, 6), end_date=date(2020, 7, 1))


@pytest.mark.parametrize("slug", ["admin", "accounts", "static"])
def test_event_slug_cannot_shadow_site_pages(slug):
    event = EventFactory.build(slug=slug)

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert "slug" in error.value.message_dict


def test_event_time_zone_must_exist():
    event = EventFactory.build(time_zone="Mars/Olympus_Mons")

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert "time_zone" in error.value.message_dict


def test_session_type_page_range_and_field_labels():
    paper = SessionTypeFactory.build(
        min_pages=6, max_pages=8, requested_fields=[SubmissionField.PAPER_PDF]
    )

    assert paper.page_range == "6–8 pages"
    assert paper.requested_field_labels == ["Paper (PDF)"]


def test_session_type_rejects_unknown_fields_and_inverted_page_range():
    session_type = SessionTypeFactory.build(
        requested_fields=["favourite_colour"], min_pages=8, max_pages=6
    )

    with pytest.raises(ValidationError) as error:
        session_type.full_clean()

    assert set(error.value.message_dict) >= {"requested_fields", "max_pages"}


def test_session_type_inverted_page_range_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        SessionTypeFactory(min_pages=8, max_pages=6)


def test_deadline_in_aoe_is_shown_at_the_end_of_the_day_anywhere_on_earth():
    # 23:59 on Sep 15 at UTC-12 is 11:59 UTC on Sep 16.
    deadline = DeadlineFactory(time_zone=AOE, due=aware(2020, 9, 16, 11, 59))

    assert deadline.local_due.strftime("%Y-%m-%d %H:%M") == "2020-09-15 23:59"
    assert deadline.zone_abbreviation == "AoE"
    assert deadline.zone_label == "AoE (UTC-12)"


def test_deadline_without_zone_uses_the_events_zone_and_its_abbreviation():
    event = EventFactory(time_zone="America/Chicago")
    winter = DeadlineFactory(event=event, due=aware(2020, 2, 16, 5, 59))
    summer = DeadlineFactory(event=event, due=aware(2020, 7, 6, 14, 0))

    assert winter.local_due.strftime("%b %d %H:%M") == "Feb 15 23:59"
    assert winter.zone_abbreviation == "CST"
    assert summer.zone_abbreviation == "CDT"


def test_deadline_is_past_exactly_at_its_instant():
    deadline = DeadlineFactory.build(due=aware(2020, 9, 16, 11, 59))

    assert not deadline.is_past(aware(2020, 9, 16, 11, 58))
    assert deadline.is_past(aware(2020, 9, 16, 11, 59))
