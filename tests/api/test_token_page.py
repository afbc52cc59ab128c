"""The profile's API tokens page: create (the secret shown once, only its digest stored), list
with last use, revoke; only one's own tokens, only events one organizes or chairs."""

import hashlib

import pytest
from django.db import connection
from django.urls import reverse

from api.models import ApiToken
from tests.api.conftest import client_with, member, token_for, v1
from tests.factories.tracks import EventFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole
from tracks.models import Membership

pytestmark = pytest.mark.django_db
URL = "/accounts/tokens/"


def all_stored_text() -> str:
    """Every row of every table, as text: the secret must be in none of them."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # our own table names
            rows.extend(str(row) for row in cursor.fetchall())
    return "\n".join(rows)


def test_the_page_needs_a_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_profile_links_to_the_tokens_page(client):
    client.force_login(UserFactory())

    response = client.get(reverse("accounts:profile"))

    assert f'href="{URL}"' in response.content.decode()


def test_create_shows_the_secret_once_and_stores_only_its_digest(client, program):
    organizer = member(program.event)
    client.force_login(organizer)

    created = client.post(URL, {"name": "Schedule sync", "events": [program.event.pk]})
    listing = client.get(URL)

    token = ApiToken.objects.get(user=organizer)
    page = created.content.decode()
    secret = page.split('id="new-token-secret" type="text" value="')[1].split('"')[0]
    assert secret.startswith(token.prefix)
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert created["Cache-Control"].startswith("max-age=0")
    assert "no-store" in created["Cache-Control"]
    assert secret not in listing.content.decode()
    assert token.prefix in listing.content.decode()
    assert secret not in all_stored_text()
    assert client_with(secret).get(v1(program, "proposals/")).status_code == 200


def test_only_events_one_organizes_or_chairs_are_offered(client, program):
    chair = member(program.event, CommitteeRole.TRACK_CHAIR, name="Chair")
    reviewed = EventFactory(name="Reviewed only")
    Membership.objects.create(event=reviewed, user=chair, role=CommitteeRole.REVIEWER)
    client.force_login(chair)

    offered = client.get(URL).context["form"].fields["events"].queryset
    refused = client.post(URL, {"name": "Sneaky", "events": [reviewed.pk]})

    assert list(offered) == [program.event]
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert not ApiToken.objects.exists()


def test_a_reviewer_is_told_tokens_are_for_organizers(client, program):
    client.force_login(member(program.event, CommitteeRole.REVIEWER))

    page = client.get(URL).content.decode()

    assert "Tokens are for organizers and track chairs" in page


@pytest.mark.parametrize(
    ("data", "error"),
    [({"name": "", "events": []}, "This field is required."),
     ({"name": "CI"}, "Choose at least one event."),
     ({"name": "line\nbreak", "events": ["{event}"]}, "single line")],
)  # fmt: skip
def test_bad_input_gets_an_error_next_to_the_field(client, program, data, error):
    client.force_login(member(program.event))
    data = {k: [program.event.pk] if v == ["{event}"] else v for k, v in data.items()}

    response = client.post(URL, data)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke(client, program):
    organizer = member(program.event)
    secret = token_for(organizer, program.event, name="Old script")
    token = ApiToken.objects.get()
    client.force_login(organizer)

    response = client.post(reverse("accounts:token-revoke", args=[token.pk]), follow=True)

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "is revoked" in response.content.decode()
    assert client_with(secret).get(v1(program, "proposals/")).status_code == 401


def test_nobody_revokes_someone_elses_token(client, program):
    token_for(member(program.event), program.event)
    token = ApiToken.objects.get()
    client.force_login(member(program.event))

    response = client.post(reverse("accounts:token-revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_list_shows_last_use(client, program):
    organizer = member(program.event)
    secret = token_for(organizer, program.event, name="Nightly")
    client.force_login(organizer)
    never = client.get(URL).content.decode()

    client_with(secret).get(v1(program, "proposals/"))
    used = client.get(URL).content.decode()

    assert "Never" in never
    assert "Never" not in used
