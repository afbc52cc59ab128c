"""The proposal page's extension panel: until when its speakers may edit, reopening, codes."""

from django import template
from django.utils import timezone

from tracks.rules import is_organizer
from tracks.timezones import zone_label as label_of_zone

from ..enums import EDITABLE_STATES
from ..forms.extensions import AccessCodeForm, ReopenForm
from ..models import Extension, Submission
from ..rules import is_speaker
from ..services.cfp import cfp_close, cfp_deadline

register = template.Library()


def extension_reason(extension: Extension, user) -> str:
    if extension.submission_id:
        return "The organizers reopened this proposal."
    if extension.user_id:
        if extension.user_id == user.pk:
            return "This is your personal extension."
        return f"This is the personal extension of {extension.user.public_name}."
    return f"The access code {extension.code} allows it."


@register.simple_tag(takes_context=True)
def extension_panel(context) -> dict:
    """What ``submissions/_detail_extension.html`` shows to the user viewing ``submission``.

    Forms with errors come from the context (``reopen_form``, ``code_form``) when a POST failed.
    """
    submission: Submission = context["submission"]
    user = context["request"].user
    now = timezone.now()
    closing = cfp_close(submission, now)
    editable = submission.speaker_state in EDITABLE_STATES  # no hint of an untold decision
    is_open = closing is None or now < closing.due
    closed_for_speakers = editable and not is_open
    panel = {
        "organizer": is_organizer(user, submission.event),
        "speaker": is_speaker(user, submission),
        "now": now,
    }
    if editable and is_open and isinstance(closing, Extension):
        panel.update(extension=closing, reason=extension_reason(closing, user))
    if closed_for_speakers:
        panel["deadline"] = cfp_deadline(submission)
    if closed_for_speakers and panel["organizer"]:
        panel["reopen_form"] = context.get("reopen_form") or ReopenForm(event=submission.event)
    if closed_for_speakers and panel["speaker"]:
        panel["code_form"] = context.get("code_form") or AccessCodeForm()
    return panel


@register.filter
def zone_label(zone_name: str) -> str:
    """“AoE (UTC-12)” or the zone's name, for the title of an abbreviation."""
    return label_of_zone(zone_name)
