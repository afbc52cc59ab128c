import pytest
from django.urls import reverse

from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, MembershipFactory, aware
from tracks.enums import AOE

pytestmark = pytest.mark.django_db

ADMIN_MODELS = [
    "accounts_user",
    "mails_outboundemail",
    "tracks_event",
    "tracks_track",
    "tracks_sessiontype",
    "tracks_deadline",
    "tracks_membership",
    "submissions_submission",
    "submissions_revision",
]
READ_ONLY = {"mails_outboundemail", "submissions_revision"}


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_admin_lists_every_model(admin_client, model):
    MembershipFactory()
    DeadlineFactory()
    SubmissionFactory()

    response = admin_client.get(reverse(f"admin:{model}_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", [m for m in ADMIN_MODELS if m not in READ_ONLY])
def test_admin_add_form_renders(admin_client, model):
    assert admin_client.get(reverse(f"admin:{model}_add")).status_code == 200


def test_extending_a_deadline_in_the_admin_keeps_its_history(admin_client, admin_user):
    event = EventFactory(time_zone="America/New_York")
    deadline = DeadlineFactory(event=event, time_zone=AOE, due=aware(2020, 9, 2, 11, 59))
    url = reverse("admin:tracks_deadline_change", args=[deadline.pk])

    response = admin_client.post(
        url,
        {
            "event": event.pk, "kind": deadline.kind, "label": "Papers due",
            "due_date": "2020-09-15", "due_time": "23:59", "time_zone": AOE, "date_only": "on",
            "changes-TOTAL_FORMS": "0", "changes-INITIAL_FORMS": "0",
        },
    )  # fmt: skip

    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.due == aware(2020, 9, 16, 11, 59)
    change = deadline.changes.get()
    assert (change.previous_due, change.changed_by) == (aware(2020, 9, 2, 11, 59), admin_user)
