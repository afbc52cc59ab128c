"""The people on a proposal: co-speakers invited by email, co-authors, author order, bios."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from mails.services import queue_email

from ..models import Speaker, SpeakerInvitation, Submission


def invite_speaker(*, submission: Submission, email: str, by):
    """Invite a co-speaker by email; repeating an open invitation sends it again, not twice over."""
    email = email.strip().lower()
    if submission.speakers.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": "This person already speaks on this proposal."})
    with transaction.atomic():
        invitation, _ = SpeakerInvitation.objects.get_or_create(
            submission=submission, email=email, accepted_at=None, defaults={"invited_by": by}
        )
        body = render_to_string("submissions/email/invitation.txt", {
            "inviter": by.public_name, "submission": submission, "email": email,
            "url": settings.SITE_URL.rstrip("/") + invitation.get_absolute_url(),
            "site_name": settings.SITE_NAME,
        })  # fmt: skip
        queue_email(
            to=email,
            subject=f"Join “{submission.title}” as a co-speaker at {submission.event.name}",
            body=body,
            event=submission.event,
        )
    return invitation


def accept_invitation(*, invitation, user) -> Speaker:
    """Add the user as the next speaker. Accepting twice changes nothing."""
    with transaction.atomic():
        invitation = SpeakerInvitation.objects.select_for_update().get(pk=invitation.pk)
        submission = invitation.submission
        last = submission.speakers.order_by("-position").values_list("position", flat=True).first()
        speaker, _ = Speaker.objects.get_or_create(
            submission=submission, user=user, defaults={"position": (last or 0) + 1}
        )
        if invitation.accepted_at is None:
            invitation.accepted_at = timezone.now()
            invitation.accepted_by = user
            invitation.save(update_fields=["accepted_at", "accepted_by"])
    return speaker


def accept_invitations_for_email(*, user, email: str) -> int:
    """On sign-up, a confirmed address joins every proposal it was invited to."""
    pending = SpeakerInvitation.objects.filter(email__iexact=email, accepted_at__isnull=True)
    for invitation in pending:
        accept_invitation(invitation=invitation, user=user)
    return len(pending)
