import zoneinfo

from django.core.exceptions import ValidationError

from .enums import AOE, SubmissionField

RESERVED_EVENT_SLUGS = frozenset(
    {"admin", "accounts", "static", "media", "api", "events", "preview"}
)


def validate_event_slug(value: str) -> None:
    if value in RESERVED_EVENT_SLUGS:
        raise ValidationError(f"“{value}” is reserved for the site's own pages; choose another.")


def validate_time_zone(value: str) -> None:
    if value == AOE:
        return
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a known time zone (e.g. America/Chicago or AoE).")


def validate_submission_fields(value) -> None:
    if not isinstance(value, list):
        raise ValidationError("Choose the fields as a list.")
    unknown = sorted(set(value) - set(SubmissionField.values))
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(unknown)}.")
