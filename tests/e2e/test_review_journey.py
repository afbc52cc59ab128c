"""A reviewer opens their home and an assigned proposal, answers part of the review form, saves a
draft, finds it on reload, completes and submits it, and sees "Submitted" on their home. The
organizer sets up the review form on the way."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews.models import Review
from submissions.enums import SubmissionState
from tests.e2e.browser import sign_in
from tests.factories.reviews import (
    ReviewAssignmentFactory,
    ReviewCriterionFactory,
    ReviewFormFactory,
)
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole, DeadlineKind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    event = EventFactory(name="HPC Days")
    organizer = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user
    reviewer = UserFactory(name="Rita Reviewer")
    MembershipFactory(event=event, user=reviewer, role=CommitteeRole.REVIEWER)
    form = ReviewFormFactory(
        event=event,
        name="Paper review",
        overall_labels={"1": "Strong reject", "3": "Borderline", "5": "Strong accept"},
        confidence_labels={"1": "Low", "4": "Expert"},
    )
    ReviewCriterionFactory(
        form=form,
        name="Relevance",
        help_text="Does it matter to the HPC community?",
        labels={"1": "Off topic", "5": "Central"},
        position=0,
    )
    ReviewCriterionFactory(form=form, name="Novelty", max_value=3, position=1, required=False)
    proposal = SubmissionFactory(
        event=event,
        title="Sparse solvers on exascale machines",
        abstract="Krylov methods on **GPUs**.",
        state=SubmissionState.SUBMITTED,
    )
    other = SubmissionFactory(
        event=event, title="Web dashboards for HPC", state=SubmissionState.SUBMITTED
    )
    for submission in (proposal, other):
        ReviewAssignmentFactory(submission=submission, reviewer=reviewer)
    DeadlineFactory(
        event=event, kind=DeadlineKind.REVIEWS_DUE, due=timezone.now() + timedelta(days=10)
    )
    return event, organizer, reviewer, proposal


def test_reviewer_drafts_and_submits_a_review(page, live_server, artifacts_dir, world):
    event, organizer, reviewer, proposal = world

    sign_in(page, live_server, organizer.email)
    page.goto(f"{live_server.url}/{event.slug}/manage/reviewing/")
    expect(page.get_by_role("heading", name="How the committee reviews")).to_be_visible()
    page.screenshot(path=artifacts_dir / "review-settings.png", full_page=True)
    page.get_by_role("link", name="Paper review").click()
    page.screenshot(path=artifacts_dir / "review-form-edit.png", full_page=True)

    sign_in(page, live_server, reviewer.email)
    page.goto(f"{live_server.url}/{event.slug}/review/")
    row = page.locator(f"#assigned-{proposal.pk}")
    expect(row).to_contain_text("Not started")
    row.get_by_role("link", name=proposal.title).click()

    expect(page.get_by_role("heading", name=proposal.title)).to_be_visible()
    page.get_by_label("5 · Central").check()
    page.get_by_label("Comments to the authors").fill("Clear **motivation**; weak evaluation.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status").filter(has_text="Draft saved")).to_be_visible()

    page.reload()
    expect(page.get_by_label("5 · Central")).to_be_checked()
    expect(page.get_by_label("Comments to the authors")).to_have_value(
        "Clear **motivation**; weak evaluation."
    )
    page.get_by_role("button", name="Submit review").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("Answer this before")
    page.screenshot(path=artifacts_dir / "review-missing-answers.png", full_page=True)

    page.get_by_role("group", name="Novelty").get_by_label("2", exact=True).check()
    page.get_by_label("3 · Borderline").check()
    page.get_by_label("4 · Expert").check()
    page.get_by_label("Confidential comments to the committee").fill("Close to a workshop paper.")
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_role("status").filter(has_text="Your review is submitted")).to_be_visible()
    page.screenshot(path=artifacts_dir / "review-submitted.png", full_page=True)

    page.get_by_role("link", name="Your assigned proposals").click()
    expect(page.locator(f"#assigned-{proposal.pk}")).to_contain_text("Submitted")
    page.screenshot(path=artifacts_dir / "reviewer-home-statuses.png", full_page=True)
    review = Review.objects.get()
    assert (review.overall, review.confidence, review.is_late) == (3, 4, False)
    assert sorted(review.scores.values_list("value", flat=True)) == [2, 5]
