"""An organizer sets when speakers of drafts are reminded and what the email says, previews it
for a real speaker, and saves it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mails.models import ReminderRule
from tests.e2e.browser import sign_in
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import AOE, CommitteeRole, DeadlineKind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_organizer_sets_and_previews_a_reminder_rule(page, live_server, artifacts_dir):
    event = EventFactory(name="SciPy 2027", slug="scipy", time_zone="America/Chicago")
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, time_zone=AOE,
                    due=timezone.now() + timedelta(hours=30))  # fmt: skip
    speaker = UserFactory(name="Grace Hopper")
    SubmissionFactory(event=event, created_by=speaker, title="Compilers for everyone")
    SubmissionFactory(event=event)
    organizer = UserFactory(email="org@scipy.example.org")
    MembershipFactory(event=event, user=organizer, role=CommitteeRole.ORGANIZER)

    sign_in(page, live_server, organizer.email)
    page.goto(f"{live_server.url}/scipy/manage/reminders/")
    expect(page.get_by_role("heading", name="Deadline reminders")).to_be_visible()
    expect(page.get_by_role("link", name="Reminders", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    page.screenshot(path=artifacts_dir / "reminders_list.png", full_page=True)

    page.get_by_role("link", name="Edit reminders for submissions due").click()
    expect(page.get_by_label("Send these reminders")).to_be_checked()
    expect(page.get_by_label("When, before the deadline")).to_have_value("7 days, 1 day, 3 hours")
    page.get_by_label("When, before the deadline").fill("2 days, 12 hours")
    page.get_by_label("Subject").fill("{time_left} left to submit to {event}")
    page.get_by_label("Email").fill(
        "Hello {name},\n\nStill a draft:\n{items}\n\nDue {deadline}: {link}"
    )
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_test_id("reminder-count")).to_contain_text("Would go to 2 people now")
    expect(page.get_by_test_id("reminder-subject")).to_contain_text("left to submit to SciPy 2027")
    expect(page.get_by_test_id("reminder-body")).to_contain_text("AoE")
    page.screenshot(path=artifacts_dir / "reminders_preview.png", full_page=True)

    page.get_by_label("Email").fill("Hello {nmae}")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Unknown placeholder {nmae}.")).to_be_visible()
    page.get_by_label("Email").fill("Hello {name}, {items} is due {deadline}.")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Reminders for “submissions due” saved.")).to_be_visible()
    expect(page.get_by_role("cell", name="2 days, 12 hours")).to_be_visible()
    rule = ReminderRule.objects.get(event=event, kind=DeadlineKind.CFP_CLOSES)
    assert (rule.offsets, rule.enabled) == ([2 * 24 * 60, 12 * 60], True)
    page.screenshot(path=artifacts_dir / "reminders_saved.png", full_page=True)
