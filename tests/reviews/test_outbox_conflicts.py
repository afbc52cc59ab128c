import pytest
from django.urls import reverse

from mails.services import queue_email
from reviews.enums import Decision
from reviews.models import DecisionNotification
from submissions.enums import SubmissionState
from tests.factories.reviews import ConflictFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import MembershipFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


def test_a_conflicted_organizer_does_not_read_that_proposals_decision_emails(client):
    own = SubmissionFactory(state=SubmissionState.ACCEPTED, title="Own paper")
    other = SubmissionFactory(event=own.event, state=SubmissionState.ACCEPTED, title="Other")
    organizer = MembershipFactory(event=own.event, role=CommitteeRole.ORGANIZER).user
    ConflictFactory(submission=own, user=organizer)
    emails = {}
    for submission in (own, other):
        emails[submission.pk] = queue_email(
            to=submission.created_by.email, subject=f"Accepted: {submission.title}",
            body="Reviews: …", event=own.event,
        )  # fmt: skip
        DecisionNotification.objects.create(
            submission=submission, decision=Decision.ACCEPT,
            recipient=submission.created_by, email=emails[submission.pk],
        )  # fmt: skip
    client.force_login(organizer)

    outbox = client.get(reverse("reviews:outbox", args=[own.event.slug])).content.decode()
    hidden = client.get(reverse("reviews:outbox-email", args=[own.event.slug, emails[own.pk].pk]))
    shown = client.get(reverse("reviews:outbox-email", args=[own.event.slug, emails[other.pk].pk]))

    assert ("Accepted: Own paper" in outbox, "Accepted: Other" in outbox) == (False, True)
    assert (hidden.status_code, shown.status_code) == (404, 200)
