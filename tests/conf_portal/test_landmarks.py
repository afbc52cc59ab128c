"""Every piece of a page sits in a landmark: the event header and home hero inside <main>."""

import pytest
from django.urls import reverse

from tests.factories.tracks import EventFactory

pytestmark = pytest.mark.django_db


def _inside_main(html: str, fragment: str) -> bool:
    start, end, at = html.index("<main"), html.index("</main>"), html.index(fragment)
    return start < at < end


@pytest.mark.parametrize("where", ["home", "event", "committee"])
def test_page_title_and_lead_are_inside_main(client, where):
    event = EventFactory(name="Landmark Conf", tagline="A lead under the title.")
    url = {
        "home": reverse("tracks:home"),
        "event": reverse("tracks:event", args=[event.slug]),
        "committee": reverse("tracks:committee", args=[event.slug]),
    }[where]

    html = client.get(url).content.decode()

    assert _inside_main(html, "<h1")
    assert html.count("<main") == 1
    if where != "home":
        assert _inside_main(html, "A lead under the title.")
