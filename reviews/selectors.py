"""Querysets about the committee that several pages and the assignment share."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from submissions.models import Submission
from tracks.enums import CommitteeRole
from tracks.models import Membership

from .enums import REVIEWABLE_STATES


@dataclass(frozen=True)
class CommitteeReviewer:
    user_id: int
    track_ids: frozenset[int] | None  # None: the whole event

    def covers(self, track_id: int) -> bool:
        return self.track_ids is None or track_id in self.track_ids


def reviewable_submissions(event, track_ids=None):
    """Proposals under review in the event, optionally limited to some tracks."""
    queryset = Submission.objects.filter(event=event, state__in=REVIEWABLE_STATES)
    if track_ids is not None:
        queryset = queryset.filter(track_id__in=track_ids)
    return queryset


def committee_reviewers(event) -> list[CommitteeReviewer]:
    """Everyone with the reviewer role in the event, with the tracks they review (2 queries)."""
    memberships = Membership.objects.filter(
        event=event, role=CommitteeRole.REVIEWER
    ).prefetch_related("tracks")
    return [
        CommitteeReviewer(
            user_id=m.user_id,
            track_ids=frozenset(t.pk for t in m.tracks.all()) or None,
        )
        for m in memberships
    ]


def reviewer_users(event):
    """The users with the reviewer role in the event, by name."""
    return (
        get_user_model()
        .objects.filter(memberships__event=event, memberships__role=CommitteeRole.REVIEWER)
        .order_by("name", "email")
    )
