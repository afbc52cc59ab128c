"""The iCalendar feeds: whole event, per track, per speaker, per session; parsed back with
icalendar (zones, stable UIDs across versions, cancelled sessions) and who may get them."""

import pytest
from django.urls import reverse
from icalendar import Calendar, Event

from program.exporters.ical import serialize
from program.services import publish_schedule
from submissions.enums import SubmissionState
from submissions.services.editing import set_submission_state
from tests.factories.program import SessionSlotFactory, event_time
from tests.factories.tracks import EventFactory, MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

from .test_export_feeds import TRICKY, build_program, move

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="scipy-2025", name="SciPy 2025", time_zone="America/Chicago")


def _get(client, name, event, **kwargs):
    return client.get(reverse(f"program:{name}", kwargs={"event": event.slug, **kwargs}))


def _calendar(client, name, event, **kwargs) -> Calendar:
    response = _get(client, name, event, **kwargs)
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def _events(calendar) -> dict:
    return {str(item["SUMMARY"]): item for item in calendar.walk("VEVENT")}


def test_whole_event_calendar_has_zoned_times_and_a_vtimezone(client, event):
    program = build_program(event, talks=2)
    talk = program.sessions[0]

    response = _get(client, "schedule-ics", event)
    calendar = Calendar.from_ical(response.content)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="scipy-2025-schedule.ics"'
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Chicago"]
    events = _events(calendar)
    assert set(events) == {
        talk.submission.title, program.sessions[1].submission.title,
        program.tutorial.submission.title, "Poster session", "Lunch",
    }  # fmt: skip
    for item in events.values():
        assert item["DTSTART"].params["TZID"] == "America/Chicago"
        assert item["DTEND"].params["TZID"] == "America/Chicago"
    item = events[talk.submission.title]
    assert item.start == event_time(event, 0, 9)
    assert item.end == event_time(event, 0, 9, 25)
    assert str(item["UID"]) == talk.ical_uid
    assert (str(item["LOCATION"]), str(item["STATUS"])) == ("Ballroom A", "CONFIRMED")
    assert str(item["URL"]).endswith(f"/scipy-2025/program/sessions/{talk.submission_id}/")
    assert item["SEQUENCE"] == 1
    assert item["DTSTAMP"].dt == program.version.published_at.replace(microsecond=0)
    assert talk.submission.abstract in str(item["DESCRIPTION"])
    assert str(item["URL"]) in str(item["DESCRIPTION"])


def test_description_is_the_abstract_as_plain_text(client, event):
    program = build_program(event, talks=1)
    submission = program.sessions[0].submission
    submission.abstract = "We use **Dask** & [pixi](https://pixi.sh).\n\n- fast\n- <b>safe</b>"
    submission.save()

    item = _events(_calendar(client, "schedule-ics", event))[submission.title]

    description = str(item["DESCRIPTION"])
    assert "We use Dask & pixi." in description
    for markup in ("**", "<b>", "]("):
        assert markup not in description


def test_poster_session_lists_its_posters_and_block_for_all_rooms_has_no_location(client, event):
    build_program(event, talks=1)

    events = _events(_calendar(client, "schedule-ics", event))

    description = str(events["Poster session"]["DESCRIPTION"])
    assert description.index("P2: Poster P2") < description.index("P10: Poster P10")
    assert "Poster P2" not in events
    assert "LOCATION" not in events["Lunch"]


def test_uids_stay_and_sequence_rises_when_a_session_moves_in_a_new_version(client, event):
    program = build_program(event, talks=2)
    moved = program.sessions[0]
    first = _events(_calendar(client, "schedule-ics", event))
    move(moved, program.lab, event_time(event, 2, 10))
    publish_schedule(event=event, name="v1.1", notify_speakers=False, by=None)

    second = _events(_calendar(client, "schedule-ics", event))

    assert {k: str(v["UID"]) for k, v in second.items()} == {
        k: str(v["UID"]) for k, v in first.items()
    }
    item = second[moved.submission.title]
    assert (item.start, str(item["LOCATION"])) == (event_time(event, 2, 10), "Room 104")
    assert (first[moved.submission.title]["SEQUENCE"], item["SEQUENCE"]) == (1, 2)


def test_a_session_withdrawn_after_publishing_is_cancelled_with_the_same_uid(client, event):
    program = build_program(event, talks=2)
    cancelled = program.sessions[0]
    set_submission_state(submission=cancelled.submission, to=SubmissionState.WITHDRAWN)

    events = _events(_calendar(client, "schedule-ics", event))
    session_feed = _events(_calendar(client, "session-ics", event, pk=cancelled.submission_id))

    item = events[cancelled.submission.title]
    assert (str(item["STATUS"]), str(item["UID"])) == ("CANCELLED", cancelled.ical_uid)
    assert str(session_feed[cancelled.submission.title]["STATUS"]) == "CANCELLED"
    assert str(events[program.sessions[1].submission.title]["STATUS"]) == "CONFIRMED"


def test_track_feed_has_its_sessions_and_its_posters_as_their_own_events(client, event):
    program = build_program(event, talks=1)
    poster = program.posters[0]
    track = poster.submission.track

    response = _get(client, "track-ics", event, track=track.slug)
    events = _events(Calendar.from_ical(response.content))

    assert response["Content-Disposition"] == (
        f'attachment; filename="scipy-2025-track-{track.slug}.ics"'
    )
    assert set(events) == {"Poster P2"}
    item = events["Poster P2"]
    assert item.start == event_time(event, 1, 13)
    assert str(item["LOCATION"]) == "Ballroom A, board P2"
    assert str(item["UID"]) == poster.ical_uid
    assert "Poster in Poster session, board P2." in str(item["DESCRIPTION"])


def test_unknown_track_is_404(client, event):
    build_program(event, talks=1)

    assert _get(client, "track-ics", event, track="nope").status_code == 404


def test_speaker_feed_has_their_sessions_and_posters(client, event):
    program = build_program(event, talks=2)
    speaker = UserFactory(name="Ada Lovelace")
    talk = SessionSlotFactory(event=event, room=program.lab, start=event_time(event, 2, 9),
                              submission__speakers=[speaker])  # fmt: skip
    poster = program.posters[1]
    poster.submission.speakers.create(user=speaker, position=1)
    publish_schedule(event=event, name="v1.1", notify_speakers=False, by=None)

    response = _get(client, "speaker-ics", event, pk=speaker.pk)
    calendar = Calendar.from_ical(response.content)

    assert response["Content-Disposition"] == (
        f'attachment; filename="scipy-2025-speaker-{speaker.pk}.ics"'
    )
    assert str(calendar["X-WR-CALNAME"]) == "SciPy 2025: Ada Lovelace"
    assert set(_events(calendar)) == {talk.submission.title, "Poster P10"}
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Chicago"]


def test_speaker_feed_is_404_for_someone_not_in_the_published_program(client, event):
    program = build_program(event, talks=1)
    drafted = UserFactory()
    SessionSlotFactory(event=event, start=event_time(event, 2, 9), submission__speakers=[drafted])
    withdrawn_speaker = program.withdrawn.submission.speakers.get().user

    assert _get(client, "speaker-ics", event, pk=drafted.pk).status_code == 404
    assert _get(client, "speaker-ics", event, pk=withdrawn_speaker.pk).status_code == 404
    assert _get(client, "speaker-ics", event, pk=UserFactory().pk).status_code == 404


def test_session_feed_is_one_event_and_404_for_hidden_sessions(client, event):
    program = build_program(event, talks=1)
    talk = program.sessions[0]

    events = _events(_calendar(client, "session-ics", event, pk=talk.submission_id))

    assert list(events) == [talk.submission.title]
    for hidden in (program.rejected.pk, program.withdrawn.submission_id):
        assert _get(client, "session-ics", event, pk=hidden).status_code == 404


def test_tricky_title_round_trips(client, event):
    program = build_program(event, talks=1)
    submission = program.sessions[0].submission
    submission.title = TRICKY
    submission.save()

    events = _events(_calendar(client, "session-ics", event, pk=submission.pk))

    assert list(events) == [TRICKY]


def test_no_email_address_in_any_calendar(client, event):
    program = build_program(event, talks=2)
    speaker = program.sessions[0].submission.speakers.get().user
    track = program.sessions[0].submission.track
    from accounts.models import User

    feeds = [
        _get(client, "schedule-ics", event),
        _get(client, "track-ics", event, track=track.slug),
        _get(client, "speaker-ics", event, pk=speaker.pk),
        _get(client, "session-ics", event, pk=program.sessions[0].submission_id),
    ]

    for response in feeds:
        text = response.content.decode()
        assert "Rejected idea" not in text
        assert "Withdrawn before publishing" not in text
        for email in User.objects.values_list("email", flat=True):
            assert email not in text


def test_event_in_utc_uses_utc_times(client):
    event = EventFactory(time_zone="UTC")
    program = build_program(event, talks=1)

    calendar = _calendar(client, "schedule-ics", event)

    item = _events(calendar)[program.sessions[0].submission.title]
    assert item.start == event_time(event, 0, 9)
    assert "TZID" not in item["DTSTART"].params
    assert calendar.walk("VTIMEZONE") == []


def test_aoe_event_gets_its_vtimezone(client):
    event = EventFactory(time_zone="AoE")
    build_program(event, talks=1)

    calendar = _calendar(client, "schedule-ics", event)

    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Etc/GMT+12"]


@pytest.mark.parametrize("name", ["track-ics", "speaker-ics", "session-ics"])
def test_feeds_are_404_for_anonymous_on_a_non_public_event_and_open_to_organizers(client, name):
    event = EventFactory(is_public=False)
    program = build_program(event, talks=1)
    talk = program.sessions[0]
    kwargs = {
        "track-ics": {"track": talk.submission.track.slug},
        "speaker-ics": {"pk": talk.submission.speakers.get().user_id},
        "session-ics": {"pk": talk.submission_id},
    }[name]

    anonymous = _get(client, name, event, **kwargs)
    client.force_login(MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user)
    organizer = _get(client, name, event, **kwargs)

    assert (anonymous.status_code, organizer.status_code) == (404, 200)


def test_organizer_preview_of_the_draft_has_draft_file_name(client, event):
    program = build_program(event, talks=1, publish=False)
    client.force_login(MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user)

    response = _get(client, "session-ics", event, pk=program.sessions[0].submission_id)

    assert response["Content-Disposition"] == (
        f'attachment; filename="scipy-2025-session-{program.sessions[0].submission_id}-draft.ics"'
    )
    assert (
        _events(Calendar.from_ical(response.content))[program.sessions[0].submission.title][
            "SEQUENCE"
        ]
        == 0
    )


@pytest.mark.parametrize("talks", [2, 12])
@pytest.mark.parametrize("feed", ["track", "speaker"])
def test_track_and_speaker_feeds_make_a_constant_number_of_queries(
    client, event, talks, feed, django_assert_max_num_queries
):
    program = build_program(event, talks=talks)
    submission = program.sessions[0].submission
    kwargs = {"track": submission.track.slug} if feed == "track" else {
        "pk": submission.speakers.get().user_id
    }  # fmt: skip

    with django_assert_max_num_queries(9):
        response = _get(client, f"{feed}-ics", event, **kwargs)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "text",
    [
        "short",
        "x" * 200,
        "a, b; c\\ d " * 30,  # escapes land on the fold boundary in places
        "x" * 72 + "," + "y" * 100,
        "x" * 73 + "^" + "y" * 100,
        "Ünïcødé 🐍 " * 40,
        "🐍" * 19 + "," + "é" * 80,
    ],
)
def test_folding_matches_icalendar_byte_for_byte(text):
    calendar = Calendar()
    item = Event()
    item.add("summary", text)
    item.add("description", text + "\n\n" + text)
    calendar.add_component(item)

    assert serialize(calendar) == calendar.to_ical()
