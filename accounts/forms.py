from django import forms

from .models import User
from .validators import normalize_orcid


class ProfileForm(forms.ModelForm):
    orcid = forms.CharField(
        label="ORCID iD",
        max_length=64,
        required=False,
        help_text="For example 0000-0002-1825-0097, or its https://orcid.org/ link.",
    )

    class Meta:
        model = User
        fields = ["name", "affiliation", "country", "orcid", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 6, "data-markdown-preview": ""})}
        help_texts = {
            "bio": "Shown as your speaker bio unless you write one for an event.",
        }

    def clean_orcid(self):
        orcid = self.cleaned_data["orcid"]
        return normalize_orcid(orcid) if orcid else ""
