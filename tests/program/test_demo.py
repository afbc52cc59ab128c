"""The demo programs: `load_demo` publishes SciPy 2020's and DLonSC 2020's schedules."""

from datetime import date, datetime
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from mails.models import OutboundEmail
from program.clashes import WarningKind, schedule_warnings
from program.enums import PublicState, SlotKind
from program.models import Room, ScheduleNotification, ScheduleVersion, Slot
from program.selectors import latest_version, public_slots, version_slots
from reviews.demo import BIDDING_DEMO_REVIEWER
from submissions.enums import SubmissionState
from submissions.models import Speaker, SpeakerProfile, StateChange, Submission
from tracks.demo import DEMO_LOGINS, DEMO_PASSWORD
from tracks.enums import CommitteeRole
from tracks.models import Event

pytestmark = pytest.mark.django_db

PROGRAM_EVENTS = ("scipy-2020", "dlonsc-2020")


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {
        "rooms": Room.objects.count(),
        "slots": Slot.objects.count(),
        "versions": ScheduleVersion.objects.count(),
        "submissions": Submission.objects.count(),
        "speakers": Speaker.objects.count(),
        "bios": SpeakerProfile.objects.count(),
        "state changes": StateChange.objects.count(),
        "emails": OutboundEmail.objects.count(),
    }


def _sessions(version) -> list[Slot]:
    return [slot for slot in public_slots(version) if slot.submission_id and not slot.parent_id]


def test_load_demo_publishes_both_programs_with_sessions_rooms_and_posters():
    out = _load()

    scipy, dlonsc = (Event.objects.get(slug=slug) for slug in PROGRAM_EVENTS)
    scipy_version, dlonsc_version = latest_version(scipy), latest_version(dlonsc)
    assert scipy_version.name == "v1.1"
    assert dlonsc_version.name == "v1.0"
    talks = _sessions(scipy_version)
    assert len(talks) == 30
    assert {slot.submission.track.slug for slot in talks} == {
        "high-performance-python",
        "machine-learning-and-data-science",
    }
    assert {slot.room.name for slot in talks} == {"Room 106", "Room 203"}
    assert set(scipy.rooms.values_list("name", flat=True)) == {"Ballroom", "Room 106", "Room 203"}
    (posters,) = [s for s in public_slots(scipy_version) if s.kind == SlotKind.POSTER_SESSION]
    assert posters.room.name == "Ballroom"
    assert [p.board for p in posters.visible_posters] == [f"P{n}" for n in range(1, 11)]
    assert {p.submission.session_type.slug for p in posters.visible_posters} == {"poster"}
    kinds = {slot.kind for slot in public_slots(scipy_version)}
    assert {SlotKind.KEYNOTE, SlotKind.BREAK, SlotKind.OTHER} <= kinds
    papers = _sessions(dlonsc_version)
    assert len(papers) >= 3
    assert {slot.submission.session_type.slug for slot in papers} == {"workshop-paper"}
    assert [room.name for room in dlonsc.rooms.all()] == ["SC20 virtual room"]
    assert "/scipy-2020/program/" in out
    assert "/dlonsc-2020/program/" in out


def test_demo_sessions_are_confirmed_public_and_within_the_events_days():
    _load()

    for slug, days in (
        ("scipy-2020", {date(2020, 7, 8), date(2020, 7, 9), date(2020, 7, 10)}),
        ("dlonsc-2020", {date(2020, 11, 11)}),
    ):
        event = Event.objects.get(slug=slug)
        slots = public_slots(latest_version(event))
        assert {slot.public_state for slot in slots} == {PublicState.SCHEDULED}
        sessions = [slot.submission for slot in slots if slot.submission_id]
        assert {s.state for s in sessions} == {SubmissionState.CONFIRMED}
        assert {s.announced_state for s in sessions} == {""}
        top = [slot for slot in slots if not slot.parent_id]
        assert {timezone.localtime(slot.start, event.zone).date() for slot in top} == days
        assert all(8 <= timezone.localtime(slot.start, event.zone).hour < 18 for slot in top)


def test_demo_programs_have_no_schedule_warnings_and_a_changelog():
    _load()

    for slug in PROGRAM_EVENTS:
        event = Event.objects.get(slug=slug)
        for version in ScheduleVersion.objects.filter(event=event):
            warnings = schedule_warnings(version_slots(version), event)
            kinds = {warning.kind for warning in warnings}
            assert WarningKind.SPEAKER_CLASH not in kinds
            assert WarningKind.ROOM_CLASH not in kinds
            assert warnings == [], (slug, version.name, warnings)
    scipy = Event.objects.get(slug="scipy-2020")
    first, second = ScheduleVersion.objects.filter(event=scipy).order_by("published_at")
    assert (first.name, second.name) == ("v1.0", "v1.1")
    assert len(first.changes["added"]) == len(version_slots(first))
    assert len(second.changes["moved"]) == 2
    assert second.changes["added"] == second.changes["cancelled"] == []
    assert second.published_at < datetime(2020, 7, 6, tzinfo=scipy.zone)


def test_demo_decisions_go_through_the_state_service_and_email_nobody():
    _load()

    dlonsc = Event.objects.get(slug="dlonsc-2020")
    chairs = set(
        dlonsc.memberships.filter(role=CommitteeRole.ORGANIZER).values_list("user_id", flat=True)
    )
    confirmed = dlonsc.submissions.filter(state=SubmissionState.CONFIRMED)
    for paper in confirmed:
        changes = list(paper.state_changes.order_by("pk"))
        assert [(c.from_state, c.to_state) for c in changes][-2:] == [
            ("submitted", "accepted"),
            ("accepted", "confirmed"),
        ]
        assert changes[-2].changed_by_id in chairs
        assert changes[-1].changed_by_id == paper.speakers.get().user_id
    undecided = dlonsc.submissions.filter(state=SubmissionState.SUBMITTED)
    assert undecided.exists()  # the committee still has papers to decide
    assert not confirmed.filter(assignments__reviewer__email=BIDDING_DEMO_REVIEWER).exists()
    assert ScheduleNotification.objects.count() == 0
    assert not ScheduleVersion.objects.filter(speakers_notified=True).exists()
    assert not OutboundEmail.objects.filter(submissions__event__slug__in=PROGRAM_EVENTS).exists()


def test_load_demo_twice_leaves_the_programs_as_they_are():
    _load()
    before = _counts()
    versions = list(ScheduleVersion.objects.values_list("pk", "name", "published_at"))

    _load()

    assert _counts() == before
    assert list(ScheduleVersion.objects.values_list("pk", "name", "published_at")) == versions


def test_demo_logins_still_sign_in():
    _load()

    for login in DEMO_LOGINS:
        assert authenticate(email=login.email, password=DEMO_PASSWORD) is not None, login.email
