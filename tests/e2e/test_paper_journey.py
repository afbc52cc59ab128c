"""A workshop author lists non-speaking co-authors in order (an ORCID typo is caught), uploads
a 12-page PDF, sees the page-limit error, then submits 8 pages and 2 of references."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from submissions.models import Submission
from tests.e2e.browser import sign_in
from tests.factories.files import body_page, paper_pdf, pdf_bytes
from tests.factories.tracks import DeadlineFactory, EventFactory, SessionTypeFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.demo import PAPER_FIELDS
from tracks.enums import AOE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _pdf(pages: int) -> dict:
    return {"name": "dl-at-scale.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(pages)}


def _add_coauthor(page, name: str, affiliation: str, orcid: str) -> None:
    form = page.locator("form", has=page.get_by_role("button", name="Add co-author"))
    form.get_by_label("Full name").fill(name)
    form.get_by_label("Affiliation").fill(affiliation)
    form.get_by_label("ORCID iD").fill(orcid)
    form.get_by_role("button", name="Add co-author").click()


def test_workshop_paper_page_limit(live_server, page, artifacts_dir):
    event = EventFactory(name="DLonSC 2027", slug="dlonsc-2027", time_zone="America/New_York")
    TrackFactory(event=event, name="Papers")
    SessionTypeFactory(
        event=event, name="Workshop paper", requested_fields=PAPER_FIELDS, min_pages=6,
        max_pages=8, page_limit_note="Excluding references; IEEE conference format.",
    )  # fmt: skip
    DeadlineFactory(event=event, time_zone=AOE, due=timezone.now() + timedelta(days=10))
    author = UserFactory(name="Zhao Zhang")
    sign_in(page, live_server, author.email)
    page.goto(live_server.url + "/dlonsc-2027/")
    page.get_by_role("link", name="Submit a proposal").click()
    page.get_by_label("Title").fill("Scaling deep learning training on supercomputers")
    page.get_by_role("button", name="Create draft").click()
    page.get_by_label("Abstract").fill("We train ResNet-50 on ImageNet-1K on 1,024 nodes.")
    page.get_by_label("AI-usage statement").fill("No AI.")
    _add_coauthor(page, "Ian Foster", "UChicago & ANL", "https://orcid.org/0000-0002-1825-0097")
    expect(page.get_by_text("Ian Foster is now a co-author.")).to_be_visible()
    _add_coauthor(page, "Weijia Xu", "TACC", "0000-0002-1825-0098")
    expect(page.locator("#id_coauthor-orcid-errors")).to_contain_text("check digit")
    _add_coauthor(page, "Weijia Xu", "TACC", "")
    expect(page.get_by_text("Weijia Xu is now a co-author.")).to_be_visible()
    page.get_by_role("button", name="Move Weijia Xu up").click()
    expect(page.locator(".author-row-main")).to_have_text(
        [re.compile(r"Zhao Zhang"), re.compile(r"Weijia Xu"), re.compile(r"Ian Foster")]
    )
    page.screenshot(path=artifacts_dir / "paper-authors.png", full_page=True)
    expect(page.get_by_label("Abstract")).to_have_value(
        "We train ResNet-50 on ImageNet-1K on 1,024 nodes."
    )

    page.get_by_label("Paper (PDF)").set_input_files(_pdf(12))
    page.get_by_role("button", name="Submit proposal").click()
    expect(page.locator("#id_paper-errors")).to_have_text(
        "Your PDF has 12 pages (no “References” or “Bibliography” heading found, so all "
        "count); workshop papers must have 6–8 pages "
        "(excluding references; IEEE conference format)."
    )
    expect(page.get_by_label("Abstract")).to_have_value(
        "We train ResNet-50 on ImageNet-1K on 1,024 nodes."
    )
    page.screenshot(path=artifacts_dir / "paper-page-limit.png", full_page=True)
    references = "<h2>References</h2><p>[1] T. Ben-Nun. Demystifying parallel training. 2019.</p>"
    paper = paper_pdf(*(body_page(n) for n in range(1, 9)), references, "<p>[20] More.</p>")
    page.get_by_label("Paper (PDF)").set_input_files(
        {"name": "dl-at-scale.pdf", "mimeType": "application/pdf", "buffer": paper}
    )
    page.get_by_role("button", name="Submit proposal").click()

    expect(page.get_by_text("Your proposal is submitted.")).to_be_visible()
    expect(page.get_by_role("link", name="Download the paper")).to_be_visible()
    expect(page.get_by_text("8 pages before the references on page 9, 10 in all")).to_be_visible()
    page.screenshot(path=artifacts_dir / "paper-counted-pages.png", full_page=True)
    expect(page.get_by_role("list", name="Authors")).to_have_text(
        re.compile(r"Zhao Zhang.*Weijia Xu, TACC.*Ian Foster, UChicago & ANL", re.S)
    )
    submission = Submission.objects.get()
    assert (submission.state, submission.paper_pages) == ("submitted", 10)
