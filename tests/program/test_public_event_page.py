"""The event page says there is a program once a version is published, and links to it."""

import pytest
from django.urls import reverse

from tests.factories.tracks import MembershipFactory
from tests.program.test_public_pages import build_program, url

pytestmark = pytest.mark.django_db


def _event_page(client, program) -> str:
    response = client.get(reverse("tracks:event", args=[program.event.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_event_page_links_the_published_program_with_its_size(client):
    program = build_program(talks=3)

    html = _event_page(client, program)

    assert 'id="program-heading"' in html
    assert "Version v1.0" in html
    # Talks 00–02, two posters and the cancelled talk's slot (withdrawn after publishing) is
    # not counted: 5 sessions, 5 speakers.
    assert '<span class="stat-value">5</span><span class="stat-label">sessions<' in html
    assert '<span class="stat-value">5</span><span class="stat-label">speakers<' in html
    assert f'href="{url("index", program)}"' in html
    assert f'href="{url("speakers", program)}"' in html
    assert f'href="{url("schedule-ics", program)}"' in html


def test_no_program_section_before_publishing_except_a_preview_for_organizers(client):
    program = build_program(publish=False)

    visitor = _event_page(client, program)
    client.force_login(MembershipFactory(event=program.event, role="organizer").user)
    organizer = _event_page(client, program)

    assert 'id="program-heading"' not in visitor
    assert "Preview the program" in organizer


def test_the_event_page_makes_as_many_queries_for_30_sessions_as_for_3(
    client, django_assert_max_num_queries
):
    counts = []
    for size, slug in ((3, "small-2026"), (30, "large-2026")):
        program = build_program(talks=size, slug=slug)
        address = reverse("tracks:event", args=[program.event.slug])
        client.get(address)
        with django_assert_max_num_queries(15) as captured:
            response = client.get(address)
        assert 'id="program-heading"' in response.content.decode()
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1]
