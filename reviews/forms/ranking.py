"""Filters and sort order of the chairs' ranking; every field is optional."""

from django import forms

from conf_portal.forms import TextRulesMixin
from submissions.enums import SubmissionState

from .assignments import scope_tracks

UNDECIDED = "undecided"
STATE_CHOICES = [
    ("", "Any state"),
    (UNDECIDED, "Undecided"),
    (SubmissionState.ACCEPTED, "Accepted"),
    (SubmissionState.WAITLISTED, "Waitlisted"),
    (SubmissionState.REJECTED, "Rejected"),
    (SubmissionState.CONFIRMED, "Confirmed by the speakers"),
    (SubmissionState.DECLINED, "Declined by the speakers"),
]
SORT_COLUMNS = {
    "title": "Title",
    "mean": "Mean",
    "median": "Median",
    "spread": "Spread",
    "normalized": "Normalized",
    "weighted": "Confidence-weighted",
    "reviews": "Reviews",
    "state": "State",
}
DEFAULT_SORT = "-normalized"


class RankingFilterForm(TextRulesMixin, forms.Form):
    track = forms.ModelChoiceField(queryset=None, required=False, empty_label="All my tracks")
    state = forms.ChoiceField(choices=STATE_CHOICES, required=False)
    disagreement = forms.BooleanField(label="Disagreement only", required=False)
    missing = forms.BooleanField(label="Missing reviews only", required=False)
    sort = forms.ChoiceField(
        choices=[
            (key, label) for name, label in SORT_COLUMNS.items() for key in (name, f"-{name}")
        ],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, event, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = scope_tracks(event, scope)

    def filters(self) -> dict:
        """The valid filters; an invalid value (a hand-edited URL) is ignored, not an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "track": data.get("track"),
            "state": data.get("state", ""),
            "disagreement": data.get("disagreement", False),
            "missing": data.get("missing", False),
            "sort": data.get("sort") or DEFAULT_SORT,
        }
