import pytest
from django.core.exceptions import ValidationError

from accounts.validators import normalize_orcid, validate_orcid

VALID_ORCIDS = ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"]


@pytest.mark.parametrize("orcid", VALID_ORCIDS)
def test_validate_orcid_accepts_valid_id(orcid):
    validate_orcid(orcid)

    assert normalize_orcid(orcid) == orcid


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("http://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700"),
        ("orcid.org/0000-0002-1694-233X", "0000-0002-1694-233X"),
        ("HTTPS://ORCID.ORG/0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("0000000218250097", "0000-0002-1825-0097"),
        ("0000 0002 1825 0097", "0000-0002-1825-0097"),
        ("0000-0002-1694-233x", "0000-0002-1694-233X"),
        ("  0000-0002-1825-0097  ", "0000-0002-1825-0097"),
    ],
)
def test_normalize_orcid_variant_gives_canonical_form(raw, expected):
    normalized = normalize_orcid(raw)

    assert normalized == expected


@pytest.mark.parametrize(
    "orcid",
    ["https://orcid.org/0000-0002-1825-0097", "000000021694233x", "0000-0002-1694-233x"],
)
def test_validate_orcid_accepts_url_and_compact_forms(orcid):
    validate_orcid(orcid)

    assert normalize_orcid(orcid) in VALID_ORCIDS


@pytest.mark.parametrize(
    "orcid", ["0000-0002-1825-0098", "0000-0001-5109-3701", "0000-0002-1694-2330"]
)
def test_validate_orcid_wrong_check_digit_is_checksum_error(orcid):
    with pytest.raises(ValidationError) as excinfo:
        validate_orcid(orcid)

    assert excinfo.value.code == "orcid_checksum"


@pytest.mark.parametrize(
    "orcid",
    [
        "0000-0002-1825-009",
        "0000-0002-1825-00977",
        "0000-0002-1825-009Y",
        "000X-0002-1825-0097",
        "orcid",
        "https://example.org/0000-0002-1825-0097",
    ],
)
def test_validate_orcid_wrong_shape_is_format_error(orcid):
    with pytest.raises(ValidationError) as excinfo:
        validate_orcid(orcid)

    assert excinfo.value.code == "orcid_format"


def test_normalize_orcid_empty_gives_empty_string():
    assert normalize_orcid("") == ""
    assert normalize_orcid(None) == ""
