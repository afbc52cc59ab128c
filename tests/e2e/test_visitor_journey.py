"""A visitor signs up, verifies the email address, signs in and reads a call for proposals."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-2026"


def _confirmation_path() -> str:
    (message,) = mail.outbox
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)


def test_sign_up_verify_sign_in_and_read_a_cfp(live_server, page, artifacts_dir):
    call_command("load_demo", verbosity=0)
    page.goto(live_server.url + "/")

    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    page.screenshot(path=artifacts_dir / "signup-verify.png", full_page=True)

    page.goto(live_server.url + _confirmation_path())
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Sign In")).to_be_visible()

    page.get_by_label("Email").fill("ada@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Ada")).to_be_visible()

    page.get_by_role("link", name="Deep Learning on Supercomputers 2020").click()
    expect(page.get_by_role("heading", name="Deep Learning on Supercomputers 2020")).to_be_visible()
    dates = page.get_by_role("region", name="Important dates")
    expect(dates.locator("del").first).to_have_text("Sep 1, 2020")
    expect(dates).to_contain_text("Tue, Sep 15, 2020")
    expect(page.get_by_role("heading", name="Workshop paper")).to_be_visible()
    page.screenshot(path=artifacts_dir / "cfp-dlonsc-2020.png", full_page=True)

    page.get_by_role("link", name="Full committee").click()
    expect(page.get_by_text("Weijia Xu")).to_be_visible()
    page.screenshot(path=artifacts_dir / "committee-dlonsc-2020.png", full_page=True)
