import pytest
from django.core.exceptions import ValidationError

from reviews.enums import BidPreference, ConstraintKind, RunStatus
from reviews.models import AssignmentConstraint, AssignmentRun, ProposedAssignment
from reviews.services.runs import execute_assignment_run, start_assignment_run
from submissions.enums import SubmissionState
from tests.factories.reviews import (
    BidFactory,
    ConflictFactory,
    ReviewAssignmentFactory,
    ReviewerProfileFactory,
)
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db

PARAMS = {
    "reviews_per_submission": 1,
    "min_load": 0,
    "max_load": 5,
    "weights": {"bid": 1.0, "affinity": 1.0, "load": 1.0},
    "keep_current": True,
}


def _reviewer(event, tracks=None, **profile):
    membership = MembershipFactory(event=event, tracks=tracks or [])
    if profile:
        ReviewerProfileFactory(event=event, user=membership.user, **profile)
    return membership.user


def _proposal(event, track, **kwargs):
    return SubmissionFactory(event=event, track=track, state=SubmissionState.SUBMITTED, **kwargs)


def _run(event, params=None, tracks=None, by=None):
    """Start a run without executing it; the caller runs it."""
    run = start_assignment_run(event=event, by=by, track_ids=tracks, params=PARAMS | (params or {}))
    return AssignmentRun.objects.get(pk=run.pk)


def _pairs(run) -> set[tuple[int, int]]:
    return set(ProposedAssignment.objects.filter(run=run).values_list("submission", "reviewer"))


def test_run_assigns_by_expertise_and_fills_summary(django_capture_on_commit_callbacks):
    event = EventFactory()
    track = TrackFactory(event=event)
    gpu = _reviewer(event, keywords="GPU, CUDA, kernels", expertise="GPU kernel tuning")
    astro = _reviewer(event, keywords="astronomy, telescopes", expertise="Sky surveys")
    gpu_talk = _proposal(event, track, title="Faster CUDA kernels on the GPU")
    sky_talk = _proposal(event, track, title="Telescope data for sky surveys in astronomy")

    with django_capture_on_commit_callbacks(execute=True):
        run = start_assignment_run(event=event, by=None, track_ids=None, params=PARAMS)

    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.progress == 100
    assert _pairs(run) == {(gpu_talk.pk, gpu.pk), (sky_talk.pk, astro.pk)}
    assert run.summary["wanted"] == 2
    assert run.summary["loads"] == {str(gpu.pk): 1, str(astro.pk): 1}
    assert run.summary["coverage"] == {str(gpu_talk.pk): 1, str(sky_talk.pk): 1}
    assert run.summary["shortfalls"] == []
    assert run.summary["sparsified"] is False
    assert set(run.summary["timings"]) >= {"loading", "affinity", "solving", "saving"}
    pair = ProposedAssignment.objects.get(run=run, submission=gpu_talk)
    assert pair.affinity > 0.2
    assert pair.cost == pytest.approx(pair.bid_cost + pair.affinity_cost + pair.load_cost)


def test_run_lists_the_next_best_reviewers_it_left_out(django_capture_on_commit_callbacks):
    event = EventFactory()
    track = TrackFactory(event=event)
    gpu = _reviewer(event, keywords="GPU, CUDA, kernels", expertise="GPU kernel tuning")
    astro = _reviewer(event, keywords="astronomy, telescopes", expertise="Sky surveys")
    full = _reviewer(event, keywords="CUDA", max_load=0)
    talk = _proposal(event, track, title="Faster CUDA kernels on the GPU")
    BidFactory(submission=talk, user=astro, preference=BidPreference.NOT_WILLING)

    with django_capture_on_commit_callbacks(execute=True):
        run = start_assignment_run(event=event, by=None, track_ids=None, params=PARAMS)

    run.refresh_from_db()
    assert _pairs(run) == {(talk.pk, gpu.pk)}
    runners_up = run.summary["runners_up"][str(talk.pk)]
    assert [(r["reviewer_id"], r["bid"], r["full"]) for r in runners_up] == [
        (full.pk, "", True),
        (astro.pk, "not_willing", False),
    ]
    assert runners_up[1]["total"] == pytest.approx(
        runners_up[1]["bid_cost"] + runners_up[1]["affinity_cost"] + runners_up[1]["load_cost"]
    )


def test_run_never_assigns_conflicted_or_forbidden_or_out_of_scope():
    event = EventFactory()
    track, other_track = TrackFactory(event=event), TrackFactory(event=event)
    conflicted, forbidden = _reviewer(event), _reviewer(event)
    outside = _reviewer(event, tracks=[other_track])
    proposal = _proposal(event, track)
    ConflictFactory(submission=proposal, user=conflicted)
    AssignmentConstraint.objects.create(
        submission=proposal, user=forbidden, kind=ConstraintKind.FORBID
    )
    run = _run(event)

    execute_assignment_run(run_id=run.pk)

    run.refresh_from_db()
    assert _pairs(run) == set()
    [shortfall] = run.summary["shortfalls"]
    assert shortfall["kind"] == "too_few_eligible"
    assert shortfall["submission_id"] == proposal.pk
    assert (
        "0 eligible of 3 reviewers (1 conflicted, 1 forbidden, 1 outside its track)"
        in (shortfall["message"])
    )
    assert outside.pk > 0


def test_run_prefers_eager_bids_and_ignores_conflict_bids():
    event = EventFactory()
    track = TrackFactory(event=event)
    eager, declared = _reviewer(event), _reviewer(event)
    proposal = _proposal(event, track)
    BidFactory(submission=proposal, user=eager, preference=BidPreference.EAGER)
    BidFactory(submission=proposal, user=declared, preference=BidPreference.CONFLICT)
    run = _run(event, {"reviews_per_submission": 2})

    execute_assignment_run(run_id=run.pk)

    run.refresh_from_db()
    assert _pairs(run) == {(proposal.pk, eager.pk)}
    assert ProposedAssignment.objects.get(run=run).bid == BidPreference.EAGER
    assert [s["kind"] for s in run.summary["shortfalls"]] == ["too_few_eligible"]


def test_run_keeps_current_assignments_as_pins():
    event = EventFactory()
    track = TrackFactory(event=event)
    first, second = _reviewer(event), _reviewer(event)
    proposal = _proposal(event, track)
    BidFactory(submission=proposal, user=first, preference=BidPreference.EAGER)
    ReviewAssignmentFactory(submission=proposal, reviewer=second)
    keep, fresh = _run(event), _run(event, {"keep_current": False})

    execute_assignment_run(run_id=keep.pk)
    execute_assignment_run(run_id=fresh.pk)

    assert _pairs(keep) == {(proposal.pk, second.pk)}
    assert ProposedAssignment.objects.get(run=keep).pinned is True
    assert _pairs(fresh) == {(proposal.pk, first.pk)}


def test_a_forbidden_current_assignment_is_not_kept():
    event = EventFactory()
    track = TrackFactory(event=event)
    first, second = _reviewer(event), _reviewer(event)
    proposal = _proposal(event, track)
    ReviewAssignmentFactory(submission=proposal, reviewer=second)
    AssignmentConstraint.objects.create(
        submission=proposal, user=second, kind=ConstraintKind.FORBID
    )
    run = _run(event)

    execute_assignment_run(run_id=run.pk)

    assert _pairs(run) == {(proposal.pk, first.pk)}


def test_run_counts_reviews_outside_its_tracks_and_profile_max_load():
    event = EventFactory()
    track, other_track = TrackFactory(event=event), TrackFactory(event=event)
    busy = _reviewer(event, max_load=2)
    ReviewAssignmentFactory(submission=_proposal(event, other_track), reviewer=busy)
    proposals = [_proposal(event, track) for _ in range(3)]
    run = _run(event, tracks=[track.pk])

    execute_assignment_run(run_id=run.pk)

    run.refresh_from_db()
    assert run.summary["loads"] == {str(busy.pk): 1}
    assert run.summary["held_elsewhere"] == {str(busy.pk): 1}
    assert set(run.summary["coverage"]) == {str(p.pk) for p in proposals}
    kinds = sorted(s["kind"] for s in run.summary["shortfalls"])
    assert kinds == ["capacity", "eligible_at_max_load", "eligible_at_max_load"]
    capacity = next(s for s in run.summary["shortfalls"] if s["kind"] == "capacity")
    assert capacity["message"] == (
        "3 reviews wanted, the reviewers can take 1 at max load 5: add 1 reviewers."
    )


def test_run_rejects_conflicted_pin_and_explains():
    event = EventFactory()
    track = TrackFactory(event=event)
    pinned = _reviewer(event)
    proposal = _proposal(event, track)
    ConflictFactory(submission=proposal, user=pinned)
    AssignmentConstraint.objects.create(submission=proposal, user=pinned, kind=ConstraintKind.PIN)
    run = _run(event)

    execute_assignment_run(run_id=run.pk)

    run.refresh_from_db()
    assert _pairs(run) == set()
    pin = next(s for s in run.summary["shortfalls"] if s["kind"] == "pin_rejected")
    assert pin["reviewer_id"] == pinned.pk
    assert "conflict of interest (declared by an author)" in pin["message"]


def test_run_honours_pins_and_min_load():
    event = EventFactory()
    track = TrackFactory(event=event)
    expert = _reviewer(event, keywords="GPU")
    idle = _reviewer(event, keywords="poetry")
    proposals = [_proposal(event, track, title="GPU tricks") for _ in range(4)]
    AssignmentConstraint.objects.create(submission=proposals[0], user=idle, kind=ConstraintKind.PIN)
    run = _run(event, {"min_load": 2})

    execute_assignment_run(run_id=run.pk)

    run.refresh_from_db()
    assert (proposals[0].pk, idle.pk) in _pairs(run)
    assert run.summary["loads"] == {str(expert.pk): 2, str(idle.pk): 2}
    assert run.summary["pinned"] == 1


def test_run_skips_proposals_not_under_review():
    event = EventFactory()
    track = TrackFactory(event=event)
    _reviewer(event)
    SubmissionFactory(event=event, track=track, state=SubmissionState.DRAFT)
    run = _run(event)

    execute_assignment_run(run_id=run.pk)

    run.refresh_from_db()
    assert run.summary["coverage"] == {}
    assert run.status == RunStatus.DONE


def _populate(event, track, size):
    reviewers = [_reviewer(event, keywords=f"topic{n}", max_load=4) for n in range(size)]
    for n in range(size):
        proposal = _proposal(event, track, title=f"About topic{n}", speakers=[UserFactory()])
        BidFactory(submission=proposal, user=reviewers[n], preference=BidPreference.WILLING)
        ConflictFactory(submission=proposal, user=reviewers[(n + 1) % size])
        ReviewAssignmentFactory(submission=proposal, reviewer=reviewers[(n + 2) % size])
        AssignmentConstraint.objects.create(
            submission=proposal, user=reviewers[(n + 3) % size], kind=ConstraintKind.FORBID
        )
    MembershipFactory(event=event, role=CommitteeRole.ORGANIZER)


@pytest.mark.parametrize("size", [4, 16])
def test_run_queries_do_not_grow_with_data(size, django_assert_max_num_queries):
    event = EventFactory()
    track = TrackFactory(event=event)
    _populate(event, track, size)
    run = _run(event, {"reviews_per_submission": 2})

    with django_assert_max_num_queries(30):
        execute_assignment_run(run_id=run.pk)

    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert sum(run.summary["coverage"].values()) == 2 * size


def test_start_run_stores_normalised_params_and_tracks():
    event = EventFactory()
    track = TrackFactory(event=event)
    chair = UserFactory()

    run = start_assignment_run(event=event, by=chair, track_ids=[track.pk], params={"max_load": 3})

    assert run.status == RunStatus.QUEUED
    assert run.created_by == chair
    assert list(run.tracks.all()) == [track]
    assert run.params == {
        "reviews_per_submission": 3,
        "min_load": 0,
        "max_load": 3,
        "weights": {"bid": 1.0, "affinity": 1.0, "load": 1.0},
        "keep_current": True,
    }


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"reviews_per_submission": 0}, "reviews_per_submission"),
        ({"reviews_per_submission": "3"}, "reviews_per_submission"),
        ({"min_load": 4, "max_load": 3}, "min_load"),
        ({"max_load": -1}, "max_load"),
        ({"max_load": True}, "max_load"),
        ({"max_load": 10**20}, "max_load"),
        ({"reviews_per_submission": 21}, "reviews_per_submission"),
        ({"weights": {"bid": -1}}, "weights"),
        ({"weights": {"bid": float("nan")}}, "weights"),
        ({"weights": {"mood": 1}}, "weights"),
        ({"keep_current": "yes"}, "keep_current"),
        ({"colour": 1}, "params"),
    ],
)
def test_start_run_rejects_bad_params(params, key):
    event = EventFactory()

    with pytest.raises(ValidationError) as error:
        start_assignment_run(event=event, by=None, track_ids=None, params=params)

    assert list(error.value.message_dict) == [key]
    assert AssignmentRun.objects.count() == 0


def test_start_run_rejects_tracks_of_another_event():
    event = EventFactory()
    foreign = TrackFactory()

    with pytest.raises(ValidationError) as error:
        start_assignment_run(event=event, by=None, track_ids=[foreign.pk], params={})

    assert list(error.value.message_dict) == ["track_ids"]
