"""The public endpoints: public events and their latest published program, without a token,
never an email, never the draft."""

import json
from datetime import timedelta

import pytest

from program.models import Slot
from program.services import publish_schedule
from submissions.enums import SubmissionState
from submissions.models import SpeakerProfile, Submission
from submissions.services.editing import set_submission_state
from tests.api.conftest import add_sessions, build_program, v1
from tests.factories.tracks import EventFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_events_lists_public_events_only(api):
    public = EventFactory(name="SciPy")
    EventFactory(name="Secret workshop", is_public=False)

    response = api.get("/api/v1/events/")

    assert response.status_code == 200
    assert [event["slug"] for event in response.json()["results"]] == [public.slug]
    assert response.json()["count"] == 1


def test_event_detail_of_a_public_event(api, program):
    response = api.get(v1(program))

    assert response.status_code == 200
    assert response.json()["slug"] == program.event.slug
    assert response.json()["time_zone"] == "America/Chicago"


@pytest.mark.parametrize("path", ["", "tracks/", "session-types/", "rooms/", "sessions/",
                                  "speakers/", "schedule/", "schedule/versions/"])  # fmt: skip
def test_a_private_event_answers_404_everywhere(api, path):
    event = EventFactory(is_public=False)

    response = api.get(v1(event, path))

    assert response.status_code == 404


def test_an_unknown_event_answers_404(api):
    assert api.get("/api/v1/events/nope/").status_code == 404


def test_tracks_types_and_rooms_in_their_order(api, program):
    tracks = api.get(v1(program, "tracks/")).json()["results"]
    types = api.get(v1(program, "session-types/")).json()["results"]
    rooms = api.get(v1(program, "rooms/")).json()["results"]

    assert [t["slug"] for t in tracks] == ["data", "hpc"]
    assert {t["slug"]: t["duration_minutes"] for t in types} == {"talk": 30, "poster": None}
    assert [r["name"] for r in rooms] == ["Ballroom", "Room 101"]


def test_sessions_are_the_published_ones_with_their_slot_in_the_event_zone(api, program):
    first = program.sessions[0]

    response = api.get(v1(program, "sessions/"))

    results = response.json()["results"]
    assert response.status_code == 200
    assert [s["id"] for s in results][:3] == [s.pk for s in program.sessions]
    talk = results[0]
    assert talk["title"] == first.title
    assert talk["state"] == "scheduled"
    assert talk["track"]["slug"] == "data"
    assert talk["slot"]["room"]["name"] == "Ballroom"
    # 8:00 in Chicago (CDT or CST, whatever the date) with its offset.
    assert talk["slot"]["start"][11:16] == "08:00"
    assert talk["slot"]["start"][-6:] in ("-05:00", "-06:00")
    assert talk["slot"]["poster_session"] is None


def test_a_poster_takes_its_poster_sessions_room_and_times(api, program):
    poster = program.posters[0]

    response = api.get(v1(program, f"sessions/{poster.pk}/"))

    slot = response.json()["slot"]
    assert response.status_code == 200
    assert slot["board"] == "P2"
    assert slot["poster_session"]["title"] == "Posters"
    assert slot["room"]["name"] == "Ballroom"
    assert slot["start"][11:16] == "17:00"


def test_the_draft_is_never_public(api, program):
    (unpublished,) = add_sessions(program, 1, start_index=50)

    sessions = api.get(v1(program, "sessions/")).json()["results"]
    detail = api.get(v1(program, f"sessions/{unpublished.pk}/"))

    assert unpublished.pk not in [s["id"] for s in sessions]
    assert detail.status_code == 404


def test_nothing_published_yet_gives_empty_lists(api):
    program = build_program(publish=False)

    assert api.get(v1(program, "sessions/")).json()["count"] == 0
    assert api.get(v1(program, "schedule/")).json()["count"] == 0
    assert api.get(v1(program, "speakers/")).json()["count"] == 0


def test_a_withdrawn_session_shows_cancelled_until_the_next_version(api, program):
    withdrawn = program.sessions[1]
    set_submission_state(submission=withdrawn, to=SubmissionState.WITHDRAWN)

    before = api.get(v1(program, f"sessions/{withdrawn.pk}/")).json()
    cancelled = api.get(v1(program, "sessions/"), {"state": "cancelled"}).json()["results"]
    publish_schedule(event=program.event, name="v1.1", notify_speakers=False, by=None)
    after = api.get(v1(program, f"sessions/{withdrawn.pk}/"))

    assert before["state"] == "cancelled"
    assert [s["id"] for s in cancelled] == [withdrawn.pk]
    assert after.status_code == 404


def test_a_rejection_not_yet_emailed_hides_the_session(api, program):
    rejected = program.sessions[0]
    Submission.objects.filter(pk=rejected.pk).update(state=SubmissionState.ACCEPTED)
    rejected.refresh_from_db()
    set_submission_state(submission=rejected, to=SubmissionState.REJECTED)

    response = api.get(v1(program, f"sessions/{rejected.pk}/"))

    assert response.status_code == 404


def test_sessions_filter_by_track_and_type_and_order_by_title(api, program):
    data = api.get(v1(program, "sessions/"), {"track": "hpc"}).json()["results"]
    posters = api.get(v1(program, "sessions/"), {"type": "poster"}).json()["results"]
    by_title = api.get(v1(program, "sessions/"), {"ordering": "-title"}).json()["results"]

    assert [s["id"] for s in data] == [program.sessions[1].pk]
    assert {s["id"] for s in posters} == {p.pk for p in program.posters}
    titles = [s["title"] for s in by_title]
    assert titles == sorted(titles, reverse=True)


def test_an_invalid_filter_value_answers_400(api, program):
    response = api.get(v1(program, "sessions/"), {"state": "rejected"})

    assert response.status_code == 400
    assert "state" in response.json()


def test_the_schedule_has_blocks_and_a_poster_session_with_its_posters(api, program):
    response = api.get(v1(program, "schedule/"))

    slots = response.json()["results"]
    kinds = [slot["kind"] for slot in slots]
    poster_session = next(slot for slot in slots if slot["kind"] == "poster_session")
    assert kinds.count("session") == 3
    assert [p["board"] for p in poster_session["posters"]] == ["P2", "P10"]
    assert poster_session["session"] is None
    assert poster_session["room"]["name"] == "Ballroom"
    starts = [slot["start"] for slot in slots]
    assert starts == sorted(starts)


def test_versions_list_newest_first(api, program):
    publish_schedule(event=program.event, name="v1.1", notify_speakers=False, by=None)

    versions = api.get(v1(program, "schedule/versions/")).json()["results"]

    assert [v["name"] for v in versions] == ["v1.1", "v1.0"]


def test_speakers_have_no_email_and_their_event_bio(api, program):
    speaker = program.sessions[0].created_by
    SpeakerProfile.objects.create(event=program.event, user=speaker, bio="Event **bio**.")
    speaker.orcid = "0000-0002-1825-0097"
    speaker.save()

    listing = api.get(v1(program, "speakers/"))
    detail = api.get(v1(program, f"speakers/{speaker.pk}/"))

    assert listing.status_code == 200
    assert listing.json()["count"] == 3 * 2 + 2
    body = detail.json()
    assert body["bio"] == "Event **bio**."
    assert body["orcid"] == "0000-0002-1825-0097"
    assert [s["id"] for s in body["sessions"]] == [program.sessions[0].pk]
    everything = json.dumps([listing.json(), body])
    assert "@" not in everything


def test_emails_appear_nowhere_in_public_answers(api, program):
    paths = ["", "tracks/", "session-types/", "rooms/", "sessions/", "speakers/", "schedule/"]

    bodies = [api.get(v1(program, path)).content.decode() for path in paths]

    assert not [body for body in bodies if "@" in body]


def test_a_speaker_of_an_unpublished_session_is_not_listed(api, program):
    (unpublished,) = add_sessions(program, 1, start_index=70)

    response = api.get(v1(program, f"speakers/{unpublished.created_by.pk}/"))

    assert response.status_code == 404


def test_a_user_who_speaks_nowhere_is_404(api, program):
    assert api.get(v1(program, f"speakers/{UserFactory().pk}/")).status_code == 404


def test_the_page_size_is_capped_at_250(api):
    program = build_program(sessions=260)

    capped = api.get(v1(program, "sessions/"), {"page_size": 1000}).json()
    default = api.get(v1(program, "sessions/")).json()

    assert len(capped["results"]) == 250
    assert capped["count"] == 262
    assert len(default["results"]) == 50
    assert "page=2" in default["next"]


def test_a_page_past_the_end_is_404(api, program):
    assert api.get(v1(program, "sessions/"), {"page": 9}).status_code == 404


def test_times_move_with_the_event_zone(api, program):
    event = program.event
    event.time_zone = "Europe/Berlin"
    event.save()
    slot = Slot.objects.filter(version__isnull=False, submission=program.sessions[0]).get()

    talk = api.get(v1(program, f"sessions/{program.sessions[0].pk}/")).json()

    assert talk["slot"]["start"][-6:] in ("+01:00", "+02:00")
    shown = talk["slot"]["start"]
    assert shown.startswith(slot.start.astimezone(event.zone).isoformat()[:16])
    assert slot.end - slot.start == timedelta(minutes=30)


@pytest.mark.parametrize(
    "query", [{"page_size": "abc"}, {"page_size": 0}, {"page": "x"}, {"page": ""},
              {"page_size": ["5", "6"]}, {"state": ""}],
)  # fmt: skip
def test_a_malformed_parameter_is_400_not_ignored(api, program, query):
    response = api.get(v1(program, "sessions/"), query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_empty_text_filters_and_ordering_are_no_filter(api, program):
    response = api.get(v1(program, "sessions/"), {"track": "", "ordering": ""})

    assert response.status_code == 200
    assert response.json()["count"] == 5


@pytest.mark.parametrize("path", ["sessions/abc/", "nothing-here/", "speakers/1/extra/"])
def test_an_unknown_api_path_answers_json_404(api, program, path):
    response = api.get(v1(program, path))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
