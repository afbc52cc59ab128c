"""Extensions of the call for proposals: organizers grant and reopen, authors enter access codes."""

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from conf_portal.forms import TextRulesMixin
from tracks.enums import DeadlineKind
from tracks.forms import DeadlineForm
from tracks.models import Event, SessionType, Track
from tracks.selectors import applicable_deadline
from tracks.timezones import at_in_zone, time_zone_choices, zone

from ..models import Extension, Submission
from ..services.cfp import (
    grant_extension,
    reopen_submission,
    suggest_access_code,
    validate_access_code_is_new,
)

CHECK = {"class": "form-check-input"}  # radio and checkbox lists are laid out in the template


class ExtensionKind(models.TextChoices):
    PERSON = "person", "A person"
    PROPOSAL = "proposal", "A proposal"
    CODE = "code", "Anyone with an access code"


def call_zone(event: Event) -> str:
    """The zone the event's call closes in (e.g. AoE), so extensions are announced alike."""
    closes = applicable_deadline(event.deadlines.all(), DeadlineKind.CFP_CLOSES)
    return closes.time_zone if closes else ""


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's errors next to the fields they name, the others above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class DueInZoneForm(TextRulesMixin, forms.Form):
    """A due date and time in the event's zone, another zone or AoE, entered like the event's
    important dates (the same fields as a deadline) and stored in UTC as ``cleaned_data["due"]``."""

    due_date = DeadlineForm.base_fields["due_date"]
    due_time = DeadlineForm.base_fields["due_time"]
    time_zone = DeadlineForm.base_fields["time_zone"]

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["time_zone"].choices = [
            ("", f"The event's time zone ({event.zone_label})"),
            *time_zone_choices(),
        ]
        self.fields["time_zone"].initial = call_zone(event)
        self.fields["due_time"].help_text = "In the chosen time zone; 23:59 is the end of the day."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("due_date") and cleaned.get("due_time") is not None:
            zone_name = cleaned.get("time_zone") or self.event.time_zone
            due = at_in_zone(cleaned["due_date"], cleaned["due_time"], zone_name)
            if due <= timezone.now():
                now = timezone.now().astimezone(zone(zone_name))
                self.add_error(
                    "due_date",
                    f"This is in the past: it is now {now:%b} {now.day}, {now:%Y %H:%M} there.",
                )
            else:
                cleaned["due"] = due
        return cleaned


class ExtensionForm(DueInZoneForm):
    """Grant an extension to a person (by the email of their account), a proposal, or an access
    code, optionally limited to some tracks and session types."""

    kind = forms.ChoiceField(
        choices=ExtensionKind.choices,
        initial=ExtensionKind.CODE,
        widget=forms.RadioSelect(attrs=CHECK),
        label="Who may still submit",
    )
    email = forms.EmailField(
        required=False,
        label="Person's email",
        help_text="The address of their account. Covers their proposals and new ones.",
    )
    submission = forms.ModelChoiceField(
        queryset=Submission.objects.none(),
        required=False,
        label="Proposal",
        empty_label="Choose a proposal",
    )
    code = forms.CharField(
        max_length=40,
        required=False,
        label="Access code",
        validators=[RegexValidator(r"^[A-Za-z0-9_-]+$", "Use letters, digits, - and _ only.")],
        help_text="Give it to the people who may still submit; case does not matter.",
    )
    tracks = forms.ModelMultipleChoiceField(
        queryset=Track.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECK),
        help_text="None ticked: every track.",
    )
    session_types = forms.ModelMultipleChoiceField(
        queryset=SessionType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECK),
        label="Session types",
        help_text="None ticked: every type.",
    )
    note = forms.CharField(
        max_length=200, required=False, help_text="Why, for the other organizers."
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        self.fields["submission"].queryset = event.submissions.order_by("title")
        self.fields["submission"].label_from_instance = self._proposal_label
        self.fields["tracks"].queryset = event.tracks.all()
        self.fields["session_types"].queryset = event.session_types.all()
        self.fields["code"].initial = suggest_access_code()
        self.order_fields(["kind", "email", "submission", "code", "due_date", "due_time"])

    @staticmethod
    def _proposal_label(submission) -> str:
        return f"#{submission.pk} {submission.title} ({submission.get_state_display().lower()})"

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == ExtensionKind.PERSON:
            cleaned["user"] = self._account(cleaned.get("email"))
        elif kind == ExtensionKind.PROPOSAL:
            self._check_proposal(cleaned)
        elif kind == ExtensionKind.CODE:
            self._check_code(cleaned.get("code", ""))
        return cleaned

    def _account(self, email: str | None):
        if not email:
            if "email" not in self.errors:
                self.add_error("email", "Enter the email address of the person's account.")
            return None
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            self.add_error(
                "email",
                "No account uses this address. Ask the person to sign up first, "
                "or give them an access code instead.",
            )
        return user

    def _check_proposal(self, cleaned: dict) -> None:
        if cleaned.get("submission") is None and "submission" not in self.errors:
            self.add_error("submission", "Choose the proposal to extend.")
        if cleaned.get("tracks") or cleaned.get("session_types"):
            self.add_error(
                "tracks",
                "An extension for a proposal covers that proposal only: leave tracks and "
                "session types unticked.",
            )

    def _check_code(self, code: str) -> None:
        if not code:
            if "code" not in self.errors:
                self.add_error("code", "Enter the access code, or keep the suggested one.")
            return
        try:
            validate_access_code_is_new(self.event, code)
        except ValidationError as error:
            add_service_errors(self, error)

    def save(self, *, by) -> Extension:
        cleaned, kind = self.cleaned_data, self.cleaned_data["kind"]
        return grant_extension(
            event=self.event,
            due=cleaned["due"],
            by=by,
            user=cleaned.get("user") if kind == ExtensionKind.PERSON else None,
            submission=cleaned.get("submission") if kind == ExtensionKind.PROPOSAL else None,
            code=cleaned.get("code", "") if kind == ExtensionKind.CODE else "",
            tracks=cleaned["tracks"] if kind != ExtensionKind.PROPOSAL else (),
            session_types=cleaned["session_types"] if kind != ExtensionKind.PROPOSAL else (),
            time_zone=cleaned.get("time_zone", ""),
            note=cleaned.get("note", ""),
        )


class ReopenForm(DueInZoneForm):
    """An organizer reopens one proposal after its call closed: a per-proposal extension."""

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        self.fields["due_date"].label = "Reopen until"
        self.fields["due_time"].label = "Time"
        self.fields["due_time"].help_text = "23:59 is the end of the day."
        self.fields["time_zone"].help_text = ""
        local_now = timezone.now().astimezone(zone(call_zone(event) or event.time_zone))
        self.fields["due_date"].initial = (local_now + timedelta(days=7)).date()

    def save(self, *, submission, by) -> Extension:
        return reopen_submission(
            submission=submission,
            due=self.cleaned_data["due"],
            time_zone=self.cleaned_data.get("time_zone", ""),
            by=by,
        )


class AccessCodeForm(TextRulesMixin, forms.Form):
    """An author enters the access code the organizers gave them."""

    access_code = forms.CharField(
        max_length=40,
        label="Access code",
        help_text="If the organizers gave you one, it lets you edit and submit until it ends.",
    )
