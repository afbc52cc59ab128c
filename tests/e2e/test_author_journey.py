"""An author submits the real SciPy 2025 tutorial proposal field by field with an invited
co-speaker who signs up from the invitation, then withdraws it."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from submissions.models import Submission
from tests.e2e.browser import sign_in
from tests.factories.files import jpeg_with_gps
from tests.factories.questions import QuestionFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, SessionTypeFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.demo import TUTORIAL_FIELDS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SEED = Path(__file__).resolve().parents[2] / "tracks" / "demo_content" / "pixi_tutorial"
CONFIRMATION = (
    "The author(s) agree(s) to take responsibility and be accountable for the contents of the "
    "submission and is/are authorized to present it."
)


def _seed(name: str) -> str:
    return (SEED / f"{name}.md").read_text()


def _link(pattern: str) -> str:
    return re.search(pattern, mail.outbox[-1].body).group(1)


def _co_speaker_signs_up_from_the_invitation(browser, live_server):
    page = browser.new_context().new_page()
    page.goto(live_server.url + _link(r"https?://[^/\s]+(/invitations/\S+/)"))
    expect(page.get_by_role("heading", name="Join as a co-speaker")).to_be_visible()
    page.locator("#main").get_by_role("link", name="Sign up").click()
    page.get_by_label("Full name").fill("Ruben Arts")
    page.get_by_label("Email").fill("ruben.arts@example.org")
    page.locator("#id_password1").fill("pixi-is-great-2025")
    page.locator("#id_password2").fill("pixi-is-great-2025")
    page.get_by_role("button", name="Sign Up").click()
    page.goto(live_server.url + _link(r"(/accounts/confirm-email/\S+/)"))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("You have confirmed")).to_be_visible()
    page.context.close()


def test_author_submits_the_seed_tutorial_and_withdraws_it(
    live_server, page, browser, artifacts_dir
):
    event = EventFactory(name="SciPy 2027", slug="scipy-2027", time_zone="America/Los_Angeles")
    TrackFactory(event=event, name="Tutorials")
    SessionTypeFactory(
        event=event, name="Tutorial", duration_minutes=240, requested_fields=TUTORIAL_FIELDS
    )
    DeadlineFactory(event=event, due=timezone.now() + timedelta(days=20))
    confirm = QuestionFactory(event=event, text=CONFIRMATION, kind="boolean", required=True)
    author = UserFactory(email="matthew@example.org", name="Matthew Feickert")
    sign_in(page, live_server, author.email)

    page.get_by_role("link", name="SciPy 2027").click()
    page.get_by_role("link", name="Submit a proposal").click()
    page.get_by_label("Title").fill(
        "Reproducible Machine Learning Workflows for Scientists with pixi"
    )
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_text("Your draft is saved.")).to_be_visible()

    page.get_by_label("Co-speaker's email").fill("ruben.arts@example.org")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation to ruben.arts@example.org queued")).to_be_visible()
    _co_speaker_signs_up_from_the_invitation(browser, live_server)
    page.reload()
    expect(page.get_by_role("region", name="Authors")).to_contain_text("Ruben Arts")

    page.get_by_label("Outline").fill("Typed, never saved by a button.")
    expect(page.locator(".autosave-status")).to_contain_text("Draft saved at")
    page.reload()
    expect(page.get_by_label("Outline")).to_have_value("Typed, never saved by a button.")

    page.get_by_label("Abstract").fill(_seed("abstract") + " extra" * 10)
    expect(page.locator(".word-count.over")).to_contain_text("107 / 100 words")
    page.get_by_label("Abstract").fill(_seed("abstract"))
    expect(page.locator(".word-count").first).to_have_text("97 / 100 words")
    page.get_by_label("Description").fill(_seed("description"))
    page.get_by_label("Outline").fill(_seed("outline"))
    page.get_by_label("Prerequisites").fill(_seed("prerequisites"))
    page.get_by_label("Installation instructions").fill(_seed("installation"))
    page.get_by_label("Prior Python level").select_option("intermediate")
    page.get_by_label("Additional information").fill(_seed("additional_info"))
    page.get_by_label("Notes for the committee").fill(_seed("notes"))
    page.get_by_label("Session image").set_input_files(
        {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}
    )
    page.get_by_role("button", name="Submit proposal").click()
    expect(page.locator("#id_ai_statement-errors")).to_contain_text("is required to submit")
    expect(page.locator(f"#id_question_{confirm.pk}-errors")).to_have_text(
        "Please tick this box to submit."
    )
    expect(page.get_by_label("Outline")).to_have_value(_seed("outline"))
    page.get_by_label("AI-usage statement").fill("No AI.")
    page.get_by_label(CONFIRMATION).check()
    page.screenshot(path=artifacts_dir / "author-proposal-form.png", full_page=True)
    page.get_by_role("button", name="Submit proposal").click()

    expect(page.get_by_text("Your proposal is submitted.")).to_be_visible()
    expect(page.locator(".state-badge").first).to_have_text("Submitted")
    expect(page.get_by_role("list", name="Authors")).to_have_text(
        re.compile(r"Matthew Feickert.*Ruben Arts", re.S)
    )
    expect(page.get_by_role("img", name="Session image")).to_be_visible()
    expect(page.locator(".answer-list")).to_contain_text(CONFIRMATION)
    submission = Submission.objects.get()
    with submission.session_image.open("rb") as handle, Image.open(handle) as stored:
        assert (stored.format, dict(stored.getexif())) == ("JPEG", {})
    page.screenshot(path=artifacts_dir / "author-proposal-detail.png", full_page=True)
    page.get_by_role("link", name="My proposals").click()
    expect(page.locator(".proposal-row")).to_contain_text("pixi")
    page.screenshot(path=artifacts_dir / "author-dashboard.png", full_page=True)

    page.get_by_role("link", name="Reproducible Machine Learning Workflows").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_text("Your proposal is withdrawn.")).to_be_visible()
    assert Submission.objects.get().state == "withdrawn"
