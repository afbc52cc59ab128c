"""Steps every browser journey shares."""

from playwright.sync_api import expect

from tests.factories.users import PASSWORD


def sign_in(page, live_server, email: str, password: str = PASSWORD) -> None:
    """Sign in through the login form (as whoever the page was signed in as before, if anyone)."""
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="My proposals")).to_be_visible()
