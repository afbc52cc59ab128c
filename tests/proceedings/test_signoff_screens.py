"""The proceedings chair in a browser: the camera-ready papers with their findings, an approval,
and the settings with a wrong DOI pattern; screenshots go to test-artifacts/."""

import pytest
from playwright.sync_api import expect

from proceedings import services
from tests.e2e.browser import sign_in
from tests.factories.pdfs import encrypted_pdf, make_pdf, unembedded_font_pdf
from tests.factories.proceedings import (
    CameraReadyRequirementFactory,
    PaperFactory,
    add_coauthor,
    upload_camera_ready,
)
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAPERS = [
    ("Scaling Transformer Training to 4,096 GPUs on Frontier", make_pdf(9, references_on=9)),
    ("Communication-Avoiding Optimizers for Exascale Systems", unembedded_font_pdf(8)),
    ("Mixed-Precision Surrogates for Climate Simulations", make_pdf(8, size="a4")),
    ("Checkpointing Large Language Models at Scale", make_pdf(11)),
    ("Graph Neural Networks for Particle Physics Triggers", encrypted_pdf()),
]


def _world():
    event = EventFactory(name="DLonSC 2026", slug="dlonsc-2026", time_zone="America/Chicago")
    requirement = CameraReadyRequirementFactory(session_type__event=event)
    tracks = [TrackFactory(event=event, name="Systems"), TrackFactory(event=event, name="Science")]
    chair = MembershipFactory(
        event=event, role=CommitteeRole.PROCEEDINGS_CHAIR, user=UserFactory(name="Ana Editor")
    ).user
    for number, (title, data) in enumerate(PAPERS):
        paper = PaperFactory(
            event=event, session_type=requirement.session_type, title=title,
            track=tracks[number % 2], created_by=UserFactory(name=f"Author {number + 1}"),
        )  # fmt: skip
        add_coauthor(paper, name=f"Co-author {number + 1}")
        upload_camera_ready(paper, requirement, data)
        services.refresh_paper_check(submission=paper)
    PaperFactory(
        event=event, session_type=requirement.session_type, title="A Late Paper on HPC I/O",
        created_by=UserFactory(name="Late Author"),
    )  # fmt: skip
    return event, chair


def test_the_chair_checks_approves_and_sets_up_the_proceedings(page, live_server, artifacts_dir):
    event, chair = _world()
    page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(page, live_server, chair.email)

    page.goto(f"{live_server.url}/{event.slug}/manage/proceedings/papers/")
    expect(page.get_by_text("A font is not embedded: Helvetica")).to_be_visible()
    page.screenshot(path=artifacts_dir / "proceedings-papers.png", full_page=True)
    good, bad = (page.locator("tr", has_text=title) for title, _ in PAPERS[:2])
    good.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("is approved for the proceedings")).to_be_visible()
    bad.locator("summary").click()
    bad.get_by_label("What should the authors change?").fill(
        "Please embed Helvetica: export with pdflatex."
    )
    bad.get_by_role("button", name="Email the speakers").click()
    expect(page.get_by_text("are emailed your note")).to_be_visible()
    page.screenshot(path=artifacts_dir / "proceedings-papers-signed.png", full_page=True)

    page.goto(f"{live_server.url}/{event.slug}/manage/proceedings/settings/")
    page.get_by_label("DOI prefix").fill("10.5555")
    page.get_by_label("DOI pattern").fill("{prefix}/{event}.{volume}")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Unknown placeholder {volume}.")).to_be_visible()
    page.screenshot(path=artifacts_dir / "proceedings-settings-error.png", full_page=True)
