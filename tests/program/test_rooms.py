"""The event's rooms, managed by its organizers: listed in grid order, added, edited, and deleted
only while nothing is scheduled in them."""

import pytest
from django.urls import reverse

from program.models import Room
from program.services import publish_schedule
from tests.factories.program import RoomFactory, SessionSlotFactory
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="scipy")


@pytest.fixture
def organizer(event):
    return MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user


def url(name, event, *args):
    return reverse(f"program:{name}", args=[event.slug, *args])


def room_data(**overrides):
    return {"name": "Ballroom A", "capacity": "300", "description": "2nd floor",
            "opens_at": "08:00", "closes_at": "18:30", "position": "0", **overrides}  # fmt: skip


def test_rooms_are_listed_in_column_order_with_their_draft_sessions(client, event, organizer):
    second = RoomFactory(event=event, name="Room 2", position=2)
    first = RoomFactory(event=event, name="Room 1", position=1)
    SessionSlotFactory(event=event, room=second)
    RoomFactory(name="Another event's room")
    client.force_login(organizer)

    response = client.get(url("manage-rooms", event))

    rooms = list(response.context["rooms"])
    assert rooms == [first, second]
    assert [room.draft_count for room in rooms] == [0, 1]
    assert "Another event's room" not in response.content.decode()


def test_organizer_adds_a_room_with_hours_in_the_events_zone(client, event, organizer):
    client.force_login(organizer)

    response = client.post(url("manage-rooms", event), room_data())

    room = Room.objects.get(event=event)
    assert response.status_code == 302
    assert (room.name, room.capacity, room.description) == ("Ballroom A", 300, "2nd floor")
    assert (str(room.opens_at), str(room.closes_at)) == ("08:00:00", "18:30:00")


def test_a_new_room_is_suggested_the_next_column(client, event, organizer):
    RoomFactory(event=event, position=4)
    client.force_login(organizer)

    response = client.get(url("manage-rooms", event))

    assert response.context["form"].initial["position"] == 5


@pytest.mark.parametrize(
    ("overrides", "field", "error"),
    [
        ({"name": "ballroom a"}, "name", "There is already a room “ballroom a”."),
        ({"closes_at": "07:00"}, "closes_at", "A room closes after it opens."),
        ({"capacity": "-3"}, "capacity", "Ensure this value is greater than or equal to 0."),
        ({"opens_at": "25:00"}, "opens_at", "Enter a valid time."),
        ({"name": "Ball\nroom"}, "name", "This field is a single line: remove the line break."),
    ],
    ids=["duplicate", "closes-first", "capacity", "time", "line-break"],
)
def test_bad_room_input_gets_an_error_next_to_the_field(
    client, event, organizer, overrides, field, error
):
    RoomFactory(event=event, name="Ballroom A")
    client.force_login(organizer)

    response = client.post(url("manage-rooms", event), room_data(**overrides))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [error]
    assert Room.objects.filter(event=event).count() == 1


def test_organizer_edits_a_room(client, event, organizer):
    room = RoomFactory(event=event, name="Room 1")
    client.force_login(organizer)

    response = client.post(url("manage-room", event, room.pk), room_data(name="Hall B"))

    room.refresh_from_db()
    assert response.status_code == 302
    assert room.name == "Hall B"


def test_deleting_an_empty_room(client, event, organizer):
    room = RoomFactory(event=event)
    client.force_login(organizer)

    response = client.post(url("manage-room", event, room.pk), {"delete": "1"})

    assert response.status_code == 302
    assert not Room.objects.filter(pk=room.pk).exists()


def test_deleting_a_room_in_use_is_refused_with_its_sessions(client, event, organizer):
    room = RoomFactory(event=event, name="Hall")
    SessionSlotFactory(event=event, room=room, submission__title="Numba on GPUs")
    publish_schedule(event=event, name="v1.0", notify_speakers=False, by=organizer)
    client.force_login(organizer)

    response = client.post(url("manage-room", event, room.pk), {"delete": "1"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Hall is not deleted: it holds 2 sessions." in html
    assert "Numba on GPUs — the draft" in html
    assert "Numba on GPUs — published in v1.0" in html
    assert Room.objects.filter(pk=room.pk).exists()


def test_rooms_are_for_organizers_only(client, event):
    room = RoomFactory(event=event)
    chair = MembershipFactory(
        event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[TrackFactory(event=event)]
    ).user
    outsiders = [chair, UserFactory(), MembershipFactory(role=CommitteeRole.ORGANIZER).user]

    for user in outsiders:
        client.force_login(user)
        assert client.get(url("manage-rooms", event)).status_code == 404
        assert client.post(url("manage-rooms", event), room_data()).status_code == 404
        assert client.post(url("manage-room", event, room.pk), {"delete": "1"}).status_code == 404
    client.logout()

    assert client.get(url("manage-rooms", event)).status_code == 302
    assert list(Room.objects.all()) == [room]


def test_a_room_of_another_event_is_a_404(client, event, organizer):
    other = RoomFactory()
    client.force_login(organizer)

    assert client.get(url("manage-room", event, other.pk)).status_code == 404
    assert client.post(url("manage-room", event, other.pk), {"delete": "1"}).status_code == 404
    assert Room.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("rooms", [2, 20])
def test_the_rooms_page_makes_a_constant_number_of_queries(
    client, event, organizer, rooms, django_assert_max_num_queries
):
    for _ in range(rooms):
        SessionSlotFactory(event=event, room=RoomFactory(event=event))
    client.force_login(organizer)
    client.get(url("manage-rooms", event))

    with django_assert_max_num_queries(8):
        response = client.get(url("manage-rooms", event))

    assert len(response.context["rooms"]) == rooms
