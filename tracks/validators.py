import zoneinfo

from django.core.exceptions import ValidationError

from .enums import AOE, SubmissionField

RESERVED_EVENT_SLUGS = frozenset(
    {"admin", "accounts", "static", "media", "api", "events", "preview", "my", "invitations"}
)


def validate_event_slug(value: str) -> None:
    if value in RESERVED_EVENT_SLUGS:
        raise ValidationError(f"“{value}” is reserved for the site's own pages; choose another.")


def validate_time_zone(value: str) -> None:
    if value == AOE:
        return
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a known time zone (e.g. America/Chicago or AoE).")


def validate_same_event(event, field: str, objects) -> None:
    """Tracks and session types attached to something of an event must belong to that event."""
    if event is None:
        return
    if any(obj.event_id != event.pk for obj in objects if obj is not None):
        label = field.replace("_", " ")
        raise ValidationError(
            {field: f"Choose a {label} of {event}; this one belongs to another event."}
        )


def validate_submission_fields(value) -> None:
    if not isinstance(value, list):
        raise ValidationError("Choose the fields as a list.")
    unknown = sorted(set(value) - set(SubmissionField.values))
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(unknown)}.")
