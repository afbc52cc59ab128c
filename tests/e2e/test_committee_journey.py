"""An organizer invites a reviewer for one track; the invitee signs up from the email, accepts,
fills in the reviewer profile; the organizer sees them in the committee with that scope."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.browser import sign_in
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "sparse-solvers-2027"


def _link(pattern: str, to: str) -> str:
    body = next(m.body for m in reversed(mail.outbox) if m.to == [to])
    return re.search(pattern, body).group(1)


def _organizer_invites(page, live_server, artifacts_dir):
    page.goto(live_server.url + "/dlonsc-2027/manage/committee/")
    page.get_by_label("Email addresses").fill("hartwig.anzt@example.edu, not-an-address")
    page.get_by_label("Machine Learning").check()
    page.get_by_label("Personal message").fill("We would value your view on the ML papers.")
    page.get_by_role("button", name="Send invitations").click()
    expect(page.locator("#id_emails-errors")).to_have_text(
        "Not valid email addresses: not-an-address."
    )
    page.get_by_label("Email addresses").fill("hartwig.anzt@example.edu")
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_text("Invitation sent to hartwig.anzt@example.edu.")).to_be_visible()
    invitation = page.locator(".committee-invitation", has_text="hartwig.anzt@example.edu")
    expect(invitation).to_contain_text("Reviewer · Machine Learning")
    expect(invitation).to_contain_text("Pending")
    page.screenshot(path=artifacts_dir / "committee-invited.png", full_page=True)


def _invitee_signs_up_and_accepts(browser, live_server, artifacts_dir):
    page = browser.new_context().new_page()
    invitation_path = _link(
        r"https?://[^/\s]+(/committee-invitations/\S+/)", "hartwig.anzt@example.edu"
    )
    page.goto(live_server.url + invitation_path)
    expect(page.get_by_role("heading", name="Join the DLonSC 2027 committee")).to_be_visible()
    expect(page.locator("#main")).to_contain_text("We would value your view on the ML papers.")
    page.screenshot(path=artifacts_dir / "committee-invitation-anonymous.png", full_page=True)
    page.locator("#main").get_by_role("link", name="Sign up").click()
    page.get_by_label("Full name").fill("Hartwig Anzt")
    page.get_by_label("Email").fill("hartwig.anzt@example.edu")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.goto(
        live_server.url + _link(r"(/accounts/confirm-email/\S+/)", "hartwig.anzt@example.edu")
    )
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("You have confirmed")).to_be_visible()

    page.goto(live_server.url + invitation_path)
    page.get_by_role("link", name="Sign in to accept").click()
    page.get_by_label("Email").fill("hartwig.anzt@example.edu")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator(".invitation-facts")).to_contain_text("Machine Learning")
    page.screenshot(path=artifacts_dir / "committee-invitation-signed-in.png", full_page=True)
    page.get_by_role("button", name="Accept as Hartwig Anzt").click()

    expect(page.get_by_text("Welcome to the DLonSC 2027 committee.")).to_be_visible()
    page.get_by_label("Keywords").fill("sparse linear algebra; GPU, mixed precision")
    page.get_by_label("Expertise").fill("Krylov solvers and preconditioners on **GPUs**.")
    page.get_by_label("Current affiliation").fill("Technical University of Munich")
    page.get_by_label("Other affiliations in the last three years").fill(
        "University of Tennessee\nKarlsruhe Institute of Technology"
    )
    page.get_by_label("Most proposals you can review").fill("0")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator("#id_max_load-errors")).to_contain_text("greater than or equal to 1")
    expect(page.get_by_label("Keywords")).to_have_value(
        "sparse linear algebra; GPU, mixed precision"
    )
    page.screenshot(path=artifacts_dir / "committee-profile.png", full_page=True)
    page.get_by_label("Most proposals you can review").fill("6")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_text("Your reviewer profile is saved.")).to_be_visible()
    expect(page.locator(".member-roles")).to_have_text("Reviewer · Machine Learning")
    expect(page.get_by_text("Complete.")).to_be_visible()
    page.screenshot(path=artifacts_dir / "committee-reviewer-home.png", full_page=True)
    page.context.close()


def test_organizer_invites_a_track_reviewer_who_signs_up_and_accepts(
    live_server, page, browser, artifacts_dir
):
    event = EventFactory(name="DLonSC 2027", slug="dlonsc-2027")
    TrackFactory(event=event, name="Machine Learning")
    TrackFactory(event=event, name="Systems")
    organizer = MembershipFactory(
        event=event, role=CommitteeRole.ORGANIZER,
        user=UserFactory(email="ian@example.org", name="Ian Foster"),
    ).user  # fmt: skip
    sign_in(page, live_server, organizer.email)

    _organizer_invites(page, live_server, artifacts_dir)
    _invitee_signs_up_and_accepts(browser, live_server, artifacts_dir)
    page.reload()

    member = page.locator(".committee-member", has_text="Hartwig Anzt")
    expect(member.locator(".member-scope")).to_have_text("Machine Learning")
    expect(member).to_contain_text("Technical University of Munich")
    expect(member.locator(".member-profile")).to_contain_text("mixed precision")
    expect(member.locator(".member-profile")).to_contain_text("at most 6")
    expect(page.locator(".committee-invitation")).to_have_count(0)
    assert any("accepted your invitation" in m.subject for m in mail.outbox)

    member.get_by_text("Scope", exact=True).click()
    member.get_by_label("Systems").check()
    page.screenshot(path=artifacts_dir / "committee-manage-scope.png", full_page=True)
    member.get_by_role("button", name="Save scope").click()
    expect(page.get_by_text("Hartwig Anzt now covers Machine Learning, Systems.")).to_be_visible()
    expect(member.locator(".member-scope")).to_have_text(re.compile(r"Machine Learning\s+Systems"))
    page.screenshot(path=artifacts_dir / "committee-manage.png", full_page=True)
