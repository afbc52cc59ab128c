"""A visitor opens SciPy 2020's published program, filters it by track, opens a session and
its speaker, and adds the session to their calendar; the pages pass axe's landmark and contrast
rules and show the visitor's local time beside the event's."""

import re
from pathlib import Path

import icalendar
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const rules = axe.getRules().map((rule) => rule.ruleId)
    .filter((id) => id === "color-contrast" || id === "region" || id.startsWith("landmark")
      || id.startsWith("heading") || id === "label" || id === "duplicate-id-aria");
  const result = await axe.run(document, {runOnly: {type: "rule", values: rules}});
  return result.violations.map(
    (v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", "));
}"""

DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def berlin_page(browser, live_server):
    """A visitor in Berlin: SciPy 2020's times (Austin) are seven hours behind theirs."""
    context = browser.new_context(viewport=DESKTOP, timezone_id="Europe/Berlin")
    context.add_init_script(path=AXE)
    page = context.new_page()
    yield page
    context.close()


def _axe(page) -> list[str]:
    return page.evaluate(RUN_AXE)


def test_a_visitor_filters_the_program_opens_a_session_and_a_speaker_and_gets_the_ical(
    live_server, berlin_page, artifacts_dir
):
    call_command("load_demo", verbosity=0)
    page = berlin_page
    violations = {}

    page.goto(live_server.url + "/scipy-2020/")
    page.get_by_role("link", name="See the program").click()
    expect(page.get_by_role("heading", name="Program", exact=True)).to_be_visible()
    grid = page.get_by_role("region", name=re.compile("Program grid"))
    expect(grid).to_be_visible()
    expect(grid.get_by_text("Ballroom", exact=True)).to_be_visible()
    keynote = grid.get_by_role("article").filter(has_text="Keynote").first
    expect(keynote.locator(".local-time")).to_contain_text("your time")
    violations["grid"] = _axe(page)
    page.screenshot(path=artifacts_dir / "program-grid-1400.png", full_page=True)

    page.get_by_label("Track").select_option(label="High Performance Python")
    expect(page).to_have_url(re.compile(r"track=high-performance-python"))
    expect(page.get_by_role("status")).to_contain_text("High Performance Python")
    expect(grid.get_by_text("Machine Learning and Data Science")).to_have_count(0)
    page.get_by_role("link", name="List", exact=True).click()
    expect(page.locator(".program-list-view")).to_be_visible()
    violations["list"] = _axe(page)
    page.screenshot(path=artifacts_dir / "program-list-1400.png", full_page=True)

    session = page.locator(".program-list-view .list-slot .slot-title a").first
    title = session.inner_text()
    session.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("heading", name="When and where")).to_be_visible()
    violations["session"] = _axe(page)
    page.screenshot(path=artifacts_dir / "program-session-1400.png", full_page=True)

    speaker = page.locator(".speaker-card-name a").first
    name = speaker.inner_text()
    speaker.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("link", name=title)).to_be_visible()
    violations["speaker"] = _axe(page)
    page.screenshot(path=artifacts_dir / "program-speaker-1400.png", full_page=True)

    page.get_by_role("link", name=title).click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar").click()
    calendar = icalendar.Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == title

    assert {page: found for page, found in violations.items() if found} == {}


def test_on_a_phone_the_program_is_a_list_first_and_every_page_passes_axe(
    live_server, berlin_page, artifacts_dir
):
    call_command("load_demo", verbosity=0)
    page = berlin_page
    page.set_viewport_size(PHONE)
    violations = {}

    page.goto(live_server.url + "/scipy-2020/program/")
    expect(page.locator(".program-list-view")).to_be_visible()
    expect(page.locator(".program-grid-view")).to_be_hidden()
    violations["list"] = _axe(page)
    page.screenshot(path=artifacts_dir / "program-list-390.png", full_page=True)
    page.get_by_role("link", name="Grid", exact=True).click()
    expect(page.get_by_role("region", name=re.compile("Program grid"))).to_be_visible()
    violations["grid"] = _axe(page)
    page.screenshot(path=artifacts_dir / "program-grid-390.png", full_page=True)
    page.locator(".grid-slot.kind-session .slot-title a").first.click()
    expect(page.get_by_role("link", name="Add to calendar")).to_be_visible()
    violations["session"] = _axe(page)
    page.screenshot(path=artifacts_dir / "program-session-390.png", full_page=True)
    page.locator(".speaker-card-name a").first.click()
    expect(page.get_by_role("heading", name="Biography")).to_be_visible()
    violations["speaker"] = _axe(page)
    page.screenshot(path=artifacts_dir / "program-speaker-390.png", full_page=True)
    page.get_by_role("link", name="All speakers").click()
    violations["speakers"] = _axe(page)
    page.screenshot(path=artifacts_dir / "program-speakers-390.png", full_page=True)

    assert {page: found for page, found in violations.items() if found} == {}
