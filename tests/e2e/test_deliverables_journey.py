"""An accepted workshop paper: the author confirms, uploads a 12-page camera-ready and sees the
page-limit error, then an 8-page one; the organizer sees it delivered."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from submissions.enums import DeliverableFormat, SubmissionState
from tests.e2e.browser import sign_in
from tests.factories.deliverables import DeliverableRequirementFactory
from tests.factories.files import pdf_bytes
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import (
    DeadlineFactory,
    EventFactory,
    MembershipFactory,
    SessionTypeFactory,
    TrackFactory,
)
from tests.factories.users import UserFactory
from tracks.demo import PAPER_FIELDS
from tracks.enums import AOE, CommitteeRole, DeadlineKind
from tracks.timezones import end_of_day

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _pdf(pages: int) -> dict:
    return {"name": "camera-ready.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(pages)}


def _accepted_workshop_paper() -> tuple:
    event = EventFactory(name="DLonSC 2027", slug="dlonsc-2027", time_zone="America/New_York")
    paper_type = SessionTypeFactory(
        event=event, name="Workshop paper", requested_fields=PAPER_FIELDS, min_pages=6,
        max_pages=8, page_limit_note="Excluding references; IEEE conference format.",
    )  # fmt: skip
    camera_ready: date = timezone.now().date() + timedelta(days=14)
    DeadlineFactory(
        event=event, kind=DeadlineKind.CAMERA_READY, label="Camera ready", time_zone=AOE,
        due=end_of_day(camera_ready, AOE),
    )  # fmt: skip
    DeliverableRequirementFactory(
        session_type=paper_type, title="Camera-ready paper", format=DeliverableFormat.PAPER_PDF,
        deadline_kind=DeadlineKind.CAMERA_READY,
        help_text="IEEE conference format, with the reviewers' comments addressed.",
    )  # fmt: skip
    author = UserFactory(name="Zhao Zhang")
    submission = SubmissionFactory(
        event=event, track=TrackFactory(event=event, name="Papers"), session_type=paper_type,
        title="Scaling deep learning training on supercomputers", created_by=author,
        state=SubmissionState.ACCEPTED,
    )  # fmt: skip
    organizer = MembershipFactory(
        event=event, role=CommitteeRole.ORGANIZER, user=UserFactory(name="Ian Foster")
    ).user
    return submission, author, organizer, f"{camera_ready:%b} {camera_ready.day}, " \
        f"{camera_ready.year} AoE"  # fmt: skip


def test_author_delivers_the_camera_ready_and_the_organizer_sees_it(
    live_server, page, artifacts_dir
):
    submission, author, organizer, due = _accepted_workshop_paper()
    sign_in(page, live_server, author.email)
    page.goto(live_server.url + submission.get_absolute_url())

    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("your answer (confirm) is recorded")).to_be_visible()
    card = page.locator("section", has=page.get_by_role("heading", name="Deliverables"))
    expect(card).to_contain_text(f"due {due}")
    expect(card).to_contain_text("Not yet delivered")
    page.screenshot(path=artifacts_dir / "deliverables-proposal-card.png", full_page=True)
    card.get_by_role("link", name="Hand in deliverables").click()

    expect(page.get_by_text(f"Due {due}")).to_be_visible()
    page.get_by_label("Camera-ready paper (PDF file)").set_input_files(_pdf(12))
    page.get_by_role("button", name="Upload").click()
    errors = page.locator("[id$='-file-errors']")
    expect(errors).to_have_text(
        "Your PDF has 12 pages (no “References” or “Bibliography” heading found, so all "
        "count); workshop papers must have 6–8 pages "
        "(excluding references; IEEE conference format)."
    )
    page.screenshot(path=artifacts_dir / "deliverables-page-limit.png", full_page=True)
    page.get_by_label("Camera-ready paper (PDF file)").set_input_files(_pdf(8))
    page.get_by_role("button", name="Upload").click()

    expect(page.get_by_text("“Camera-ready paper” is saved.")).to_be_visible()
    expect(page.get_by_role("link", name="Download the camera-ready paper")).to_be_visible()
    expect(
        page.get_by_text("8 pages (no “References” or “Bibliography” heading found")
    ).to_be_visible()
    expect(page.locator("[data-status='delivered']")).to_have_text("Delivered")
    page.screenshot(path=artifacts_dir / "deliverables-delivered.png", full_page=True)

    sign_in(page, live_server, organizer.email)
    page.goto(live_server.url + f"/{submission.event.slug}/manage/deliverables/")
    row = page.get_by_role("row", name=submission.title)
    expect(row.locator("[data-status='delivered']")).to_have_text("Delivered")
    expect(row).to_contain_text("8 p.")
    page.screenshot(path=artifacts_dir / "deliverables-organizer.png", full_page=True)
    page.get_by_role("link", name="Missing items").click()
    expect(page.get_by_text("Nothing required is missing.")).to_be_visible()


def test_tutorial_instructors_hand_in_a_link_and_markdown_instructions(
    live_server, page, artifacts_dir
):
    event = EventFactory(name="SciPy 2027", slug="scipy-2027", time_zone="America/Los_Angeles")
    tutorial = SessionTypeFactory(event=event, name="Tutorial", duration_minutes=240)
    materials_day = timezone.now().date() + timedelta(days=30)
    DeadlineFactory(
        event=event, kind=DeadlineKind.MATERIALS_DUE, label="Final tutorial materials due",
        due=end_of_day(materials_day, "America/Los_Angeles"),
    )  # fmt: skip
    for title, kind in [("Tutorial materials", "link"), ("Installation instructions", "text"),
                        ("Test script", "link")]:  # fmt: skip
        DeliverableRequirementFactory(session_type=tutorial, title=title, format=kind)
    author = UserFactory(name="Matthew Feickert")
    submission = SubmissionFactory(
        event=event, session_type=tutorial, created_by=author, state=SubmissionState.CONFIRMED,
        title="Reproducible Machine Learning Workflows for Scientists with pixi",
    )  # fmt: skip
    organizer = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user
    sign_in(page, live_server, author.email)
    page.goto(live_server.url + submission.get_absolute_url() + "deliverables/")

    page.get_by_label("Installation instructions (Markdown)").fill(
        "1. Install pixi\n2. Run `pixi install` in the repository"
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".markdown-preview code")).to_have_text("pixi install")
    page.get_by_role("button", name="Save installation instructions").click()
    expect(page.get_by_text("“Installation instructions” is saved.")).to_be_visible()
    page.get_by_label("Tutorial materials: web address").fill("github.com/matthewfeickert/pixi")
    page.get_by_role("button", name="Save tutorial materials").click()

    expect(page.get_by_role("link", name="https://github.com/matthewfeickert/pixi")).to_be_visible()
    expect(page.locator("[data-status='delivered']")).to_have_count(2)
    page.screenshot(path=artifacts_dir / "deliverables-tutorial.png", full_page=True)
    sign_in(page, live_server, organizer.email)
    page.goto(live_server.url + f"/{event.slug}/manage/deliverables/?missing=1")
    row = page.get_by_role("row", name=submission.title)
    expect(row.locator("[data-status='missing']")).to_have_count(1)
    expect(row).to_contain_text(f"due {materials_day:%b} {materials_day.day}")
    page.screenshot(path=artifacts_dir / "deliverables-organizer-missing.png", full_page=True)
