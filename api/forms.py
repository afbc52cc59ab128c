from django import forms

from conf_portal.forms import TextRulesMixin

from .tokens import tokenable_events


class TokenForm(TextRulesMixin, forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What the token is for, e.g. “Schedule sync” or “Ranking sheet”."
    )
    events = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="The token reads these events only, with the rights you have there: "
        "organizers the whole event, track chairs their tracks.",
        error_messages={"required": "Choose at least one event."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].queryset = tokenable_events(user)
        self.fields["events"].label_from_instance = lambda event: event.name
