"""After a workshop's call closed: an access code for late papers, and a reopened proposal."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from submissions.enums import SubmissionState
from submissions.models import Extension, Submission
from tests.e2e.browser import sign_in
from tests.factories.files import pdf_bytes, pdf_upload
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
from tracks.enums import AOE, CommitteeRole, SubmissionField

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def workshop():
    """DLonSC-like: papers due in AoE, the call closed two days ago."""
    event = EventFactory(
        name="Deep Learning on Supercomputers", slug="dlonsc", time_zone="America/New_York"
    )
    event.papers = TrackFactory(event=event, name="Papers")
    event.paper_type = SessionTypeFactory(
        event=event, name="Workshop paper", requested_fields=PAPER_FIELDS, min_pages=6,
        max_pages=8, duration_minutes=None,
    )  # fmt: skip
    SessionTypeFactory(
        event=event, name="Lightning talk", requested_fields=[SubmissionField.AI_STATEMENT]
    )
    DeadlineFactory(
        event=event, label="Papers due", time_zone=AOE, due=timezone.now() - timedelta(days=2)
    )
    organizer = UserFactory(name="Zhao Zhang", email="zhao@dlonsc.example.org")
    MembershipFactory(event=event, user=organizer, role=CommitteeRole.ORGANIZER)
    return event


def _organizer(event):
    return event.memberships.get(role=CommitteeRole.ORGANIZER).user


def _next_week() -> str:
    return (timezone.now() + timedelta(days=7)).date().isoformat()


def test_an_access_code_for_papers_lets_an_author_submit_after_the_call(
    live_server, page, workshop, artifacts_dir
):
    sign_in(page, live_server, _organizer(workshop).email)
    page.goto(f"{live_server.url}/dlonsc/manage/extensions/")
    expect(page.get_by_label("Anyone with an access code")).to_be_checked()
    expect(page.get_by_label("Person's email")).to_be_hidden()
    page.get_by_role("textbox", name="Access code").fill("DLONSC-LATE")
    page.get_by_label("Due date").fill("2020-09-22")
    page.get_by_label("Workshop paper").check()
    page.get_by_label("Note").fill("Extended workshop deadline, as announced on the mailing list")
    page.get_by_role("button", name="Grant extension").click()

    expect(page.locator("#id_due_date-errors")).to_contain_text("This is in the past")
    expect(page.get_by_role("textbox", name="Access code")).to_have_value("DLONSC-LATE")
    expect(page.get_by_label("Time zone")).to_have_value(AOE)
    page.screenshot(path=artifacts_dir / "extensions-organizer-error.png", full_page=True)
    page.get_by_label("Due date").fill(_next_week())
    page.get_by_role("button", name="Grant extension").click()
    expect(page.get_by_text("Granted: access code DLONSC-LATE until")).to_be_visible()
    code = page.locator(".extension-item", has_text="DLONSC-LATE")
    expect(code).to_contain_text("23:59")
    expect(code.locator("abbr")).to_have_text("AoE")
    expect(code).to_contain_text("Types: Workshop paper")
    expect(code).to_contain_text("Used by 0 proposals")
    page.screenshot(path=artifacts_dir / "extensions-organizer.png", full_page=True)

    author = UserFactory(name="Sam Late")
    sign_in(page, live_server, author.email)
    page.goto(f"{live_server.url}/dlonsc/submit/")
    expect(page.get_by_text("The call for proposals closed on")).to_be_visible()
    page.get_by_label("Title").fill("Scaling graph neural networks to 4,096 GPUs")
    page.get_by_label("Session type").select_option(label="Lightning talk")
    page.get_by_role("textbox", name="Access code").fill("dlonsc-late")
    page.get_by_role("button", name="Create draft").click()
    expect(page.locator("#id_access_code-errors")).to_have_text(
        "This access code is for another track or session type."
    )
    page.screenshot(path=artifacts_dir / "extensions-start-wrong-type.png", full_page=True)
    page.get_by_label("Session type").select_option(label="Workshop paper")
    page.get_by_role("button", name="Create draft").click()
    page.get_by_label("Abstract").fill("We train a GNN on 4,096 GPUs with near-linear scaling.")
    page.get_by_label("AI-usage statement").fill("No AI.")
    page.get_by_label("Paper (PDF)").set_input_files(
        {"name": "gnn.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(7)}
    )
    page.get_by_role("button", name="Submit proposal").click()

    expect(page.get_by_text("Your proposal is submitted.")).to_be_visible()
    panel = page.locator("#extension-panel")
    expect(panel).to_contain_text("The access code DLONSC-LATE allows it.")
    expect(panel.locator("abbr")).to_have_text("AoE")
    page.screenshot(path=artifacts_dir / "extensions-submitted-with-code.png", full_page=True)
    submission = Submission.objects.get()
    assert (submission.state, submission.access_code.code) == ("submitted", "DLONSC-LATE")


def test_an_organizer_reopens_a_submitted_paper_and_its_speaker_edits_it(
    live_server, page, workshop, artifacts_dir
):
    paper = SubmissionFactory(
        event=workshop, track=workshop.papers, session_type=workshop.paper_type,
        title="Deep learning at scale", state=SubmissionState.SUBMITTED, paper=pdf_upload(7),
        paper_pages=7,
    )  # fmt: skip
    sign_in(page, live_server, paper.created_by.email)
    page.goto(live_server.url + paper.get_absolute_url())
    expect(page.locator("#extension-panel")).to_contain_text("The call has closed")
    expect(page.get_by_role("link", name="Edit proposal")).to_have_count(0)
    page.screenshot(path=artifacts_dir / "extensions-speaker-closed.png", full_page=True)

    sign_in(page, live_server, _organizer(workshop).email)
    page.goto(live_server.url + paper.get_absolute_url())
    page.get_by_label("Reopen until").fill(_next_week())
    page.locator("#extension-panel").screenshot(path=artifacts_dir / "extensions-reopen-form.png")
    page.get_by_role("button", name="Reopen for editing").click()
    expect(page.get_by_text("Reopened: the speakers may edit this proposal until")).to_be_visible()
    page.screenshot(path=artifacts_dir / "extensions-reopened.png", full_page=True)

    sign_in(page, live_server, paper.created_by.email)
    page.goto(live_server.url + paper.get_absolute_url())
    expect(page.locator("#extension-panel")).to_contain_text(
        "The organizers reopened this proposal."
    )
    page.get_by_role("link", name="Edit proposal").click()
    page.get_by_label("Title").fill("Deep learning at scale, revised")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_role("heading", name="Deep learning at scale, revised")).to_be_visible()
    assert Extension.objects.get().submission == paper
