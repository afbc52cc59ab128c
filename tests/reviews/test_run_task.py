from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from reviews.enums import RunStatus
from reviews.models import AssignmentRun, ProposedAssignment
from reviews.services.runs import start_assignment_run
from reviews.tasks import run_assignment
from submissions.enums import SubmissionState
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory

pytestmark = pytest.mark.django_db


def _queued_run(event) -> AssignmentRun:
    track = TrackFactory(event=event)
    MembershipFactory(event=event)
    MembershipFactory(event=event)
    for _ in range(3):
        SubmissionFactory(event=event, track=track, state=SubmissionState.SUBMITTED)
    return start_assignment_run(
        event=event, by=None, track_ids=None, params={"reviews_per_submission": 2}
    )


def test_start_run_queues_the_task_after_commit(django_capture_on_commit_callbacks):
    event = EventFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = _queued_run(event)

    run.refresh_from_db()
    assert len(callbacks) == 1
    assert run.status == RunStatus.DONE
    assert ProposedAssignment.objects.filter(run=run).count() == 6


def test_task_runs_once_when_delivered_twice():
    run = _queued_run(EventFactory())

    first = run_assignment.apply(kwargs={"run_id": run.pk}).get()
    second = run_assignment.apply(kwargs={"run_id": run.pk}).get()

    assert (first, second) == (True, False)
    assert ProposedAssignment.objects.filter(run=run).count() == 6


def test_task_reclaims_a_run_whose_worker_died():
    run = _queued_run(EventFactory())
    AssignmentRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1)
    )

    done = run_assignment.apply(kwargs={"run_id": run.pk}).get()

    run.refresh_from_db()
    assert done is True
    assert run.status == RunStatus.DONE


def test_task_leaves_a_recently_started_run_alone():
    run = _queued_run(EventFactory())
    AssignmentRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now()
    )

    done = run_assignment.apply(kwargs={"run_id": run.pk}).get()

    run.refresh_from_db()
    assert done is False
    assert run.status == RunStatus.RUNNING


def test_task_for_missing_run_does_nothing():
    assert run_assignment.apply(kwargs={"run_id": 987654}).get() is False


def test_task_failure_marks_the_run_failed():
    run = _queued_run(EventFactory())

    with (
        mock.patch(
            "reviews.services.runs.compute_assignment",
            side_effect=RuntimeError("solver exploded"),
        ),
        pytest.raises(RuntimeError, match="solver exploded"),
    ):
        run_assignment.apply(kwargs={"run_id": run.pk})

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == "RuntimeError: solver exploded"
    assert run.stage == "Failed"
    assert ProposedAssignment.objects.filter(run=run).count() == 0


def test_progress_is_reported_at_each_stage():
    run = _queued_run(EventFactory())
    seen = []
    original = AssignmentRun.objects.filter

    def spy(*args, **kwargs):
        queryset = original(*args, **kwargs)
        real_update = queryset.update

        def update(**fields):
            if "progress" in fields:
                seen.append(fields["progress"])
            return real_update(**fields)

        queryset.update = update
        return queryset

    with mock.patch.object(AssignmentRun.objects, "filter", side_effect=spy):
        run_assignment.apply(kwargs={"run_id": run.pk}).get()

    assert seen == [0, 5, 25, 55, 80, 90, 100]
