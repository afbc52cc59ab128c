"""The camera-ready check as the speakers see it, in the deliverables card of the proposal page."""

from django import template

from ..enums import SignOff
from ..models import PaperCheck

register = template.Library()


@register.simple_tag
def camera_ready_check(submission, items) -> dict | None:
    """What the checks found on the camera-ready the speakers uploaded last, and the proceedings
    chair's sign-off; None when nothing was checked (or the check was of an earlier file)."""
    names = {
        item.deliverable.file.name for item in items if item.deliverable and item.deliverable.file
    }
    if not names:
        return None
    check = PaperCheck.objects.filter(submission=submission, file_name__in=names).first()
    if check is None or check.checked_at is None:
        return None
    return {
        "check": check,
        "approved": check.sign_off == SignOff.APPROVED,
        "changes": check.sign_off == SignOff.CHANGES_REQUESTED,
    }
