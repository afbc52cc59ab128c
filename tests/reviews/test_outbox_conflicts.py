"""The outbox hides every email about a proposal from organizers in conflict with it: decision
emails carry its reviews, assignment emails and reminders name its reviewers."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from mails.models import OutboundEmail
from mails.services import queue_email
from reviews.enums import Decision
from reviews.models import DecisionNotification
from reviews.services.notifications import send_decision_notifications
from reviews.services.reviewer_mail import send_assignment_emails
from submissions.enums import SubmissionState
from tests.factories.reviews import ConflictFactory, ReviewAssignmentFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import MembershipFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    own = SubmissionFactory(state=SubmissionState.ACCEPTED, title="Own paper")
    other = SubmissionFactory(event=own.event, state=SubmissionState.ACCEPTED, title="Other")
    organizer = MembershipFactory(event=own.event, role=CommitteeRole.ORGANIZER).user
    ConflictFactory(submission=own, user=organizer)
    return own, other, organizer


def test_a_conflicted_organizer_does_not_read_that_proposals_decision_emails(client, world):
    own, other, organizer = world
    send_decision_notifications(event_id=own.event_id, submission_ids=[own.pk, other.pk])
    emails = {email.subject: email for email in OutboundEmail.objects.all()}
    client.force_login(organizer)

    outbox = client.get(reverse("reviews:outbox", args=[own.event.slug])).content.decode()
    hidden, shown = (
        client.get(reverse("reviews:outbox-email", args=[own.event.slug, emails[subject].pk]))
        for subject in (
            f"Accepted at {own.event.name}: {title}" for title in ("Own paper", "Other")
        )
    )

    assert ("Own paper" in outbox, "Other" in outbox) == (False, True)
    assert (hidden.status_code, shown.status_code) == (404, 200)


def test_nor_the_emails_that_name_its_reviewers(client, world):
    own, other, organizer = world
    for submission in (own, other):
        submission.state = SubmissionState.SUBMITTED
        submission.save()
    reviewer = MembershipFactory(event=own.event, role=CommitteeRole.REVIEWER).user
    ReviewAssignmentFactory(submission=own, reviewer=reviewer)
    other_reviewer = MembershipFactory(event=own.event, role=CommitteeRole.REVIEWER).user
    ReviewAssignmentFactory(submission=other, reviewer=other_reviewer)
    send_assignment_emails(
        event_id=own.event_id, assignment_ids=list(own.assignments.values_list("pk", flat=True))
        + list(other.assignments.values_list("pk", flat=True)),
    )  # fmt: skip
    client.force_login(organizer)

    outbox = client.get(reverse("reviews:outbox", args=[own.event.slug])).content.decode()

    assert OutboundEmail.objects.count() == 2
    assert reviewer.email not in outbox
    assert other_reviewer.email in outbox


def test_decision_emails_sent_before_the_link_existed_are_linked_by_the_migration(world):
    own, _, _ = world
    email = queue_email(to="a@x.org", subject="Accepted", body="…", event=own.event)
    DecisionNotification.objects.create(
        submission=own, decision=Decision.ACCEPT, recipient=own.created_by, email=email
    )
    migration = importlib.import_module("reviews.migrations.0010_decision_emails_about")

    migration.link_decision_emails(apps, None)
    migration.link_decision_emails(apps, None)  # running twice changes nothing

    assert list(email.submissions.all()) == [own]
