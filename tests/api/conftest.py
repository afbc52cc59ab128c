"""An event with a published program, its committee and their tokens, for the API tests."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from api.tokens import create_token
from program.enums import SlotKind
from program.models import Slot
from program.services import publish_schedule
from submissions.enums import SubmissionState
from submissions.models import CoAuthor, SpeakerProfile
from tests.factories.program import (
    AcceptedSubmissionFactory,
    BlockSlotFactory,
    RoomFactory,
    SessionSlotFactory,
    event_time,
)
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, SessionTypeFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole


@dataclass
class Program:
    event: object
    tracks: list
    talk: object
    poster: object
    rooms: list
    sessions: list  # scheduled talks' submissions, in time order
    poster_session: object
    posters: list


def add_sessions(program: Program, count: int, *, start_index: int = 0) -> list:
    """``count`` confirmed talks with two speakers and a co-author, placed in the draft."""
    event, added = program.event, []
    for index in range(start_index, start_index + count):
        submission = AcceptedSubmissionFactory(
            event=event, track=program.tracks[index % 2], session_type=program.talk,
            title=f"Talk {index:04d}", speakers=[UserFactory()],
        )  # fmt: skip
        CoAuthor.objects.create(
            submission=submission, name=f"Coauthor {index}", email=f"co{index}@lab.example",
            position=5,
        )  # fmt: skip
        start = event_time(event, 0, 8) + timedelta(minutes=30 * (index // 2))
        SessionSlotFactory(
            event=event, submission=submission, room=program.rooms[index % 2], start=start
        )
        added.append(submission)
    program.sessions.extend(added)
    return added


def build_program(*, sessions: int = 3, publish: bool = True, organizer=None) -> Program:
    event = EventFactory(time_zone="America/Chicago")
    tracks = [
        TrackFactory(event=event, name="Data science", slug="data", position=0),
        TrackFactory(event=event, name="HPC", slug="hpc", position=1),
    ]
    talk = SessionTypeFactory(event=event, name="Talk", slug="talk", duration_minutes=30)
    poster = SessionTypeFactory(event=event, name="Poster", slug="poster", duration_minutes=None)
    rooms = [RoomFactory(event=event, name="Ballroom"), RoomFactory(event=event, name="Room 101")]
    poster_session = BlockSlotFactory(
        event=event, kind=SlotKind.POSTER_SESSION, title="Posters", room=rooms[0],
        start=event_time(event, 1, 17), end=event_time(event, 1, 19),
    )  # fmt: skip
    posters = []
    for board in ("P2", "P10"):
        submission = AcceptedSubmissionFactory(
            event=event, track=tracks[0], session_type=poster, title=f"Poster {board}"
        )
        Slot.objects.create(
            event=event, kind=SlotKind.SESSION, submission=submission, parent=poster_session,
            board=board,
        )  # fmt: skip
        posters.append(submission)
    program = Program(event, tracks, talk, poster, rooms, [], poster_session, posters)
    add_sessions(program, sessions)
    if publish:
        publish_schedule(
            event=event, name="v1.0", notify_speakers=False, by=organizer or UserFactory()
        )
    return program


def member(event, role=CommitteeRole.ORGANIZER, tracks=(), **user_fields):
    user = UserFactory(**user_fields)
    MembershipFactory(event=event, user=user, role=role, tracks=list(tracks))
    return user


def token_for(user, *events, name="Script") -> str:
    _, secret = create_token(user=user, name=name, events=events)
    return secret


def client_with(secret: str | None = None) -> APIClient:
    client = APIClient()
    if secret:
        client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


@pytest.fixture
def program(db) -> Program:
    return build_program()


@pytest.fixture
def organizer(program):
    return member(program.event, CommitteeRole.ORGANIZER)


@pytest.fixture
def organizer_client(program, organizer) -> APIClient:
    return client_with(token_for(organizer, program.event))


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def v1(program_or_event, path: str = "") -> str:
    event = getattr(program_or_event, "event", program_or_event)
    return f"/api/v1/events/{event.slug}/{path}"


def proposal(event, **kwargs):
    """A submitted proposal (not scheduled) with a speaker and a bio for the event."""
    kwargs.setdefault("state", SubmissionState.SUBMITTED)
    submission = SubmissionFactory(event=event, **kwargs)
    SpeakerProfile.objects.get_or_create(
        event=event, user=submission.created_by, defaults={"bio": "Event bio."}
    )
    return submission
