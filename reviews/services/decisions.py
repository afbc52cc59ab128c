"""Chairs decide proposals: accept, reject or waitlist, one or many at once."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q

from submissions.enums import TRANSITIONS, SubmissionState
from submissions.models import Submission
from submissions.services.editing import set_submission_state

from ..conflicts import conflict_map
from ..enums import Decision
from ..rules import assignment_scope, in_scope

DECIDED_STATES = tuple(Decision.values)


def undecidable(*, submissions, decision: str, by) -> list[str]:
    """Why each of ``submissions`` cannot be given ``decision`` by ``by`` (empty: all can)."""
    submissions = list(submissions)
    if not submissions:
        return []
    event = submissions[0].event
    scope = assignment_scope(by, event)
    conflicted = {
        sid for sid, _ in conflict_map(
            event, submission_ids=[s.pk for s in submissions], user_ids=[by.pk]
        )
    }  # fmt: skip
    label = SubmissionState(decision).label.lower()
    problems = []
    for submission in submissions:
        if (
            submission.event_id != event.pk
            or scope == frozenset()
            or not in_scope(scope, submission.track_id)
        ):
            problems.append(f"“{submission.title}” is not in your tracks.")
        elif submission.pk in conflicted:
            problems.append(f"You have a conflict of interest with “{submission.title}”.")
        elif submission.state != decision and decision not in TRANSITIONS[submission.state]:
            state = SubmissionState(submission.state).label.lower()
            problems.append(f"“{submission.title}” is {state} and cannot be {label}.")
    return problems


@dataclass(frozen=True)
class ShortOfReviews:
    submission: Submission
    submitted: int
    expected: int  # the reviews wanted, or the reviewers assigned if more


def short_of_reviews(submissions, *, wanted: int) -> list[ShortOfReviews]:
    """The proposals among ``submissions`` with fewer submitted reviews than wanted or than
    reviewers assigned (the ranking's "missing reviews"), in the given order."""
    submissions = list(submissions)
    counts = {
        pk: (submitted, assigned)
        for pk, submitted, assigned in Submission.objects.filter(pk__in=[s.pk for s in submissions])
        .annotate(
            submitted=Count(
                "reviews", filter=Q(reviews__submitted_at__isnull=False), distinct=True
            ),
            assigned=Count("assignments", distinct=True),
        )
        .values_list("pk", "submitted", "assigned")
    }
    short = []
    for submission in submissions:
        submitted, assigned = counts.get(submission.pk, (0, 0))
        if submitted < max(assigned, wanted):
            short.append(ShortOfReviews(submission, submitted, max(assigned, wanted)))
    return short


def decide(*, submissions, decision: Decision, by) -> int:
    """Give every proposal ``decision``, or none of them: raises ValidationError naming each
    proposal that is out of the chair's tracks, conflicted or in a state that cannot take it.
    Returns how many proposals changed (those already decided so are left alone)."""
    decision = Decision(decision)
    submissions = list(submissions)
    if problems := undecidable(submissions=submissions, decision=decision, by=by):
        raise ValidationError(problems)
    with transaction.atomic():
        return sum(
            set_submission_state(submission=submission, to=decision.value, by=by)
            for submission in submissions
        )
