"""The choices an organizer makes before downloading: columns, schedule, tutorial types, rate."""

import re
from decimal import Decimal

from django import forms

from conf_portal.forms import TextRulesMixin
from tracks.models import SessionType

from ..selectors import latest_version
from .stipend import DEFAULT_CURRENCY, DEFAULT_RATE, is_tutorial_type
from .tables import COLUMNS, DRAFT, PUBLISHED


def _schedule_choices(event) -> tuple[list, str]:
    version = latest_version(event)
    if version is None:
        return [(DRAFT, "The draft (nothing is published yet)")], DRAFT
    published = f"The published version {version.name}"
    return [(PUBLISHED, published), (DRAFT, "The draft, with its unpublished changes")], PUBLISHED


class ScheduleChoiceMixin:
    def set_schedule_choices(self, event) -> None:
        choices, initial = _schedule_choices(event)
        self.fields["times"].choices = choices
        self.fields["times"].initial = initial


class SessionsExportForm(TextRulesMixin, ScheduleChoiceMixin, forms.Form):
    columns = forms.MultipleChoiceField(
        label="Columns",
        choices=[(column.key, column.label) for column in COLUMNS],
        initial=[column.key for column in COLUMNS if column.default],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one column."},
    )
    times = forms.ChoiceField(label="Times from", widget=forms.RadioSelect)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_schedule_choices(event)


class StipendExportForm(TextRulesMixin, ScheduleChoiceMixin, forms.Form):
    session_types = forms.ModelMultipleChoiceField(
        label="Session types that are tutorials",
        queryset=SessionType.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the session types that are tutorials."},
    )
    rate = forms.DecimalField(
        label="Stipend per half-day session",
        initial=DEFAULT_RATE,
        min_value=Decimal(0),
        max_value=Decimal(1_000_000),
        decimal_places=2,
        help_text="Per tutorial (one instructor or a team) and half-day session.",
    )
    half_day_hours = forms.DecimalField(
        label="Hours in a half-day session",
        initial=Decimal(4),
        min_value=Decimal("0.5"),
        max_value=Decimal(24),
        decimal_places=2,
        help_text="A tutorial counts one half-day session per started block of this length "
        "of teaching time (its slot less 12:00–13:00 for lunch).",
    )
    currency = forms.CharField(
        label="Currency", initial=DEFAULT_CURRENCY, max_length=3, help_text="e.g. USD or EUR."
    )
    times = forms.ChoiceField(label="Times from", widget=forms.RadioSelect)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        types = list(event.session_types.all())
        field = self.fields["session_types"]
        field.queryset = event.session_types.all()
        field.initial = [t.pk for t in types if is_tutorial_type(t)]
        self.set_schedule_choices(event)

    def clean_currency(self) -> str:
        currency = self.cleaned_data["currency"].strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise forms.ValidationError("Enter a three-letter currency code, e.g. USD.")
        return currency
