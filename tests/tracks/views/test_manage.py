import pytest
from django.urls import reverse

from tests.factories.tracks import (
    DeadlineFactory,
    EventFactory,
    MembershipFactory,
    TrackFactory,
    aware,
)
from tests.factories.users import UserFactory
from tracks.enums import AOE, CommitteeRole, DeadlineKind
from tracks.models import Deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(name="DLonSC", time_zone="America/New_York")


@pytest.fixture
def organizer(event):
    return MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user


def _urls(event, deadline):
    return [
        reverse("tracks:manage-settings", args=[event.slug]),
        reverse("tracks:manage-deadlines", args=[event.slug]),
        reverse("tracks:manage-deadline", args=[event.slug, deadline.pk]),
    ]


def test_manage_pages_open_to_the_events_organizers(client, event, organizer):
    client.force_login(organizer)

    statuses = [client.get(url).status_code for url in _urls(event, DeadlineFactory(event=event))]

    assert statuses == [200, 200, 200]


@pytest.mark.parametrize(
    "who", ["track_chair", "reviewer", "proceedings_chair", "other_organizer", "outsider"]
)
def test_manage_pages_are_404_for_everyone_else(client, event, who):
    if who == "other_organizer":
        user = MembershipFactory(role=CommitteeRole.ORGANIZER).user
    elif who == "outsider":
        user = UserFactory()
    else:
        user = MembershipFactory(event=event, role=who).user
    client.force_login(user)

    statuses = {client.get(url).status_code for url in _urls(event, DeadlineFactory(event=event))}

    assert statuses == {404}


def test_manage_pages_send_anonymous_visitors_to_sign_in(client, event):
    response = client.get(reverse("tracks:manage-settings", args=[event.slug]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_deadline_of_another_event_is_404_even_for_an_organizer(client, event, organizer):
    client.force_login(organizer)
    elsewhere = DeadlineFactory()

    response = client.get(reverse("tracks:manage-deadline", args=[event.slug, elsewhere.pk]))

    assert response.status_code == 404


def test_organizer_saves_event_settings(client, event, organizer):
    client.force_login(organizer)
    url = reverse("tracks:manage-settings", args=[event.slug])

    response = client.post(url, {
        "name": "DLonSC 2020", "tagline": "Fourth edition", "start_date": "2020-11-11",
        "end_date": "2020-11-11", "venue": "Atlanta, GA, USA", "time_zone": "America/New_York",
        "description": "Papers *welcome*.", "website": "dlonsc.github.io", "contact_email": "",
        "is_public": "on",
    })  # fmt: skip

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.name, event.website) == ("DLonSC 2020", "https://dlonsc.github.io")


def test_invalid_settings_show_the_error_and_keep_what_was_saved(client, event, organizer):
    client.force_login(organizer)
    url = reverse("tracks:manage-settings", args=[event.slug])

    response = client.post(url, {
        "name": "Renamed", "start_date": "2020-11-11", "end_date": "2020-11-01",
        "time_zone": "America/New_York",
    })  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_end_date-errors"' in html
    assert "The event cannot end before it starts." in html
    event.refresh_from_db()
    assert event.name == "DLonSC"
    assert "<h1>DLonSC</h1>" in html


def test_organizer_adds_an_aoe_deadline(client, event, organizer):
    client.force_login(organizer)
    url = reverse("tracks:manage-deadlines", args=[event.slug])

    response = client.post(url, {
        "kind": DeadlineKind.CFP_CLOSES, "label": "Papers due", "due_date": "2020-09-15",
        "due_time": "23:59", "time_zone": AOE, "date_only": "on",
    })  # fmt: skip

    assert response.status_code == 302
    deadline = Deadline.objects.get(event=event)
    assert (deadline.label, deadline.due) == ("Papers due", aware(2020, 9, 16, 11, 59))


def test_add_deadline_refuses_a_track_of_another_event(client, event, organizer):
    client.force_login(organizer)
    url = reverse("tracks:manage-deadlines", args=[event.slug])

    response = client.post(url, {
        "kind": DeadlineKind.CFP_CLOSES, "due_date": "2020-09-15", "due_time": "23:59",
        "track": TrackFactory().pk,
    })  # fmt: skip

    assert response.status_code == 200
    assert 'id="id_track-errors"' in response.content.decode()
    assert not Deadline.objects.exists()


def test_organizer_extends_a_deadline_and_the_history_is_kept(client, event, organizer):
    deadline = DeadlineFactory(
        event=event, label="Papers due", time_zone=AOE, due=aware(2020, 9, 2, 11, 59)
    )
    client.force_login(organizer)
    url = reverse("tracks:manage-deadline", args=[event.slug, deadline.pk])

    client.post(url, {
        "kind": deadline.kind, "label": "Papers due", "due_date": "2020-09-15",
        "due_time": "23:59", "time_zone": AOE, "date_only": "on",
    })  # fmt: skip

    change = deadline.changes.get()
    assert (change.previous_due, change.new_due, change.changed_by) == (
        aware(2020, 9, 2, 11, 59),
        aware(2020, 9, 16, 11, 59),
        organizer,
    )


def test_organizer_deletes_a_deadline(client, event, organizer):
    deadline = DeadlineFactory(event=event)
    client.force_login(organizer)

    response = client.post(
        reverse("tracks:manage-deadline", args=[event.slug, deadline.pk]), {"delete": "1"}
    )

    assert response.status_code == 302
    assert not Deadline.objects.filter(pk=deadline.pk).exists()


def test_deadlines_page_uses_a_constant_number_of_queries(
    client, event, organizer, django_assert_max_num_queries
):
    DeadlineFactory(event=event)
    client.force_login(organizer)
    url = reverse("tracks:manage-deadlines", args=[event.slug])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(5):
        TrackFactory(event=event)
        DeadlineFactory(event=event, track=TrackFactory(event=event))

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)

    assert response.status_code == 200
