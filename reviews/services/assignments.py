"""Writes about who reviews what: by hand, pins and forbids, and applying an automatic run."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from submissions.models import Submission
from tracks.models import Event

from ..conflicts import conflict_map
from ..enums import AssignmentSource, ConstraintKind, RunStatus
from ..models import AssignmentConstraint, AssignmentRun, ReviewAssignment
from ..rules import assignment_scope, in_scope
from ..selectors import committee_reviewers, reviewable_submissions

Pair = tuple[int, int]  # (submission_id, reviewer_id)


@dataclass
class AssignmentDiff:
    """A run's proposal against the current assignment inside the run's scope."""

    added: list[Pair] = field(default_factory=list)
    removed: list[Pair] = field(default_factory=list)
    kept: list[Pair] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "removed": len(self.removed), "kept": len(self.kept)}


@dataclass
class ApplyResult(AssignmentDiff):
    skipped: list[dict] = field(default_factory=list)  # {submission_id, reviewer_id, message}
    held_back: int = 0  # proposals the applying chair is conflicted with, left unchanged


def run_track_ids(run: AssignmentRun) -> list[int] | None:
    """The tracks a run covers; None for the whole event."""
    return [track.pk for track in run.tracks.all()] or None


def run_diff(run: AssignmentRun) -> AssignmentDiff:
    """Compare a run's proposed pairs with the current assignment of the proposals it considered.

    Assignments made after the run started were not seen by it: they are kept, never removed.
    """
    if "coverage" in run.summary:
        considered = [int(pk) for pk in run.summary["coverage"]]
    else:  # a run without a summary: the proposals now under review in its tracks
        considered = reviewable_submissions(run.event, run_track_ids(run)).values("pk")
    seen_until = run.started_at or run.created_at
    current, unseen = set(), set()
    for submission_id, reviewer_id, created_at in ReviewAssignment.objects.filter(
        submission_id__in=considered
    ).values_list("submission_id", "reviewer_id", "created_at"):
        current.add((submission_id, reviewer_id))
        if created_at > seen_until:
            unseen.add((submission_id, reviewer_id))
    proposed = set(
        run.pairs.filter(submission_id__in=considered).values_list("submission_id", "reviewer_id")
    )
    return AssignmentDiff(
        added=sorted(proposed - current),
        removed=sorted(current - proposed - unseen),
        kept=sorted(proposed & current | unseen),
    )


def _names(user_ids: Iterable[int]) -> dict[int, str]:
    users = get_user_model().objects.filter(pk__in=set(user_ids))
    return {user.pk: user.get_full_name() for user in users}


def _check_manager(by, submissions: list[Submission], event) -> None:
    scope = assignment_scope(by, event)
    outside = [s for s in submissions if not in_scope(scope, s.track_id)]
    if outside:
        raise ValidationError(
            "You don't manage the assignments of %(titles)s.",
            params={"titles": ", ".join(f"“{s.title}”" for s in outside)},
            code="not_manager",
        )
    own = conflict_map(event, submission_ids=[s.pk for s in submissions], user_ids=[by.pk])
    if own:
        titles = {s.pk: s.title for s in submissions}
        raise ValidationError(
            "You have a conflict with %(titles)s, so you can't change who reviews it.",
            params={"titles": ", ".join(f"“{titles[sid]}”" for sid, _ in sorted(own))},
            code="chair_conflicted",
        )


def _check_reviewers(submissions: list[Submission], reviewer_ids: list[int], event) -> None:
    """Every reviewer must review the proposal's track and have no conflict with it."""
    scopes = {r.user_id: r for r in committee_reviewers(event)}
    names = _names(reviewer_ids)
    errors = []
    for submission in submissions:
        for user_id in reviewer_ids:
            reviewer = scopes.get(user_id)
            if reviewer is None:
                errors.append(f"{names.get(user_id, user_id)} is not a reviewer of this event.")
            elif not reviewer.covers(submission.track_id):
                errors.append(
                    f"{names[user_id]} doesn't review the track {submission.track.name} "
                    f"(“{submission.title}”)."
                )
    conflicts = conflict_map(
        event, submission_ids=[s.pk for s in submissions], user_ids=reviewer_ids
    )
    titles = {s.pk: s.title for s in submissions}
    for (submission_id, user_id), reasons in sorted(conflicts.items()):
        why = "; ".join(str(reason.label) for reason in reasons)
        errors.append(
            f"{names.get(user_id, user_id)} has a conflict with “{titles[submission_id]}” ({why})."
        )
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)), code="ineligible")


def _load(submissions) -> list[Submission]:
    submissions = list(submissions)
    if not submissions:
        return []
    return list(
        Submission.objects.filter(pk__in=[s.pk for s in submissions]).select_related(
            "track", "event"
        )
    )


def assign_reviewers(
    *,
    submissions: Iterable[Submission],
    reviewers: Iterable,
    by,
    source: str = AssignmentSource.MANUAL,
    run: AssignmentRun | None = None,
) -> list[ReviewAssignment]:
    """Ask every reviewer to review every proposal; pairs already assigned stay as they are.

    Refuses the whole request, saving nothing, if any reviewer has a conflict with a proposal or
    doesn't review its track, or if ``by`` doesn't manage it. Returns the new assignments.
    """
    submissions = _load(submissions)
    reviewer_ids = sorted({user.pk for user in reviewers})
    if not submissions or not reviewer_ids:
        return []
    event = submissions[0].event
    with transaction.atomic():
        _lock_assignments(event.pk)
        _check_manager(by, submissions, event)
        _check_reviewers(submissions, reviewer_ids, event)
        existing = set(
            ReviewAssignment.objects.filter(
                submission__in=submissions, reviewer_id__in=reviewer_ids
            ).values_list("submission_id", "reviewer_id")
        )
        new = [
            ReviewAssignment(
                submission=submission,
                reviewer_id=user_id,
                source=source,
                run=run,
                assigned_by=by,
            )
            for submission in submissions
            for user_id in reviewer_ids
            if (submission.pk, user_id) not in existing
        ]
        ReviewAssignment.objects.bulk_create(new, ignore_conflicts=True)
    return new


def unassign_reviewers(*, submissions: Iterable[Submission], reviewers: Iterable, by) -> int:
    """Withdraw the reviewers from the proposals; returns how many assignments ended."""
    submissions = _load(submissions)
    reviewer_ids = sorted({user.pk for user in reviewers})
    if not submissions or not reviewer_ids:
        return 0
    with transaction.atomic():
        _lock_assignments(submissions[0].event_id)
        _check_manager(by, submissions, submissions[0].event)
        deleted, _ = ReviewAssignment.objects.filter(
            submission__in=submissions, reviewer_id__in=reviewer_ids
        ).delete()
    return deleted


def set_constraint(*, submission: Submission, user, kind: str | None, by) -> None:
    """Pin (always assign) or forbid (never assign) a pair for automatic runs; None clears it.

    A pin must be a pair that could be assigned: a reviewer of the track without a conflict.
    """
    submission = _load([submission])[0]
    _check_manager(by, [submission], submission.event)
    if kind == ConstraintKind.PIN:
        _check_reviewers([submission], [user.pk], submission.event)
    with transaction.atomic():
        if kind is None:
            AssignmentConstraint.objects.filter(submission=submission, user=user).delete()
        else:
            AssignmentConstraint.objects.update_or_create(
                submission=submission,
                user=user,
                defaults={"kind": ConstraintKind(kind), "created_by": by},
            )


def _check_run_applicable(run: AssignmentRun, by) -> None:
    if run.status != RunStatus.DONE:
        raise ValidationError("Only a finished run can be applied.", code="not_done")
    if run.applied_at is not None:
        raise ValidationError(
            "This run was already applied on %(when)s.",
            params={
                "when": f"{timezone.localtime(run.applied_at, run.event.zone):%Y-%m-%d %H:%M %Z}"
            },
            code="already_applied",
        )
    scope = assignment_scope(by, run.event)
    tracks = run_track_ids(run)
    if scope is not None and (tracks is None or not set(tracks) <= scope):
        raise ValidationError("You don't manage every track of this run.", code="not_manager")


def _apply_skips(run: AssignmentRun, added: list[Pair]) -> list[dict]:
    """Added pairs that can no longer be assigned: a conflict or a scope changed since the run."""
    if not added:
        return []
    reviewers = {r.user_id: r for r in committee_reviewers(run.event)}
    tracks = dict(
        Submission.objects.filter(pk__in={s for s, _ in added}).values_list("pk", "track_id")
    )
    conflicts = conflict_map(
        run.event, submission_ids=list(tracks), user_ids=list({u for _, u in added})
    )
    skipped = []
    for pair in added:
        submission_id, user_id = pair
        reviewer = reviewers.get(user_id)
        if pair in conflicts:
            why = "; ".join(str(reason.label) for reason in conflicts[pair])
            message = f"Now in conflict ({why})."
        elif reviewer is None or not reviewer.covers(tracks[submission_id]):
            message = "No longer a reviewer of this track."
        else:
            continue
        skipped.append({"submission_id": submission_id, "reviewer_id": user_id, "message": message})
    return skipped


def _lock_assignments(event_id: int) -> None:
    """Serialise the writers of an event's assignments (apply, assign, unassign) on its row, so
    that two chairs applying overlapping runs cannot interleave."""
    list(Event.objects.select_for_update().filter(pk=event_id).values_list("pk", flat=True))


def _own_conflicts(run: AssignmentRun, by, diff: AssignmentDiff) -> set[int]:
    """The proposals of the diff that the applying chair is conflicted with."""
    submission_ids = {pair[0] for pairs in (diff.added, diff.removed, diff.kept) for pair in pairs}
    if not submission_ids:
        return set()
    pairs = conflict_map(run.event, submission_ids=list(submission_ids), user_ids=[by.pk])
    return {submission_id for submission_id, _ in pairs}


def apply_assignment_run(*, run: AssignmentRun, by) -> ApplyResult:
    """Make the assignment inside the run's scope equal its proposal.

    Proposals the applying chair is conflicted with are left as they are (another chair applies
    their reviewers), and only counted in ``held_back``.

    Adds the new pairs, removes the dropped ones and keeps the rest; a pair that became
    conflicted (or whose reviewer left the track) since the run is skipped and reported. Marks the
    run applied; a run applies once.
    """
    with transaction.atomic():
        _lock_assignments(run.event_id)
        run = AssignmentRun.objects.select_for_update().select_related("event").get(pk=run.pk)
        _check_run_applicable(run, by)
        diff = run_diff(run)
        own = _own_conflicts(run, by, diff)
        diff = AssignmentDiff(
            added=[p for p in diff.added if p[0] not in own],
            removed=[p for p in diff.removed if p[0] not in own],
            kept=[p for p in diff.kept if p[0] not in own],
        )
        skipped = _apply_skips(run, diff.added)
        skipped_pairs = {(s["submission_id"], s["reviewer_id"]) for s in skipped}
        added = [pair for pair in diff.added if pair not in skipped_pairs]
        removed = set(diff.removed)
        current = ReviewAssignment.objects.filter(
            submission_id__in={submission_id for submission_id, _ in removed}
        ).values_list("pk", "submission_id", "reviewer_id")
        ReviewAssignment.objects.filter(
            pk__in=[pk for pk, *pair in current if tuple(pair) in removed]
        ).delete()
        ReviewAssignment.objects.bulk_create(
            [
                ReviewAssignment(
                    submission_id=submission_id,
                    reviewer_id=reviewer_id,
                    source=AssignmentSource.AUTOMATIC,
                    run=run,
                    assigned_by=by,
                )
                for submission_id, reviewer_id in added
            ],
            ignore_conflicts=True,
        )
        run.applied_at = timezone.now()
        run.applied_by = by
        run.save(update_fields=["applied_at", "applied_by"])
    return ApplyResult(
        added=added, removed=diff.removed, kept=diff.kept, skipped=skipped, held_back=len(own)
    )
