"""Who is due a reminder of each kind of deadline, worked out from the database with a constant
number of queries per event (never one per recipient or per proposal)."""

from collections import defaultdict
from datetime import datetime
from typing import NamedTuple

from django.db.models import Q
from django.urls import reverse

from reviews.access import review_settings
from reviews.conflicts import conflict_map
from reviews.enums import REVIEWABLE_STATES
from reviews.models import Bid, DecisionNotification, ReviewAssignment
from reviews.services.reviewer_mail import unfinished
from submissions.enums import DELIVERING_STATES, SubmissionState
from submissions.models import Deliverable, DeliverableRequirement, Speaker
from submissions.services.cfp import event_extensions
from tracks.enums import CommitteeRole, DeadlineKind
from tracks.models import Membership

from .rules import BID_ITEM


class DueItem(NamedTuple):
    """One thing one person has to do before one deadline instant."""

    kind: str
    user_id: int
    email: str
    name: str
    due: datetime
    zone_name: str
    submission_id: int | None
    title: str
    link: str  # a path on the site
    item: str = ""  # "" for the kind's own items, BID_ITEM for a reviewer's bids


class _Scope(NamedTuple):
    pk: int | None


class Deadlines:
    """The event's deadlines, and the one that applies to a track and type (cached)."""

    def __init__(self, event, deadlines):
        self.event = event
        self.all = list(deadlines)
        self._cache = {}

    def applicable(self, kind, track_id, session_type_id):
        key = (kind, track_id, session_type_id)
        if key not in self._cache:
            from tracks.selectors import applicable_deadline

            self._cache[key] = applicable_deadline(
                self.all, kind, track=_Scope(track_id), session_type=_Scope(session_type_id)
            )
        return self._cache[key]

    def zone_of(self, closing) -> str:
        return closing.time_zone or self.event.time_zone


def _path(name: str, event, **kwargs) -> str:
    return reverse(name, kwargs={"event": event.slug, **kwargs})


def _proposal_paths(event):
    base = _path("submissions:detail", event, pk=987654321)
    return lambda pk: base.replace("987654321", str(pk))


def due_items(event, kinds, *, now, deadlines=None) -> list[DueItem]:
    """Everything due before a deadline still ahead of ``now``, for each of ``kinds``."""
    deadlines = deadlines or Deadlines(event, event.deadlines.all())
    items = []
    for kind in kinds:
        items.extend(COLLECTORS[kind](event, deadlines, now))
    return items


def _speaker_rows(event, submissions: Q, *extra):
    return Speaker.objects.filter(
        Q(submission__event=event, user__is_active=True) & submissions
    ).values_list(
        "submission_id", "submission__title", "submission__track_id",
        "submission__session_type_id", "user_id", "user__email", "user__name", *extra,
    )  # fmt: skip


def submissions_due(event, deadlines, now) -> list[DueItem]:
    """Speakers of drafts, each against the proposal's own deadline: the call's for its track
    and type, or a later extension covering it (for the proposal, one of its speakers, or the
    access code it redeemed)."""
    rows = list(_speaker_rows(event, Q(submission__state=SubmissionState.DRAFT),
                              "submission__access_code_id"))  # fmt: skip
    if not rows:
        return []
    by_target = defaultdict(list)
    for extension in event_extensions(event):
        target = (
            ("s", extension.submission_id)
            if extension.submission_id
            else (("u", extension.user_id) if extension.user_id else ("c", extension.pk))
        )
        by_target[target].append(extension)
    speakers = defaultdict(list)
    for row in rows:
        speakers[row[0]].append(row)
    link = _proposal_paths(event)
    items = []
    for submission_id, mine in speakers.items():
        _, title, track_id, type_id, _, _, _, code_id = mine[0]
        deadline = deadlines.applicable(DeadlineKind.CFP_CLOSES, track_id, type_id)
        if deadline is None:
            continue
        targets = [("s", submission_id), ("c", code_id), *(("u", row[4]) for row in mine)]
        closing = max(
            [deadline, *(
                extension for target in targets for extension in by_target.get(target, ())
                if extension.covers(track_id, type_id)
            )],
            key=lambda closing: closing.due,
        )  # fmt: skip
        if closing.due <= now:
            continue
        zone_name, path = deadlines.zone_of(closing), link(submission_id)
        items.extend(
            DueItem(DeadlineKind.CFP_CLOSES, row[4], row[5], row[6], closing.due, zone_name,
                    submission_id, title, path)
            for row in mine
        )  # fmt: skip
    return items


def _per_proposal(kind, deadlines, now, rows, link, title=None):
    items = []
    for submission_id, name, track_id, type_id, user_id, email, user_name, *rest in rows:
        deadline = deadlines.applicable(kind, track_id, type_id)
        if deadline is None or deadline.due <= now:
            continue
        items.append(DueItem(
            kind, user_id, email, user_name, deadline.due, deadlines.zone_of(deadline),
            submission_id, title(name, *rest) if title else name, link(submission_id),
        ))  # fmt: skip
    return items


def confirmations_due(event, deadlines, now) -> list[DueItem]:
    """Speakers told of their acceptance who have not confirmed yet."""
    rows = _speaker_rows(
        event, Q(submission__state=SubmissionState.ACCEPTED, submission__announced_state="")
    )
    return _per_proposal(
        DeadlineKind.CONFIRMATION_DUE, deadlines, now, rows, _proposal_paths(event)
    )


def _deliverables_due(kind):
    def collect(event, deadlines, now) -> list[DueItem]:
        """Speakers of accepted or confirmed sessions (as they were told) missing a required
        deliverable due at this kind of deadline."""
        requirements = defaultdict(list)
        for pk, type_id, title in DeliverableRequirement.objects.filter(
            session_type__event=event, required=True, deadline_kind=kind
        ).values_list("pk", "session_type_id", "title"):
            requirements[type_id].append((pk, title))
        if not requirements:
            return []
        delivered = set(
            Deliverable.objects.filter(
                submission__event=event, requirement__deadline_kind=kind
            ).values_list("submission_id", "requirement_id")
        )
        rows = []
        for row in _speaker_rows(event, Q(
            submission__state__in=DELIVERING_STATES, submission__announced_state="",
            submission__session_type_id__in=list(requirements),
        )):  # fmt: skip
            missing = [title for pk, title in requirements[row[3]] if (row[0], pk) not in delivered]
            if missing:
                rows.append((*row, ", ".join(missing)))
        return _per_proposal(kind, deadlines, now, rows, _proposal_paths(event),
                             title=lambda name, missing: f"{name} ({missing})")  # fmt: skip

    return collect


def responses_due(event, deadlines, now) -> list[DueItem]:
    """Authors who have not responded, while the event's response round is open for their
    proposal: reviews are due (or have no deadline) and the response deadline is ahead."""
    if not review_settings(event).author_response:
        return []
    speaker_knows_reviewing = Q(submission__announced_state__in=REVIEWABLE_STATES) | Q(
        submission__announced_state="", submission__state__in=REVIEWABLE_STATES
    )
    told = DecisionNotification.objects.filter(submission__event=event).values("submission_id")
    rows = [
        row
        for row in _speaker_rows(event, speaker_knows_reviewing)
        .exclude(submission__in=told)
        .exclude(submission__author_response__submitted_at__isnull=False)
        if not _reviews_still_due(deadlines, row[2], row[3], now)
    ]
    return _per_proposal(DeadlineKind.RESPONSE_DUE, deadlines, now, rows, _proposal_paths(event))


def _reviews_still_due(deadlines, track_id, type_id, now) -> bool:
    reviews_due = deadlines.applicable(DeadlineKind.REVIEWS_DUE, track_id, type_id)
    return reviews_due is not None and reviews_due.due > now


def reviews_due(event, deadlines, now) -> list[DueItem]:
    """Reviewers with unfinished reviews (drafts count) of proposals under review, never of a
    proposal they are in conflict with; and, while bidding is open (proposals under review),
    reviewers who have neither bid nor been assigned anything."""
    rows = list(
        unfinished(ReviewAssignment.objects.filter(
            submission__event=event, submission__state__in=REVIEWABLE_STATES,
            reviewer__is_active=True,
        )).values_list(
            "submission_id", "submission__title", "submission__track_id",
            "submission__session_type_id", "reviewer_id", "reviewer__email", "reviewer__name",
        )
    )  # fmt: skip
    if rows:
        conflicted = conflict_map(
            event, submission_ids={row[0] for row in rows}, user_ids={row[4] for row in rows}
        )
        rows = [row for row in rows if (row[0], row[4]) not in conflicted]
    home = _path("reviews:home", event)
    items = _per_proposal(DeadlineKind.REVIEWS_DUE, deadlines, now, rows, lambda pk: home)
    return items + _bids_due(event, deadlines, now)


def _bids_due(event, deadlines, now) -> list[DueItem]:
    pairs = set(
        event.submissions.filter(state__in=REVIEWABLE_STATES)
        .values_list("track_id", "session_type_id")
        .distinct()
    )
    if not pairs:
        return []
    busy = set(Bid.objects.filter(submission__event=event).values_list("user_id", flat=True))
    busy |= set(
        ReviewAssignment.objects.filter(submission__event=event).values_list(
            "reviewer_id", flat=True
        )
    )
    reviewers = (
        Membership.objects.filter(event=event, role=CommitteeRole.REVIEWER, user__is_active=True)
        .exclude(user_id__in=busy)
        .select_related("user")
        .prefetch_related("tracks")
    )
    path, items = _path("reviews:bids", event), []
    for membership in reviewers:
        scope = {track.pk for track in membership.tracks.all()}
        applying = [
            deadline
            for track_id, type_id in pairs
            if not scope or track_id in scope
            if (deadline := deadlines.applicable(DeadlineKind.REVIEWS_DUE, track_id, type_id))
            and deadline.due > now
        ]
        if not applying:
            continue
        first = min(applying, key=lambda deadline: deadline.due)
        user = membership.user
        items.append(DueItem(
            DeadlineKind.REVIEWS_DUE, user.pk, user.email, user.name, first.due,
            deadlines.zone_of(first), None, "Bid on the proposals you would like to review",
            path, BID_ITEM,
        ))  # fmt: skip
    return items


COLLECTORS = {
    DeadlineKind.CFP_CLOSES: submissions_due,
    DeadlineKind.CONFIRMATION_DUE: confirmations_due,
    DeadlineKind.CAMERA_READY: _deliverables_due(DeadlineKind.CAMERA_READY),
    DeadlineKind.MATERIALS_DUE: _deliverables_due(DeadlineKind.MATERIALS_DUE),
    DeadlineKind.RESPONSE_DUE: responses_due,
    DeadlineKind.REVIEWS_DUE: reviews_due,
}
