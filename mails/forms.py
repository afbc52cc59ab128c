from django import forms
from django.core.exceptions import ValidationError

from conf_portal.forms import TextRulesMixin

from .reminders.rules import (
    PLACEHOLDERS,
    format_offsets,
    parse_offsets,
    save_reminder_rule,
    validate_placeholders,
)

PLACEHOLDER_HELP = "Placeholders: " + ", ".join(
    f"{{{name}}} {meaning}" for name, meaning in PLACEHOLDERS.items()
)


class ReminderRuleForm(TextRulesMixin, forms.Form):
    """One deadline kind's reminders: when, on or off, and what the email says."""

    enabled = forms.BooleanField(label="Send these reminders", required=False)
    offsets = forms.CharField(
        label="When, before the deadline",
        max_length=200,
        help_text="One reminder at each, e.g. “7 days, 1 day, 3 hours” (days, hours or minutes, "
        "up to 365 days). Someone due when a later one has already come gets only that one.",
    )
    subject = forms.CharField(max_length=200, help_text="The same placeholders as the email.")
    body = forms.CharField(
        label="Email", widget=forms.Textarea(attrs={"rows": 10}), help_text=PLACEHOLDER_HELP
    )

    def __init__(self, *args, rule, **kwargs):
        self.rule = rule
        kwargs["initial"] = {
            "enabled": rule.enabled,
            "offsets": format_offsets(rule.offsets),
            "subject": rule.subject,
            "body": rule.body,
            **(kwargs.get("initial") or {}),
        }
        super().__init__(*args, **kwargs)

    def clean_offsets(self) -> list[int]:
        return parse_offsets(self.cleaned_data["offsets"])

    def _placeholders(self, name):
        value = self.cleaned_data[name]
        validate_placeholders(value)
        return value

    def clean_subject(self):
        return self._placeholders("subject")

    def clean_body(self):
        body = self._placeholders("body")
        if not body.strip():
            raise ValidationError("Write the email.")
        return body

    def candidate(self):
        """The rule as the form would save it, unsaved (for the preview)."""
        rule = self.rule
        data = self.cleaned_data
        return type(rule)(
            pk=rule.pk, event=rule.event, kind=rule.kind, offsets=data["offsets"],
            enabled=data["enabled"], subject=data["subject"], body=data["body"],
        )  # fmt: skip

    def save(self):
        data = self.cleaned_data
        return save_reminder_rule(
            rule=self.rule, offsets=data["offsets"], enabled=data["enabled"],
            subject=data["subject"], body=data["body"],
        )  # fmt: skip
