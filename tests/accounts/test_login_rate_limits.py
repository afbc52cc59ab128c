"""Sign-in limits behind the reverse proxy: per client address (from X-Forwarded-For) and per
account, so that other people's typos and one attacker cannot lock a person out."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories.users import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # every request reaches gunicorn from the proxy
TOO_MANY = "Too many failed sign-in attempts"


@pytest.fixture(autouse=True)
def _behind_the_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # as DJANGO_TRUSTED_PROXY_COUNT=1 in compose
    cache.clear()  # allauth counts attempts in the cache, which outlives a test
    yield
    cache.clear()


def _log_in(client, email, password, *, ip):
    """A sign-in through the proxy, which appends the client's address to X-Forwarded-For."""
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"198.18.0.1, {ip}",  # the first entry is the client's to forge
    )


def _signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


def test_login_other_peoples_typos_do_not_lock_a_user_out(client):
    people = UserFactory.create_batch(10)
    author = UserFactory(email="author@example.org")
    for number, person in enumerate(people, start=1):
        _log_in(client, person.email, "typo", ip=f"203.0.113.{number}")

    response = _log_in(client, author.email, PASSWORD, ip="198.51.100.7")

    assert _signed_in(response)


def test_login_one_address_is_stopped_after_ten_failures_a_minute(client):
    victims = UserFactory.create_batch(11)
    for victim in victims[:10]:
        assert not _signed_in(_log_in(client, victim.email, "guess", ip="192.0.2.66"))

    blocked = _log_in(client, victims[10].email, PASSWORD, ip="192.0.2.66")
    elsewhere = _log_in(client, victims[10].email, PASSWORD, ip="198.51.100.7")

    assert TOO_MANY in blocked.text
    assert _signed_in(elsewhere)


def test_login_one_address_gets_429_after_thirty_attempts_a_minute(client):
    user = UserFactory()
    for _ in range(30):
        client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD},
            REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.66",
        )  # fmt: skip
        client.logout()

    blocked = _log_in(client, user.email, PASSWORD, ip="192.0.2.66")
    other = _log_in(client, user.email, PASSWORD, ip="198.51.100.7")

    assert blocked.status_code == 429
    assert "Please wait a minute and try again." in blocked.text  # our page, not allauth's
    assert _signed_in(other)


def test_login_account_is_locked_for_the_address_that_guessed_it(client):
    author = UserFactory(email="author@example.org")
    for _ in range(5):
        _log_in(client, author.email, "guess", ip="192.0.2.66")

    from_attacker = _log_in(client, author.email, PASSWORD, ip="192.0.2.66")
    from_author = _log_in(client, author.email, PASSWORD, ip="198.51.100.7")

    assert TOO_MANY in from_attacker.text
    assert _signed_in(from_author)


def test_login_one_address_guessing_for_an_hour_leaves_the_account_usable(client, monkeypatch):
    author = UserFactory(email="author@example.org")
    clock = [time.time()]
    monkeypatch.setattr(time, "time", lambda: clock[0])  # allauth and the cache read time.time
    refused = 0
    for _ in range(12):  # five guesses every five minutes, as fast as the limits let them
        for _ in range(5):
            refused += TOO_MANY in _log_in(client, author.email, "guess", ip="192.0.2.66").text
        clock[0] += 301

    response = _log_in(client, author.email, PASSWORD, ip="198.51.100.7")

    assert refused == 30  # the address's 30 failures an hour stop it
    assert _signed_in(response)


def test_login_account_is_locked_for_everyone_after_guesses_from_many_addresses(client):
    author = UserFactory(email="author@example.org")
    for number in range(60):
        _log_in(client, author.email, "guess", ip=f"203.0.113.{number}")

    response = _log_in(client, author.email, PASSWORD, ip="198.51.100.7")

    assert TOO_MANY in response.text
    assert not _signed_in(response)


def test_login_successful_sign_ins_do_not_count_as_failures(client):
    author = UserFactory(email="author@example.org")
    for _ in range(12):
        assert _signed_in(_log_in(client, author.email, PASSWORD, ip="198.51.100.7"))
        client.logout()
    for _ in range(4):
        _log_in(client, author.email, "typo", ip="198.51.100.7")

    assert _signed_in(_log_in(client, author.email, PASSWORD, ip="198.51.100.7"))


def test_login_password_reset_lifts_the_account_lock(client):
    author = UserFactory(email="author@example.org")
    for number in range(60):
        _log_in(client, author.email, "guess", ip=f"203.0.113.{number}")
    assert not _signed_in(_log_in(client, author.email, PASSWORD, ip="198.51.100.7"))

    from allauth.account.adapter import get_adapter
    from django.test import RequestFactory

    request = RequestFactory().post("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    get_adapter(request)._delete_login_attempts_cached_email(request, email=author.email)

    assert _signed_in(_log_in(client, author.email, PASSWORD, ip="198.51.100.7"))


def test_login_an_account_locked_from_elsewhere_still_signs_in_with_an_emailed_code(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    import re

    author = UserFactory(email="author@example.org")
    for number in range(60):
        _log_in(client, author.email, "guess", ip=f"203.0.113.{number}")
    assert not _signed_in(_log_in(client, author.email, PASSWORD, ip="198.51.100.7"))
    proxied = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}

    page = client.get(reverse("account_login"), **proxied)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": author.email}, **proxied)
    code = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", mailoutbox[-1].body, re.MULTILINE).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code}, **proxied)

    assert reverse("account_request_login_code") in page.text  # offered on the sign-in page
    assert mailoutbox[-1].to == [author.email]
    assert _signed_in(response)


def test_login_addresses_of_one_ipv6_network_share_the_per_account_limit(client):
    author = UserFactory(email="author@example.org")
    for number in range(5):  # five guesses, each from another address of one /64
        _log_in(client, author.email, "guess", ip=f"2001:db8:1:2::{number + 1}")

    blocked = _log_in(client, author.email, PASSWORD, ip="2001:db8:1:2::99")
    elsewhere = _log_in(client, author.email, PASSWORD, ip="2001:db8:9:9::1")

    assert TOO_MANY in blocked.text
    assert _signed_in(elsewhere)
