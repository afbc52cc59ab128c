import pytest
from django.urls import reverse

from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("markdown_preview")


def test_preview_renders_the_named_field_sanitized(client):
    client.force_login(UserFactory())

    response = client.post(URL, {"field": "bio", "bio": "**Bold** <script>x()</script>"})

    assert response.status_code == 200
    assert response.content.decode().startswith("<p><strong>Bold</strong>")
    assert "<script" not in response.content.decode()


def test_preview_of_nothing_says_so(client):
    client.force_login(UserFactory())

    response = client.post(URL, {"field": "bio", "bio": ""})

    assert "Nothing to preview yet." in response.content.decode()


def test_preview_refuses_huge_texts(client):
    client.force_login(UserFactory())

    response = client.post(URL, {"field": "bio", "bio": "x" * 50_001})

    assert response.status_code == 400


def test_preview_needs_a_signed_in_user_and_post(client):
    anonymous = client.post(URL, {"field": "bio", "bio": "hi"})
    client.force_login(UserFactory())
    get = client.get(URL)

    assert anonymous.status_code == 302
    assert get.status_code == 405
