"""A signed-in speaker fills in the profile: a mistyped ORCID iD is caught, the bio is previewed."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories.users import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_edit_profile_with_orcid_check_and_bio_preview(live_server, page, artifacts_dir):
    user = UserFactory(email="matthew@example.org", name="")
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_label("Email").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.get_by_role("button", name="matthew@example.org").click()
    page.get_by_role("link", name="Profile").click()
    page.get_by_label("Name").fill("Matthew Feickert")
    page.get_by_label("Affiliation").fill("University of Wisconsin-Madison")
    page.get_by_label("ORCID iD").fill("0000-0003-4124-7869")  # last digit mistyped
    page.get_by_label("Bio").fill("Works on **reproducible** ML with `pixi`.")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#id_bio-preview strong")).to_have_text("reproducible")
    page.get_by_role("button", name="Save profile").click()

    expect(page.locator("#id_orcid-errors")).to_contain_text("check digit does not match")
    expect(page.get_by_label("Bio")).to_have_value("Works on **reproducible** ML with `pixi`.")
    page.screenshot(path=artifacts_dir / "profile-orcid-error.png", full_page=True)
    page.get_by_label("ORCID iD").fill("https://orcid.org/0000-0003-4124-7862")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    user.refresh_from_db()
    assert (user.name, user.orcid) == ("Matthew Feickert", "0000-0003-4124-7862")
    page.screenshot(path=artifacts_dir / "profile-saved.png", full_page=True)
