"""Everything an assignment run needs from the database, in a constant number of queries."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from submissions.enums import SubmissionState
from submissions.models import Speaker

from ..conflicts import conflict_map
from ..enums import REVIEWABLE_STATES, BidPreference, ConstraintKind
from ..models import AssignmentConstraint, Bid, ReviewAssignment, ReviewerProfile
from ..selectors import committee_reviewers, reviewable_submissions


@dataclass
class SubmissionRow:
    id: int
    title: str
    abstract: str
    description: str
    track_id: int
    track_name: str


@dataclass
class ReviewerRow:
    id: int
    label: str
    track_ids: frozenset[int] | None
    keywords: str = ""
    expertise: str = ""
    authored: str = ""
    cap: int | None = None  # the reviewer's own max load (profile)
    held: int = 0  # reviews held outside the run


@dataclass
class RunInputs:
    submissions: list[SubmissionRow]
    reviewers: list[ReviewerRow]
    bids: dict[tuple[int, int], str]
    conflicts: dict[tuple[int, int], list[str]]
    pins: set[tuple[int, int]]
    forbidden: set[tuple[int, int]]
    current: set[tuple[int, int]]  # assignments inside the run's scope


def load_run_inputs(run) -> RunInputs:
    event = run.event
    track_ids = list(run.tracks.values_list("pk", flat=True)) or None
    scope = reviewable_submissions(event, track_ids)
    submissions = [
        SubmissionRow(*row)
        for row in scope.order_by("pk").values_list(
            "pk", "title", "abstract", "description", "track_id", "track__name"
        )
    ]
    reviewers = _reviewers(event, track_ids)
    user_ids = [r.id for r in reviewers]
    submission_ids = {s.id for s in submissions}
    inside = _held_and_current(event, reviewers, submission_ids)
    return RunInputs(
        submissions=submissions,
        reviewers=reviewers,
        bids=_bids(scope, user_ids),
        conflicts={
            pair: reasons
            for pair, reasons in conflict_map(event, user_ids=user_ids).items()
            if pair[0] in submission_ids
        },
        pins=_constraints(scope, ConstraintKind.PIN),
        forbidden=_constraints(scope, ConstraintKind.FORBID),
        current=inside,
    )


def _reviewers(event, track_ids) -> list[ReviewerRow]:
    wanted = None if track_ids is None else set(track_ids)
    scoped = {
        r.user_id: r.track_ids
        for r in committee_reviewers(event)
        if wanted is None or r.track_ids is None or r.track_ids & wanted
    }
    users = get_user_model().objects.filter(pk__in=list(scoped)).order_by("pk")
    rows = {
        pk: ReviewerRow(pk, name or email, scoped[pk])
        for pk, name, email in users.values_list("pk", "name", "email")
    }
    for user_id, keywords, expertise, cap in ReviewerProfile.objects.filter(
        event=event, user_id__in=list(scoped)
    ).values_list("user_id", "keywords", "expertise", "max_load"):
        rows[user_id].keywords, rows[user_id].expertise, rows[user_id].cap = (
            keywords,
            expertise,
            cap,
        )
    authored = defaultdict(list)
    for user_id, title, abstract in (
        Speaker.objects.filter(submission__event=event, user_id__in=list(scoped))
        .exclude(submission__state=SubmissionState.DRAFT)
        .values_list("user_id", "submission__title", "submission__abstract")
    ):
        authored[user_id] += [title, abstract]
    for user_id, texts in authored.items():
        rows[user_id].authored = "\n".join(texts)
    return list(rows.values())


def _held_and_current(event, reviewers, submission_ids) -> set[tuple[int, int]]:
    """Counts each reviewer's reviews outside the run on their row; returns those inside."""
    by_id = {r.id: r for r in reviewers}
    current = set()
    for submission_id, reviewer_id in ReviewAssignment.objects.filter(
        submission__event=event,
        submission__state__in=REVIEWABLE_STATES,
        reviewer_id__in=by_id,
    ).values_list("submission_id", "reviewer_id"):
        if submission_id in submission_ids:
            current.add((submission_id, reviewer_id))
        else:
            by_id[reviewer_id].held += 1
    return current


def _bids(scope, user_ids) -> dict[tuple[int, int], str]:
    # Reviewers are filtered here, not in SQL: with both IN lists SQLite probes the
    # (submission, user) index once per combination (900,000 probes at 3,000 × 300).
    user_ids = set(user_ids)
    bids = Bid.objects.filter(submission__in=scope.values("pk")).exclude(
        preference=BidPreference.CONFLICT
    )
    return {
        (submission_id, user_id): preference
        for submission_id, user_id, preference in bids.values_list(
            "submission_id", "user_id", "preference"
        )
        if user_id in user_ids
    }


def _constraints(scope, kind) -> set[tuple[int, int]]:
    return set(
        AssignmentConstraint.objects.filter(
            submission__in=scope.values("pk"), kind=kind
        ).values_list("submission_id", "user_id")
    )
