"""A reviewer accepts the committee invitation, opens bidding, searches, bids on two proposals,
declares a conflict on a third, sees a detected conflict locked, and finds the bids on reload."""

import pytest
from playwright.sync_api import expect

from reviews.models import Bid
from reviews.services.committee import invite_committee_members
from submissions.enums import SubmissionState
from tests.e2e.browser import sign_in
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _proposal(event, title, abstract, affiliation=""):
    author = UserFactory(affiliation=affiliation) if affiliation else UserFactory()
    return SubmissionFactory(
        event=event,
        title=title,
        abstract=abstract,
        description="We benchmark on **three** machines.",
        state=SubmissionState.SUBMITTED,
        created_by=author,
    )


def _bid(page, submission, label):
    row = page.locator(f"#proposal-{submission.pk}")
    row.get_by_text(label, exact=True).click()
    expect(row.get_by_role("status")).to_have_text("Saved")


def test_reviewer_accepts_and_bids(page, live_server, artifacts_dir):
    event = EventFactory()
    reviewer = UserFactory(name="Ada Reviewer", affiliation="ETH Zurich")
    organizer = UserFactory()
    MembershipFactory(event=event, user=organizer, role=CommitteeRole.ORGANIZER)
    [invitation] = invite_committee_members(
        event=event,
        emails=[reviewer.email],
        role=CommitteeRole.REVIEWER,
        tracks=[],
        message="",
        by=organizer,
    )
    gpu = _proposal(event, "Sparse solvers on GPUs", "Krylov methods on **GPUs**.")
    mixed = _proposal(event, "Mixed precision on GPUs", "Half precision where it is safe.")
    web = _proposal(event, "Web dashboards for HPC", "Monitoring jobs in the browser.")
    locked = _proposal(event, "Climate emulators", "Neural surrogates.", "ETH Zürich")

    sign_in(page, live_server, reviewer.email)
    page.goto(live_server.url + invitation.get_absolute_url())
    page.get_by_role("button", name="Accept as Ada Reviewer").click()
    page.goto(live_server.url + f"/{event.slug}/review/bids/")
    expect(page.locator(f"#proposal-{locked.pk}")).to_contain_text("Conflict (same affiliation)")
    page.get_by_label("Search").fill("gpus")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("article.bid-row")).to_have_count(2)
    _bid(page, gpu, "Eager")
    _bid(page, mixed, "Not willing")
    page.get_by_role("link", name="Reset").click()
    _bid(page, web, "Conflict")
    expect(page.locator('[data-count="eager"]')).to_have_text("1")
    page.screenshot(path=artifacts_dir / "reviewer-bidding.png", full_page=True)
    page.reload()

    expect(page.locator(f"#bid-{gpu.pk}-eager")).to_be_checked()
    expect(page.locator(f"#bid-{mixed.pk}-not_willing")).to_be_checked()
    expect(page.locator(f"#bid-{web.pk}-conflict")).to_be_checked()
    expect(page.locator('[data-count="conflict"]')).to_have_text("2")
    assert dict(Bid.objects.values_list("submission_id", "preference")) == {
        gpu.pk: "eager",
        mixed.pk: "not_willing",
        web.pk: "conflict",
    }


def test_author_declares_and_chair_clears(page, live_server, artifacts_dir):
    event = EventFactory()
    chair = UserFactory(name="Chris Chair")
    MembershipFactory(event=event, user=chair, role=CommitteeRole.ORGANIZER)
    advisor = UserFactory(name="Alan Advisor", affiliation="Oak Ridge National Laboratory")
    colleague = UserFactory(name="Carla Colleague", affiliation="ETH Zurich")
    for user in (advisor, colleague):
        MembershipFactory(event=event, user=user)
    paper = _proposal(event, "Climate emulators", "Neural surrogates.", "ETH Zürich")

    sign_in(page, live_server, paper.created_by.email)
    page.goto(live_server.url + f"/{event.slug}/proposals/{paper.pk}/conflicts/")
    page.get_by_role("button", name="Declare conflict").click()
    expect(page.get_by_text("Pick at least one committee member.")).to_be_visible()
    page.get_by_label("Search the committee").fill("oak ridge")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("Alan Advisor — Oak Ridge National Laboratory").check()
    page.get_by_label("Reason (optional)").fill("PhD advisor")
    page.get_by_role("button", name="Declare conflict").click()
    expect(page.locator("#main")).to_contain_text("PhD advisor")
    page.screenshot(path=artifacts_dir / "author-conflicts.png", full_page=True)

    sign_in(page, live_server, chair.email)
    page.goto(live_server.url + f"/{event.slug}/manage/conflicts/")
    detected = page.locator(f"#conflict-{paper.pk}-{colleague.pk}")
    expect(detected).to_contain_text("Same affiliation as an author")
    detected.get_by_role("button", name="Clear").click()
    expect(page.get_by_text("Say why this is not a conflict.")).to_be_visible()
    page.locator(f"#note-{paper.pk}-{colleague.pk}").fill("Different institutes at ETH")
    page.locator(f"#conflict-{paper.pk}-{colleague.pk}").get_by_role("button", name="Clear").click()
    expect(page.locator(f"#conflict-{paper.pk}-{colleague.pk}")).to_contain_text(
        "Cleared: Different institutes at ETH"
    )
    expect(page.locator(f"#conflict-{paper.pk}-{advisor.pk}")).to_contain_text(
        "Declared by an author"
    )
    page.screenshot(path=artifacts_dir / "manage-conflicts.png", full_page=True)
