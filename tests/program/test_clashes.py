"""The schedule's warnings, one rule at a time: each fires on its case and not on its near miss."""

from datetime import time, timedelta

import pytest

from program.clashes import WarningKind, schedule_warnings
from program.enums import SlotKind
from program.selectors import draft_slots
from submissions.enums import SubmissionState
from tests.factories.program import (
    AcceptedSubmissionFactory,
    BlockSlotFactory,
    RoomFactory,
    SessionSlotFactory,
    event_time,
)
from tests.factories.tracks import EventFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def kinds(event) -> list[str]:
    return [warning.kind for warning in schedule_warnings(draft_slots(event), event)]


@pytest.fixture
def event():
    return EventFactory()


def test_speaker_in_two_rooms_at_once_is_a_clash(event):
    speaker = UserFactory(name="Ada Speaker")
    first = SessionSlotFactory(
        event=event, submission__created_by=speaker, submission__title="Numba"
    )
    second = SessionSlotFactory(
        event=event,
        submission__speakers=[speaker],
        start=first.start + timedelta(minutes=10),
        end=first.end + timedelta(minutes=10),
    )

    warnings = schedule_warnings(draft_slots(event), event)

    clash = [w for w in warnings if w.kind == WarningKind.SPEAKER_CLASH]
    assert len(clash) == 1
    assert set(clash[0].slot_ids) == {first.pk, second.pk}
    assert "Ada Speaker" in clash[0].message


def test_speaker_in_back_to_back_sessions_is_no_clash(event):
    speaker = UserFactory()
    first = SessionSlotFactory(event=event, submission__created_by=speaker)
    SessionSlotFactory(
        event=event,
        submission__speakers=[speaker],
        start=first.end,
        end=first.end + timedelta(minutes=25),
    )

    assert WarningKind.SPEAKER_CLASH not in kinds(event)


def test_speaker_presenting_a_poster_during_a_talk_is_a_clash(event):
    speaker = UserFactory()
    talk = SessionSlotFactory(event=event, submission__created_by=speaker)
    poster_session = BlockSlotFactory(
        event=event, kind=SlotKind.POSTER_SESSION, title="Posters", room=talk.room,
        start=talk.start, end=talk.start + timedelta(hours=1),
    )  # fmt: skip
    poster = AcceptedSubmissionFactory(event=event, created_by=speaker)
    SessionSlotFactory(
        event=event, submission=poster, parent=poster_session, board="P1",
        room=None, start=None, end=None,
    )  # fmt: skip

    assert WarningKind.SPEAKER_CLASH in kinds(event)


def test_two_sessions_in_one_room_at_once_is_a_room_clash(event):
    room = RoomFactory(event=event)
    first = SessionSlotFactory(event=event, room=room)
    SessionSlotFactory(event=event, room=room, start=first.start + timedelta(minutes=5))
    SessionSlotFactory(event=event)  # same time, another room

    assert kinds(event).count(WarningKind.ROOM_CLASH) == 1


def test_a_session_during_an_all_rooms_break_is_a_room_clash(event):
    session = SessionSlotFactory(event=event)
    BlockSlotFactory(event=event, start=session.start, end=session.end)

    warnings = [
        w for w in schedule_warnings(draft_slots(event), event) if w.kind == WarningKind.ROOM_CLASH
    ]

    assert len(warnings) == 1
    assert "all rooms" in warnings[0].message


def test_a_session_after_the_event_is_outside_the_event(event):
    SessionSlotFactory(event=event, start=event_time(event, 3, 9), end=event_time(event, 3, 10))
    SessionSlotFactory(event=event, start=event_time(event, 2, 9), end=event_time(event, 2, 10))

    assert kinds(event).count(WarningKind.OUTSIDE_EVENT) == 1


def test_a_session_before_the_room_opens_is_outside_its_hours(event):
    room = RoomFactory(event=event, opens_at=time(9), closes_at=time(17))
    SessionSlotFactory(event=event, room=room, start=event_time(event, 0, 8, 30))
    SessionSlotFactory(event=event, room=room, start=event_time(event, 0, 16, 45))
    SessionSlotFactory(event=event, room=room, start=event_time(event, 1, 9))

    assert kinds(event).count(WarningKind.OUTSIDE_ROOM_HOURS) == 2


def test_a_session_longer_than_its_type_is_flagged(event):
    slot = SessionSlotFactory(event=event)
    slot.end = slot.start + timedelta(minutes=40)
    slot.save()

    assert kinds(event) == [WarningKind.DURATION]


def test_an_accepted_unconfirmed_session_is_flagged(event):
    SessionSlotFactory(event=event, submission__state=SubmissionState.ACCEPTED)

    assert kinds(event) == [WarningKind.NOT_CONFIRMED]


def test_a_withdrawn_session_on_the_schedule_is_flagged(event):
    SessionSlotFactory(event=event, submission__state=SubmissionState.WITHDRAWN)

    assert kinds(event) == [WarningKind.NOT_ACCEPTED]


def test_expected_attendance_over_capacity_is_flagged(event):
    room = RoomFactory(event=event, capacity=40)
    SessionSlotFactory(event=event, room=room, expected_attendance=41)
    SessionSlotFactory(
        event=event, room=RoomFactory(event=event, capacity=40), expected_attendance=40
    )

    assert kinds(event) == [WarningKind.OVER_CAPACITY]


def test_a_clean_schedule_has_no_warnings(event):
    first = SessionSlotFactory(event=event)
    SessionSlotFactory(
        event=event, room=first.room, start=first.end, end=first.end + (first.end - first.start)
    )
    BlockSlotFactory(event=event, start=event_time(event, 0, 12), end=event_time(event, 0, 13))

    assert kinds(event) == []


def test_warnings_grow_with_clashes_not_with_the_schedule(event):
    """Sweeps over sorted intervals: 150 sessions in 5 rooms, back to back, no warning."""
    rooms = [RoomFactory(event=event) for _ in range(5)]
    for index in range(150):
        room = rooms[index % 5]
        start = event_time(event, (index // 5) // 10 % 3, 8) + timedelta(
            minutes=25 * ((index // 5) % 10)
        )
        SessionSlotFactory(event=event, room=room, start=start, end=start + timedelta(minutes=25))

    assert kinds(event) == []
