"""Every outgoing subject is one header line, whatever a stored title holds."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mails.enums import EmailStatus
from mails.models import OutboundEmail
from mails.services import SUBJECT_MAX_LENGTH, queue_email, single_line
from reviews.services.discussion import post_comment
from submissions.enums import SubmissionState
from submissions.models import SpeakerInvitation
from tests.factories.reviews import ReviewAssignmentFactory, ReviewFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db

CHAIR = CommitteeRole.TRACK_CHAIR

MALLORY = "Mallory paper\r\nBcc: everyone@example.org\x0b\u2028end"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Plain “quoted” title · SciPy", "Plain “quoted” title · SciPy"),
        (MALLORY, "Mallory paper Bcc: everyone@example.org end"),
        ("\n\n  Leading\t\ttabs\r  ", "Leading tabs"),
        ("", ""),
    ],
)
def test_single_line_collapses_control_characters(raw, expected):
    assert single_line(raw) == expected


def test_single_line_caps_the_length():
    subject = single_line("word " * 200)

    assert len(subject) == SUBJECT_MAX_LENGTH
    assert subject.endswith("…")


def test_queue_email_stores_and_sends_a_one_line_subject(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_email(to="a@example.org", subject=f"About {MALLORY}", body="Text")

    email.refresh_from_db()
    assert email.subject == "About Mallory paper Bcc: everyone@example.org end"
    assert email.status == EmailStatus.SENT
    (message,) = mail.outbox
    assert message.subject == email.subject
    assert message.message()["Bcc"] is None


def test_invitation_for_a_stored_title_with_cr_lf_is_sent_on_one_line(
    client, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory(title=MALLORY)  # stored directly, bypassing the form
    client.force_login(submission.created_by)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("submissions:invite", args=[submission.event.slug, submission.pk]),
            {"email": "ruben@example.org"},
        )

    assert response.status_code == 302
    assert SpeakerInvitation.objects.get().email == "ruben@example.org"
    (message,) = mail.outbox
    assert message.subject.startswith("Join “Mallory paper Bcc: everyone@example.org end”")
    assert "\n" not in message.subject
    assert "\r" not in message.subject
    assert message.message()["Bcc"] is None
    assert OutboundEmail.objects.get().status == EmailStatus.SENT
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Invitation to ruben@example.org queued: it is emailed within a minute."
    ]


def test_comment_email_for_a_stored_title_with_cr_lf_is_sent_on_one_line(
    django_capture_on_commit_callbacks,
):
    submission = SubmissionFactory(title=MALLORY, state=SubmissionState.UNDER_REVIEW)
    chair = UserFactory(email="chair@example.org")
    MembershipFactory(
        event=submission.event,
        user=chair,
        role=CommitteeRole.TRACK_CHAIR,
        tracks=[submission.track],
    )
    reviewer = UserFactory()
    MembershipFactory(event=submission.event, user=reviewer, tracks=[submission.track])
    ReviewAssignmentFactory(submission=submission, reviewer=reviewer)
    ReviewFactory(submission=submission, reviewer=reviewer, submitted_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        post_comment(submission=submission, author=reviewer, text="Thoughts?")

    (message,) = mail.outbox
    assert message.to == ["chair@example.org"]
    assert message.subject == (
        f"New comment on “Mallory paper Bcc: everyone@example.org end” · {submission.event.name}"
    )
    assert OutboundEmail.objects.get().status == EmailStatus.SENT


def test_an_open_invitation_says_when_its_email_could_not_be_sent(client):
    submission = SubmissionFactory()
    client.force_login(submission.created_by)
    client.post(
        reverse("submissions:invite", args=[submission.event.slug, submission.pk]),
        {"email": "ruben@example.org"},
    )  # the on-commit task never runs in this test: the email stays queued
    edit = reverse("submissions:edit", args=[submission.event.slug, submission.pk])
    queued = client.get(edit).content.decode()
    OutboundEmail.objects.update(status=EmailStatus.FAILED)

    failed = client.get(edit).content.decode()

    assert "ruben@example.org" in queued
    assert "email queued" in queued
    assert "the email could not be sent: withdraw and invite again" in failed
