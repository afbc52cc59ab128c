"""Querysets about the committee that several pages and the assignment share."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q

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


def review_form_for(submission):
    """The most specific review form for the proposal (track and type, track, type, event);
    the event gets a default form (overall 1–5, confidence 1–4) when it has none."""
    from .models import ReviewForm

    forms = ReviewForm.objects.filter(event_id=submission.event_id).filter(
        Q(track__isnull=True) | Q(track_id=submission.track_id),
        Q(session_type__isnull=True) | Q(session_type_id=submission.session_type_id),
    )
    best = max(
        forms,
        key=lambda form: (form.track_id is not None, form.session_type_id is not None),
        default=None,
    )
    if best is None:
        best, _ = ReviewForm.objects.get_or_create(
            event_id=submission.event_id,
            track=None,
            session_type=None,
            defaults={
                "name": "Review",
                "overall_labels": DEFAULT_OVERALL_LABELS,
                "confidence_labels": DEFAULT_CONFIDENCE_LABELS,
            },
        )
    return best


DEFAULT_OVERALL_LABELS = {
    "1": "Strong reject",
    "2": "Weak reject",
    "3": "Borderline",
    "4": "Weak accept",
    "5": "Strong accept",
}
DEFAULT_CONFIDENCE_LABELS = {
    "1": "Low: an educated guess",
    "2": "Medium: I know the area",
    "3": "High: I work on this",
    "4": "Expert: I know the related work thoroughly",
}


def chair_ids(submission) -> set[int]:
    """The users who chair the proposal: the event's organizers and its track's chairs."""
    chairs = Membership.objects.filter(event_id=submission.event_id).filter(
        Q(role=CommitteeRole.ORGANIZER)
        | Q(role=CommitteeRole.TRACK_CHAIR, tracks=submission.track_id)
        | Q(role=CommitteeRole.TRACK_CHAIR, tracks__isnull=True)
    )
    return set(chairs.values_list("user_id", flat=True))
