from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviews.enums import AssignmentSource, BidPreference, ConstraintKind, RunStatus
from reviews.models import AssignmentConstraint, AssignmentRun, ProposedAssignment, ReviewAssignment
from reviews.services.assignments import (
    apply_assignment_run,
    assign_reviewers,
    run_diff,
    set_constraint,
    unassign_reviewers,
)
from submissions.enums import SubmissionState
from tests.factories.reviews import BidFactory, ReviewAssignmentFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def organizer(event):
    return MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user


def _reviewer(event, name="Ada Lovelace", tracks=None):
    user = UserFactory(name=name)
    MembershipFactory(event=event, user=user, role=CommitteeRole.REVIEWER, tracks=tracks)
    return user


def _proposal(event, **kwargs):
    return SubmissionFactory(event=event, state=SubmissionState.SUBMITTED, **kwargs)


def _pairs(**filters):
    return set(
        ReviewAssignment.objects.filter(**filters).values_list("submission_id", "reviewer_id")
    )


def _done_run(event, pairs, *, tracks=()):
    run = AssignmentRun.objects.create(
        event=event,
        status=RunStatus.DONE,
        params={"reviews_per_submission": 2},
        finished_at=timezone.now(),
    )
    run.tracks.set(tracks)
    for submission, reviewer in pairs:
        ProposedAssignment.objects.create(
            run=run,
            submission=submission,
            reviewer=reviewer,
            cost=0.5,
            bid_cost=0.2,
            affinity_cost=0.2,
            load_cost=0.1,
            affinity=0.8,
        )
    return run


def test_assign_reviewers_assigns_every_pair_of_a_bulk_request(event, organizer):
    first, second = _proposal(event), _proposal(event)
    ada, grace = _reviewer(event), _reviewer(event, "Grace Hopper")

    created = assign_reviewers(submissions=[first, second], reviewers=[ada, grace], by=organizer)

    assert len(created) == 4
    assert _pairs() == {(first.pk, ada.pk), (first.pk, grace.pk), (second.pk, ada.pk),
                        (second.pk, grace.pk)}  # fmt: skip
    assert set(ReviewAssignment.objects.values_list("source", "assigned_by")) == {
        (AssignmentSource.MANUAL, organizer.pk)
    }


def test_assign_reviewers_twice_is_a_no_op(event, organizer):
    proposal, ada = _proposal(event), _reviewer(event)
    assign_reviewers(submissions=[proposal], reviewers=[ada], by=organizer)

    created = assign_reviewers(submissions=[proposal], reviewers=[ada], by=organizer)

    assert created == []
    assert ReviewAssignment.objects.count() == 1


def test_assign_reviewers_refuses_a_conflicted_pair_and_saves_nothing(event, organizer):
    first, second = _proposal(event, title="Numba on GPUs"), _proposal(event)
    ada, grace = _reviewer(event), _reviewer(event, "Grace Hopper")
    BidFactory(submission=first, user=grace, preference=BidPreference.CONFLICT)

    with pytest.raises(ValidationError) as error:
        assign_reviewers(submissions=[first, second], reviewers=[ada, grace], by=organizer)

    assert error.value.messages == [
        "Grace Hopper has a conflict with “Numba on GPUs” (Declared by the reviewer)."
    ]
    assert ReviewAssignment.objects.count() == 0


def test_assign_reviewers_refuses_a_reviewer_of_another_track(event, organizer):
    hpc, ml = TrackFactory(event=event, name="HPC"), TrackFactory(event=event, name="ML")
    proposal = _proposal(event, track=ml, title="pixi")
    ada = _reviewer(event, tracks=[hpc])

    with pytest.raises(ValidationError) as error:
        assign_reviewers(submissions=[proposal], reviewers=[ada], by=organizer)

    assert error.value.messages == ["Ada Lovelace doesn't review the track ML (“pixi”)."]
    assert ReviewAssignment.objects.count() == 0


def test_assign_reviewers_refuses_someone_who_is_not_a_reviewer(event, organizer):
    proposal, stranger = _proposal(event), UserFactory(name="Alan Turing")

    with pytest.raises(ValidationError) as error:
        assign_reviewers(submissions=[proposal], reviewers=[stranger], by=organizer)

    assert error.value.messages == ["Alan Turing is not a reviewer of this event."]


def test_assign_reviewers_refuses_a_chair_outside_their_tracks(event):
    hpc, ml = TrackFactory(event=event), TrackFactory(event=event)
    chair = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[hpc]).user
    proposal, ada = _proposal(event, track=ml, title="pixi"), _reviewer(event)

    with pytest.raises(ValidationError) as error:
        assign_reviewers(submissions=[proposal], reviewers=[ada], by=chair)

    assert error.value.messages == ["You don't manage the assignments of “pixi”."]


def test_assign_reviewers_refuses_a_chair_with_a_conflict(event):
    chair = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR).user
    proposal, ada = _proposal(event, title="pixi", speakers=[chair]), _reviewer(event)

    with pytest.raises(ValidationError) as error:
        assign_reviewers(submissions=[proposal], reviewers=[ada], by=chair)

    assert error.value.messages == [
        "You have a conflict with “pixi”, so you can't change who reviews it."
    ]


def test_unassign_reviewers_removes_only_the_named_pairs(event, organizer):
    first, second = _proposal(event), _proposal(event)
    ada, grace = _reviewer(event), _reviewer(event, "Grace Hopper")
    assign_reviewers(submissions=[first, second], reviewers=[ada, grace], by=organizer)

    removed = unassign_reviewers(submissions=[first, second], reviewers=[ada], by=organizer)

    assert removed == 2
    assert _pairs() == {(first.pk, grace.pk), (second.pk, grace.pk)}


def test_set_constraint_pins_forbids_and_clears(event, organizer):
    proposal, ada = _proposal(event), _reviewer(event)

    set_constraint(submission=proposal, user=ada, kind=ConstraintKind.PIN, by=organizer)
    pinned = list(AssignmentConstraint.objects.values_list("kind", flat=True))
    set_constraint(submission=proposal, user=ada, kind=ConstraintKind.FORBID, by=organizer)
    forbidden = list(AssignmentConstraint.objects.values_list("kind", flat=True))
    set_constraint(submission=proposal, user=ada, kind=None, by=organizer)

    assert (pinned, forbidden) == (["pin"], ["forbid"])
    assert AssignmentConstraint.objects.count() == 0


def test_set_constraint_refuses_to_pin_a_conflicted_pair(event, organizer):
    proposal, ada = _proposal(event, title="pixi"), _reviewer(event)
    BidFactory(submission=proposal, user=ada, preference=BidPreference.CONFLICT)

    with pytest.raises(ValidationError):
        set_constraint(submission=proposal, user=ada, kind=ConstraintKind.PIN, by=organizer)
    set_constraint(submission=proposal, user=ada, kind=ConstraintKind.FORBID, by=organizer)

    assert list(AssignmentConstraint.objects.values_list("kind", flat=True)) == ["forbid"]


def test_run_diff_compares_the_proposal_with_the_current_assignment(event, organizer):
    first, second = _proposal(event), _proposal(event)
    ada, grace = _reviewer(event), _reviewer(event, "Grace Hopper")
    ReviewAssignmentFactory(submission=first, reviewer=ada)
    ReviewAssignmentFactory(submission=second, reviewer=ada)
    run = _done_run(event, [(first, ada), (first, grace)])

    diff = run_diff(run)

    assert diff.added == [(first.pk, grace.pk)]
    assert diff.removed == [(second.pk, ada.pk)]
    assert diff.kept == [(first.pk, ada.pk)]


def test_apply_assignment_run_makes_the_assignment_equal_the_proposal(event, organizer):
    first, second = _proposal(event), _proposal(event)
    ada, grace = _reviewer(event), _reviewer(event, "Grace Hopper")
    kept = ReviewAssignmentFactory(submission=first, reviewer=ada)
    ReviewAssignmentFactory(submission=second, reviewer=ada)
    run = _done_run(event, [(first, ada), (first, grace), (second, grace)])

    result = apply_assignment_run(run=run, by=organizer)

    run.refresh_from_db()
    assert result.counts == {"added": 2, "removed": 1, "kept": 1}
    assert _pairs() == {(first.pk, ada.pk), (first.pk, grace.pk), (second.pk, grace.pk)}
    assert ReviewAssignment.objects.get(pk=kept.pk).source == AssignmentSource.MANUAL
    assert _pairs(source=AssignmentSource.AUTOMATIC, run=run) == {
        (first.pk, grace.pk),
        (second.pk, grace.pk),
    }
    assert (run.applied_by, run.applied_at is not None) == (organizer, True)


def test_apply_assignment_run_leaves_other_tracks_alone(event, organizer):
    hpc, ml = TrackFactory(event=event), TrackFactory(event=event)
    in_run, outside = _proposal(event, track=hpc), _proposal(event, track=ml)
    ada = _reviewer(event)
    ReviewAssignmentFactory(submission=outside, reviewer=ada)
    run = _done_run(event, [(in_run, ada)], tracks=[hpc])

    apply_assignment_run(run=run, by=organizer)

    assert _pairs() == {(in_run.pk, ada.pk), (outside.pk, ada.pk)}


def test_apply_assignment_run_skips_pairs_conflicted_since_the_run(event, organizer):
    proposal, ada, grace = _proposal(event), _reviewer(event), _reviewer(event, "Grace Hopper")
    run = _done_run(event, [(proposal, ada), (proposal, grace)])
    BidFactory(submission=proposal, user=grace, preference=BidPreference.CONFLICT)

    result = apply_assignment_run(run=run, by=organizer)

    assert _pairs() == {(proposal.pk, ada.pk)}
    assert result.skipped == [
        {
            "submission_id": proposal.pk,
            "reviewer_id": grace.pk,
            "message": "Now in conflict (Declared by the reviewer).",
        }
    ]


def test_apply_assignment_run_leaves_the_chairs_own_conflicts_to_another_chair(event, organizer):
    own, other = _proposal(event), _proposal(event)
    ada, grace = _reviewer(event), _reviewer(event, "Grace Hopper")
    ReviewAssignmentFactory(submission=own, reviewer=ada)
    BidFactory(submission=own, user=organizer, preference=BidPreference.CONFLICT)
    run = _done_run(event, [(own, grace), (other, ada)])

    result = apply_assignment_run(run=run, by=organizer)

    assert _pairs() == {(own.pk, ada.pk), (other.pk, ada.pk)}
    assert (result.held_back, result.counts) == (1, {"added": 1, "removed": 0, "kept": 0})


def test_apply_assignment_run_keeps_assignments_made_after_the_run(event, organizer):
    seen, submitted_later = _proposal(event), _proposal(event)
    ada, grace = _reviewer(event), _reviewer(event, "Grace Hopper")
    run = _done_run(event, [(seen, ada)])
    run.summary = {"coverage": {str(seen.pk): 1}}
    run.started_at = timezone.now() - timedelta(minutes=5)
    run.save()
    ReviewAssignmentFactory(submission=seen, reviewer=grace)  # by hand, after the run
    ReviewAssignmentFactory(submission=submitted_later, reviewer=ada)

    result = apply_assignment_run(run=run, by=organizer)

    assert _pairs() == {(seen.pk, ada.pk), (seen.pk, grace.pk), (submitted_later.pk, ada.pk)}
    assert result.counts == {"added": 1, "removed": 0, "kept": 1}


def test_apply_assignment_run_refuses_a_second_apply(event, organizer):
    proposal, ada = _proposal(event), _reviewer(event)
    run = _done_run(event, [(proposal, ada)])
    apply_assignment_run(run=run, by=organizer)
    ReviewAssignment.objects.all().delete()

    with pytest.raises(ValidationError) as error:
        apply_assignment_run(run=run, by=organizer)

    assert error.value.code == "already_applied"
    assert ReviewAssignment.objects.count() == 0


@pytest.mark.parametrize("status", [RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.FAILED])
def test_apply_assignment_run_refuses_an_unfinished_run(event, organizer, status):
    proposal, ada = _proposal(event), _reviewer(event)
    run = _done_run(event, [(proposal, ada)])
    AssignmentRun.objects.filter(pk=run.pk).update(status=status)

    with pytest.raises(ValidationError) as error:
        apply_assignment_run(run=run, by=organizer)

    assert error.value.code == "not_done"
    assert ReviewAssignment.objects.count() == 0


def test_apply_assignment_run_refuses_a_chair_of_fewer_tracks(event):
    hpc = TrackFactory(event=event)
    TrackFactory(event=event)
    chair = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[hpc]).user
    proposal, ada = _proposal(event, track=hpc), _reviewer(event)
    run = _done_run(event, [(proposal, ada)])

    with pytest.raises(ValidationError) as error:
        apply_assignment_run(run=run, by=chair)

    assert error.value.code == "not_manager"
