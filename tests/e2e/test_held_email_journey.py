"""An organizer finds an email held after its worker stopped while sending it, reads why, and
releases it: it goes out again with the same Message-ID."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from mails.enums import EmailStatus
from mails.models import OutboundEmail
from mails.services import requeue_stalled_emails, stalled_after
from tests.e2e.browser import sign_in
from tests.factories.tracks import EventFactory, MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_organizer_releases_a_held_email(page, live_server, artifacts_dir):
    event = EventFactory(name="SciPy 2027", slug="scipy-2027")
    organizer = UserFactory(name="Olivia Organizer", email="olivia@example.org")
    MembershipFactory(event=event, user=organizer, role=CommitteeRole.ORGANIZER)
    claimed = timezone.now() - stalled_after() - timedelta(minutes=1)
    email = OutboundEmail.objects.create(
        event=event,
        to="ada@example.org",
        subject="Your proposal is accepted · SciPy 2027",
        body="Dear Ada, welcome.",
        from_email="program@example.org",
        status=EmailStatus.SENDING,
        claimed_at=claimed,
        attempts=1,
    )
    requeue_stalled_emails()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    sign_in(page, live_server, organizer.email)
    page.goto(f"{live_server.url}/scipy-2027/manage/outbox/")
    expect(page.get_by_role("link", name="1 held")).to_be_visible()
    page.screenshot(path=artifacts_dir / "held-outbox.png", full_page=True)
    page.get_by_role("link", name="Your proposal is accepted · SciPy 2027").click()
    expect(page.get_by_text("Held: it may already have been delivered.")).to_be_visible()
    page.screenshot(path=artifacts_dir / "held-email.png", full_page=True)
    page.get_by_role("button", name="Release: send again").click()

    expect(page.get_by_text("is sent again, with the same Message-ID")).to_be_visible()
    page.screenshot(path=artifacts_dir / "held-email-released.png", full_page=True)
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    (message,) = mail.outbox
    assert message.message()["Message-ID"] == email.message_id
    assert errors == []
