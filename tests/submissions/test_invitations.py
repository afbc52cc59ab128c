import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from submissions.models import SpeakerInvitation
from submissions.services import accept_invitation, invite_speaker
from tests.factories.submissions import SubmissionFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def _invite_url(submission):
    return reverse("submissions:invite", args=[submission.event.slug, submission.pk])


def test_inviting_sends_one_email_with_the_link(client, django_capture_on_commit_callbacks):
    submission = SubmissionFactory(title="pixi for science")
    client.force_login(submission.created_by)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_invite_url(submission), {"email": "Ruben.Arts@Example.org"})

    invitation = SpeakerInvitation.objects.get()
    (message,) = mail.outbox
    assert invitation.email == "ruben.arts@example.org"
    assert message.to == ["ruben.arts@example.org"]
    assert "pixi for science" in message.subject
    assert invitation.get_absolute_url() in message.body


def test_inviting_twice_keeps_one_open_invitation():
    submission = SubmissionFactory()

    first = invite_speaker(
        submission=submission, email="ruben@example.org", by=submission.created_by
    )
    again = invite_speaker(
        submission=submission, email="ruben@example.org", by=submission.created_by
    )

    assert first == again
    assert submission.invitations.count() == 1


def test_inviting_a_current_speaker_is_refused():
    submission = SubmissionFactory()

    with pytest.raises(Exception, match="already speaks"):
        invite_speaker(
            submission=submission, email=submission.created_by.email, by=submission.created_by
        )


def test_accepting_adds_the_next_speaker_once():
    submission = SubmissionFactory()
    invitation = invite_speaker(
        submission=submission, email="r@example.org", by=submission.created_by
    )
    ruben = UserFactory()

    accept_invitation(invitation=invitation, user=ruben)
    accept_invitation(invitation=invitation, user=ruben)

    assert [(s.user, s.position) for s in submission.speakers.all()] == [
        (submission.created_by, 0),
        (ruben, 1),
    ]


def test_signed_in_invitee_joins_from_the_link(client):
    submission = SubmissionFactory()
    invitation = invite_speaker(
        submission=submission, email="r@example.org", by=submission.created_by
    )
    ruben = UserFactory()
    client.force_login(ruben)

    response = client.post(invitation.get_absolute_url())

    assert response.url == submission.get_absolute_url()
    assert client.get(submission.get_absolute_url()).status_code == 200


def test_anonymous_invitee_is_asked_to_sign_in(client):
    submission = SubmissionFactory()
    invitation = invite_speaker(
        submission=submission, email="r@example.org", by=submission.created_by
    )

    page = client.get(invitation.get_absolute_url())
    post = client.post(invitation.get_absolute_url())

    assert "Sign up" in page.content.decode()
    assert post.url.startswith(reverse("account_login"))
    assert submission.speakers.count() == 1


def test_an_invitee_without_account_is_attached_when_confirming_the_address(
    client, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory()
    invite_speaker(submission=submission, email="new.speaker@example.org", by=submission.created_by)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), {
            "name": "Ruben Arts", "email": "new.speaker@example.org",
            "password1": "a-long-pass-2026",
            "password2": "a-long-pass-2026",
        })  # fmt: skip
    key_url = re.search(r"(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    client.post(key_url)

    assert EmailAddress.objects.get(email="new.speaker@example.org").verified
    assert submission.speakers.filter(user__email="new.speaker@example.org").exists()


def test_someone_who_is_not_a_speaker_cannot_invite(client):
    submission = SubmissionFactory()
    client.force_login(UserFactory())

    response = client.post(_invite_url(submission), {"email": "x@example.org"})

    assert response.status_code == 404
    assert not SpeakerInvitation.objects.exists()


def test_unknown_invitation_token_is_404(client):
    assert client.get(reverse("submissions:invitation", args=["nope"])).status_code == 404
