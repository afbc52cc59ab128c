"""Conflicts of interest that authors declare and chairs set or clear."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from tracks.enums import CommitteeRole
from tracks.models import Membership

from ..enums import CONFLICT_DECLARING_STATES, ConflictSource
from ..models import Conflict, ReviewAssignment

DECLARABLE_ROLES = (CommitteeRole.REVIEWER, CommitteeRole.TRACK_CHAIR)


def declarable_members(event):
    """The committee members authors may declare a conflict with: reviewers and chairs."""
    return (
        get_user_model()
        .objects.filter(memberships__event=event, memberships__role__in=DECLARABLE_ROLES)
        .distinct()
        .order_by("name", "email")
    )


def _check_member(*, submission, user, roles=None) -> None:
    memberships = Membership.objects.filter(event_id=submission.event_id, user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    if not memberships.exists():
        raise ValidationError("Choose a member of this event's committee.")


def end_assignment(*, submission, user) -> bool:
    """A member now in conflict with the proposal stops reviewing it; True if they did."""
    deleted, _ = ReviewAssignment.objects.filter(submission=submission, reviewer=user).delete()
    return bool(deleted)


def _check_chair_not_conflicted(*, submission, chair) -> None:
    from ..conflicts import conflict_map

    if conflict_map(submission.event, submission_ids=[submission.pk], user_ids=[chair.pk]):
        raise ValidationError(
            "You have a conflict with this proposal: another chair decides its conflicts."
        )


def declare_author_conflict(*, submission, user, reason: str = "", declared_by) -> Conflict:
    """Record that an author of the proposal declares a conflict with a committee member, who
    stops reviewing it. Only until the authors are told the decision."""
    if submission.speaker_state not in CONFLICT_DECLARING_STATES:
        raise ValidationError("Conflicts can be declared only until the decision.")
    _check_member(submission=submission, user=user, roles=DECLARABLE_ROLES)
    if submission.speakers.filter(user=user).exists():
        raise ValidationError("This member is a speaker of the proposal.")
    with transaction.atomic():
        end_assignment(submission=submission, user=user)
        conflict, created = Conflict.objects.get_or_create(
            submission=submission,
            user=user,
            source=ConflictSource.AUTHOR,
            defaults={"reason": reason.strip(), "created_by": declared_by},
        )
        if not created and reason.strip() and conflict.reason != reason.strip():
            conflict.reason = reason.strip()
            conflict.save(update_fields=["reason"])
    return conflict


def withdraw_author_conflict(*, conflict: Conflict) -> None:
    """Remove a conflict an author declared."""
    with transaction.atomic():
        Conflict.objects.filter(pk=conflict.pk, source=ConflictSource.AUTHOR).delete()


def set_chair_conflict(*, submission, user, reason: str = "", set_by) -> Conflict:
    """A chair marks the pair as conflicted (replacing a clearance of the pair, if any); the
    member stops reviewing the proposal."""
    _check_member(submission=submission, user=user)
    _check_chair_not_conflicted(submission=submission, chair=set_by)
    with transaction.atomic():
        end_assignment(submission=submission, user=user)
        conflict, _ = Conflict.objects.update_or_create(
            submission=submission,
            user=user,
            source=ConflictSource.CHAIR,
            defaults={"is_conflict": True, "reason": reason.strip(), "created_by": set_by},
        )
    return conflict


def clear_detected_conflict(*, submission, user, note: str, cleared_by) -> Conflict:
    """A chair states that the automatically detected reasons of the pair are no conflict.

    What the reviewer or an author declared still stands.
    """
    if not note.strip():
        raise ValidationError("Say why this is not a conflict.")
    _check_member(submission=submission, user=user)
    _check_chair_not_conflicted(submission=submission, chair=cleared_by)
    with transaction.atomic():
        conflict, _ = Conflict.objects.update_or_create(
            submission=submission,
            user=user,
            source=ConflictSource.CHAIR,
            defaults={"is_conflict": False, "reason": note.strip(), "created_by": cleared_by},
        )
    return conflict


def remove_chair_decision(*, submission, user, by) -> bool:
    """Undo a chair's conflict or clearance of the pair; True if there was one."""
    _check_chair_not_conflicted(submission=submission, chair=by)
    with transaction.atomic():
        deleted, _ = Conflict.objects.filter(
            submission=submission, user=user, source=ConflictSource.CHAIR
        ).delete()
    return bool(deleted)
