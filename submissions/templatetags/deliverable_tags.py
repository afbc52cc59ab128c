"""Deliverables on the proposal page, and the status badge every deliverables page shows."""

from django import template
from django.utils.html import format_html

from ..rules import can_deliver
from ..services.deliverables import DeliverableItem, DeliverableStatus, deliverable_items

register = template.Library()

# (label, Bootstrap colour) for each status; a missing item reads differently once it is overdue.
_BADGES = {
    DeliverableStatus.DELIVERED: ("Delivered", "success"),
    DeliverableStatus.LATE: ("Delivered late", "warning"),
    "overdue": ("Overdue", "danger"),
    "optional": ("Optional", "secondary"),
    DeliverableStatus.MISSING: ("Not yet delivered", "primary"),
}


def status_key(item: DeliverableItem) -> str:
    if item.status != DeliverableStatus.MISSING:
        return item.status
    if item.is_overdue:
        return "overdue"
    return DeliverableStatus.MISSING if item.requirement.required else "optional"


@register.simple_tag
def deliverable_status(item: DeliverableItem) -> str:
    label, colour = _BADGES[status_key(item)]
    return format_html(
        '<span class="badge deliverable-status bg-{0}-subtle text-{0}-emphasis border '
        'border-{0}-subtle" data-status="{1}">{2}</span>',
        colour,
        status_key(item),
        label,
    )


@register.simple_tag(takes_context=True)
def deliverables_panel(context) -> dict:
    """The card on the proposal page: for an accepted or confirmed proposal whose type asks for
    deliverables, shown to its speakers and the event's organizers."""
    submission, user = context["submission"], context["request"].user
    if not submission.delivers or not can_deliver(user, submission):
        return {"items": []}
    items = deliverable_items(submission)
    return {
        "items": items,
        "still_open": any(item.is_outstanding and item.is_open for item in items),
    }
