"""The people on a proposal: co-speakers invited by email, co-authors, author order, bios."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from conf_portal.links import site_url
from mails.services import queue_email

from ..models import CoAuthor, Speaker, SpeakerInvitation, SpeakerProfile, Submission
from ..selectors import author_list
from .editing import bump_version


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
            "url": site_url(invitation.get_absolute_url()),
            "site_name": settings.SITE_NAME,
        })  # fmt: skip
        queue_email(
            to=email,
            subject=f"Join “{submission.title}” as a co-speaker at {submission.event.name}",
            body=body,
            event=submission.event,
            about=[submission],
        )
    return invitation


def accept_invitation(*, invitation, user) -> Speaker:
    """Add the user as the next speaker. Accepting twice changes nothing."""
    with transaction.atomic():
        invitation = SpeakerInvitation.objects.select_for_update().get(pk=invitation.pk)
        submission = invitation.submission
        speaker, created = Speaker.objects.get_or_create(
            submission=submission, user=user, defaults={"position": _next_position(submission)}
        )
        if created:
            bump_version(submission, user)
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


def add_coauthor(*, submission: Submission, data: dict, by) -> CoAuthor:
    """Add a non-speaking co-author at the end of the author list."""
    with transaction.atomic():
        coauthor = CoAuthor(submission=submission, position=_next_position(submission), **data)
        coauthor.full_clean()
        coauthor.save()
        bump_version(submission, by)
    return coauthor


def update_coauthor(*, coauthor: CoAuthor, data: dict, by) -> CoAuthor:
    with transaction.atomic():
        for field, value in data.items():
            setattr(coauthor, field, value)
        coauthor.full_clean()
        coauthor.save()
        bump_version(coauthor.submission, by)
    return coauthor


def remove_coauthor(*, coauthor: CoAuthor, by) -> None:
    with transaction.atomic():
        submission = coauthor.submission
        coauthor.delete()
        _renumber(submission, _ordered(submission))
        bump_version(submission, by)


def move_author(*, submission: Submission, author, offset: int, by) -> None:
    """Move a speaker or co-author ``offset`` places up (negative) or down the author list."""
    with transaction.atomic():
        authors = _ordered(submission)
        index = next(
            i for i, a in enumerate(authors) if type(a) is type(author) and a.pk == author.pk
        )
        target = min(max(index + offset, 0), len(authors) - 1)
        if target == index:
            return
        authors.insert(target, authors.pop(index))
        _renumber(submission, authors)
        bump_version(submission, by)


def set_speaker_bio(*, event, user, bio: str) -> SpeakerProfile:
    """A speaker's bio for this event; an empty one falls back to their profile bio."""
    profile, _ = SpeakerProfile.objects.update_or_create(
        event=event, user=user, defaults={"bio": bio.strip()}
    )
    return profile


def _ordered(submission: Submission) -> list:
    return author_list(
        Submission.objects.prefetch_related("speakers__user", "coauthors").get(pk=submission.pk)
    )


def _renumber(submission: Submission, authors: list) -> None:
    for position, author in enumerate(authors):
        if author.position != position:
            type(author).objects.filter(pk=author.pk).update(position=position)
            author.position = position


def _next_position(submission: Submission) -> int:
    return len(_ordered(submission))


def remove_speaker(*, speaker: Speaker, by) -> None:
    """A speaker removes a co-speaker, or leaves; a proposal always keeps one speaker."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=speaker.submission_id)
        if submission.speakers.count() <= 1:
            raise ValidationError("A proposal needs at least one speaker.")
        speaker.delete()
        _renumber(submission, _ordered(submission))
        bump_version(submission, by)


def cancel_invitation(*, invitation: SpeakerInvitation) -> None:
    """Withdraw an invitation nobody accepted yet; its link stops working."""
    if invitation.accepted_at is None:
        invitation.delete()
