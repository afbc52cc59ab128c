"""The public schedule feeds (frab XML, c3voc JSON): parsed back and validated against the
published formats, what they leave out, who may download them, and their query counts."""

import json
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
from django.urls import reverse
from lxml import etree

from program.enums import SlotKind
from program.models import Slot
from program.services import publish_schedule
from submissions.enums import SubmissionState
from submissions.services.editing import set_submission_state
from tests.factories.program import (
    AcceptedSubmissionFactory,
    BlockSlotFactory,
    RoomFactory,
    SessionSlotFactory,
    event_time,
)
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, SessionTypeFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
TRICKY = "<Tom & Jerry> “quoted” 🐍 Ünïcødé ≠ ASCII"


@pytest.fixture(scope="module")
def frab_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "frab-schedule.xsd")))


@pytest.fixture(scope="module")
def c3voc_validator():
    schema = json.loads((SCHEMAS / "schedule.json").read_text())
    return jsonschema.Draft6Validator(
        schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER
    )


@pytest.fixture
def event():
    return EventFactory(slug="scipy-2025", name="SciPy 2025", time_zone="America/Chicago")


def build_program(event, talks: int = 3, publish: bool = True) -> SimpleNamespace:
    """Talks, a tutorial, a poster session with two posters and a lunch for all rooms, published
    as v1.0; plus a rejected proposal and a session withdrawn before publishing."""
    hall = RoomFactory(event=event, name="Ballroom A", position=0)
    lab = RoomFactory(event=event, name="Room 104", position=1)
    half_hour = timedelta(minutes=30)
    sessions = [
        SessionSlotFactory(event=event, room=hall, start=event_time(event, 0, 9) + i * half_hour)
        for i in range(talks)
    ]
    tutorial_type = SessionTypeFactory(event=event, name="Tutorial", duration_minutes=240)
    tutorial = SessionSlotFactory(
        event=event,
        room=lab,
        start=event_time(event, 0, 8),
        submission__session_type=tutorial_type,
    )
    poster_session = BlockSlotFactory(
        event=event,
        kind=SlotKind.POSTER_SESSION,
        title="Poster session",
        room=hall,
        start=event_time(event, 1, 13),
        end=event_time(event, 1, 15),
    )
    posters = [
        SessionSlotFactory(
            event=event, parent=poster_session, board=board, room=None, start=None, end=None,
            submission=AcceptedSubmissionFactory(event=event, title=f"Poster {board}"),
        )
        for board in ("P2", "P10")
    ]  # fmt: skip
    lunch = BlockSlotFactory(
        event=event, title="Lunch", start=event_time(event, 0, 12), end=event_time(event, 0, 13)
    )
    rejected = SubmissionFactory(event=event, title="Rejected idea", state=SubmissionState.REJECTED)
    withdrawn = SessionSlotFactory(event=event, room=lab, start=event_time(event, 1, 9))
    withdrawn.submission.title = "Withdrawn before publishing"
    withdrawn.submission.save()
    set_submission_state(submission=withdrawn.submission, to=SubmissionState.WITHDRAWN)
    version = None
    if publish:
        version = publish_schedule(event=event, name="v1.0", notify_speakers=False, by=None)
    return SimpleNamespace(
        hall=hall, lab=lab, sessions=sessions, tutorial=tutorial, posters=posters,
        poster_session=poster_session, lunch=lunch, rejected=rejected, withdrawn=withdrawn,
        version=version,
    )  # fmt: skip


def move(slot, room, start, end=None) -> None:
    """Move a draft slot as the editor would (the services lock rows, tested elsewhere)."""
    end = end or start + (slot.end - slot.start)
    Slot.objects.filter(pk=slot.pk).update(room=room, start=start, end=end)


def _get(client, name, event, **kwargs):
    return client.get(reverse(f"program:{name}", kwargs={"event": event.slug, **kwargs}))


def _xml(client, event):
    return etree.fromstring(_get(client, "schedule-xml", event).content)


def _json(client, event):
    return json.loads(_get(client, "schedule-json", event).content)


def _json_events(document) -> list[dict]:
    days = document["schedule"]["conference"]["days"]
    return [item for day in days for room in day["rooms"].values() for item in room]


def _emails(event) -> list[str]:
    from accounts.models import User

    return list(User.objects.values_list("email", flat=True))


# Formats -------------------------------------------------------------------------------------


def test_schedule_xml_is_valid_frab_with_every_published_event(client, event, frab_schema):
    program = build_program(event)

    response = _get(client, "schedule-xml", event)
    root = etree.fromstring(response.content)

    frab_schema.assertValid(root)
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="scipy-2025-schedule.xml"'
    assert root.findtext("version") == "v1.0"
    assert root.findtext("conference/acronym") == "scipy-2025"
    assert root.findtext("conference/time_zone_name") == "America/Chicago"
    assert root.findtext("conference/start") == event.start_date.isoformat()
    assert root.findtext("conference/days") == "3"
    assert [day.get("index") for day in root.iter("day")] == ["1", "2", "3"]
    titles = [e.findtext("title") for e in root.iter("event")]
    assert sorted(titles) == sorted(
        [s.submission.title for s in program.sessions]
        + [program.tutorial.submission.title, "Poster session", "Lunch"]
    )


def test_schedule_xml_event_has_local_times_stable_guid_speakers_and_url(client, event):
    program = build_program(event, talks=1)
    talk = program.sessions[0]

    root = _xml(client, event)

    item = next(e for e in root.iter("event") if e.get("id") == str(talk.submission_id))
    assert item.findtext("date") == event_time(event, 0, 9).isoformat()
    assert (item.findtext("start"), item.findtext("duration")) == ("09:00", "00:25")
    assert (item.findtext("room"), item.findtext("track")) == (
        "Ballroom A",
        talk.submission.track.name,
    )
    assert item.findtext("type") == "Talk"
    assert item.findtext("abstract") == talk.submission.abstract
    assert (
        item.findtext("slug")
        == f"scipy-2025-{talk.submission_id}-{talk.submission.title.lower().replace(' ', '-')}"
    )
    speaker = talk.submission.speakers.get().user
    assert [(p.text, p.get("id")) for p in item.iter("person")] == [(speaker.name, str(speaker.pk))]
    assert item.findtext("url").endswith(f"/scipy-2025/program/sessions/{talk.submission_id}/")
    assert item.getparent().get("name") == "Ballroom A"
    assert item.getparent().getparent().get("date") == event.start_date.isoformat()


def test_a_block_for_all_rooms_sits_in_an_all_rooms_room(client, event, frab_schema):
    build_program(event, talks=1)

    root = _xml(client, event)

    lunch = next(e for e in root.iter("event") if e.findtext("title") == "Lunch")
    assert (lunch.findtext("room"), lunch.findtext("type")) == ("All rooms", "Break")
    assert lunch.getparent().get("name") == "All rooms"


def test_poster_session_is_one_event_listing_its_posters_by_board(client, event):
    program = build_program(event, talks=1)

    root = _xml(client, event)

    events = [e for e in root.iter("event") if e.findtext("type") == "Poster session"]
    assert len(events) == 1
    description = events[0].findtext("description")
    assert description.index("P2: Poster P2") < description.index("P10: Poster P10")
    names = {p.text for p in events[0].iter("person")}
    assert names == {poster.submission.speakers.get().user.name for poster in program.posters}
    links = [link.get("href") for link in events[0].iter("link")]
    assert [href.rsplit("/", 2)[-2] for href in links] == [
        str(program.posters[0].submission_id), str(program.posters[1].submission_id)
    ]  # fmt: skip
    assert "Poster P2" not in [e.findtext("title") for e in root.iter("event")]


def test_schedule_json_is_valid_c3voc_with_the_same_events(client, event, c3voc_validator):
    build_program(event)

    response = _get(client, "schedule-json", event)
    document = json.loads(response.content)
    xml_ids = {e.get("guid") for e in _xml(client, event).iter("event")}

    c3voc_validator.validate(document)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    schedule = document["schedule"]
    assert schedule["version"] == "v1.0"
    conference = schedule["conference"]
    assert (conference["acronym"], conference["daysCount"]) == ("scipy_2025", 3)
    assert conference["time_zone_name"] == "America/Chicago"
    assert [room["name"] for room in conference["rooms"]] == ["Ballroom A", "Room 104", "All rooms"]
    assert {item["guid"] for item in _json_events(document)} == xml_ids


def test_schedule_json_validates_for_an_aoe_event_with_a_short_slug(client, c3voc_validator):
    event = EventFactory(slug="dl", time_zone="AoE")
    build_program(event, talks=1)

    document = _json(client, event)

    c3voc_validator.validate(document)
    assert document["schedule"]["conference"]["acronym"] == "dl__"
    assert "time_zone_name" not in document["schedule"]["conference"]
    talk = next(e for e in _json_events(document) if e["type"] == "Talk")
    assert talk["date"].endswith("-12:00")


def _ids(root) -> dict:
    return {e.findtext("title"): (e.get("guid"), e.get("id")) for e in root.iter("event")}


def test_guids_and_ids_stay_the_same_in_the_next_version(client, event):
    program = build_program(event, talks=2)
    before = _ids(_xml(client, event))
    moved = program.sessions[0]
    move(moved, program.lab, event_time(event, 2, 10))
    publish_schedule(event=event, name="v1.1", notify_speakers=False, by=None)

    root = _xml(client, event)

    assert _ids(root) == before
    item = next(e for e in root.iter("event") if e.get("id") == str(moved.submission_id))
    assert (item.findtext("room"), item.findtext("start")) == ("Room 104", "10:00")
    assert root.findtext("version") == "v1.1"


def test_titles_with_markup_characters_and_emoji_round_trip(
    client, event, frab_schema, c3voc_validator
):
    program = build_program(event, talks=1)
    submission = program.sessions[0].submission
    submission.title = TRICKY
    submission.abstract = "Bell\x07 and vertical tab\x0b are dropped; <b>kept</b> & “quotes”."
    submission.save()

    root = _xml(client, event)
    document = _json(client, event)

    frab_schema.assertValid(root)
    c3voc_validator.validate(document)
    item = next(e for e in root.iter("event") if e.get("id") == str(submission.pk))
    assert item.findtext("title") == TRICKY
    assert item.findtext("abstract") == "Bell and vertical tab are dropped; <b>kept</b> & “quotes”."
    assert item.findtext("slug").startswith(f"scipy-2025-{submission.pk}-tom-jerry-quoted-unicde")
    assert next(e for e in _json_events(document) if e["id"] == submission.pk)["title"] == TRICKY


# What is never in the feeds ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["schedule-xml", "schedule-json"])
def test_feeds_leave_out_rejected_withdrawn_unpublished_sessions_and_emails(client, event, name):
    program = build_program(event, talks=2)
    SessionSlotFactory(event=event, room=program.lab, start=event_time(event, 2, 9),
                       submission__title="Draft only")  # fmt: skip
    program.sessions[0].submission.notes = "Committee note: weak speaker"
    program.sessions[0].submission.description = "For the reviewers only"
    program.sessions[0].submission.save()

    text = _get(client, name, event).content.decode()

    for hidden in ("Rejected idea", "Withdrawn before publishing", "Draft only",
                   "Committee note", "For the reviewers only"):  # fmt: skip
        assert hidden not in text
    for email in _emails(event):
        assert email not in text
    assert program.sessions[1].submission.title in text


@pytest.mark.parametrize("name", ["schedule-xml", "schedule-json"])
def test_a_session_withdrawn_after_publishing_is_left_out(client, event, name, frab_schema):
    program = build_program(event, talks=2)
    cancelled = program.sessions[0].submission
    set_submission_state(submission=cancelled, to=SubmissionState.WITHDRAWN)
    set_submission_state(submission=program.posters[0].submission, to=SubmissionState.WITHDRAWN)

    text = _get(client, name, event).content.decode()

    assert cancelled.title not in text
    assert "Poster P2" not in text
    assert "Poster P10" in text
    assert program.sessions[1].submission.title in text


def test_a_decision_not_yet_emailed_is_not_shown(client, event):
    program = build_program(event, talks=1)
    hidden = program.sessions[0].submission
    type(hidden).objects.filter(pk=hidden.pk).update(announced_state=SubmissionState.SUBMITTED)

    text = _get(client, "schedule-xml", event).content.decode()

    assert hidden.title not in text


# Who may download them -----------------------------------------------------------------------


FEEDS = ["schedule-xml", "schedule-json", "schedule-ics"]


@pytest.mark.parametrize("name", FEEDS)
def test_anonymous_gets_404_on_a_non_public_event(client, name):
    event = EventFactory(is_public=False)
    build_program(event, talks=1)

    assert _get(client, name, event).status_code == 404


@pytest.mark.parametrize("name", FEEDS)
def test_anonymous_gets_404_before_anything_is_published(client, event, name):
    build_program(event, talks=1, publish=False)

    assert _get(client, name, event).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"), [(CommitteeRole.REVIEWER, 404), (CommitteeRole.TRACK_CHAIR, 200)]
)
def test_only_schedulers_preview_the_feeds_before_publishing(client, event, role, status):
    """Track chairs preview the draft program's pages, so also the feeds those pages link to."""
    build_program(event, talks=1, publish=False)
    client.force_login(MembershipFactory(event=event, role=role).user)

    assert _get(client, "schedule-xml", event).status_code == status


def test_organizers_preview_the_draft_before_publishing(client, event, frab_schema):
    program = build_program(event, talks=1, publish=False)
    client.force_login(MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user)

    response = _get(client, "schedule-xml", event)
    root = etree.fromstring(response.content)

    frab_schema.assertValid(root)
    assert root.findtext("version") == "draft (not published)"
    assert response["Content-Disposition"] == 'inline; filename="scipy-2025-schedule-draft.xml"'
    assert "private" in response["Cache-Control"]
    titles = {e.findtext("title") for e in root.iter("event")}
    assert program.sessions[0].submission.title in titles
    assert "Withdrawn before publishing" not in titles


def test_organizers_get_the_published_version_of_a_non_public_event(client):
    event = EventFactory(is_public=False)
    build_program(event, talks=1)
    SessionSlotFactory(event=event, start=event_time(event, 2, 9), submission__title="Draft only")
    client.force_login(MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user)

    response = _get(client, "schedule-json", event)

    assert response.status_code == 200
    assert json.loads(response.content)["schedule"]["version"] == "v1.0"
    assert "Draft only" not in response.content.decode()


def test_public_feed_is_not_marked_private(client, event):
    build_program(event, talks=1)

    response = _get(client, "schedule-xml", event)

    assert "private" not in response.get("Cache-Control", "")


def test_unknown_event_is_404(client):
    response = client.get(reverse("program:schedule-xml", kwargs={"event": "nope"}))

    assert response.status_code == 404


# Query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("talks", [2, 12])
@pytest.mark.parametrize("name", FEEDS)
def test_whole_event_feeds_make_a_constant_number_of_queries(
    client, event, name, talks, django_assert_max_num_queries
):
    build_program(event, talks=talks)

    with django_assert_max_num_queries(8):
        response = _get(client, name, event)

    assert response.status_code == 200
