"""The schedule editor: the day grid, dragging (the move endpoint), resizing, the no-JS session
form, stale editors, permissions and bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse

from program.enums import SlotKind
from program.models import Slot
from submissions.enums import SubmissionState
from tests.factories.program import (
    AcceptedSubmissionFactory,
    BlockSlotFactory,
    RoomFactory,
    SessionSlotFactory,
    event_time,
)
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import (
    EventFactory,
    MembershipFactory,
    SessionTypeFactory,
    TrackFactory,
)
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


@pytest.fixture
def world():
    event = EventFactory(slug="pycon", time_zone="America/Chicago")
    hpc = TrackFactory(event=event, name="HPC")
    ml = TrackFactory(event=event, name="ML")
    talk = SessionTypeFactory(event=event, name="Talk", duration_minutes=25)

    def member(role, tracks=None):
        return MembershipFactory(event=event, role=role, tracks=tracks).user

    world = type("World", (), {})()
    world.event, world.hpc, world.ml, world.talk = event, hpc, ml, talk
    world.organizer = member(CommitteeRole.ORGANIZER)
    world.chair = member(CommitteeRole.TRACK_CHAIR, [hpc])
    world.other_chair = member(CommitteeRole.TRACK_CHAIR, [ml])
    world.reviewer = member(CommitteeRole.REVIEWER)
    world.author = UserFactory(name="Ada Author")
    world.room_a = RoomFactory(event=event, name="Room A", capacity=50, position=0)
    world.room_b = RoomFactory(event=event, name="Room B", capacity=200, position=1)
    world.numba = AcceptedSubmissionFactory(
        event=event, track=hpc, session_type=talk, title="Numba on GPUs", created_by=world.author
    )
    world.dask = AcceptedSubmissionFactory(
        event=event, track=ml, session_type=talk, title="Dask at scale"
    )
    return world


def url(name, world, *args):
    return reverse(f"program:{name}", args=[world.event.slug, *args])


def move(client, world, day=0, **fields):
    day_iso = (world.event.start_date + timedelta(days=day)).isoformat()
    data = {"day": day_iso, **fields}
    return client.post(url("manage-schedule-move", world) + f"?day={day_iso}", data, **FETCH)


def test_editor_shows_rooms_unscheduled_sessions_and_placed_slots(client, world):
    SessionSlotFactory(event=world.event, submission=world.dask, room=world.room_b)
    client.force_login(world.organizer)

    response = client.get(url("manage-schedule", world))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Room A" in html
    assert "Room B" in html
    assert response.context["unscheduled"] == [world.numba]
    items = response.context["grid"].items
    assert [item.slot.submission for item in items] == [world.dask]
    assert items[0].column == 3  # Room B is the second room column
    assert f'data-submission="{world.numba.pk}"' in html


def test_grid_rows_follow_local_time_from_eight(client, world):
    slot = SessionSlotFactory(
        event=world.event,
        submission=world.dask,
        room=world.room_a,
        start=event_time(world.event, 0, 9, 15),
        end=event_time(world.event, 0, 9, 45),
    )
    client.force_login(world.organizer)

    grid = client.get(url("manage-schedule", world)).context["grid"]

    item = grid.items[0]
    assert item.slot == slot
    # Row 1 is the room header; 08:00 is row 2, 09:15 five quarter-hours later.
    assert (item.row, item.row_end) == (7, 9)
    assert grid.labels[0] == (2, "08:00")


def test_grid_extends_to_a_slot_before_eight(client, world):
    SessionSlotFactory(
        event=world.event,
        submission=world.dask,
        room=world.room_a,
        start=event_time(world.event, 0, 6, 30),
        end=event_time(world.event, 0, 7, 0),
    )
    client.force_login(world.organizer)

    grid = client.get(url("manage-schedule", world)).context["grid"]

    assert grid.labels[0] == (2, "06:00")
    assert grid.items[0].row == 4


def test_day_parameter_picks_the_day_and_a_bad_one_falls_back(client, world):
    client.force_login(world.organizer)
    second = world.event.start_date + timedelta(days=1)

    chosen = client.get(url("manage-schedule", world), {"day": second.isoformat()})
    bad = client.get(url("manage-schedule", world), {"day": "2020-13-45"})
    outside = client.get(url("manage-schedule", world), {"day": "1999-01-01"})

    assert chosen.context["day"] == second
    assert bad.status_code == outside.status_code == 200
    assert bad.context["day"] == outside.context["day"] == world.event.start_date


def test_dropping_an_unscheduled_session_places_it_for_its_types_length(client, world):
    client.force_login(world.organizer)

    response = move(client, world, submission=world.numba.pk, revision=0,
                    room=world.room_a.pk, start="10:00")  # fmt: skip

    assert response.status_code == 200
    slot = Slot.objects.get(submission=world.numba, version__isnull=True)
    assert (slot.room, slot.start) == (world.room_a, event_time(world.event, 0, 10))
    assert slot.duration_minutes == 25
    assert "is now in Room A" in response.content.decode()
    assert response.context["unscheduled"] == [world.dask]


def test_moving_a_placed_session_keeps_its_length(client, world):
    slot = SessionSlotFactory(event=world.event, submission=world.numba, room=world.room_a,
                              end=event_time(world.event, 0, 9, 40))  # fmt: skip
    client.force_login(world.organizer)

    response = move(client, world, 1, slot=slot.pk, revision=slot.revision,
                    room=world.room_b.pk, start="14:15")  # fmt: skip

    assert response.status_code == 200
    slot.refresh_from_db()
    assert (slot.room, slot.start) == (world.room_b, event_time(world.event, 1, 14, 15))
    assert slot.duration_minutes == 40
    assert slot.revision == 2


def test_resizing_sets_the_new_length_and_keeps_the_place(client, world):
    slot = SessionSlotFactory(event=world.event, submission=world.numba, room=world.room_a)
    client.force_login(world.organizer)

    response = client.post(
        url("manage-schedule-move", world),
        {"slot": slot.pk, "revision": slot.revision, "minutes": 40},
        **FETCH,
    )

    assert response.status_code == 200
    slot.refresh_from_db()
    assert (slot.room, slot.start, slot.duration_minutes) == (
        world.room_a,
        event_time(world.event, 0, 9),
        40,
    )
    # A length other than the type's is a warning, shown at once.
    assert "lasts 40 min" in response.content.decode()


def test_resize_without_javascript_redirects_back_to_the_day(client, world):
    slot = SessionSlotFactory(event=world.event, submission=world.numba, room=world.room_a)
    client.force_login(world.organizer)

    response = client.post(
        url("manage-schedule-move", world) + f"?track={world.hpc.pk}",
        {"slot": slot.pk, "revision": slot.revision, "minutes": 10},
    )

    day = world.event.start_date.isoformat()
    assert response.status_code == 302
    assert response.url == url("manage-schedule", world) + (
        f"?day={day}&track={world.hpc.pk}#slot-{slot.pk}"
    )
    slot.refresh_from_db()
    assert slot.duration_minutes == 10


def test_a_stale_move_conflicts_and_changes_nothing(client, world):
    slot = SessionSlotFactory(event=world.event, submission=world.numba, room=world.room_a)
    seen = slot.revision
    client.force_login(world.organizer)
    # Another organizer moved it after this editor loaded the grid.
    move(client, world, slot=slot.pk, revision=seen, room=world.room_b.pk, start="11:00")
    slot.refresh_from_db()
    before = (slot.room_id, slot.start, slot.revision)

    response = move(client, world, slot=slot.pk, revision=seen, room=world.room_a.pk,
                    start="15:00")  # fmt: skip

    assert response.status_code == 409
    slot.refresh_from_db()
    assert (slot.room_id, slot.start, slot.revision) == before
    html = response.content.decode()
    assert "Someone else changed this in the meantime" in html
    assert "it is now in Room B" in html
    assert f'data-revision="{slot.revision}"' in html  # the grid is the current one


def test_dropping_a_session_someone_placed_meanwhile_conflicts(client, world):
    SessionSlotFactory(event=world.event, submission=world.numba, room=world.room_b)
    client.force_login(world.organizer)

    response = move(client, world, submission=world.numba.pk, revision=0,
                    room=world.room_a.pk, start="10:00")  # fmt: skip

    assert response.status_code == 409
    assert Slot.objects.get(submission=world.numba).room == world.room_b


def test_dropping_on_an_occupied_slot_saves_with_a_room_clash_warning(client, world):
    SessionSlotFactory(event=world.event, submission=world.dask, room=world.room_a)
    client.force_login(world.organizer)

    response = move(client, world, submission=world.numba.pk, revision=0,
                    room=world.room_a.pk, start="09:00")  # fmt: skip

    assert response.status_code == 200
    assert Slot.objects.filter(room=world.room_a, version__isnull=True).count() == 2
    kinds = [w.kind for w in response.context["warnings"]]
    assert "room_clash" in kinds
    lanes = sorted((i.lane, i.lanes) for i in response.context["grid"].items)
    assert lanes == [(0, 2), (1, 2)]  # side by side, both visible
    assert "has-warning" in response.content.decode()


def test_a_start_outside_the_events_days_is_refused(client, world):
    client.force_login(world.organizer)
    day = (world.event.end_date + timedelta(days=1)).isoformat()

    response = client.post(
        url("manage-schedule-move", world),
        {"submission": world.numba.pk, "revision": 0, "room": world.room_a.pk, "day": day,
         "start": "10:00"},
        **FETCH,
    )  # fmt: skip

    assert response.status_code == 400
    assert "Choose one of the event" in response.content.decode()
    assert not Slot.objects.filter(submission=world.numba).exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"slot": "abc", "revision": 1},
        {"submission": "", "revision": 0},
        {"submission": "1", "revision": "x"},
        {"submission": "1", "revision": 0, "day": "2020-02-31", "start": "10:00"},
        {"submission": "1", "revision": 0, "start": "25:99", "day": "2020-01-01"},
        {"submission": "1", "revision": 0, "minutes": "-5"},
    ],
    ids=["slot-not-a-number", "nothing", "revision", "date", "time", "minutes"],
)
def test_bad_input_is_a_400_with_the_grid(client, world, fields):
    client.force_login(world.organizer)

    response = client.post(url("manage-schedule-move", world), fields, **FETCH)

    assert response.status_code == 400
    assert 'id="warnings-heading"' in response.content.decode()
    assert not Slot.objects.exists()


def test_unknown_ids_and_other_events_rooms_are_refused(client, world):
    other_room = RoomFactory(name="Elsewhere")
    other_session = AcceptedSubmissionFactory()
    client.force_login(world.organizer)

    unknown_slot = move(client, world, slot=999999, revision=1, start="10:00")
    foreign_session = move(client, world, submission=other_session.pk, revision=0,
                           room=world.room_a.pk, start="10:00")  # fmt: skip
    foreign_room = move(client, world, submission=world.numba.pk, revision=0,
                        room=other_room.pk, start="10:00")  # fmt: skip

    assert unknown_slot.status_code == foreign_session.status_code == 404
    assert foreign_room.status_code == 400
    assert not Slot.objects.exists()


def test_a_rejected_session_cannot_be_placed(client, world):
    rejected = SubmissionFactory(event=world.event, track=world.hpc,
                                 state=SubmissionState.REJECTED)  # fmt: skip
    client.force_login(world.organizer)

    response = move(client, world, submission=rejected.pk, revision=0, room=world.room_a.pk,
                    start="10:00")  # fmt: skip

    assert response.status_code == 400
    assert "Only accepted and confirmed sessions" in response.content.decode()


# Permissions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer", "author"])
def test_the_editor_is_a_404_for_anyone_off_the_schedule_committee(client, world, who):
    client.force_login(getattr(world, who))

    page = client.get(url("manage-schedule", world))
    moved = move(client, world, submission=world.numba.pk, revision=0, room=world.room_a.pk,
                 start="10:00")  # fmt: skip

    assert page.status_code == moved.status_code == 404
    assert not Slot.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    page = client.get(url("manage-schedule", world))
    moved = move(client, world, submission=world.numba.pk, revision=0, room=world.room_a.pk,
                 start="10:00")  # fmt: skip

    assert page.status_code == moved.status_code == 302
    assert "/accounts/login/" in page.url
    assert not Slot.objects.exists()


def test_an_organizer_of_another_event_gets_a_404(client, world):
    client.force_login(MembershipFactory(role=CommitteeRole.ORGANIZER).user)

    assert client.get(url("manage-schedule", world)).status_code == 404


def test_a_track_chair_sees_and_places_only_their_tracks_sessions(client, world):
    dask_slot = SessionSlotFactory(event=world.event, submission=world.dask, room=world.room_b)
    client.force_login(world.chair)

    page = client.get(url("manage-schedule", world))
    own = move(client, world, submission=world.numba.pk, revision=0, room=world.room_a.pk,
               start="10:00")  # fmt: skip
    other = move(client, world, slot=dask_slot.pk, revision=dask_slot.revision,
                 room=world.room_a.pk, start="12:00")  # fmt: skip

    assert page.status_code == 200
    assert page.context["unscheduled"] == [world.numba]
    assert [i.editable for i in page.context["grid"].items] == [False]  # ML's Dask talk
    assert own.status_code == 200
    assert other.status_code == 404
    dask_slot.refresh_from_db()
    assert dask_slot.room == world.room_b
    assert "Publish…" not in page.content.decode()


def test_a_track_chair_cannot_move_blocks_or_open_organizer_pages(client, world):
    block = BlockSlotFactory(event=world.event)
    client.force_login(world.chair)

    moved = move(client, world, slot=block.pk, revision=block.revision, start="15:00")

    assert moved.status_code == 404
    for name, args in [("manage-rooms", []), ("manage-block-add", []),
                       ("manage-block", [block.pk]), ("manage-schedule-publish", [])]:  # fmt: skip
        assert client.get(url(name, world, *args)).status_code == 404
    block.refresh_from_db()
    assert block.start == event_time(world.event, 0, 10, 30)


# The no-JS session form ------------------------------------------------------------------------


def test_session_form_places_a_session_without_javascript(client, world):
    client.force_login(world.organizer)
    day = (world.event.start_date + timedelta(days=1)).isoformat()

    response = client.post(
        url("manage-schedule-session", world, world.numba.pk),
        {"action": "place", "day": day, "start": "13:30", "room": world.room_b.pk,
         "minutes": "", "expected_attendance": "120", "revision": "0"},
    )  # fmt: skip

    slot = Slot.objects.get(submission=world.numba)
    assert response.status_code == 302
    assert response.url.endswith(f"?day={day}#slot-{slot.pk}")
    assert (slot.room, slot.start) == (world.room_b, event_time(world.event, 1, 13, 30))
    assert (slot.duration_minutes, slot.expected_attendance) == (25, 120)


def test_session_form_refuses_a_day_outside_the_event_next_to_the_field(client, world):
    client.force_login(world.organizer)
    day = (world.event.start_date - timedelta(days=1)).isoformat()

    response = client.post(
        url("manage-schedule-session", world, world.numba.pk),
        {"action": "place", "day": day, "start": "13:30", "room": world.room_b.pk,
         "revision": "0"},
    )  # fmt: skip

    assert response.status_code == 200
    form = response.context["forms"]["place_form"]
    assert "Choose one of the event's days" in form.errors["day"][0]
    assert 'id="id_day-errors"' in response.content.decode()
    assert not Slot.objects.exists()


def test_session_form_moves_resizes_and_clears_the_attendance(client, world):
    slot = SessionSlotFactory(event=world.event, submission=world.numba, room=world.room_a,
                              expected_attendance=80)  # fmt: skip
    client.force_login(world.organizer)

    page = client.get(url("manage-schedule-session", world, world.numba.pk))
    form = page.context["forms"]["place_form"]
    data = {"action": "place", **{k: form[k].value() for k in form.fields}}
    data.update(start="16:00", minutes="50", expected_attendance="")
    response = client.post(url("manage-schedule-session", world, world.numba.pk), data)

    assert form.initial["room"] == world.room_a.pk
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.start == event_time(world.event, 0, 16)
    assert (slot.duration_minutes, slot.expected_attendance) == (50, None)


def test_session_form_with_a_stale_revision_says_so_and_keeps_the_slot(client, world):
    slot = SessionSlotFactory(event=world.event, submission=world.numba, room=world.room_a)
    client.force_login(world.organizer)
    day = world.event.start_date.isoformat()

    response = client.post(
        url("manage-schedule-session", world, world.numba.pk),
        {"action": "place", "day": day, "start": "16:00", "room": world.room_b.pk,
         "revision": slot.revision + 5},
        follow=True,
    )  # fmt: skip

    assert "Someone else changed this in the meantime" in response.content.decode()
    slot.refresh_from_db()
    assert slot.room == world.room_a


def test_unschedule_takes_the_session_back_to_the_list(client, world):
    slot = SessionSlotFactory(event=world.event, submission=world.numba, room=world.room_a)
    client.force_login(world.organizer)

    response = client.post(
        url("manage-schedule-session", world, world.numba.pk),
        {"action": "unschedule", "revision": slot.revision},
    )

    assert response.status_code == 302
    assert not Slot.objects.exists()
    page = client.get(url("manage-schedule", world))
    assert world.numba in page.context["unscheduled"]


def test_session_page_is_a_404_outside_the_chairs_tracks_and_for_drafts(client, world):
    draft = SubmissionFactory(event=world.event, track=world.hpc)
    client.force_login(world.chair)

    assert client.get(url("manage-schedule-session", world, world.dask.pk)).status_code == 404
    assert client.get(url("manage-schedule-session", world, draft.pk)).status_code == 404
    assert client.get(url("manage-schedule-session", world, world.numba.pk)).status_code == 200


def test_a_withdrawn_session_still_in_the_draft_can_be_unscheduled(client, world):
    slot = SessionSlotFactory(event=world.event, submission=world.numba, room=world.room_a)
    world.numba.state = SubmissionState.WITHDRAWN
    world.numba.save()
    client.force_login(world.organizer)

    page = client.get(url("manage-schedule", world))
    response = client.post(
        url("manage-schedule-session", world, world.numba.pk),
        {"action": "unschedule", "revision": slot.revision},
    )

    assert "publishing leaves it out" in page.content.decode()
    assert response.status_code == 302
    assert not Slot.objects.exists()


def test_warnings_link_to_their_slots_on_their_day(client, world):
    speaker = world.author
    first = SessionSlotFactory(event=world.event, submission=world.numba, room=world.room_a)
    second = SessionSlotFactory(
        event=world.event,
        submission=AcceptedSubmissionFactory(event=world.event, track=world.ml,
                                             session_type=world.talk, speakers=[speaker]),
        room=world.room_b,
    )  # fmt: skip
    client.force_login(world.organizer)

    page = client.get(url("manage-schedule-warnings", world))

    html = page.content.decode()
    day = world.event.start_date.isoformat()
    assert "Speaker in two places" in html
    assert f"?day={day}#slot-{first.pk}" in html
    assert f"?day={day}#slot-{second.pk}" in html


# Query counts ----------------------------------------------------------------------------------


def _fill(world, sessions: int) -> None:
    rooms = [world.room_a, world.room_b, RoomFactory(event=world.event)]
    poster_session = BlockSlotFactory(event=world.event, kind=SlotKind.POSTER_SESSION,
                                      title="Posters", room=rooms[2])  # fmt: skip
    for n in range(sessions):
        track = world.hpc if n % 2 else world.ml
        submission = AcceptedSubmissionFactory(
            event=world.event, track=track, session_type=world.talk, speakers=[UserFactory()]
        )
        if n % 3 == 2:
            Slot.objects.create(event=world.event, submission=submission,
                                parent=poster_session, board=f"P{n}")  # fmt: skip
        elif n % 3 == 1:
            SessionSlotFactory(event=world.event, submission=submission, room=rooms[n % 2],
                               start=event_time(world.event, 0, 9 + n % 8))  # fmt: skip
        AcceptedSubmissionFactory(event=world.event, track=track, session_type=world.talk)


@pytest.mark.parametrize("sessions", [3, 30])
def test_the_editor_makes_a_constant_number_of_queries(
    client, world, sessions, django_assert_max_num_queries
):
    _fill(world, sessions)
    client.force_login(world.organizer)
    client.get(url("manage-schedule", world))  # warm the session

    with django_assert_max_num_queries(18):
        response = client.get(url("manage-schedule", world))

    assert len(response.context["grid"].items) == 1 + sessions // 3


@pytest.mark.parametrize("sessions", [3, 30])
def test_a_move_answers_the_grid_in_a_constant_number_of_queries(
    client, world, sessions, django_assert_max_num_queries
):
    _fill(world, sessions)
    client.force_login(world.organizer)
    client.get(url("manage-schedule", world))

    with django_assert_max_num_queries(25):
        response = move(client, world, submission=world.numba.pk, revision=0,
                        room=world.room_a.pk, start="18:00")  # fmt: skip

    assert response.status_code == 200
