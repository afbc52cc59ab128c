from django import forms

from conf_portal.forms import TextRulesMixin
from tracks.models import SessionType, Track


class StartSubmissionForm(TextRulesMixin, forms.Form):
    """First step: which track and session type, a working title, and an access code if the
    organizers gave one (needed only once the call has closed)."""

    track = forms.ModelChoiceField(queryset=Track.objects.none(), empty_label=None)
    session_type = forms.ModelChoiceField(queryset=SessionType.objects.none(), empty_label=None)
    title = forms.CharField(max_length=200)
    access_code = forms.CharField(
        max_length=40,
        required=False,
        help_text="Only if the organizers gave you one to submit after the call closed.",
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = event.tracks.all()
        self.fields["session_type"].queryset = event.session_types.all()
