"""The reminder rules of an event: which deadline kinds are reminded, their default offsets and
texts, the placeholders a text may use, and offsets as organizers write them ("7d, 1d, 3h")."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from reviews.services.notifications import validate_placeholders as validate_template_placeholders
from tracks.enums import DeadlineKind

from ..models import ReminderRule

DAY, HOUR = 24 * 60, 60
MAX_OFFSET = 365 * DAY
MAX_OFFSETS = 10

# In the order the reminders page lists them.
REMINDED_KINDS = (
    DeadlineKind.CFP_CLOSES,
    DeadlineKind.CONFIRMATION_DUE,
    DeadlineKind.CAMERA_READY,
    DeadlineKind.MATERIALS_DUE,
    DeadlineKind.RESPONSE_DUE,
    DeadlineKind.REVIEWS_DUE,
)
DEFAULT_OFFSETS = {
    DeadlineKind.CFP_CLOSES: [7 * DAY, DAY, 3 * HOUR],
    DeadlineKind.CONFIRMATION_DUE: [3 * DAY, DAY],
    DeadlineKind.CAMERA_READY: [7 * DAY, DAY],
    DeadlineKind.MATERIALS_DUE: [7 * DAY, DAY],
    DeadlineKind.RESPONSE_DUE: [2 * DAY, 6 * HOUR],
    DeadlineKind.REVIEWS_DUE: [3 * DAY],
}
WHO = {
    DeadlineKind.CFP_CLOSES: "Speakers of drafts not yet submitted (their own deadline, "
    "extensions and access codes included)",
    DeadlineKind.CONFIRMATION_DUE: "Speakers told of their acceptance who have not confirmed",
    DeadlineKind.CAMERA_READY: "Speakers of accepted sessions missing a required camera-ready "
    "deliverable",
    DeadlineKind.MATERIALS_DUE: "Speakers of accepted sessions missing a required deliverable "
    "due with the final materials",
    DeadlineKind.RESPONSE_DUE: "Authors who have not responded to their reviews, while the "
    "response round is open",
    DeadlineKind.REVIEWS_DUE: "Reviewers with unfinished reviews (never a conflicted pair; a "
    "chair's reminder since counts, at most one a day), and reviewers who have not bid yet "
    "(an email asking them to bid)",
}
_ACTIONS = {
    DeadlineKind.CFP_CLOSES: ("submit", "Please submit your draft before the deadline"),
    DeadlineKind.CONFIRMATION_DUE: ("confirm", "Please confirm that you will present"),
    DeadlineKind.CAMERA_READY: ("upload", "Please upload your camera-ready version"),
    DeadlineKind.MATERIALS_DUE: ("upload", "Please hand in your final materials"),
    DeadlineKind.RESPONSE_DUE: ("respond", "Please respond to the reviews of your proposal"),
    DeadlineKind.REVIEWS_DUE: ("review", "Please finish your reviews"),
}
PLACEHOLDERS = {
    "name": "the recipient's name",
    "event": "the event's name",
    "items": "what is due: the proposal titles (one per line)",
    "deadline": "the deadline, in its own zone (or AoE)",
    "time_left": "the time left when the email is sent, e.g. “1 day 3 hours”",
    "link": "the address of the page where the recipient acts",
}


def default_subject(kind: str) -> str:
    return f"Reminder: {DeadlineKind(kind).label.lower()} in {{time_left}} ({{event}})"


def default_body(kind: str) -> str:
    lead = _ACTIONS[kind][1]
    return (
        "Dear {name},\n\n"
        f"{lead} for {{event}}: it is due {{deadline}} ({{time_left}} from now).\n\n"
        "{items}\n\n"
        "{link}\n"
    )


# A reviewer who has neither bid nor been assigned anything gets this instead of the reviews
# rule's own text (which asks to finish reviews), at the same offsets.
BID_ITEM = "bid"
BID_SUBJECT = "Reminder: please bid on the proposals of {event} (reviews due in {time_left})"
BID_BODY = (
    "Dear {name},\n\n"
    "Please bid on the proposals you would like to review for {event}: reviews are due "
    "{deadline} ({time_left} from now), and proposals are assigned from the bids.\n\n"
    "{items}\n\n"
    "{link}\n"
)


def bid_rule(rule: ReminderRule) -> ReminderRule:
    """``rule`` (the reviews-due one) worded for bids, unsaved."""
    return ReminderRule(
        pk=rule.pk, event_id=rule.event_id, kind=rule.kind, offsets=rule.offsets,
        enabled=rule.enabled, subject=BID_SUBJECT, body=BID_BODY,
    )  # fmt: skip


def offsets_problem(offsets) -> str | None:
    """Why stored ``offsets`` are unusable (they must be a list of at most MAX_OFFSETS whole
    minutes from 1 to MAX_OFFSET), or None."""
    if not isinstance(offsets, list):
        return "Offsets must be a list of whole minutes before the deadline, e.g. [1440, 180]."
    if len(offsets) > MAX_OFFSETS:
        return f"At most {MAX_OFFSETS} offsets per deadline kind."
    for value in offsets:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_OFFSET:
            return (
                f"{value!r} is not an offset: each is a whole number of minutes from 1 to "
                f"{MAX_OFFSET} (365 days)."
            )
    return None


def valid_offsets(offsets) -> list[int]:
    """The usable offsets of a stored rule (whatever was saved to it, e.g. through the admin)."""
    if not isinstance(offsets, list):
        return []
    return [value for value in offsets[:MAX_OFFSETS]
            if isinstance(value, int) and not isinstance(value, bool)
            and 1 <= value <= MAX_OFFSET]  # fmt: skip


def default_rule(event, kind: str) -> ReminderRule:
    return ReminderRule(
        event=event,
        kind=kind,
        offsets=list(DEFAULT_OFFSETS[kind]),
        enabled=True,
        subject=default_subject(kind),
        body=default_body(kind),
    )


def event_rules(event) -> dict[str, ReminderRule]:
    """Every reminded kind's rule, the defaults saved on first use (1 query, 3 the first time)."""
    rules = {rule.kind: rule for rule in ReminderRule.objects.filter(event=event)}
    missing = [kind for kind in REMINDED_KINDS if kind not in rules]
    if missing:
        with transaction.atomic():
            ReminderRule.objects.bulk_create(
                [default_rule(event, kind) for kind in missing], ignore_conflicts=True
            )
        rules = {rule.kind: rule for rule in ReminderRule.objects.filter(event=event)}
    return {kind: rules[kind] for kind in REMINDED_KINDS}


def validate_placeholders(text: str) -> None:
    """Raise ValidationError naming every {placeholder} that is not one of PLACEHOLDERS."""
    validate_template_placeholders(text, PLACEHOLDERS)


_OFFSET = re.compile(r"^(\d{1,7})\s*(d|days?|h|hours?|m|min|mins|minutes?)?$", re.I)
_UNITS = {"d": DAY, "h": HOUR, "m": 1}


def parse_offsets(text: str) -> list[int]:
    """``"7 days, 1 day, 3 hours"`` (or ``7d 1d 3h``; a bare number is days) as minutes,
    largest first; ValidationError saying which part is wrong."""
    parts = [part.strip() for part in re.split(r"[,;\n]+", text or "") if part.strip()]
    if not parts:
        raise ValidationError("Give at least one offset, e.g. “7 days, 1 day, 3 hours”.")
    minutes = set()
    for part in parts:
        match = _OFFSET.match(part)
        if not match:
            raise ValidationError(
                f"“{part}” is not an offset: write a whole number of days, hours or minutes "
                "before the deadline, e.g. “7 days”, “3 hours” or “30 minutes”."
            )
        unit = (match.group(2) or "d")[0].lower()
        value = int(match.group(1)) * _UNITS[unit]
        if value < 1 or value > MAX_OFFSET:
            raise ValidationError(
                f"“{part}” is out of range: offsets run from 1 minute to 365 days."
            )
        minutes.add(value)
    if len(minutes) > MAX_OFFSETS:
        raise ValidationError(f"At most {MAX_OFFSETS} offsets per deadline kind.")
    return sorted(minutes, reverse=True)


def format_offset(minutes: int) -> str:
    for size, unit in ((DAY, "day"), (HOUR, "hour"), (1, "minute")):
        if minutes % size == 0:
            count = minutes // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{minutes} minutes"


def format_offsets(offsets) -> str:
    return ", ".join(
        format_offset(minutes) for minutes in sorted(valid_offsets(offsets), reverse=True)
    )


def action_verb(kind: str) -> str:
    return _ACTIONS[kind][0]


def save_reminder_rule(*, rule: ReminderRule, offsets: list[int], enabled: bool, subject: str,
                       body: str) -> ReminderRule:  # fmt: skip
    """Save an organizer's rule. A new offset fires for deadlines already within it on the
    dispatcher's next run (the tightest one that has come)."""
    validate_placeholders(subject)
    validate_placeholders(body)
    with transaction.atomic():
        rule.offsets, rule.enabled, rule.subject, rule.body = offsets, enabled, subject, body
        rule.save(update_fields=["offsets", "enabled", "subject", "body", "updated_at"])
    return rule
