from django import forms
from django.core.exceptions import ValidationError

from conf_portal.forms import TextRulesMixin
from mails.enums import EmailStatus
from submissions.models import Submission

from ..enums import Decision
from ..services.decisions import decide, short_of_reviews, undecidable
from ..services.notifications import (
    PLACEHOLDERS,
    save_notification_template,
    validate_placeholders,
)

PLACEHOLDER_HELP = "Placeholders: " + ", ".join(f"{{{name}}}" for name in PLACEHOLDERS) + "."


class DecideForm(TextRulesMixin, forms.Form):
    """The bulk decision the decisions and ranking pages post."""

    submissions = forms.ModelMultipleChoiceField(
        queryset=None, error_messages={"required": "Select at least one proposal."}
    )
    decision = forms.ChoiceField(choices=Decision.choices)
    next = forms.CharField(required=False)
    # Set by the confirmation page: decide even proposals that lack reviews.
    confirmed = forms.BooleanField(required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submissions"].queryset = Submission.objects.filter(event=event).select_related(
            "event"
        )
        self.fields["submissions"].error_messages["invalid_choice"] = (
            "One of the selected proposals does not exist (any more)."
        )

    def needs_confirmation(self, *, by, wanted: int) -> list:
        """The selected proposals short of reviews, which the chair confirms deciding; none
        once confirmed, or when the decision cannot be made anyway (``save`` then says why)."""
        data = self.cleaned_data
        if data["confirmed"] or undecidable(
            submissions=data["submissions"], decision=data["decision"], by=by
        ):
            return []
        return short_of_reviews(data["submissions"], wanted=wanted)

    def save(self, *, by) -> int:
        try:
            return decide(
                submissions=self.cleaned_data["submissions"],
                decision=self.cleaned_data["decision"],
                by=by,
            )
        except ValidationError as error:
            self.add_error("submissions", error)
            return 0


class NotificationTemplateForm(TextRulesMixin, forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 18}), help_text=PLACEHOLDER_HELP)

    def __init__(self, *args, event, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.event, self.decision = event, decision

    def clean_subject(self):
        validate_placeholders(self.cleaned_data["subject"])
        return self.cleaned_data["subject"]

    def clean_body(self):
        validate_placeholders(self.cleaned_data["body"])
        return self.cleaned_data["body"]

    def save(self):
        return save_notification_template(
            event=self.event,
            decision=self.decision,
            subject=self.cleaned_data["subject"],
            body=self.cleaned_data["body"],
        )


class OutboxFilterForm(TextRulesMixin, forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *EmailStatus.choices])
    reminders = forms.BooleanField(label="Deadline reminders only", required=False)
