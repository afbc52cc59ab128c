"""Bad requests to the editor and the API: an unknown answer, never a 500, nothing changed."""

import pytest
from django.urls import reverse

from program.models import Slot
from program.services import publish_schedule
from tests.factories.program import SessionSlotFactory
from tests.factories.tracks import EventFactory, MembershipFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db

HUGE = "9" * 25


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def organizer(client, event):
    user = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user
    client.force_login(user)
    return user


def test_a_session_id_too_large_for_the_database_is_unknown(client, event, organizer):
    url = reverse("program:manage-schedule-session", args=[event.slug, int(HUGE)])

    assert client.get(url).status_code == 404


def test_an_api_room_filter_too_large_for_the_database_matches_nothing(client, event):
    SessionSlotFactory(event=event)
    publish_schedule(event=event, name="v1.0", notify_speakers=False, by=None)

    response = client.get(f"/api/v1/events/{event.slug}/schedule/", {"room": HUGE})

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_unscheduling_without_the_revision_seen_is_a_conflict(client, event, organizer):
    slot = SessionSlotFactory(event=event)
    url = reverse("program:manage-schedule-session", args=[event.slug, slot.submission.pk])

    client.post(url, {"action": "unschedule"})

    assert Slot.objects.filter(pk=slot.pk).exists()
