import json

import pytest
from django.urls import reverse

from reviews.enums import BidPreference, ConstraintKind, RunStatus
from reviews.models import AssignmentConstraint, AssignmentRun, ReviewAssignment
from submissions.enums import SubmissionState
from tests.factories.reviews import BidFactory, ReviewAssignmentFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db

PARAMS = {
    "reviews_per_submission": 2,
    "min_load": 0,
    "max_load": 3,
    "weight_bid": 1,
    "weight_affinity": 1,
    "weight_load": 1,
    "keep_current": "on",
}


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def hpc(event):
    return TrackFactory(event=event, name="HPC")


@pytest.fixture
def organizer(event):
    return MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user


def _reviewer(event, name, tracks=None):
    user = UserFactory(name=name)
    MembershipFactory(event=event, user=user, role=CommitteeRole.REVIEWER, tracks=tracks)
    return user


def _proposal(event, **kwargs):
    return SubmissionFactory(event=event, state=SubmissionState.SUBMITTED, **kwargs)


def _auto_url(event):
    return reverse("reviews:auto-assign", args=[event.slug])


def _run_url(run, name="reviews:run"):
    return reverse(name, args=[run.event.slug, run.pk])


def _start(client, event, django_capture_on_commit_callbacks, **params):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_auto_url(event), {**PARAMS, **params})
    return response, AssignmentRun.objects.filter(event=event).first()


@pytest.fixture
def committee(event, hpc):
    proposals = [_proposal(event, track=hpc, title=f"Talk {i}") for i in range(3)]
    reviewers = [_reviewer(event, name) for name in ("Ada", "Grace", "Alan")]
    return proposals, reviewers


def test_anonymous_visitors_are_sent_to_sign_in(client, event):
    run = AssignmentRun.objects.create(event=event)

    responses = [client.get(_auto_url(event)), client.get(_run_url(run))]

    assert [r.status_code for r in responses] == [302, 302]
    assert responses[1]["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["author", "reviewer", "other_chair", "other_organizer"])
def test_run_pages_are_404_for_people_whose_scope_does_not_cover_the_run(client, event, hpc, who):
    ml = TrackFactory(event=event)
    proposal = _proposal(event, track=hpc)
    run = AssignmentRun.objects.create(event=event, status=RunStatus.DONE)
    run.tracks.set([hpc])
    users = {
        "author": proposal.created_by,
        "reviewer": _reviewer(event, "Ada", tracks=[hpc]),
        "other_chair": MembershipFactory(
            event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[ml]
        ).user,
        "other_organizer": MembershipFactory(role=CommitteeRole.ORGANIZER).user,
    }
    client.force_login(users[who])

    codes = [
        client.get(_run_url(run)).status_code,
        client.get(_run_url(run, "reviews:run-status")).status_code,
        client.get(_run_url(run, "reviews:run-apply")).status_code,
        client.post(_run_url(run, "reviews:run-apply")).status_code,
        client.post(_run_url(run, "reviews:run-rerun")).status_code,
    ]

    assert codes == [404] * 5
    assert AssignmentRun.objects.count() == 1


def test_a_track_chair_cannot_open_a_run_of_the_whole_event(client, event, hpc):
    chair = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[hpc]).user
    run = AssignmentRun.objects.create(event=event, status=RunStatus.DONE)
    client.force_login(chair)

    assert client.get(_run_url(run)).status_code == 404


@pytest.mark.parametrize("who", ["author", "reviewer", "other_organizer"])
def test_the_parameters_page_is_404_for_non_chairs(client, event, hpc, who):
    proposal = _proposal(event, track=hpc)
    users = {
        "author": proposal.created_by,
        "reviewer": _reviewer(event, "Ada"),
        "other_organizer": MembershipFactory(role=CommitteeRole.ORGANIZER).user,
    }
    client.force_login(users[who])

    assert client.get(_auto_url(event)).status_code == 404


def test_the_form_suggests_a_max_load_from_demand_and_reviewers(
    client, event, hpc, organizer, committee
):
    _proposal(event, track=hpc)  # 4 proposals x 3 reviews over 3 reviewers
    client.force_login(organizer)

    form = client.get(_auto_url(event)).context["form"]

    assert form["max_load"].initial == 4
    assert form.fields["max_load"].help_text.startswith(
        "Suggested: 4 (12 reviews wanted over 3 reviewers, rounded up)."
    )
    assert form["reviews_per_submission"].initial == 3


def test_a_track_chair_only_picks_their_tracks(client, event, hpc):
    ml = TrackFactory(event=event)
    chair = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[hpc]).user
    client.force_login(chair)

    form = client.get(_auto_url(event)).context["form"]

    assert list(form.fields["tracks"].queryset) == [hpc]
    assert ml not in form.fields["tracks"].queryset


def test_starting_a_run_computes_it_and_shows_the_result(
    client, event, organizer, committee, django_capture_on_commit_callbacks
):
    client.force_login(organizer)

    response, run = _start(client, event, django_capture_on_commit_callbacks)
    page = client.get(_run_url(run))

    assert response.status_code == 302
    assert response["Location"] == _run_url(run)
    assert run.status == RunStatus.DONE
    assert run.params["reviews_per_submission"] == 2
    assert page.context["diff"].counts == {"added": 6, "removed": 0, "kept": 0}
    assert [row["count"] for row in page.context["rows"]] == [2, 2, 2]
    assert "Apply…" in page.content.decode()
    assert all(len(row["runners_up"]) == 1 for row in page.context["rows"])
    assert "Next best, not chosen" in page.content.decode()


def test_a_track_chair_run_is_limited_to_their_tracks(
    client, event, hpc, django_capture_on_commit_callbacks
):
    TrackFactory(event=event)
    chair = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[hpc]).user
    client.force_login(chair)

    _, run = _start(client, event, django_capture_on_commit_callbacks)

    assert list(run.tracks.all()) == [hpc]


def test_invalid_parameters_are_field_errors_and_start_nothing(
    client, event, organizer, committee, django_capture_on_commit_callbacks
):
    client.force_login(organizer)

    response, run = _start(
        client, event, django_capture_on_commit_callbacks, min_load=5, max_load=2
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "min_load": ["The minimum load can't exceed the maximum load."]
    }
    assert run is None


def test_an_absurd_max_load_is_a_field_error_not_a_crash(
    client, event, organizer, committee, django_capture_on_commit_callbacks
):
    client.force_login(organizer)

    response, run = _start(client, event, django_capture_on_commit_callbacks, max_load=10**20)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["max_load"]
    assert run is None


def test_a_queued_run_shows_progress_polled_as_json(client, event, organizer):
    run = AssignmentRun.objects.create(
        event=event, status=RunStatus.RUNNING, progress=40, stage="Solving"
    )
    client.force_login(organizer)

    html = client.get(_run_url(run)).content.decode()
    status = json.loads(client.get(_run_url(run, "reviews:run-status")).content)

    assert 'data-run-poll="' + _run_url(run, "reviews:run-status") in html
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "js/assignment_run.js" in html
    assert "Apply" not in html
    assert status == {
        "status": "running",
        "status_label": "Running",
        "progress": 40,
        "stage": "Solving",
        "finished": False,
    }


def test_a_failed_run_shows_its_error(client, event, organizer):
    run = AssignmentRun.objects.create(
        event=event, status=RunStatus.FAILED, error="SolverError: out of memory"
    )
    client.force_login(organizer)

    html = client.get(_run_url(run)).content.decode()

    assert "This run failed." in html
    assert "SolverError: out of memory" in html
    assert "Re-run with the same settings" in html
    assert "Apply" not in html


def test_shortfalls_are_explained_globally_and_per_proposal(
    client, event, hpc, organizer, django_capture_on_commit_callbacks
):
    lonely = _proposal(event, track=hpc, title="Lonely talk")
    ada = _reviewer(event, "Ada")
    client.force_login(organizer)

    _, run = _start(client, event, django_capture_on_commit_callbacks, max_load=1)
    page = client.get(_run_url(run))

    row = page.context["rows"][0]
    assert (row["proposal"], row["count"], row["coverage"]) == (lonely, 1, "under")
    assert [item["kind"] for item in page.context["global_shortfalls"]] == ["capacity"]
    assert row["shortfalls"] == [
        item["message"] for item in run.summary["shortfalls"] if item["kind"] == "too_few_eligible"
    ]
    assert 'id="global-shortfalls"' in page.content.decode()
    assert page.context["under_covered"] == 1
    assert [pair.reviewer for pair in row["pairs"]] == [ada]


def test_pin_from_the_run_page_then_rerun_keeps_the_pinned_pair(
    client, event, hpc, organizer, django_capture_on_commit_callbacks
):
    proposal = _proposal(event, track=hpc)
    ada, grace = _reviewer(event, "Ada"), _reviewer(event, "Grace")
    BidFactory(submission=proposal, user=ada, preference=BidPreference.EAGER)
    client.force_login(organizer)
    _, first = _start(client, event, django_capture_on_commit_callbacks, reviews_per_submission=1)
    assert list(first.pairs.values_list("reviewer", flat=True)) == [ada.pk]

    client.post(
        reverse("reviews:assignment-constraint", args=[event.slug]),
        {"submission": proposal.pk, "user": grace.pk, "kind": "pin", "next": _run_url(first)},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_run_url(first, "reviews:run-rerun"))
    second = AssignmentRun.objects.first()

    assert response["Location"] == _run_url(second)
    assert second.params == first.params
    assert AssignmentConstraint.objects.get().kind == ConstraintKind.PIN
    assert (proposal.pk, grace.pk) in set(second.pairs.values_list("submission", "reviewer"))
    assert (proposal.pk, grace.pk) in client.get(_run_url(second)).context["diff"].added


def test_pinning_a_conflicted_pair_is_refused_with_a_message(client, event, hpc, organizer):
    proposal = _proposal(event, track=hpc, title="pixi")
    ada = _reviewer(event, "Ada Lovelace")
    BidFactory(submission=proposal, user=ada, preference=BidPreference.CONFLICT)
    client.force_login(organizer)

    response = client.post(
        reverse("reviews:assignment-constraint", args=[event.slug]),
        {"submission": proposal.pk, "user": ada.pk, "kind": "pin"},
        follow=True,
    )

    assert "Ada Lovelace has a conflict with “pixi”" in response.content.decode()
    assert AssignmentConstraint.objects.count() == 0


def test_constraints_are_listed_and_removable(client, event, hpc, organizer):
    proposal = _proposal(event, track=hpc, title="pixi")
    ada = _reviewer(event, "Ada Lovelace")
    AssignmentConstraint.objects.create(submission=proposal, user=ada, kind="forbid")
    client.force_login(organizer)

    listed = client.get(_auto_url(event)).context["constraints"]
    client.post(
        reverse("reviews:assignment-constraint", args=[event.slug]),
        {"submission": proposal.pk, "user": ada.pk, "kind": "clear"},
    )

    assert [(c.submission, c.user, c.kind) for c in listed] == [(proposal, ada, "forbid")]
    assert AssignmentConstraint.objects.count() == 0


def test_apply_confirms_the_counts_then_applies_once(
    client, event, organizer, committee, django_capture_on_commit_callbacks
):
    proposals, reviewers = committee
    ReviewAssignmentFactory(submission=proposals[0], reviewer=reviewers[0])
    client.force_login(organizer)
    _, run = _start(client, event, django_capture_on_commit_callbacks)

    confirm = client.get(_run_url(run, "reviews:run-apply"))
    applied = client.post(_run_url(run, "reviews:run-apply"))
    again = client.post(_run_url(run, "reviews:run-apply"), follow=True)

    assert confirm.context["diff"].counts == {"added": 5, "removed": 0, "kept": 1}
    assert "Apply 5 added, 0 removed" in confirm.content.decode()
    assert applied["Location"] == reverse("reviews:manage-assignments", args=[event.slug])
    assert ReviewAssignment.objects.count() == 6
    assert "This run was already applied" in again.content.decode()
    assert ReviewAssignment.objects.count() == 6


def test_a_conflicted_chair_sees_no_reviewers_of_that_proposal_in_a_run(
    client, event, hpc, django_capture_on_commit_callbacks
):
    chair = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[hpc]).user
    own = _proposal(event, track=hpc, title="Chair's talk", speakers=[chair])
    _reviewer(event, "Ada Lovelace")
    client.force_login(chair)
    _, run = _start(client, event, django_capture_on_commit_callbacks)

    page = client.get(_run_url(run))

    row = next(r for r in page.context["rows"] if r["proposal"] == own)
    assert row == {"proposal": own, "hidden": True}
    html = page.content.decode().split(f'id="run-proposal-{own.pk}"')[1]
    assert "Ada Lovelace" not in html.split("</article>")[0]
    assert page.context["diff_tables"]["added"] == []


def test_the_run_page_makes_a_constant_number_of_queries(
    client, event, hpc, organizer, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    for i in range(2):
        _proposal(event, track=hpc)
        _reviewer(event, f"Reviewer {i}")
    client.force_login(organizer)
    _, small = _start(client, event, django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(60) as few:
        client.get(_run_url(small))
    few_count = len(few)  # requests reset the connection's query log
    for i in range(20):
        _proposal(event, track=hpc)
        _reviewer(event, f"More {i}")
    _, large = _start(client, event, django_capture_on_commit_callbacks)

    with django_assert_max_num_queries(few_count):
        response = client.get(_run_url(large))

    assert len(response.context["rows"]) == 22
