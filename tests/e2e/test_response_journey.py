"""Paper-style review with an author response round, in a double-blind event: a reviewer reads
the other review after submitting their own and comments in the discussion (the other reviewer
is emailed); the author reads the reviews meant for them, is stopped by the word limit, responds;
the reviewers are emailed and read the response with the reviews."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from reviews.enums import ReviewMode
from reviews.models import ReviewSettings
from submissions.enums import SubmissionState
from tests.e2e.browser import sign_in
from tests.factories.reviews import ReviewAssignmentFactory, ReviewFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole, DeadlineKind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reviewers_discuss_and_the_author_responds(page, live_server, artifacts_dir):
    event = EventFactory(name="DLonSC 2027", slug="dlonsc-2027")
    ReviewSettings.objects.update_or_create(
        event=event,
        defaults={"mode": ReviewMode.DOUBLE_BLIND, "author_response": True,
                  "response_word_limit": 50},
    )  # fmt: skip
    now = timezone.now()
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, due=now - timedelta(days=1))
    DeadlineFactory(event=event, kind=DeadlineKind.RESPONSE_DUE, due=now + timedelta(days=3))
    author = UserFactory(name="Ada Author", email="ada@example.org")
    paper = SubmissionFactory(
        event=event, title="Scaling ResNet to 4,096 GPUs", created_by=author,
        state=SubmissionState.SUBMITTED,
    )  # fmt: skip
    rita = UserFactory(name="Rita Reviewer", email="rita@example.org")
    sam = UserFactory(name="Sam Second", email="sam@example.org")
    for reviewer, comments in ((rita, "Strong scaling results."), (sam, "The baseline is weak.")):
        MembershipFactory(event=event, user=reviewer, role=CommitteeRole.REVIEWER)
        ReviewAssignmentFactory(submission=paper, reviewer=reviewer)
        ReviewFactory(
            submission=paper, reviewer=reviewer, overall=4, confidence=3,
            comments_to_authors=comments, confidential_comments="Between us: borderline.",
            submitted_at=now - timedelta(days=2),
        )  # fmt: skip
    reviews_url = f"{live_server.url}/{event.slug}/review/proposals/{paper.pk}/reviews/"

    sign_in(page, live_server, rita.email)
    page.goto(reviews_url)
    expect(page.locator("main")).to_contain_text("The baseline is weak.")
    expect(page.locator("main")).not_to_contain_text("Ada Author")
    page.get_by_label("Your comment").fill("Is the baseline tuned? I would ask the authors.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#discussion")).to_contain_text("Is the baseline tuned?")
    page.screenshot(path=artifacts_dir / "response-1-discussion.png", full_page=True)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["sam@example.org"], f"New comment on “{paper.title}” · DLonSC 2027")
    ]

    sign_in(page, live_server, author.email)
    page.goto(f"{live_server.url}{paper.get_absolute_url()}")
    expect(page.locator(".proposal-body .state-badge")).to_have_text("Submitted")
    page.get_by_role("link", name="Read and respond").click()
    expect(page.locator("main")).to_contain_text("Strong scaling results.")
    expect(page.locator("main")).not_to_contain_text("Between us")
    expect(page.locator("main")).not_to_contain_text("Rita Reviewer")
    page.get_by_label("Your response").fill("word " * 60)
    page.get_by_role("button", name="Save response").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("the limit is 50")
    page.get_by_label("Your response").fill("We tuned the baseline with the vendor's settings.")
    page.get_by_role("button", name="Save response").click()
    expect(page.get_by_role("heading", name="Edit your response")).to_be_visible()
    page.screenshot(path=artifacts_dir / "response-2-author.png", full_page=True)
    told = sorted(m.to[0] for m in mail.outbox if "responded to the reviews" in m.subject)
    assert told == ["rita@example.org", "sam@example.org"]

    sign_in(page, live_server, sam.email)
    page.goto(reviews_url)
    expect(page.get_by_role("region", name="Authors' response")).to_contain_text(
        "We tuned the baseline"
    )
    page.screenshot(path=artifacts_dir / "response-3-committee.png", full_page=True)
