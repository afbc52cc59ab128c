import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from mails.enums import EmailStatus
from mails.models import OutboundEmail
from tests.factories.users import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"http://testserver(/accounts/confirm-email/[^/\s]+/)")
RESET_LINK = re.compile(r"http://testserver(/accounts/password/reset/key/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth keeps its per-IP rate limits in the cache, which outlives a single test.
    cache.clear()


def _sign_up(client, email="new.person@example.org"):
    data = {"name": "Ada Lovelace", "email": email, "password1": PASSWORD, "password2": PASSWORD}
    return client.post(reverse("account_signup"), data)


def _log_in(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def test_signup_creates_unverified_user(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(client, email="New.Person@Example.org")

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert (user.email, user.name) == ("new.person@example.org", "Ada Lovelace")
    assert EmailAddress.objects.get(user=user).verified is False


def test_signup_sends_verification_email_through_outbox(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client)

    outbound = OutboundEmail.objects.get()
    assert (outbound.to, outbound.status) == ("new.person@example.org", EmailStatus.SENT)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert mail.outbox[0].subject == outbound.subject
    assert CONFIRM_LINK.search(mail.outbox[0].body)
    assert "Hello from conf_portal!" in mail.outbox[0].body


def test_signup_email_is_not_sent_before_commit(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        _sign_up(client)

    assert OutboundEmail.objects.get().status == EmailStatus.QUEUED
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_login_before_verification_is_refused(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client)
    client.logout()

    response = _log_in(client, "new.person@example.org")

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_confirm_link_get_shows_confirm_page(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client)
    confirm_url = CONFIRM_LINK.search(mail.outbox[0].body).group(1)

    response = client.get(confirm_url)

    assert response.status_code == 200
    assert "new.person@example.org" in response.content.decode()
    assert EmailAddress.objects.get().verified is False


def test_login_after_confirming_email_succeeds(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client)
    confirm_url = CONFIRM_LINK.search(mail.outbox[0].body).group(1)
    client.post(confirm_url)
    client.logout()

    response = _log_in(client, "new.person@example.org")

    assert EmailAddress.objects.get().verified is True
    assert response.status_code == 302
    assert response.url == reverse("tracks:home")
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


def test_password_reset_sends_one_email_through_outbox(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="forgetful@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    assert OutboundEmail.objects.get().status == EmailStatus.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["forgetful@example.org"]
    assert RESET_LINK.search(mail.outbox[0].body)
