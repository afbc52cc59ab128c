import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from tests.factories.users import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_create_user_lowercases_and_normalises_email():
    user = User.objects.create_user(email="  Ada.Lovelace@Example.ORG", password=PASSWORD)

    user.refresh_from_db()
    assert user.email == "ada.lovelace@example.org"
    assert user.check_password(PASSWORD)
    assert (user.is_staff, user.is_superuser, user.is_active) == (False, False, True)


@pytest.mark.parametrize("email", ["", None])
def test_create_user_without_email_raises(email):
    with pytest.raises(ValueError, match="email address is required"):
        User.objects.create_user(email=email, password=PASSWORD)

    assert User.objects.count() == 0


def test_create_superuser_sets_staff_and_superuser_flags():
    user = User.objects.create_superuser(
        email="Root@Example.org", password=PASSWORD, is_staff=False
    )

    user.refresh_from_db()
    assert (user.email, user.is_staff, user.is_superuser) == ("root@example.org", True, True)


def test_user_str_is_name_when_set():
    user = UserFactory.build(name="Grace Hopper", email="grace@example.org")

    assert str(user) == "Grace Hopper"
    assert user.get_full_name() == "Grace Hopper"
    assert user.get_short_name() == "Grace"


def test_user_str_falls_back_to_email_without_name():
    user = UserFactory.build(name="", email="anon@example.org")

    assert str(user) == "anon@example.org"
    assert user.get_full_name() == "anon@example.org"
    assert user.get_short_name() == "anon@example.org"


@pytest.mark.parametrize(
    ("affiliation", "country", "expected"),
    [
        ("University of Illinois", "USA", "University of Illinois, USA"),
        ("University of Illinois", "", "University of Illinois"),
        ("", "USA", "USA"),
        ("", "", ""),
    ],
)
def test_user_affiliation_line_joins_present_parts(affiliation, country, expected):
    user = UserFactory.build(affiliation=affiliation, country=country)

    assert user.affiliation_line == expected


def test_user_orcid_url_links_to_orcid_org():
    user = UserFactory.build(orcid="0000-0002-1825-0097")

    assert user.orcid_url == "https://orcid.org/0000-0002-1825-0097"
    assert UserFactory.build(orcid="").orcid_url == ""


def test_user_full_clean_rejects_bad_orcid_checksum():
    user = UserFactory(orcid="0000-0002-1825-0098")

    with pytest.raises(ValidationError) as excinfo:
        user.full_clean()

    assert [e.code for e in excinfo.value.error_dict["orcid"]] == ["orcid_checksum"]


def test_user_full_clean_normalises_compact_orcid_and_email():
    user = UserFactory(orcid="000000021694233x", email="Someone@Example.ORG")

    user.full_clean()

    assert (user.orcid, user.email) == ("0000-0002-1694-233X", "someone@example.org")
