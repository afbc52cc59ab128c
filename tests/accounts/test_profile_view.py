import re

import pytest
from django.urls import reverse

from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")


def _profile_data(**overrides):
    data = {
        "name": "Ada Lovelace",
        "affiliation": "Analytical Engine Society",
        "country": "UK",
        "orcid": "0000-0002-1825-0097",
        "bio": "Wrote the *first* program.",
    }
    return {**data, **overrides}


def _error_block(html, field_id):
    match = re.search(
        rf'<div class="invalid-feedback[^"]*" id="{field_id}-errors">(.*?)</div></div>', html
    )
    return match.group(1) if match else ""


def test_profile_anonymous_is_redirected_to_login(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={PROFILE_URL}"


def test_profile_get_shows_current_values(client):
    user = UserFactory(name="Grace Hopper", orcid="0000-0001-5109-3700")
    client.force_login(user)

    response = client.get(PROFILE_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Grace Hopper"' in html
    assert 'value="0000-0001-5109-3700"' in html


def test_profile_post_saves_all_fields(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(PROFILE_URL, _profile_data())

    assert response.status_code == 302
    assert response.url == PROFILE_URL
    user.refresh_from_db()
    saved = (user.name, user.affiliation, user.country, user.orcid, user.bio)
    assert saved == tuple(_profile_data().values())


def test_profile_post_orcid_url_is_stored_normalised(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        PROFILE_URL, _profile_data(orcid="https://orcid.org/0000-0002-1694-233x")
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.orcid == "0000-0002-1694-233X"


def test_profile_post_compact_orcid_is_stored_normalised(client):
    user = UserFactory()
    client.force_login(user)

    client.post(PROFILE_URL, _profile_data(orcid="000000021694233x"))

    user.refresh_from_db()
    assert user.orcid == "0000-0002-1694-233X"


def test_profile_post_bad_orcid_shows_error_next_to_field(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(PROFILE_URL, _profile_data(orcid="0000-0002-1825-0098"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "check digit does not match" in _error_block(html, "id_orcid")
    assert 'aria-invalid="true"' in html


def test_profile_post_bad_orcid_keeps_saved_values(client):
    user = UserFactory(
        name="Grace Hopper",
        affiliation="University of Illinois",
        orcid="0000-0001-5109-3700",
        bio="Old bio",
    )
    client.force_login(user)

    client.post(PROFILE_URL, _profile_data(orcid="1234"))

    user.refresh_from_db()
    saved = (user.name, user.affiliation, user.country, user.orcid, user.bio)
    assert saved == (
        "Grace Hopper",
        "University of Illinois",
        "USA",
        "0000-0001-5109-3700",
        "Old bio",
    )


def test_profile_bio_is_rendered_as_markdown(client):
    user = UserFactory(bio="I like **compilers**.")
    client.force_login(user)

    response = client.get(PROFILE_URL)

    assert "<p>I like <strong>compilers</strong>.</p>" in response.content.decode()


def test_profile_bio_script_is_never_rendered_unescaped(client):
    user = UserFactory(bio='Hi <script>alert("x")</script> <img src=x onerror="alert(1)">')
    client.force_login(user)

    response = client.get(PROFILE_URL)

    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x onerror" not in html
    assert "&lt;script&gt;alert" in html


def test_profile_post_bad_orcid_preview_still_shows_saved_bio(client):
    user = UserFactory(bio="Old bio")
    client.force_login(user)

    response = client.post(PROFILE_URL, _profile_data(orcid="1234", bio="Unsaved *draft*"))

    preview = re.search(r'<div class="prose[^"]*">(.*?)</div>', response.content.decode()).group(1)
    assert preview == "<p>Old bio</p>"
