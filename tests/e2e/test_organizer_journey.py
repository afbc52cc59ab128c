"""An organizer with admin access extends a deadline; the public page keeps the old date struck."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tracks.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_organizer_extends_camera_ready_and_the_cfp_page_shows_the_history(
    live_server, page, artifacts_dir
):
    call_command("load_demo", verbosity=0)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("admin@example.org")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()

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
    expect(camera_ready).to_contain_text("extended")
    camera_ready.screenshot(path=artifacts_dir / "deadline-extended.png")
