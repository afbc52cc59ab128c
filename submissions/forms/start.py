from django import forms

from tracks.models import SessionType, Track


class StartSubmissionForm(forms.Form):
    """First step: which track and session type, and a working title."""

    track = forms.ModelChoiceField(queryset=Track.objects.none(), empty_label=None)
    session_type = forms.ModelChoiceField(queryset=SessionType.objects.none(), empty_label=None)
    title = forms.CharField(max_length=200)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = event.tracks.all()
        self.fields["session_type"].queryset = event.session_types.all()
