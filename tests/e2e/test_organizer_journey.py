"""Organizers keep their event's page and dates up to date; extensions stay visible as history."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.browser import sign_in
from tracks.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_organizer_extends_a_deadline_from_the_navigation(live_server, page, artifacts_dir):
    call_command("load_demo", verbosity=0)
    sign_in(page, live_server, "organizer@example.org", DEMO_PASSWORD)

    page.get_by_role("button", name="My committees").click()
    page.locator(".dropdown-menu").get_by_role("link", name="SciPy 2025").click()
    expect(page.get_by_role("heading", name="SciPy 2025")).to_be_visible()
    page.get_by_role("link", name="Dates", exact=True).click()
    page.get_by_role("link", name="Edit Tutorial proposals due").click()
    page.get_by_label("Due date").fill("2025-03-04")
    page.get_by_role("button", name="Save date").click()

    expect(page.get_by_text("“Tutorial proposals due” is saved.")).to_be_visible()
    page.screenshot(path=artifacts_dir / "organizer-dates.png", full_page=True)
    page.get_by_role("link", name="Public page").click()
    due = page.locator(".deadline", has_text="Tutorial proposals due")
    expect(due.locator("del")).to_have_text("Feb 25, 2025")
    expect(due.locator("time")).to_contain_text("Tue, Mar 4, 2025")


def test_site_admin_extends_a_deadline_in_the_django_admin(live_server, page):
    call_command("load_demo", verbosity=0)
    sign_in(page, live_server, "admin@example.org", DEMO_PASSWORD)

    page.get_by_role("link", name="Admin").click()
    page.get_by_role("link", name="Deadlines").click()
    page.get_by_role("link", name="Camera ready").click()
    expect(page.get_by_label("Due date")).to_have_value("2020-10-01")
    page.get_by_label("Due date").fill("2020-10-08")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(live_server.url + "/dlonsc-2020/")
    camera_ready = page.locator(".deadline", has_text="Camera ready")
    expect(camera_ready.locator("del")).to_have_text("Oct 1, 2020")
    expect(camera_ready.locator("time")).to_contain_text("Thu, Oct 8, 2020")
