"""A speaker edits the abstract twice, reads the diff on the revisions page, then shares a
read-only preview link that a colleague without an account opens."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from submissions.services import create_submission
from tests.e2e.browser import sign_in
from tests.factories.tracks import DeadlineFactory, EventFactory, SessionTypeFactory, TrackFactory
from tests.factories.users import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIRST = "Scientists need reproducible environments. We teach conda."
SECOND = "Scientists need reproducible environments. We teach pixi, hands-on."
THIRD = "Scientists need fully reproducible environments. We teach pixi, hands-on."
NOTES = "Ruben can only attend on Tuesday."


def _draft(author):
    event = EventFactory(name="SciPy 2027", slug="scipy-2027", time_zone="America/Los_Angeles")
    DeadlineFactory(event=event, due=timezone.now() + timedelta(days=20))
    return create_submission(
        event=event,
        track=TrackFactory(event=event, name="Tutorials"),
        session_type=SessionTypeFactory(event=event, name="Tutorial", duration_minutes=240),
        author=author,
        data={"title": "Reproducible workflows with pixi", "abstract": FIRST, "notes": NOTES},
    )


def _save_abstract(page, text):
    page.get_by_label("Abstract").fill(text)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()


def test_speaker_reads_the_diff_and_shares_a_preview(live_server, page, browser, artifacts_dir):
    author = UserFactory(email="matthew@example.org", name="Matthew Feickert")
    submission = _draft(author)
    sign_in(page, live_server, author.email)
    page.goto(live_server.url + f"/scipy-2027/proposals/{submission.pk}/edit/")
    _save_abstract(page, SECOND)
    _save_abstract(page, THIRD)

    page.goto(live_server.url + submission.get_absolute_url())
    page.get_by_role("link", name="Revision history").click()
    expect(page.get_by_role("heading", name="Changes from version 2 to version 3")).to_be_visible()
    abstract = page.get_by_role("region", name="Abstract")
    expect(abstract.locator("ins")).to_have_text("fully ")
    expect(page.locator(".revision-list li")).to_have_count(3)
    page.screenshot(path=artifacts_dir / "sharing-revisions.png", full_page=True)
    page.get_by_label("Compare version").select_option("1")
    page.get_by_role("button", name="Compare").click()
    expect(abstract.locator("del")).to_have_text("conda")
    expect(abstract.locator("ins")).to_have_text(["fully ", "pixi, hands-on"])
    page.screenshot(path=artifacts_dir / "sharing-revisions-1-3.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=artifacts_dir / "sharing-revisions-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 720})

    page.get_by_role("link", name="Back to the proposal").click()
    page.get_by_role("button", name="Create a preview link").click()
    expect(page.get_by_text("The preview link is on")).to_be_visible()
    page.screenshot(path=artifacts_dir / "sharing-detail-card.png", full_page=True)
    link = page.get_by_label("Read-only preview link").input_value()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link

    visitor = browser.new_context().new_page()
    visitor.goto(link)
    expect(visitor.get_by_role("heading", name="Reproducible workflows with pixi")).to_be_visible()
    expect(visitor.get_by_text("Read-only preview.")).to_be_visible()
    expect(visitor.get_by_text(THIRD)).to_be_visible()
    expect(visitor.get_by_text(NOTES)).to_have_count(0)
    expect(visitor.get_by_role("link", name="Sign in")).to_be_visible()
    visitor.screenshot(path=artifacts_dir / "sharing-preview.png", full_page=True)

    page.get_by_role("button", name="Turn the link off").click()
    expect(page.get_by_text("The preview link is off")).to_be_visible()
    response = visitor.goto(link)
    assert response.status == 404
    visitor.context.close()
