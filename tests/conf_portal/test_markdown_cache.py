"""Stored Markdown is rendered once: the sanitized HTML is cached by content hash and renderer
version, so page views read it from Django's cache."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.urls import reverse

from conf_portal import markdown
from conf_portal.markdown import cache_key, render_markdown
from tests.factories.users import UserFactory

TEXT = "A *stored* abstract with a [link](https://example.org)."


@pytest.fixture
def engine_calls():
    cache.clear()
    with mock.patch.object(markdown._ENGINE, "render", wraps=markdown._ENGINE.render) as spy:
        yield spy
    cache.clear()


def test_second_render_of_the_same_text_does_not_call_the_engine(engine_calls):
    first = render_markdown(TEXT)
    second = render_markdown(TEXT)

    assert engine_calls.call_count == 1
    assert (
        first
        == second
        == (
            '<p>A <em>stored</em> abstract with a <a href="https://example.org" '
            'rel="noopener noreferrer nofollow">link</a>.</p>'
        )
    )
    assert cache.get(cache_key(TEXT)) == first


def test_page_views_through_the_template_filter_render_once(engine_calls):
    template = Template("{% load rich_text %}{{ text|markdown }}")

    pages = [template.render(Context({"text": TEXT})) for _ in range(3)]

    assert engine_calls.call_count == 1
    assert pages[0] == pages[1] == pages[2]


def test_another_text_is_rendered_on_its_own(engine_calls):
    render_markdown(TEXT)

    other = render_markdown(TEXT + " Edited.")

    assert engine_calls.call_count == 2
    assert other.endswith("Edited.</p>")


def test_a_new_renderer_version_does_not_serve_old_html(engine_calls, monkeypatch):
    render_markdown(TEXT)
    monkeypatch.setattr(markdown, "RENDERER_VERSION", markdown.RENDERER_VERSION + 1)

    render_markdown(TEXT)

    assert engine_calls.call_count == 2


@pytest.mark.django_db
def test_previews_are_rendered_but_not_cached(client, engine_calls):
    client.force_login(UserFactory())

    client.post(reverse("markdown_preview"), {"field": "bio", "bio": TEXT})
    client.post(reverse("markdown_preview"), {"field": "bio", "bio": TEXT})

    assert engine_calls.call_count == 2
    assert cache.get(cache_key(TEXT)) is None
