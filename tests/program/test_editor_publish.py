"""Publishing the draft from the editor: warnings to confirm, version names, the changelog and
emailing the speakers of a version once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from mails.models import OutboundEmail
from program.forms import next_version_name
from program.models import ScheduleNotification, ScheduleVersion, Slot
from program.services import publish_schedule
from tests.factories.program import RoomFactory, SessionSlotFactory, event_time
from tests.factories.tracks import EventFactory, MembershipFactory
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


def publish(client, event, **data):
    return client.post(
        url("manage-schedule-publish", event),
        {"name": "v1.0", "comment": "", "notify_speakers": "", **data},
    )


def test_publishing_a_draft_without_warnings_needs_no_confirmation(client, event, organizer):
    slot = SessionSlotFactory(event=event)
    client.force_login(organizer)

    page = client.get(url("manage-schedule-publish", event))
    response = publish(client, event, comment="First *program*.")

    assert "confirm_warnings" not in page.context["form"].fields
    assert page.context["form"].initial["name"] == "v1.0"
    assert response.status_code == 302
    version = ScheduleVersion.objects.get(event=event)
    assert (version.name, version.published_by) == ("v1.0", organizer)
    assert Slot.objects.filter(version=version, submission=slot.submission).exists()
    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()


def test_publishing_with_warnings_asks_to_confirm_them(client, event, organizer):
    room = RoomFactory(event=event, capacity=10)
    SessionSlotFactory(event=event, room=room, expected_attendance=30)
    client.force_login(organizer)

    page = client.get(url("manage-schedule-publish", event))
    refused = publish(client, event)
    confirmed = publish(client, event, confirm_warnings="on")

    assert "expects 30 attendees" in page.content.decode()
    assert refused.status_code == 200
    assert refused.context["form"].errors["confirm_warnings"] == [
        "Check the warnings above, then confirm to publish anyway."
    ]
    assert confirmed.status_code == 302
    assert ScheduleVersion.objects.filter(event=event).count() == 1


def test_a_taken_version_name_is_an_error_next_to_the_field(client, event, organizer):
    publish_schedule(event=event, name="v1.0", notify_speakers=False, by=organizer)
    client.force_login(organizer)

    response = publish(client, event)

    assert response.context["form"].errors["name"] == ["There is already a version “v1.0”."]


@pytest.mark.parametrize(
    ("names", "suggested"),
    [([], "v1.0"), (["v1.0"], "v1.1"), (["v1.9"], "v1.10"), (["2"], "3"), (["Final"], "")],
)
def test_the_next_version_name_is_suggested(event, names, suggested):
    for name in names:
        publish_schedule(event=event, name=name, notify_speakers=False, by=None)

    assert next_version_name(event) == suggested


def test_the_versions_list_shows_the_changelog_with_the_move(client, event, organizer):
    slot = SessionSlotFactory(event=event, submission__title="Numba on GPUs")
    publish_schedule(event=event, name="v1.0", notify_speakers=False, by=organizer)
    Slot.objects.filter(pk=slot.pk).update(
        start=event_time(event, 1, 14), end=event_time(event, 1, 14, 25)
    )
    publish_schedule(event=event, name="v1.1", notify_speakers=False, by=organizer)
    client.force_login(organizer)

    response = client.get(url("manage-schedule-publish", event))

    latest, first = response.context["versions"]
    assert [group["key"] for group in first.changelog] == ["added"]
    assert [group["key"] for group in latest.changelog] == ["moved"]
    entry = latest.changelog[0]["entries"][0]
    assert entry["title"] == "Numba on GPUs"
    assert entry["start_at"] == event_time(event, 1, 14)
    assert entry["from_start"] == event_time(event, 0, 9)
    html = response.content.decode()
    assert "1 moved" in html
    assert response.context["form"].initial["name"] == "v1.2"


def test_publishing_with_the_box_checked_emails_each_speaker_once(client, event, organizer):
    slot = SessionSlotFactory(event=event)
    client.force_login(organizer)

    publish(client, event, notify_speakers="on")

    version = ScheduleVersion.objects.get(event=event)
    assert version.speakers_notified
    assert ScheduleNotification.objects.filter(version=version).count() == 1
    email = OutboundEmail.objects.get()
    assert email.to == slot.submission.created_by.email


def test_emailing_the_speakers_of_a_version_later_happens_once(client, event, organizer):
    SessionSlotFactory(event=event)
    version = publish_schedule(event=event, name="v1.0", notify_speakers=False, by=organizer)
    client.force_login(organizer)
    notify = url("manage-schedule-notify", event, version.pk)

    page = client.get(url("manage-schedule-publish", event))
    first = client.post(notify, follow=True)
    second = client.post(notify, follow=True)

    assert "Email the speakers of v1.0" in page.content.decode()
    assert "1 speaker of v1.0 emailed." in first.content.decode()
    assert "were already emailed" in second.content.decode()
    assert OutboundEmail.objects.count() == 1
    assert "Email the speakers of v1.0" not in second.content.decode()


def test_an_older_version_is_not_emailed_about(client, event, organizer):
    SessionSlotFactory(event=event)
    old = publish_schedule(event=event, name="v1.0", notify_speakers=False, by=organizer)
    publish_schedule(event=event, name="v1.1", notify_speakers=False, by=organizer)
    client.force_login(organizer)

    response = client.post(url("manage-schedule-notify", event, old.pk), follow=True)

    assert "no longer the published program" in response.content.decode()
    assert not OutboundEmail.objects.exists()


def test_publishing_and_emailing_are_for_organizers_only(client, event, organizer):
    chair = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR).user
    version = publish_schedule(event=event, name="v1.0", notify_speakers=False, by=organizer)
    client.force_login(chair)

    assert client.get(url("manage-schedule-publish", event)).status_code == 404
    assert publish(client, event, name="v2").status_code == 404
    assert client.post(url("manage-schedule-notify", event, version.pk)).status_code == 404
    assert ScheduleVersion.objects.count() == 1
    assert not OutboundEmail.objects.exists()


def test_a_version_of_another_event_is_a_404(client, event, organizer):
    other = publish_schedule(event=EventFactory(), name="v1.0", notify_speakers=False, by=None)
    client.force_login(organizer)

    assert client.post(url("manage-schedule-notify", event, other.pk)).status_code == 404


@pytest.mark.parametrize("versions", [1, 6])
def test_the_publish_page_makes_a_constant_number_of_queries(
    client, event, organizer, versions, django_assert_max_num_queries
):
    for n in range(versions):
        SessionSlotFactory(event=event, start=event_time(event, 0, 9) + timedelta(hours=n))
        publish_schedule(event=event, name=f"v1.{n}", notify_speakers=False, by=organizer)
    client.force_login(organizer)
    client.get(url("manage-schedule-publish", event))

    with django_assert_max_num_queries(13):
        response = client.get(url("manage-schedule-publish", event))

    assert len(response.context["versions"]) == versions
