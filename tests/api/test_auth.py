"""Tokens: missing, unknown or revoked → 401; another event, or a user no longer on the
committee → 404; a token's use is recorded; public endpoints take a token too."""

import pytest
from django.utils import timezone

from api.models import ApiToken
from api.tokens import create_token, revoke_token
from tests.api.conftest import build_program, client_with, member, token_for, v1
from tracks.enums import CommitteeRole
from tracks.models import Membership

pytestmark = pytest.mark.django_db

COMMITTEE_PATHS = ["proposals/", "review-summaries/", "schedule/draft/"]


@pytest.mark.parametrize("path", COMMITTEE_PATHS)
def test_no_token_is_401_with_the_scheme_named(api, program, path):
    response = api.get(v1(program, path))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    "header", ["Token cpt_unknown", "Token", "Token a b", "Bearer x", "Token \u00e9t\u00e9"]
)
def test_an_unknown_or_malformed_token_is_401(api, program, header):
    api.credentials(HTTP_AUTHORIZATION=header.encode().decode("latin-1"))

    response = api.get(v1(program, "proposals/"))

    assert response.status_code == 401


def test_a_revoked_token_is_401_everywhere(program, organizer):
    token, secret = create_token(user=organizer, name="CI", events=[program.event])
    client = client_with(secret)
    assert client.get(v1(program, "proposals/")).status_code == 200

    revoke_token(token=token)

    assert client.get(v1(program, "proposals/")).status_code == 401
    assert client.get(v1(program, "sessions/")).status_code == 401


def test_an_unknown_token_on_a_public_endpoint_is_401(api, program):
    api.credentials(HTTP_AUTHORIZATION="Token cpt_nothing")

    assert api.get(v1(program, "sessions/")).status_code == 401


def test_a_token_of_a_deactivated_user_is_401(program, organizer):
    client = client_with(token_for(organizer, program.event))
    organizer.is_active = False
    organizer.save()

    assert client.get(v1(program, "proposals/")).status_code == 401


@pytest.mark.parametrize("path", [*COMMITTEE_PATHS, "proposals/{id}/", "proposals/{id}/decision/"])
def test_a_token_of_another_event_is_404(program, path):
    other = build_program()
    organizer = member(program.event)
    Membership.objects.create(event=other.event, user=organizer, role=CommitteeRole.ORGANIZER)
    client = client_with(token_for(organizer, other.event))  # organizes both, scoped to one

    response = client.get(v1(program, path.format(id=program.sessions[0].pk)))

    assert response.status_code == 404


def test_a_user_no_longer_organizer_is_404(program, organizer):
    client = client_with(token_for(organizer, program.event))
    Membership.objects.filter(user=organizer).update(role=CommitteeRole.REVIEWER)

    response = client.get(v1(program, "proposals/"))

    assert response.status_code == 404


def test_the_token_records_its_last_use(program, organizer):
    token, secret = create_token(user=organizer, name="CI", events=[program.event])
    before = timezone.now()

    client_with(secret).get(v1(program, "proposals/"))

    token.refresh_from_db()
    assert token.last_used_at >= before


def test_the_database_holds_only_the_digest(program, organizer):
    token, secret = create_token(user=organizer, name="CI", events=[program.event])

    stored = ApiToken.objects.filter(pk=token.pk).values().get()

    assert secret not in str(stored)
    assert stored["prefix"] == secret[:12]
    assert len(stored["digest"]) == 64


def test_a_token_cannot_be_scoped_to_an_event_the_user_only_reviews(program):
    reviewer = member(program.event, CommitteeRole.REVIEWER)

    with pytest.raises(ValueError, match="organizes or chairs"):
        create_token(user=reviewer, name="CI", events=[program.event])


def test_a_private_event_is_readable_with_a_token_of_its_organizer(program, organizer):
    program.event.is_public = False
    program.event.save()
    client = client_with(token_for(organizer, program.event))

    assert client.get(v1(program, "sessions/")).status_code == 200
    assert client_with().get(v1(program, "sessions/")).status_code == 404
