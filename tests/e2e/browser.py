"""Steps every browser journey shares."""

from django.urls import reverse
from playwright.sync_api import expect

from program.models import Slot
from program.selectors import latest_version
from tests.factories.users import PASSWORD
from tracks.models import Event


def sign_in(page, live_server, email: str, password: str = PASSWORD) -> None:
    """Sign in through the login form (as whoever the page was signed in as before, if anyone)."""
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="My proposals")).to_be_visible()


def program_pages(slug: str) -> list[str]:
    """A visitor's pages of the event's published program: the grid and list, a session, the
    speakers, a speaker, the posters and the changelog."""
    session = (
        Slot.objects.filter(version=latest_version(Event.objects.get(slug=slug)))
        .filter(submission__isnull=False, parent=None)
        .order_by("start", "pk")
        .first()
    )
    speaker = session.submission.speakers.order_by("position").first()
    index = reverse("program:index", args=[slug])
    return [
        index,
        index + "?view=list",
        reverse("program:session", args=[slug, session.submission_id]),
        reverse("program:speakers", args=[slug]),
        reverse("program:speaker", args=[slug, speaker.user_id]),
        reverse("program:posters", args=[slug]),
        reverse("program:changelog", args=[slug]),
    ]
