"""Browsers ask every site for /favicon.ico; pages link the icon too."""

import pytest
from PIL import Image

pytestmark = pytest.mark.django_db


def test_favicon_ico_answers_with_an_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert "max-age=86400" in response["Cache-Control"]


def test_pages_link_the_svg_and_ico_icons(client):
    html = client.get("/").content.decode()

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in html


def test_favicon_ico_holds_the_sizes_browsers_use():
    from django.contrib.staticfiles import finders

    with Image.open(finders.find("favicon.ico")) as icon:
        assert {(16, 16), (32, 32), (48, 48)} <= icon.ico.sizes()
