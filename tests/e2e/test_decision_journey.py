"""A chair accepts two proposals in bulk, edits and previews the accept email, sends the
decisions; the outbox lists the emails; the author sees the decision only once it is emailed,
and confirms."""

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from submissions.enums import SubmissionState
from tests.e2e.browser import sign_in
from tests.factories.reviews import ReviewFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_chair_decides_writes_previews_and_sends(page, live_server, artifacts_dir):
    event = EventFactory(name="SciPy 2027", slug="scipy-2027")
    track = TrackFactory(event=event, name="HPC")
    chair = UserFactory(name="Chris Chair", email="chair@example.org")
    MembershipFactory(event=event, user=chair, role=CommitteeRole.ORGANIZER)
    author = UserFactory(name="Ada Author", email="ada@example.org")
    numba, dask = (
        SubmissionFactory(event=event, track=track, title=title, created_by=creator,
                          state=SubmissionState.UNDER_REVIEW)
        for title, creator in (("Numba on GPUs", author), ("Dask at scale", UserFactory()))
    )  # fmt: skip
    SubmissionFactory(event=event, track=track, title="Left alone", state=SubmissionState.SUBMITTED)
    reviewer = MembershipFactory(event=event, user=UserFactory(name="Rita Reviewer")).user
    ReviewFactory(
        submission=numba,
        reviewer=reviewer,
        overall=5,
        confidence=3,
        comments_to_authors="Great use of **GPU** kernels.",
        confidential_comments="Between us: the speaker is a friend.",
        submitted_at=timezone.now(),
    )
    sign_in(page, live_server, chair.email)

    page.goto(f"{live_server.url}/{event.slug}/manage/decisions/")
    page.get_by_label("Select Numba on GPUs").check()
    page.get_by_label("Select Dask at scale").check()
    page.screenshot(path=artifacts_dir / "decide-1-selected.png", full_page=True)
    page.get_by_role("button", name="Accept").click()
    # Neither has the 3 reviews wanted: the chair is told which, and decides all the same.
    confirm = page.locator("#confirm-decision")
    expect(confirm).to_contain_text("Dask at scale: 0 of 3 reviews submitted")
    expect(confirm).to_contain_text("Numba on GPUs: 1 of 3 reviews submitted")
    page.screenshot(path=artifacts_dir / "decide-1b-short-of-reviews.png", full_page=True)
    page.get_by_role("button", name="Accept 2 proposals anyway").click()
    expect(page.get_by_role("status").first).to_contain_text("2 proposals accepted.")
    expect(page.locator(f"#proposal-{numba.pk}")).to_contain_text("Accepted")
    expect(page.locator(f"#proposal-{dask.pk}")).to_contain_text("Accepted")
    expect(page.locator(f"#proposal-{numba.pk}")).to_contain_text("not emailed yet")
    page.screenshot(path=artifacts_dir / "decide-2-accepted.png", full_page=True)

    # Until the email goes out, the author still sees the proposal under review.
    author_page = page.context.browser.new_page()
    sign_in(author_page, live_server, author.email)
    author_page.goto(f"{live_server.url}/my/proposals/")
    expect(author_page.locator(".proposal-row")).to_contain_text("Under review")
    expect(author_page.locator("main")).not_to_contain_text("Accepted")
    author_page.screenshot(path=artifacts_dir / "decide-2b-author-before.png", full_page=True)
    author_page.close()

    page.get_by_role("link", name="Decision emails").click()
    page.get_by_label("Subject").fill("Welcome to {event}: {title}")
    page.get_by_role("button", name="Preview without saving").click()
    preview = page.locator("#email-preview")
    expect(preview).to_contain_text("Welcome to SciPy 2027: Dask at scale")
    page.screenshot(path=artifacts_dir / "decide-3-preview.png", full_page=True)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text("email is saved")

    page.get_by_role("link", name="Decisions").first.click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Notify 2 speakers of 2 decided proposals").click()
    expect(page.locator("#notify-progress")).to_contain_text("2 of 2 sent")
    expect(page.locator(f"#proposal-{numba.pk}")).to_contain_text("Ada Author: accepted, sent")
    page.screenshot(path=artifacts_dir / "decide-4-sent.png", full_page=True)
    assert sorted(m.subject for m in mail.outbox) == [
        "Welcome to SciPy 2027: Dask at scale",
        "Welcome to SciPy 2027: Numba on GPUs",
    ]

    page.get_by_role("link", name="Outbox").first.click()
    expect(page.locator("tbody tr")).to_have_count(2)
    expect(page.locator("tbody")).to_contain_text("ada@example.org")
    page.screenshot(path=artifacts_dir / "decide-5-outbox.png", full_page=True)
    page.get_by_role("link", name="Welcome to SciPy 2027: Numba on GPUs").click()
    expect(page.locator("pre")).to_contain_text("Dear Ada Author,")
    page.screenshot(path=artifacts_dir / "decide-6-email.png", full_page=True)

    sign_in(page, live_server, author.email)
    page.goto(f"{live_server.url}{numba.get_absolute_url()}")
    expect(page.get_by_text("Accepted").first).to_be_visible()
    page.screenshot(path=artifacts_dir / "decide-7-author.png", full_page=True)
    page.get_by_role("link", name="Decision and reviews").click()
    expect(page.get_by_text("Great use of GPU kernels.")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Between us")
    expect(page.locator("main")).not_to_contain_text("Rita Reviewer")
    page.screenshot(path=artifacts_dir / "decide-8-author-reviews.png", full_page=True)

    page.goto(f"{live_server.url}{numba.get_absolute_url()}")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status").first).to_contain_text("your answer (confirm) is recorded")
    expect(page.get_by_role("region", name="History", exact=True)).to_contain_text(
        "Accepted (emailed)"
    )
    expect(page.locator(".proposal-body .state-badge")).to_have_text("Confirmed")
