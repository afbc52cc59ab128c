from django import forms
from django.core.exceptions import ValidationError

from conf_portal.forms import TextRulesMixin
from tracks.models import SessionType, Track

from ..enums import BidPreference
from ..services.bids import place_bid

NO_BID = "none"
BID_FILTER_CHOICES = [("", "Any"), (NO_BID, "No bid yet"), *BidPreference.choices]


class BidFilterForm(TextRulesMixin, forms.Form):
    """Filters of the bidding list; every field is optional."""

    q = forms.CharField(
        label="Search",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Title or abstract", "type": "search"}),
    )
    track = forms.ModelChoiceField(
        queryset=Track.objects.none(), required=False, empty_label="All tracks"
    )
    session_type = forms.ModelChoiceField(
        label="Type", queryset=SessionType.objects.none(), required=False, empty_label="All types"
    )
    bid = forms.ChoiceField(label="My bid", choices=BID_FILTER_CHOICES, required=False)

    def __init__(self, *args, event, scope, **kwargs):
        super().__init__(*args, **kwargs)
        tracks = event.tracks.all()
        self.fields["track"].queryset = tracks if scope is None else tracks.filter(pk__in=scope)
        self.fields["session_type"].queryset = event.session_types.all()

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"query": data["q"].strip(), "track": data["track"],
                "session_type": data["session_type"], "bid": data["bid"]}  # fmt: skip


class BidForm(TextRulesMixin, forms.Form):
    """One bid; an empty preference clears it."""

    preference = forms.ChoiceField(choices=[("", "No bid"), *BidPreference.choices], required=False)

    def __init__(self, *args, submission, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.submission = submission
        self.user = user

    def clean(self):
        data = super().clean()
        if self.data.get("clear"):
            data["preference"] = ""
        return data

    def save(self) -> bool:
        """Place the bid; False (with the reason as a form error) if it was refused."""
        try:
            place_bid(
                submission=self.submission,
                user=self.user,
                preference=self.cleaned_data["preference"] or None,
            )
        except ValidationError as error:
            self.add_error(None, error)
            return False
        return True
