"""Browser journey: an organizer opens the program exports page, chooses columns and downloads
the sessions CSV and the stipend report; axe finds no contrast, region or landmark violation."""

import csv
import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.browser import sign_in
from tests.e2e.test_accessibility import AXE, RUN_AXE
from tests.factories.program import SessionSlotFactory, event_time
from tests.factories.tracks import EventFactory, MembershipFactory, SessionTypeFactory
from tracks.enums import CommitteeRole

from .test_export_feeds import build_program

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _rows(download) -> list[list[str]]:
    with open(download.path(), encoding="utf-8") as handle:
        return list(csv.reader(io.StringIO(handle.read())))


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
    ids=["desktop", "phone"],
)
def test_organizer_downloads_sessions_and_stipends(live_server, page, artifacts_dir, viewport):
    event = EventFactory(slug="scipy-2025", name="SciPy 2025")
    program = build_program(event, talks=2)
    kind = SessionTypeFactory(event=event, name="Tutorial", slug="tutorial", duration_minutes=240)
    SessionSlotFactory(
        event=event, room=program.lab, start=event_time(event, 2, 8),
        submission__session_type=kind, submission__title="Unpublished tutorial",
    )  # fmt: skip
    organizer = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user
    page.context.add_init_script(path=AXE)
    sign_in(page, live_server, organizer.email)
    page.set_viewport_size(viewport)

    page.goto(live_server.url + reverse("program:manage-exports", args=[event.slug]))
    expect(page.get_by_role("heading", name="Program exports")).to_be_visible()
    page.screenshot(path=artifacts_dir / f"program-exports-{viewport['width']}.png", full_page=True)
    assert page.evaluate(RUN_AXE) == []
    page.get_by_label("Speakers' emails").check()
    page.get_by_label("The draft, with its unpublished changes").first.check()
    with page.expect_download() as sessions:
        page.get_by_role("button", name="Download CSV").first.click()
    with page.expect_download() as stipends:
        page.get_by_role("button", name="Download CSV").last.click()

    assert sessions.value.suggested_filename == "scipy-2025-sessions-draft.csv"
    rows = _rows(sessions.value)
    assert "Speakers' emails" in rows[0]
    assert "Unpublished tutorial" in {row[1] for row in rows}
    assert stipends.value.suggested_filename == "scipy-2025-tutorial-stipends-v10.csv"
    titles = [row[1] for row in _rows(stipends.value)]
    assert "Unpublished tutorial" in titles
    assert titles[-1] == "Total"
