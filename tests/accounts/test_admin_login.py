"""The admin signs in through the site's sign-in page, so its rate limits apply there too."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories.users import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # allauth counts attempts in the cache, which outlives a test
    yield
    cache.clear()


def _signed_in(response) -> bool:
    return "_auth_user_id" in response.wsgi_request.session


def test_admin_login_cannot_be_brute_forced(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    for attempt in range(30):
        client.post(ADMIN_LOGIN, {"username": staff.email, "password": f"guess-{attempt}"})

    response = client.post(ADMIN_LOGIN, {"username": staff.email, "password": PASSWORD})

    assert not _signed_in(response)
    assert client.get("/admin/").status_code == 302


def test_admin_login_through_the_site_sign_in_is_rate_limited(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    sign_in = client.get(ADMIN_LOGIN, {"next": "/admin/"}).url
    for attempt in range(12):
        client.post(sign_in, {"login": staff.email, "password": f"guess-{attempt}"})

    response = client.post(sign_in, {"login": staff.email, "password": PASSWORD})

    assert "Too many failed sign-in attempts" in response.text
    assert not _signed_in(response)


def test_admin_login_page_sends_to_the_site_sign_in(client):
    response = client.get(ADMIN_LOGIN, {"next": "/admin/accounts/user/"})

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/admin/accounts/user/"


def test_admin_login_staff_reaches_the_admin_after_signing_in(client):
    staff = UserFactory(is_staff=True, is_superuser=True)

    to_login = client.get("/admin/", follow=True)
    signed_in = client.post(
        to_login.request["PATH_INFO"] + "?" + to_login.request["QUERY_STRING"],
        {"login": staff.email, "password": PASSWORD},
        follow=True,
    )

    assert to_login.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert signed_in.redirect_chain[-1] == ("/admin/", 302)
    assert signed_in.status_code == 200
    assert "Site administration" in signed_in.text


def test_admin_login_signed_in_staff_goes_to_next(client):
    client.force_login(UserFactory(is_staff=True))

    response = client.get(ADMIN_LOGIN, {"next": "/admin/accounts/user/"})

    assert (response.status_code, response.url) == (302, "/admin/accounts/user/")


def test_admin_login_signed_in_member_is_refused_without_a_loop(client):
    client.force_login(UserFactory(is_staff=False))

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert len(response.redirect_chain) == 1


def test_an_administrator_made_with_createsuperuser_reaches_the_admin(client, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-admin-passphrase")
    call_command("createsuperuser", "--noinput", email="root@example.org", verbosity=0)
    sign_in = client.get(ADMIN_LOGIN, {"next": "/admin/"}).url

    response = client.post(
        sign_in, {"login": "root@example.org", "password": "a-long-admin-passphrase"}
    )

    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
