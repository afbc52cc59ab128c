from datetime import time

from django import forms
from django.core.exceptions import ValidationError

from conf_portal.forms import TextRulesMixin

from .enums import SubmissionField
from .models import Deadline, Event, Membership, SessionType
from .services import save_deadline
from .timezones import at_in_zone, time_zone_choices
from .validators import validate_same_event


class TimeZoneField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=time_zone_choices, **kwargs)


class DeadlineForm(TextRulesMixin, forms.ModelForm):
    """Deadlines are entered as a local date and time in their announced zone, stored in UTC."""

    due_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    due_time = forms.TimeField(
        initial=time(23, 59),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="In the deadline's time zone; 23:59 is the end of the day.",
    )
    time_zone = forms.ChoiceField(
        choices=[("", "The event's time zone"), *time_zone_choices()],
        required=False,
        help_text="Calls for papers often use AoE (UTC−12), the last zone where a day ends.",
    )

    class Meta:
        model = Deadline
        fields = ["event", "kind", "label", "track", "session_type", "time_zone", "date_only"]
        help_texts = {"date_only": "Public pages show the date without the time."}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            local = self.instance.local_due
            self.initial.update(due_date=local.date(), due_time=local.time().replace(second=0))

    def clean(self):
        cleaned = super().clean()
        event = cleaned.get("event") if "event" in self.fields else self.instance.event
        for field in ("track", "session_type"):
            try:
                validate_same_event(event, field, [cleaned.get(field)])
            except ValidationError as error:
                self.add_error(None, error)
        if cleaned.get("due_date") and cleaned.get("due_time") is not None and event:
            zone_name = cleaned.get("time_zone") or event.time_zone
            cleaned["due"] = at_in_zone(cleaned["due_date"], cleaned["due_time"], zone_name)
        return cleaned

    def save(self, commit=True):
        deadline = super().save(commit=False)
        if not commit:
            if deadline.pk is None:
                deadline.due = self.cleaned_data["due"]
            return deadline
        return save_deadline(deadline=deadline, due=self.cleaned_data["due"], changed_by=self.user)


class EventDeadlineForm(DeadlineForm):
    """A deadline of the event named in the URL, as organizers edit it."""

    class Meta(DeadlineForm.Meta):
        fields = ["kind", "label", "track", "session_type", "time_zone", "date_only"]

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event
        self.fields["track"].queryset = event.tracks.all()
        self.fields["session_type"].queryset = event.session_types.all()
        self.fields["track"].empty_label = "All tracks"
        self.fields["session_type"].empty_label = "All session types"
        self.fields["time_zone"].choices = [
            ("", f"The event's time zone ({event.zone_label})"),
            *time_zone_choices(),
        ]
        self.order_fields(["kind", "label", "due_date", "due_time", "time_zone"])


class EventForm(TextRulesMixin, forms.ModelForm):
    time_zone = TimeZoneField(help_text="Times on the event's pages are shown in this zone.")

    class Meta:
        model = Event
        fields = [
            "name", "slug", "tagline", "start_date", "end_date", "venue", "time_zone",
            "description", "website", "contact_email", "is_public",
        ]  # fmt: skip
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 16, "data-markdown-preview": ""}),
        }


class EventSettingsForm(EventForm):
    """What organizers edit themselves; the URL slug stays as the site admin set it."""

    class Meta(EventForm.Meta):
        fields = [f for f in EventForm.Meta.fields if f != "slug"]


class MembershipForm(TextRulesMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["event", "user", "role", "tracks", "title", "is_public", "position"]

    def clean(self):
        cleaned = super().clean()
        try:
            validate_same_event(cleaned.get("event"), "tracks", cleaned.get("tracks") or [])
        except ValidationError as error:
            self.add_error(None, error)
        user = cleaned.get("user")
        if user and cleaned.get("is_public") and not user.name:
            self.add_error(
                "is_public", "Add a name to this person's profile before listing them publicly."
            )
        return cleaned


class SessionTypeForm(TextRulesMixin, forms.ModelForm):
    requested_fields = forms.MultipleChoiceField(
        choices=SubmissionField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="What a proposal of this type asks for besides title and abstract.",
    )

    class Meta:
        model = SessionType
        fields = [
            "event", "name", "slug", "description", "duration_minutes", "requested_fields",
            "abstract_word_limit", "description_word_limit", "min_pages", "max_pages",
            "page_limit_note", "page_limit_excludes_references", "position",
        ]  # fmt: skip
