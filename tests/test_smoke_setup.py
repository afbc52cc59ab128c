import pytest

from tests.factories.tracks import EventFactory

pytestmark = pytest.mark.django_db


def test_home_page_lists_a_public_event(client):
    event = EventFactory(name="SciPy 2099")

    response = client.get("/")

    assert response.status_code == 200
    assert event.name in response.content.decode()
