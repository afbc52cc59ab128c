"""A chair runs automatic assignment, pins a pair, re-runs, reviews the diff and applies it."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from reviews.enums import BidPreference
from reviews.models import ReviewAssignment
from submissions.enums import SubmissionState
from tests.e2e.browser import sign_in
from tests.factories.reviews import BidFactory, ReviewerProfileFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _committee():
    event = EventFactory(name="SciPy 2027", slug="scipy-2027")
    track = TrackFactory(event=event, name="HPC")
    chair = UserFactory(name="Chris Chair", email="chair@example.org")
    MembershipFactory(event=event, user=chair, role=CommitteeRole.ORGANIZER)
    titles = ["Numba on GPUs", "Dask at scale", "MPI for Python"]
    proposals = [
        SubmissionFactory(event=event, track=track, title=t, state=SubmissionState.SUBMITTED)
        for t in titles
    ]
    names = ["Ada Lovelace", "Grace Hopper", "Alan Turing"]
    reviewers = [UserFactory(name=name) for name in names]
    for reviewer, keywords in zip(reviewers, ["GPU, Numba", "Dask", "MPI"], strict=True):
        MembershipFactory(event=event, user=reviewer, role=CommitteeRole.REVIEWER)
        ReviewerProfileFactory(event=event, user=reviewer, keywords=keywords)
    for proposal, reviewer in zip(proposals, reviewers, strict=True):
        BidFactory(submission=proposal, user=reviewer, preference=BidPreference.EAGER)
    return event, chair, proposals


def test_chair_runs_pins_reruns_reviews_the_diff_and_applies(page, live_server, artifacts_dir):
    event, chair, proposals = _committee()
    sign_in(page, live_server, chair.email)

    page.goto(f"{live_server.url}/{event.slug}/manage/assignments/automatic/")
    page.get_by_label("Reviews per proposal").fill("1")
    page.get_by_label("Maximum load").fill("2")
    page.screenshot(path=artifacts_dir / "assign-1-parameters.png", full_page=True)
    page.get_by_role("button", name="Compute a proposal").click()

    expect(page.get_by_role("heading", name="Assignment run")).to_contain_text("Done")
    expect(page.locator("#diff-counts")).to_contain_text("+3")
    page.screenshot(path=artifacts_dir / "assign-2-first-run.png", full_page=True)

    numba = page.locator(f"#run-proposal-{proposals[0].pk}")
    expect(numba.locator(".reviewer-chip")).to_have_text("Ada Lovelace new")
    numba.get_by_text("Why these reviewers").click()
    expect(numba.locator(".cost-table")).to_contain_text("Eager")
    numba.get_by_label("Reviewer to pin to “Numba on GPUs”").select_option(label="Grace Hopper")
    page.screenshot(path=artifacts_dir / "assign-3-explanation-and-pin.png", full_page=True)
    numba.get_by_role("button", name="Pin for the next run").click()
    expect(page.get_by_role("alert").first).to_contain_text("Grace Hopper is pinned")

    page.get_by_role("button", name="Re-run with the same settings").click()
    expect(page.get_by_role("heading", name="Assignment run")).to_contain_text("Done")
    added = page.locator("#diff-added")
    expect(added).to_contain_text("Numba on GPUs")
    expect(added.locator("tr", has_text="Numba on GPUs")).to_contain_text("Grace Hopper")
    page.screenshot(path=artifacts_dir / "assign-4-rerun-diff.png", full_page=True)

    page.get_by_role("link", name="Apply…").click()
    expect(page.locator("#apply-counts")).to_contain_text("3 assignments added")
    page.screenshot(path=artifacts_dir / "assign-5-confirm.png", full_page=True)
    page.get_by_role("button", name="Apply 3 added, 0 removed").click()

    expect(page.get_by_role("alert").first).to_contain_text("Run applied: 3 added")
    row = page.locator(f"#proposal-{proposals[0].pk}")
    expect(row.locator(".reviewer-chip")).to_contain_text("Grace Hopper")
    page.screenshot(path=artifacts_dir / "assign-6-applied.png", full_page=True)
    assert (proposals[0].pk, chair.pk) not in set(
        ReviewAssignment.objects.values_list("submission", "reviewer")
    )
    assert ReviewAssignment.objects.count() == 3

    # The chair tells the reviewers: one email each, listing their new assignments.
    card = page.get_by_role("region", name="Tell the reviewers")
    expect(card).to_contain_text("not emailed about")
    card.get_by_role("button", name="their assignments").click()
    expect(page.get_by_role("alert").first).to_contain_text("Emailing")
    expect(page.get_by_role("region", name="Tell the reviewers")).to_contain_text(
        "Every reviewer was emailed about their assignments."
    )
    page.screenshot(path=artifacts_dir / "assign-7-reviewers-told.png", full_page=True)
    assert any(m.subject.endswith("to review for " + event.name) for m in mail.outbox)
    assert not ReviewAssignment.objects.filter(notified_at__isnull=True).exists()
