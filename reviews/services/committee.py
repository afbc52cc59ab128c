"""The committee: invitations by email, members and their scope, reviewer profiles."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from conf_portal.links import site_url
from mails.services import queue_email
from tracks.enums import CommitteeRole
from tracks.models import Membership

from ..enums import InvitationStatus
from ..models import CommitteeInvitation, ReviewAssignment, ReviewerProfile

KEYWORD_SEPARATORS = re.compile(r"[,;\n]")


def invite_committee_members(
    *, event, emails: list[str], role: str, tracks, message: str, by
) -> list[CommitteeInvitation]:
    """Invite each address to the committee by email. An address with a pending invitation for
    the role gets it again (with the new scope and message), not a second one."""
    emails = list(dict.fromkeys(email.strip().lower() for email in emails if email.strip()))
    members = sorted(
        Membership.objects.filter(event=event, role=role, user__email__in=emails).values_list(
            "user__email", flat=True
        )
    )
    if members:
        label = CommitteeRole(role).label.lower()
        raise ValidationError(
            {"emails": f"Already {_article(label)} {label} of this event: {', '.join(members)}."}
        )
    invitations = []
    with transaction.atomic():
        for email in emails:
            invitation = (
                CommitteeInvitation.objects.select_for_update()
                .filter(event=event, email=email, role=role, status=InvitationStatus.PENDING)
                .first()
            ) or CommitteeInvitation(event=event, email=email, role=role)
            invitation.message = message.strip()
            invitation.invited_by = by
            invitation.save()
            invitation.tracks.set(tracks)
            _send_invitation(invitation)
            invitations.append(invitation)
    return invitations


def resend_invitation(*, invitation: CommitteeInvitation) -> bool:
    """Email a pending invitation again. Returns False if it is no longer pending."""
    if invitation.status != InvitationStatus.PENDING:
        return False
    with transaction.atomic():
        _send_invitation(invitation)
    return True


def withdraw_invitation(*, invitation: CommitteeInvitation) -> bool:
    """Withdraw a pending invitation: its link stops working. False if it was not pending."""
    with transaction.atomic():
        changed = CommitteeInvitation.objects.filter(
            pk=invitation.pk, status=InvitationStatus.PENDING
        ).update(status=InvitationStatus.WITHDRAWN, responded_at=timezone.now())
    invitation.refresh_from_db()
    return bool(changed)


def accept_committee_invitation(*, invitation: CommitteeInvitation, user) -> Membership:
    """Join the committee in the invited role and scope, and tell the inviter.

    A member who already has the role keeps it with the wider of both scopes. Accepting again
    with the same account changes nothing.
    """
    with transaction.atomic():
        invitation = CommitteeInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status == InvitationStatus.ACCEPTED and invitation.user_id == user.pk:
            return Membership.objects.get(event=invitation.event, user=user, role=invitation.role)
        _check_open(invitation)
        membership, created = Membership.objects.get_or_create(
            event=invitation.event, user=user, role=invitation.role
        )
        _widen_scope(membership, invitation, created=created)
        invitation.status = InvitationStatus.ACCEPTED
        invitation.responded_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["status", "responded_at", "user"])
        _tell_inviter(invitation, "accepted")
    user.__dict__.pop("_committee_roles", None)
    return membership


def decline_committee_invitation(
    *, invitation: CommitteeInvitation, user=None, reason: str = ""
) -> CommitteeInvitation:
    """Decline an invitation (from the email link, no account needed) and tell the inviter.
    Declining twice changes nothing."""
    with transaction.atomic():
        invitation = CommitteeInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status == InvitationStatus.DECLINED:
            return invitation
        _check_open(invitation)
        invitation.status = InvitationStatus.DECLINED
        invitation.responded_at = timezone.now()
        invitation.user = user if user is not None and user.is_authenticated else None
        invitation.save(update_fields=["status", "responded_at", "user"])
        _tell_inviter(invitation, "declined", reason=reason.strip())
    return invitation


def remove_member(*, membership: Membership, by) -> None:
    """Take one role away from a committee member.

    Never the last organizer, never the person doing it, and not a reviewer who still has
    assigned proposals (unassign them first, so that no review is silently dropped).
    """
    with transaction.atomic():
        if membership.user_id == by.pk:
            raise ValidationError("You cannot remove yourself from the committee.")
        if membership.role == CommitteeRole.ORGANIZER:
            organizers = Membership.objects.select_for_update().filter(
                event_id=membership.event_id, role=CommitteeRole.ORGANIZER
            )
            if len(organizers) <= 1:
                raise ValidationError("An event needs at least one organizer.")
        if membership.role == CommitteeRole.REVIEWER:
            assigned = ReviewAssignment.objects.filter(
                reviewer_id=membership.user_id, submission__event_id=membership.event_id
            ).count()
            if assigned:
                raise ValidationError(
                    f"{membership.user} still has {assigned} assigned proposal"
                    f"{'s' if assigned != 1 else ''}: unassign them first."
                )
        membership.delete()


def update_member_scope(*, membership: Membership, tracks) -> Membership:
    """Limit a reviewer or track chair to some tracks; no tracks means the whole event."""
    if membership.role == CommitteeRole.ORGANIZER:
        raise ValidationError("Organizers always manage the whole event.")
    tracks = list(tracks)
    if any(track.event_id != membership.event_id for track in tracks):
        raise ValidationError("Choose tracks of this event.")
    with transaction.atomic():
        membership.tracks.set(tracks)
    return membership


def save_reviewer_profile(
    *,
    event,
    user,
    keywords: str,
    expertise: str,
    affiliation: str,
    other_affiliations: str,
    max_load: int | None,
    activity_emails: bool = True,
) -> ReviewerProfile:
    """Save what a member tells the chairs for this event; the affiliation is the account's."""
    with transaction.atomic():
        profile, _ = ReviewerProfile.objects.update_or_create(
            event=event,
            user=user,
            defaults={
                "keywords": normalize_keywords(keywords),
                "expertise": expertise.strip(),
                "other_affiliations": "\n".join(
                    line.strip() for line in other_affiliations.splitlines() if line.strip()
                ),
                "max_load": max_load,
                "activity_emails": activity_emails,
            },
        )
        affiliation = affiliation.strip()
        if user.affiliation != affiliation:
            user.affiliation = affiliation
            user.save(update_fields=["affiliation"])
    return profile


def normalize_keywords(keywords: str) -> str:
    """“gpu; MPI,, gpu” → “gpu, MPI”: one comma-separated list, each keyword once."""
    seen: dict[str, str] = {}
    for keyword in KEYWORD_SEPARATORS.split(keywords):
        keyword = " ".join(keyword.split())
        if keyword and keyword.lower() not in seen:
            seen[keyword.lower()] = keyword
    return ", ".join(seen.values())


def _check_open(invitation: CommitteeInvitation) -> None:
    if invitation.status == InvitationStatus.WITHDRAWN:
        raise ValidationError("The organizers withdrew this invitation.")
    if invitation.status == InvitationStatus.ACCEPTED:
        raise ValidationError("This invitation was already accepted with another account.")
    if invitation.status == InvitationStatus.DECLINED:
        raise ValidationError("This invitation was declined.")


def _widen_scope(membership: Membership, invitation: CommitteeInvitation, *, created: bool):
    invited = list(invitation.tracks.all())
    if created:
        membership.tracks.set(invited)
    elif not invited:
        membership.tracks.clear()  # the whole event
    elif membership.tracks.exists():
        membership.tracks.add(*invited)
    # else: already the whole event, which covers the invited tracks


def _scope_label(invitation: CommitteeInvitation) -> str:
    names = [track.name for track in invitation.tracks.all()]
    return ", ".join(names) if names else "the whole event"


def _send_invitation(invitation: CommitteeInvitation) -> None:
    event = invitation.event
    body = render_to_string("reviews/email/committee_invitation.txt", {
        "invitation": invitation, "event": event, "scope": _scope_label(invitation),
        "inviter": invitation.invited_by.get_full_name() if invitation.invited_by else "",
        "url": site_url(invitation.get_absolute_url()), "site_name": settings.SITE_NAME,
    })  # fmt: skip
    queue_email(
        to=invitation.email,
        subject=f"Join the {event.name} committee as {invitation.get_role_display().lower()}",
        body=body,
        event=event,
    )


def _tell_inviter(invitation: CommitteeInvitation, outcome: str, *, reason: str = "") -> None:
    inviter = invitation.invited_by
    if inviter is None:
        return
    event = invitation.event
    body = render_to_string("reviews/email/committee_response.txt", {
        "invitation": invitation, "event": event, "outcome": outcome, "reason": reason,
        "who": invitation.user.get_full_name() if invitation.user else invitation.email,
        "scope": _scope_label(invitation), "site_name": settings.SITE_NAME,
        "url": site_url(reverse("reviews:manage-committee", kwargs={"event": event.slug})),
    })  # fmt: skip
    queue_email(
        to=inviter.email,
        subject=f"{invitation.email} {outcome} your invitation to the {event.name} committee",
        body=body,
        event=event,
    )


def _article(label: str) -> str:
    return "an" if label[0] in "aeiou" else "a"
