import re

from django.core.exceptions import ValidationError
from stdnum.iso7064 import mod_11_2

_ORCID_SHAPE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
_ORCID_URL_PREFIXES = ("https://orcid.org/", "http://orcid.org/", "orcid.org/")


def normalize_orcid(value: str) -> str:
    """Accept a bare iD or its orcid.org URL, dashes or not; return ``0000-0000-0000-000X``."""
    value = (value or "").strip()
    for prefix in _ORCID_URL_PREFIXES:
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
            break
    digits = value.replace("-", "").replace(" ", "").upper()
    if len(digits) == 16:
        return "-".join(digits[i : i + 4] for i in range(0, 16, 4))
    return value


def validate_orcid(value: str) -> None:
    """An ORCID iD is 16 characters whose last is an ISO 7064 MOD 11-2 check digit."""
    orcid = normalize_orcid(value)
    if not _ORCID_SHAPE.match(orcid):
        raise ValidationError(
            "Enter an ORCID iD like 0000-0002-1825-0097 (16 characters, the last may be X).",
            code="orcid_format",
        )
    if not mod_11_2.is_valid(orcid.replace("-", "")):
        raise ValidationError(
            "This ORCID iD has a typo: its check digit does not match. Copy it from orcid.org.",
            code="orcid_checksum",
        )
