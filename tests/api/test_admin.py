"""Staff see tokens in the admin (never their secrets), cannot create them there, and revoke."""

import pytest
from django.contrib.auth import get_user_model

from api.models import ApiToken
from tests.api.conftest import member, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(get_user_model().objects.create_superuser("admin@example.org", "pw"))
    return client


def test_staff_list_and_revoke_tokens_but_never_add_one(staff_client, program):
    secret = token_for(member(program.event), program.event, name="Nightly export")
    token = ApiToken.objects.get()

    listing = staff_client.get("/admin/api/apitoken/")
    detail = staff_client.get(f"/admin/api/apitoken/{token.pk}/change/")
    add = staff_client.get("/admin/api/apitoken/add/")
    staff_client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    assert "Nightly export" in listing.content.decode()
    assert detail.status_code == 200
    assert secret not in detail.content.decode()
    assert add.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is not None
