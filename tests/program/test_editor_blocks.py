"""Blocks (keynotes, breaks, poster sessions) and poster boards in the schedule editor."""

from datetime import timedelta

import pytest
from django.urls import reverse

from program.enums import SlotKind
from program.models import Slot
from tests.factories.program import (
    AcceptedSubmissionFactory,
    BlockSlotFactory,
    RoomFactory,
    SessionSlotFactory,
    event_time,
)
from tests.factories.tracks import EventFactory, MembershipFactory, SessionTypeFactory, TrackFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


@pytest.fixture
def world():
    event = EventFactory()
    world = type("World", (), {})()
    world.event = event
    world.hpc, world.ml = TrackFactory(event=event), TrackFactory(event=event)
    world.poster_type = SessionTypeFactory(event=event, name="Poster", duration_minutes=None)
    world.organizer = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user
    world.chair = MembershipFactory(
        event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[world.hpc]
    ).user
    world.hall = RoomFactory(event=event, name="Hall", position=0)
    world.lobby = RoomFactory(event=event, name="Lobby", position=1)
    world.posters = BlockSlotFactory(
        event=event, kind=SlotKind.POSTER_SESSION, title="Posters I", room=world.lobby,
        start=event_time(event, 0, 17), end=event_time(event, 0, 19),
    )  # fmt: skip
    world.poster = lambda track=None, **kw: AcceptedSubmissionFactory(
        event=event, track=track or world.hpc, session_type=world.poster_type, **kw
    )
    return world


def url(name, world, *args):
    return reverse(f"program:{name}", args=[world.event.slug, *args])


def test_organizer_adds_a_break_in_all_rooms(client, world):
    client.force_login(world.organizer)
    day = (world.event.start_date + timedelta(days=1)).isoformat()

    response = client.post(
        url("manage-block-add", world),
        {"kind": "break", "title": "Coffee", "description": "", "room": "", "day": day,
         "start": "10:30", "end": "11:00"},
    )  # fmt: skip

    block = Slot.objects.get(kind=SlotKind.BREAK)
    assert response.status_code == 302
    assert response.url.endswith(f"?day={day}#slot-{block.pk}")
    assert (block.room, block.title) == (None, "Coffee")
    assert (block.start, block.end) == (
        event_time(world.event, 1, 10, 30),
        event_time(world.event, 1, 11),
    )
    grid = client.get(response.url).context["grid"]
    item = next(i for i in grid.items if i.slot == block)
    assert (item.column, item.column_end) == (2, 4)  # across both rooms


def test_a_block_ending_before_it_starts_or_off_the_event_days_is_refused(client, world):
    client.force_login(world.organizer)
    outside = (world.event.end_date + timedelta(days=3)).isoformat()

    backwards = client.post(
        url("manage-block-add", world),
        {"kind": "keynote", "title": "Keynote", "room": world.hall.pk,
         "day": world.event.start_date.isoformat(), "start": "10:00", "end": "09:00"},
    )  # fmt: skip
    off_days = client.post(
        url("manage-block-add", world),
        {"kind": "keynote", "title": "Keynote", "room": world.hall.pk, "day": outside,
         "start": "10:00", "end": "11:00"},
    )  # fmt: skip

    assert backwards.context["form"].errors["end"] == ["It must end after it starts."]
    assert "Choose one of the event's days" in off_days.context["form"].errors["day"][0]
    assert not Slot.objects.filter(kind=SlotKind.KEYNOTE).exists()


def test_organizer_edits_and_deletes_a_block(client, world):
    block = BlockSlotFactory(event=world.event, title="Lunch")
    client.force_login(world.organizer)
    page = client.get(url("manage-block", world, block.pk))
    data = {k: page.context["form"][k].value() for k in page.context["form"].fields}
    data.update(title="Long lunch", end="12:00", start="11:00", room=world.hall.pk)

    saved = client.post(url("manage-block", world, block.pk), data)
    block.refresh_from_db()
    deleted = client.post(
        url("manage-block", world, block.pk), {"delete": "1", "revision": block.revision}
    )

    assert saved.status_code == deleted.status_code == 302
    assert not Slot.objects.filter(pk=block.pk).exists()


def test_editing_a_block_someone_changed_meanwhile_conflicts(client, world):
    block = BlockSlotFactory(event=world.event, title="Lunch")
    client.force_login(world.organizer)
    page = client.get(url("manage-block", world, block.pk))
    data = {k: page.context["form"][k].value() or "" for k in page.context["form"].fields}
    Slot.objects.filter(pk=block.pk).update(title="Renamed", revision=block.revision + 1)

    response = client.post(url("manage-block", world, block.pk), {**data, "title": "Mine"},
                           follow=True)  # fmt: skip

    assert "Someone else changed this in the meantime" in response.content.decode()
    block.refresh_from_db()
    assert block.title == "Renamed"


def test_dragging_a_block_moves_it_and_an_all_rooms_block_stays_in_all_rooms(client, world):
    block = BlockSlotFactory(event=world.event)
    client.force_login(world.organizer)

    response = client.post(
        url("manage-schedule-move", world),
        {"slot": block.pk, "revision": block.revision,
         "day": world.event.start_date.isoformat(), "start": "15:00"},
        **FETCH,
    )  # fmt: skip

    block.refresh_from_db()
    assert response.status_code == 200
    assert (block.room, block.start) == (None, event_time(world.event, 0, 15))
    assert block.duration_minutes == 30


def test_dropping_posters_on_a_poster_session_takes_the_next_free_boards(client, world):
    first, second = world.poster(title="Sparse solvers"), world.poster(title="Graph kernels")
    client.force_login(world.organizer)

    for submission in (first, second):
        response = client.post(
            url("manage-schedule-move", world),
            {"submission": submission.pk, "revision": 0, "poster_session": world.posters.pk},
            **FETCH,
        )
        assert response.status_code == 200

    boards = dict(Slot.objects.filter(parent=world.posters).values_list("submission", "board"))
    assert boards == {first.pk: "P1", second.pk: "P2"}
    html = response.content.decode()
    assert "2 posters" in html
    assert "is on board P2 of “Posters I”" in html


def test_a_placed_session_dragged_onto_a_poster_session_becomes_a_poster(client, world):
    slot = SessionSlotFactory(event=world.event, submission=world.poster(), room=world.hall)
    client.force_login(world.organizer)

    response = client.post(
        url("manage-schedule-move", world),
        {"slot": slot.pk, "revision": slot.revision, "poster_session": world.posters.pk},
        **FETCH,
    )

    slot.refresh_from_db()
    assert response.status_code == 200
    assert (slot.parent, slot.board, slot.room, slot.start) == (world.posters, "P1", None, None)


def test_a_block_cannot_be_dropped_onto_a_poster_session(client, world):
    block = BlockSlotFactory(event=world.event)
    client.force_login(world.organizer)

    response = client.post(
        url("manage-schedule-move", world),
        {"slot": block.pk, "revision": block.revision, "poster_session": world.posters.pk},
        **FETCH,
    )

    assert response.status_code == 400
    assert not world.posters.posters.exists()


def test_poster_session_page_adds_reassigns_and_removes_posters(client, world):
    first, second = world.poster(title="Sparse solvers"), world.poster(title="Graph kernels")
    client.force_login(world.organizer)
    page_url = url("manage-poster-session", world, world.posters.pk)

    client.post(page_url, {"action": "add", "submission": first.pk, "board": ""})
    client.post(page_url, {"action": "add", "submission": second.pk, "board": "B7"})
    poster = Slot.objects.get(submission=first)
    board = {"action": "board", "poster": poster.pk, "revision": poster.revision}
    taken = client.post(page_url, {**board, "board": "B7"}, follow=True)
    moved = client.post(page_url, {**board, "board": "A1"})
    page = client.get(page_url)

    assert "Board B7 is taken in this poster session." in taken.content.decode()
    assert moved.status_code == 302
    assert [(p.display_title, p.board) for p in page.context["posters"]] == [
        ("Sparse solvers", "A1"),
        ("Graph kernels", "B7"),
    ]
    second_slot = Slot.objects.get(submission=second)
    client.post(page_url, {"action": "remove", "poster": second_slot.pk,
                           "revision": second_slot.revision})  # fmt: skip
    assert list(Slot.objects.filter(parent=world.posters).values_list("board", flat=True)) == ["A1"]


def test_no_js_form_puts_a_poster_on_a_board(client, world):
    submission = world.poster()
    client.force_login(world.organizer)

    response = client.post(
        url("manage-schedule-session", world, submission.pk),
        {"action": "poster", "poster_session": world.posters.pk, "board": "", "revision": "0"},
    )

    slot = Slot.objects.get(submission=submission)
    assert response.status_code == 302
    assert response.url.endswith(f"#slot-{world.posters.pk}")
    assert (slot.parent, slot.board) == (world.posters, "P1")


def test_a_chair_manages_only_their_tracks_posters(client, world):
    own = world.poster(title="Own poster")
    other = world.poster(track=world.ml, title="Other poster")
    Slot.objects.create(event=world.event, submission=other, parent=world.posters, board="P1")
    client.force_login(world.chair)
    page_url = url("manage-poster-session", world, world.posters.pk)
    other_slot = Slot.objects.get(submission=other)

    page = client.get(page_url)
    added = client.post(page_url, {"action": "add", "submission": own.pk, "board": ""})
    removed = client.post(page_url, {"action": "remove", "poster": other_slot.pk,
                                     "revision": other_slot.revision})  # fmt: skip
    foreign_add = client.post(page_url, {"action": "add", "submission": other.pk, "board": ""})

    assert list(page.context["add_form"].fields["submission"].queryset) == [own]
    assert added.status_code == 302
    assert removed.status_code == 404
    assert foreign_add.status_code == 200  # the form refuses a session outside their tracks
    assert Slot.objects.filter(parent=world.posters).count() == 2


def test_a_poster_session_of_another_event_is_a_404(client, world):
    other_posters = BlockSlotFactory(kind=SlotKind.POSTER_SESSION)
    client.force_login(world.organizer)

    assert client.get(url("manage-poster-session", world, other_posters.pk)).status_code == 404
    assert client.get(url("manage-block", world, other_posters.pk)).status_code == 404
