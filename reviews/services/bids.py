"""Reviewers' bids: how much they want to review each proposal."""

from django.core.exceptions import ValidationError
from django.db import transaction

from ..conflicts import conflict_map
from ..enums import REVIEWABLE_STATES, BidPreference, ConflictReason
from ..models import Bid
from ..rules import in_scope, reviewer_scope
from .conflicts import end_assignment

REASON_LABELS = {
    ConflictReason.IS_AUTHOR: "you are an author",
    ConflictReason.REVIEWER_DECLARED: "declared by you",
    ConflictReason.AUTHOR_DECLARED: "declared by an author",
    ConflictReason.CHAIR: "set by a chair",
    ConflictReason.SAME_DOMAIN: "same email domain",
    ConflictReason.SAME_AFFILIATION: "same affiliation",
    ConflictReason.COAUTHOR: "co-author of an author",
}


def locking_reasons(reasons) -> list[ConflictReason]:
    """The reasons of a conflict that the reviewer cannot lift by changing their bid."""
    return [reason for reason in reasons if reason != ConflictReason.REVIEWER_DECLARED]


def place_bid(*, submission, user, preference: str | None) -> Bid | None:
    """Save the user's bid on the proposal, or clear it when ``preference`` is None.

    Refuses proposals that are not under review, outside the tracks the user reviews, or
    with which the user has a conflict they did not declare themselves. Declaring a conflict ends
    the user's assignment to the proposal, if any.
    """
    if preference is not None and preference not in BidPreference.values:
        raise ValidationError("Choose eager, willing, not willing or conflict.")
    if submission.state not in REVIEWABLE_STATES:
        raise ValidationError("This proposal is not under review.")
    scope = reviewer_scope(user, submission.event)
    if scope == frozenset() or not in_scope(scope, submission.track_id):
        raise ValidationError("You do not review this proposal's track.")
    reasons = conflict_map(submission.event, submission_ids=[submission.pk], user_ids=[user.pk])
    locked = locking_reasons(reasons.get((submission.pk, user.pk), []))
    if locked:
        labels = ", ".join(REASON_LABELS[reason] for reason in locked)
        raise ValidationError(f"You have a conflict of interest with this proposal ({labels}).")
    with transaction.atomic():
        if preference is None:
            Bid.objects.filter(submission=submission, user=user).delete()
            return None
        bid, _ = Bid.objects.update_or_create(
            submission=submission, user=user, defaults={"preference": preference}
        )
        if preference == BidPreference.CONFLICT:
            end_assignment(submission=submission, user=user)
        return bid
