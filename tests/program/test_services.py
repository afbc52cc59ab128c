"""Writing the schedule: placing, moving, posters, blocks, rooms, and publishing versions."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from mails.models import OutboundEmail
from program.enums import SlotKind
from program.models import Room, ScheduleNotification, Slot
from program.services import (
    RoomInUse,
    StaleSlot,
    delete_room,
    move_slot,
    notify_schedule_changes,
    place_poster,
    publish_schedule,
    save_block,
    schedule_session,
    unschedule,
)
from submissions.enums import SubmissionState
from submissions.services.editing import set_submission_state
from tests.factories.program import (
    AcceptedSubmissionFactory,
    BlockSlotFactory,
    RoomFactory,
    SessionSlotFactory,
    event_time,
)
from tests.factories.tracks import EventFactory, SessionTypeFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(name="SciPy 2020", slug="scipy-2020")


@pytest.fixture
def room(event):
    return RoomFactory(event=event, name="Ballroom")


def test_scheduling_a_session_takes_its_types_length(event, room):
    submission = AcceptedSubmissionFactory(
        event=event, session_type=SessionTypeFactory(event=event, duration_minutes=30)
    )
    start = event_time(event, 0, 10)

    slot = schedule_session(submission=submission, room=room, start=start)

    assert (slot.start, slot.end, slot.room, slot.version) == (
        start, start + timedelta(minutes=30), room, None,
    )  # fmt: skip
    assert slot.revision == 1


def test_moving_a_session_keeps_one_draft_slot_and_raises_its_revision(event, room):
    slot = SessionSlotFactory(event=event)

    moved = schedule_session(
        submission=slot.submission, room=room, start=event_time(event, 1, 14), revision=1
    )

    assert moved.pk == slot.pk
    assert (moved.room, moved.revision) == (room, 2)
    assert Slot.objects.filter(submission=slot.submission).count() == 1


def test_a_move_based_on_an_old_revision_conflicts_and_changes_nothing(event, room):
    slot = SessionSlotFactory(event=event)
    move_slot(slot=slot, room=room, start=event_time(event, 1, 9), end=None, revision=1)

    with pytest.raises(StaleSlot):
        move_slot(slot=slot, room=slot.room, start=event_time(event, 2, 9), end=None, revision=1)

    slot.refresh_from_db()
    assert (slot.room, slot.start, slot.revision) == (room, event_time(event, 1, 9), 2)


def test_placing_a_session_another_organizer_just_placed_conflicts(event, room):
    slot = SessionSlotFactory(event=event)

    with pytest.raises(StaleSlot):  # revision 0: the editor saw it unplaced
        schedule_session(
            submission=slot.submission, room=room, start=event_time(event, 1, 9), revision=0
        )

    slot.refresh_from_db()
    assert (slot.room, slot.revision) != (room, 2)


def test_only_accepted_or_confirmed_sessions_are_scheduled(event, room):
    submission = AcceptedSubmissionFactory(event=event, state=SubmissionState.REJECTED)

    with pytest.raises(ValidationError):
        schedule_session(submission=submission, room=room, start=event_time(event, 0, 9))

    assert not Slot.objects.exists()


def test_a_room_of_another_event_is_refused(event):
    submission = AcceptedSubmissionFactory(event=event)

    with pytest.raises(ValidationError):
        schedule_session(submission=submission, room=RoomFactory(), start=event_time(event, 0, 9))

    assert not Slot.objects.exists()


def test_posters_go_on_distinct_boards_of_a_poster_session(event, room):
    session = BlockSlotFactory(event=event, kind=SlotKind.POSTER_SESSION, room=room)
    first, second = AcceptedSubmissionFactory.create_batch(2, event=event)
    place_poster(submission=first, poster_session=session, board="P1")

    with pytest.raises(ValidationError):
        place_poster(submission=second, poster_session=session, board="P1")
    poster = place_poster(submission=second, poster_session=session, board="P2")

    assert (poster.parent, poster.board, poster.start, poster.room) == (session, "P2", None, None)
    assert list(session.posters.values_list("board", flat=True).order_by("board")) == ["P1", "P2"]


def test_a_poster_cannot_go_into_a_break(event):
    with pytest.raises(ValidationError):
        place_poster(
            submission=AcceptedSubmissionFactory(event=event),
            poster_session=BlockSlotFactory(event=event),
            board="1",
        )


def test_unscheduling_returns_a_session_to_the_list(event):
    slot = SessionSlotFactory(event=event)

    unschedule(slot=slot, revision=1)

    assert not Slot.objects.exists()


def test_blocks_span_all_rooms_and_need_an_end_after_the_start(event):
    start = event_time(event, 0, 12)
    block = save_block(
        event=event, kind=SlotKind.BREAK, title="Lunch", start=start,
        end=start + timedelta(hours=1),
    )  # fmt: skip

    with pytest.raises(ValidationError):
        save_block(event=event, kind=SlotKind.BREAK, title="Oops", start=start, end=start)

    assert (block.room, block.title, block.submission) == (None, "Lunch", None)


def test_a_room_holding_sessions_is_not_deleted_and_lists_them(event, room):
    SessionSlotFactory(event=event, room=room, submission__title="Dask at scale")

    with pytest.raises(RoomInUse) as error:
        delete_room(room=room)

    assert "Dask at scale" in str(error.value)
    assert Room.objects.filter(pk=room.pk).exists()


def test_an_empty_room_is_deleted(event, room):
    delete_room(room=room)

    assert not Room.objects.exists()


def test_publishing_copies_the_draft_and_leaves_it_editable(event, room):
    session = BlockSlotFactory(event=event, kind=SlotKind.POSTER_SESSION, room=room)
    place_poster(
        submission=AcceptedSubmissionFactory(event=event), poster_session=session, board="P1"
    )
    talk = SessionSlotFactory(event=event)

    version = publish_schedule(event=event, name="v1.0", notify_speakers=False, by=None)

    copies = Slot.objects.filter(version=version)
    assert copies.count() == 3
    poster_copy = copies.get(parent__isnull=False)
    assert poster_copy.parent.version == version
    assert copies.get(submission=talk.submission).uid == talk.uid
    assert Slot.objects.filter(version__isnull=True).count() == 3
    assert [entry["title"] for entry in version.changes["added"]] != []
    assert version.changes["moved"] == version.changes["cancelled"] == []


def test_the_changelog_lists_moved_added_and_cancelled_sessions(event, room):
    moving = SessionSlotFactory(event=event, submission__title="Moving talk")
    staying = SessionSlotFactory(event=event, submission__title="Staying talk")
    withdrawn = SessionSlotFactory(event=event, submission__title="Withdrawn talk")
    publish_schedule(event=event, name="v1.0", notify_speakers=False, by=None)
    move_slot(slot=moving, room=room, start=moving.start, end=None, revision=1)
    SessionSlotFactory(event=event, submission__title="New talk")
    set_submission_state(submission=withdrawn.submission, to=SubmissionState.WITHDRAWN)

    version = publish_schedule(event=event, name="v1.1", notify_speakers=False, by=None)

    changes = version.changes
    assert [entry["title"] for entry in changes["added"]] == ["New talk"]
    assert [(e["title"], e["from"]["room"], e["room"]) for e in changes["moved"]] == [
        ("Moving talk", moving.room.name, "Ballroom")
    ]
    assert [entry["title"] for entry in changes["cancelled"]] == ["Withdrawn talk"]
    assert not version.slots.filter(submission=withdrawn.submission).exists()
    assert version.slots.filter(submission=staying.submission).exists()


def test_a_version_name_is_used_once(event):
    publish_schedule(event=event, name="v1.0", notify_speakers=False, by=None)

    with pytest.raises(ValidationError) as error:
        publish_schedule(event=event, name="v1.0", notify_speakers=False, by=None)

    assert "already" in str(error.value)


def test_publishing_emails_each_speaker_of_an_added_or_moved_session_once(
    event, room, django_capture_on_commit_callbacks
):
    speaker = UserFactory(email="ada@example.org")
    first = SessionSlotFactory(event=event, submission__created_by=speaker)
    SessionSlotFactory(
        event=event, submission__speakers=[speaker], start=event_time(event, 1, 9),
        end=event_time(event, 1, 9, 25),
    )  # fmt: skip
    publish_schedule(event=event, name="v1.0", notify_speakers=False, by=None)
    move_slot(slot=first, room=room, start=first.start, end=None, revision=1)

    with django_capture_on_commit_callbacks(execute=True):
        version = publish_schedule(event=event, name="v1.1", notify_speakers=True, by=None)
        again = notify_schedule_changes(version=version)

    assert again == 0
    assert ScheduleNotification.objects.filter(version=version).count() == 1
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]
    body = mail.outbox[0].body
    assert first.submission.title in body
    assert "Ballroom" in body
    assert f"/scipy-2020/program/sessions/{first.submission.pk}/" in body
    assert OutboundEmail.objects.count() == 1


def test_a_version_published_quietly_can_email_its_speakers_later(
    event, django_capture_on_commit_callbacks
):
    SessionSlotFactory.create_batch(2, event=event)
    version = publish_schedule(event=event, name="v1.0", notify_speakers=False, by=None)

    with django_capture_on_commit_callbacks(execute=True):
        sent = notify_schedule_changes(version=version)

    version.refresh_from_db()
    assert (sent, len(mail.outbox), version.speakers_notified) == (2, 2, True)


def test_speakers_not_yet_told_of_their_acceptance_get_no_schedule_email(
    event, django_capture_on_commit_callbacks
):
    SessionSlotFactory(
        event=event,
        submission__state=SubmissionState.ACCEPTED,
        submission__announced_state=SubmissionState.UNDER_REVIEW,
    )
    told = SessionSlotFactory(event=event)

    with django_capture_on_commit_callbacks(execute=True):
        publish_schedule(event=event, name="v1.0", notify_speakers=True, by=None)

    assert [message.to for message in mail.outbox] == [[told.submission.created_by.email]]


def test_losing_the_race_to_place_a_session_is_a_conflict_not_an_error(event, room):
    from program.services import _save_placement

    placed = SessionSlotFactory(event=event)
    rival = Slot(
        event=event, submission=placed.submission, room=room,
        start=placed.start, end=placed.end,
    )  # fmt: skip

    with pytest.raises(StaleSlot):
        _save_placement(rival, board=None)

    assert Slot.objects.filter(submission=placed.submission).count() == 1
